"""Checking calls and responses against the spec with the compiled validators.

Requests are checked before anything is sent: every problem of every argument is collected and
raised together as one `RequestValidationError`, each named by its argument and JSON path
(`body.records[3].time`). Responses are checked per the client's mode: `strict` raises
`ResponseValidationError` (with the parsed value attached), `warn` logs, `off` skips. Decoding
stays tolerant either way: validation reports, it never loses data.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Literal

import httpx

from .bodies import declared_media, is_json, media_base
from .codecs import encode_value, is_file
from .errors import RequestValidationError, ResponseValidationError
from .operation import Operation, ResponseSpec
from .request import choose_media_type
from .types import NotGiven
from .validation import REQUEST, RESPONSE, Problem, Validator, matches, validate

ResponseValidation = Literal["strict", "warn", "off"]

logger = logging.getLogger(__name__)


def _named(name: str, problems: list[Problem]) -> list[str]:
    return [f"{name}{p.path[1:]}: {p.message} ({p.keyword})" for p in problems]


def _passes(check: Validator, data: Any, mode: int) -> bool:
    """The common case first: valid data, checked up to its first problem without collecting
    any (`validate` then runs only to list the problems of invalid data)."""
    try:
        return matches(check, data, "$", mode)
    except RecursionError:
        return False


def check_request(op: Operation[Any], args: Mapping[str, Any]) -> None:
    """Raise `RequestValidationError` listing every problem of the call's arguments."""
    found: list[str] = []
    for name, param in op.params.items():
        value = args.get(name)
        if isinstance(value, NotGiven) or (value is None and not param.required):
            continue
        if param.location == "path" and value == "" and param.style in ("", "simple"):
            found.append(f"{name}: a path parameter cannot be empty")
            continue
        if param.check is not None:
            data = encode_value(value)
            if not _passes(param.check, data, REQUEST):
                found += _named(name, validate(param.check, data, direction="request"))
    body = op.body
    if body is not None and body.checks:
        value = args.get(body.arg)
        if not isinstance(value, NotGiven) and not (value is None and not body.required):
            requested = args.get(body.content_type_arg) if body.content_type_arg else None
            media = choose_media_type(body, value, requested)
            declared = declared_media(body, media)
            if declared is None:
                found.append(
                    f"{body.content_type_arg or body.arg}: {media!r} is not one of "
                    f"{list(body.media_types)}"
                )
            check = body.checks.get(declared or "")
            if check is not None and _serialized_elsewhere(media, value):
                check = None  # XML text, an image...: the schema is of a format specgen never reads
            if check is not None and not is_file(value):
                data = _files_as_bytes(encode_value(value))
                if not _passes(check, data, REQUEST):
                    found += _named(body.arg, validate(check, data, direction="request"))
    if found:
        raise RequestValidationError(op.operation_id, found)


def _serialized_elsewhere(media: str, value: Any) -> bool:
    """Text or bytes the caller serialized for a media type specgen does not write (XML...)."""
    base = media_base(media)
    if is_json(base) or base.startswith(("text/", "multipart/")) or "form-urlencoded" in base:
        return False
    return isinstance(value, str | bytes | bytearray)


def _files_as_bytes(value: Any) -> Any:
    """File inputs stand for binary strings: validated as bytes (their content is not read)."""
    if is_file(value):
        return value if isinstance(value, bytes) else b""
    if isinstance(value, list):
        return [_files_as_bytes(v) for v in value]
    if isinstance(value, dict):
        return {k: _files_as_bytes(v) for k, v in value.items()}
    return value


def check_response(
    op: Operation[Any],
    spec: ResponseSpec | None,
    data: Any,
    parsed: Any,
    response: httpx.Response,
    mode: ResponseValidation,
) -> None:
    """Validate a decoded JSON body per `mode`; strict raises, warn logs."""
    if mode == "off" or spec is None or spec.check is None or data is None:
        return
    if isinstance(data, (bytes, str)) and not isinstance(parsed, str):
        return  # not a JSON body
    if _passes(spec.check, data, RESPONSE):
        return
    problems = validate(spec.check, data, direction="response")
    if not problems:
        return
    listing = [str(p) for p in problems]
    if mode == "strict":
        raise ResponseValidationError(op.operation_id, listing, parsed, response)
    logger.warning(
        "response of %s (HTTP %s) does not match the spec: %s",
        op.operation_id,
        response.status_code,
        "; ".join(listing),
    )
