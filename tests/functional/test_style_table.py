"""Every row of the OpenAPI 3.0.3 "Style Examples" table, on both clients, sync and async.

The table is read from the specification text itself
(../shared/corpus/json-schema-test-suite/oas-3.0.3-spec.md), not copied here. For each row and
each value column (empty, string, array, object) one operation is generated per location that
the style applies to (matrix/label: path; simple: path and header; form: query and cookie;
spaceDelimited/pipeDelimited/deepObject: query), and the four clients must send the table's
string exactly (label arrays unexploded are `.blue.black.brown` as this 3.0.3 table says; OAS
3.1.1 later changed that row to RFC 6570's commas). Two deliberate readings, asserted as such:

* a label-style empty value is `.`, which as a whole path segment is a dot-segment that URL
  normalization removes (RFC 3986 5.2.4), so it is sent percent-encoded as `%2E`;
* an exploded form cookie sends one cookie per item (RFC 6265 `a=1; b=2`), where the table's
  query rendering joins them with `&`.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from tests.conftest import SHARED
from tests.functional.wire_clients import WireApi, raw_query

SPEC_TEXT = SHARED / "corpus" / "json-schema-test-suite" / "oas-3.0.3-spec.md"
if not SPEC_TEXT.is_file():
    pytest.skip(f"OpenAPI text not found at {SPEC_TEXT}", allow_module_level=True)

VALUES: dict[str, Any] = {
    "empty": "",
    "string": "blue",
    "array": ["blue", "black", "brown"],
    "object": {"R": 100, "G": 200, "B": 150},
}
SCHEMAS: dict[str, Any] = {
    "empty": {"type": "string"},
    "string": {"type": "string"},
    "array": {"type": "array", "items": {"type": "string"}},
    "object": {"type": "object", "additionalProperties": {"type": "integer"}},
}
LOCATIONS = {
    "matrix": ("path",),
    "label": ("path",),
    "simple": ("path", "header"),
    "form": ("query", "cookie"),
    "spaceDelimited": ("query",),
    "pipeDelimited": ("query",),
    "deepObject": ("query",),
}


def _table() -> list[tuple[str, bool, dict[str, str]]]:
    """(style, explode, {column: expected}) for each row; "n/a" cells are left out."""
    text = SPEC_TEXT.read_text(encoding="utf-8")
    section = text[text.index("##### Style Examples") :]
    rows = []
    for line in section.splitlines():
        if line.startswith("#####") and rows:
            break
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)]
        if len(cells) != 6 or cells[1] not in ("true", "false"):
            continue
        style = cells[0]
        expected = {
            column: cell
            for column, cell in zip(("empty", "string", "array", "object"), cells[2:], strict=True)
            if cell != "n/a"
        }
        rows.append((style, cells[1] == "true", expected))
    return rows


TABLE = _table()
CASES = [
    (style, explode, location, column, expected)
    for style, explode, row in TABLE
    for location in LOCATIONS[style]
    for column, expected in row.items()
]


def test_the_whole_table_is_read() -> None:
    assert len(TABLE) == 11
    assert sum(len(row) for _, _, row in TABLE) == 35
    assert [style for style, _, _ in TABLE] == [
        "matrix",
        "matrix",
        "label",
        "label",
        "form",
        "form",
        "simple",
        "simple",
        "spaceDelimited",
        "pipeDelimited",
        "deepObject",
    ]


def _operation_id(style: str, explode: bool, location: str, column: str) -> str:
    return f"{location}_{style}_{'explode' if explode else 'flat'}_{column}"


def _spec() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for style, explode, location, column, _ in CASES:
        op_id = _operation_id(style, explode, location, column)
        path = f"/{op_id}/{{color}}/end" if location == "path" else f"/{op_id}"
        parameter = {
            "name": "color",
            "in": location,
            "required": True,
            "style": style,
            "explode": explode,
            "schema": SCHEMAS[column],
        }
        paths[path] = {
            "get": {
                "operationId": op_id,
                "parameters": [parameter],
                "responses": {"204": {"description": "done"}},
            }
        }
    return {"openapi": "3.0.3", "info": {"title": "Style table", "version": "1"}, "paths": paths}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> WireApi:
    folder = tmp_path_factory.mktemp("style-table")
    spec = folder / "style_table.yaml"
    spec.write_text(yaml.safe_dump(_spec(), sort_keys=False), encoding="utf-8")
    return WireApi.generate(spec, folder)


def _sent(request: Any, location: str, op_id: str) -> str:
    if location == "path":
        raw = request.url.raw_path.decode("ascii")
        prefix = f"/v1/{op_id}/"
        assert raw.startswith(prefix) and raw.endswith("/end"), raw
        return str(raw[len(prefix) : -len("/end")])
    if location == "query":
        return raw_query(request)
    if location == "header":
        return str(request.headers["color"])
    return str(request.headers["cookie"])


@pytest.mark.parametrize(
    ("style", "explode", "location", "column", "expected"),
    CASES,
    ids=[f"{c[2]}-{c[0]}-{'explode' if c[1] else 'flat'}-{c[3]}" for c in CASES],
)
def test_style_table_row(
    api: WireApi, style: str, explode: bool, location: str, column: str, expected: str
) -> None:
    op_id = _operation_id(style, explode, location, column)
    info = api.dynamic.find(op_id)
    if location == "path" and expected == ".":
        expected = "%2E"  # a lone "." segment would be removed by URL normalization
    if style in ("spaceDelimited", "pipeDelimited"):
        expected = "color=" + expected  # the table shows these two rows' values only
    if location == "cookie" and explode:
        expected = expected.replace("&", "; ")  # one cookie per item (RFC 6265)
    for variant, sent in api.call_all(info.resource, info.method, {"color": VALUES[column]}):
        assert _sent(sent.request, location, op_id) == expected, variant


def test_path_values_never_change_the_route(api: WireApi) -> None:
    for style, column, value, expected in (
        ("simple", "string", "a/b?c#d", "a%2Fb%3Fc%23d"),
        ("simple", "string", "..", "%2E%2E"),
        ("label", "string", ".", "%2E%2E"),
        ("matrix", "array", ["x;y", "a=b"], ";color=x%3By,a%3Db"),
    ):
        op_id = _operation_id(style, False, "path", column)
        info = api.dynamic.find(op_id)
        for variant, sent in api.call_all(info.resource, info.method, {"color": value}):
            assert _sent(sent.request, "path", op_id) == expected, (variant, value)


def test_delimiters_inside_values_are_encoded(api: WireApi) -> None:
    for style, explode, column, value, expected in (
        ("form", False, "array", ["a,b", "c"], "color=a%2Cb,c"),
        ("pipeDelimited", False, "array", ["a|b", "c"], "color=a%7Cb|c"),
        ("deepObject", True, "object", {"R]": 1}, "color[R%5D]=1"),
        ("form", True, "object", {"a&b": 1}, "a%26b=1"),
    ):
        op_id = _operation_id(style, explode, "query", column)
        info = api.dynamic.find(op_id)
        for variant, sent in api.call_all(info.resource, info.method, {"color": value}):
            assert raw_query(sent.request) == expected, (variant, value)
