"""Field types first: every OpenAPI 3.0 field is type-checked before any rule or stage reads it.

`check(data)` walks the document along the OpenAPI 3.0 object model (the table below: which
field of which object holds a string, a boolean, a number, a list, a map or another object)
and returns a *typed view* of it, in which every mistyped field is left out, plus one finding
per mistyped field. The semantic rules read only the typed view, so a mapping where a name
should be, or a list where a type should be, is reported once, here, and never reaches a rule
as a `TypeError` or an unhashable value. A spec with any finding is refused before later stages
(IR, naming, plan, validators) run, so they only ever see documents that passed this check.

Unknown fields are left to the structural check; `x-` extensions, `example`, `default`, `enum`
items and example values are data (any JSON value), which every reader must accept.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from generator.diagnostics import PointerPath, pointer_of

__all__ = ["check"]

Finding = tuple[str, str, str]
"""(code, JSON pointer, message)."""

# A field type: a leaf kind, ("obj", name), ("map", type[, "extensible": `x-` keys are data]),
# ("list", type) or ("any-of", types...).
Type = Any

STR, BOOL, INT, NUM, ANY = "string", "boolean", "integer", "number", "any"

_SCHEMA: Type = ("obj", "Schema")
_ANY_MAP: Type = ("map", ANY)

OBJECTS: dict[str, dict[str, Type]] = {
    "Document": {
        "openapi": STR,
        "info": ("obj", "Info"),
        "servers": ("list", ("obj", "Server")),
        "paths": ("map", ("obj", "PathItem"), "extensible"),
        "components": ("obj", "Components"),
        "security": ("list", ("map", ("list", STR))),
        "tags": ("list", ("obj", "Tag")),
        "externalDocs": ("obj", "ExternalDocs"),
    },
    "Info": {
        "title": STR,
        "description": STR,
        "termsOfService": STR,
        "version": STR,
        "contact": ("obj", "Contact"),
        "license": ("obj", "License"),
    },
    "Contact": {"name": STR, "url": STR, "email": STR},
    "License": {"name": STR, "url": STR},
    "Server": {"url": STR, "description": STR, "variables": ("map", ("obj", "ServerVariable"))},
    "ServerVariable": {"enum": ("list", STR), "default": STR, "description": STR},
    "Components": {
        "schemas": ("map", _SCHEMA),
        "responses": ("map", ("obj", "Response")),
        "parameters": ("map", ("obj", "Parameter")),
        "examples": ("map", ("obj", "Example")),
        "requestBodies": ("map", ("obj", "RequestBody")),
        "headers": ("map", ("obj", "Header")),
        "securitySchemes": ("map", ("obj", "SecurityScheme")),
        "links": ("map", ("obj", "Link")),
        "callbacks": _ANY_MAP,  # no stage reads callbacks
    },
    "PathItem": {
        "$ref": STR,
        "summary": STR,
        "description": STR,
        **{
            m: ("obj", "Operation")
            for m in ("get", "put", "post", "delete", "options", "head", "patch", "trace")
        },
        "servers": ("list", ("obj", "Server")),
        "parameters": ("list", ("obj", "Parameter")),
    },
    "Operation": {
        "tags": ("list", STR),
        "summary": STR,
        "description": STR,
        "externalDocs": ("obj", "ExternalDocs"),
        "operationId": STR,
        "parameters": ("list", ("obj", "Parameter")),
        "requestBody": ("obj", "RequestBody"),
        "responses": ("map", ("obj", "Response"), "extensible"),
        "callbacks": _ANY_MAP,
        "deprecated": BOOL,
        "security": ("list", ("map", ("list", STR))),
        "servers": ("list", ("obj", "Server")),
    },
    "ExternalDocs": {"description": STR, "url": STR},
    "Parameter": {
        "$ref": STR,
        "name": STR,
        "in": STR,
        "description": STR,
        "required": BOOL,
        "deprecated": BOOL,
        "allowEmptyValue": BOOL,
        "style": STR,
        "explode": BOOL,
        "allowReserved": BOOL,
        "schema": _SCHEMA,
        "example": ANY,
        "examples": ("map", ("obj", "Example")),
        "content": ("map", ("obj", "MediaType")),
    },
    "RequestBody": {
        "$ref": STR,
        "description": STR,
        "content": ("map", ("obj", "MediaType")),
        "required": BOOL,
    },
    "MediaType": {
        "schema": _SCHEMA,
        "example": ANY,
        "examples": ("map", ("obj", "Example")),
        "encoding": ("map", ("obj", "Encoding")),
    },
    "Encoding": {
        "contentType": STR,
        "headers": ("map", ("obj", "Header")),
        "style": STR,
        "explode": BOOL,
        "allowReserved": BOOL,
    },
    "Response": {
        "$ref": STR,
        "description": STR,
        "headers": ("map", ("obj", "Header")),
        "content": ("map", ("obj", "MediaType")),
        "links": ("map", ("obj", "Link")),
    },
    "Example": {
        "$ref": STR,
        "summary": STR,
        "description": STR,
        "value": ANY,
        "externalValue": STR,
    },
    "Link": {
        "$ref": STR,
        "operationRef": STR,
        "operationId": STR,
        "parameters": _ANY_MAP,
        "requestBody": ANY,
        "description": STR,
        "server": ("obj", "Server"),
    },
    "Tag": {"name": STR, "description": STR, "externalDocs": ("obj", "ExternalDocs")},
    "SecurityScheme": {
        "$ref": STR,
        "type": STR,
        "description": STR,
        "name": STR,
        "in": STR,
        "scheme": STR,
        "bearerFormat": STR,
        "flows": ("map", ("obj", "OAuthFlow")),
        "openIdConnectUrl": STR,
    },
    "OAuthFlow": {
        "authorizationUrl": STR,
        "tokenUrl": STR,
        "refreshUrl": STR,
        "scopes": ("map", STR),
    },
    "Schema": {
        "$ref": STR,
        "title": STR,
        "multipleOf": NUM,
        "maximum": NUM,
        "exclusiveMaximum": BOOL,
        "minimum": NUM,
        "exclusiveMinimum": BOOL,
        "maxLength": INT,
        "minLength": INT,
        "pattern": STR,
        "maxItems": INT,
        "minItems": INT,
        "uniqueItems": BOOL,
        "maxProperties": INT,
        "minProperties": INT,
        "required": ("list", STR),
        "enum": ("list", ANY),
        "type": "schema-type",
        "allOf": ("list", _SCHEMA),
        "oneOf": ("list", _SCHEMA),
        "anyOf": ("list", _SCHEMA),
        "not": _SCHEMA,
        "items": _SCHEMA,
        "properties": ("map", _SCHEMA),
        "additionalProperties": ("any-of", BOOL, _SCHEMA),
        "description": STR,
        "format": STR,
        "default": ANY,
        "nullable": BOOL,
        "discriminator": ("obj", "Discriminator"),
        "readOnly": BOOL,
        "writeOnly": BOOL,
        "xml": ("obj", "XML"),
        "externalDocs": ("obj", "ExternalDocs"),
        "example": ANY,
        "deprecated": BOOL,
    },
    "Discriminator": {"propertyName": STR, "mapping": ("map", STR)},
    "XML": {
        "name": STR,
        "namespace": STR,
        "prefix": STR,
        "attribute": BOOL,
        "wrapped": BOOL,
    },
}
# A Header Object is a Parameter Object without `name` and `in` (OpenAPI 3.0.3 4.7.21).
OBJECTS["Header"] = {k: v for k, v in OBJECTS["Parameter"].items() if k not in ("name", "in")}

_LEAVES: dict[str, Callable[[Any], bool]] = {
    STR: lambda v: isinstance(v, str),
    BOOL: lambda v: isinstance(v, bool),
    INT: lambda v: isinstance(v, int) and not isinstance(v, bool),
    NUM: lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    ANY: lambda v: True,
    "schema-type": lambda v: isinstance(v, str),
}
_NAMES = {
    STR: "a string",
    BOOL: "a boolean",
    INT: "an integer",
    NUM: "a number",
    "schema-type": "a string",
    "map": "a mapping",
    "obj": "a mapping",
    "list": "a list",
}

_DROP = object()


def check(data: dict[str, Any]) -> tuple[dict[str, Any], list[Finding]]:
    """The typed view of `data` (mistyped fields left out) and one finding per mistyped field."""
    findings: list[Finding] = []
    view = _Walker(findings).walk(data, ("obj", "Document"), None)
    return (view if isinstance(view, dict) else {}), findings


class _Walker:
    """One walk over the document; a field's pointer is written out only when it is mistyped
    (`PointerPath`), so a clean document costs no string work."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        self.memo: dict[tuple[int, Type], Any] = {}  # YAML aliases share nodes: walk each once

    def walk(self, value: Any, kind: Type, path: PointerPath) -> Any:
        if isinstance(kind, str):
            if _LEAVES[kind](value):
                return value
            return self._wrong(value, kind, path)
        shape = kind[0]
        if shape == "any-of":
            for option in kind[1:]:
                if _accepts(value, option):
                    return self.walk(value, option, path)
            return self._wrong(value, kind, path)
        key = (id(value), kind)
        found = self.memo.get(key)
        if found is not None:
            return found
        if shape == "list":
            if not isinstance(value, list):
                return self._wrong(value, kind, path)
            item_kind = kind[1]
            if item_kind == ANY:
                return value  # data (enum items): nothing to check, nothing to copy
            result: Any = []
            for i, v in enumerate(value):
                walked = self.walk(v, item_kind, (path, i))
                if walked is not _DROP:
                    result.append(walked)
        elif not isinstance(value, dict):
            return self._wrong(value, kind, path)
        elif shape == "map":
            result = {}
            item_kind = kind[1]
            extensible = len(kind) > 2
            for name, item in value.items():
                if extensible and name.startswith("x-"):
                    result[name] = item  # an extension (Paths, Responses): opaque data
                    continue
                walked = self.walk(item, item_kind, (path, name))
                if walked is not _DROP:
                    result[name] = walked
        else:
            fields = OBJECTS[kind[1]]
            result = {}
            leaves = _LEAVES
            for name, item in value.items():
                field = fields.get(name)
                if field is None or name.startswith("x-"):
                    result[name] = item  # unknown: the structural check's; extensions: data
                elif field.__class__ is str:  # a leaf, checked here (no call per field)
                    if leaves[field](item):
                        result[name] = item
                    else:
                        self._wrong(item, field, (path, name))
                else:
                    walked = self.walk(item, field, (path, name))
                    if walked is not _DROP:
                        result[name] = walked
        self.memo[key] = result
        return result

    def _wrong(self, value: Any, kind: Type, path: PointerPath) -> Any:
        pointer = pointer_of(path)
        expected = _describe(kind)
        field = pointer.rsplit("/", 1)[-1] if pointer else "the document"
        message = f"{field} must be {expected}, not {_type_name(value)} ({_short(value)})"
        code = "oas-schema"
        if kind == "schema-type":
            code = "invalid-schema-type"
            if value == "null" or (isinstance(value, list) and "null" in value):
                message += "; OpenAPI 3.0 has no null type, use `nullable: true`"
            elif isinstance(value, list):
                message += "; OpenAPI 3.0 takes a single type (lists are 3.1)"
        self.findings.append((code, pointer, message))
        return _DROP


def _accepts(value: Any, kind: Type) -> bool:
    if isinstance(kind, str):
        return _LEAVES[kind](value)
    return isinstance(value, list) if kind[0] == "list" else isinstance(value, dict)


def _describe(kind: Type) -> str:
    if isinstance(kind, str):
        return _NAMES.get(kind, kind)
    if kind[0] == "any-of":
        return " or ".join(_describe(k) for k in kind[1:])
    return _NAMES[kind[0]]


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "a string"


def _short(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."
