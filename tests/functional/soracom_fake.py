"""A fake of the Soracom API for auth tests: POST /auth, POST /auth/switch_user, and every other
path answering `[]` when the request carries a live API key and token (401 otherwise).

One `FakeSoracom` serves `httpx.MockTransport` (sync `handle`, async `ahandle` with a pause at
login so concurrent callers really overlap) and a real HTTP server on 127.0.0.1 (`serve()`).
It follows the Soracom Auth API: AuthRequest fields, AuthResponse `apiKey`/`token`, 401 for
refused credentials. Every secret it hands out or accepts is listed in `secrets()`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

AUTH_KEY_ID = "keyId-FAKEAUTHKEYID000000000000000000"
AUTH_KEY = "secret-FAKEAUTHKEY-s3cr3t-value-0123456789"
EMAIL = "root@example.com"
ROOT_PASSWORD = "root-P@ssw0rd-s3cr3t"
OPERATOR_ID = "OP0012345678"
USER_NAME = "SORACAMUSER"
SAM_PASSWORD = "sam-P@ssw0rd-s3cr3t"
MFA_CODE = "493817"


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class FakeSoracom:
    """State of the fake: issued keys, revoked tokens, every request seen."""

    require_mfa: bool = False
    login_pause: float = 0.0
    seen: list[Seen] = field(default_factory=list)
    live: dict[str, str] = field(default_factory=dict)  # apiKey -> token
    issued: list[tuple[str, str]] = field(default_factory=list)
    refuse_all: bool = False
    echo_key: bool = False
    devices: list[dict[str, Any]] = field(default_factory=list)
    """What GET /sora_cam/devices answers (every other call answers [])."""
    """Error bodies quote the API key received (servers do such things)."""
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # --- behaviour ------------------------------------------------------------------------

    def answer(
        self, method: str, path: str, headers: dict[str, str], raw: bytes
    ) -> tuple[int, Any]:
        body = json.loads(raw) if raw else None
        with self._lock:
            self.seen.append(Seen(method, path, {k.lower(): v for k, v in headers.items()}, body))
        key = headers.get("x-soracom-api-key") or headers.get("X-Soracom-API-Key")
        token = headers.get("x-soracom-token") or headers.get("X-Soracom-Token")
        if method == "POST" and path.endswith("/auth"):
            if not self._valid_login(body or {}):
                return 401, {"code": "AUM0005", "message": "Invalid credentials"}
            return 200, self._issue()
        if method == "POST" and path.endswith("/auth/switch_user"):
            if not key or self.live.get(key) != token:
                return 401, {"code": "AUM0001", "message": "Invalid key or token"}
            return 200, self._issue()
        if self.refuse_all or not key or self.live.get(key) != token:
            quoted = f": {key}" if self.echo_key else ""
            return 401, {"code": "COM0011", "message": f"Invalid API key or token{quoted}"}
        return 200, self.devices if path.endswith("/sora_cam/devices") else []

    def _valid_login(self, body: dict[str, Any]) -> bool:
        if self.refuse_all:
            return False
        if body.get("authKeyId") == AUTH_KEY_ID and body.get("authKey") == AUTH_KEY:
            return True
        if body.get("email") == EMAIL and body.get("password") == ROOT_PASSWORD:
            return True
        sam = (body.get("operatorId"), body.get("userName"), body.get("password"))
        if sam == (OPERATOR_ID, USER_NAME, SAM_PASSWORD):
            return not self.require_mfa or body.get("mfaOTPCode") == MFA_CODE
        return False

    def _issue(self) -> dict[str, str]:
        with self._lock:
            n = next(self._counter)
            key, token = f"api-FAKEKEY-{n:04d}-s3cr3t", f"tok-FAKETOKEN-{n:04d}-s3cr3t"
            self.live[key] = token
            self.issued.append((key, token))
        return {"apiKey": key, "token": token, "operatorId": OPERATOR_ID}

    def revoke_all(self) -> None:
        """Every issued token expires now (the server answers 401 to them)."""
        with self._lock:
            self.live.clear()

    # --- what tests read -------------------------------------------------------------------

    def logins(self) -> list[Seen]:
        return [s for s in self.seen if s.path.endswith("/auth")]

    def calls(self, suffix: str = "/sora_cam/devices") -> list[Seen]:
        return [s for s in self.seen if s.path.endswith(suffix)]

    def secrets(self) -> list[str]:
        issued = [value for pair in self.issued for value in pair]
        return [AUTH_KEY, ROOT_PASSWORD, SAM_PASSWORD, MFA_CODE, *issued]

    # --- transports ------------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        status, body = self.answer(
            request.method, request.url.path, dict(request.headers), request.read()
        )
        return httpx.Response(status, json=body)

    async def ahandle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth") and self.login_pause:
            await asyncio.sleep(self.login_pause)  # concurrent callers pile up here
        else:
            await asyncio.sleep(0)  # let concurrent calls overlap in flight
        return self.handle(request)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def async_transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.ahandle)

    @contextmanager
    def serve(self) -> Iterator[str]:
        """Serve the fake on 127.0.0.1 (a free port); yields the base URL with `/v1`."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _reply(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                status, body = fake.answer(
                    self.command, self.path.split("?", 1)[0], dict(self.headers.items()), raw
                )
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _reply  # noqa: N815

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass  # quiet: the server's access log is not under test

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/v1"
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)
