"""Retries: which failures are tried again, how long to wait, and the sending loops.

Retried: connection failures (refused, reset, truncated body, timeouts: any
`httpx.TransportError` but a bad URL scheme or a malformed request), 429 Too Many Requests and
5xx except 501 Not Implemented. Idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE;
RFC 9110 section 9.2.2) are retried by default; POST and PATCH only when `retry_post=True`
(per client, or per call with `client.retrying(...)`), since a retried POST may do its work
twice: a SoraCam export retried is an export billed twice.

The wait before attempt n+1 is, in order: the server's `Retry-After` (delay-seconds or an
HTTP-date, RFC 9110 section 10.2.3), then any header named in `wait_headers` (seconds, e.g. a
rate-limit window the pin names), else exponential backoff `initial_delay * multiplier**n`
capped at `max_delay`, with up to `jitter` of it taken off at random (so clients that failed
together do not come back together). Attempts are bounded by `max_retries` and the whole call by
`max_elapsed` seconds: a wait that would pass it is not taken, the last error is raised (with
`attempts` set). Clock, sleep and randomness are fields, so tests never sleep.

Every attempt is logged at DEBUG on this module's logger (a child of the package's logger):
method, path (never the query, which may carry an API key), outcome, the wait chosen.
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from typing import Any

import httpx

from .errors import ApiConnectionError
from .record import Record

__all__ = ["RetryPolicy", "retry_overrides"]

logger = logging.getLogger(__name__)

IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})


async def _asyncio_sleep(seconds: float) -> None:
    """`asyncio.sleep`, imported on the first async retry: asyncio costs 7 % of `import httpx`."""
    import asyncio

    await asyncio.sleep(seconds)


class RetryPolicy(Record):
    """How a client retries; every time is in seconds.

    `max_retries`: retries after the first attempt (0: one attempt only). `retry_post`: retry
    POST and PATCH too (they may not be safe to repeat: billed exports). `jitter`: the fraction
    of the backoff delay that may be taken off at random. `max_elapsed`: the budget of the whole
    call, attempts and waits together. `wait_headers`: response headers giving seconds to wait
    (read after `Retry-After`). `clock`, `wall_clock` (epoch seconds, to turn a `Retry-After`
    HTTP-date into a delay), `sleep`, `async_sleep` and `random` are injectable for tests and
    take no part in equality. Raises ValueError for a negative `max_retries`.
    """

    _fields = (
        "max_retries",
        "retry_post",
        "initial_delay",
        "multiplier",
        "max_delay",
        "jitter",
        "max_elapsed",
        "wait_headers",
    )
    __slots__ = (*_fields, "clock", "wall_clock", "sleep", "async_sleep", "random")

    def __init__(
        self,
        max_retries: int = 2,
        retry_post: bool = False,
        initial_delay: float = 0.5,
        multiplier: float = 2.0,
        max_delay: float = 8.0,
        jitter: float = 0.25,
        max_elapsed: float = 60.0,
        wait_headers: tuple[str, ...] = (),
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] = _asyncio_sleep,
        random: Callable[[], float] = random.random,
    ) -> None:
        if max_retries < 0:
            raise ValueError(f"max_retries must be >= 0: {max_retries!r}")
        self.max_retries = max_retries
        self.retry_post = retry_post
        self.initial_delay = initial_delay
        self.multiplier = multiplier
        self.max_delay = max_delay
        self.jitter = jitter
        self.max_elapsed = max_elapsed
        self.wait_headers = wait_headers
        self.clock = clock
        self.wall_clock = wall_clock
        self.sleep = sleep
        self.async_sleep = async_sleep
        self.random = random

    def with_options(self, **changes: Any) -> RetryPolicy:
        """A copy with the given fields replaced; `None` values are ignored."""
        given = {k: v for k, v in changes.items() if v is not None}
        if not given:
            return self
        values = {name: getattr(self, name) for name in self.__slots__}
        return RetryPolicy(**{**values, **given})

    def allows(self, method: str) -> bool:
        return method in IDEMPOTENT or self.retry_post

    def backoff(self, retry: int) -> float:
        """The delay before retry number `retry` (1-based) when the server names none."""
        delay = min(self.max_delay, self.initial_delay * self.multiplier ** (retry - 1))
        return delay * (1 - self.jitter * self.random())

    def server_delay(self, response: httpx.Response) -> float | None:
        """Seconds the server asks to wait (`Retry-After`, then `wait_headers`), if any."""
        value = response.headers.get("retry-after")
        if value is not None:
            delay = _retry_after(value.strip(), self.wall_clock)
            if delay is not None:
                return delay
        for name in self.wait_headers:
            value = response.headers.get(name)
            if value is not None:
                try:
                    seconds = float(value.strip())
                except ValueError:
                    continue
                if seconds >= 0 and seconds == seconds:  # not NaN
                    return seconds
        return None


def _retry_after(value: str, wall_clock: Callable[[], float]) -> float | None:
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT
        return None
    return max(0.0, when.timestamp() - wall_clock())


PERMANENT_ERRORS = (httpx.UnsupportedProtocol, httpx.LocalProtocolError)
"""Transport errors that repeat on every attempt (a bad URL scheme, a malformed request)."""


def retryable_status(status: int) -> bool:
    return status == 429 or (status >= 500 and status != 501)


# --- per-call overrides (`client.retrying(...)`) ------------------------------------------------

_OVERRIDES: ContextVar[Mapping[int, RetryPolicy]] = ContextVar("specgen_retry_overrides")


def retry_overrides() -> ContextVar[Mapping[int, RetryPolicy]]:
    """The context variable holding per-client policies set by `client.retrying(...)`."""
    return _OVERRIDES


def current_policy(owner: object, default: RetryPolicy) -> RetryPolicy:
    overrides = _OVERRIDES.get(None)
    if overrides:
        return overrides.get(id(owner), default)
    return default


# --- the loops -----------------------------------------------------------------------------------


class _Attempts:
    """Bookkeeping shared by the sync and async loops: decide, log, pick the wait."""

    __slots__ = ("policy", "request", "started", "number", "allowed")

    def __init__(self, policy: RetryPolicy, request: httpx.Request) -> None:
        self.policy = policy
        self.request = request
        self.started = policy.clock()
        self.number = 0
        self.allowed = policy.max_retries > 0 and policy.allows(request.method)

    def wait_after(
        self, answer: httpx.Response | BaseException | None, outcome: str
    ) -> float | None:
        """Seconds to wait before the next attempt, or None to stop here."""
        policy, number = self.policy, self.number
        request = self.request
        permanent = isinstance(answer, PERMANENT_ERRORS)
        if not self.allowed or number > policy.max_retries or permanent:
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug(
                    "attempt %d %s %s: %s", number, request.method, request.url.path, outcome
                )
            return None
        response = answer if isinstance(answer, httpx.Response) else None
        server = policy.server_delay(response) if response is not None else None
        delay = server if server is not None else policy.backoff(number)
        elapsed = policy.clock() - self.started
        if elapsed + delay > policy.max_elapsed:
            logger.debug(
                "attempt %d %s %s: %s; not retrying: waiting %.2f s would pass max_elapsed "
                "(%.1f s)",
                number,
                request.method,
                request.url.path,
                outcome,
                delay,
                policy.max_elapsed,
            )
            return None
        logger.debug(
            "attempt %d %s %s: %s; retrying in %.2f s",
            number,
            request.method,
            request.url.path,
            outcome,
            delay,
        )
        return delay

    def after_error(self, error: ApiConnectionError) -> float:
        """Seconds to wait after `error` (nothing came back); raises it, `attempts` set, when
        there is no next attempt."""
        delay = self.wait_after(error.__cause__, str(error))
        if delay is None:
            error.attempts = self.number
            raise error
        return delay

    def after_response(self, response: httpx.Response) -> float | None:
        """Seconds to wait after `response` (then the caller closes it), or None: it is final."""
        if not (self.allowed and retryable_status(response.status_code)):
            if logger.isEnabledFor(logging.DEBUG):
                request = self.request
                logger.debug(
                    "attempt %d %s %s: status %d",
                    self.number,
                    request.method,
                    request.url.path,
                    response.status_code,
                )
            return None
        return self.wait_after(response, f"status {response.status_code}")


def send_sync(
    send: Callable[[httpx.Request, int], httpx.Response],
    request: httpx.Request,
    policy: RetryPolicy,
) -> tuple[httpx.Response, int]:
    """Send with retries; (final response, attempts). `send(request, attempt)` sends once
    and raises `ApiConnectionError` (caused by the transport error) when nothing came back;
    the last such error is raised with `attempts` set."""
    state = _Attempts(policy, request)
    while True:
        state.number += 1
        try:
            response = send(request, state.number)
        except ApiConnectionError as exc:
            delay = state.after_error(exc)
        else:
            if (wait := state.after_response(response)) is None:
                return response, state.number
            delay = wait
            response.close()
        policy.sleep(delay)


async def send_async(
    send: Callable[[httpx.Request, int], Awaitable[httpx.Response]],
    request: httpx.Request,
    policy: RetryPolicy,
) -> tuple[httpx.Response, int]:
    """The async twin of `send_sync`."""
    state = _Attempts(policy, request)
    while True:
        state.number += 1
        try:
            response = await send(request, state.number)
        except ApiConnectionError as exc:
            delay = state.after_error(exc)
        else:
            if (wait := state.after_response(response)) is None:
                return response, state.number
            delay = wait
            await response.aclose()
        await policy.async_sleep(delay)
