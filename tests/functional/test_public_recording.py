"""`soracam.recording`: the vendored package records its own traffic (secrets masked) without
specgen installed, in the JSON Lines format `specgen verify` reads."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest
import soracam
from soracam import recording

from generator.contract.traffic import read_traffic
from tests.functional.conftest import API_KEY, API_TOKEN

DEVICES = [{"deviceId": "7CDDDEADBEEF", "name": "door", "connected": True}]


def _answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=DEVICES)


def _check(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert API_KEY not in text and API_TOKEN not in text  # masked, wherever they appear
    (line,) = text.splitlines()
    exchange = json.loads(line)
    assert exchange["request"]["method"] == "GET"
    assert exchange["request"]["url"].endswith("/sora_cam/devices")
    assert exchange["response"]["status"] == 200
    (read,) = read_traffic(path)  # the reader `specgen verify` uses accepts it
    assert (read.method, read.status) == ("GET", 200)


def test_a_sync_client_records_through_the_public_module(tmp_path: Path) -> None:
    path = tmp_path / "traffic.jsonl"
    transport = recording.RecordingTransport(str(path), httpx.MockTransport(_answer))
    with soracam.Client(api_key=API_KEY, api_token=API_TOKEN, transport=transport) as client:
        devices = client.sora_cam.list_sora_cam_devices()
    assert devices[0].device_id == "7CDDDEADBEEF"
    _check(path)


def test_an_async_client_records_through_the_public_module(tmp_path: Path) -> None:
    path = tmp_path / "traffic.jsonl"
    transport = recording.AsyncRecordingTransport(str(path), httpx.MockTransport(_answer))

    async def main() -> None:
        client = soracam.AsyncClient(api_key=API_KEY, api_token=API_TOKEN, transport=transport)
        async with client:
            await client.sora_cam.list_sora_cam_devices()

    asyncio.run(main())
    _check(path)


@pytest.mark.parametrize("name", recording.__all__)
def test_the_public_names_are_the_runtime_s_and_show_the_public_path(name: str) -> None:
    from soracam._runtime import recording as shipped

    assert getattr(recording, name) is getattr(shipped, name)
    assert getattr(recording, name).__module__ == "soracam.recording"
