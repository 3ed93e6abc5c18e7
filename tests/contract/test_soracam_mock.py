"""Every SoraCam operation through the generated client against `specgen mock` over loopback.

For each operation: the success path (strict response validation, so the mock's data must be
valid), every documented error status picked with `Prefer: code`, and one invalid request
(client-side checks off) refused with problem+json naming the violation. At the end, every
request/response pair the mock produced is judged again by openapi-core (in the `mock` fixture's
teardown), which must agree with the compiled validators on each one.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from typing import Any

import pytest

from generator.contract import MockApp, RunningMock
from generator.contract.params import schema_type
from generator.contract.spec import ContractOperation, ContractSpec
from generator.contract.synth import synthesize

KEYS = {"api_key": "key-K", "api_token": "token-T"}


@pytest.fixture(scope="module")
def mock(soracam_contract: ContractSpec) -> Iterator[RunningMock]:
    """The mock over loopback; at the end every pair it produced is judged by openapi-core.

    The judging runs in this fixture's teardown, so under pytest-xdist each worker judges the
    pairs its own tests produced (an error at teardown names the disagreeing pairs).
    """
    exchanges: list[dict[str, Any]] = []
    app = MockApp(soracam_contract, seed=7, exchanges=exchanges)
    with RunningMock(app) as server:
        yield server
    assert exchanges
    _judge_all(soracam_contract, exchanges)


def _judge_all(contract: ContractSpec, exchanges: list[dict[str, Any]]) -> None:
    """openapi-core agrees with the compiled validators on every pair: valid pairs (success
    paths, Prefer: code answers) are valid for both; refused requests are invalid for both."""
    from generator.contract.pytest_plugin import _exchanges_of
    from generator.contract.verify import verify

    report = verify(contract, _exchanges_of(exchanges))
    disagreements = [
        (v.exchange.source, v.disagreements) for v in report.verdicts if v.disagreements
    ]
    assert disagreements == []
    for verdict in report.verdicts:
        status = verdict.exchange.status
        preferred = any(k.lower() == "prefer" for k, _ in verdict.exchange.request_headers)
        if status < 400 or preferred:
            assert verdict.ok, (verdict.exchange.source, verdict.violations)
        else:
            assert any(side == "request" for side, _ in verdict.violations), verdict.exchange.source


@pytest.fixture(scope="module")
def tables(soracam_spec: Any) -> Any:
    from generator.dynamic.api import load_api

    return load_api(soracam_spec)


def _operations() -> list[str]:
    from tests.contract.conftest import SORACAM_SPEC

    if not SORACAM_SPEC.is_file():
        return []
    import yaml

    data = yaml.safe_load(SORACAM_SPEC.read_text())
    return [
        op["operationId"]
        for item in data["paths"].values()
        for method, op in item.items()
        if isinstance(op, dict) and "operationId" in op
    ]


OPERATIONS = _operations()


def _method(client: Any, tables: Any, operation_id: str) -> Any:
    info = tables.by_operation_id[operation_id].info
    return getattr(getattr(client, info.resource), info.method)


def _valid_args(contract: ContractSpec, tables: Any, op: ContractOperation) -> dict[str, Any]:
    entry = tables.by_operation_id[op.operation_id]
    by_wire = {(p.location, p.wire): arg for arg, p in entry.operation.params.items()}
    rng = random.Random(op.operation_id)
    args: dict[str, Any] = {}
    for param in op.params:
        arg = by_wire.get((param.location, param.name))
        if arg is not None and param.required:
            value = synthesize(param.schema, rng, contract.deref, direction="request")
            args[arg] = (
                "DEVICE01"
                if schema_type(param.schema) == "string" and not param.schema.get("enum")
                else value
            )
    body = entry.operation.body
    if body is not None and op.body:
        media = op.body[0]
        args[body.arg] = synthesize(media.schema, rng, contract.deref, direction="request")
    return args


def _invalid(
    contract: ContractSpec, tables: Any, op: ContractOperation
) -> tuple[dict[str, Any], dict[str, Any], str]:
    """(arguments, client options, expected violation location) for a request the mock refuses."""
    args = _valid_args(contract, tables, op)
    entry = tables.by_operation_id[op.operation_id]
    by_wire = {(p.location, p.wire): arg for arg, p in entry.operation.params.items()}
    for param in op.params:
        arg = by_wire.get((param.location, param.name))
        schema = contract.deref(param.schema)
        if arg is None:
            continue
        if schema.get("enum"):
            return {**args, arg: "not-a-member"}, {}, f"{param.location}.{param.name}"
        if schema_type(schema) == "integer":
            return {**args, arg: "twelve"}, {}, f"{param.location}.{param.name}"
    body = entry.operation.body
    if body is not None and op.body and schema_type(contract.deref(op.body[0].schema)) == "object":
        return {**args, body.arg: 12345}, {}, "body"
    return args, {"api_key": None, "api_token": None}, "header.X-Soracom-"


def test_every_operation_is_covered(soracam_contract: ContractSpec) -> None:
    assert len(OPERATIONS) == len(soracam_contract.operations) == 66


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_success_path(
    operation_id: str, mock: RunningMock, soracam_contract: ContractSpec, tables: Any
) -> None:
    from soracam import Client

    op = soracam_contract.find(operation_id)
    args = _valid_args(soracam_contract, tables, op)
    with Client(base_url=mock.url, response_validation="strict", **KEYS) as client:
        raw = _method(client.with_raw_response, tables, operation_id)(**args)
    assert 200 <= raw.status_code < 300
    assert op.response(raw.status_code) is not None


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_success_path_async(
    operation_id: str, mock: RunningMock, soracam_contract: ContractSpec, tables: Any
) -> None:
    from soracam import AsyncClient

    op = soracam_contract.find(operation_id)
    args = _valid_args(soracam_contract, tables, op)

    async def main() -> int:
        async with AsyncClient(base_url=mock.url, response_validation="strict", **KEYS) as client:
            raw = await _method(client.with_raw_response, tables, operation_id)(**args)
            return int(raw.status_code)

    assert 200 <= asyncio.run(main()) < 300


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_documented_errors_via_prefer_code(
    operation_id: str, mock: RunningMock, soracam_contract: ContractSpec, tables: Any
) -> None:
    import soracam

    op = soracam_contract.find(operation_id)
    statuses = [int(r.status) for r in op.responses if r.status.isdigit() and int(r.status) >= 400]
    args = _valid_args(soracam_contract, tables, op)
    for status in statuses:
        headers = {"Prefer": f"code={status}"}
        with soracam.Client(base_url=mock.url, headers=headers, **KEYS) as client:
            with pytest.raises(soracam.ApiStatusError) as caught:
                _method(client, tables, operation_id)(**args)
        assert caught.value.status_code == status


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_invalid_request_refused_with_problem_details(
    operation_id: str, mock: RunningMock, soracam_contract: ContractSpec, tables: Any
) -> None:
    import soracam

    op = soracam_contract.find(operation_id)
    args, options, location = _invalid(soracam_contract, tables, op)
    keys = {**KEYS, **options}
    with soracam.Client(base_url=mock.url, validate_requests=False, **keys) as client:
        with pytest.raises(soracam.ApiStatusError) as caught:
            _method(client, tables, operation_id)(**args)
    response = caught.value.response
    assert response.status_code in (400, 401, 403, 422)
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == response.status_code
    assert any(e["location"].startswith(location) for e in problem["errors"]), problem
