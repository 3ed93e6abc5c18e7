"""Retries of the generated SoraCam client (and the dynamic one) against a fault-injecting
transport: connection reset, 429 with Retry-After in seconds and as an HTTP date, 503 then 200,
a truncated body, a timeout. Waits come from an injected clock and sleep: nothing sleeps."""

from __future__ import annotations

import asyncio
import email.utils
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
import soracam

from generator.runtime.retries import RetryPolicy

DEVICE = {
    "deviceId": "7CDDDEADBEEF",
    "name": "door",
    "firmwareVersion": "4.58.0.100",
    "productDisplayName": "ATOM Cam 2",
    "powerState": "on",
}
NOW = 1_764_547_200.0  # 2025-12-01T00:00:00Z, the fake wall clock


class FakeClock:
    """Monotonic and wall clocks that only move when the client sleeps; records each wait."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def wall(self) -> float:
        return NOW + self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def policy(self, cls: Any = soracam.RetryPolicy, **options: Any) -> Any:
        return cls(
            clock=self.monotonic,
            wall_clock=self.wall,
            sleep=self.sleep,
            async_sleep=self.async_sleep,
            random=lambda: 0.5,
            **options,
        )


class Broken(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body cut off half way: the peer closes the connection mid-response."""

    def __iter__(self) -> Iterator[bytes]:
        yield b'{"deviceId": "7CDD'
        raise httpx.RemoteProtocolError("peer closed connection without sending complete body")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b'{"deviceId": "7CDD'
        raise httpx.RemoteProtocolError("peer closed connection without sending complete body")


Fault = Callable[[httpx.Request], httpx.Response]


def reset(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadError("[Errno 104] Connection reset by peer", request=request)


def timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out", request=request)


def truncated(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "application/json"}, stream=Broken())


def status(code: int, **headers: str) -> Fault:
    return lambda request: httpx.Response(code, json={"code": "X", "message": "m"}, headers=headers)


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=DEVICE)


def ok_list(request: httpx.Request) -> httpx.Response:
    """A 200 for list operations: an array, as they declare (an object is a decode error)."""
    return httpx.Response(200, json=[])


class Script:
    """Answers with the next fault of the script (the last one repeats); counts requests."""

    def __init__(self, *faults: Fault) -> None:
        self.faults = list(faults)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        fault = self.faults[min(len(self.requests), len(self.faults)) - 1]
        return fault(request)


def _client(mode: str, script: Script, clock: FakeClock, **options: Any) -> Any:
    cls = soracam.Client if mode == "sync" else soracam.AsyncClient
    policy = options.pop("retry_policy", None) or clock.policy()
    return cls(
        api_key="key-K",
        api_token="token-T",
        transport=httpx.MockTransport(script),
        retry_policy=policy,
        **options,
    )


def _call(mode: str, client: Any, name: str = "get_sora_cam_device", **kwargs: Any) -> Any:
    kwargs = kwargs or {"device_id": "7CDDDEADBEEF"}
    method = getattr(client.sora_cam, name)
    return method(**kwargs) if mode == "sync" else asyncio.run(method(**kwargs))


MODES = ["sync", "async"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (reset, soracam.ApiConnectionError),
        (timeout, soracam.ApiTimeoutError),
        (truncated, soracam.ApiConnectionError),
        (status(503), soracam.InternalServerError),
        (status(429), soracam.RateLimitError),
    ],
    ids=["reset", "timeout", "truncated-body", "503", "429"],
)
def test_each_fault_is_retried_then_raised_typed(mode: str, fault: Fault, error: type) -> None:
    clock, script = FakeClock(), Script(fault)
    client = _client(mode, script, clock, max_retries=3)
    with pytest.raises(error) as caught:
        _call(mode, client)
    assert len(script.requests) == 4
    assert caught.value.attempts == 4
    # exponential backoff 0.5, 1, 2 with jitter 0.25 * random() = 0.125 taken off
    assert clock.waits == [0.4375, 0.875, 1.75]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("fault", [reset, timeout, truncated, status(503), status(502)])
def test_a_fault_then_success_returns_the_value(mode: str, fault: Fault) -> None:
    clock, script = FakeClock(), Script(fault, ok)
    device = _call(mode, _client(mode, script, clock))
    assert device.device_id == "7CDDDEADBEEF"
    assert len(script.requests) == 2
    assert clock.waits == [0.4375]


@pytest.mark.parametrize("mode", MODES)
def test_retry_after_seconds_is_the_wait(mode: str) -> None:
    clock, script = FakeClock(), Script(status(429, **{"Retry-After": "7"}), ok)
    _call(mode, _client(mode, script, clock))
    assert clock.waits == [7.0]


@pytest.mark.parametrize("mode", MODES)
def test_retry_after_http_date_is_turned_into_a_wait(mode: str) -> None:
    date = email.utils.formatdate(NOW + 12, usegmt=True)
    clock, script = FakeClock(), Script(status(503, **{"Retry-After": date}), ok)
    _call(mode, _client(mode, script, clock))
    assert clock.waits == [12.0]


@pytest.mark.parametrize("mode", MODES)
def test_soracom_rate_limit_header_is_honoured_when_retry_after_is_absent(mode: str) -> None:
    header = "X-Soracom-Ratelimit-Seconds-Before-Refresh"
    clock, script = FakeClock(), Script(status(429, **{header: "23"}), ok)
    cls = soracam.Client if mode == "sync" else soracam.AsyncClient
    assert header in cls.retry_policy.wait_headers  # from the pin's [retries] table
    policy = clock.policy(wait_headers=cls.retry_policy.wait_headers)
    _call(mode, _client(mode, script, clock, retry_policy=policy))
    assert clock.waits == [23.0]


@pytest.mark.parametrize("mode", MODES)
def test_total_time_is_bounded(mode: str) -> None:
    """A Retry-After beyond the call's budget is not waited: the 429 is raised at once."""
    clock, script = FakeClock(), Script(status(429, **{"Retry-After": "120"}), ok)
    with pytest.raises(soracam.RateLimitError) as caught:
        _call(mode, _client(mode, script, clock, retry_policy=clock.policy(max_elapsed=60)))
    assert clock.waits == []
    assert len(script.requests) == 1 and caught.value.attempts == 1


@pytest.mark.parametrize("mode", MODES)
def test_not_retried_statuses(mode: str) -> None:
    for code, error in ((404, soracam.NotFoundError), (501, soracam.InternalServerError)):
        clock, script = FakeClock(), Script(status(code))
        with pytest.raises(error):
            _call(mode, _client(mode, script, clock))
        assert len(script.requests) == 1 and clock.waits == []


EXPORT = {"device_id": "7CDDDEADBEEF", "body": {"time": 1_700_000_000_000}}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("fault", [reset, status(503), status(429, **{"Retry-After": "1"})])
def test_post_is_never_retried_unless_opted_in(mode: str, fault: Fault) -> None:
    clock, script = FakeClock(), Script(fault)
    client = _client(mode, script, clock, max_retries=5)
    with pytest.raises(soracam.ApiError):
        _call(mode, client, "export_sora_cam_device_recorded_image", **EXPORT)
    assert len(script.requests) == 1 and clock.waits == []
    assert all(r.method == "POST" for r in script.requests)


@pytest.mark.parametrize("mode", MODES)
def test_post_retried_when_opted_in_per_client(mode: str) -> None:
    clock, script = FakeClock(), Script(status(503), status(503), ok)
    client = _client(mode, script, clock, retry_post=True)
    _call(mode, client, "export_sora_cam_device_recorded_image", **EXPORT)
    assert len(script.requests) == 3


@pytest.mark.parametrize("mode", MODES)
def test_per_call_options(mode: str) -> None:
    clock, script = FakeClock(), Script(status(503), ok)
    client = _client(mode, script, clock)
    with client.retrying(retry_post=True):
        _call(mode, client, "export_sora_cam_device_recorded_image", **EXPORT)
    assert len(script.requests) == 2
    script.requests.clear()
    with pytest.raises(soracam.InternalServerError):  # the override ended with the block
        _call(mode, client, "export_sora_cam_device_recorded_image", **EXPORT)
    assert len(script.requests) == 1
    script.requests.clear()
    with client.retrying(max_retries=0), pytest.raises(soracam.InternalServerError):
        _call(mode, client)  # a GET, sent once
    assert len(script.requests) == 1
    script.requests.clear()
    other = _client(mode, Script(status(503)), clock)
    with other.retrying(max_retries=0):  # another client's override leaves this one alone
        _call(mode, client)
    assert len(script.requests) == 2


def test_every_attempt_is_logged_at_debug_without_query_secrets(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock, script = FakeClock(), Script(reset, status(503), ok_list)
    with caplog.at_level(logging.DEBUG, logger="soracam"):
        client = _client("sync", script, clock)
        client.sora_cam.list_sora_cam_device_events_for_device(device_id="D1", limit=3)
    lines = [r.getMessage() for r in caplog.records if r.name == "soracam._runtime.retries"]
    assert [line.split(":")[0] for line in lines] == [
        "attempt 1 GET /v1/sora_cam/devices/D1/events",
        "attempt 2 GET /v1/sora_cam/devices/D1/events",
        "attempt 3 GET /v1/sora_cam/devices/D1/events",
    ]
    assert "Connection reset by peer" in lines[0] and "retrying in 0.44 s" in lines[0]
    assert "status 503" in lines[1] and lines[2].endswith("status 200")
    assert all("limit" not in line for line in lines)  # the query string is never logged


def test_dynamic_client_retries_alike() -> None:
    from generator.dynamic import Client
    from tests.functional.test_parity import API

    clock, script = FakeClock(), Script(status(429, **{"Retry-After": "3"}), reset, ok)
    client = Client(
        API,
        transport=httpx.MockTransport(script),
        api_key="key-K",
        api_token="token-T",
        retry_policy=clock.policy(RetryPolicy),
    )
    assert client.sora_cam.get_sora_cam_device(device_id="X").device_id == "7CDDDEADBEEF"
    assert clock.waits == [3.0, 0.875] and len(script.requests) == 3


def test_policy_refuses_negative_retries() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        RetryPolicy(max_retries=-1)


@pytest.mark.parametrize("mode", MODES)
def test_permanent_transport_errors_are_not_retried(mode: str) -> None:
    def bad_scheme(request: httpx.Request) -> httpx.Response:
        raise httpx.UnsupportedProtocol("Request URL has an unsupported protocol 'ftp://'")

    clock, script = FakeClock(), Script(bad_scheme)
    with pytest.raises(soracam.ApiConnectionError) as caught:
        _call(mode, _client(mode, script, clock, max_retries=5))
    assert len(script.requests) == 1 and clock.waits == [] and caught.value.attempts == 1
