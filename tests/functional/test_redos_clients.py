"""The ReDoS pattern `^(a+)+$` in both clients, sync and async (issue 9, point 7): a caller's
10,000-character value is refused before sending, a server's is reported by strict response
validation; both through the linear engine (bench/bench_redos.py measures the time)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.functional.wire_support import REPO, clients, generate, run

SPEC = REPO / "tests" / "data" / "redos" / "redos.yaml"
IDS = ["gen-sync", "gen-async", "dyn-sync", "dyn-async"]
EVIL = "a" * 10_000 + "!"


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return generate(SPEC, tmp_path_factory.mktemp("redos") / "out", "wire_redos_pkg")


def test_generated_validators_use_the_linear_engine(pkg: Any) -> None:
    engines = {type(v).__name__ for k, v in vars(pkg._validators).items() if k.startswith("_P")}
    assert engines == {"LinearPattern", "Pattern"}  # ^(a+)+$ linear, ^[a-z]+$ on `re`


@pytest.mark.parametrize("which", range(4), ids=IDS)
def test_caller_value_is_refused(pkg: Any, which: int) -> None:
    sent: list[httpx.Request] = []
    client = clients(pkg, SPEC, lambda r: sent.append(r) or httpx.Response(200, json={}))[which]
    with pytest.raises(Exception) as info:
        run(client, "create_thing", body={"name": EVIL})
    assert type(info.value).__name__ == "RequestValidationError"
    assert "body.name: does not match pattern" in str(info.value)
    assert sent == []


@pytest.mark.parametrize("which", range(4), ids=IDS)
def test_server_value_is_reported_in_strict_mode(pkg: Any, which: int) -> None:
    handler = lambda r: httpx.Response(200, json={"name": EVIL})  # noqa: E731
    client = clients(pkg, SPEC, handler, response_validation="strict")[which]
    with pytest.raises(Exception) as info:
        run(client, "create_thing", body={"name": "aaa"})
    assert type(info.value).__name__ == "ResponseValidationError"
    assert "pattern" in str(info.value)
