"""Writing and reading a parameter agree: the runtime's serialization (`runtime/styles.py`, what
both clients send) read back by the contract tools (`contract/params.py`, what the mock and
`specgen verify` read) gives the value again, for every style, explode and location."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

import pytest

from generator.contract.params import read_object_query, read_param
from generator.runtime.styles import cookie_pairs, path_value, query_pairs, simple_value

VALUES: dict[str, tuple[Any, Any]] = {
    "string": ("blue, green", {"type": "string"}),
    "integer": (-7, {"type": "integer"}),
    "boolean": (True, {"type": "boolean"}),
    "array": (["blue", "black", "a b"], {"type": "array", "items": {"type": "string"}}),
    "numbers": ([3, 4, 5], {"type": "array", "items": {"type": "integer"}}),
    "object": (
        {"R": 100, "G": 200, "name": "x y"},
        {
            "type": "object",
            "properties": {
                "R": {"type": "integer"},
                "G": {"type": "integer"},
                "name": {"type": "string"},
            },
        },
    ),
    # lists and objects inside an object (pandascore's deepObject `range[id]=[1,1]`): sent as
    # JSON text, read back as JSON
    "nested": (
        {"id": [1, 2], "at": {"from": "a"}},
        {
            "type": "object",
            "properties": {
                "id": {"type": "array", "items": {"type": "integer"}},
                "at": {"type": "object", "properties": {"from": {"type": "string"}}},
            },
        },
    ),
}
STYLES = {
    "path": ("simple", "label", "matrix"),
    "query": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
    "header": ("simple",),
    "cookie": ("form",),
}


def _wire(location: str, style: str, explode: bool, value: Any) -> Any:
    if location == "path":
        return path_value("color", value, style, explode)
    if location == "header":
        return simple_value(value, explode)
    pieces = (
        query_pairs("color", value, style, explode)
        if location == "query"
        else cookie_pairs("color", value, explode)
    )
    return parse_qsl("&".join(pieces), keep_blank_values=True)


OBJECTS = ("object", "nested")
CASES = [
    (location, style, explode, kind)
    for location, styles in STYLES.items()
    for style in styles
    for explode in (False, True)
    for kind in VALUES
    # deepObject is for objects; space/pipe-delimited for arrays and objects (4.7.12.4)
    if not (style == "deepObject" and kind not in OBJECTS)
    and not (style in ("spaceDelimited", "pipeDelimited") and kind in ("string", "integer"))
    and not (style in ("spaceDelimited", "pipeDelimited") and kind == "boolean")
    and not (style in ("spaceDelimited", "pipeDelimited") and kind in OBJECTS and explode)
    # not covered: nested JSON text whose commas meet the `,` delimiters of a header or of an
    # unexploded query or cookie object, which the contract tools read decoded
    and not (
        kind == "nested"
        and location in ("header", "query", "cookie")
        and style == "form"
        and not explode
    )
    and not (kind == "nested" and location == "header")
]


@pytest.mark.parametrize(("location", "style", "explode", "kind"), CASES)
def test_what_the_client_sends_the_contract_tools_read_back(
    location: str, style: str, explode: bool, kind: str
) -> None:
    value, schema = VALUES[kind]
    if style == "spaceDelimited":  # a space in an item is its separator too: no way to tell
        value = json.loads(json.dumps(value, separators=(",", ":")).replace(" ", "-"))
    wire = _wire(location, style, explode, value)
    if isinstance(wire, list):  # query or cookie pairs
        if kind in OBJECTS and (explode or style == "deepObject"):
            found, ok = read_object_query(wire, "color", style, schema, lambda s: s)
            assert ok
            assert found == value
            return
        wire = [v for k, v in wire if k == "color"]
    read = read_param(
        wire, location=location, style=style, explode=explode, schema=schema,
        deref=lambda s: s, name="color",
    )  # fmt: skip
    assert read == value, wire
