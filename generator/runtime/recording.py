"""Recording traffic to JSON Lines, secrets masked, for `specgen verify` and contract tests.

One line per exchange: ``{"request": {"method", "url", "headers": [[name, value]...], "body"},
"response": {"status", "headers", "body"}}``; a body that is not UTF-8 is stored as
``body_base64``. Credentials never reach the file: headers, query parameters and JSON body
fields whose names look secret (authorization, cookie, token, key, secret, password...) are
replaced by ``"***"``, and so is any secret a live client knows (`redact.mask_everywhere`),
wherever it appears.

Two ways in, both on httpx's public seams so any client can record:

* `RecordingTransport(path)` / `AsyncRecordingTransport(path)` wrap a transport
  (``Client(transport=RecordingTransport("traffic.jsonl"))``);
* `Recorder(path).attach(http_client)` adds response event hooks to an existing
  `httpx.Client` or `httpx.AsyncClient`.
"""

from __future__ import annotations

import base64
import json
import os
import re
import threading
from collections.abc import Iterable
from typing import IO, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from .redact import mask_everywhere

__all__ = [
    "MASK",
    "AsyncRecordingTransport",
    "Recorder",
    "RecordingTransport",
    "exchange_dict",
    "is_secret_name",
]

MASK = "***"
_SECRET = re.compile(
    r"auth|token|secret|passw|cookie|session|signature|credential|api[-_]?key|x-api-key",
    re.IGNORECASE,
)


def is_secret_name(name: str) -> bool:
    """Whether a header, query parameter or JSON field name looks like it carries a secret."""
    return bool(_SECRET.search(name))


def _mask_headers(headers: Iterable[tuple[str, str]]) -> list[list[str]]:
    return [[k, MASK if is_secret_name(k) else v] for k, v in headers]


def _mask_url(url: str) -> str:
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if not any(is_secret_name(k) for k, _ in pairs):
        return url
    query = urlencode([(k, MASK if is_secret_name(k) else v) for k, v in pairs])
    return urlunsplit(parts._replace(query=query))


def _mask_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: MASK if is_secret_name(str(k)) and isinstance(v, str) else _mask_json(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_mask_json(item) for item in value]
    return value


def _body(content: bytes, headers: Iterable[tuple[str, str]]) -> dict[str, Any]:
    if not content:
        return {"body": None}
    media = next((v for k, v in headers if k.lower() == "content-type"), "").lower()
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return {"body_base64": base64.b64encode(content).decode("ascii")}
    if "json" in media:
        try:
            data = json.loads(text)
        except ValueError:
            return {"body": text}
        masked = _mask_json(data)
        if masked != data:
            return {"body": json.dumps(masked, ensure_ascii=False)}
    return {"body": text}


def exchange_dict(
    method: str,
    url: str,
    request_headers: Iterable[tuple[str, str]],
    request_body: bytes,
    status: int,
    response_headers: Iterable[tuple[str, str]],
    response_body: bytes,
) -> dict[str, Any]:
    """One exchange in the recording format, secrets masked."""
    request_headers, response_headers = list(request_headers), list(response_headers)
    return {
        "request": {
            "method": method.upper(),
            "url": _mask_url(url),
            "headers": _mask_headers(request_headers),
            **_body(request_body, request_headers),
        },
        "response": {
            "status": status,
            "headers": _mask_headers(response_headers),
            **_body(response_body, response_headers),
        },
    }


def _decoded_headers(response: httpx.Response) -> list[tuple[str, str]]:
    """Headers for a copy holding the decoded body: no content-encoding, no stale length."""
    dropped = ("content-encoding", "content-length", "transfer-encoding")
    return [(k, v) for k, v in response.headers.multi_items() if k.lower() not in dropped]


def _recorded(
    recorder: Recorder, response: httpx.Response, content: bytes, request: httpx.Request
) -> httpx.Response:
    """What a recording transport returns: a copy holding the read (decoded) body, recorded."""
    result = httpx.Response(
        response.status_code,
        headers=_decoded_headers(response),
        content=content,
        request=request,
        extensions=response.extensions,
    )
    recorder.record(result)
    return result


class Recorder:
    """Appends exchanges to a JSON Lines file (or an open text stream); thread-safe."""

    def __init__(self, target: str | os.PathLike[str] | IO[str]) -> None:
        self._lock = threading.Lock()
        if isinstance(target, (str, os.PathLike)):
            self._stream: IO[str] = open(target, "a", encoding="utf-8")  # noqa: SIM115
            self._owns = True
        else:
            self._stream, self._owns = target, False
        self.count = 0

    def record(self, response: httpx.Response) -> None:
        """Write one exchange; the response body must have been read."""
        request = response.request
        line = exchange_dict(
            request.method,
            str(request.url),
            request.headers.multi_items(),
            request.content,
            response.status_code,
            response.headers.multi_items(),
            response.content,
        )
        # By name above; here by value too: every live client's known secrets, wherever they
        # appear (a token echoed in a body, a key inside a URL path).
        text = mask_everywhere(json.dumps(line, ensure_ascii=False)) + "\n"
        with self._lock:
            self._stream.write(text)
            self._stream.flush()
            self.count += 1

    def hook(self, response: httpx.Response) -> None:
        """An `httpx.Client` response event hook."""
        response.read()
        self.record(response)

    async def ahook(self, response: httpx.Response) -> None:
        """An `httpx.AsyncClient` response event hook."""
        await response.aread()
        self.record(response)

    def attach(self, client: httpx.Client | httpx.AsyncClient) -> None:
        """Record every response `client` receives."""
        hook = self.ahook if isinstance(client, httpx.AsyncClient) else self.hook
        client.event_hooks = {
            **client.event_hooks,
            "response": [*client.event_hooks.get("response", []), hook],
        }

    def close(self) -> None:
        if self._owns:
            self._stream.close()


class RecordingTransport(httpx.BaseTransport):
    """Wraps a transport (default: a new `httpx.HTTPTransport`) and records what passes."""

    def __init__(
        self,
        target: str | os.PathLike[str] | IO[str] | Recorder,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.recorder = target if isinstance(target, Recorder) else Recorder(target)
        self.transport = transport or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.transport.handle_request(request)
        return _recorded(self.recorder, response, response.read(), request)

    def close(self) -> None:
        self.transport.close()
        self.recorder.close()


class AsyncRecordingTransport(httpx.AsyncBaseTransport):
    """The async `RecordingTransport` (default: a new `httpx.AsyncHTTPTransport`)."""

    def __init__(
        self,
        target: str | os.PathLike[str] | IO[str] | Recorder,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.recorder = target if isinstance(target, Recorder) else Recorder(target)
        self.transport = transport or httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.transport.handle_async_request(request)
        return _recorded(self.recorder, response, await response.aread(), request)

    async def aclose(self) -> None:
        await self.transport.aclose()
        self.recorder.close()
