"""Parameter serialization by `style` and `explode` (OpenAPI 3.0.3 4.7.12, "Style Values").

Each function returns wire text that is already percent-encoded for its place, so the caller
joins pieces without encoding them again. The delimiters a style adds (`,` `;` `.` `=` `&` `|`
`[` `]`) stay literal, exactly as in the specification's "Style Examples" table, while the same
characters inside a value are percent-encoded: `["a,b"]` and `["a", "b"]` never look alike.

Values are primitives, lists of primitives or string-keyed objects (models and enums are turned
into JSON values first, by `codecs.encode_value`). Booleans are `true`/`false`; `None` and empty
lists or objects render as the table's "empty" column.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any
from urllib.parse import quote
from uuid import UUID

from .codecs import encode_value

RESERVED = ":/?[]@!$&'()*+,;="
"""RFC 3986 reserved characters kept literal with `allowReserved: true` (`#` is always encoded:
a literal `#` would end the query and never reach the server)."""

Quoter = Callable[[str], str]

QUERY_SEPARATORS = {"spaceDelimited": "%20", "pipeDelimited": "|"}
"""What the delimited query styles put between array items (and an object's names and values);
every other query style uses `,`. Decoded, `%20` is a space."""


@dataclass(frozen=True, slots=True)
class PathLayout:
    """Where a path style puts its delimiters (OAS 3.0.3 4.7.12.4, "Style Examples").

    `prefix` comes before the value, `items` between array items or object entries, `pairs`
    between an entry's name and value. `path_value` writes by it and the contract tools
    (`generator.contract.params`) read by it, so what a client sends is what they read.
    """

    prefix: str
    items: str
    pairs: str


def path_layout(key: str, style: str, explode: bool, is_object: bool) -> PathLayout:
    """The layout of a `simple`, `label` or `matrix` path value; `key` is the encoded name.

    An exploded matrix value repeats its name per item (`;id=3;id=4`), or names each entry
    (`;R=100;G=200`); label arrays are joined with `.` exploded or not, as OAS 3.0.3's table
    has it (RFC 6570 and OAS 3.1.1 use `,` unexploded): we follow the version we implement.
    """
    if style == "label":
        return PathLayout(".", ".", "=" if explode else ".")
    if style == "matrix":
        if not explode:
            return PathLayout(f";{key}=", ",", ",")
        if is_object:
            return PathLayout(";", ";", "=")
        return PathLayout(f";{key}=", f";{key}=", "=")
    return PathLayout("", ",", "=" if explode else ",")


def scalar_text(value: Any) -> str:
    """A primitive as text: booleans `true`/`false`, enums by value, None as empty text."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float | Decimal | UUID):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8")
    if isinstance(value, dict | list):
        return json_text(value)
    raise TypeError(f"cannot send a {type(value).__name__} as text: pass str, int, float or bool")


def json_text(value: Any) -> str:
    """Compact JSON text of a JSON-ready value (no NaN: JSON has none)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def quoter(allow_reserved: bool = False) -> Quoter:
    """Percent-encoding of one value: all but unreserved characters (and RESERVED if allowed)."""
    safe = RESERVED if allow_reserved else ""

    def encode(text: str) -> str:
        return quote(text, safe=safe)

    return encode


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, list | dict) and not value)


def _pairs(value: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(str(k), scalar_text(v)) for k, v in value.items()]


def path_value(name: str, value: Any, style: str, explode: bool) -> str:
    """A path parameter: `simple` (default) `blue,black`, `label` `.blue`, `matrix` `;color=a`."""
    value = encode_value(value)
    enc = quoter()
    if style not in ("label", "matrix"):
        return simple_value(value, explode, enc)
    key = enc(name)
    if _is_empty(value):
        return "." if style == "label" else ";" + key
    layout = path_layout(key, style, explode, isinstance(value, dict))
    if style == "matrix" and (explode or not isinstance(value, list | dict)):
        # one `;name=value` per item, `;name` alone for empty text (RFC 6570 3.2.7)
        if isinstance(value, list):
            return "".join(_matrix_pair(key, enc(scalar_text(v))) for v in value)
        if isinstance(value, dict):
            return "".join(_matrix_pair(enc(k), enc(v)) for k, v in _pairs(value))
        return _matrix_pair(key, enc(scalar_text(value)))
    if isinstance(value, list):
        return layout.prefix + layout.items.join(enc(scalar_text(v)) for v in value)
    if isinstance(value, dict):
        entries = (f"{enc(k)}{layout.pairs}{enc(v)}" for k, v in _pairs(value))
        return layout.prefix + layout.items.join(entries)
    return layout.prefix + enc(scalar_text(value))


def _matrix_pair(key: str, text: str) -> str:
    return f";{key}={text}" if text else f";{key}"


def simple_value(value: Any, explode: bool, enc: Quoter | None = None) -> str:
    """`simple` style: `blue,black,brown`; objects `R,100,G,200` (`R=100,G=200` exploded).

    With `enc=None` nothing is percent-encoded (headers carry text, not URL parts).
    """
    value = encode_value(value)
    e: Quoter = enc or (lambda text: text)
    if isinstance(value, list):
        return ",".join(e(scalar_text(v)) for v in value)
    if isinstance(value, dict):
        joiner = "=" if explode else ","
        return ",".join(f"{e(k)}{joiner}{e(v)}" for k, v in _pairs(value))
    return e(scalar_text(value))


def query_pairs(
    name: str, value: Any, style: str, explode: bool, allow_reserved: bool = False
) -> list[str]:
    """A query parameter as encoded `key=value` pieces, to be joined with `&`.

    `form` (default): `color=blue&color=black` exploded, `color=blue,black` not;
    `spaceDelimited` `color=blue%20black`; `pipeDelimited` `color=blue|black`;
    `deepObject` `color[R]=100&color[G]=200`.
    """
    value = encode_value(value)
    enc = quoter(allow_reserved)
    key = quote(name, safe="")
    if _is_empty(value):
        return [f"{key}="]
    if isinstance(value, list):
        if style in ("spaceDelimited", "pipeDelimited") or not explode:
            sep = QUERY_SEPARATORS.get(style, ",")
            return [f"{key}=" + sep.join(enc(scalar_text(v)) for v in value)]
        return [f"{key}={enc(scalar_text(v))}" for v in value]
    if isinstance(value, dict):
        if style == "deepObject":
            return [f"{key}[{quote(k, safe='')}]={enc(v)}" for k, v in _pairs(value)]
        if style in ("spaceDelimited", "pipeDelimited"):
            sep = QUERY_SEPARATORS[style]
            return [f"{key}=" + sep.join(f"{enc(k)}{sep}{enc(v)}" for k, v in _pairs(value))]
        if explode:
            return [f"{quote(k, safe='')}={enc(v)}" for k, v in _pairs(value)]
        return [f"{key}=" + ",".join(f"{enc(k)},{enc(v)}" for k, v in _pairs(value))]
    return [f"{key}={enc(scalar_text(value))}"]


def cookie_pairs(name: str, value: Any, explode: bool) -> list[str]:
    """A cookie parameter (`form`): `color=blue,black`, or one `name=value` per item exploded."""
    value = encode_value(value)
    enc = quoter()
    key = quote(name, safe="")
    if _is_empty(value):
        return [f"{key}="]
    if isinstance(value, list):
        if explode:
            return [f"{key}={enc(scalar_text(v))}" for v in value]
        return [f"{key}=" + ",".join(enc(scalar_text(v)) for v in value)]
    if isinstance(value, dict):
        if explode:
            return [f"{quote(k, safe='')}={enc(v)}" for k, v in _pairs(value)]
        return [f"{key}=" + ",".join(f"{enc(k)},{enc(v)}" for k, v in _pairs(value))]
    return [f"{key}={enc(scalar_text(value))}"]
