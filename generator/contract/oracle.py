"""The second judge: openapi-core, an independent reading of the spec, for `specgen verify`.

openapi-core shares no code with specgen (its own resolver, deserializers and jsonschema-based
validators), so where both judges agree the verdict does not rest on one implementation; where
they disagree `specgen verify` says so. Requests are handed over through openapi-core's
request/response protocols (`openapi_core.protocols`), addressed at the spec's first server so
recorded traffic from a mock on any host still routes.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from generator.contract.traffic import Exchange

__all__ = ["Oracle"]


@dataclass
class _Request:
    host_url: str
    path: str
    method: str
    parameters: Any
    content_type: str
    body: bytes
    full_url_pattern: str = ""


@dataclass
class _Response:
    status_code: int
    headers: Any
    content_type: str
    data: bytes


def _messages(exc: BaseException) -> list[str]:
    """An openapi-core error and its nested schema errors as short lines."""
    found = [f"{type(exc).__name__}: {exc}"]
    cause = exc.__cause__
    errors = getattr(cause, "schema_errors", None) or getattr(exc, "schema_errors", None) or []
    for error in list(errors)[:10]:
        path = "".join(f"[{p!r}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        found.append(f"${path}: {error.message}")
    if cause is not None and not errors:
        found.append(f"{type(cause).__name__}: {cause}")
    return found


class Oracle:
    """openapi-core over one spec document (bundled: local refs only)."""

    def __init__(self, document: Mapping[str, Any], base_path: str) -> None:
        from openapi_core import OpenAPI

        servers = document.get("servers") or [{"url": "/"}]
        url = str(servers[0].get("url", "/"))
        origin = urlsplit(url)
        self.host_url = f"{origin.scheme}://{origin.netloc}" if origin.netloc else "http://mock"
        self.base_path = base_path
        self.api = OpenAPI.from_dict(dict(document))

    def _request(self, exchange: Exchange, path: str) -> _Request:
        from werkzeug.datastructures import Headers, ImmutableMultiDict

        parts = urlsplit(exchange.url)
        headers = Headers(exchange.request_headers)
        cookies: list[tuple[str, str]] = []
        for value in headers.getlist("cookie"):
            for item in value.split(";"):
                key, eq, val = item.strip().partition("=")
                if eq:
                    cookies.append((key, val))
        from openapi_core.datatypes import RequestParameters

        parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qsl(parts.query, keep_blank_values=True)),
            header=headers,
            cookie=ImmutableMultiDict(cookies),
        )
        return _Request(
            host_url=self.host_url,
            path=self.base_path + path,
            method=exchange.method.lower(),
            parameters=parameters,
            content_type=headers.get("content-type", ""),
            body=exchange.request_body,
        )

    def judge(self, exchange: Exchange, path: str) -> tuple[list[str], list[str]]:
        """(request problems, response problems) as openapi-core reports them."""
        from werkzeug.datastructures import Headers

        request = self._request(exchange, path)
        headers = Headers(exchange.response_headers)
        response = _Response(
            exchange.status,
            headers,
            headers.get("content-type", ""),
            exchange.response_body,
        )
        request_problems: list[str] = []
        response_problems: list[str] = []
        try:
            with warnings.catch_warnings():  # oauth2/openIdConnect: it cannot check them, and
                warnings.filterwarnings("ignore", "Unsupported scheme type")  # says so each time
                self.api.validate_request(request)
        except Exception as exc:  # openapi-core's error tree has no single base class
            request_problems = _messages(exc)
        try:
            self.api.validate_response(request, response)
        except Exception as exc:
            response_problems = _messages(exc)
        return request_problems, response_problems
