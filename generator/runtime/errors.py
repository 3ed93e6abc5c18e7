"""The exception hierarchy of a generated client.

    ApiError                      every error raised by the client
    ├── ApiConnectionError        the request did not get a response
    │   └── ApiTimeoutError       ... because a timeout expired
    ├── ApiStatusError            the server answered with an error status (4xx/5xx)
    │   ├── BadRequestError           400
    │   ├── AuthenticationError       401
    │   │   └── LoginError                a login (e.g. Soracom POST /auth) was refused
    │   ├── PermissionDeniedError     403
    │   ├── NotFoundError             404
    │   ├── ConflictError             409
    │   ├── UnprocessableEntityError  422
    │   ├── RateLimitError            429
    │   └── InternalServerError       5xx
    ├── RequestValidationError    arguments refused before sending
    ├── ResponseDecodeError       a response body that cannot be read as documented (any mode)
    │   ├── DecompressionError        its Content-Encoding (gzip, deflate...) is broken
    │   ├── CharsetError              its text is not valid in its charset (UTF-8 by default)
    │   ├── InvalidJsonError          a JSON media type whose body is not JSON
    │   ├── UnexpectedMediaTypeError  a media type the operation does not declare
    │   ├── EmptyBodyError            no body where the operation declares one
    │   └── UnexpectedTypeError       JSON of another type than declared (a list for a model)
    ├── ResponseValidationError   a response that breaks a schema constraint (strict mode)
    └── PaginationError           a next-page key that cannot be sent back, or repeats

`ApiStatusError` parses Soracom's error body `{"code": ..., "message": ...}` when present and
keeps the text otherwise, so nothing the server said is lost. `ResponseDecodeError`s are raised
in every `response_validation` mode: the modes are about schema constraints, never about the
Python type a method returns.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import httpx


class ApiError(Exception):
    """Base of every error raised by the client."""

    attempts: int = 1
    """How many times the request was sent (more than 1 after retries)."""


class ApiConnectionError(ApiError):
    """The request was not answered: DNS, refused connection, reset, TLS..."""

    def __init__(self, message: str, *, request: httpx.Request) -> None:
        super().__init__(message)
        self.request = request


class ApiTimeoutError(ApiConnectionError):
    """A connect, read, write or pool timeout expired."""


class ApiStatusError(ApiError):
    """The server answered with an error status; `code`/`message` come from its error body."""

    status_code: int
    code: str | None
    message: str
    body: Any

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.status_code = response.status_code
        self.request = response.request
        self.code, self.message, self.body = _parse_error_body(response)
        prefix = f"{self.status_code} {response.reason_phrase}".strip()
        detail = f"{self.code}: {self.message}" if self.code else self.message
        super().__init__(f"{prefix}: {detail}" if detail else prefix)


class BadRequestError(ApiStatusError):
    """400 Bad Request."""


class AuthenticationError(ApiStatusError):
    """401 Unauthorized: missing, invalid or expired credentials."""


class LoginError(AuthenticationError):
    """Logging in to obtain credentials failed: wrong credentials, or an unusable answer.

    Raised for the login request's 4xx (typically 401) or for a 2xx whose body lacks the
    credentials; `response` is the login response (its request carries no secret in `repr()`).
    """

    def __init__(self, response: httpx.Response, detail: str = "") -> None:
        super().__init__(response)
        message = f"login failed: {self.args[0]}"
        self.args = (f"{message} ({detail})" if detail else message,)


class PermissionDeniedError(ApiStatusError):
    """403 Forbidden."""


class NotFoundError(ApiStatusError):
    """404 Not Found."""


class ConflictError(ApiStatusError):
    """409 Conflict."""


class UnprocessableEntityError(ApiStatusError):
    """422 Unprocessable Entity."""


class RateLimitError(ApiStatusError):
    """429 Too Many Requests."""


class InternalServerError(ApiStatusError):
    """5xx: the server failed."""


class RequestValidationError(ApiError, ValueError):
    """Call arguments that do not match the spec; nothing was sent."""

    def __init__(self, operation_id: str, problems: Sequence[str]) -> None:
        self.operation_id = operation_id
        self.problems = tuple(problems)
        listing = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"invalid arguments for {operation_id}:\n{listing}")


class ResponseValidationError(ApiError):
    """A response that does not match the spec; `parsed` holds what was received."""

    def __init__(
        self, operation_id: str, problems: Sequence[str], parsed: Any, response: httpx.Response
    ) -> None:
        self.operation_id = operation_id
        self.problems = tuple(problems)
        self.parsed = parsed
        self.response = response
        listing = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"response of {operation_id} does not match the spec:\n{listing}")


class PaginationError(ApiError):
    """The server's next-page key is not of the parameter's type, or repeats (a loop)."""

    def __init__(self, operation_id: str, message: str) -> None:
        self.operation_id = operation_id
        super().__init__(f"pagination of {operation_id}: {message}")


class ResponseDecodeError(ApiError):
    """A response whose body cannot be decoded into what the operation declares.

    `response` is the httpx response (status, headers; its content when it could be read),
    `reason` says what went wrong.
    """

    def __init__(self, operation_id: str, reason: str, response: httpx.Response) -> None:
        self.operation_id = operation_id
        self.reason = reason
        self.response = response
        self.status_code = response.status_code
        self.request = response.request
        super().__init__(f"response of {operation_id} (HTTP {self.status_code}): {reason}")


class DecompressionError(ResponseDecodeError):
    """The body could not be decompressed per its `Content-Encoding` (truncated gzip...)."""


class CharsetError(ResponseDecodeError):
    """The body's text is not valid in its charset (the `charset` parameter, default UTF-8)."""


class InvalidJsonError(ResponseDecodeError):
    """The body of a JSON media type is not JSON."""


class UnexpectedMediaTypeError(ResponseDecodeError):
    """The body's `Content-Type` is not the media type the operation declares (text/html...)."""


class EmptyBodyError(ResponseDecodeError):
    """The body is empty where the operation declares content (a JSON value)."""


class UnexpectedTypeError(ResponseDecodeError):
    """The JSON value is not of the declared type (a string or list where a model is due)."""


_STATUS_ERRORS: dict[int, type[ApiStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error(response: httpx.Response) -> ApiStatusError:
    """The exception for an error response, by status code."""
    status = response.status_code
    if status >= 500:
        return InternalServerError(response)
    return _STATUS_ERRORS.get(status, ApiStatusError)(response)


_MESSAGE_KEYS = ("message", "errorMessage", "detail", "error_description", "error", "title")
"""Where error bodies put their message: Soracom's, RFC 9457 problem details', OAuth 2's;
an object under `error` (Google's, Microsoft Graph's, Spotify's) is read the same way."""


def _parse_error_body(response: httpx.Response) -> tuple[str | None, str, Any]:
    text = response.text
    try:
        body = json.loads(text) if text else None
    except ValueError:
        return None, text, text
    if isinstance(body, dict):
        inner = body.get("error")
        fields: dict[str, Any] = body
        if isinstance(inner, dict) and "code" not in body and "message" not in body:
            fields = inner
        code = fields.get("code")
        message = next(
            (fields[k] for k in _MESSAGE_KEYS if isinstance(fields.get(k), str) and fields[k]), ""
        )
        return (str(code) if code is not None else None), str(message or ""), body
    return None, text, body
