"""Walk paths and operations of two documents and emit `Change`s.

Paths are matched by normalized template (`/a/{id}` is `/a/{x}`), operations by method, path
parameters by position (a renamed one is a `path-parameter-renamed` change, not a removal plus an
addition), other parameters by location and name (headers case-insensitively), responses by
status and media types by name. Schemas are handed to `SchemaDiffer`, whose findings become
direction- and place-specific rule ids here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import join_pointer
from generator.diff.messages import describe, property_path
from generator.diff.model import Change
from generator.diff.rules import schema_rule, severity_of
from generator.diff.schema_diff import SchemaDiffer, render_value
from generator.diff.walk import Document, normalize_path, path_parameters

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PROPERTY_PLACE = {
    "body": "property",
    "parameter": "parameter-property",
    "header": "header-property",
}
_DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}


@dataclass(frozen=True)
class OpContext:
    """Where changes happen: one operation in both documents."""

    method: str
    path: str
    old_path: str
    old_operation_id: str | None
    new_operation_id: str | None

    def change(
        self,
        rule: str,
        message: str,
        old_pointer: str | None,
        new_pointer: str | None,
        **details: Any,
    ) -> Change:
        return Change(
            rule=rule,
            severity=severity_of(rule),
            message=message,
            method=self.method.upper(),
            path=self.path,
            old_path=self.old_path,
            old_operation_id=self.old_operation_id,
            new_operation_id=self.new_operation_id,
            old_pointer=old_pointer,
            new_pointer=new_pointer,
            details=details,
        )


class OperationDiffer:
    def __init__(self, old: Document, new: Document) -> None:
        self.old = old
        self.new = new
        self.schemas = SchemaDiffer(old, new)

    # -- paths ---------------------------------------------------------------------------------

    def run(self) -> Iterator[Change]:
        old_paths = _paths(self.old.data)
        new_paths = _paths(self.new.data)
        for key, (opath, oitem) in old_paths.items():
            if key not in new_paths:
                yield from self._whole_path(opath, oitem, removed=True)
                continue
            npath, nitem = new_paths[key]
            yield from self._path(opath, oitem, npath, nitem)
        for key, (npath, nitem) in new_paths.items():
            if key not in old_paths:
                yield from self._whole_path(npath, nitem, removed=False)

    def _whole_path(self, path: str, item: Any, removed: bool) -> Iterator[Change]:
        doc = self.old if removed else self.new
        item_ptr = join_pointer("/paths", path)
        item, item_ptr = doc.resolve(item, item_ptr)
        for method, op, op_ptr in _operations(item, item_ptr):
            opid = op.get("operationId")
            if removed:
                ctx = OpContext(method, path, path, opid, None)
                deprecated = bool(op.get("deprecated"))
                rule = "path-removed-after-deprecation" if deprecated else "path-removed"
                yield ctx.change(rule, f"path {path} removed ({method.upper()})", op_ptr, None)
            else:
                ctx = OpContext(method, path, path, None, opid)
                yield ctx.change(
                    "path-added", f"path {path} added ({method.upper()})", None, op_ptr
                )

    def _path(self, opath: str, oitem: Any, npath: str, nitem: Any) -> Iterator[Change]:
        oitem, optr = self.old.resolve(oitem, join_pointer("/paths", opath))
        nitem, nptr = self.new.resolve(nitem, join_pointer("/paths", npath))
        old_ops = {m: (op, p) for m, op, p in _operations(oitem, optr)}
        new_ops = {m: (op, p) for m, op, p in _operations(nitem, nptr)}
        for method in METHODS:
            if method in old_ops and method not in new_ops:
                op, op_ptr = old_ops[method]
                ctx = OpContext(method, npath, opath, op.get("operationId"), None)
                rule = (
                    "operation-removed-after-deprecation"
                    if op.get("deprecated")
                    else "operation-removed"
                )
                yield ctx.change(rule, f"operation {method.upper()} {opath} removed", op_ptr, nptr)
            elif method in new_ops and method not in old_ops:
                op, op_ptr = new_ops[method]
                ctx = OpContext(method, npath, opath, None, op.get("operationId"))
                yield ctx.change(
                    "operation-added", f"operation {method.upper()} {npath} added", optr, op_ptr
                )
            elif method in old_ops:
                (oop, oop_ptr), (nop, nop_ptr) = old_ops[method], new_ops[method]
                ctx = OpContext(
                    method, npath, opath, oop.get("operationId"), nop.get("operationId")
                )
                yield from self._operation(
                    ctx, (oitem, optr, oop, oop_ptr), (nitem, nptr, nop, nop_ptr)
                )

    # -- one operation -------------------------------------------------------------------------

    def _operation(
        self, ctx: OpContext, old: tuple[Any, str, Any, str], new: tuple[Any, str, Any, str]
    ) -> Iterator[Change]:
        oitem, optr, oop, oop_ptr = old
        nitem, nptr, nop, nop_ptr = new
        oid, nid = oop.get("operationId"), nop.get("operationId")
        if oid != nid:
            yield ctx.change(
                "operation-id-changed",
                f"operationId changed from {render_value(oid)} to {render_value(nid)}",
                join_pointer(oop_ptr, "operationId") if oid else oop_ptr,
                join_pointer(nop_ptr, "operationId") if nid else nop_ptr,
                old=oid,
                new=nid,
            )
        if bool(oop.get("deprecated")) != bool(nop.get("deprecated")):
            rule = "operation-deprecated" if nop.get("deprecated") else "operation-reactivated"
            yield ctx.change(rule, rule.replace("-", " "), oop_ptr, nop_ptr)
        yield from self._parameters(ctx, (oitem, optr, oop, oop_ptr), (nitem, nptr, nop, nop_ptr))
        yield from self._request_body(ctx, oop, oop_ptr, nop, nop_ptr)
        yield from self._responses(ctx, oop, oop_ptr, nop, nop_ptr)
        yield from self._security(ctx, oop, oop_ptr, nop, nop_ptr)

    # -- parameters ----------------------------------------------------------------------------

    def _parameters(
        self, ctx: OpContext, old: tuple[Any, str, Any, str], new: tuple[Any, str, Any, str]
    ) -> Iterator[Change]:
        oparams = _merged_parameters(self.old, ctx.old_path, *old)
        nparams = _merged_parameters(self.new, ctx.path, *new)
        for key, (op, op_ptr) in oparams.items():
            if key in nparams:
                continue
            where = f"{op.get('in')} parameter `{op.get('name')}`"
            yield ctx.change("request-parameter-removed", f"{where} removed", op_ptr, new[3])
        for key, (np, np_ptr) in nparams.items():
            if key in oparams:
                continue
            where = f"{np.get('in')} parameter `{np.get('name')}`"
            required = bool(np.get("required")) or np.get("in") == "path"
            rule = "request-required-parameter-added" if required else "request-parameter-added"
            yield ctx.change(
                rule, f"{'required ' if required else ''}{where} added", old[3], np_ptr
            )
        for key, (op, op_ptr) in oparams.items():
            if key in nparams:
                yield from self._parameter(ctx, op, op_ptr, *nparams[key])

    def _parameter(
        self, ctx: OpContext, op: Any, op_ptr: str, np: Any, np_ptr: str
    ) -> Iterator[Change]:
        location = np.get("in")
        where = f"{location} parameter `{np.get('name')}`"
        if op.get("name") != np.get("name"):
            yield ctx.change(
                "path-parameter-renamed",
                f"path parameter `{op.get('name')}` renamed to `{np.get('name')}`",
                join_pointer(op_ptr, "name"),
                join_pointer(np_ptr, "name"),
                old=op.get("name"),
                new=np.get("name"),
            )
        oreq = bool(op.get("required")) or location == "path"
        nreq = bool(np.get("required")) or location == "path"
        if oreq != nreq:
            rule = f"request-parameter-became-{'required' if nreq else 'optional'}"
            yield ctx.change(
                rule, f"{where} became {'required' if nreq else 'optional'}", op_ptr, np_ptr
            )
        if not op.get("deprecated") and np.get("deprecated"):
            yield ctx.change("request-parameter-deprecated", f"{where} deprecated", op_ptr, np_ptr)
        ostyle = (op.get("style", _DEFAULT_STYLE.get(location)), op.get("explode"))
        nstyle = (np.get("style", _DEFAULT_STYLE.get(location)), np.get("explode"))
        if ostyle != nstyle:
            yield ctx.change(
                "request-parameter-style-changed",
                f"serialization of {where} changed from {ostyle} to {nstyle}",
                op_ptr,
                np_ptr,
            )
        oschema, osp = _parameter_schema(op, op_ptr)
        nschema, nsp = _parameter_schema(np, np_ptr)
        if oschema is not None and nschema is not None:
            yield from self._schema(ctx, "request", "parameter", where, oschema, osp, nschema, nsp)

    # -- request body --------------------------------------------------------------------------

    def _request_body(
        self, ctx: OpContext, oop: Any, oop_ptr: str, nop: Any, nop_ptr: str
    ) -> Iterator[Change]:
        obody, obp = self.old.get(oop, oop_ptr, "requestBody")
        nbody, nbp = self.new.get(nop, nop_ptr, "requestBody")
        if not isinstance(obody, dict) and not isinstance(nbody, dict):
            return
        if not isinstance(nbody, dict):
            yield ctx.change("request-body-removed", "request body removed", obp, nop_ptr)
            return
        if not isinstance(obody, dict):
            required = bool(nbody.get("required"))
            rule = "request-body-added-required" if required else "request-body-added-optional"
            yield ctx.change(
                rule, f"{'required' if required else 'optional'} request body added", oop_ptr, nbp
            )
            return
        oreq, nreq = bool(obody.get("required")), bool(nbody.get("required"))
        if oreq != nreq:
            rule = "request-body-became-required" if nreq else "request-body-became-optional"
            yield ctx.change(
                rule, f"request body became {'required' if nreq else 'optional'}", obp, nbp
            )
        yield from self._content(ctx, "request", "request body", obody, obp, nbody, nbp)

    def _content(
        self, ctx: OpContext, direction: str, where: str, old: Any, optr: str, new: Any, nptr: str
    ) -> Iterator[Change]:
        ocontent = _media_types(old.get("content"), join_pointer(optr, "content"))
        ncontent = _media_types(new.get("content"), join_pointer(nptr, "content"))
        prefix = "request-body" if direction == "request" else "response"
        # `application/json;charset=UTF-8` -> `application/json` is the same media type with
        # different parameters: pair them up rather than report a removal and an addition.
        for okey in [k for k in ocontent if k not in ncontent]:
            essence = okey.split(";", 1)[0]
            match = next(
                (k for k in ncontent if k not in ocontent and k.split(";", 1)[0] == essence), None
            )
            if match is not None:
                oname, nname = ocontent[okey][0], ncontent[match][0]
                yield ctx.change(
                    f"{prefix}-media-type-parameters-changed",
                    f"{where}: media type {oname} is now {nname}",
                    ocontent[okey][2],
                    ncontent[match][2],
                    old=oname,
                    new=nname,
                )
                ncontent[okey] = ncontent.pop(match)
        for key, (name, _media, mptr) in ocontent.items():
            if key not in ncontent:
                yield ctx.change(
                    f"{prefix}-media-type-removed",
                    f"{where}: media type {name} removed",
                    mptr,
                    nptr,
                )
        for key, (name, _media, mptr) in ncontent.items():
            if key not in ocontent:
                yield ctx.change(
                    f"{prefix}-media-type-added", f"{where}: media type {name} added", optr, mptr
                )
        for key, (name, omedia, omptr) in ocontent.items():
            if key not in ncontent:
                continue
            _, nmedia, nmptr = ncontent[key]
            if isinstance(omedia, dict) and isinstance(nmedia, dict):
                osch, nsch = omedia.get("schema"), nmedia.get("schema")
                if (osch is None) != (nsch is None):
                    verb = "added" if osch is None else "removed"
                    yield ctx.change(
                        f"{direction}-body-schema-{verb}",
                        f"{where} {name}: schema {verb}",
                        omptr if osch is None else join_pointer(omptr, "schema"),
                        nmptr if nsch is None else join_pointer(nmptr, "schema"),
                    )
                elif osch is not None and nsch is not None:
                    yield from self._schema(
                        ctx,
                        direction,
                        "body",
                        f"{where} {name}",
                        osch,
                        join_pointer(omptr, "schema"),
                        nsch,
                        join_pointer(nmptr, "schema"),
                    )

    # -- responses -----------------------------------------------------------------------------

    def _responses(
        self, ctx: OpContext, oop: Any, oop_ptr: str, nop: Any, nop_ptr: str
    ) -> Iterator[Change]:
        oresp, orp = self.old.get(oop, oop_ptr, "responses")
        nresp, nrp = self.new.get(nop, nop_ptr, "responses")
        oresp = oresp if isinstance(oresp, dict) else {}
        nresp = nresp if isinstance(nresp, dict) else {}
        for status in oresp:
            if status not in nresp:
                kind = "success" if str(status).startswith("2") else "non-success"
                yield ctx.change(
                    f"response-{kind}-status-removed",
                    f"response {status} removed",
                    join_pointer(orp, status),
                    nrp,
                )
        for status in nresp:
            if status not in oresp:
                kind = "success" if str(status).startswith("2") else "non-success"
                yield ctx.change(
                    f"response-{kind}-status-added",
                    f"response {status} added",
                    orp,
                    join_pointer(nrp, status),
                )
        for status in oresp:
            if status not in nresp:
                continue
            o, op = self.old.resolve(oresp[status], join_pointer(orp, status))
            n, np = self.new.resolve(nresp[status], join_pointer(nrp, status))
            if not isinstance(o, dict) or not isinstance(n, dict):
                continue
            yield from self._headers(ctx, status, o, op, n, np)
            yield from self._content(ctx, "response", f"response {status}", o, op, n, np)

    def _headers(
        self, ctx: OpContext, status: str, o: Any, op: str, n: Any, np: str
    ) -> Iterator[Change]:
        oh = _headers(self.old, o.get("headers"), join_pointer(op, "headers"))
        nh = _headers(self.new, n.get("headers"), join_pointer(np, "headers"))
        for key, (name, header, hptr) in oh.items():
            if key not in nh:
                required = bool(header.get("required"))
                rule = (
                    "response-required-header-removed"
                    if required
                    else "response-optional-header-removed"
                )
                kind = "required" if required else "optional"
                yield ctx.change(
                    rule, f"response {status}: {kind} header `{name}` removed", hptr, np
                )
        for key, (name, _header, hptr) in nh.items():
            if key not in oh:
                yield ctx.change(
                    "response-header-added", f"response {status}: header `{name}` added", op, hptr
                )
        for key, (name, oheader, ohp) in oh.items():
            if key not in nh:
                continue
            _, nheader, nhp = nh[key]
            where = f"response {status} header `{name}`"
            oreq, nreq = bool(oheader.get("required")), bool(nheader.get("required"))
            if oreq != nreq:
                rule = f"response-header-became-{'required' if nreq else 'optional'}"
                yield ctx.change(
                    rule, f"{where} became {'required' if nreq else 'optional'}", ohp, nhp
                )
            osch, osp = _parameter_schema(oheader, ohp)
            nsch, nsp = _parameter_schema(nheader, nhp)
            if osch is not None and nsch is not None:
                yield from self._schema(ctx, "response", "header", where, osch, osp, nsch, nsp)

    # -- security ------------------------------------------------------------------------------

    def _security(
        self, ctx: OpContext, oop: Any, oop_ptr: str, nop: Any, nop_ptr: str
    ) -> Iterator[Change]:
        osec, osp = _effective_security(self.old.data, oop, oop_ptr)
        nsec, nsp = _effective_security(self.new.data, nop, nop_ptr)
        if osec == nsec:
            return
        oanon, nanon = (not osec or frozenset() in osec), (not nsec or frozenset() in nsec)
        if oanon and not nanon:
            yield ctx.change(
                "security-added",
                f"authentication now required ({_render_security(nsec)})",
                osp,
                nsp,
            )
            return
        if nanon and not oanon:
            yield ctx.change("security-removed", "authentication no longer required", osp, nsp)
            return
        oalts = {frozenset(s for s, _ in alt): alt for alt in osec}
        nalts = {frozenset(s for s, _ in alt): alt for alt in nsec}
        for names, alt in oalts.items():
            if names not in nalts:
                yield ctx.change(
                    "security-alternative-removed",
                    f"security requirement {_render_alt(alt)} removed",
                    osp,
                    nsp,
                )
        for names, alt in nalts.items():
            if names not in oalts:
                yield ctx.change(
                    "security-alternative-added",
                    f"security requirement {_render_alt(alt)} added",
                    osp,
                    nsp,
                )
        for names, oalt in oalts.items():
            if names not in nalts:
                continue
            oscopes, nscopes = dict(oalt), dict(nalts[names])
            for scheme in sorted(names):
                added = sorted(nscopes[scheme] - oscopes[scheme])
                removed = sorted(oscopes[scheme] - nscopes[scheme])
                if added:
                    yield ctx.change(
                        "security-scope-added",
                        f"security scheme `{scheme}` now requires scopes {added}",
                        osp,
                        nsp,
                    )
                if removed:
                    yield ctx.change(
                        "security-scope-removed",
                        f"security scheme `{scheme}` no longer requires scopes {removed}",
                        osp,
                        nsp,
                    )

    # -- schemas -------------------------------------------------------------------------------

    def _schema(
        self,
        ctx: OpContext,
        direction: str,
        place: str,
        where: str,
        old: Any,
        old_ptr: str,
        new: Any,
        new_ptr: str,
    ) -> Iterator[Change]:
        for finding in self.schemas.diff(old, old_ptr, new, new_ptr, direction):
            at = _PROPERTY_PLACE[place] if finding.in_property else place
            rule = schema_rule(direction, at, finding.kind)
            details: dict[str, Any] = {"direction": direction}
            if finding.path:
                details["property"] = property_path(finding)
            if finding.old is not None:
                details["old"] = finding.old
            if finding.new is not None:
                details["new"] = finding.new
            yield ctx.change(
                rule,
                f"{where}: {describe(finding)}",
                finding.old_pointer,
                finding.new_pointer,
                **details,
            )


# -- helpers -------------------------------------------------------------------------------------


def _paths(data: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    """Paths keyed by normalized template; templates that collide keep their exact spelling."""
    paths = data.get("paths")
    if not isinstance(paths, dict):
        return {}
    by_norm: dict[str, list[str]] = {}
    for path in paths:
        by_norm.setdefault(normalize_path(path), []).append(path)
    result: dict[str, tuple[str, Any]] = {}
    for norm, raw in by_norm.items():
        if len(raw) == 1:
            result[norm] = (raw[0], paths[raw[0]])
        else:
            for path in raw:
                result["exact:" + path] = (path, paths[path])
    return result


def _operations(item: Any, item_ptr: str) -> Iterator[tuple[str, dict[str, Any], str]]:
    if not isinstance(item, dict):
        return
    for method in METHODS:
        op = item.get(method)
        if isinstance(op, dict):
            yield method, op, join_pointer(item_ptr, method)


def _merged_parameters(
    doc: Document, path: str, item: Any, item_ptr: str, op: Any, op_ptr: str
) -> dict[tuple[str, Any], tuple[dict[str, Any], str]]:
    """Path-level parameters overridden by operation-level ones, keyed for matching."""
    template = path_parameters(path)
    merged: dict[tuple[str, Any], tuple[dict[str, Any], str]] = {}
    for owner, owner_ptr in ((item, item_ptr), (op, op_ptr)):
        params = owner.get("parameters") if isinstance(owner, dict) else None
        if not isinstance(params, list):
            continue
        for index, raw in enumerate(params):
            param, pptr = doc.resolve(raw, join_pointer(owner_ptr, "parameters", index))
            if not isinstance(param, dict):
                continue
            merged[_parameter_key(param, template)] = (param, pptr)
    return merged


def _parameter_key(param: dict[str, Any], template: list[str]) -> tuple[str, Any]:
    location, name = str(param.get("in")), str(param.get("name"))
    if location == "path" and name in template:
        return ("path", template.index(name))
    if location == "header":
        return ("header", name.lower())
    return (location, name)


def _parameter_schema(param: dict[str, Any], ptr: str) -> tuple[Any, str]:
    """A parameter's (or header's) schema, from `schema` or its single `content` entry."""
    if "schema" in param:
        return param["schema"], join_pointer(ptr, "schema")
    content = param.get("content")
    if isinstance(content, dict):
        for media, entry in content.items():
            if isinstance(entry, dict) and "schema" in entry:
                return entry["schema"], join_pointer(ptr, "content", media, "schema")
    return None, ptr


def _media_types(content: Any, ptr: str) -> dict[str, tuple[str, Any, str]]:
    if not isinstance(content, dict):
        return {}
    return {
        "".join(str(name).lower().split()): (str(name), media, join_pointer(ptr, name))
        for name, media in content.items()
    }


def _headers(doc: Document, headers: Any, ptr: str) -> dict[str, tuple[str, Any, str]]:
    if not isinstance(headers, dict):
        return {}
    result = {}
    for name, raw in headers.items():
        header, hptr = doc.resolve(raw, join_pointer(ptr, name))
        if isinstance(header, dict):
            result[str(name).lower()] = (str(name), header, hptr)
    return result


Requirement = frozenset[tuple[str, frozenset[str]]]


def _effective_security(
    data: dict[str, Any], op: Any, op_ptr: str
) -> tuple[frozenset[Requirement], str]:
    if "security" in op:
        raw, ptr = op["security"], join_pointer(op_ptr, "security")
    else:
        raw, ptr = data.get("security"), "/security" if "security" in data else op_ptr
    alternatives = set()
    for alt in raw if isinstance(raw, list) else []:
        if isinstance(alt, dict):
            alternatives.add(
                frozenset(
                    (str(name), frozenset(map(str, scopes or []))) for name, scopes in alt.items()
                )
            )
    return frozenset(alternatives), ptr


def _render_alt(alt: Requirement) -> str:
    parts = []
    for name, scopes in sorted(alt):
        parts.append(f"{name}[{', '.join(sorted(scopes))}]" if scopes else name)
    return " + ".join(parts) or "(none)"


def _render_security(alts: frozenset[Requirement]) -> str:
    return " or ".join(sorted(_render_alt(a) for a in alts))
