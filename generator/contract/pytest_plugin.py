"""pytest plugin: a running mock and a ready client per test, and traffic verified at teardown.

Registered through specgen's own `pytest11` entry point, not the generated package's: the
plugin needs the mock (uvicorn, the IR, the validator compiler, openapi-core), which live in
specgen, while a generated package depends on httpx alone and must not put fixtures into every
test run of every project that merely installs it.

Configure the spec with the ini option `specgen_spec` (path relative to the rootdir), or
override the `specgen_spec` fixture. Then:

* `specgen_mock`: the spec's mock served on a free loopback port for the session; per test a
  handle with `url`, `client()` (a dynamic client pointed at the mock, or
  `client(GeneratedClient, api_key=...)`) and `exchanges` (this test's request/response pairs).
* `@pytest.mark.specgen_verify` (or the `specgen_traffic` fixture): every exchange the test
  makes through the mock, or through `specgen_traffic.transport()` to any server, is verified
  against the spec when the test ends; violations fail the test, listed with their paths.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.contract.mock import MockApp
from generator.contract.server import RunningMock
from generator.contract.spec import ContractSpec, load_contract

_CONTRACTS: dict[str, ContractSpec] = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("specgen_spec", "OpenAPI document for the specgen_mock fixture", default="")
    parser.addini("specgen_seed", "seed of the mock's synthesized data", default="0")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "specgen_verify: verify the test's traffic against the spec at teardown"
    )


def contract_for(path: str | os.PathLike[str]) -> ContractSpec:
    """The loaded spec, once per session and path."""
    key = os.path.abspath(path)
    if key not in _CONTRACTS:
        _CONTRACTS[key] = load_contract(key)
    return _CONTRACTS[key]


@pytest.fixture(scope="session")
def specgen_spec(pytestconfig: pytest.Config) -> Path:
    """The spec under test: the `specgen_spec` ini option; override this fixture to choose."""
    value = pytestconfig.getini("specgen_spec")
    if not value:
        raise pytest.UsageError(
            "specgen_mock needs a spec: set `specgen_spec = path/to/openapi.yaml` in the pytest "
            "ini options, or override the `specgen_spec` fixture"
        )
    return Path(str(pytestconfig.rootpath)) / str(value)


@pytest.fixture(scope="session")
def specgen_mock_server(specgen_spec: Path, pytestconfig: pytest.Config) -> Iterator[RunningMock]:
    """The mock served on a free loopback port for the whole session."""
    contract = contract_for(specgen_spec)
    seed = int(pytestconfig.getini("specgen_seed") or 0)
    app = MockApp(contract, seed=seed, exchanges=[])
    with RunningMock(app) as server:
        yield server


class MockHandle:
    """What a test gets from `specgen_mock`."""

    def __init__(self, server: RunningMock, spec: Path) -> None:
        self.server = server
        self.spec = spec
        self.app: MockApp = server.app
        self.contract = self.app.contract
        self.url = server.url
        self._start = len(self.app.exchanges or [])
        self._clients: list[Any] = []

    @property
    def exchanges(self) -> list[dict[str, Any]]:
        """This test's exchanges with the mock, in the JSON Lines recording format."""
        return list((self.app.exchanges or [])[self._start :])

    def client(self, factory: Any = None, **options: Any) -> Any:
        """A client pointed at the mock: the dynamic client by default, or `factory(...)`."""
        if factory is None:
            from generator.dynamic import Client

            client = Client.from_spec(self.spec, base_url=self.url, **options)
        else:
            client = factory(base_url=self.url, **options)
        self._clients.append(client)
        return client

    def close(self) -> None:
        for client in self._clients:
            close = getattr(client, "close", None)
            if close is not None:
                close()


@pytest.fixture
def specgen_mock(
    specgen_mock_server: RunningMock, specgen_spec: Path, request: pytest.FixtureRequest
) -> Iterator[MockHandle]:
    """A running mock of `specgen_spec` and a ready client (see `MockHandle`)."""
    handle = MockHandle(specgen_mock_server, specgen_spec)
    yield handle
    handle.close()
    if request.node.get_closest_marker("specgen_verify") is not None:
        _check(handle.contract, _exchanges_of(handle.exchanges), "mock traffic")


class TrafficCheck:
    """Records a test's traffic to a JSON Lines file; verified against the spec at teardown."""

    def __init__(self, path: Path) -> None:
        from generator.runtime.recording import Recorder

        self.path = path
        self.recorder = Recorder(path)

    def transport(self, inner: Any = None) -> Any:
        from generator.runtime.recording import RecordingTransport

        return RecordingTransport(self.recorder, inner)

    def async_transport(self, inner: Any = None) -> Any:
        from generator.runtime.recording import AsyncRecordingTransport

        return AsyncRecordingTransport(self.recorder, inner)

    def attach(self, http_client: Any) -> None:
        self.recorder.attach(http_client)


@pytest.fixture
def specgen_traffic(specgen_spec: Path, tmp_path: Path) -> Iterator[TrafficCheck]:
    """Record through `.transport()` / `.attach(client)`; verified when the test ends."""
    check = TrafficCheck(tmp_path / "traffic.jsonl")
    yield check
    check.recorder.close()
    from generator.contract.traffic import read_traffic

    _check(contract_for(specgen_spec), read_traffic(check.path), str(check.path))


def _exchanges_of(lines: list[dict[str, Any]]) -> list[Any]:
    import json
    import tempfile

    from generator.contract.traffic import read_traffic

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        fh.writelines(json.dumps(line) + "\n" for line in lines)
    try:
        return read_traffic(fh.name)
    finally:
        os.unlink(fh.name)


def _check(contract: ContractSpec, exchanges: list[Any], what: str) -> None:
    from generator.contract.verify import format_text, verify

    report = verify(contract, exchanges)
    if not report.ok:
        pytest.fail(f"{what} breaks the spec:\n{format_text(report)}", pytrace=False)
