"""Reading responses: documented success -> decoded value; error status -> typed exception."""

from __future__ import annotations

import json
from typing import Any, Generic, TypeVar

import httpx

from .errors import PaginationError, status_error
from .operation import Operation, PageSpec, ResponseSpec

T = TypeVar("T")

NEXT_KEY_HEADER = "x-soracom-next-key"


class ApiResponse(Generic[T]):
    """A raw response together with its decoded value, for callers who need headers or status."""

    def __init__(
        self, http_response: httpx.Response, parsed: T, pagination: PageSpec | None = None
    ) -> None:
        self.http_response = http_response
        self.parsed = parsed
        self._pagination = pagination

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    def json(self) -> Any:
        return self.http_response.json()

    def parse(self) -> T:
        """The decoded value, as the plain method would have returned it."""
        return self.parsed

    @property
    def next_key(self) -> str | int | float | None:
        """The next-page key, ready to pass back as the operation's pagination argument.

        For a paginated operation: its header, converted to the parameter's declared type
        (`PaginationError` if it is not one); otherwise the raw `x-soracom-next-key` header.
        None when absent.
        """
        spec = self._pagination
        if spec is None:
            value: str | None = self.http_response.headers.get(NEXT_KEY_HEADER)
            return value
        text = self.http_response.headers.get(spec.header)
        if text is None or not text.strip():
            return None
        try:
            return spec.convert(text.strip())
        except ValueError:
            request = self.http_response.request
            raise PaginationError(
                f"{request.method} {request.url.path}",
                f"header {spec.header} is {text[:80]!r}, not the {spec.key_type} that "
                f"parameter {spec.param!r} takes",
            ) from None

    def __repr__(self) -> str:
        return f"<ApiResponse [{self.status_code}] {self.parsed!r}>"


def is_success(op: Operation[Any], status: int) -> bool:
    """2xx always; a documented 3xx (say `304 Not Modified`) too: the spec calls it an outcome."""
    if 200 <= status < 300:
        return True
    return 300 <= status < 400 and str(status) in op.responses


def read_body(response: httpx.Response) -> Any:
    """The body by its content type: JSON decoded, text as str, anything else as bytes."""
    content = response.content
    if not content:
        return None
    media = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media == "application/json" or media.endswith("+json") or not media:
        try:
            return json.loads(content)
        except ValueError:
            if media:
                raise
            return response.text
    if media.startswith("text/"):
        return response.text
    return content


def decode_response(
    op: Operation[T], response: httpx.Response
) -> tuple[ResponseSpec | None, Any, T]:
    """(documented response, wire data, decoded value) of a success; else the typed error."""
    status = response.status_code
    if not is_success(op, status):
        raise status_error(response)
    spec = op.response_for(status)
    decode = spec.decode if spec is not None else None
    if spec is not None and decode is None:
        return spec, None, None  # type: ignore[return-value]  # no body documented: None
    data = read_body(response)
    if data is None or decode is None:
        return spec, data, data
    return spec, data, decode(data)
