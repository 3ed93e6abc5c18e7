"""Plan, the operations: one context per operation (arguments, parameter table, body,
responses, pagination), grouped into resources; shared with the dynamic client."""

from __future__ import annotations

from typing import Any

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
from generator.plan.annotations import mentions, mentions_any
from generator.pytypes import TypeMapper


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


def operations_module(resources: list[dict[str, Any]]) -> dict[str, Any]:
    operations = [op for r in resources for op in r["operations"]]
    decodes = [r["decode"] for op in operations for r in op["responses"] if r["decode"]]
    uses = {
        "any": any(mentions_any(op["returns"]) for op in operations),
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
                "uses_any": any(mentions_any(a) for a in annotations),
                "uses_file": any(mentions(a, "FileInput") for a in annotations),
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


def _pick_media(media: tuple[Any, ...]) -> Any:
    for m in media:
        if _is_json(m.content_type):
            return m
    return media[0] if media else None


_NO_BODY = ("204", "205", "304")

_PLAIN_ENUM_TYPES = {"string": "str", "integer": "int", "number": "float"}


def _enum_type(schema: Schema, types: TypeMapper) -> str:
    """The scalar type of an enum schema (after refs), or "" when it is no enum."""
    resolved = types.resolve(schema)
    if isinstance(resolved, RefSchema):
        resolved = types.api.schemas.get(resolved.target, resolved)
    return resolved.type if isinstance(resolved, EnumSchema) else ""
