"""A spec prepared for contract testing: the IR, the raw operations and compiled validators.

The mock server and `specgen verify` share this one view of a spec. It is built by the
generator's own stages (load, validate: errors only, bundle, IR) and the validator compiler the
generated package uses (`generator.schema_compiler`), executed in memory as the dynamic client does,
so the contract tools judge traffic exactly as the generated client judges its own calls.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.config import PaginationRule
from generator.diagnostics import resolve_pointer
from generator.ir.build import spec_pagination
from generator.runtime.validation import Problem, Validator, validate

__all__ = ["ContractOperation", "ContractSpec", "MediaCheck", "ParamCheck", "load_contract"]


@dataclass(frozen=True)
class ParamCheck:
    """One parameter: where it goes, how it is serialized (style/explode) and its validator."""

    name: str
    location: str
    required: bool
    style: str
    explode: bool
    schema: Any
    check: Validator | None


@dataclass(frozen=True)
class MediaCheck:
    """One media type of a body or a response, its schema, examples and validator."""

    media_type: str
    schema: Any
    check: Validator | None
    examples: dict[str, Any] = field(default_factory=dict)
    """Named examples (`examples`), with `example` under the name ``"default"``."""


@dataclass(frozen=True)
class ContractResponse:
    status: str
    media: tuple[MediaCheck, ...]
    headers: tuple[ParamCheck, ...]


@dataclass(frozen=True)
class ContractOperation:
    """Everything the contract tools need about one operation."""

    operation_id: str
    method: str
    path: str
    params: tuple[ParamCheck, ...]
    body: tuple[MediaCheck, ...]
    body_required: bool
    responses: tuple[ContractResponse, ...]
    security: tuple[tuple[str, ...], ...]
    """Alternatives (OR) of scheme names (AND); empty: no credential needed."""
    raw: Mapping[str, Any]
    pattern: re.Pattern[str]
    path_names: tuple[str, ...]
    """Path parameter names, in the order of the pattern's groups ``p0``, ``p1``..."""
    pinned_pagination: tuple[str, str] | None = None
    """(request parameter, response header) from a pin's `[pagination]` table, for specs
    without `x-soracom-cli-pagination`; the extension wins where both exist."""

    def path_values(self, groups: Mapping[str, str]) -> dict[str, str]:
        """Raw (still percent-encoded) path values by parameter name."""
        return {name: groups[f"p{i}"] for i, name in enumerate(self.path_names)}

    def response(self, status: int) -> ContractResponse | None:
        """The documented response for a status: exact, then `2XX` range, then `default`."""
        by_status = {r.status.upper(): r for r in self.responses}
        return (
            by_status.get(str(status))
            or by_status.get(f"{status // 100}XX")
            or by_status.get("DEFAULT")
        )

    @property
    def pagination(self) -> tuple[str, str] | None:
        """(request parameter, response header, lower-cased) from `x-soracom-cli-pagination`
        (read by the IR's `spec_pagination`, as the clients read it), else from the pin's
        `[pagination]` table (`pinned_pagination`), else None."""
        found = spec_pagination(dict(self.raw))
        return (found.param, found.header) if found else self.pinned_pagination


@dataclass
class ContractSpec:
    """A loaded spec: `document` (bundled), `operations` in spec order, `schemes` by name."""

    name: str
    document: dict[str, Any]
    operations: list[ContractOperation]
    schemes: dict[str, Mapping[str, Any]]
    base_path: str

    def deref(self, node: Any) -> Any:
        """Follow local `$ref`s (bounded, so a ref loop cannot hang)."""
        for _ in range(64):
            if isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
                node = resolve_pointer(self.document, node["$ref"])
            else:
                return node
        return node

    def match(
        self, method: str, path: str
    ) -> tuple[ContractOperation | None, list[str], dict[str, str]]:
        """(operation, allowed methods, raw path values) for a request path under `base_path`."""
        owner = ""  # the most specific matching path template owns the URL
        allowed: list[str] = []
        for op in self._routes():
            if owner and op.path != owner:
                continue
            found = op.pattern.fullmatch(path)
            if found is None:
                continue
            owner = op.path
            if op.method == method:
                return op, [], found.groupdict()
            allowed.append(op.method)
        return None, sorted(set(allowed)), {}

    def _routes(self) -> list[ContractOperation]:
        """Operations with concrete paths first (`/devices/events` before `/devices/{id}`)."""
        routes = self.__dict__.get("_sorted")
        if routes is None:
            routes = self.__dict__["_sorted"] = sorted(
                self.operations, key=lambda op: (len(op.path_names), -len(op.path), op.path)
            )
        return routes

    def find(self, operation_id: str) -> ContractOperation:
        for op in self.operations:
            if op.operation_id == operation_id:
                return op
        raise LookupError(f"no operation {operation_id!r}")


def load_contract(
    source: str | Path | Mapping[str, Any], *, pagination: PaginationRule | None = None
) -> ContractSpec:
    """Load and validate a spec (path or mapping); raises `SpecError` with diagnostics.

    `pagination` is a pin's `[pagination]` table: the operations it names (all, when it names
    none) that take its query parameter page through its response header, as the generated
    client's `iter_` methods expect.
    """
    from generator.pipeline import prepare

    if isinstance(source, Mapping):
        import copy
        import json

        from generator.load import LoadedSpec

        data = copy.deepcopy(dict(source))
        text = json.dumps(data, default=str).encode("utf-8")
        loaded = LoadedSpec(name="<mapping>", data=data, content=text)
    else:
        from generator.load import load_path

        loaded = load_path(source)
    document = prepare(loaded, quiet=True)
    contract = _Compiler(loaded.name, document).build()
    if pagination is not None:
        contract.operations = [_paginate(op, pagination) for op in contract.operations]
    return contract


def _paginate(op: ContractOperation, rule: PaginationRule) -> ContractOperation:
    """`op` paging as the pin's rule says, when the rule applies to it (see `PaginationRule`)."""
    if rule.operations and op.operation_id not in rule.operations:
        return op
    if not any(p.name == rule.param and p.location == "query" for p in op.params):
        return op
    return dataclasses.replace(op, pinned_pagination=(rule.param, rule.header))


class _Compiler:
    """Collects every schema a contract check needs, compiles them once, wires the functions."""

    def __init__(self, name: str, document: dict[str, Any]) -> None:
        self.name = name
        self.doc = document
        self.schemas: dict[str, Any] = {}

    def _deref(self, node: Any) -> Any:
        for _ in range(64):
            if isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
                try:
                    node = resolve_pointer(self.doc, node["$ref"])
                except LookupError:
                    return {}
            else:
                return node
        return node

    def _name(self, schema: Any) -> str:
        if not isinstance(schema, Mapping):
            return ""
        name = f"c{len(self.schemas)}"
        self.schemas[name] = schema
        return name

    def build(self) -> ContractSpec:
        from generator.schema_compiler import compile_validators, load_module

        pending = list(self._operations())
        compiled = compile_validators(
            self.schemas, document=self.doc, runtime_import="generator.runtime"
        )
        module = load_module(compiled, "specgen_contract_validators")

        def fn(name: str) -> Validator | None:
            return getattr(module, compiled.functions[name]) if name else None

        operations = [build(fn) for build in pending]
        schemes = {
            name: scheme
            for name, scheme in (
                (self.doc.get("components") or {}).get("securitySchemes") or {}
            ).items()
            if isinstance(scheme, Mapping)
        }
        return ContractSpec(self.name, self.doc, operations, schemes, _base_path(self.doc))

    def _param(self, raw: Any) -> tuple[dict[str, Any], str] | None:
        param = self._deref(raw)
        if not isinstance(param, Mapping) or "name" not in param or "in" not in param:
            return None
        schema = self._deref(param.get("schema", {}))
        if "content" in param and isinstance(param["content"], Mapping):
            media: Any = next(iter(param["content"].values()), {}) or {}
            schema = self._deref(media.get("schema", {}))
        return dict(param), self._name(schema) if schema else ""

    def _media(self, content: Any) -> list[tuple[str, Any, str, dict[str, Any]]]:
        found = []
        for media_type, media in (content or {}).items():
            media = self._deref(media) or {}
            schema = media.get("schema")
            examples: dict[str, Any] = {}
            for key, example in (media.get("examples") or {}).items():
                example = self._deref(example)
                if isinstance(example, Mapping) and "value" in example:
                    examples[str(key)] = example["value"]
            if "example" in media:
                examples.setdefault("default", media["example"])
            found.append((str(media_type), schema, self._name(schema), examples))
        return found

    def _operations(self) -> Iterator[Any]:
        from generator.ir.build import HTTP_METHODS

        global_security = self.doc.get("security")
        for path, item in (self.doc.get("paths") or {}).items():
            item = self._deref(item)
            if not isinstance(item, Mapping):
                continue
            shared = list(item.get("parameters") or [])
            for method in HTTP_METHODS:
                op = item.get(method)
                if isinstance(op, Mapping):
                    yield self._operation(str(path), method.upper(), op, shared, global_security)

    def _operation(
        self, path: str, method: str, op: Mapping[str, Any], shared: list[Any], security: Any
    ) -> Any:
        by_key: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for raw in [*shared, *(op.get("parameters") or [])]:
            found = self._param(raw)
            if found is not None:
                by_key[(found[0]["in"], found[0]["name"])] = found
        body = self._deref(op.get("requestBody")) or {}
        body_media = self._media(body.get("content"))
        responses = []
        for status, response in (op.get("responses") or {}).items():
            response = self._deref(response) or {}
            headers = []
            for header_name, header in (response.get("headers") or {}).items():
                header = self._deref(header) or {}
                schema = self._deref(header.get("schema", {}))
                headers.append(
                    (str(header_name), bool(header.get("required")), schema, self._name(schema))
                )
            responses.append((str(status), self._media(response.get("content")), headers))
        chosen = op.get("security", security) or []
        alternatives = tuple(
            tuple(str(k) for k in requirement)
            for requirement in chosen
            if isinstance(requirement, Mapping)
        )
        operation_id = str(op.get("operationId") or f"{method} {path}")
        pattern, names = _path_pattern(path)

        def build(fn: Any) -> ContractOperation:
            params = tuple(
                ParamCheck(
                    name=p["name"],
                    location=p["in"],
                    required=bool(p.get("required")) or p["in"] == "path",
                    style=p.get("style") or _DEFAULT_STYLE.get(p["in"], "form"),
                    explode=bool(p.get("explode", (p.get("style") or "form") == "form"))
                    if p["in"] in ("query", "cookie")
                    else bool(p.get("explode", False)),
                    schema=self._deref(p.get("schema", {})) if "content" not in p else {},
                    check=fn(check),
                )
                for p, check in by_key.values()
            )
            return ContractOperation(
                operation_id=operation_id,
                method=method,
                path=path,
                params=params,
                body=tuple(_media_check(m, fn) for m in body_media),
                body_required=bool(body.get("required")),
                responses=tuple(
                    ContractResponse(
                        status,
                        tuple(_media_check(m, fn) for m in media),
                        tuple(
                            ParamCheck(name, "header", required, "simple", False, schema, fn(c))
                            for name, required, schema, c in headers
                        ),
                    )
                    for status, media, headers in responses
                ),
                security=alternatives,
                raw=op,
                pattern=pattern,
                path_names=names,
            )

        return build


_DEFAULT_STYLE = {"path": "simple", "header": "simple", "query": "form", "cookie": "form"}


def _media_check(found: tuple[str, Any, str, dict[str, Any]], fn: Any) -> MediaCheck:
    media_type, schema, check, examples = found
    return MediaCheck(media_type, schema, fn(check), examples)


def _path_pattern(path: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """`/devices/{device_id}` -> a regex with one group (``p0``...) per path parameter."""
    names: list[str] = []
    regex = ""
    path = path.split("#", 1)[0].split("?", 1)[0]  # a path key's fixed query is not routed on
    for part in re.split(r"(\{[^}]*\})", path):
        if part.startswith("{") and part[1:2] in (".", "/") and part.endswith("}"):
            # RFC 6570 `{.format}` / `{/x}`: the operator, then the value (read without it)
            value = "[^/.]+" if part[1] == "." else "[^/]+"
            regex += re.escape(part[1]) + f"(?P<p{len(names)}>{value})"
            names.append(part[1:-1])
        elif part.startswith("{") and part.endswith("}"):
            regex += f"(?P<p{len(names)}>[^/]+)"
            names.append(part[1:-1])
        else:
            regex += re.escape(part)
    return re.compile(regex), tuple(names)


def _base_path(document: Mapping[str, Any]) -> str:
    """The path of the first server URL (`/v1` of `https://api.soracom.io/v1`), or ''."""
    from urllib.parse import urlsplit

    servers = document.get("servers") or []
    url = servers[0].get("url", "") if servers and isinstance(servers[0], Mapping) else ""
    url = re.sub(r"\{[^}]*\}", "x", str(url))
    return urlsplit(url).path.rstrip("/") if "://" in url or url.startswith("/") else ""


def problems_of(check: Validator | None, value: Any, direction: str) -> list[Problem]:
    """The compiled validator's problems for `value` (none when there is no schema)."""
    return [] if check is None else validate(check, value, direction=direction)
