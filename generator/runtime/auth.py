"""Credentials obtained by logging in: lazily, cached per client, refreshed before expiry.

The runtime knows no login protocol. A `LoginFlow` (supplied by a vendor layer, e.g. Soracom's
POST /auth) is a generator: it yields the `httpx.Request`s to send, receives each response
(always 2xx: the cache raises `LoginError` for a 4xx before the flow sees it) and returns a
`Login` holding the credential secrets per security scheme. One flow serves the sync and the
async client, since the cache drives it with the client's own sender.

`CredentialCache` keeps the last `Login`: one login at a time (a thread lock for sync clients, an
asyncio lock for async ones, so concurrent calls share one refresh), refreshed when less than
`margin` seconds remain (the smaller of 60 s and a tenth of the lifetime), and `invalidate(stale)`
drops it only if it is still the one that failed, so N concurrent 401s cause one re-login.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable, Generator, Mapping
from typing import TYPE_CHECKING, Protocol

import httpx

from .errors import LoginError, status_error

if TYPE_CHECKING:
    import asyncio  # imported on the first async login: it costs 7 % of `import httpx`


class Login(Protocol):
    """What a login returns (any object with these attributes, e.g. a frozen dataclass)."""

    @property
    def credentials(self) -> Mapping[str, str]:
        """Secret per security scheme name."""
        ...

    @property
    def expires_in(self) -> float | None:
        """Lifetime in seconds; None: no expiry."""
        ...


class LoginFlow(Protocol):
    """How to log in; see the module docstring."""

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values the login sends that must never be shown (auth key, password)."""
        ...

    def exchange(self, base_url: str) -> Generator[httpx.Request, httpx.Response, Login]:
        """Yield the requests to send; receive each 2xx response; return the `Login`."""
        ...


Send = Callable[[httpx.Request], httpx.Response]
AsyncSend = Callable[[httpx.Request], Awaitable[httpx.Response]]


class CredentialCache:
    """The current login of one client; see the module docstring."""

    def __init__(
        self,
        flow: LoginFlow,
        *,
        on_login: Callable[[Login], None] = lambda login: None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.flow = flow
        self.logins = 0
        """How many logins this cache performed (for tests and diagnostics)."""
        self._on_login = on_login
        self._clock = clock
        self._current: Mapping[str, str] | None = None
        self._refresh_at: float | None = None
        self._lock = threading.Lock()
        self._async_locks: dict[asyncio.AbstractEventLoop, asyncio.Lock] = {}

    def _fresh(self) -> Mapping[str, str] | None:
        current = self._current
        if current is not None and (self._refresh_at is None or self._clock() < self._refresh_at):
            return current
        return None

    def invalidate(self, stale: Mapping[str, str]) -> None:
        """Forget `stale` (credentials a server refused) unless a newer login replaced it."""
        if self._current is stale:
            self._current = None

    def get(self, send: Send, base_url: str) -> Mapping[str, str]:
        """The current credentials, logging in first when there are none or they expire soon."""
        current = self._fresh()
        if current is not None:
            return current
        with self._lock:
            current = self._fresh()
            if current is not None:
                return current
            started = self._clock()
            flow = self.flow.exchange(base_url)
            step: httpx.Request | Mapping[str, str] = next(flow)
            while isinstance(step, httpx.Request):
                step = self._advance(flow, send(step), started)
            return step

    async def aget(self, send: AsyncSend, base_url: str) -> Mapping[str, str]:
        """`get` for async clients: concurrent callers wait for one shared login."""
        current = self._fresh()
        if current is not None:
            return current
        import asyncio

        loop = asyncio.get_running_loop()
        lock = self._async_locks.setdefault(loop, asyncio.Lock())
        async with lock:
            current = self._fresh()
            if current is not None:
                return current
            started = self._clock()
            flow = self.flow.exchange(base_url)
            step: httpx.Request | Mapping[str, str] = next(flow)
            while isinstance(step, httpx.Request):
                step = self._advance(flow, await send(step), started)
            return step

    def _advance(
        self,
        flow: Generator[httpx.Request, httpx.Response, Login],
        response: httpx.Response,
        started: float,
    ) -> httpx.Request | Mapping[str, str]:
        """Hand `response` to the flow: its next request, or the stored credentials."""
        _check(response)
        try:
            return flow.send(response)
        except StopIteration as stop:
            try:
                return self._store(stop.value, started)
            except ValueError as exc:
                raise LoginError(response, str(exc)) from None
        except ValueError as exc:
            raise LoginError(response, str(exc)) from None

    def _store(self, login: Login, started: float) -> Mapping[str, str]:
        self._on_login(login)  # may refuse the credentials (ValueError)
        self.logins += 1
        credentials = dict(login.credentials)
        self._current = credentials
        if login.expires_in is None:
            self._refresh_at = None
        else:
            margin = min(60.0, login.expires_in / 10.0)
            self._refresh_at = started + login.expires_in - margin
        return credentials


def _check(response: httpx.Response) -> None:
    if response.status_code >= 500:
        raise status_error(response)
    if response.status_code >= 400:
        raise LoginError(response)
