"""The HTTP core of both clients: one base for configuration, sync and async senders.

Generated `Client`/`AsyncClient` classes and the dynamic client subclass these. The transport
seam is httpx's: pass `transport=httpx.MockTransport(handler)` (or an ASGI transport) to test
without a network, or `http_client=` to bring a fully configured httpx client.

Auth hook: `login=` takes a `LoginFlow` (see `auth`); its credentials are obtained before the
first call, refreshed before they expire, and a 401 causes exactly one re-login and one retry of
that request. Every request and response is logged at DEBUG (see `log`) and every secret is
masked in log lines, exception messages and `repr()` (see `redact`).
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar

import httpx
from httpx import USE_CLIENT_DEFAULT

from .auth import CredentialCache, Login, LoginFlow
from .checks import ResponseValidation, check_request, check_response
from .errors import ApiConnectionError, ApiError, ApiStatusError, ApiTimeoutError
from .log import log_failure, log_request, log_response, logger
from .operation import Credential, Operation
from .raw import capture
from .redact import Redactor
from .request import RequestParts, build_request_parts
from .response import ApiResponse, decode_response, read_fully
from .retries import RetryPolicy, current_policy, retry_overrides, send_async, send_sync
from .types import DEFAULT_TIMEOUT, NOT_GIVEN, NotGiven, TimeoutTypes

if TYPE_CHECKING:
    from httpx._client import UseClientDefault  # the type of USE_CLIENT_DEFAULT

T = TypeVar("T")


class BaseApiClient:
    """Configuration shared by the sync and async clients."""

    servers: Mapping[str, str] = {}
    """Named base URLs from the spec (e.g. Soracom coverages `jp` and `g`)."""

    default_server: str = ""

    retry_policy: RetryPolicy = RetryPolicy()
    """Default retry policy of the class (a pin's `[retries]` table sets it)."""

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
        login: LoginFlow | None = None,
        max_retries: int | None = None,
        retry_post: bool | None = None,
        retry_policy: RetryPolicy | None = None,
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
        given = dict(credentials or {})
        for scheme, (_, secret) in given.items():
            _check_secret(scheme, secret)
        self._credentials: dict[str, tuple[Credential, str]] = {
            scheme: (credential, secret)
            for scheme, (credential, secret) in given.items()
            if secret is not None
        }
        self.retry_policy = (retry_policy or self.retry_policy).with_options(
            max_retries=max_retries, retry_post=retry_post
        )
        self._schemes = {scheme: credential for scheme, (credential, _) in given.items()}
        self._redactor = Redactor(
            [
                *(secret for _, secret in self._credentials.values()),
                *(login.secrets if login else ()),
            ],
            headers=[c.name for c in self._schemes.values() if c.location == "header"],
            query=[c.name for c in self._schemes.values() if c.location == "query"],
        )
        self._redactor.add(
            v for k, v in self.default_headers.items() if k.lower() in self._redactor.header_names
        )
        self._auth = (
            CredentialCache(login, on_login=self._remember_login) if login is not None else None
        )
        self._merged: tuple[Mapping[str, str], dict[str, tuple[Credential, str]]] | None = None
        self._urls: dict[str, httpx.URL] = {}
        """Request URL text -> its parsed `httpx.URL` (immutable, so shared by requests): parsing
        is a third of `build_request` (~10 us), and a client calls the same URLs again and
        again. Per client (a URL may carry a query credential), bounded."""

    def __repr__(self) -> str:
        names = sorted({*self._credentials, *(["login"] if self._auth else [])})
        return (
            f"<{type(self).__name__} base_url={self._redactor.url(self.base_url)!r} "
            f"credentials={names}>"
        )

    def redact(self, text: str) -> str:
        """`text` with this client's secrets masked (for printing what a server said)."""
        return self._redactor.text(text)

    def _remember_login(self, login: Login) -> None:
        for scheme, secret in login.credentials.items():
            _check_secret(scheme, secret)
        self._redactor.add(login.credentials.values())

    @contextmanager
    def retrying(
        self, *, max_retries: int | None = None, retry_post: bool | None = None
    ) -> Iterator[RetryPolicy]:
        """Change this client's retries for the calls made inside the `with` block.

        `with client.retrying(max_retries=0): ...` sends once; `retry_post=True` lets a POST be
        retried. Scoped by `contextvars`, so concurrent async tasks keep their own setting.
        """
        variable = retry_overrides()
        policy = current_policy(self, self.retry_policy).with_options(
            max_retries=max_retries, retry_post=retry_post
        )
        token = variable.set({**variable.get({}), id(self): policy})
        try:
            yield policy
        finally:
            variable.reset(token)

    def set_credential(self, scheme: str, credential: Credential, secret: str | None) -> None:
        """Set or clear one credential (the seam for token refresh flows)."""
        self._merged = None
        if secret is None:
            self._credentials.pop(scheme, None)
        else:
            _check_secret(scheme, secret)
            self._redactor.add([secret])
            self._credentials[scheme] = (credential, secret)

    def _parts(
        self, op: Operation[Any], args: Mapping[str, Any], login: Mapping[str, str] | None = None
    ) -> RequestParts:
        if self.validate_requests:
            check_request(op, args)
        credentials = self._credentials
        if login:
            merged = self._merged
            if merged is None or merged[0] is not login:  # once per login, not per call
                schemes = self._schemes
                with_login = {s: (schemes[s], v) for s, v in login.items() if s in schemes}
                merged = self._merged = (login, {**credentials, **with_login})
            credentials = merged[1]
        parts = build_request_parts(op, args, self.base_url, credentials)
        if self.default_headers:
            # Per-request headers win, compared case-insensitively so none is sent twice.
            own = {name.lower() for name in parts.headers}
            kept = {k: v for k, v in self.default_headers.items() if k.lower() not in own}
            parts.headers = {**kept, **parts.headers}
        if op.accept and not any(name.lower() == "accept" for name in parts.headers):
            parts.headers["Accept"] = op.accept
        return parts

    _http_timeout: TimeoutTypes | None = None
    """The timeout our own httpx client was made with: while `timeout` is still it, requests
    use httpx's client default instead of building an equal `httpx.Timeout` per call."""

    def _timeout(self, timeout: TimeoutTypes | NotGiven) -> TimeoutTypes | UseClientDefault:
        if not isinstance(timeout, NotGiven):
            return timeout
        if self.timeout is self._http_timeout:
            return USE_CLIENT_DEFAULT
        return self.timeout

    def _result(self, op: Operation[T], response: httpx.Response) -> ApiResponse[T]:
        try:
            spec, data, parsed = decode_response(op, response)
            check_response(op, spec, data, parsed, response, self.response_validation)
        except ApiError as exc:
            self._redactor.exception(exc)
            raise
        return ApiResponse(response, parsed, op.pagination)

    def _request(
        self,
        http: httpx.Client | httpx.AsyncClient,
        op: Operation[Any],
        args: Mapping[str, Any],
        login: Mapping[str, str] | None,
        timeout: TimeoutTypes | NotGiven,
    ) -> httpx.Request:
        parts = self._parts(op, args, login)
        request = _build(http, parts, self._timeout(timeout), self._urls)
        return self._redactor.protect(request)

    def _renewed(self, request: httpx.Request, login: Mapping[str, str]) -> httpx.Request:
        """`request` again with `login`'s credentials (header, query or bearer); the body
        stream is reused, not rebuilt, so a file argument is not read twice."""
        headers, url = httpx.Headers(request.headers), request.url
        for scheme, secret in login.items():
            credential = self._schemes.get(scheme)
            if credential is None:
                continue
            if credential.location == "header":
                headers[credential.name] = secret
            elif credential.location == "query":
                url = url.copy_set_param(credential.name, secret)
            elif credential.location == "bearer":
                headers["Authorization"] = f"Bearer {secret}"
        renewed = httpx.Request(
            request.method,
            url,
            headers=headers,
            stream=request.stream,
            extensions=request.extensions,
        )
        return self._redactor.protect(renewed)

    def _prepare_login(self, request: httpx.Request) -> httpx.Request:
        """A login flow's request, with this client's default headers, timeout and masking."""
        for name, value in self.default_headers.items():
            request.headers.setdefault(name, value)
        request.extensions.setdefault("timeout", httpx.Timeout(self.timeout).as_dict())
        return self._redactor.protect(request)

    def _failed(
        self, exc: httpx.TransportError, request: httpx.Request, started: float, attempt: int
    ) -> ApiConnectionError:
        self._redactor.exception(exc)  # the cause is shown in tracebacks: mask it too
        error = _connection_error(exc, request)
        elapsed = time.perf_counter() - started
        log_failure(self._redactor, request, type(exc).__name__, elapsed, attempt)
        return error


def _check_secret(scheme: str, secret: str | None) -> None:
    """Refuse a secret that no header can carry, without showing it."""
    if secret is not None and any(ord(c) < 0x20 or ord(c) == 0x7F for c in secret):
        raise ValueError(
            f"the credential for {scheme!r} contains a control character (a trailing newline "
            "from a file?); strip it: nothing was sent"
        )


def _build(
    http: httpx.Client | httpx.AsyncClient,
    parts: RequestParts,
    timeout: TimeoutTypes | UseClientDefault,
    urls: dict[str, httpx.URL],
) -> httpx.Request:
    text = parts.full_url()
    url = urls.get(text)
    if url is None:
        url = httpx.URL(text)  # raises httpx.InvalidURL, as build_request would
        if len(urls) >= 256:
            urls.clear()
        urls[text] = url
    return http.build_request(
        parts.method,
        url,
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
        if http_client is None:
            self._http_timeout = self.timeout
        self._http = http_client or httpx.Client(
            transport=transport, auth=auth, timeout=self.timeout
        )

    def request(
        self,
        op: Operation[T],
        args: Mapping[str, Any],
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> T:
        """Call `op` and return its decoded result (its `ApiResponse` goes to a raw wrapper)."""
        response = self.request_raw(op, args, timeout=timeout)
        capture(response)
        return response.parsed

    def request_raw(
        self,
        op: Operation[T],
        args: Mapping[str, Any],
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> ApiResponse[T]:
        """Call `op` and return the response with its decoded result."""
        login = self._auth.get(self._send_login, self.base_url) if self._auth else None
        request = self._request(self._http, op, args, login, timeout)
        policy = current_policy(self, self.retry_policy)
        send = functools.partial(self._send, operation_id=op.operation_id)
        response, attempts = send_sync(send, request, policy)
        if login is not None and self._auth is not None and response.status_code == 401:
            # Refused credentials: exactly one re-login and one retry, never a loop.
            self._auth.invalidate(login)
            login = self._auth.get(self._send_login, self.base_url)
            response = self._send(self._renewed(request, login), attempts + 1, op.operation_id)
        try:
            return self._result(op, response)
        except ApiStatusError as exc:
            exc.attempts = attempts
            raise

    def _send(
        self, request: httpx.Request, attempt: int = 1, operation_id: str = "login"
    ) -> httpx.Response:
        """Send one request, logging it and its outcome; errors carry no secret. The body is
        read raw and decompressed strictly (`DecompressionError` names `operation_id`)."""
        debug = logger.isEnabledFor(logging.DEBUG)  # once: nothing else when not logging
        if debug:
            log_request(self._redactor, request, attempt)
        started = time.perf_counter() if debug else 0.0
        try:
            response = self._http.send(request, stream=True)
            try:  # raw bytes, so broken compression is caught (None: read by the transport)
                raw = None
                if response.is_stream_consumed:
                    pass
                elif not response.headers.get("content-encoding"):
                    response.read()  # the bytes are the content: no second Response to build
                else:
                    raw = b"".join(response.iter_raw())
            finally:
                response.close()
        except httpx.TransportError as exc:
            raise self._failed(exc, request, started, attempt) from exc
        if debug:
            elapsed = time.perf_counter() - started
            log_response(self._redactor, request, response.status_code, elapsed, attempt)
        return read_fully(operation_id, response, raw)

    def _send_login(self, request: httpx.Request) -> httpx.Response:
        return self._send(self._prepare_login(request))

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
        if http_client is None:
            self._http_timeout = self.timeout
        self._http = http_client or httpx.AsyncClient(
            transport=transport, auth=auth, timeout=self.timeout
        )

    async def request(
        self,
        op: Operation[T],
        args: Mapping[str, Any],
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> T:
        """Call `op` and return its decoded result (its `ApiResponse` goes to a raw wrapper)."""
        response = await self.request_raw(op, args, timeout=timeout)
        capture(response)
        return response.parsed

    async def request_raw(
        self,
        op: Operation[T],
        args: Mapping[str, Any],
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> ApiResponse[T]:
        """Call `op` and return the response with its decoded result."""
        login = await self._auth.aget(self._send_login, self.base_url) if self._auth else None
        request = self._request(self._http, op, args, login, timeout)
        policy = current_policy(self, self.retry_policy)
        send = functools.partial(self._send, operation_id=op.operation_id)
        response, attempts = await send_async(send, request, policy)
        if login is not None and self._auth is not None and response.status_code == 401:
            # Refused credentials: exactly one re-login and one retry, never a loop.
            self._auth.invalidate(login)
            login = await self._auth.aget(self._send_login, self.base_url)
            response = await self._send(
                self._renewed(request, login), attempts + 1, op.operation_id
            )
        try:
            return self._result(op, response)
        except ApiStatusError as exc:
            exc.attempts = attempts
            raise

    async def _send(
        self, request: httpx.Request, attempt: int = 1, operation_id: str = "login"
    ) -> httpx.Response:
        """Send one request, logging it and its outcome; errors carry no secret. The body is
        read raw and decompressed strictly (`DecompressionError` names `operation_id`)."""
        debug = logger.isEnabledFor(logging.DEBUG)  # once: nothing else when not logging
        if debug:
            log_request(self._redactor, request, attempt)
        started = time.perf_counter() if debug else 0.0
        try:
            response = await self._http.send(request, stream=True)
            try:  # as in the sync client
                raw = None
                if response.is_stream_consumed:
                    pass
                elif not response.headers.get("content-encoding"):
                    await response.aread()
                else:
                    raw = b"".join([chunk async for chunk in response.aiter_raw()])
            finally:
                await response.aclose()
        except httpx.TransportError as exc:
            raise self._failed(exc, request, started, attempt) from exc
        if debug:
            elapsed = time.perf_counter() - started
            log_response(self._redactor, request, response.status_code, elapsed, attempt)
        return read_fully(operation_id, response, raw)

    async def _send_login(self, request: httpx.Request) -> httpx.Response:
        return await self._send(self._prepare_login(request))

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
