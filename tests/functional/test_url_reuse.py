"""Parsed request URLs are reused per client (parsing is a third of building a request): every
call still goes to its own URL, the reuse stays within one client, and the store is bounded."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

from generator.dynamic import Client as DynamicClient

REPO = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO.parent / "shared" / "specs" / "soracam" / "soracom-soracam-api-openapi.yml"
PACKAGE_DIR = REPO / "generated" / "soracam"

if not SPEC_PATH.is_file():
    pytest.skip(f"spec not found at {SPEC_PATH}", allow_module_level=True)
if str(PACKAGE_DIR) not in sys.path:
    sys.path.insert(0, str(PACKAGE_DIR))

import soracam  # noqa: E402  (the generated package, from its distribution folder)


def _transport(seen: list[str]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={"deviceId": "x"})

    return httpx.MockTransport(handler)


@pytest.mark.parametrize("kind", ["generated", "dynamic"])
def test_each_call_goes_to_its_own_url_and_the_store_is_bounded(kind: str) -> None:
    seen: list[str] = []
    options = {"api_key": "k", "api_token": "t", "transport": _transport(seen)}
    if kind == "generated":
        client = soracam.Client(base_url="https://one.example/v1", **options)
    else:
        client = DynamicClient.from_spec(SPEC_PATH, base_url="https://one.example/v1", **options)
    ids = ["A", "B", "A", "a/b", *(f"D{n}" for n in range(300))]
    for device_id in ids:
        client.sora_cam.get_sora_cam_device(device_id=device_id)
    base = "https://one.example/v1/sora_cam/devices/"
    assert seen == [base + device_id.replace("/", "%2F") for device_id in ids]
    assert 0 < len(client._urls) <= 256
    other_seen: list[str] = []
    other = soracam.Client(
        base_url="https://two.example/v1",
        api_key="k",
        api_token="t",
        transport=_transport(other_seen),
    )
    other.sora_cam.get_sora_cam_device(device_id="A")
    assert other_seen == ["https://two.example/v1/sora_cam/devices/A"]
    assert list(other._urls) == ["https://two.example/v1/sora_cam/devices/A"]
