"""Building the HTTP request from an operation description and call arguments.

Parameters follow their `style`/`explode` (`styles`: path `simple`/`label`/`matrix`, query
`form`/`spaceDelimited`/`pipeDelimited`/`deepObject`, header `simple`, cookie `form`), or their
media type for a `content`-defined parameter (JSON text for `application/json`). The query string
is built here, already percent-encoded, so a style's delimiters stay literal while the same
characters inside values are encoded. Path values can never change the route (`a/b` is encoded,
`.` and `..` too). Bodies are encoded by media type (`bodies`).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

from .bodies import BodyMediaError, declared_media, encode_body, is_json, media_base
from .codecs import encode_value, is_file
from .errors import RequestValidationError
from .operation import BodySpec, Credential, Operation, Param
from .styles import (
    cookie_pairs,
    json_text,
    path_value,
    query_pairs,
    quoter,
    scalar_text,
    simple_value,
)
from .types import NotGiven


class RequestParts:
    """Everything needed for `httpx.Client.build_request`, independent of sync/async.

    `query` holds encoded `key=value` pieces in order; `params` extra (name, value) pairs that
    are form-encoded after them (credentials and callers' additions).
    """

    __slots__ = ("method", "url", "query", "params", "headers", "content")

    def __init__(self, method: str, url: str) -> None:
        self.method = method
        self.url = url
        self.query: list[str] = []
        self.params: list[tuple[str, str | int | float | bool | None]] = []
        self.headers: dict[str, str] = {}
        self.content: bytes | None = None

    def full_url(self) -> str:
        """The URL with the query string: the encoded pieces, then `params` form-encoded."""
        pieces = list(self.query)
        if self.params:
            pieces.append(urlencode([(k, scalar_text(v)) for k, v in self.params], quote_via=quote))
        return self.url + ("?" + "&".join(pieces) if pieces else "")


def build_request_parts(
    op: Operation[Any],
    args: Mapping[str, Any],
    base_url: str,
    credentials: Mapping[str, tuple[Credential, str]],
) -> RequestParts:
    """Method, URL, query, headers and body for one call; NOT_GIVEN arguments are left out."""
    # A `#...` suffix in a path template (Box tells operations apart this way) is a fragment:
    # HTTP never sends it, and left in, it would swallow the query string.
    path = op.path.split("#", 1)[0]
    # A `?` in a path key (`/users/{id}/pic?key={APIKEY}`): a fixed query, merged below.
    path, _, fixed = path.partition("?")
    parts = RequestParts(op.method, "")
    cookies: list[str] = []
    for name, param in op.params.items():
        value = args.get(name, None)
        if isinstance(value, NotGiven) or (value is None and not param.required):
            continue
        if param.media_type:
            value = _content_text(param.media_type, value, ascii_only=param.location == "header")
        if param.location == "path":
            segment = _path_segment(op, param, value)
            if param.wire[:1] in _PREFIX_OPERATORS:  # RFC 6570 `{.format}`: `.json`
                segment = param.wire[0] + segment
            path = path.replace("{" + param.wire + "}", segment)
            if fixed:
                fixed = fixed.replace("{" + param.wire + "}", segment)
        elif param.location == "query" and fixed and "{" + param.wire + "}" in fixed:
            # a variable of the path key's fixed query: its value goes where the key puts it
            text = value if param.media_type else scalar_text(value)
            fixed = fixed.replace("{" + param.wire + "}", quote(text, safe=""))
        elif param.location == "query":
            if param.media_type:
                enc = quoter(param.allow_reserved)
                parts.query.append(f"{quote(param.wire, safe='')}={enc(value)}")
            else:
                parts.query += query_pairs(
                    param.wire, value, param.style, param.explode, param.allow_reserved
                )
        elif param.location == "header":
            text = value if param.media_type else simple_value(value, param.explode)
            if not text.isascii() or not text.isprintable():
                problem = f"{name}: a header value must be printable ASCII (RFC 9110 5.5)"
                raise RequestValidationError(op.operation_id, [problem])
            parts.headers[param.wire] = text
        elif param.media_type:
            cookies.append(f"{quote(param.wire, safe='')}={quoter()(value)}")
        else:
            cookies += cookie_pairs(param.wire, value, param.explode)
    parts.url = base_url.rstrip("/") + path
    if fixed:
        parts.query[:0] = _fixed_query(fixed, parts.query)
    if op.body is not None:
        try:
            _add_body(parts, op.body, args)
        except BodyMediaError as exc:
            raise RequestValidationError(op.operation_id, [f"body: {exc}"]) from None
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


_PREFIX_OPERATORS = frozenset("./")
"""RFC 6570 3.2.5-3.2.6 operators some path keys use (`/feed{.format}`): the variable, named
with its operator as its parameter is, expands to the operator and the value."""


def _fixed_query(fixed: str, query: list[str]) -> list[str]:
    """The pieces of a path key's query that the call keeps: not those whose variable was not
    given (`key={APIKEY}`), nor those whose key a parameter already sends."""
    given = {piece.split("=", 1)[0] for piece in query}
    return [
        piece
        for piece in fixed.split("&")
        if piece and "{" not in piece and piece.split("=", 1)[0] not in given
    ]


def _content_text(media: str, value: Any, ascii_only: bool = False) -> str:
    """A `content`-defined parameter's value as text of its media type (JSON escapes
    non-ASCII characters in headers, which carry ASCII only)."""
    value = encode_value(value)
    if is_json(media):
        if ascii_only:
            return json.dumps(value, separators=(",", ":"), allow_nan=False)
        return json_text(value)
    return scalar_text(value)


def _path_segment(op: Operation[Any], param: Param, value: Any) -> str:
    """A percent-encoded path value that can never change the route (`..`, `.` or empty)."""
    if param.media_type:
        encoded = quote(value, safe="")
    else:
        encoded = path_value(param.wire, value, param.style, param.explode)
    if not encoded:
        raise RequestValidationError(op.operation_id, [f"path parameter {param.wire!r} is empty"])
    if encoded in (".", ".."):
        return encoded.replace(".", "%2E")
    return encoded


def choose_media_type(body: BodySpec, value: Any, requested: Any) -> str:
    """The media type to send: the one asked for, else the first that fits the value's type.

    A file goes as the first media type that is not JSON, text or a form; an object or list as
    the first one specgen writes (JSON, a form, multipart, a range), so an operation that lists
    `application/apply-patch+yaml` before `application/merge-patch+json` (Kubernetes) sends a
    dict as JSON rather than refusing it; bytes, text and scalars go as the first one declared.
    """
    if isinstance(requested, str) and requested:
        return requested
    types = body.media_types
    if is_file(value):
        for media in types:
            base = media_base(media)
            if not is_json(base) and not base.startswith("text/") and "form" not in base:
                return media
    elif not isinstance(value, str | bytes | bytearray | int | float | None):
        for media in types:
            base = media_base(media)
            if is_json(base) or "form" in base or base.startswith("multipart/") or "*" in base:
                return media
    return types[0]


def _add_body(parts: RequestParts, body: BodySpec, args: Mapping[str, Any]) -> None:
    value = args.get(body.arg, None)
    if isinstance(value, NotGiven):
        return
    requested = args.get(body.content_type_arg) if body.content_type_arg else None
    media = choose_media_type(body, value, requested)
    declared = declared_media(body, media) or media
    encodings = body.encodings.get(declared, {})
    parts.content, parts.headers["Content-Type"] = encode_body(media, value, encodings)
