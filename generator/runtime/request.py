"""Building the HTTP request from an operation description and call arguments.

Serialization follows OpenAPI 3.0 defaults: path `simple`, query `form` (explode: repeated
keys), header `simple`, cookie `form`; booleans as `true`/`false`, enums by value; path values
are percent-encoded with no safe characters, so `a/b` can never change the route.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from enum import Enum
from typing import Any
from urllib.parse import quote, urlencode

from .codecs import encode_value
from .errors import RequestValidationError
from .operation import BodySpec, Credential, Operation, Param
from .types import NotGiven


class RequestParts:
    """Everything needed for `httpx.Client.build_request`, independent of sync/async."""

    __slots__ = ("method", "url", "params", "headers", "content", "data", "files")

    def __init__(self, method: str, url: str) -> None:
        self.method = method
        self.url = url
        self.params: list[tuple[str, str | int | float | bool | None]] = []
        self.headers: dict[str, str] = {}
        self.content: bytes | None = None
        self.data: dict[str, Any] | None = None
        self.files: dict[str, Any] | None = None


def build_request_parts(
    op: Operation[Any],
    args: Mapping[str, Any],
    base_url: str,
    credentials: Mapping[str, tuple[Credential, str]],
) -> RequestParts:
    """Method, URL, query, headers and body for one call; NOT_GIVEN arguments are left out."""
    path = op.path
    parts = RequestParts(op.method, "")
    cookies: list[str] = []
    for name, param in op.params.items():
        value = args.get(name, None)
        if isinstance(value, NotGiven) or (value is None and not param.required):
            continue
        if param.location == "path":
            path = path.replace("{" + param.wire + "}", _path_segment(op, param, value))
        elif param.location == "query":
            parts.params.extend(_query(param, value))
        elif param.location == "header":
            parts.headers[param.wire] = _simple(value)
        else:
            cookies.append(f"{param.wire}={quote(_simple(value), safe='')}")
    parts.url = base_url.rstrip("/") + path
    if op.body is not None:
        _add_body(parts, op.body, args)
    for scheme in op.security:
        given = credentials.get(scheme)
        if given is None:
            continue
        credential, secret = given
        if credential.location == "header":
            parts.headers[credential.name] = secret
        elif credential.location == "query":
            parts.params.append((credential.name, secret))
        elif credential.location == "cookie":
            cookies.append(f"{credential.name}={secret}")
        elif credential.location == "bearer":
            parts.headers["Authorization"] = f"Bearer {secret}"
        else:  # basic: the secret is "user:password", sent base64-encoded (RFC 7617)
            token = base64.b64encode(secret.encode("utf-8")).decode("ascii")
            parts.headers["Authorization"] = f"Basic {token}"
    if cookies:
        parts.headers["Cookie"] = "; ".join(cookies)
    return parts


def _path_segment(op: Operation[Any], param: Param, value: Any) -> str:
    """A percent-encoded path value that can never change the route (`..`, `.` or empty)."""
    encoded = quote(_simple(value), safe="")
    if not encoded:
        raise RequestValidationError(op.operation_id, [f"path parameter {param.wire!r} is empty"])
    if encoded in (".", ".."):
        return encoded.replace(".", "%2E")
    return encoded


def _scalar(value: Any) -> str:
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _simple(value: Any) -> str:
    value = encode_value(value)
    if isinstance(value, list):
        return ",".join(_scalar(v) for v in value)
    if isinstance(value, dict):
        return ",".join(f"{k},{_scalar(v)}" for k, v in value.items())
    return _scalar(value)


def _query(param: Param, value: Any) -> list[tuple[str, str | int | float | bool | None]]:
    value = encode_value(value)
    if isinstance(value, list):
        if param.style in ("spaceDelimited", "pipeDelimited") or not param.explode:
            sep = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(param.style, ",")
            return [(param.wire, sep.join(_scalar(v) for v in value))]
        return [(param.wire, _scalar(v)) for v in value]
    if isinstance(value, dict):
        if param.style == "deepObject":
            return [(f"{param.wire}[{k}]", _scalar(v)) for k, v in value.items()]
        if param.explode:
            return [(str(k), _scalar(v)) for k, v in value.items()]
        return [(param.wire, ",".join(f"{k},{_scalar(v)}" for k, v in value.items()))]
    return [(param.wire, _scalar(value))]


def choose_media_type(body: BodySpec, value: Any, requested: Any) -> str:
    """The media type to send: the one asked for, else the one that fits the value's type."""
    if isinstance(requested, str) and requested:
        return requested
    types = body.media_types
    if isinstance(value, bytes | bytearray):
        for media in types:
            if not _is_json(media) and not media.startswith("text/"):
                return media
    return types[0]


def _add_body(parts: RequestParts, body: BodySpec, args: Mapping[str, Any]) -> None:
    value = args.get(body.arg, None)
    if isinstance(value, NotGiven):
        return
    requested = args.get(body.content_type_arg) if body.content_type_arg else None
    media = choose_media_type(body, value, requested)
    base = media.split(";", 1)[0].strip().lower()
    if _is_json(base) and isinstance(value, bytes | bytearray):
        parts.content = bytes(value)  # already-serialized JSON is sent as it is
    elif _is_json(base):
        parts.content = json.dumps(
            encode_value(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False
        ).encode("utf-8")
    elif base == "multipart/form-data":
        fields = encode_value(value) if not isinstance(value, Mapping) else dict(value)
        parts.data = {k: v for k, v in fields.items() if not isinstance(v, bytes | bytearray)}
        parts.files = {k: v for k, v in fields.items() if isinstance(v, bytes | bytearray)}
        return  # httpx sets Content-Type with the boundary
    elif base == "application/x-www-form-urlencoded":
        parts.content = urlencode(
            [(k, _scalar(v)) for k, v in encode_value(value).items()], quote_via=quote
        ).encode("ascii")
    elif isinstance(value, bytes | bytearray):
        parts.content = bytes(value)
    elif isinstance(value, str):
        parts.content = value.encode("utf-8")
    elif hasattr(value, "read"):
        parts.content = value.read()
    else:
        parts.content = str(value).encode("utf-8")
    parts.headers["Content-Type"] = media


def _is_json(media: str) -> bool:
    base = media.split(";", 1)[0].strip().lower()
    return base == "application/json" or base.endswith("+json")
