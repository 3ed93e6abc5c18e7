"""Build the IR from a bundled OpenAPI document (only local `#/...` refs left).

This stage decides what each schema *is* (object, enum, array, map, union, primitive...) but
not what it is called in Python; it records name hints for the naming stage instead.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from generator.diagnostics import join_pointer, resolve_pointer, unescape_pointer_token
from generator.ir.model import (
    AnySchema,
    Api,
    ArraySchema,
    Body,
    Encoding,
    EnumSchema,
    MapSchema,
    Media,
    ObjectSchema,
    Operation,
    Pagination,
    Parameter,
    PrimitiveSchema,
    Property,
    RefSchema,
    Response,
    Schema,
    SecurityScheme,
    Server,
    UnionSchema,
)

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMA_PREFIX = "#/components/schemas/"


def build_api(document: dict[str, Any]) -> Api:
    return _Builder(document).build()


class _Builder:
    def __init__(self, document: dict[str, Any]) -> None:
        self.doc = document
        self.inline: list[Schema] = []
        self._inline_ids: set[int] = set()
        self._replaced: list[Schema] = []
        self._resolving: set[str] = set()

    # --- document level ---------------------------------------------------------------

    def build(self) -> Api:
        doc = self.doc
        info = doc.get("info") or {}
        components = doc.get("components") or {}
        schemas: dict[str, Schema] = {}
        for name, node in (components.get("schemas") or {}).items():
            pointer = join_pointer("/components/schemas", name)
            schema = self.schema(node, pointer, (name,), top_level=True)
            if id(schema) in self._inline_ids:
                # `Name: {allOf: [{inline object}]}` is that object: the component owns it.
                self.inline.remove(schema)
                self._inline_ids.discard(id(schema))
            schemas[name] = schema
        operations = self.operations()
        tags: list[str] = []
        for op in operations:
            for tag in op.tags[:1]:
                if tag not in tags:
                    tags.append(tag)
        return Api(
            title=str(info.get("title", "")),
            version=str(info.get("version", "")),
            description=str(info.get("description", "") or ""),
            servers=tuple(
                Server(_server_url(s), str(s.get("description", "") or ""))
                for s in doc.get("servers") or []
                if isinstance(s, dict)
            ),
            operations=tuple(operations),
            schemas=schemas,
            inline_models=tuple(self.inline),
            security_schemes=self.security_schemes(components.get("securitySchemes") or {}),
            tags=tuple(tags),
        )

    def security_schemes(self, nodes: dict[str, Any]) -> tuple[SecurityScheme, ...]:
        out = []
        for name, node in nodes.items():
            node = self.deref(node)
            out.append(
                SecurityScheme(
                    name=name,
                    type=str(node.get("type", "")),
                    location=str(node.get("in", "")),
                    param_name=str(node.get("name", "")),
                    scheme=str(node.get("scheme", "")).lower(),
                    description=str(node.get("description", "") or ""),
                )
            )
        return tuple(out)

    def operations(self) -> list[Operation]:
        ops: list[Operation] = []
        global_security = self.doc.get("security")
        for path, item in (self.doc.get("paths") or {}).items():
            item = self.deref(item)
            if not isinstance(item, dict):
                continue
            item_pointer = join_pointer("/paths", path)
            shared = item.get("parameters") or []
            for method in HTTP_METHODS:
                node = item.get(method)
                if not isinstance(node, dict):
                    continue
                pointer = join_pointer(item_pointer, method)
                ops.append(
                    self.operation(
                        path, method, node, pointer, shared, item_pointer, global_security
                    )
                )
        return ops

    def operation(
        self,
        path: str,
        method: str,
        node: dict[str, Any],
        pointer: str,
        shared: list[Any],
        item_pointer: str,
        global_security: Any,
    ) -> Operation:
        op_id = node.get("operationId")
        has_id = isinstance(op_id, str) and bool(op_id.strip())
        if not has_id:
            op_id = derive_operation_id(method, path)
        hint = str(op_id)
        params: dict[tuple[str, str], Parameter] = {}
        for index, raw in enumerate(shared):
            param = self.parameter(raw, join_pointer(item_pointer, "parameters", index), hint)
            params[(param.wire, param.location)] = param
        for index, raw in enumerate(node.get("parameters") or []):
            param = self.parameter(raw, join_pointer(pointer, "parameters", index), hint)
            params[(param.wire, param.location)] = param
        body = None
        if node.get("requestBody") is not None:
            body = self.body(node["requestBody"], join_pointer(pointer, "requestBody"), hint)
        responses = tuple(
            self.response(str(status), raw, join_pointer(pointer, "responses", status), hint)
            for status, raw in (node.get("responses") or {}).items()
        )
        security = node.get("security", global_security) or []
        schemes: list[str] = []
        for requirement in security:
            for scheme in requirement or {}:
                if scheme not in schemes:
                    schemes.append(scheme)
        tags = tuple(str(t) for t in node.get("tags") or [] if str(t).strip())
        return Operation(
            method=method.upper(),
            path=path,
            operation_id=str(op_id),
            has_operation_id=has_id,
            tags=tags or ("default",),
            summary=str(node.get("summary", "") or ""),
            description=str(node.get("description", "") or ""),
            parameters=tuple(params.values()),
            body=body,
            responses=responses,
            security=tuple(schemes),
            deprecated=bool(node.get("deprecated", False)),
            pointer=pointer,
            pagination=spec_pagination(node),
        )

    def parameter(self, raw: Any, pointer: str, op_hint: str) -> Parameter:
        node, pointer = self.deref_with_pointer(raw, pointer)
        name = str(node.get("name", ""))
        location = str(node.get("in", "query"))
        schema_node = node.get("schema")
        content_type = ""
        if schema_node is None and isinstance(node.get("content"), dict) and node["content"]:
            content_type, media = next(iter(node["content"].items()))
            schema_node = (media or {}).get("schema")
        schema = self.schema(schema_node or {}, join_pointer(pointer, "schema"), (op_hint, name))
        schema_dict = self.deref(schema_node) if isinstance(schema_node, dict) else {}
        style = str(node.get("style", "") or "")
        default_explode = style in ("", "form") and location in ("query", "cookie")
        return Parameter(
            wire=name,
            location=location,
            schema=schema,
            required=bool(node.get("required", location == "path")),
            description=str(node.get("description", "") or ""),
            deprecated=bool(node.get("deprecated", False)),
            style=style,
            explode=bool(node.get("explode", default_explode)),
            default=schema_dict.get("default") if isinstance(schema_dict, dict) else None,
            has_default=isinstance(schema_dict, dict) and "default" in schema_dict,
            allow_reserved=bool(node.get("allowReserved", False)),
            content_type=str(content_type),
        )

    def body(self, raw: Any, pointer: str, op_hint: str) -> Body:
        node, pointer = self.deref_with_pointer(raw, pointer)
        return Body(
            media=self.media(
                node.get("content") or {}, join_pointer(pointer, "content"), (op_hint, "Body")
            ),
            required=bool(node.get("required", False)),
            description=str(node.get("description", "") or ""),
        )

    def response(self, status: str, raw: Any, pointer: str, op_hint: str) -> Response:
        node, pointer = self.deref_with_pointer(raw, pointer)
        suffix = "Response" if status.startswith("2") else f"Response{status}"
        return Response(
            status=status,
            description=str(node.get("description", "") or ""),
            media=self.media(
                node.get("content") or {}, join_pointer(pointer, "content"), (op_hint, suffix)
            ),
            headers=tuple(str(h) for h in node.get("headers") or {}),
        )

    def media(
        self, content: dict[str, Any], pointer: str, hint: tuple[str, ...]
    ) -> tuple[Media, ...]:
        out = []
        for content_type, node in content.items():
            node = node or {}
            schema_node = node.get("schema")
            schema = None
            if schema_node is not None:
                schema = self.schema(
                    schema_node, join_pointer(pointer, content_type, "schema"), hint
                )
            out.append(
                Media(
                    content_type=str(content_type),
                    schema=schema,
                    example=node.get("example"),
                    has_example="example" in node,
                    encoding=self.encodings(node.get("encoding")),
                )
            )
        return tuple(out)

    def encodings(self, raw: Any) -> tuple[tuple[str, Encoding], ...]:
        """The Encoding Objects of a Media Type Object, by property name."""
        if not isinstance(raw, dict):
            return ()
        out = []
        for prop, node in raw.items():
            node = self.deref(node) if isinstance(node, dict) else {}
            headers = []
            for header, spec in (node.get("headers") or {}).items():
                value = _fixed_value(self.deref(spec))
                if value is not None and str(header).lower() != "content-type":
                    headers.append((str(header), value))
            explode = node.get("explode")
            out.append(
                (
                    str(prop),
                    Encoding(
                        content_type=str(node.get("contentType", "") or ""),
                        headers=tuple(headers),
                        style=str(node.get("style", "") or ""),
                        explode=explode if isinstance(explode, bool) else None,
                        allow_reserved=bool(node.get("allowReserved", False)),
                    ),
                )
            )
        return tuple(out)

    # --- refs -------------------------------------------------------------------------

    def deref(self, node: Any) -> Any:
        return self.deref_with_pointer(node, "")[0]

    def deref_with_pointer(self, node: Any, pointer: str) -> tuple[Any, str]:
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen or not ref.startswith("#"):
                return {}, pointer
            seen.add(ref)
            try:
                node = resolve_pointer(self.doc, ref)
            except LookupError:
                return {}, pointer
            pointer = ref[1:]
        return (node if isinstance(node, dict) else {}), pointer

    # --- schemas ----------------------------------------------------------------------

    def schema(
        self, node: Any, pointer: str, hint: tuple[str, ...], top_level: bool = False
    ) -> Schema:
        if not isinstance(node, dict):
            return AnySchema(pointer, raw=node)
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref.startswith(SCHEMA_PREFIX) and "/" not in ref[len(SCHEMA_PREFIX) :]:
                name = unescape_pointer_token(ref[len(SCHEMA_PREFIX) :])
                if name in (self.doc.get("components") or {}).get("schemas", {}):
                    return RefSchema(pointer, target=name, raw=node)
                return AnySchema(pointer, raw=node)
            if ref in self._resolving:
                return AnySchema(pointer, raw=node)
            self._resolving.add(ref)
            try:
                target, target_pointer = self.deref_with_pointer(node, pointer)
                return self.schema(target, target_pointer, hint)
            finally:
                self._resolving.discard(ref)
        result = self._schema(node, pointer, hint)
        if (
            not top_level
            and isinstance(result, (ObjectSchema, EnumSchema))
            and id(result) not in self._inline_ids
        ):
            self._inline_ids.add(id(result))
            self.inline.append(result)
        return result

    def _schema(self, node: dict[str, Any], pointer: str, hint: tuple[str, ...]) -> Schema:
        nullable = bool(node.get("nullable", False))
        description = str(node.get("description", "") or "")
        common: dict[str, Any] = {"nullable": nullable, "description": description, "raw": node}
        if "allOf" in node and isinstance(node["allOf"], list):
            return self.all_of(node, pointer, hint, common)
        for keyword in ("oneOf", "anyOf"):
            variants = node.get(keyword)
            if isinstance(variants, list) and variants:
                return self.union(node, variants, join_pointer(pointer, keyword), hint, common)
        if isinstance(node.get("enum"), list) and node["enum"]:
            return self.enum(node, pointer, hint, common)
        kind = node.get("type")
        if kind == "array" or (kind is None and "items" in node):
            items = self.schema(
                node.get("items", {}), join_pointer(pointer, "items"), (*hint, "Item")
            )
            return ArraySchema(pointer, items=items, **common)
        if kind == "object" or (
            kind is None and ("properties" in node or "additionalProperties" in node)
        ):
            return self.object(node, pointer, hint, common)
        if _int_or_string(node):
            # Kubernetes' IntOrString (`format: int-or-string`): a primitive union, `int | str`
            return UnionSchema(
                pointer,
                variants=(
                    PrimitiveSchema(pointer, type="integer", raw={"type": "integer"}),
                    PrimitiveSchema(pointer, type="string", raw={"type": "string"}),
                ),
                **common,
            )
        if kind in ("string", "integer", "number", "boolean"):
            return PrimitiveSchema(
                pointer, type=kind, format=str(node.get("format", "") or ""), **common
            )
        return AnySchema(pointer, **common)

    def object(
        self, node: dict[str, Any], pointer: str, hint: tuple[str, ...], common: dict[str, Any]
    ) -> Schema:
        properties = node.get("properties") or {}
        additional = node.get("additionalProperties", True)
        if not properties:
            values = None
            if isinstance(additional, dict) and additional:
                values = self.schema(
                    additional, join_pointer(pointer, "additionalProperties"), (*hint, "Value")
                )
            return MapSchema(pointer, values=values, **common)
        required = set(node.get("required") or [])
        props = []
        for wire, prop_node in properties.items():
            prop_pointer = join_pointer(pointer, "properties", wire)
            schema = self.schema(prop_node, prop_pointer, (*hint, str(wire)))
            resolved = self.deref(prop_node)
            props.append(
                Property(
                    wire=str(wire),
                    schema=schema,
                    required=wire in required,
                    description=str(resolved.get("description", "") or ""),
                    read_only=bool(resolved.get("readOnly", False)),
                    write_only=bool(resolved.get("writeOnly", False)),
                )
            )
        extra: bool | Schema = additional if isinstance(additional, bool) else True
        if isinstance(additional, dict) and additional:
            extra = self.schema(
                additional, join_pointer(pointer, "additionalProperties"), (*hint, "Value")
            )
        return ObjectSchema(
            pointer,
            properties=tuple(props),
            additional=extra,
            hint=hint,
            title=str(node.get("title", "") or ""),
            **common,
        )

    def all_of(
        self, node: dict[str, Any], pointer: str, hint: tuple[str, ...], common: dict[str, Any]
    ) -> Schema:
        parts = node["allOf"]
        if len(parts) == 1 and not node.get("properties"):
            # `allOf: [X]` is how OAS 3.0 adds a description or nullable to X: it is X.
            inner = self.schema(parts[0], join_pointer(pointer, "allOf", 0), hint)
            if not common["nullable"] or inner.nullable:
                return inner
            if isinstance(inner, RefSchema):
                return RefSchema(
                    pointer,
                    nullable=True,
                    description=inner.description,
                    raw=node,
                    target=inner.target,
                )
            nullable = dataclasses.replace(inner, nullable=True)
            if id(inner) in self._inline_ids:
                self._replaced.append(inner)  # kept alive: its id stays taken
                self.inline[self.inline.index(inner)] = nullable
                self._inline_ids.add(id(nullable))
            return nullable
        merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
        for part in [*parts, {k: v for k, v in node.items() if k != "allOf"}]:
            part = self._flatten_all_of(part, set())
            if part is None:
                return AnySchema(pointer, **common)
            merged["properties"].update(part.get("properties") or {})
            merged["required"].extend(
                r for r in part.get("required") or [] if r not in merged["required"]
            )
            if part.get("additionalProperties") is False:
                merged["additionalProperties"] = False
        if not merged["properties"]:
            return AnySchema(pointer, **common)
        return self.object(merged, pointer, hint, common)

    def _flatten_all_of(self, part: Any, seen: set[str]) -> dict[str, Any] | None:
        """An allOf member as one object schema, or None when it is not object-like."""
        if isinstance(part, dict) and isinstance(part.get("$ref"), str):
            ref = part["$ref"]
            if ref in seen:
                return None
            part = self.deref(part)
            seen = seen | {ref}
        if not isinstance(part, dict):
            return None
        if part.get("type") not in (None, "object") or "oneOf" in part or "anyOf" in part:
            return None
        if "allOf" in part:
            out: dict[str, Any] = {"properties": {}, "required": []}
            for sub in [*part["allOf"], {k: v for k, v in part.items() if k != "allOf"}]:
                flat = self._flatten_all_of(sub, seen)
                if flat is None:
                    return None
                out["properties"].update(flat.get("properties") or {})
                out["required"].extend(flat.get("required") or [])
            return out
        return part

    def union(
        self,
        node: dict[str, Any],
        variants: list[Any],
        pointer: str,
        hint: tuple[str, ...],
        common: dict[str, Any],
    ) -> Schema:
        converted = tuple(
            self.schema(v, join_pointer(pointer, i), (*hint, f"Option{i + 1}"))
            for i, v in enumerate(variants)
        )
        return UnionSchema(pointer.rsplit("/", 1)[0], variants=converted, **common)

    def enum(
        self, node: dict[str, Any], pointer: str, hint: tuple[str, ...], common: dict[str, Any]
    ) -> Schema:
        values = [v for v in node["enum"] if v is not None]
        kind = node.get("type")
        # Null is a value exactly when the validator accepts it: the enum lists null and either
        # `nullable: true` relaxes the type or there is no type to refuse it (OAS 3.0.3).
        lists_null = len(values) != len(node["enum"])
        common = {**common, "nullable": lists_null and (common["nullable"] or kind is None)}
        if all(isinstance(v, str) for v in values):
            inferred = "string"
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            inferred = "integer"
        elif all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            inferred = "number"
        else:
            inferred = ""
        if (
            not values
            or not inferred
            or (
                kind is not None
                and kind != inferred
                and not (kind == "number" and inferred == "integer")
            )
        ):
            if kind in ("string", "integer", "number", "boolean"):
                return PrimitiveSchema(
                    pointer, type=kind, format=str(node.get("format", "") or ""), **common
                )
            return AnySchema(pointer, **common)
        unique = tuple(dict.fromkeys(values))
        return EnumSchema(pointer, type=kind or inferred, values=unique, hint=hint, **common)


def _int_or_string(node: dict[str, Any]) -> bool:
    """Kubernetes' IntOrString: `type: string, format: int-or-string` (its OpenAPI documents) or
    `x-kubernetes-int-or-string: true` (its CRDs); the value is an integer or a string."""
    if node.get("x-kubernetes-int-or-string") is True:
        return True
    return node.get("format") == "int-or-string" and node.get("type") in (None, "string")


def _server_url(server: dict[str, Any]) -> str:
    """The server URL with each `{variable}` replaced by its default, as the spec requires."""
    url = str(server.get("url", ""))
    for name, variable in (server.get("variables") or {}).items():
        if isinstance(variable, dict) and "default" in variable:
            url = url.replace("{" + str(name) + "}", str(variable["default"]))
    return url


def derive_operation_id(method: str, path: str) -> str:
    """`get /users/{id}/items` -> `get_users_id_items`: stable names for anonymous operations."""
    words = [method.lower()]
    for segment in path.strip("/").split("/"):
        segment = segment.strip("{}")
        if segment:
            words.append(segment)
    return "_".join(words)


__all__ = ["build_api", "derive_operation_id"]


def spec_pagination(node: dict[str, Any]) -> Pagination | None:
    """The `x-soracom-cli-pagination` extension of an operation, when well formed."""
    ext = node.get("x-soracom-cli-pagination")
    if not isinstance(ext, dict):
        return None
    request, response = ext.get("request"), ext.get("response")
    if not isinstance(request, dict) or not isinstance(response, dict):
        return None
    param, header = request.get("param"), response.get("header")
    if isinstance(param, str) and isinstance(header, str) and param and header:
        return Pagination(param=param, header=header.lower())
    return None


def _fixed_value(header: Any) -> str | None:
    """A header's value when the spec fixes it: a one-value enum, else the schema default."""
    schema = header.get("schema") if isinstance(header, dict) else None
    if not isinstance(schema, dict):
        return None
    enum = schema.get("enum")
    if isinstance(enum, list) and len(enum) == 1 and isinstance(enum[0], str | int | float):
        return str(enum[0])
    default = schema.get("default")
    if isinstance(default, str | int | float) and not isinstance(default, bool):
        return str(default)
    return None
