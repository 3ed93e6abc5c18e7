"""An OpenAPI 3.1 spec of our own (tests/data/pets-3.1.yaml) with every 3.1 keyword specgen reads:
type arrays with `null`, `type: 'null'`, `const`, `examples`, numeric `exclusiveMinimum` /
`exclusiveMaximum`, `$ref` with a sibling, `prefixItems` with `items: false`, `dependentRequired`,
`unevaluatedProperties: false`, and `webhooks`.

It generates a package that passes mypy --strict and ruff; models round-trip; requests go through
the generated client and the dynamic client (sync and async), and both clients' validators enforce
the 3.1 keywords the same way.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.cli import main
from generator.dynamic import AsyncClient, Client
from generator.runtime import errors as runtime_errors

SPEC = Path(__file__).resolve().parents[1] / "data" / "pets-3.1.yaml"
PET = {
    "id": 7,
    "name": "Rex",
    "kind": "dog",
    "tag": None,
    "weight": 12.5,
    "owner": {"name": "Ann", "email": "ann@example.com"},
    "keeper": {"name": "Kim"},
    "position": [139.7, 35.6],
    "gone": None,
    "code": "A-1",
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("pets31") / "out"
    assert main(["generate", str(SPEC), "-o", str(out), "--package", "pets31"]) == 0
    sys.path.insert(0, str(out))
    try:
        yield out
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == "pets31" or m.startswith("pets31.")]:
            del sys.modules[name]


def _handler(request: httpx.Request) -> httpx.Response:
    if request.method == "POST" and request.url.path == "/v1/pets":
        return httpx.Response(201, json=json.loads(request.content))
    if request.url.path == "/v1/pets":
        return httpx.Response(200, json=[PET], headers={"x-query": str(request.url.query, "ascii")})
    if request.url.path == "/v1/pets/7":
        return httpx.Response(200, json=PET)
    if request.url.path == "/v1/pets/8":  # breaks unevaluatedProperties: false
        return httpx.Response(200, json={**PET, "colour": "brown"})
    if request.url.path == "/v1/owners":
        return httpx.Response(204)
    return httpx.Response(404, json={"message": "nope"})


@pytest.mark.slow
def test_generated_package_is_mypy_strict_and_ruff_clean(package: Path) -> None:
    for command in (
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "pets31"],
        [sys.executable, "-m", "ruff", "check", "--no-cache", "pets31"],
        [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "pets31"],
    ):
        result = subprocess.run(command, cwd=package, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr


def test_models_round_trip_and_types(package: Path) -> None:
    from pets31 import models

    pet = models.Pet.from_dict(PET)
    assert pet.to_dict() == PET
    assert pet.kind == models.PetKind.DOG and pet.tag is None and pet.code == "A-1"
    assert isinstance(pet.owner, models.Owner) and pet.owner.email == "ann@example.com"
    hints = models.Pet.__annotations__
    assert hints["tag"] == "str | None | Unset" and hints["code"] == "int | str | Unset"
    assert isinstance(pet.keeper, models.Owner) and pet.keeper.name == "Kim"


def _generated(mode: str, **options: Any) -> Any:
    from pets31 import AsyncClient as GeneratedAsync
    from pets31 import Client as GeneratedClient

    cls = GeneratedClient if mode == "sync" else GeneratedAsync
    return cls(transport=httpx.MockTransport(_handler), **options)


def _dynamic(mode: str, **options: Any) -> Any:
    cls = Client if mode == "sync" else AsyncClient
    return cls.from_spec(SPEC, transport=httpx.MockTransport(_handler), cache=False, **options)


def _errors(kind: str) -> Any:
    """The error classes each client raises (the generated package has its own copy)."""
    if kind == "dynamic":
        return runtime_errors
    import pets31.errors

    return pets31.errors


def _run(client: Any, mode: str, method: str, **kwargs: Any) -> Any:
    bound = getattr(client.default, method)
    if mode == "sync":
        return bound(**kwargs)
    return asyncio.run(bound(**kwargs))


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("kind", ["generated", "dynamic"])
def test_requests_through_both_clients(package: Path, kind: str, mode: str) -> None:
    client = _generated(mode) if kind == "generated" else _dynamic(mode)
    stored = _run(client, mode, "add_pet", body=PET)
    assert stored.to_dict() == PET
    assert _run(client, mode, "get_pet", id_=7).to_dict() == PET
    (listed,) = _run(client, mode, "list_pets", limit=5, kind="dog")
    assert listed.to_dict() == PET
    assert _run(client, mode, "add_owner", body={"name": "Bo", "email": "bo@example.com"}) is None
    assert "webhooks" not in dir(client) and not hasattr(client.default, "pet_added")


# value, the keyword that rejects it: each 3.1 keyword enforced by the request validator
REJECTED = [
    ("get_pet", {"id_": 0}, "exclusiveMinimum"),
    ("list_pets", {"limit": 0}, "exclusiveMinimum"),
    ("list_pets", {"kind": "cat"}, "const"),
    ("add_pet", {"body": {**PET, "kind": "cat"}}, "const"),
    ("add_pet", {"body": {**PET, "weight": 500}}, "exclusiveMaximum"),
    ("add_pet", {"body": {**PET, "tag": 3}}, "type array"),
    ("add_pet", {"body": {**PET, "gone": 0}}, "type null"),
    ("add_pet", {"body": {**PET, "code": 1.5}}, "type array of two"),
    ("add_pet", {"body": {**PET, "position": [1, 2, 3]}}, "prefixItems + items false"),
    ("add_pet", {"body": {**PET, "position": ["a", 2]}}, "prefixItems"),
    ("add_pet", {"body": {**PET, "owner": {"name": 1}}}, "$ref with annotation"),
    ("add_pet", {"body": {**PET, "keeper": {"phone": "1"}}}, "$ref with required beside it"),
    ("add_pet", {"body": {**PET, "colour": "brown"}}, "unevaluatedProperties"),
    ("add_owner", {"body": {"email": "bo@example.com"}}, "dependentRequired"),
]


@pytest.mark.parametrize("kind", ["generated", "dynamic"])
@pytest.mark.parametrize(("method", "kwargs", "keyword"), REJECTED, ids=[r[2] for r in REJECTED])
def test_both_clients_enforce_31_keywords(
    package: Path, kind: str, method: str, kwargs: dict[str, Any], keyword: str
) -> None:
    client = _generated("sync") if kind == "generated" else _dynamic("sync")
    with pytest.raises(_errors(kind).RequestValidationError):
        _run(client, "sync", method, **kwargs)


@pytest.mark.parametrize("kind", ["generated", "dynamic"])
def test_response_validation_applies_unevaluated_properties(package: Path, kind: str) -> None:
    make = _generated if kind == "generated" else _dynamic
    client = make("sync", response_validation="strict")
    with pytest.raises(_errors(kind).ResponseValidationError, match="colour"):
        client.default.get_pet(id_=8)
