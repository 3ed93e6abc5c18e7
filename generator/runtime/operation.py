"""Precomputed descriptions of operations: what generated methods hand to the client.

A generated method is one call: `client.request(OPERATION, {python_arg: value, ...})`. Everything
the runtime needs to build the request and read the response is decided at generation time and
stored here as plain data, so the runtime never looks at the spec.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from .validation import Validator

T = TypeVar("T")

ParamLocation = Literal["path", "query", "header", "cookie"]


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter, keyed in `Operation.params` by its Python argument name."""

    location: ParamLocation
    wire: str
    required: bool = False
    style: str = ""
    explode: bool = True
    check: Validator | None = None
    allow_reserved: bool = False
    """`allowReserved`: RFC 3986 reserved characters go unencoded (query only)."""
    media_type: str = ""
    """For a `content`-defined parameter: the media type its value is serialized with."""


@dataclass(frozen=True, slots=True)
class Encoding:
    """The Encoding Object of one property of a form or multipart body (OpenAPI 3.0.3 4.7.15).

    `content_type` "" means the default for the value (files `application/octet-stream`,
    objects `application/json`, primitives `text/plain`); `headers` are fixed extra part
    headers (multipart); `style`/`explode`/`allow_reserved` apply to form bodies as they do to
    query parameters (`explode` None: true for `form`, the default style).
    """

    content_type: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    style: str = ""
    explode: bool | None = None
    allow_reserved: bool = False


@dataclass(frozen=True, slots=True)
class BodySpec:
    """The request body: its argument, media types in spec order, and who picks the type.

    `content_type_arg` names the argument that chooses among several media types; it also
    replaces a spec-declared `Content-Type` header parameter, so the header is set exactly once.
    """

    arg: str
    media_types: tuple[str, ...]
    required: bool = False
    content_type_arg: str | None = None
    checks: Mapping[str, Validator] = field(default_factory=dict)
    """Validator per media type."""
    encodings: Mapping[str, Mapping[str, Encoding]] = field(default_factory=dict)
    """Per media type, the Encoding Object of each property that declares one."""


@dataclass(frozen=True, slots=True)
class ResponseSpec:
    """A documented response: how to decode its body (None: no body documented).

    `media_type` is the one media type the client decodes (JSON first when several are
    declared); `json_types` the JSON types its schema allows at the top (`("object",)` for a
    model, `("array", "null")` for a nullable list; empty: any), checked in every mode.
    """

    decode: Callable[[Any], Any] | None
    media_type: str | None = None
    check: Validator | None = None
    json_types: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Credential:
    """Where one security scheme's secret goes: a header, query or cookie, or a bearer token."""

    location: Literal["header", "query", "cookie", "bearer", "basic"]
    name: str


@dataclass(frozen=True, slots=True)
class PageSpec:
    """Cursor pagination of an operation: `header` of a response feeds argument `param`.

    `key_type` is the parameter's declared JSON type ("string", "integer", "number"): the
    header's text is converted to it before it is sent back. `list_items`: the response is a
    JSON array whose elements are the items; otherwise (an object page such as SoraCam's
    `{records, events}`) each page's whole value is one item.
    """

    param: str
    header: str
    key_type: str = "string"
    list_items: bool = True

    def convert(self, text: str) -> str | int | float:
        """The header's text as the parameter's type; ValueError when it is not one."""
        if self.key_type == "integer":
            return int(text)
        if self.key_type == "number":
            return float(text)
        return text


@dataclass(frozen=True, slots=True)
class Operation(Generic[T]):
    """One API operation; `T` is what a successful call returns."""

    operation_id: str
    method: str
    path: str
    params: Mapping[str, Param] = field(default_factory=dict)
    body: BodySpec | None = None
    responses: Mapping[str, ResponseSpec] = field(default_factory=dict)
    security: tuple[str, ...] = ()
    pagination: PageSpec | None = None

    def response_for(self, status: int) -> ResponseSpec | None:
        """The documented response: exact code, then a `2XX`-style range, then default."""
        responses = self.responses
        exact = responses.get(str(status))
        if exact is not None:
            return exact
        ranged = responses.get(f"{status // 100}XX")
        if ranged is not None:
            return ranged
        return responses.get("default")
