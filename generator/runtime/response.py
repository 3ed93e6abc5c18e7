"""Reading responses: documented success -> decoded value; error status -> typed exception.

A method typed to return a model returns that model or raises: every way a body can fail to be
what the operation declares (undeclared media type, empty, not JSON, text not in its charset,
JSON of another type) raises a `ResponseDecodeError` subclass carrying the response, whatever
the `response_validation` mode (the modes are about schema constraints only). Within a value of
the right type, decoding stays tolerant: unknown fields and enum values are kept.
"""

from __future__ import annotations

import json
import zlib
from typing import Any, Generic, TypeVar

import httpx

from .bodies import charset, is_json, media_base, media_matches
from .errors import (
    CharsetError,
    DecompressionError,
    EmptyBodyError,
    InvalidJsonError,
    PaginationError,
    UnexpectedMediaTypeError,
    UnexpectedTypeError,
    status_error,
)
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


def compression_problem(raw: bytes, content_encoding: str) -> str | None:
    """What is wrong with a gzip/deflate body (truncated, corrupt), or None.

    httpx decodes these leniently (a truncated gzip stream yields what it has, silently), so the
    raw bytes are checked strictly first; other codings (br, zstd) are left to httpx's decoders.
    """
    data = raw
    for coding in reversed([c.strip().lower() for c in content_encoding.split(",") if c.strip()]):
        if coding in ("gzip", "x-gzip"):
            candidates = [zlib.MAX_WBITS | 16]
        elif coding == "deflate":
            candidates = [zlib.MAX_WBITS, -zlib.MAX_WBITS]  # zlib-wrapped, else raw (as httpx)
        else:
            return None
        for index, wbits in enumerate(candidates):
            decompressor = zlib.decompressobj(wbits)
            try:
                out = decompressor.decompress(data) + decompressor.flush()
            except zlib.error as exc:
                if index + 1 < len(candidates):
                    continue
                return f"{coding} body is corrupt: {exc}"
            if not decompressor.eof:
                return f"{coding} body is truncated"
            data = out
            break
    return None


def read_fully(operation_id: str, response: httpx.Response, raw: bytes | None) -> httpx.Response:
    """The response with its content decoded from `raw` (None: the response is already read,
    by the transport or because it declares no content coding); broken compression raises
    `DecompressionError` (carrying the response: status and headers, no content)."""
    if raw is None:
        return response
    encoding = response.headers.get("content-encoding", "")
    problem = compression_problem(raw, encoding) if encoding else None
    if problem is None:
        full = httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=httpx.ByteStream(raw),
            request=response.request,
            extensions=response.extensions,
        )
        try:
            full.read()
            return full
        except httpx.DecodingError as exc:
            problem = f"{encoding} body is broken: {exc}"
    raise DecompressionError(operation_id, problem, response)


def is_success(op: Operation[Any], status: int) -> bool:
    """2xx always; a documented 3xx (say `304 Not Modified`) too: the spec calls it an outcome."""
    if 200 <= status < 300:
        return True
    return 300 <= status < 400 and str(status) in op.responses


def success_spec(op: Operation[Any], status: int) -> ResponseSpec | None:
    """The documented response for a success status; an undocumented 2xx is read as the first
    documented 2xx with a body, so the method's declared return type still holds."""
    spec = op.response_for(status)
    if spec is not None or status in (204, 205) or status >= 300:
        return spec
    for code, candidate in op.responses.items():
        if code[:1] == "2" and candidate.decode is not None:
            return candidate
    return None


def _text(op: Operation[Any], response: httpx.Response, content: bytes, encoding: str) -> str:
    try:
        return content.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        reason = f"body is not valid {encoding}: {exc}"
        raise CharsetError(op.operation_id, reason, response) from None


_JSON_TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
}


def json_type_ok(value: Any, allowed: tuple[str, ...]) -> bool:
    """True when `value` (decoded JSON) is of one of the JSON types `allowed` (empty: any)."""
    if not allowed:
        return True
    if type(value) is _JSON_TYPES.get(allowed[0]):  # the common case: one exact type
        return True
    for name in allowed:
        if name == "null" and value is None:
            return True
        if name in ("integer", "number") and not isinstance(value, bool):
            if isinstance(value, int) or (
                isinstance(value, float) and (name == "number" or value.is_integer())
            ):
                return True
        kind = _JSON_TYPES.get(name)
        if kind is not None and isinstance(value, kind):
            return True
    return False


def _json_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    for name, kind in (("object", dict), ("array", list), ("string", str)):
        if isinstance(value, kind):
            return name
    return "number"


_MEDIA: dict[tuple[str, str], tuple[bool, str, str]] = {}
"""(declared, received Content-Type) -> (accepted, how to read: "json", "text" or "bytes",
charset); a server sends the same few headers, so each pair is parsed once (bounded)."""


def _media(declared: str, received: str) -> tuple[bool, str, str]:
    known = _MEDIA.get((declared, received))
    if known is not None:
        return known
    accepted = not received or (
        media_matches(declared, received) or (is_json(declared) and is_json(received))
    )
    if is_json(declared):
        kind = "json"
    else:
        kind = "text" if media_base(declared).startswith("text/") else "bytes"
    if len(_MEDIA) >= 256:
        _MEDIA.clear()
    known = _MEDIA[(declared, received)] = (accepted, kind, charset(received or declared))
    return known


def read_body(op: Operation[Any], spec: ResponseSpec, response: httpx.Response) -> Any:
    """The body as the declared media type: JSON decoded, text as str, anything else as bytes.

    Raises the `ResponseDecodeError` subclass that names what does not fit.
    """
    declared = spec.media_type or "application/json"
    received = response.headers.get("content-type", "")
    content = response.content
    accepted, kind, encoding = _media(declared, received)
    if not accepted:
        raise UnexpectedMediaTypeError(
            op.operation_id,
            f"media type {media_base(received)!r} is not the declared {declared!r}",
            response,
        )
    if kind == "json":
        if not content or content.isspace():  # `not content.strip()`, without the copy
            raise EmptyBodyError(op.operation_id, f"empty body, {declared} declared", response)
        text = _text(op, response, content, encoding)
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise InvalidJsonError(op.operation_id, f"body is not JSON: {exc}", response) from None
        if not json_type_ok(data, spec.json_types):
            raise UnexpectedTypeError(
                op.operation_id,
                f"JSON {_json_name(data)} where {' or '.join(spec.json_types)} is declared",
                response,
            )
        return data
    if kind == "text":
        return _text(op, response, content, encoding)
    return content


def _is_success_code(code: str) -> bool:
    return code[:1] in ("2", "3")


def _untyped(response: httpx.Response) -> tuple[Any, Any]:
    """An undocumented body: JSON when it parses, else text, else bytes (never raises)."""
    content = response.content
    if not content:
        return None, None
    try:
        data = json.loads(content)
    except (ValueError, RecursionError):
        try:
            data = content.decode(charset(response.headers.get("content-type", "")))
        except (UnicodeDecodeError, LookupError):
            data = content
    return data, data


def decode_response(
    op: Operation[T], response: httpx.Response
) -> tuple[ResponseSpec | None, Any, T]:
    """(documented response, wire data, decoded value) of a success; else the typed error."""
    status = response.status_code
    if not is_success(op, status):
        raise status_error(response)
    spec = success_spec(op, status)
    if spec is None and not any(_is_success_code(code) for code in op.responses):
        return None, *_untyped(response)  # the method is typed Any: keep what came
    if spec is None or spec.decode is None or op.method == "HEAD" or status in (204, 205, 304):
        return spec, None, None  # type: ignore[return-value]  # no body documented: None
    data = read_body(op, spec, response)
    return spec, data, spec.decode(data)
