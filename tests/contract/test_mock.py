"""The mock's behaviour, in process (`SyncMockTransport`, `AsyncMockTransport`) and over HTTP."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from generator.contract import (
    AsyncMockTransport,
    MockApp,
    RunningMock,
    SyncMockTransport,
    load_contract,
)
from generator.contract.spec import ContractSpec
from tests.contract.small_spec import SPEC

BEARER = {"Authorization": "Bearer t0ken"}
PET = {"id": 3, "name": "Tom"}


@pytest.fixture(scope="module")
def contract() -> ContractSpec:
    return load_contract(SPEC)


def client(contract: ContractSpec, **options: Any) -> httpx.Client:
    app = MockApp(contract, **options)
    return httpx.Client(transport=SyncMockTransport(app), base_url="http://mock/api")


def problem(response: httpx.Response) -> dict[str, Any]:
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == response.status_code
    return body


def locations(response: httpx.Response) -> list[str]:
    return [e["location"] for e in problem(response)["errors"]]


def test_unknown_path_is_404_and_undeclared_method_405_with_allow(contract: ContractSpec) -> None:
    with client(contract) as c:
        assert problem(c.get("/nowhere"))["status"] == 404
        response = c.put("/pets/1")
        assert response.status_code == 405
        assert response.headers["allow"] == "DELETE, GET"
        assert problem(response)["title"] == "Method Not Allowed"


def test_base_path_is_optional(contract: ContractSpec) -> None:
    app = MockApp(contract)
    with httpx.Client(transport=SyncMockTransport(app), base_url="http://mock") as c:
        assert c.get("/pets/1").status_code == 200
        assert c.get("/api/pets/1").status_code == 200


def test_every_violation_listed_with_its_location(contract: ContractSpec) -> None:
    with client(contract) as c:
        response = c.get(
            "/pets", params={"limit": 99}, headers={"X-Trace": "7"}, cookies={"session": "toolong"}
        )
        assert response.status_code == 422
        assert sorted(locations(response)) == ["cookie.session", "query.limit"]
        bad = c.post("/pets", json={"id": 0, "tag": "cow"}, headers=BEARER)
        assert bad.status_code == 422
        assert sorted(locations(bad)) == ["body.id", "body.name", "body.tag"]


def test_malformed_input_is_400_and_missing_credential_401(contract: ContractSpec) -> None:
    with client(contract) as c:
        response = c.get("/pets/abc")
        assert response.status_code == 400
        assert locations(response) == ["path.petId"]
        response = c.post(
            "/pets", content=b"{not json", headers={**BEARER, "content-type": "application/json"}
        )
        assert response.status_code == 400
        assert locations(response) == ["body"]
        response = c.post("/pets", json=PET)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert locations(response) == ["header.Authorization"]


def test_unsupported_media_type_is_415(contract: ContractSpec) -> None:
    with client(contract) as c:
        response = c.post(
            "/pets", content=b"<pet/>", headers={**BEARER, "content-type": "application/xml"}
        )
        assert response.status_code == 415
        assert locations(response) == ["header.Content-Type"]


def test_form_body_is_typed_per_schema(contract: ContractSpec) -> None:
    with client(contract) as c:
        ok = c.post("/pets", data={"id": "4", "name": "Rex"}, headers=BEARER)
        assert ok.status_code == 201
        bad = c.post("/pets", data={"id": "four", "name": "Rex"}, headers=BEARER)
        assert bad.status_code == 400
        assert locations(bad) == ["body.id"]


def test_named_example_and_default_example(contract: ContractSpec) -> None:
    with client(contract) as c:
        assert c.get("/pets", headers={"Prefer": "example=none"}).json() == []
        assert c.get("/pets").json() == [{"id": 1, "name": "Tom"}, {"id": 2, "name": "Rex"}]
        unknown = c.get("/pets", headers={"Prefer": "example=three"})
        assert unknown.status_code == 400
        assert "two, none" in problem(unknown)["detail"]


def test_prefer_code_picks_documented_statuses_only(contract: ContractSpec) -> None:
    with client(contract) as c:
        assert c.get("/pets/1", headers={"Prefer": "code=404"}).status_code == 404
        assert c.get("/pets", headers={"Prefer": "code=503"}).status_code == 503  # default
        refused = c.get("/pets/1", headers={"Prefer": "code=418"})
        assert refused.status_code == 400
        assert "documented: 200, 404" in problem(refused)["detail"]


def test_synthesized_data_is_deterministic_per_seed_and_valid(contract: ContractSpec) -> None:
    from generator.contract.judge import check_response

    op = contract.find("getPet")

    def pet(seed: int, **headers: str) -> httpx.Response:
        with client(contract, seed=seed) as c:
            return c.get("/pets/5", headers=headers)

    first, again, other = pet(1), pet(1), pet(2)
    assert first.content == again.content
    assert first.content != other.content
    for response in (first, other):
        assert check_response(op, 200, list(response.headers.items()), response.content) == []
    with client(contract, seed=1) as c:
        varied = {c.get("/pets/5", headers={"Prefer": "dynamic=true"}).content for _ in range(5)}
    assert len(varied) > 1


def test_accept_negotiation(contract: ContractSpec) -> None:
    with client(contract) as c:
        csv = c.get("/pets", headers={"Accept": "text/csv"})
        assert csv.headers["content-type"] == "text/csv"
        weighted = c.get("/pets", headers={"Accept": "text/csv;q=0.5, application/json"})
        assert weighted.headers["content-type"] == "application/json"
        refused = c.get("/pets", headers={"Accept": "image/png"})
        assert refused.status_code == 406


def test_required_response_headers_are_sent(contract: ContractSpec) -> None:
    with client(contract) as c:
        response = c.get("/pets")
    assert int(response.headers["x-total"]) >= 0


def test_faults_in_process(contract: ContractSpec) -> None:
    with client(contract) as c:
        with pytest.raises(httpx.ReadError):
            c.get("/pets", headers={"Prefer": "fault=reset"})
        with pytest.raises(httpx.ReadTimeout):
            c.get("/pets", headers={"Prefer": "fault=timeout"})
        for code in (429, 503):
            response = c.get("/pets", headers={"Prefer": f"fault={code}"})
            assert response.status_code == code
            assert response.headers["retry-after"] == "1"
        assert c.get("/pets", headers={"Prefer": "fault=boom"}).status_code == 400


def test_fail_rate_and_latency(contract: ContractSpec) -> None:
    with client(contract, fail_rate=1.0) as c:
        assert c.get("/pets").status_code == 503
    with client(contract, fail_rate=0.5, seed=3) as c:
        statuses = [c.get("/pets/1").status_code for _ in range(40)]
    assert set(statuses) == {200, 503}
    with pytest.raises(ValueError, match="fail_rate"):
        MockApp(contract, fail_rate=2)
    with pytest.raises(ValueError, match="latency"):
        MockApp(contract, latency=-1)


def test_async_transport(contract: ContractSpec) -> None:
    async def main() -> list[int]:
        app = MockApp(contract)
        async with httpx.AsyncClient(
            transport=AsyncMockTransport(app), base_url="http://m/api"
        ) as c:
            with pytest.raises(httpx.ReadError):
                await c.get("/pets", headers={"Prefer": "fault=reset"})
            return [(await c.get(f"/pets/{i}")).status_code for i in range(1, 4)]

    assert asyncio.run(main()) == [200, 200, 200]


def test_over_http_reset_drops_the_connection(contract: ContractSpec) -> None:
    with (
        RunningMock(MockApp(contract, timeout_after=0.2)) as mock,
        httpx.Client(base_url=mock.url) as c,
    ):
        assert mock.url.startswith("http://127.0.0.1:") and mock.url.endswith("/api")
        assert c.get("/pets/1").status_code == 200
        with pytest.raises(httpx.TransportError):
            c.get("/pets", headers={"Prefer": "fault=reset"})
        assert c.get("/pets", headers={"Prefer": "fault=timeout"}).status_code == 504


def test_head_and_exchanges_recorded(contract: ContractSpec) -> None:
    exchanges: list[dict[str, Any]] = []
    app = MockApp(contract, exchanges=exchanges)
    with httpx.Client(transport=SyncMockTransport(app), base_url="http://mock/api") as c:
        head = c.head("/pets/1")
        c.post("/pets", json=PET, headers=BEARER)
    assert head.status_code == 200 and head.content == b""
    assert [e["response"]["status"] for e in exchanges] == [200, 201]
    assert (
        exchanges[1]["request"]["headers"]
        and ["authorization", "***"] in exchanges[1]["request"]["headers"]
    )
    assert json.loads(exchanges[1]["request"]["body"]) == PET


PAGINATED: dict[str, Any] = {
    "openapi": "3.0.0",
    "info": {"title": "p", "version": "1"},
    "paths": {
        "/events": {
            "get": {
                "operationId": "listEvents",
                "parameters": [
                    {"name": "last_evaluated_key", "in": "query", "schema": {"type": "string"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"type": "array", "items": {"type": "integer"}}
                            }
                        },
                    }
                },
                "x-soracom-cli-pagination": {
                    "request": {"param": "last_evaluated_key"},
                    "response": {"header": "x-soracom-next-key"},
                },
            }
        }
    },
}


def test_pagination_emulated_from_the_extension() -> None:
    contract = load_contract(PAGINATED)
    with httpx.Client(transport=SyncMockTransport(MockApp(contract)), base_url="http://m") as c:
        pages, params = [], {"limit": 4}
        while True:
            response = c.get("/events", params=params)
            pages.append(response.json())
            key = response.headers.get("x-soracom-next-key")
            if key is None:
                break
            params = {"limit": 4, "last_evaluated_key": key}
        # an unknown key is valid for the spec: answered as the last page
        last = c.get("/events", params={"last_evaluated_key": "whatever"})
        again = c.get("/events", params={"limit": 4})  # a repeated first page: same body and key
    assert again.json() == pages[0]
    assert again.headers["x-soracom-next-key"] == "page-2"
    assert [len(p) for p in pages] == [4, 4, 4]
    assert pages[0] != pages[1]
    assert "x-soracom-next-key" not in last.headers


def _without_extension() -> dict[str, Any]:
    import copy

    spec = copy.deepcopy(PAGINATED)
    del spec["paths"]["/events"]["get"]["x-soracom-cli-pagination"]
    spec["paths"]["/other"] = {
        "get": {"operationId": "other", "responses": {"200": {"description": "ok"}}}
    }
    return spec


def test_pagination_emulated_from_a_pins_table() -> None:
    """A spec without the extension pages as the pin's `[pagination]` table says, for the
    operations that take its parameter (and only the listed ones, when it lists some)."""
    from generator.config import PaginationRule

    spec = _without_extension()
    assert load_contract(spec).find("listEvents").pagination is None
    contract = load_contract(spec, pagination=PaginationRule("last_evaluated_key", "x-next"))
    assert contract.find("listEvents").pagination == ("last_evaluated_key", "x-next")
    assert contract.find("other").pagination is None  # it takes no such parameter
    with httpx.Client(transport=SyncMockTransport(MockApp(contract)), base_url="http://m") as c:
        first = c.get("/events", params={"limit": 2})
        second = c.get(
            "/events", params={"limit": 2, "last_evaluated_key": first.headers["x-next"]}
        )
    assert first.headers["x-next"] == "page-2" and second.headers["x-next"] == "page-3"
    assert first.json() != second.json()
    unlisted = load_contract(
        spec, pagination=PaginationRule("last_evaluated_key", "x-next", ("x",))
    )
    assert unlisted.find("listEvents").pagination is None


def test_specgen_mock_takes_the_table_on_the_command_line(tmp_path: Any) -> None:
    import json

    from generator.cli import main

    path = tmp_path / "spec.json"
    path.write_text(json.dumps(_without_extension()), encoding="utf-8")
    assert main(["mock", str(path), "--pagination", "nothing-here"]) == 2
