"""Plan, the operations: one `OperationContext` per operation (arguments, parameter table,
body, responses, pagination, docstrings); shared with the dynamic client."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any

from generator import docs, literals
from generator.ir.model import (
    ArraySchema,
    EnumSchema,
    MapSchema,
    ObjectSchema,
    Operation,
    Parameter,
    PrimitiveSchema,
    RefSchema,
    Schema,
)
from generator.ir.model import Encoding as IrEncoding
from generator.naming import ClassName, Identifier, Names, bounded_identifier
from generator.plan.contexts import (
    AliasContext,
    ArgumentContext,
    BodyContext,
    EncodingContext,
    OperationContext,
    PaginationContext,
    ParameterContext,
    ResponseContext,
)
from generator.pytypes import FILE_INPUT, TypeMapper

if TYPE_CHECKING:
    from generator.config import PaginationRule


def describe_operation(
    op: Operation,
    names: Names,
    types: TypeMapper,
    checks: dict[str, Any],
    rule: PaginationRule | None,
    sync_class: ClassName,
    *,
    document: bool = True,
) -> OperationContext:
    """The context of `op`, a method of `sync_class` (its validators are added to `checks`).

    `document=False` leaves the method docstrings empty: the dynamic client makes them from
    `docs.method_doc_parts` and friends when a method is first used.
    """
    described = _operation(op, names, types, checks)
    paging = _pagination(op, names, types, rule, described)
    if not document:
        return dataclasses.replace(described, pagination=paging)
    if paging is not None:
        paging = dataclasses.replace(
            paging, docstrings=docs.paging_docstrings(described, paging, sync_class)
        )
    summary = described.summary or described.operation_id
    return dataclasses.replace(
        described,
        pagination=paging,
        docstring=docs.method_docstring(described),
        async_docstring=docs.async_docstring(summary, f"{sync_class}.{described.method_name}"),
    )


def _pagination(
    op: Operation,
    names: Names,
    types: TypeMapper,
    rule: PaginationRule | None,
    described: OperationContext,
) -> PaginationContext | None:
    """How `iter_<method>` pages through `op` (None: not paginated), for templates and the
    dynamic client alike."""
    found = _paging_param(op, names, rule)
    if found is None:
        return None
    found, arg, parameter = found
    key = types.resolve(parameter.schema)
    key_type = key.type if isinstance(key, PrimitiveSchema) else "string"
    success = next((r for r in op.responses if r.status.startswith("2") and r.media), None)
    media = _pick_media(success.media) if success else None
    page_schema = types.resolve(media.schema) if media and media.schema else None
    list_items = isinstance(page_schema, ArraySchema)
    item = (
        types.annotation(page_schema.items)
        if isinstance(page_schema, ArraySchema) and page_schema.items is not None
        else ("Any" if list_items else described.returns)
    )
    method = described.method_name
    return PaginationContext(
        param=arg,
        header=found.header,
        key_type=key_type if key_type in ("integer", "number") else "string",
        list_items=list_items,
        item=item,
        page=described.returns,
        iter_items=Identifier(f"iter_{method}"),
        iter_pages=Identifier(f"iter_{method}_pages"),
        docstrings=("", "", "", ""),
    )


def _paging_param(
    op: Operation, names: Names, rule: PaginationRule | None
) -> tuple[Any, Identifier, Parameter] | None:
    """How `op` pages (its extension or the rule), the argument and the query parameter that
    carry the key; None when it does not page or does not declare that parameter."""
    found = op.pagination or (rule.applies(op) if rule else None)
    if found is None:
        return None
    op_names = names.operations[id(op)]
    return next(
        (
            (found, arg, p)
            for arg, p in zip(op_names.args, op.parameters, strict=True)
            if p.wire == found.param and p.location == "query"
        ),
        None,  # the named parameter is not declared: nothing to feed the key to
    )


def paging_method_names(
    op: Operation, names: Names, rule: PaginationRule | None
) -> tuple[Identifier, Identifier] | None:
    """`(iter_<method>, iter_<method>_pages)` when `op` pages (as `describe_operation` decides),
    else None: what a resource class needs before its operations are described."""
    if _paging_param(op, names, rule) is None:
        return None
    method = names.operations[id(op)].method
    return Identifier(f"iter_{method}"), Identifier(f"iter_{method}_pages")


def check_iter_names(tag: str, operations: list[OperationContext]) -> None:
    """Refuse a pagination method that would take the name of another method of the tag."""
    check_method_names(
        tag,
        [
            (
                op.operation_id,
                op.method_name,
                [a.method_name for a in op.aliases],
                None
                if op.pagination is None
                else (op.pagination.iter_items, op.pagination.iter_pages),
            )
            for op in operations
        ],
    )


def check_method_names(
    tag: str, rows: list[tuple[str, str, list[str], tuple[str, str] | None]]
) -> None:
    """`check_iter_names` over (operationId, method, alias methods, pagination methods) rows."""
    taken = {method for _, method, _, _ in rows} | {a for _, _, aliases, _ in rows for a in aliases}
    for operation_id, _, _, paging in rows:
        for name in paging or ():
            if name in taken:
                raise ValueError(
                    f"tag {tag!r}: the pagination method {name}() of {operation_id} "
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
        if not request and FILE_INPUT in text:
            # `format: binary` under a JSON media type (EPA's CSV downloads): the runtime
            # decodes the JSON, so a string arrives as `str`; `FileInput` is a request type.
            text = _FILE_INPUT_WORD.sub("str", text)
        return text
    if base.startswith("text/"):
        return "str"
    return "bytes"


_FILE_INPUT_WORD = re.compile(rf"\b{FILE_INPUT}\b")


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
) -> OperationContext:
    """The context of `op` without its docstrings (`describe_operation` adds them)."""
    op_names = names.operations[id(op)]
    args, params = _parameters(op, names, types, checks)
    body = _body(op, names, types, checks)
    if body is not None:
        args.append(
            ArgumentContext(
                body.arg, body.annotation, body.required, body.doc or "The request body."
            )
        )
        if body.content_type_arg:
            media = ", ".join(body.media_types)
            doc = f"Media type of the body, one of: {media}."
            args.append(ArgumentContext(body.content_type_arg, "str", False, doc))
    args.sort(key=lambda a: not a.required)
    responses, returns = _responses(op, op_names.constant, types, checks)
    return OperationContext(
        constant=op_names.constant,
        method_name=op_names.method,
        operation_id=op.operation_id,
        http_method=op.method,
        path=op.path,
        summary=op.summary,
        description=op.description,
        deprecated=op.deprecated,
        args=tuple(args),
        params=tuple(params),
        body=body,
        responses=tuple(responses),
        security=tuple(op.security),
        returns=_union(returns) if returns else "Any",
        aliases=tuple(
            AliasContext(
                operation_id=old,
                method_name=method,
                docstring=literals.docstring(
                    f"Deprecated alias of `{op_names.method}`: operationId `{old}` was renamed "
                    f"to `{op.operation_id}`.",
                    docs.METHOD_INDENT,
                ),
            )
            for old, method in op_names.aliases
        ),
        pagination=None,
        docstring="",
        async_docstring="",
        accept=_accept(op, responses),
    )


def _accept(op: Operation, responses: list[ResponseContext]) -> str:
    """The `Accept` value that asks for what the client decodes, or "" when nothing to choose.

    Only where a response declares several media types (content negotiation, RFC 9110 12.5.1):
    the server then picks by `Accept`, and without it may send one the client does not decode
    (it decodes JSON first). Lists each decoded media type once, in response order.
    """
    if not any(len(r.media) > 1 for r in op.responses if r.status not in _NO_BODY):
        return ""
    return ", ".join(dict.fromkeys(r.media for r in responses if r.media))


def _parameters(
    op: Operation, names: Names, types: TypeMapper, checks: dict[str, Any]
) -> tuple[list[ArgumentContext], list[ParameterContext]]:
    """The arguments and parameter-table rows of `op`'s parameters (spec order)."""
    op_names = names.operations[id(op)]
    args: list[ArgumentContext] = []
    params: list[ParameterContext] = []
    for arg, param in zip(op_names.args, op.parameters, strict=True):
        if arg == op_names.content_type_arg:
            continue
        annotation = types.annotation(param.schema)
        enum_type = _enum_type(param.schema, types)
        if enum_type:  # plain values welcome too
            annotation += " | " + _PLAIN_ENUM_TYPES.get(enum_type, "str")
        args.append(
            ArgumentContext(
                name=arg,
                annotation=annotation,
                required=param.required,
                doc=param.description or "",
                default=param.default,
                has_default=param.has_default,
                deprecated=param.deprecated,
            )
        )
        params.append(
            ParameterContext(
                arg=arg,
                location=param.location,
                wire=param.wire,
                required=param.required,
                style=param.style,
                explode=param.explode,
                check=_check(checks, op_names.constant, arg, param.schema),
                allow_reserved=param.allow_reserved,
                media_type=param.content_type,
            )
        )
    return args, params


def _body(
    op: Operation, names: Names, types: TypeMapper, checks: dict[str, Any]
) -> BodyContext | None:
    op_names = names.operations[id(op)]
    if op.body is None or not op_names.body_arg:
        return None
    media = op.body.media
    annotation = _union(
        [_media_annotation(m.content_type, m.schema, types, request=True) for m in media] or ["Any"]
    )
    return BodyContext(
        arg=op_names.body_arg,
        media_types=tuple(m.content_type for m in media) or ("application/json",),
        required=op.body.required,
        content_type_arg=op_names.content_type_arg,
        annotation=annotation,
        doc=op.body.description or "",
        checks=tuple(
            (m.content_type, name)
            for index, m in enumerate(media)
            if (name := _check(checks, op_names.constant, f"body_{index}", m.schema))
        ),
        encodings=tuple(
            (m.content_type, tuple((prop, _encoding(e)) for prop, e in m.encoding))
            for m in media
            if m.encoding
        ),
    )


def _responses(
    op: Operation, constant: str, types: TypeMapper, checks: dict[str, Any]
) -> tuple[list[ResponseContext], list[str]]:
    """The response table of `op` and the annotations of its success values."""
    responses: list[ResponseContext] = []
    returns: list[str] = []
    for response in op.responses:
        status = response.status
        success = status.startswith("2") or (status.startswith("3") and status[:1].isdigit())
        # 204, 205 and 304 have no body by HTTP (RFC 9110), whatever the spec declares
        media = None if status in _NO_BODY else _pick_media(response.media)
        if media is None:
            responses.append(ResponseContext(status, None, None, "", ()))
            if success:
                returns.append("None")
            continue
        content_type = _response_media(media.content_type, media.schema, types)
        json = _is_json(content_type)
        codec = types.codec(media.schema) if json else "codecs.PLAIN"
        responses.append(
            ResponseContext(
                status=status,
                decode=codec + ".decode",
                media=content_type,
                check=_check(checks, constant, "r_" + status.lower(), media.schema) if json else "",
                json_types=tuple(_json_types(media.schema, types)) if json else (),
            )
        )
        if success:
            returns.append(_media_annotation(content_type, media.schema, types, request=False))
    return responses, returns


_RANGES = ("*/*", "application/*")


def _response_media(content_type: str, schema: Schema | None, types: TypeMapper) -> str:
    """`application/json` for a media range (`*/*`, `application/*`) whose schema is an object,
    array, number, boolean or union, else `content_type` as declared.

    Specs converted from Swagger 2.0 without `produces` say `*/*` for JSON bodies; decoded as
    bytes, every model they declare would be lost. A value such a schema describes can only
    arrive as JSON, so it is decoded and typed as JSON; any other media type received is an
    `UnexpectedMediaTypeError`, as for a declared `application/json`. A string schema (text,
    binary) keeps the range: bytes."""
    if content_type.split(";", 1)[0].strip().lower() not in _RANGES or schema is None:
        return content_type
    if _json_types(schema, types)[:1] == ["string"] or types.annotation(schema) == "Any":
        return content_type
    return "application/json"


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


def _encoding(encoding: IrEncoding) -> EncodingContext:
    return EncodingContext(
        content_type=encoding.content_type,
        headers=tuple(encoding.headers),
        style=encoding.style,
        explode=encoding.explode,
        allow_reserved=encoding.allow_reserved,
    )


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
