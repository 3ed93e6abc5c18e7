"""Stage 6, plan: IR + names -> the sorted list of files to write, each with its context.

Contexts hold only decided things: identifiers from the naming stage, annotation and codec
expressions from `pytypes`, and raw spec values that templates print through the escaping
filters (`pyrepr`, `docstring`). Templates print; they do not decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import __version__
from generator.config import PaginationRule
from generator.ir.model import (
    Api,
    ArraySchema,
    EnumSchema,
    MapSchema,
    ObjectSchema,
    Operation,
    PrimitiveSchema,
    RefSchema,
    Schema,
)
from generator.naming import Names, bounded_identifier
from generator.pytypes import TypeMapper
from generator.reference import api_reference
from generator.runtime.retries import RetryPolicy
from generator.security import argument_doc, delivery, unsupported_note, unsupported_schemes
from generator.validators import compile_validators
from generator.vendors import VendorLayer, vendor_layer

RUNTIME_DIR = Path(__file__).parent / "runtime"
RUNTIME_FILES = (
    "__init__.py",
    "auth.py",
    "bodies.py",
    "checks.py",
    "client.py",
    "codecs.py",
    "enums.py",
    "errors.py",
    "lazy.py",
    "log.py",
    "models.py",
    "operation.py",
    "pagination.py",
    "recording.py",
    "redact.py",
    "request.py",
    "response.py",
    "retries.py",
    "styles.py",
    "types.py",
    "validation.py",
)


@dataclass(frozen=True)
class Options:
    """What the caller decides: package name, distribution name, named servers."""

    package: str
    spec_name: str
    spec_sha256: str
    servers: tuple[tuple[str, str], ...] = ()
    default_server: str = ""
    server_arg: str = "server"
    dist_name: str = ""
    package_version: str = "0.1.0"
    pagination: PaginationRule | None = None
    retry_wait_headers: tuple[str, ...] = ()
    vendor: str = ""


@dataclass
class PlannedFile:
    path: str  # relative to the output folder, with forward slashes
    template: str = ""  # a template name, or "" for a verbatim copy of `source`
    context: dict[str, Any] = field(default_factory=dict)
    source: Path | None = None
    rewrite: tuple[tuple[str, str], ...] = ()
    """Exact text replacements applied to a verbatim copy (vendor layers' runtime import)."""


def plan(
    api: Api, names: Names, options: Options, document: dict[str, Any] | None = None
) -> list[PlannedFile]:
    """The files of the package; `document` (the bundled spec) feeds the validator compiler."""
    pkg = options.package
    types = TypeMapper(api, names)
    resources, checks = describe_operations(api, names, options.pagination)
    compiled = compile_validators(checks, document=document or {}, runtime_import="._runtime")
    common: dict[str, Any] = {
        "package": pkg,
        "dist_name": options.dist_name or pkg.replace("_", "-"),
        "package_version": options.package_version,
        "api": {"title": api.title, "version": api.version, "description": api.description},
        "header": {
            "spec_name": options.spec_name,
            "sha256": options.spec_sha256,
            "generator_version": __version__,
        },
    }
    servers = list(options.servers) or default_servers(api)
    vendor = vendor_layer(options.vendor) if options.vendor else None
    common["vendor"] = _vendor_context(vendor)
    exports = sorted((name for r in resources for name in r["exports"]), key=str.lower)
    files = [
        PlannedFile("pyproject.toml", "pyproject.toml.jinja", common),
        PlannedFile("README.md", "README.md.jinja", _readme(api, names, resources, common)),
        PlannedFile(f"{pkg}/py.typed", "py.typed.jinja", common),
        PlannedFile(
            f"{pkg}/_validators.py", "validators.py.jinja", {**common, "source": compiled.source}
        ),
        PlannedFile(f"{pkg}/__init__.py", "__init__.py.jinja", common),
        PlannedFile(f"{pkg}/errors.py", "errors.py.jinja", common),
        PlannedFile(f"{pkg}/types.py", "types.py.jinja", common),
        PlannedFile(f"{pkg}/_operations/__init__.py", "operations_init.py.jinja", common),
        PlannedFile(
            f"{pkg}/_client.py",
            "client.py.jinja",
            {
                **common,
                "resources": resources,
                "servers": servers,
                "default_server": options.default_server or (servers[0][0] if servers else ""),
                "credentials": credentials(api, names),
                "security_note": unsupported_note(api),
                "server_arg": options.server_arg,
                "resource_exports": exports,
                "retry_defaults": {
                    "max_retries": RetryPolicy().max_retries,
                    "wait_headers": list(options.retry_wait_headers),
                },
            },
        ),
        PlannedFile(
            f"{pkg}/resources/__init__.py",
            "resources_init.py.jinja",
            {**common, "resources": resources, "resource_exports": exports},
        ),
    ]
    for resource in resources:
        files.append(
            PlannedFile(
                f"{pkg}/resources/{resource['module']}.py",
                "resource.py.jinja",
                {**common, "resource": resource},
            )
        )
        files.append(
            PlannedFile(
                f"{pkg}/_operations/{resource['module']}.py",
                "operations.py.jinja",
                {**common, **_operations_module([resource])},
            )
        )
    models_init, groups = _model_groups(_models(api, names, types), resources)
    files.append(
        PlannedFile(f"{pkg}/models/__init__.py", "models_init.py.jinja", {**common, **models_init})
    )
    for group in groups:
        files.append(
            PlannedFile(
                f"{pkg}/models/{group['module']}.py", "models.py.jinja", {**common, **group}
            )
        )
    for name in RUNTIME_FILES:
        files.append(PlannedFile(f"{pkg}/_runtime/{name}", "", common, RUNTIME_DIR / name))
    if vendor is not None:
        for name in vendor.files:
            files.append(
                PlannedFile(
                    f"{pkg}/_vendor/{name}", "", common, vendor.folder / name, VENDOR_REWRITE
                )
            )
    return sorted(files, key=lambda f: f.path)


def _readme(
    api: Api, names: Names, resources: list[dict[str, Any]], common: dict[str, Any]
) -> dict[str, Any]:
    """The README's context: the resources, the API reference (`generator.reference`) and the
    credential arguments, with the security schemes no argument serves."""
    return {
        **common,
        "resources": resources,
        "reference": api_reference(api, names, resources),
        "credentials": credentials(api, names),
        "unsupported_schemes": unsupported_schemes(api),
    }


VENDOR_REWRITE = (("from generator.runtime.", "from .._runtime."),)
"""The one change made when copying a vendor layer: a module that builds on the runtime
(`soracam_workflows`) imports it as `generator.runtime` here and as `.._runtime` in a package."""


def _vendor_context(vendor: VendorLayer | None) -> dict[str, Any] | None:
    """What the templates print for a vendor layer: its client arguments and public names."""
    if vendor is None:
        return None
    return {
        "name": vendor.name,
        "server_param": vendor.server_param,
        "options": [
            {"name": o.name, "annotation": o.annotation, "doc": o.doc} for o in vendor.options
        ],
        "public": list(vendor.public),
    }


def describe_operations(
    api: Api, names: Names, pagination: PaginationRule | None = None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Resources with their operations (as the templates see them) and the validator schemas.

    Shared with the dynamic client, so both clients get the same method names, arguments,
    parameter table and validator set from one place.
    """
    checks: dict[str, Any] = {}
    types = TypeMapper(api, names, prefix="models.")
    resources = _resources(api, names, types, checks, pagination)
    checks.update(types.union_checks())  # the branch validators union codecs decide with
    return resources, checks


def default_servers(api: Api) -> list[tuple[str, str]]:
    out = []
    for index, server in enumerate(api.servers):
        out.append(("default" if index == 0 else f"server{index + 1}", server.url))
    return out


def credentials(api: Api, names: Names) -> list[dict[str, Any]]:
    """How each supported security scheme's secret is sent (`generator.security`): an apiKey
    as its header, query parameter or cookie; http basic/bearer, oauth2 and openIdConnect in
    `Authorization` (the last two as the bearer access token a flow produced elsewhere)."""
    out = []
    for scheme in api.security_schemes:
        how = delivery(scheme.type, scheme.scheme, scheme.location, scheme.param_name)
        if isinstance(how, str):
            continue  # reported by `unsupported_note` and `specgen validate`
        out.append(
            {
                "arg": names.credentials[scheme.name],
                "scheme": scheme.name,
                "location": how.location,
                "wire": how.wire,
                "description": scheme.description,
                **argument_doc(scheme, how),
            }
        )
    return out


# --- models ---------------------------------------------------------------------------


def _models(api: Api, names: Names, types: TypeMapper) -> dict[str, Any]:
    classes: list[dict[str, Any]] = []
    aliases: list[dict[str, Any]] = []
    for component, schema in api.schemas.items():
        if isinstance(schema, (ObjectSchema, EnumSchema)):
            classes.append(_model_class(schema, names, types))
        else:
            aliases.append(
                {
                    "name": names.components[component],
                    "annotation": types.annotation(schema),
                    "doc": schema.description,
                }
            )
    for schema in api.inline_models:
        classes.append(_model_class(schema, names, types))
    unions = [
        {
            "name": u.name,
            "prop": u.prop,
            "tags": sorted(u.tags),
            "branches": [(f"_v.validate_{check}", codec) for check, codec in u.branches],
            "first": u.first,
        }
        for u in types.unions()
    ]
    return {"classes": classes, "aliases": aliases, "unions": unions}


def _model_uses(
    classes: list[dict[str, Any]], aliases: list[dict[str, Any]], unions: list[dict[str, Any]]
) -> dict[str, Any]:
    """Which imports one models module needs."""
    objects = [c for c in classes if c["kind"] == "object"]
    return {
        "unions": bool(unions),
        "objects": bool(objects),
        "aliases": bool(aliases),
        "any": bool(objects) or any(_mentions_any(a["annotation"]) for a in aliases),
        "enum_bases": sorted({c["base"] for c in classes if c["kind"] == "enum"}),
        "unset": [
            name
            for name, used in (
                ("UNSET", any(not f["required"] for c in objects for f in c["fields"])),
                ("Unset", any("| Unset" in f["annotation"] for c in objects for f in c["fields"])),
            )
            if used
        ],
        "file": any(_mentions(f["annotation"], "FileInput") for c in objects for f in c["fields"])
        or any(_mentions(a["annotation"], "FileInput") for a in aliases),
    }


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _model_refs(item: dict[str, Any], known: set[str]) -> set[str]:
    """The model, alias and union names an item's annotations and codecs mention."""
    texts: list[str] = []
    if "fields" in item:
        texts += [t for f in item["fields"] for t in (f["annotation"], f["codec"])]
    if "annotation" in item:
        texts.append(item["annotation"])
    if "branches" in item:
        texts += [codec for _, codec in item["branches"]]
    return {w for t in texts for w in _WORD.findall(t) if w in known} - {item["name"]}


def _model_groups(
    models: dict[str, Any], resources: list[dict[str, Any]]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Split the models into modules that load on first use: the package stays cheap to import.

    A model reached (through fields, aliases, union branches) from the operations of one tag
    only lives in that tag's module `_tag_<resource>`; one reached from several tags lives in
    `_shared`, one reached from none in `_unreferenced`. References then only point from a tag
    module to `_shared` and from `_unreferenced` to either, so modules import each other
    without cycles, and one resource loads its own models plus the shared ones.
    """
    kinds = (
        ("classes", models["classes"]),
        ("aliases", models["aliases"]),
        ("unions", models["unions"]),
    )
    items = {item["name"]: (kind, item) for kind, group in kinds for item in group}
    known = set(items)
    refs = {name: _model_refs(item, known) for name, (_, item) in items.items()}
    reached_by: dict[str, list[str]] = {name: [] for name in items}
    for resource in resources:
        texts = [a["annotation"] for op in resource["operations"] for a in op["args"]]
        texts += [op["returns"] for op in resource["operations"]]
        texts += [
            r["decode"] for op in resource["operations"] for r in op["responses"] if r["decode"]
        ]
        stack = sorted(
            {w for t in texts for w in re.findall(r"models\.([A-Za-z_][A-Za-z0-9_]*)", t)} & known
        )
        seen: set[str] = set()
        while stack:
            name = stack.pop()
            if name not in seen:
                seen.add(name)
                stack.extend(refs[name] - seen)
        for name in seen:
            reached_by[name].append(resource["module"])
    home = {
        name: "_shared" if len(tags) > 1 else f"_tag_{tags[0]}" if tags else "_unreferenced"
        for name, tags in reached_by.items()
    }
    order = [f"_tag_{r['module']}" for r in resources] + ["_shared", "_unreferenced"]
    groups: list[dict[str, Any]] = []
    modules = sorted(set(home.values()), key=order.index)
    for module in modules:
        members = {kind: [i for i in group if home[i["name"]] == module] for kind, group in kinds}
        own = {i["name"] for group in members.values() for i in group}
        imports: dict[str, set[str]] = {}
        for name in own:
            for ref in refs[name] - own:
                imports.setdefault(home[ref], set()).add(ref)
        groups.append(
            {
                "module": module,
                **members,
                "uses": _model_uses(members["classes"], members["aliases"], members["unions"]),
                "imports": [(m, sorted(imports[m], key=_isort_key)) for m in sorted(imports)],
            }
        )
    public = sorted([c["name"] for c in models["classes"]] + [a["name"] for a in models["aliases"]])
    init = {
        "classes": models["classes"],  # every model, in definition order (surface.py reads them)
        "aliases": models["aliases"],
        "exports": public,
        "homes": sorted(home.items()),
        "by_module": [
            (m, sorted((n for n in public if home[n] == m), key=_isort_key))
            for m in sorted(modules)
        ],
    }
    return init, groups


def _isort_key(name: str) -> tuple[int, list[tuple[int, ...]]]:
    """ruff's isort member order: CONSTANTS, Classes, then the rest, each compared case-blind
    in natural order (strnatcmp: a digit run sorts before letters, by value, but one with a
    leading zero compares digit by digit), so the generated imports pass `ruff check`."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    key: list[tuple[int, ...]] = []
    for piece in re.split(r"(\d+)", name.lower()):
        if piece.isdigit():
            key.append(
                (48, 0, *map(ord, piece)) if piece[0] == "0" else (48, 1, len(piece), int(piece))
            )
        else:
            key.extend((ord(c),) for c in piece)
    return (kind, key)


def _operations_module(resources: list[dict[str, Any]]) -> dict[str, Any]:
    operations = [op for r in resources for op in r["operations"]]
    decodes = [r["decode"] for op in operations for r in op["responses"] if r["decode"]]
    uses = {
        "any": any(_mentions_any(op["returns"]) for op in operations),
        "models": any("models." in op["returns"] for op in operations)
        or any("models." in d for d in decodes),
        "codecs": any("codecs." in d for d in decodes),
        "body": any(op["body"] for op in operations),
        "pagination": any(op["pagination"] for op in operations),
        "encodings": any(op["body"] and op["body"]["encodings"] for op in operations),
        "params": any(op["params"] for op in operations),
        "responses": any(op["responses"] for op in operations),
        "checks": any("_v." in d for d in decodes)
        or any(p["check"] for op in operations for p in op["params"])
        or any(r["check"] for op in operations for r in op["responses"])
        or any(op["body"] and op["body"]["checks"] for op in operations),
    }
    return {"operations": operations, "uses": uses}


_ENUM_BASES = {"string": "OpenStrEnum", "integer": "OpenIntEnum", "number": "OpenFloatEnum"}


def _model_class(schema: Schema, names: Names, types: TypeMapper) -> dict[str, Any]:
    name = names.class_of(schema)
    if isinstance(schema, EnumSchema):
        return {
            "kind": "enum",
            "name": name,
            "doc": schema.description or f"Values of {'.'.join(schema.hint)}.",
            "base": _ENUM_BASES.get(schema.type, "OpenStrEnum"),
            "members": [
                {"name": member, "value": value}
                for member, value in zip(names.members[id(schema)], schema.values, strict=True)
            ],
        }
    assert isinstance(schema, ObjectSchema)
    fields = []
    for attr, prop in zip(names.fields[id(schema)], schema.properties, strict=True):
        annotation = types.annotation(prop.schema)
        # One model serves both directions: the attribute may be UNSET unless the property is
        # present in both (required, neither readOnly nor writeOnly); the constructor builds
        # requests, so it requires only what a request requires (readOnly never).
        present_always = prop.required and not (prop.read_only or prop.write_only)
        init_required = prop.required and not prop.read_only
        fields.append(
            {
                "name": attr,
                "wire": prop.wire,
                "annotation": annotation + ("" if present_always else " | Unset"),
                "param_annotation": annotation + ("" if init_required else " | Unset"),
                "required": init_required,
                "codec": types.codec(prop.schema),
                "doc": prop.description or prop.schema.description,
                "read_only": prop.read_only,
                "write_only": prop.write_only,
            }
        )
    fields.sort(key=lambda f: not f["required"])  # required keyword arguments first, for reading
    return {
        "kind": "object",
        "name": name,
        "doc": schema.description or schema.title or f"The {'.'.join(schema.hint)} object.",
        "fields": fields,
    }


# --- operations and resources ----------------------------------------------------------


def _resources(
    api: Api,
    names: Names,
    types: TypeMapper,
    checks: dict[str, Any],
    rule: PaginationRule | None = None,
) -> list[dict[str, Any]]:
    by_tag: dict[str, list[dict[str, Any]]] = {tag: [] for tag in api.tags}
    for op in api.operations:
        described = _operation(op, names, types, checks)
        described["pagination"] = _pagination(op, names, types, rule, described)
        by_tag[op.tags[0]].append(described)
    out = []
    for tag, operations in by_tag.items():
        resource = names.resources[tag]
        _check_iter_names(tag, operations)
        annotations = [a["annotation"] for op in operations for a in op["args"]] + [
            op["returns"] for op in operations
        ]
        paged = [op["pagination"] for op in operations if op["pagination"]]
        annotations += [p["item"] for p in paged]
        out.append(
            {
                "uses_pagination": bool(paged),
                "uses_mapping": any("Mapping[" in a for a in annotations),
                "uses_warnings": any(op["aliases"] for op in operations),
                "uses_any": any(_mentions_any(a) for a in annotations),
                "uses_file": any(_mentions(a, "FileInput") for a in annotations),
                "uses_models": any("models." in a for a in annotations),
                "tag": tag,
                "attribute": resource.attribute,
                "class_name": resource.class_name,
                "module": resource.attribute,
                "exports": sorted(
                    (
                        f"{prefix}{resource.class_name}{suffix}"
                        for prefix in ("", "Async")
                        for suffix in ("", "WithRawResponse")
                    ),
                    key=str.lower,
                ),
                "operations": operations,
            }
        )
    return out


def _pagination(
    op: Operation,
    names: Names,
    types: TypeMapper,
    rule: PaginationRule | None,
    described: dict[str, Any],
) -> dict[str, Any] | None:
    """How `iter_<method>` pages through `op` (None: not paginated), for templates and the
    dynamic client alike."""
    found = op.pagination or (rule.applies(op) if rule else None)
    if found is None:
        return None
    op_names = names.operations[id(op)]
    param = next(
        (
            (arg, p)
            for arg, p in zip(op_names.args, op.parameters, strict=True)
            if p.wire == found.param and p.location == "query"
        ),
        None,
    )
    if param is None:
        return None  # the named parameter is not declared: nothing to feed the key to
    arg, parameter = param
    key = types.resolve(parameter.schema)
    key_type = key.type if isinstance(key, PrimitiveSchema) else "string"
    success = next((r for r in op.responses if r.status.startswith("2") and r.media), None)
    media = _pick_media(success.media) if success else None
    page_schema = types.resolve(media.schema) if media and media.schema else None
    list_items = isinstance(page_schema, ArraySchema)
    item = (
        types.annotation(page_schema.items)
        if isinstance(page_schema, ArraySchema) and page_schema.items is not None
        else ("Any" if list_items else described["returns"])
    )
    method = described["method_name"]
    return {
        "param": arg,
        "header": found.header,
        "key_type": key_type if key_type in ("integer", "number") else "string",
        "list_items": list_items,
        "item": item,
        "page": described["returns"],
        "iter_items": f"iter_{method}",
        "iter_pages": f"iter_{method}_pages",
    }


def _check_iter_names(tag: str, operations: list[dict[str, Any]]) -> None:
    taken = {op["method_name"] for op in operations} | {
        a["method_name"] for op in operations for a in op["aliases"]
    }
    for op in operations:
        paging = op["pagination"]
        if paging is None:
            continue
        for name in (paging["iter_items"], paging["iter_pages"]):
            if name in taken:
                raise ValueError(
                    f"tag {tag!r}: the pagination method {name}() of {op['operation_id']} "
                    "has the name of another method"
                )
            taken.add(name)


def _mentions_any(annotation: str) -> bool:
    return _mentions(annotation, "Any")


def _mentions(annotation: str, name: str) -> bool:
    return any(
        word == name
        for word in annotation.replace("[", " ")
        .replace("]", " ")
        .replace(",", " ")
        .replace("|", " ")
        .split()
    )


def _is_json(media: str) -> bool:
    base = media.split(";", 1)[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def _media_annotation(
    content_type: str, schema: Schema | None, types: TypeMapper, request: bool
) -> str:
    base = content_type.split(";", 1)[0].strip().lower()
    if _is_json(base) or base in ("application/x-www-form-urlencoded", "multipart/form-data"):
        text = types.annotation(schema)
        if request and types.is_model(schema):
            text += " | Mapping[str, Any]"
        return text
    if base.startswith("text/"):
        return "str"
    return "bytes"


def _union(parts: list[str]) -> str:
    flat: list[str] = []
    for part in parts:
        for piece in part.split(" | ") if "[" not in part else [part]:
            if piece not in flat:
                flat.append(piece)
    if "Any" in flat:
        return "Any"
    return " | ".join(flat)


def _check(checks: dict[str, Any], constant: str, suffix: str, schema: Schema | None) -> str:
    """Register a schema for the validator module; returns the validator's name ('' if none)."""
    if schema is None or not isinstance(schema.raw, dict):
        return ""
    name = bounded_identifier(f"{constant.lower()}__{suffix}", limit=90)
    checks[name] = schema.raw
    return name


def _operation(
    op: Operation, names: Names, types: TypeMapper, checks: dict[str, Any]
) -> dict[str, Any]:
    op_names = names.operations[id(op)]
    constant = op_names.constant
    args: list[dict[str, Any]] = []
    params: list[dict[str, Any]] = []
    for arg, param in zip(op_names.args, op.parameters, strict=True):
        if arg == op_names.content_type_arg:
            continue
        annotation = types.annotation(param.schema)
        enum_type = _enum_type(param.schema, types)
        if enum_type:
            annotation += " | " + _PLAIN_ENUM_TYPES.get(
                enum_type, "str"
            )  # plain values welcome too
        args.append(
            {
                "name": arg,
                "annotation": annotation,
                "required": param.required,
                "doc": param.description,
                "default": param.default,
                "has_default": param.has_default,
                "deprecated": param.deprecated,
            }
        )
        params.append(
            {
                "arg": arg,
                "location": param.location,
                "wire": param.wire,
                "required": param.required,
                "style": param.style,
                "explode": param.explode,
                "check": _check(checks, constant, arg, param.schema),
                "allow_reserved": param.allow_reserved,
                "media_type": param.content_type,
            }
        )
    body = None
    if op.body is not None and op_names.body_arg:
        media_types = [m.content_type for m in op.body.media] or ["application/json"]
        annotation = _union(
            [
                _media_annotation(m.content_type, m.schema, types, request=True)
                for m in op.body.media
            ]
            or ["Any"]
        )
        body = {
            "arg": op_names.body_arg,
            "media_types": media_types,
            "required": op.body.required,
            "content_type_arg": op_names.content_type_arg,
            "annotation": annotation,
            "doc": op.body.description,
            "checks": [
                (m.content_type, name)
                for index, m in enumerate(op.body.media)
                if (name := _check(checks, constant, f"body_{index}", m.schema))
            ],
            "encodings": [
                (m.content_type, [(prop, _encoding(e)) for prop, e in m.encoding])
                for m in op.body.media
                if m.encoding
            ],
        }
        args.append(
            {
                "name": body["arg"],
                "annotation": annotation,
                "required": op.body.required,
                "doc": op.body.description or "The request body.",
            }
        )
        if op_names.content_type_arg:
            args.append(
                {
                    "name": op_names.content_type_arg,
                    "annotation": "str",
                    "required": False,
                    "doc": "Media type of the body, one of: " + ", ".join(media_types) + ".",
                }
            )
    args.sort(key=lambda a: not a["required"])
    responses: list[dict[str, Any]] = []
    returns: list[str] = []
    for response in op.responses:
        status = response.status
        success = status.startswith("2") or (status.startswith("3") and status[:1].isdigit())
        # 204, 205 and 304 have no body by HTTP (RFC 9110), whatever the spec declares
        media = None if status in _NO_BODY else _pick_media(response.media)
        if media is None:
            responses.append(
                {"status": status, "decode": None, "media": None, "check": "", "json_types": []}
            )
            if success:
                returns.append("None")
            continue
        codec = types.codec(media.schema) if _is_json(media.content_type) else "codecs.PLAIN"
        check = ""
        if _is_json(media.content_type):
            check = _check(checks, constant, "r_" + status.lower(), media.schema)
        responses.append(
            {
                "status": status,
                "decode": codec + ".decode",
                "media": media.content_type,
                "check": check,
                "json_types": _json_types(media.schema, types)
                if _is_json(media.content_type)
                else [],
            }
        )
        if success:
            returns.append(
                _media_annotation(media.content_type, media.schema, types, request=False)
            )
    return_annotation = _union(returns) if returns else "Any"
    return {
        "constant": op_names.constant,
        "method_name": op_names.method,
        "operation_id": op.operation_id,
        "http_method": op.method,
        "path": op.path,
        "summary": op.summary,
        "description": op.description,
        "deprecated": op.deprecated,
        "args": args,
        "params": params,
        "body": body,
        "responses": responses,
        "security": list(op.security),
        "returns": return_annotation,
        "aliases": [
            {"operation_id": old, "method_name": method} for old, method in op_names.aliases
        ],
    }


def _json_types(schema: Schema | None, types: TypeMapper) -> list[str]:
    """The JSON types a response schema allows at its top ([] for any), checked in every mode
    so that a method typed to return a model never returns a string or a list."""
    if schema is None:
        return []
    nullable = schema.nullable
    resolved = types.resolve(schema)
    if isinstance(resolved, RefSchema):
        resolved = types.api.schemas.get(resolved.target, resolved)
    nullable = nullable or resolved.nullable
    if isinstance(resolved, ObjectSchema | MapSchema):
        kind = "object"
    elif isinstance(resolved, ArraySchema):
        kind = "array"
    elif isinstance(resolved, PrimitiveSchema | EnumSchema) and resolved.type in (
        "string",
        "integer",
        "number",
        "boolean",
    ):
        kind = resolved.type
    else:
        return []  # unions, free JSON: any JSON value is kept
    return [kind, "null"] if nullable else [kind]


def _encoding(encoding: Any) -> dict[str, Any]:
    """An Encoding Object as the template and the dynamic blueprint see it (plain data)."""
    return {
        "content_type": encoding.content_type,
        "headers": [list(pair) for pair in encoding.headers],
        "style": encoding.style,
        "explode": encoding.explode,
        "allow_reserved": encoding.allow_reserved,
    }


_NO_BODY = ("204", "205", "304")

_PLAIN_ENUM_TYPES = {"string": "str", "integer": "int", "number": "float"}


def _enum_type(schema: Schema, types: TypeMapper) -> str:
    """The scalar type of an enum schema (after refs), or "" when it is no enum."""
    resolved = types.resolve(schema)
    if isinstance(resolved, RefSchema):
        resolved = types.api.schemas.get(resolved.target, resolved)
    return resolved.type if isinstance(resolved, EnumSchema) else ""


def _pick_media(media: tuple[Any, ...]) -> Any:
    for m in media:
        if _is_json(m.content_type):
            return m
    return media[0] if media else None
