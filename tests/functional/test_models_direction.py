"""Models by direction (issue 9, point 3) on ../shared/cases/wire/readonly-writeonly-model.yaml:
one class per schema; a request needs only the writable fields, a response may omit writeOnly
ones; annotations, constructors and validators agree, in both clients, sync and async."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.functional.wire_support import WIRE, clients, generate, run

SPEC = WIRE / "readonly-writeonly-model.yaml"
if not SPEC.is_file():
    pytest.skip(f"wire cases not found at {WIRE}", allow_module_level=True)

SERVER_TICKET = {"id": 7, "createdAt": "2024-01-02T03:04:05Z", "title": "t"}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return generate(SPEC, tmp_path_factory.mktemp("ro") / "out", "wire_ro_pkg")


def _handler(sent: list[dict[str, Any]]) -> Any:
    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(201, json=SERVER_TICKET)

    return handle


def test_constructor_requires_only_writable_fields(pkg: Any) -> None:
    params = inspect.signature(pkg.models.Ticket).parameters
    required = {n for n, p in params.items() if p.default is inspect.Parameter.empty}
    assert required == {"title", "secret"}  # readOnly id/createdAt are not required
    declared = pkg.models.Ticket.__annotations__  # the class's own attribute annotations
    for attr in ("id_", "created_at", "secret"):  # each may be absent in one direction
        assert declared[attr].endswith("| Unset"), attr
    assert declared["title"] == "str"  # present both ways
    assert params["secret"].annotation == "str"  # but a request must carry it


@pytest.mark.parametrize("which", range(4), ids=["gen-sync", "gen-async", "dyn-sync", "dyn-async"])
def test_writable_fields_go_out_and_the_response_decodes(pkg: Any, which: int) -> None:
    sent: list[dict[str, Any]] = []
    client = clients(pkg, SPEC, _handler(sent), response_validation="strict")[which]
    models = pkg.models if which < 2 else client.models
    ticket = models.Ticket(title="t", secret="s")
    result = run(client, "create_ticket", body=ticket)
    assert sent == [{"title": "t", "secret": "s"}]
    assert result.to_dict() == SERVER_TICKET  # strict mode: the missing writeOnly is fine
    assert result.id_ == 7 and result.title == "t"
    assert repr(result.secret) == "UNSET"


@pytest.mark.parametrize("which", range(4), ids=["gen-sync", "gen-async", "dyn-sync", "dyn-async"])
def test_read_only_value_in_a_request_is_refused(pkg: Any, which: int) -> None:
    sent: list[dict[str, Any]] = []
    client = clients(pkg, SPEC, _handler(sent))[which]
    models = pkg.models if which < 2 else client.models
    with pytest.raises(pkg.errors.RequestValidationError if which < 2 else Exception) as info:
        run(client, "create_ticket", body=models.Ticket(title="t", secret="s", id_=3))
    assert "RequestValidationError" in type(info.value).__name__
    assert "read-only" in str(info.value) and "id" in str(info.value)
    assert sent == []


def test_missing_writable_required_field_is_refused(pkg: Any, tmp_path: Path) -> None:
    client = clients(pkg, SPEC, _handler([]))[0]
    with pytest.raises(pkg.errors.RequestValidationError) as info:
        run(client, "create_ticket", body={"title": "t"})
    assert "secret" in str(info.value)


@pytest.mark.parametrize("which", [0, 2], ids=["generated", "dynamic"])
def test_both_constructors_require_the_writable_required_fields(pkg: Any, which: int) -> None:
    client = clients(pkg, SPEC, _handler([]))[which]
    models = pkg.models if which == 0 else client.models
    with pytest.raises(TypeError, match="secret"):
        models.Ticket(title="t")
    ticket = models.Ticket(title="t", secret="s", created_at="2024-01-02T03:04:05Z")
    assert ticket.to_dict() == {"title": "t", "secret": "s", "createdAt": "2024-01-02T03:04:05Z"}
