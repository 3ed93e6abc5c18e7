"""Sample values for schemas: a start for a request body, and arguments for smoke tests.

`sample(schema, document)` returns a deterministic JSON value that aims to satisfy the schema:
the schema's own scalar `example` (or `default`, or first `enum` value) when it has one, else a
value built from the type and its constraints (formats, lengths, bounds, `multipleOf`, required
properties, `allOf` merged (objects through refs and nested allOf; an array or scalar part as
itself), the first `oneOf`/`anyOf` branch). Recursive required properties end at `MAX_DEPTH`
with empty arrays (and optional properties left out). Patterns are honoured only
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

HARD_DEPTH = 4 * MAX_DEPTH
"""Past this, a sample is null: only schemas that require infinite values get this deep."""

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
    if depth > HARD_DEPTH:
        return None  # a cycle no optional branch breaks (minItems >= 1 all the way down)
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
        low = int(schema.get("minItems", 0) or 0)
        if depth >= MAX_DEPTH and low == 0:
            return []  # recursive schemas (a node's required children) end here
        item = sample(schema.get("items", {}), document, direction=direction, depth=depth + 1)
        count = max(1, low)
        if schema.get("uniqueItems") and count > 1:
            return [_variant(item, n) for n in range(count)]
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
    """One value for every part: the parts' objects merged (properties and required, through
    refs and nested allOf), or the first part that is no object (an array, a string...)."""
    merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
    parts = _flatten(schema, document, 0)
    kinds = {p.get("type") for p in parts} - {None, "object"}
    if kinds or not any("properties" in p or p.get("type") == "object" for p in parts):
        # not objects (an array with its items in one part and minItems in another...): one
        # schema holding every part's keywords, the strictest bound of each
        return sample(_merge_keywords(parts), document, direction=direction, depth=depth + 1)
    for part in parts:
        merged["properties"].update(part.get("properties") or {})
        merged["required"] += [r for r in part.get("required") or [] if r not in merged["required"]]
    return _object(merged, document, direction, depth)


_LOWER_BOUNDS = ("minItems", "minLength", "minimum", "minProperties")
_UPPER_BOUNDS = ("maxItems", "maxLength", "maximum", "maxProperties")


def _merge_keywords(parts: list[Mapping[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in parts:
        for key, value in part.items():
            if key in out and key in _LOWER_BOUNDS and isinstance(value, int | float):
                out[key] = max(out[key], value)
            elif key in out and key in _UPPER_BOUNDS and isinstance(value, int | float):
                out[key] = min(out[key], value)
            elif key not in out or key not in ("example", "default", "description"):
                out[key] = value
    return out


def _flatten(schema: Any, document: Mapping[str, Any], level: int) -> list[Mapping[str, Any]]:
    """`schema` and its allOf parts, refs resolved, nested allOf expanded (bounded)."""
    schema = _resolve(schema, document)
    if not isinstance(schema, Mapping) or level > 16:
        return []
    parts: list[Mapping[str, Any]] = [{k: v for k, v in schema.items() if k != "allOf"}]
    for sub in schema.get("allOf") or []:
        parts += _flatten(sub, document, level + 1)
    return parts


def _object(
    schema: Mapping[str, Any], document: Mapping[str, Any], direction: str, depth: int
) -> Any:
    required = set(schema.get("required") or [])
    # readOnly values are refused in requests and writeOnly ones unexpected in responses, even
    # when listed as required (OAS 3.0: required there applies to the other direction only)
    skip = "readOnly" if direction == "request" else "writeOnly"
    out: dict[str, Any] = {}
    for name, prop in (schema.get("properties") or {}).items():
        resolved = _resolve(prop, document)
        if isinstance(resolved, Mapping) and resolved.get(skip):
            continue
        if depth >= MAX_DEPTH and name not in required:
            continue
        out[name] = sample(prop, document, direction=direction, depth=depth + 1)
    return out


def _variant(item: Any, n: int) -> Any:
    """The n-th distinct variant of a sample item, for uniqueItems (best effort)."""
    if n == 0 or isinstance(item, bool):
        return item
    if isinstance(item, int | float):
        return item + n
    if isinstance(item, str) and "@" in item:
        local, _, domain = item.partition("@")
        return f"{local}{n}@{domain}"  # an email stays an email
    if isinstance(item, str) and item.isalpha():
        return item + "x" * n
    return item


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
