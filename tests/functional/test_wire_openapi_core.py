"""openapi-core, an independent OpenAPI implementation, unmarshals what the four clients send
(generated/dynamic x sync/async) back to the values passed: the wire cases and the query styles.

openapi-core splits delimited values before percent-decoding them, leaves path values encoded
and does not split `spaceDelimited` arrays, so the values here avoid delimiters and spaces in
those places and spaceDelimited is left out; the exact-bytes tests (test_wire_cases,
test_style_table) and the property test cover those.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
import yaml
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest

from tests.conftest import SHARED
from tests.functional.wire_clients import BASE_URL, WireApi

CASES = SHARED / "cases" / "wire"
if not CASES.is_dir():
    pytest.skip(f"wire cases not found at {CASES}", allow_module_level=True)

STYLES: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Query styles", "version": "1"},
    "paths": {
        "/styles": {
            "get": {
                "operationId": "styles",
                "parameters": [
                    {
                        "name": "tags",
                        "in": "query",
                        "explode": False,
                        "schema": {"type": "array", "items": {"type": "string"}},
                    },
                    {
                        "name": "ids",
                        "in": "query",
                        "schema": {"type": "array", "items": {"type": "integer"}},
                    },
                    {
                        "name": "pp",
                        "in": "query",
                        "style": "pipeDelimited",
                        "explode": False,
                        "schema": {"type": "array", "items": {"type": "number"}},
                    },
                    {
                        "name": "filter",
                        "in": "query",
                        "style": "deepObject",
                        "explode": True,
                        "schema": {
                            "type": "object",
                            "properties": {"min": {"type": "integer"}, "name": {"type": "string"}},
                        },
                    },
                    {
                        "name": "X-Trace",
                        "in": "header",
                        "schema": {"type": "array", "items": {"type": "integer"}},
                    },
                    {"name": "flag", "in": "query", "schema": {"type": "boolean"}},
                ],
                "responses": {"204": {"description": "done"}},
            }
        }
    },
}


def _spec(path: Path) -> dict[str, Any]:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    spec["servers"] = [{"url": BASE_URL}]
    return dict(spec)


def _unmarshal(spec: dict[str, Any], request: httpx.Request) -> Any:
    prepared = requests.Request(
        request.method, str(request.url), headers=dict(request.headers), data=request.content
    ).prepare()
    result = OpenAPI.from_dict(spec).unmarshal_request(RequestsOpenAPIRequest(prepared))
    assert not result.errors, result.errors
    return result


CALLS = [
    (
        "query-array-form-no-explode",
        "list_widgets",
        {"colours": ["red", "sky"], "sizes": [1, 2]},
        lambda r: (r.parameters.query, None),
        ({"colours": ["red", "sky"], "sizes": [1, 2]}, None),
    ),
    (
        "form-urlencoded-arrays",
        "submit_search",
        {"body": {"term": "tea pot", "shades": ["red", "blue"], "pages": [1, 2], "active": True}},
        lambda r: (r.parameters.query, r.body),
        ({}, {"term": "tea pot", "shades": ["red", "blue"], "pages": [1, 2], "active": True}),
    ),
    (
        "multipart-file-array",
        "upload_photos",
        {
            "album_id": "summer",
            "body": {
                "photos": [b"\x89PNG\r\n", b"\x00\x01"],
                "caption": "hi there",
                "tags": ["x", "y"],
                "meta": {"rating": 5},
            },
        },
        lambda r: (r.parameters.path, r.body),
        (
            {"albumId": "summer"},
            {
                "photos": [b"\x89PNG\r\n", b"\x00\x01"],
                "caption": "hi there",
                "tags": ["x", "y"],
                "meta": {"rating": 5},
            },
        ),
    ),
]


@pytest.mark.parametrize(
    ("case", "method", "kwargs", "read", "expected"), CALLS, ids=[c[0] for c in CALLS]
)
def test_openapi_core_reads_back_the_wire_cases(
    tmp_path_factory: pytest.TempPathFactory,
    case: str,
    method: str,
    kwargs: Any,
    read: Any,
    expected: Any,
) -> None:
    path = CASES / f"{case}.yaml"
    api = WireApi.generate(path, tmp_path_factory.mktemp(case))
    spec = _spec(path)
    for variant, sent in api.call_all("default", method, kwargs, lambda r: httpx.Response(204)):
        assert read(_unmarshal(spec, sent.request)) == expected, variant


def test_openapi_core_reads_back_the_query_styles(tmp_path: Path) -> None:
    path = tmp_path / "styles.yaml"
    path.write_text(yaml.safe_dump(STYLES, sort_keys=False), encoding="utf-8")
    api = WireApi.generate(path, tmp_path)
    spec = _spec(path)
    kwargs = {
        "tags": ["a", "b"],
        "ids": [3, 4],
        "pp": [1.5, 2.0],
        "filter_": {"min": 2, "name": "cam"},
        "x_trace": [7, 8],
        "flag": False,
    }
    for variant, sent in api.call_all("default", "styles", kwargs):
        result = _unmarshal(spec, sent.request)
        assert result.parameters.query == {
            "tags": ["a", "b"],
            "ids": [3, 4],
            "pp": [1.5, 2.0],
            "filter": {"min": 2, "name": "cam"},
            "flag": False,
        }, variant
        assert result.parameters.header == {"X-Trace": [7, 8]}
