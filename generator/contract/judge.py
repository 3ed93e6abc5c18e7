"""Judging one HTTP exchange against the spec with the compiled validators.

Shared by the mock (requests it receives) and `specgen verify` (recorded pairs), so both apply
one reading of the spec: parameters by style/explode (`params`), bodies by media type, security
requirements present, responses by documented status, media type, headers and schema.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from generator.contract.negotiate import media_matches
from generator.contract.params import (
    Malformed,
    properties,
    read_object_query,
    read_param,
    schema_type,
)
from generator.contract.problem import Violation
from generator.contract.spec import ContractOperation, ContractSpec, MediaCheck, problems_of
from generator.runtime.recording import MASK

__all__ = ["RequestVerdict", "check_request", "check_response", "header_values"]

_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
"""OpenAPI 3.0.3 4.7.12.1: header parameters with these names are ignored."""


def is_json(media: str) -> bool:
    essence = media.split(";", 1)[0].strip().lower()
    return essence == "application/json" or essence.endswith("+json")


def header_values(headers: Sequence[tuple[str, str]], name: str) -> list[str]:
    lowered = name.lower()
    return [value for key, value in headers if key.lower() == lowered]


@dataclass
class RequestVerdict:
    """What is wrong with a request: `malformed` (400), `unauthorized` (401), `unsupported`
    media type (415), schema `violations` (422). `values` holds the parameters as read."""

    malformed: list[Violation] = field(default_factory=list)
    unauthorized: list[Violation] = field(default_factory=list)
    unsupported: list[Violation] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def all(self) -> list[Violation]:
        return [*self.unauthorized, *self.malformed, *self.unsupported, *self.violations]

    @property
    def status(self) -> int:
        """The status the mock answers with: 401, 400, 415, 422, or 0 when the request is fine."""
        for status, found in (
            (401, self.unauthorized),
            (400, self.malformed),
            (415, self.unsupported),
            (422, self.violations),
        ):
            if found:
                return status
        return 0


def _named(location: str, problems: Any) -> list[Violation]:
    return [Violation(location + p.path[1:], p.message, p.keyword) for p in problems]


def check_security(
    contract: ContractSpec,
    op: ContractOperation,
    headers: Sequence[tuple[str, str]],
    query: Sequence[tuple[str, str]],
    cookies: Mapping[str, str],
) -> list[Violation]:
    """Missing credentials: one violation per scheme of the closest unmet alternative."""
    if not op.security or any(not alternative for alternative in op.security):
        return []
    best: list[Violation] | None = None
    for alternative in op.security:
        missing = [
            v
            for name in alternative
            for v in [
                _credential_missing(contract.schemes.get(name, {}), name, headers, query, cookies)
            ]
            if v is not None
        ]
        if not missing:
            return []
        if best is None or len(missing) < len(best):
            best = missing
    return best or []


def _credential_missing(
    scheme: Mapping[str, Any],
    name: str,
    headers: Sequence[tuple[str, str]],
    query: Sequence[tuple[str, str]],
    cookies: Mapping[str, str],
) -> Violation | None:
    kind = scheme.get("type")
    if kind == "apiKey":
        where, wire = scheme.get("in", "header"), str(scheme.get("name", ""))
        if where == "header":
            present = any(header_values(headers, wire))
        elif where == "query":
            present = any(k == wire and v for k, v in query)
        else:  # a recorded Cookie header is masked whole: its credentials cannot be seen
            present = bool(cookies.get(wire)) or MASK in header_values(headers, "cookie")
        return None if present else Violation(f"{where}.{wire}", f"credential {name!r} missing")
    if kind in ("http", "oauth2", "openIdConnect"):
        expected = str(scheme.get("scheme", "bearer")).lower() if kind == "http" else "bearer"
        for value in header_values(headers, "authorization"):
            if value == MASK:  # recorded with the secret masked: a credential was sent
                return None
            if value.split(" ", 1)[0].lower() == expected and value[len(expected) :].strip():
                return None
        return Violation("header.Authorization", f"credential {name!r} ({expected}) missing")
    return None  # unknown scheme kinds (mutualTLS...) cannot be checked from HTTP alone


def parse_cookies(headers: Sequence[tuple[str, str]]) -> dict[str, str]:
    cookies: dict[str, str] = {}
    for value in header_values(headers, "cookie"):
        for part in value.split(";"):
            key, eq, item = part.strip().partition("=")
            if eq:
                cookies[key] = item
    return cookies


def check_request(
    contract: ContractSpec,
    op: ContractOperation,
    *,
    path_values: Mapping[str, str],
    query_string: str,
    headers: Sequence[tuple[str, str]],
    body: bytes,
) -> RequestVerdict:
    """Every problem of a request; parameters are read per style/explode, then validated."""
    verdict = RequestVerdict()
    query = parse_qsl(query_string, keep_blank_values=True)
    cookies = parse_cookies(headers)
    verdict.unauthorized = check_security(contract, op, headers, query, cookies)
    for param in op.params:
        location = f"{param.location}.{param.name}"
        if param.location == "header" and param.name.lower() in _IGNORED_HEADERS:
            continue
        raw: str | list[str] | None
        if param.location == "path":
            raw = path_values.get(param.name)
        elif param.location == "query":
            raw = [v for k, v in query if k == param.name] or None
            if (
                raw is None
                and schema_type(contract.deref(param.schema)) == "object"
                and (param.style == "deepObject" or param.explode)
            ):
                value, found = read_object_query(
                    query, param.name, param.style, param.schema, contract.deref
                )
                if found:
                    verdict.values[location] = value
                    verdict.violations += _named(
                        location, problems_of(param.check, value, "request")
                    )
                    continue
        elif param.location == "header":
            given = header_values(headers, param.name)
            raw = ", ".join(given) if given else None
        else:
            raw = cookies.get(param.name)
        if raw is None and param.location in ("path", "query"):
            key = _fixed_query_key(op.path, param.name)  # a variable of `?key={APIKEY}`
            given = [v for k, v in query if k == key] if key else []
            raw = (given[0] if param.location == "path" else given) if given else None
        if raw is None:
            if param.required:
                verdict.violations.append(
                    Violation(location, "required parameter missing", "required")
                )
            continue
        try:
            value = read_param(
                raw,
                location=param.location,
                style=param.style,
                explode=param.explode,
                schema=param.schema,
                deref=contract.deref,
                name=param.name,
            )
        except Malformed as exc:
            verdict.malformed.append(Violation(location, str(exc), "type"))
            continue
        if param.location == "path" and value == "":
            verdict.violations.append(Violation(location, "a path parameter cannot be empty"))
            continue
        verdict.values[location] = value
        verdict.violations += _named(location, problems_of(param.check, value, "request"))
    if op.body:
        _check_body(op, headers, body, verdict, contract.deref)
    return verdict


def _check_body(
    op: ContractOperation,
    headers: Sequence[tuple[str, str]],
    body: bytes,
    verdict: RequestVerdict,
    deref: Callable[[Any], Any],
) -> None:
    content_type = (header_values(headers, "content-type") or [""])[0]
    if not body and not content_type:  # with a Content-Type, b"" is an empty body, not none
        if op.body_required:
            verdict.violations.append(Violation("body", "request body required", "required"))
        return
    media = _declared(op.body, content_type)
    if media is None:
        offered = ", ".join(m.media_type for m in op.body)
        verdict.unsupported.append(
            Violation("header.Content-Type", f"{content_type or 'none'!r} is not one of: {offered}")
        )
        return
    value = decode_body(media, content_type, body, verdict.malformed, "body", deref)
    if value is not _UNREADABLE:
        verdict.values["body"] = value
        verdict.violations += _named("body", problems_of(media.check, value, "request"))


def _declared(media: Sequence[MediaCheck], content_type: str) -> MediaCheck | None:
    """The declared media type a Content-Type falls under (the most specific one)."""
    if not content_type:
        return None
    ranked = sorted(media, key=lambda m: m.media_type.count("*"))
    return next((m for m in ranked if media_matches(m.media_type, content_type)), None)


_UNREADABLE = object()


def decode_body(
    media: MediaCheck,
    content_type: str,
    body: bytes,
    malformed: list[Violation],
    where: str,
    deref: Callable[[Any], Any] = lambda node: node,
) -> Any:
    """The body as JSON data when it has a JSON or form media type; `_UNREADABLE` otherwise."""
    essence = content_type.split(";", 1)[0].strip().lower()
    if is_json(essence):
        try:
            return json.loads(body)
        except (ValueError, RecursionError) as exc:
            malformed.append(Violation(where, f"not valid JSON: {exc}", "syntax"))
            return _UNREADABLE
    if essence == "application/x-www-form-urlencoded":
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            malformed.append(Violation(where, "form body is not UTF-8", "syntax"))
            return _UNREADABLE
        props = properties(media.schema, deref)
        grouped: dict[str, list[str]] = {}
        for key, value in parse_qsl(text, keep_blank_values=True):
            grouped.setdefault(key, []).append(value)
        result: dict[str, Any] = {}
        unreadable = False
        for key, values in grouped.items():
            if key not in props and len(values) > 1:
                result[key] = values  # an undeclared key given n times: an array of strings
                continue
            try:
                result[key] = read_param(
                    values, location="query", style="form", explode=True,
                    schema=props.get(key, {}), deref=deref, name=key,
                )  # fmt: skip
            except Malformed as exc:
                malformed.append(Violation(f"{where}.{key}", str(exc), "type"))
                unreadable = True
        return _UNREADABLE if unreadable else result
    if essence.startswith("text/") and schema_type(media.schema) == "string":
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            malformed.append(Violation(where, "text body is not UTF-8", "syntax"))
    return _UNREADABLE


def check_response(
    op: ContractOperation,
    status: int,
    headers: Sequence[tuple[str, str]],
    body: bytes,
) -> list[Violation]:
    """Every way a response breaks the spec: undeclared status, media type, headers, schema."""
    response = op.response(status)
    if response is None:
        documented = ", ".join(r.status for r in op.responses)
        return [Violation("status", f"{status} is not documented (documented: {documented})")]
    found: list[Violation] = []
    for header in response.headers:
        values = header_values(headers, header.name)
        if not values:
            if header.required:
                found.append(Violation(f"header.{header.name}", "required header missing"))
            continue
        try:
            value = read_param(
                ", ".join(values), location="header", style="simple", explode=False,
                schema=header.schema, deref=lambda s: s, name=header.name,
            )  # fmt: skip
        except Malformed as exc:
            found.append(Violation(f"header.{header.name}", str(exc), "type"))
            continue
        found += _named(f"header.{header.name}", problems_of(header.check, value, "response"))
    if not response.media:
        return found
    content_type = (header_values(headers, "content-type") or [""])[0]
    if not body and not content_type:
        return found  # an empty body is not a media type (HEAD, 204-like answers)
    media = _declared(response.media, content_type)
    if media is None:
        offered = ", ".join(m.media_type for m in response.media)
        found.append(
            Violation("header.Content-Type", f"{content_type or 'none'!r} is not one of: {offered}")
        )
        return found
    value = decode_body(media, content_type, body, found, "body")
    if value is not _UNREADABLE:
        found += _named("body", problems_of(media.check, value, "response"))
    return found


def _fixed_query_key(path: str, name: str) -> str | None:
    """The query key whose value is `{name}` in a path key's fixed query, if any."""
    fixed = path.split("#", 1)[0].partition("?")[2]
    for piece in fixed.split("&"):
        key, _, value = piece.partition("=")
        if value == "{" + name + "}":
            return key
    return None
