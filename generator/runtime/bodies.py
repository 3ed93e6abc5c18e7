"""Request bodies by media type, honouring the Encoding Object (OpenAPI 3.0.3 4.7.14-4.7.15).

* `application/json` and every `+json` type: compact UTF-8 JSON (bytes are sent as given), a
  range such as `application/*+json` sent as `application/json`;
* `application/x-www-form-urlencoded`: each property as a query parameter of its Encoding's
  `style`/`explode` (default `form`, exploded: arrays repeat the key), or as text of the
  Encoding's `contentType` (JSON for `application/json`); spaces as `%20`;
* `multipart/form-data` (RFC 7578): one part per property and one per array item; files
  (`codecs.is_file`) as file parts (`application/octet-stream` unless given), objects as JSON
  parts, primitives as text parts; the Encoding's `contentType` and fixed `headers` per part. A
  body whose schema is one binary string is sent as a single file part named `file`;
* `text/*`: the text in the media type's `charset` (default UTF-8);
* anything else (`application/octet-stream`, `application/xml`, `image/png`...): bytes, a file
  or text as given; any other value raises `BodyMediaError` (specgen writes no XML: JSON text
  would contradict the Content-Type). A range (`*/*`) also takes JSON values, as JSON text.

Media types are compared by their base type, so `text/plain; charset=utf-8` matches a declared
`text/plain`, and a declared `image/*` or `*/*` accepts any concrete type. Nothing here ever
sends a Python `repr()`: values that have no wire form raise `TypeError` naming their type.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from typing import Any

from .codecs import encode_value, is_file
from .operation import BodySpec, Encoding
from .styles import json_text, query_pairs, quoter, scalar_text

NO_ENCODING = Encoding()
MULTIPART_FILE_NAME = "file"
"""Part name of a multipart body whose schema is one binary string (the common convention)."""

PartHeaders = list[tuple[str, str]]


def media_base(media: str) -> str:
    """`Text/Plain; charset=utf-8` -> `text/plain`."""
    return media.split(";", 1)[0].strip().lower()


def is_json(media: str) -> bool:
    base = media_base(media)
    return base == "application/json" or base.endswith("+json")


def media_matches(declared: str, media: str) -> bool:
    """True when `media` (what is sent or received) is an instance of the `declared` range."""
    want, got = media_base(declared), media_base(media)
    if want == got or want == "*/*":
        return True
    if want.endswith("/*"):
        return got.startswith(want[:-1])
    return False


def declared_media(body: BodySpec, media: str) -> str | None:
    """The declared media type `media` falls under: exact base type first, then ranges."""
    base = media_base(media)
    for declared in body.media_types:
        if media_base(declared) == base:
            return declared
    for declared in body.media_types:
        if media_matches(declared, media):
            return declared
    return None


def charset(media: str, default: str = "utf-8") -> str:
    """The `charset` parameter of a media type, if any."""
    for param in media.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return default


def encode_body(media: str, value: Any, encodings: Mapping[str, Encoding]) -> tuple[bytes, str]:
    """(content, Content-Type header) of a body sent as `media`."""
    base = media_base(media)
    if is_json(base):
        # a range (`application/*+json`, listed first by ASP.NET specs) names no type to send
        sent = "application/json" if "*" in base else media
        if isinstance(value, bytes | bytearray):
            return bytes(value), sent  # already-serialized JSON is sent as it is
        return json_text(encode_value(value)).encode("utf-8"), sent
    if base == "application/x-www-form-urlencoded":
        return form_body(value, encodings), media
    if base.startswith("multipart/"):
        content, boundary = multipart_body(value, encodings)
        return content, f"{base}; boundary={boundary}"
    wildcard = "*" in base
    if is_file(value):
        _, content, content_type, _ = file_parts(value)
        return content, (content_type or "application/octet-stream") if wildcard else media
    if isinstance(value, str):
        return value.encode(charset(media)), "text/plain; charset=utf-8" if wildcard else media
    if not wildcard and not base.startswith("text/"):
        # XML, images, octet-stream...: specgen writes no such format; what it would write
        # (JSON, or text) would contradict the Content-Type
        raise BodyMediaError(
            f"{base} is not written by specgen: pass the bytes, file or str to send,"
            f" not a {type(value).__name__}"
        )
    value = encode_value(value)
    if wildcard and isinstance(value, dict | list):
        return json_text(value).encode("utf-8"), "application/json"
    sent = "text/plain; charset=utf-8" if wildcard else media
    return scalar_text(value).encode(charset(media)), sent


class BodyMediaError(TypeError):
    """A value that has no form in the body's media type (an object for `application/xml`)."""


# --- application/x-www-form-urlencoded -------------------------------------------------------


def _fields(value: Any) -> Mapping[str, Any]:
    fields = value if isinstance(value, Mapping) else encode_value(value)
    if not isinstance(fields, Mapping):
        raise TypeError(f"a form body is an object of fields, not a {type(value).__name__}")
    return fields


def form_body(value: Any, encodings: Mapping[str, Encoding]) -> bytes:
    """`name=value&...` per property; arrays and objects per the Encoding's style/explode."""
    pieces: list[str] = []
    for name, item in _fields(value).items():
        item = encode_value(item)
        encoding = encodings.get(name, NO_ENCODING)
        declared = _concrete(encoding.content_type)
        if declared and not media_base(declared).startswith("text/plain"):
            text = json_text(item) if is_json(declared) else scalar_text(item)
            pieces.append(f"{quoter()(name)}={quoter(encoding.allow_reserved)(text)}")
            continue
        style = encoding.style or "form"
        explode = encoding.explode if encoding.explode is not None else style == "form"
        pieces += query_pairs(name, item, style, explode, encoding.allow_reserved)
    return "&".join(pieces).encode("ascii")


# --- multipart/form-data -------------------------------------------------------------------------


def file_parts(value: Any) -> tuple[str | None, bytes, str | None, PartHeaders]:
    """(filename, content, content type, extra headers) of a file input (`codecs.is_file`):
    bytes, a binary file (its `name`'s base name is the filename) or a tuple
    `(filename, content[, content_type[, headers]])`."""
    filename, content, content_type, headers = _unpack(value)
    return filename, _read(content), content_type, headers


def _unpack(value: Any) -> tuple[str | None, Any, str | None, PartHeaders]:
    if not isinstance(value, tuple):
        name = getattr(value, "name", None)
        filename = os.path.basename(name) if isinstance(name, str) and name else None
        return filename, value, None, []
    filename = value[0]
    content_type = value[2] if len(value) > 2 else None
    extra = value[3] if len(value) > 3 else {}
    headers = list(extra.items()) if isinstance(extra, Mapping) else list(extra)
    return filename, value[1], content_type, headers


def _read(content: Any) -> bytes:
    if isinstance(content, bytes | bytearray | memoryview):
        return bytes(content)
    data = content.read()
    if isinstance(data, str):
        return data.encode("utf-8")
    if not isinstance(data, bytes | bytearray):
        raise TypeError(f"a file's read() returned {type(data).__name__}, not bytes")
    return bytes(data)


def _concrete(content_type: str) -> str:
    """The first concrete type of an Encoding `contentType` (`image/png, image/*` -> image/png)."""
    for candidate in content_type.split(","):
        candidate = candidate.strip()
        if candidate and "*" not in candidate:
            return candidate
    return ""


def _quote_param(text: str) -> str:
    """A Content-Disposition parameter value as browsers send it (RFC 7578 4.2, HTML5)."""
    return text.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def _part(name: str, item: Any, encoding: Encoding) -> tuple[PartHeaders, bytes]:
    disposition = f'form-data; name="{_quote_param(name)}"'
    declared = _concrete(encoding.content_type)
    headers: PartHeaders = []
    if is_file(item):
        filename, body, given_type, extra = file_parts(item)
        disposition += f'; filename="{_quote_param(filename or name)}"'
        headers.append(("Content-Type", given_type or declared or "application/octet-stream"))
        headers += extra
    elif isinstance(item, dict | list):
        headers.append(("Content-Type", declared or "application/json"))
        body = json_text(item).encode("utf-8")
    else:
        if declared:
            headers.append(("Content-Type", declared))
        body = scalar_text(item).encode(charset(declared))
    fixed = {k.lower() for k, _ in headers}
    headers += [(k, v) for k, v in encoding.headers if k.lower() not in fixed]
    return [("Content-Disposition", disposition), *headers], body


def _parts(value: Any, encodings: Mapping[str, Encoding]) -> Iterable[tuple[PartHeaders, bytes]]:
    if is_file(value):
        yield _part(MULTIPART_FILE_NAME, value, NO_ENCODING)
        return
    for name, field in _fields(value).items():
        field = encode_value(field)
        encoding = encodings.get(name, NO_ENCODING)
        for item in field if isinstance(field, list) else [field]:
            yield _part(name, item, encoding)


def multipart_body(value: Any, encodings: Mapping[str, Encoding]) -> tuple[bytes, str]:
    """(body, boundary); the boundary is derived from the content, so equal calls send equal
    bytes (and it is checked not to occur in any part)."""
    rendered = [
        b"".join(f"{k}: {v}\r\n".encode() for k, v in headers) + b"\r\n" + body
        for headers, body in _parts(value, encodings)
    ]
    digest = hashlib.sha256(b"\0".join(rendered))
    boundary = "specgen-" + digest.hexdigest()[:32]
    while any(boundary.encode("ascii") in part for part in rendered):
        digest.update(b"\0")
        boundary = "specgen-" + digest.hexdigest()[:32]
    delimiter = b"--" + boundary.encode("ascii")
    out = b"".join(delimiter + b"\r\n" + part + b"\r\n" for part in rendered)
    return out + delimiter + b"--\r\n", boundary
