"""The HTTP core of both clients: one base for configuration, sync and async senders.

Generated `Client`/`AsyncClient` classes and the dynamic client subclass these. The transport
seam is httpx's: pass `transport=httpx.MockTransport(handler)` (or an ASGI transport) to test
without a network, or `http_client=` to bring a fully configured httpx client.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx

from .checks import ResponseValidation, check_request, check_response
from .errors import ApiConnectionError, ApiTimeoutError
from .operation import Credential, Operation
from .request import RequestParts, build_request_parts
from .response import ApiResponse, decode_response, read_fully
from .types import DEFAULT_TIMEOUT, NOT_GIVEN, NotGiven, TimeoutTypes

T = TypeVar("T")


class BaseApiClient:
    """Configuration shared by the sync and async clients."""

    servers: Mapping[str, str] = {}
    """Named base URLs from the spec (e.g. Soracom coverages `jp` and `g`)."""

    default_server: str = ""

    def __init__(
        self,
        *,
        base_url: str | None = None,
        server: str | None = None,
        credentials: Mapping[str, tuple[Credential, str | None]] | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        validate_requests: bool = True,
        response_validation: ResponseValidation = "warn",
    ) -> None:
        if response_validation not in ("strict", "warn", "off"):
            raise ValueError(
                f"response_validation must be 'strict', 'warn' or 'off': {response_validation!r}"
            )
        if base_url is None:
            name = server or self.default_server
            if name not in self.servers:
                known = ", ".join(repr(k) for k in self.servers) or "none"
                raise ValueError(f"unknown server {name!r}; known: {known}; or pass base_url=")
            base_url = self.servers[name]
            if "://" not in base_url:
                raise ValueError(
                    f"server {name!r} has the relative URL {base_url!r}; pass base_url= "
                    "(e.g. 'https://host' + that path)"
                )
        self.base_url = base_url
        self.timeout = timeout
        self.validate_requests = validate_requests
        self.response_validation: ResponseValidation = response_validation
        self.default_headers = dict(headers or {})
        self._credentials: dict[str, tuple[Credential, str]] = {
            scheme: (credential, secret)
            for scheme, (credential, secret) in (credentials or {}).items()
            if secret is not None
        }

    def set_credential(self, scheme: str, credential: Credential, secret: str | None) -> None:
        """Set or clear one credential (the seam for token refresh flows)."""
        if secret is None:
            self._credentials.pop(scheme, None)
        else:
            self._credentials[scheme] = (credential, secret)

    def _parts(self, op: Operation[Any], args: Mapping[str, Any]) -> RequestParts:
        if self.validate_requests:
            check_request(op, args)
        parts = build_request_parts(op, args, self.base_url, self._credentials)
        if self.default_headers:
            # Per-request headers win, compared case-insensitively so none is sent twice.
            own = {name.lower() for name in parts.headers}
            kept = {k: v for k, v in self.default_headers.items() if k.lower() not in own}
            parts.headers = {**kept, **parts.headers}
        return parts

    def _timeout(self, timeout: TimeoutTypes | NotGiven) -> TimeoutTypes:
        return self.timeout if isinstance(timeout, NotGiven) else timeout

    def _result(self, op: Operation[T], response: httpx.Response) -> ApiResponse[T]:
        spec, data, parsed = decode_response(op, response)
        check_response(op, spec, data, parsed, response, self.response_validation)
        return ApiResponse(response, parsed)


def _build(
    http: httpx.Client | httpx.AsyncClient, parts: RequestParts, timeout: TimeoutTypes
) -> httpx.Request:
    return http.build_request(
        parts.method,
        parts.full_url(),
        headers=parts.headers,
        content=parts.content,
        timeout=timeout,
    )


def _connection_error(exc: httpx.TransportError, request: httpx.Request) -> ApiConnectionError:
    if isinstance(exc, httpx.TimeoutException):
        return ApiTimeoutError(f"timed out: {exc}", request=request)
    return ApiConnectionError(f"connection failed: {exc}", request=request)


class SyncApiClient(BaseApiClient):
    """Sends requests with an `httpx.Client`."""

    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
        auth: httpx.Auth | None = None,
        **config: Any,
    ) -> None:
        super().__init__(**config)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(transport=transport, auth=auth)

    def request(
        self,
        op: Operation[T],
        args: Mapping[str, Any],
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> T:
        """Call `op` and return its decoded result."""
        return self.request_raw(op, args, timeout=timeout).parsed

    def request_raw(
        self,
        op: Operation[T],
        args: Mapping[str, Any],
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> ApiResponse[T]:
        """Call `op` and return the response with its decoded result."""
        request = _build(self._http, self._parts(op, args), self._timeout(timeout))
        try:
            response = self._http.send(request, stream=True)
            try:  # raw bytes, so broken compression is caught (None: read by the transport)
                raw = None if response.is_stream_consumed else b"".join(response.iter_raw())
            finally:
                response.close()
        except httpx.TransportError as exc:
            raise _connection_error(exc, request) from exc
        return self._result(op, read_fully(op, response, raw))

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncApiClient(BaseApiClient):
    """Sends requests with an `httpx.AsyncClient`."""

    def __init__(
        self,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        auth: httpx.Auth | None = None,
        **config: Any,
    ) -> None:
        super().__init__(**config)
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(transport=transport, auth=auth)

    async def request(
        self,
        op: Operation[T],
        args: Mapping[str, Any],
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> T:
        """Call `op` and return its decoded result."""
        return (await self.request_raw(op, args, timeout=timeout)).parsed

    async def request_raw(
        self,
        op: Operation[T],
        args: Mapping[str, Any],
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> ApiResponse[T]:
        """Call `op` and return the response with its decoded result."""
        request = _build(self._http, self._parts(op, args), self._timeout(timeout))
        try:
            response = await self._http.send(request, stream=True)
            try:
                raw = (
                    None
                    if response.is_stream_consumed
                    else b"".join([chunk async for chunk in response.aiter_raw()])
                )
            finally:
                await response.aclose()
        except httpx.TransportError as exc:
            raise _connection_error(exc, request) from exc
        return self._result(op, read_fully(op, response, raw))

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
