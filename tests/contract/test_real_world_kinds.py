"""The mock and `specgen verify` accept what the clients send, for shapes found by sweeping
public specs (see tests/functional/test_real_world_kinds.py): a form body or an exploded form
object parameter whose properties come through `allOf` (MineSkin's `allOf: [$ref,
{properties}]`), with integer, boolean and enum fields the contract tools used to read as
strings and refuse (422), and a list inside a deepObject parameter (pandascore's `range[id]`).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from generator.contract import AsyncMockTransport, MockApp, SyncMockTransport, load_contract
from generator.contract.traffic import Exchange
from generator.contract.verify import format_json, format_text, verify
from generator.dynamic import AsyncClient, Client

OPTIONS = {
    "type": "object",
    "properties": {
        "visibility": {"type": "integer", "enum": [0, 1]},
        "public": {"type": "boolean"},
        "count": {"type": "integer", "minimum": 1},
    },
}
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Forms", "version": "1"},
    "servers": [{"url": "https://forms.example/api"}],
    "paths": {
        "/upload": {
            "post": {
                "operationId": "upload",
                "tags": ["forms"],
                "parameters": [
                    {
                        "name": "filter",
                        "in": "query",
                        "style": "form",
                        "explode": True,
                        "schema": {"allOf": [{"$ref": "#/components/schemas/Options"}]},
                    },
                    {
                        "name": "range",
                        "in": "query",
                        "style": "deepObject",
                        "schema": {
                            "type": "object",
                            "properties": {"id": {"type": "array", "items": {"type": "integer"}}},
                        },
                    },
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "allOf": [
                                    {"$ref": "#/components/schemas/Options"},
                                    {"properties": {"name": {"type": "string"}}},
                                ]
                            }
                        }
                    },
                },
                "responses": {"204": {"description": "stored"}},
            }
        }
    },
    "components": {"schemas": {"Options": OPTIONS}},
}
ARGUMENTS = {
    "filter_": {"visibility": 1, "public": True, "count": 2},
    "range_": {"id": [1, 10]},
    "body": {"visibility": 0, "public": False, "count": 3, "name": "n"},
}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_mock_accepts_typed_fields_through_all_of(mode: str) -> None:
    app = MockApp(load_contract(SPEC))
    base = "https://forms.example/api"
    if mode == "sync":
        with Client.from_spec(
            SPEC, cache=False, base_url=base, transport=SyncMockTransport(app)
        ) as c:
            assert c.forms.upload(**ARGUMENTS) is None  # a 422 would raise
        return

    async def run() -> Any:
        transport = AsyncMockTransport(app)
        async with AsyncClient.from_spec(
            SPEC, cache=False, base_url=base, transport=transport
        ) as c:
            return await c.forms.upload(**ARGUMENTS)

    assert asyncio.run(run()) is None


def test_verify_finds_nothing_in_what_the_client_sent() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    with Client.from_spec(
        SPEC, cache=False, base_url="https://forms.example/api",
        transport=httpx.MockTransport(handler),
    ) as c:  # fmt: skip
        c.forms.upload(**ARGUMENTS)
    request = sent[0]
    assert request.content == b"visibility=0&public=false&count=3&name=n"
    exchange = Exchange(
        "test", request.method, str(request.url), list(request.headers.multi_items()),
        request.content, 204, [], b"",
    )  # fmt: skip
    report = verify(load_contract(SPEC), [exchange], oracle=False)
    assert [v.violations for v in report.verdicts] == [[]]


WILDCARD: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Wildcard", "version": "1"},
    "paths": {
        "/thing": {
            "get": {
                "operationId": "getThing",
                "tags": ["w"],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"*/*": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                    }
                },
            }
        },
        "/text": {
            "get": {
                "operationId": "getText",
                "tags": ["w"],
                "responses": {
                    "200": {"description": "ok", "content": {"*/*": {"schema": {"type": "string"}}}}
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["count"],
                "properties": {"count": {"type": "integer"}},
            }
        }
    },
}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_mock_sends_json_for_a_structured_schema_under_a_media_range(mode: str) -> None:
    app = MockApp(load_contract(WILDCARD), seed=1)
    base = "http://mock"
    if mode == "sync":
        transport: Any = SyncMockTransport(app)
        with Client.from_spec(WILDCARD, cache=False, base_url=base, transport=transport) as c:
            thing, text = c.w.get_thing(), c.w.get_text()
    else:

        async def run() -> Any:
            transport = AsyncMockTransport(app)
            async with AsyncClient.from_spec(
                WILDCARD, cache=False, base_url=base, transport=transport
            ) as c:
                return await c.w.get_thing(), await c.w.get_text()

        thing, text = asyncio.run(run())
    assert isinstance(thing.count, int)  # a model, decoded from JSON
    assert isinstance(text, bytes)
    with httpx.Client(transport=SyncMockTransport(app), base_url=base) as raw:
        assert raw.get("/thing").headers["content-type"] == "application/json"
        assert raw.get("/text").headers["content-type"] == "application/octet-stream"


def test_verify_judges_alone_when_openapi_core_refuses_the_spec() -> None:
    """Rubrik's `default: Name` outside `enum: [name, ...]` is a warning for specgen; openapi-core's
    spec check refuses the whole document, which stopped `specgen verify` (exit 2)."""
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Sort", "version": "1"},
        "paths": {
            "/a": {
                "get": {
                    "operationId": "a",
                    "parameters": [
                        {
                            "name": "sort",
                            "in": "query",
                            "schema": {
                                "type": "string",
                                "enum": ["name", "size"],
                                "default": "Name",
                            },
                        }
                    ],
                    "responses": {"204": {"description": "ok"}},
                }
            }
        },
    }
    good = Exchange("t:1", "GET", "http://x/a?sort=name", [], b"", 204, [], b"")
    bad = Exchange("t:2", "GET", "http://x/a?sort=other", [], b"", 204, [], b"")
    report = verify(load_contract(spec), [good, bad])
    assert [bool(v.violations) for v in report.verdicts] == [False, True]
    assert "openapi-core refuses the spec" in report.oracle_note
    assert report.oracle_note in format_text(report)
    assert json.loads(format_json(report))["oracle_note"] == report.oracle_note


def test_the_mock_fills_a_required_property_the_schema_does_not_declare() -> None:
    """DigiLocker requires `eaadhaar` but declares `eaadhar`: any value is valid for the
    undeclared one (additionalProperties allows it), so the mock makes one instead of a 500."""
    schema = {
        "type": "object",
        "required": ["name", "eaadhaar"],
        "properties": {"name": {"type": "string"}, "eaadhar": {"type": "string"}},
    }
    closed = {**schema, "additionalProperties": False}
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Typo", "version": "1"},
        "paths": {
            f"/{name}": {
                "get": {
                    "operationId": name,
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": body}},
                        }
                    },
                }
            }
            for name, body in (("open", schema), ("closed", closed))
        },
    }
    app = MockApp(load_contract(spec), seed=1)
    with httpx.Client(transport=SyncMockTransport(app), base_url="http://mock") as raw:
        response = raw.get("/open")
        assert response.status_code == 200
        assert {"name", "eaadhaar"} <= set(response.json())
        assert raw.get("/closed").status_code == 500  # no object can be valid: said, not faked
    transport = SyncMockTransport(app)
    with Client.from_spec(
        spec, cache=False, base_url="http://mock", transport=transport,
        response_validation="strict",
    ) as client:  # fmt: skip
        assert isinstance(client.call("open").name, str)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_mock_routes_a_path_key_with_a_query(mode: str) -> None:
    from tests.functional.test_real_world_kinds import QUERY_KEY_SPEC

    exchanges: list[dict[str, Any]] = []
    app = MockApp(load_contract(QUERY_KEY_SPEC), exchanges=exchanges)
    base = "https://q.example"

    async def calls(c: Any) -> list[Any]:
        return [
            await c.q.get_pic(user="7", apikey="k1"),
            await c.q.search(query="a", page="2"),
            await c.q.export(token="t1"),
        ]

    if mode == "sync":
        with Client.from_spec(
            QUERY_KEY_SPEC, cache=False, base_url=base, transport=SyncMockTransport(app)
        ) as c:
            got = [c.q.get_pic(user="7", apikey="k1"), c.q.search(query="a", page="2")]
            got.append(c.q.export(token="t1"))
    else:

        async def run() -> list[Any]:
            transport = AsyncMockTransport(app)
            async with AsyncClient.from_spec(
                QUERY_KEY_SPEC, cache=False, base_url=base, transport=transport
            ) as c:
                return await calls(c)

        got = asyncio.run(run())
    assert all(isinstance(v, str) for v in got)  # a 4xx would raise
    assert len(exchanges) == 3
    # the key's variable is a required parameter: missing, the mock says so
    with httpx.Client(transport=SyncMockTransport(app), base_url=base) as http:
        missing = http.get("/users/7/pic")
        assert missing.status_code == 422, missing.text
        assert "key" in missing.text or "APIKEY" in missing.text
        assert http.get("/export?format=json&token=t1").status_code == 200


def test_the_mock_routes_a_label_variable_of_a_path_key() -> None:
    from tests.functional.test_real_world_kinds import LABEL_SPEC

    app = MockApp(load_contract(LABEL_SPEC))
    base = "https://l.example"
    with Client.from_spec(
        LABEL_SPEC, cache=False, base_url=base, transport=SyncMockTransport(app)
    ) as c:
        assert isinstance(c.p.get_project(id_=1, format_="text"), str)  # a 4xx would raise
    with httpx.Client(transport=SyncMockTransport(app), base_url=base) as http:
        assert http.get("/projects/1.xml").status_code == 200
        wrong = http.get("/projects/1x.xml")  # id is an integer: the value before the dot
        assert wrong.status_code == 400 and "path.id" in wrong.text, wrong.text
        assert http.get("/projects/1").status_code == 404  # the label is part of the route


NESTED_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Nested", "version": "1"},
    "paths": {
        "/route": {
            "get": {
                "operationId": "route",
                "tags": ["r"],
                "parameters": [
                    {
                        "name": "connections",
                        "in": "query",
                        "style": "form",
                        "explode": False,
                        "schema": {
                            "type": "array",
                            "items": {"type": "array", "items": {"type": "integer"}},
                        },
                    },
                    {
                        "name": "X-Pairs",
                        "in": "header",
                        "schema": {
                            "type": "array",
                            "items": {"type": "object", "properties": {"a": {"type": "string"}}},
                        },
                    },
                ],
                "responses": {"204": {"description": "ok"}},
            }
        }
    },
}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_mock_reads_json_items_of_a_non_exploded_array(mode: str) -> None:
    """evetech's `connections` (array of arrays, form, explode false): `[1,2],[3]` is two items
    sent as JSON text; the mock split it at every comma (`'[1'`: expected array)."""
    app = MockApp(load_contract(NESTED_SPEC))
    base = "https://n.example"
    args = {"connections": [[1, 2], [3]], "x_pairs": [{"a": "x,y"}, {"a": "z"}]}
    if mode == "sync":
        with Client.from_spec(
            NESTED_SPEC, cache=False, base_url=base, transport=SyncMockTransport(app)
        ) as c:
            assert c.r.route(**args) is None  # a 400 would raise
    else:

        async def run() -> Any:
            async with AsyncClient.from_spec(
                NESTED_SPEC, cache=False, base_url=base, transport=AsyncMockTransport(app)
            ) as c:
                return await c.r.route(**args)

        assert asyncio.run(run()) is None
    with httpx.Client(transport=SyncMockTransport(app), base_url=base) as http:
        bad = http.get("/route", params={"connections": "[1,2],[x]"})
        assert bad.status_code == 422, bad.text  # still read per item, still checked
        assert "query.connections[1]" in bad.text and "query.connections[0]" not in bad.text
