"""In-process mock transports: a client talks to the mock with no socket at all.

`AsyncMockTransport` is `httpx.ASGITransport` plus fault translation; `SyncMockTransport` runs
the same ASGI app on a private event loop thread so a sync `httpx.Client` (and the generated sync
`Client`) can use it too. Injected faults surface as the errors a real network gives:
`Prefer: fault=reset` -> `httpx.ReadError`, `Prefer: fault=timeout` -> `httpx.ReadTimeout`
(at once: in-process there is no clock to wait for).
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx

from generator.contract.negotiate import parse_prefer

__all__ = ["AsyncMockTransport", "SyncMockTransport"]


def _fault(request: httpx.Request) -> str:
    return parse_prefer(request.headers.get_list("prefer")).get("fault", "")


class AsyncMockTransport(httpx.AsyncBaseTransport):
    """Sends requests straight into an ASGI app (the mock) on the caller's event loop."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._asgi = httpx.ASGITransport(app=app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        fault = _fault(request)
        if fault == "timeout":
            raise httpx.ReadTimeout("fault injected: timeout", request=request)
        if fault == "reset":
            raise httpx.ReadError("fault injected: connection reset", request=request)
        response = await self._asgi.handle_async_request(request)
        await response.aread()
        return response


class SyncMockTransport(httpx.BaseTransport):
    """The sync twin: the app runs on a daemon thread's event loop; close() stops it."""

    def __init__(self, app: Any) -> None:
        self._async = AsyncMockTransport(app)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()

        async def send() -> tuple[int, list[tuple[bytes, bytes]], bytes]:
            response = await self._async.handle_async_request(request)
            return response.status_code, response.headers.raw, response.content

        future = asyncio.run_coroutine_threadsafe(send(), self._loop)
        status, headers, content = future.result()
        return httpx.Response(status, headers=headers, content=content, request=request)

    def close(self) -> None:
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
        if not self._loop.is_running() and not self._loop.is_closed():
            self._loop.close()
