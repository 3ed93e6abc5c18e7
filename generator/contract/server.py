"""Serving the mock over real HTTP with uvicorn, in the foreground or on a background thread.

`serve()` is what `specgen mock` runs (Ctrl-C stops it cleanly); `RunningMock` starts the same
server on a free loopback port in a thread, for the demo, the pytest fixture and benchmarks.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from types import TracebackType
from typing import Any, Self

__all__ = ["RunningMock", "is_loopback", "serve"]

START_TIMEOUT = 10.0
"""Seconds allowed for the server thread to start listening."""


def is_loopback(host: str) -> bool:
    """Whether `host` only accepts local connections (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _config(app: Any, **options: Any) -> Any:
    import uvicorn

    # lifespan "on": the app answers startup/shutdown; access logs off (the mock is hot path).
    return uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on", **options)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Inherited by accepted connections on Linux: without it the status line and the body go
    # out as two small writes and delayed ACKs add ~40 ms to every answer.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    return sock


def serve(app: Any, host: str, port: int, on_ready: Any = None) -> None:
    """Serve `app` until Ctrl-C (uvicorn handles SIGINT/SIGTERM and drains connections)."""
    import uvicorn

    sock = _bind(host, port)
    server = uvicorn.Server(_config(app))
    if on_ready is not None:
        bound = sock.getsockname()[1]
        original = server.startup

        async def startup(sockets: Any = None) -> None:
            await original(sockets=sockets)
            if server.started:
                on_ready(bound)

        server.startup = startup  # type: ignore[method-assign]
    server.run(sockets=[sock])


class RunningMock:
    """A mock served on a background thread; `url` is its base URL (with the spec's base path).

    Use as a context manager, or call `start()` and `stop()`.
    """

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = app
        self.host = host
        self.port = port
        self._server: Any = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{getattr(self.app, 'base_path', '')}"

    def start(self) -> Self:
        import uvicorn

        sock = _bind(self.host, self.port)
        self.port = sock.getsockname()[1]
        self._server = uvicorn.Server(_config(self.app))
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the mock server did not start on {self.host}:{self.port}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
            self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
