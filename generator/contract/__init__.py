"""Contract testing from the spec: a mock server, traffic recording and verification.

    from generator.contract import load_contract, MockApp, RunningMock, SyncMockTransport

    contract = load_contract("openapi.yaml")        # SpecError with diagnostics on a bad spec
    app = MockApp(contract, seed=1)                  # an ASGI app
    with RunningMock(app) as mock:                   # uvicorn on a free loopback port
        client = Client(base_url=mock.url, transport=RecordingTransport("traffic.jsonl"))
    report = verify(contract, read_traffic("traffic.jsonl"))

All of it uses the generator's loader, resolver and compiled validators, so the mock, `specgen
verify` and the generated client agree on what the spec allows.
"""

from generator.contract.mock import MockApp
from generator.contract.server import RunningMock
from generator.contract.spec import ContractSpec, load_contract
from generator.contract.traffic import Exchange, TrafficError, read_traffic
from generator.contract.transport import AsyncMockTransport, SyncMockTransport
from generator.runtime.recording import AsyncRecordingTransport, Recorder, RecordingTransport

__all__ = [
    "AsyncMockTransport",
    "AsyncRecordingTransport",
    "ContractSpec",
    "Exchange",
    "MockApp",
    "Recorder",
    "RecordingTransport",
    "RunningMock",
    "SyncMockTransport",
    "TrafficError",
    "load_contract",
    "read_traffic",
]
