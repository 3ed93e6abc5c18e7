"""Sample values for schemas: a start for a request body, and arguments for smoke tests.

`sample(schema, document)` returns a deterministic JSON value that aims to satisfy the schema:
the schema's own scalar `example` (or `default`, or first `enum` value) when it has one, else a
value built from the type and its constraints (formats, lengths, bounds, `multipleOf`, required
properties, `allOf` merged, the first `oneOf`/`anyOf` branch). Patterns are honoured only
through examples, so a value can still miss; callers that need certainty check it with the
compiled validators. `specgen call SPEC OP --sample-body` prints one for the user to edit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = ["sample"]

MAX_DEPTH = 6
"""Deeper than this, only required properties are filled (recursive schemas stay finite)."""

_FORMATS = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "email": "user@example.com",
    "uri": "https://example.com/x",
    "url": "https://example.com/x",
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "hostname": "example.com",
    "byte": "aGVsbG8=",
    "password": "secret",
}


def sample(
    schema: Any, document: Mapping[str, Any], *, direction: str = "request", depth: int = 0
) -> Any:
    """A JSON value for `schema` (refs resolved in `document`); `direction` skips readOnly
    properties in requests and writeOnly ones in responses."""
    schema = _resolve(schema, document)
    if not isinstance(schema, Mapping):
        return "value"
    for key in ("example", "default"):
        value = schema.get(key)
        if (
            value is not None
            and not isinstance(value, dict | list)
            and _fits(value, schema.get("type"))
        ):
            # Scalar examples know patterns; whole-object examples in specs are often stale, so
            # objects and arrays are built from their properties (and their examples) instead.
            return value
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        values = [v for v in schema["enum"] if v is not None]
        return values[0] if values else None
    if "allOf" in schema:
        return _all_of(schema, document, direction, depth)
    for key in ("oneOf", "anyOf"):
        if isinstance(schema.get(key), list) and schema[key]:
            return sample(schema[key][0], document, direction=direction, depth=depth + 1)
    kind = schema.get("type") or ("object" if "properties" in schema else None)
    if kind == "object":
        return _object(schema, document, direction, depth)
    if kind == "array":
        item = sample(schema.get("items", {}), document, direction=direction, depth=depth + 1)
        count = max(1, int(schema.get("minItems", 1) or 1))
        if schema.get("uniqueItems") and count > 1 and isinstance(item, int | float):
            return [item + n for n in range(count)]
        return [item] * count
    if kind == "string":
        return _string(schema)
    if kind in ("integer", "number"):
        return _number(schema, kind)
    if kind == "boolean":
        return True
    return "value"


_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


def _fits(value: Any, kind: Any) -> bool:
    """Whether an example has the schema's declared type (examples in specs are often wrong)."""
    if not isinstance(kind, str) or kind not in _TYPES:
        return True
    if isinstance(value, bool) and kind in ("integer", "number"):
        return False
    return isinstance(value, _TYPES[kind])


def _resolve(schema: Any, document: Mapping[str, Any]) -> Any:
    seen = 0
    while isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str) and seen < 32:
        ref = schema["$ref"]
        node: Any = document
        for token in ref.removeprefix("#/").split("/") if ref.startswith("#/") else ["?"]:
            token = token.replace("~1", "/").replace("~0", "~")
            node = node.get(token) if isinstance(node, Mapping) else None
        schema = node
        seen += 1
    return schema


def _all_of(
    schema: Mapping[str, Any], document: Mapping[str, Any], direction: str, depth: int
) -> Any:
    merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
    for part in [schema, *schema.get("allOf", [])]:
        part = _resolve(part, document)
        if not isinstance(part, Mapping):
            continue
        if "allOf" in part and part is not schema:
            value = _all_of(part, document, direction, depth)
            if not isinstance(value, dict):
                return value
            merged["properties"].update({k: {"example": v} for k, v in value.items()})
        merged["properties"].update(part.get("properties") or {})
        merged["required"] += list(part.get("required") or [])
        if part.get("type") and part.get("type") != "object" and part is not schema:
            return sample(part, document, direction=direction, depth=depth + 1)
    return _object(merged, document, direction, depth)


def _object(
    schema: Mapping[str, Any], document: Mapping[str, Any], direction: str, depth: int
) -> Any:
    required = set(schema.get("required") or [])
    skip = "readOnly" if direction == "request" else "writeOnly"
    out: dict[str, Any] = {}
    for name, prop in (schema.get("properties") or {}).items():
        resolved = _resolve(prop, document)
        if isinstance(resolved, Mapping) and resolved.get(skip) and name not in required:
            continue
        if depth >= MAX_DEPTH and name not in required:
            continue
        out[name] = sample(prop, document, direction=direction, depth=depth + 1)
    return out


def _string(schema: Mapping[str, Any]) -> str:
    text = _FORMATS.get(str(schema.get("format", "")), "text")
    low = int(schema.get("minLength", 0) or 0)
    high = schema.get("maxLength")
    if len(text) < low:
        text += "x" * (low - len(text))
    if isinstance(high, int) and len(text) > high:
        text = text[:high]
    return text


def _number(schema: Mapping[str, Any], kind: str) -> int | float:
    low, high = schema.get("minimum"), schema.get("maximum")
    step = schema.get("multipleOf")
    value: float = 1
    if isinstance(low, int | float):
        value = low + (1 if schema.get("exclusiveMinimum") else 0)
    elif isinstance(high, int | float) and high < 1:
        value = high - (1 if schema.get("exclusiveMaximum") else 0)
    if isinstance(step, int | float) and step > 0:
        value = math.ceil(value / step) * step
    if kind == "integer":
        return int(math.ceil(value))
    return value
