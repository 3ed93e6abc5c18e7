"""Reading parameters off the wire: OpenAPI styles and explode undone, strings typed per schema.

The runtime serializes arguments (`runtime/styles.py`); the mock and `specgen verify` need the
reverse, and read by the same delimiter table (`styles.path_layout`, `styles.QUERY_SEPARATORS`),
so what a client sends is what they read (`tests/unit/test_style_round_trip.py`). A value
that cannot be read as its schema's type (``limit=abc`` for an integer) raises
`Malformed`, which the mock answers with 400; a value that reads fine but breaks the schema
(``limit=0`` with ``minimum: 1``) is left to the compiled validators (422).
Source: OpenAPI 3.0.3, "Style Values" and "Style Examples" (section 4.7.12.4).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import quote, unquote

from generator.runtime.styles import QUERY_SEPARATORS, path_layout

__all__ = ["Malformed", "read_param"]

_INTEGER = re.compile(r"-?\d+\Z")
_NUMBER = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\Z")
_SEPARATORS = {style: unquote(sep) for style, sep in QUERY_SEPARATORS.items()}  # decoded


class Malformed(ValueError):
    """A parameter value that cannot be read as its declared type or style."""


def schema_type(schema: Any) -> str:
    """The declared `type`, or one inferred from `items`/`properties`/`enum` ('' when unknown)."""
    if not isinstance(schema, Mapping):
        return ""
    declared = schema.get("type")
    if isinstance(declared, str):
        return declared
    if "items" in schema:
        return "array"
    if "properties" in schema:
        return "object"
    return ""


def properties(schema: Any, deref: Callable[[Any], Any]) -> dict[str, Any]:
    """An object schema's properties, those of its `allOf` branches included (a form body
    written `allOf: [$ref, {properties}]`, MineSkin's), so each field is typed per its schema."""
    schema = deref(schema)
    if not isinstance(schema, Mapping):
        return {}
    found: dict[str, Any] = {}
    for branch in schema.get("allOf") or []:
        found.update(properties(branch, deref))
    found.update(schema.get("properties") or {})
    return found


def coerce(text: str, schema: Any, deref: Callable[[Any], Any]) -> Any:
    """A scalar string typed per `schema`; raises `Malformed` when it cannot be that type."""
    schema = deref(schema)
    kind = schema_type(schema)
    if kind == "integer":
        if not _INTEGER.match(text):
            raise Malformed(f"{text!r} is not an integer")
        return int(text)
    if kind == "number":
        if not _NUMBER.match(text):
            raise Malformed(f"{text!r} is not a number")
        return float(text) if any(c in text for c in ".eE") else int(text)
    if kind == "boolean":
        if text not in ("true", "false"):
            raise Malformed(f"{text!r} is not a boolean (true or false)")
        return text == "true"
    if kind in ("array", "object"):
        # a list or object inside an object parameter (deepObject `range[id]`, pandascore):
        # the runtime sends it as JSON text (`styles.scalar_text`), so that is read back
        try:
            value = json.loads(text)
        except ValueError:
            return text
        return value if isinstance(value, list if kind == "array" else dict) else text
    if kind == "" and isinstance(schema, Mapping):
        for key in ("oneOf", "anyOf", "allOf"):
            for variant in schema.get(key) or []:
                try:
                    value = coerce(text, variant, deref)
                except Malformed:
                    continue
                if not isinstance(value, str):
                    return value
    return text


def _split(text: str, sep: str) -> list[str]:
    """`text` split at each `sep` outside JSON brackets and strings: items that are lists or
    objects travel as JSON text (`[1,2],[3]`, evetech's `connections`), their commas kept."""
    if "[" not in text and "{" not in text:
        return text.split(sep)
    out: list[str] = []
    depth, start, quoted, escaped = 0, 0, False, False
    for i, char in enumerate(text):
        if quoted:
            escaped, quoted = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            quoted = True
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        elif char == sep and depth == 0:
            out.append(text[start:i])
            start = i + 1
    if depth != 0 or quoted:
        return text.split(sep)  # not JSON after all: the plain split
    return [*out, text[start:]]


def _pairs(text: str, sep: str = ",", eq: str = ",") -> list[tuple[str, str]]:
    """`k,v,k2,v2` (names and values joined by the separator itself) or `k=v,k2=v2` -> pairs."""
    if not text:
        return []
    if eq != sep:
        pairs = []
        for part in text.split(sep):
            key, found, value = part.partition(eq)
            if not found:
                raise Malformed(f"{part!r} is not name{eq}value")
            pairs.append((key, value))
        return pairs
    items = text.split(sep)
    if len(items) % 2:
        raise Malformed(f"{text!r} does not hold name,value pairs")
    return list(zip(items[::2], items[1::2], strict=True))


def _shaped(
    pieces: Sequence[str] | None,
    pairs: Sequence[tuple[str, str]] | None,
    schema: Any,
    deref: Callable[[Any], Any],
) -> Any:
    """Items (`pieces`) or properties (`pairs`) typed per an array or object schema."""
    schema = deref(schema)
    if pairs is not None:
        props = properties(schema, deref)
        extra = schema.get("additionalProperties", {}) if isinstance(schema, Mapping) else {}
        return {
            k: coerce(v, props.get(k, extra if isinstance(extra, Mapping) else {}), deref)
            for k, v in pairs
        }
    items = schema.get("items", {}) if isinstance(schema, Mapping) else {}
    return [coerce(piece, items, deref) for piece in pieces or []]


def read_param(
    raw: str | list[str],
    *,
    location: str,
    style: str,
    explode: bool,
    schema: Any,
    deref: Callable[[Any], Any],
    name: str = "",
) -> Any:
    """One parameter's JSON value from its wire form.

    `raw` is the percent-encoded path segment, the header or cookie value, or, for a query
    parameter, every value given for its name (already URL-decoded). deepObject and exploded
    form objects take the query pairs through `read_object_query`.
    """
    schema = deref(schema)
    kind = schema_type(schema)
    if location == "query" or (location == "cookie" and isinstance(raw, list)):
        values = raw if isinstance(raw, list) else [raw]
        if kind == "array":
            if explode and style == "form":
                return _shaped(values, None, schema, deref)
            sep = _SEPARATORS.get(style, ",")
            return _shaped(_split(values[-1], sep) if values[-1] else [], None, schema, deref)
        if kind == "object":
            sep = _SEPARATORS.get(style, ",")
            return _shaped(None, _pairs(values[-1], sep, sep), schema, deref)
        if len(values) > 1:
            raise Malformed(f"given {len(values)} times; it takes one value")
        return coerce(values[0], schema, deref)
    text = raw if isinstance(raw, str) else raw[-1]
    if location == "path":
        return _read_path(text, name, style, explode, kind, schema, deref)
    if kind == "array":
        return _shaped([p.strip() for p in _split(text, ",")] if text else [], None, schema, deref)
    if kind == "object":
        return _shaped(None, _pairs(text, ",", "=" if explode else ","), schema, deref)
    return coerce(text, schema, deref)


def _read_path(
    text: str,
    name: str,
    style: str,
    explode: bool,
    kind: str,
    schema: Any,
    deref: Callable[[Any], Any],
) -> Any:
    """A path value by the layout the runtime writes it with (`styles.path_layout`)."""
    key = quote(name, safe="")
    layout = path_layout(key, style, explode, kind == "object")
    if style == "matrix" and explode and kind in ("array", "object"):
        # one `;name=value` per item or entry, `;name` alone for empty text (RFC 6570 3.2.7)
        if not text.startswith(";"):
            raise Malformed(f"{text!r} does not start with ';' (matrix style)")
        entries = [part.partition("=") for part in text[1:].split(";")] if text != ";" else []
        if kind == "array":
            if any(k != key for k, _, _ in entries):
                raise Malformed(f"{text!r} holds a name other than {key!r} (matrix style)")
            return _shaped([unquote(v) for _, _, v in entries], None, schema, deref)
        pairs = [(unquote(k), unquote(v)) for k, _, v in entries]
        return _shaped(None, pairs, schema, deref)
    if style == "matrix" and text == ";" + key:
        text = ""  # an empty value: the name alone
    elif text.startswith(layout.prefix):
        text = text[len(layout.prefix) :]
    else:
        raise Malformed(f"{text!r} does not start with {layout.prefix!r} ({style} style)")
    if kind == "array":
        return _shaped(
            [unquote(p) for p in text.split(layout.items)] if text else [], None, schema, deref
        )
    if kind == "object":
        pairs = _pairs(text, layout.items, layout.pairs)
        return _shaped(None, [(unquote(k), unquote(v)) for k, v in pairs], schema, deref)
    return coerce(unquote(text), schema, deref)


def read_object_query(
    query: Sequence[tuple[str, str]], name: str, style: str, schema: Any, deref: Any
) -> tuple[Any, bool]:
    """(object, found) for deepObject (`name[k]=v`) or exploded form objects (`k=v`)."""
    schema = deref(schema)
    if style == "deepObject":
        prefix = name + "["
        pairs = [
            (k[len(prefix) : -1], v) for k, v in query if k.startswith(prefix) and k[-1:] == "]"
        ]
    else:
        props = properties(schema, deref)
        pairs = [(k, v) for k, v in query if k in props]
    return (_shaped(None, pairs, schema, deref), True) if pairs else (None, False)
