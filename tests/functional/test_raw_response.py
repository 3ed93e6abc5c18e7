"""Raw-response methods are wrappers of the plain ones (`runtime/raw.py`): the `ApiResponse` of
the very call, its parsed value identical to the plain method's, one per call also when calls run
concurrently (threads, asyncio tasks), and the plain method's name, docstring and signature."""

from __future__ import annotations

import asyncio
import inspect
import threading
from typing import Any

import httpx
import pytest

from generator.runtime.raw import to_raw_response_wrapper
from tests.functional.conftest import make_client

DEVICE = {"deviceId": "7CDDDEADBEEF", "name": "Front door"}


def handler(request: httpx.Request) -> httpx.Response:
    """Echoes the device id of the path back, so each response names its request."""
    device_id = request.url.path.rsplit("/", 1)[-1]
    return httpx.Response(
        200, json={**DEVICE, "deviceId": device_id}, headers={"x-seen": device_id}
    )


def test_sync_raw_returns_the_response_of_its_call() -> None:
    client = make_client("sync", handler)
    plain = client.sora_cam.get_sora_cam_device(device_id="A")
    raw = client.with_raw_response.sora_cam.get_sora_cam_device(device_id="B")
    assert type(raw).__name__ == "ApiResponse"
    assert raw.status_code == 200 and raw.headers["x-seen"] == "B"
    assert type(raw.parsed) is type(plain)
    assert raw.parsed.device_id == "B" and plain.device_id == "A"
    # the same resource object serves both: the raw class wraps the client's plain resource
    assert client.with_raw_response.sora_cam._resource is client.sora_cam


def test_async_raw_calls_running_together_each_get_their_own_response() -> None:
    async def main() -> list[Any]:
        client = make_client("async", handler)
        raw = client.with_raw_response.sora_cam
        plain = client.sora_cam
        calls = [
            raw.get_sora_cam_device(device_id=f"R{n}")
            if n % 2
            else plain.get_sora_cam_device(device_id=f"P{n}")
            for n in range(8)
        ]
        return list(await asyncio.gather(*calls))

    results = asyncio.run(main())
    for n, result in enumerate(results):
        if n % 2:
            assert result.headers["x-seen"] == f"R{n}" and result.parsed.device_id == f"R{n}"
        else:
            assert type(result).__name__ == "SoraCamDevice" and result.device_id == f"P{n}"


def test_sync_raw_calls_in_threads_each_get_their_own_response() -> None:
    client = make_client("sync", handler)
    seen: dict[str, str] = {}

    def call(name: str) -> None:
        response = client.with_raw_response.sora_cam.get_sora_cam_device(device_id=name)
        seen[name] = response.headers["x-seen"]

    threads = [threading.Thread(target=call, args=(f"T{n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {f"T{n}": f"T{n}" for n in range(6)}


def test_errors_pass_through_the_wrapper() -> None:
    from soracam import NotFoundError

    client = make_client("sync", lambda r: httpx.Response(404, json={"code": "X", "message": "no"}))
    with pytest.raises(NotFoundError):
        client.with_raw_response.sora_cam.get_sora_cam_device(device_id="A")
    # and the next plain call is not captured by a wrapper left open
    ok = make_client("sync", handler)
    assert ok.sora_cam.get_sora_cam_device(device_id="C").device_id == "C"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_raw_methods_carry_the_plain_methods_name_doc_and_signature(mode: str) -> None:
    client = make_client(mode, handler)
    plain = client.sora_cam.get_sora_cam_device
    raw = client.with_raw_response.sora_cam.get_sora_cam_device
    assert raw.__name__ == plain.__name__ and raw.__qualname__ == plain.__qualname__
    assert raw.__doc__ == plain.__doc__ and raw.__doc__
    assert inspect.signature(raw) == inspect.signature(plain)
    assert inspect.iscoroutinefunction(raw) is (mode == "async")


def test_a_wrapped_function_that_sends_nothing_is_a_bug_reported_as_such() -> None:
    def no_request() -> int:
        return 1

    with pytest.raises(RuntimeError, match="returned without sending a request"):
        to_raw_response_wrapper(no_request)()
