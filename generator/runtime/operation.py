"""Precomputed descriptions of operations: what generated methods hand to the client.

A generated method is one call: `client.request(OPERATION, {python_arg: value, ...})`. Everything
the runtime needs to build the request and read the response is decided at generation time and
stored here as plain data, so the runtime never looks at the spec.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Generic, Literal, TypeVar

from .record import Record
from .validation import Validator

T = TypeVar("T")

ParamLocation = Literal["path", "query", "header", "cookie"]

_EMPTY: Mapping[str, Any] = MappingProxyType({})


class Param(Record):
    """A parameter, keyed in `Operation.params` by its Python argument name.

    `allow_reserved`: `allowReserved`, RFC 3986 reserved characters go unencoded (query only);
    `media_type`: for a `content`-defined parameter, the media type its value is serialized with.
    """

    __slots__ = _fields = (
        "location",
        "wire",
        "required",
        "style",
        "explode",
        "check",
        "allow_reserved",
        "media_type",
    )

    def __init__(
        self,
        location: ParamLocation,
        wire: str,
        required: bool = False,
        style: str = "",
        explode: bool = True,
        check: Validator | None = None,
        allow_reserved: bool = False,
        media_type: str = "",
    ) -> None:
        self.location: ParamLocation = location
        self.wire = wire
        self.required = required
        self.style = style
        self.explode = explode
        self.check = check
        self.allow_reserved = allow_reserved
        self.media_type = media_type


class Encoding(Record):
    """The Encoding Object of one property of a form or multipart body (OpenAPI 3.0.3 4.7.15).

    `content_type` "" means the default for the value (files `application/octet-stream`,
    objects `application/json`, primitives `text/plain`); `headers` are fixed extra part
    headers (multipart); `style`/`explode`/`allow_reserved` apply to form bodies as they do to
    query parameters (`explode` None: true for `form`, the default style).
    """

    __slots__ = _fields = ("content_type", "headers", "style", "explode", "allow_reserved")

    def __init__(
        self,
        content_type: str = "",
        headers: tuple[tuple[str, str], ...] = (),
        style: str = "",
        explode: bool | None = None,
        allow_reserved: bool = False,
    ) -> None:
        self.content_type = content_type
        self.headers = headers
        self.style = style
        self.explode = explode
        self.allow_reserved = allow_reserved


class BodySpec(Record):
    """The request body: its argument, media types in spec order, and who picks the type.

    `content_type_arg` names the argument that chooses among several media types; it also
    replaces a spec-declared `Content-Type` header parameter, so the header is set exactly once.
    `checks`: the validator per media type; `encodings`: per media type, the Encoding Object of
    each property that declares one.
    """

    __slots__ = _fields = (
        "arg",
        "media_types",
        "required",
        "content_type_arg",
        "checks",
        "encodings",
    )

    def __init__(
        self,
        arg: str,
        media_types: tuple[str, ...],
        required: bool = False,
        content_type_arg: str | None = None,
        checks: Mapping[str, Validator] = _EMPTY,
        encodings: Mapping[str, Mapping[str, Encoding]] = _EMPTY,
    ) -> None:
        self.arg = arg
        self.media_types = media_types
        self.required = required
        self.content_type_arg = content_type_arg
        self.checks = checks
        self.encodings = encodings


class ResponseSpec(Record):
    """A documented response: how to decode its body (None: no body documented).

    `media_type` is the one media type the client decodes (JSON first when several are
    declared); `json_types` the JSON types its schema allows at the top (`("object",)` for a
    model, `("array", "null")` for a nullable list; empty: any), checked in every mode.
    """

    __slots__ = _fields = ("decode", "media_type", "check", "json_types")

    def __init__(
        self,
        decode: Callable[[Any], Any] | None,
        media_type: str | None = None,
        check: Validator | None = None,
        json_types: tuple[str, ...] = (),
    ) -> None:
        self.decode = decode
        self.media_type = media_type
        self.check = check
        self.json_types = json_types


class Credential(Record):
    """Where one security scheme's secret goes: a header, query or cookie, or a bearer token."""

    __slots__ = _fields = ("location", "name")

    def __init__(
        self, location: Literal["header", "query", "cookie", "bearer", "basic"], name: str
    ) -> None:
        self.location: Literal["header", "query", "cookie", "bearer", "basic"] = location
        self.name = name


class PageSpec(Record):
    """Cursor pagination of an operation: `header` of a response feeds argument `param`.

    `key_type` is the parameter's declared JSON type ("string", "integer", "number"): the
    header's text is converted to it before it is sent back. `list_items`: the response is a
    JSON array whose elements are the items; otherwise (an object page such as SoraCam's
    `{records, events}`) each page's whole value is one item.
    """

    __slots__ = _fields = ("param", "header", "key_type", "list_items")

    def __init__(
        self, param: str, header: str, key_type: str = "string", list_items: bool = True
    ) -> None:
        self.param = param
        self.header = header
        self.key_type = key_type
        self.list_items = list_items

    def convert(self, text: str) -> str | int | float:
        """The header's text as the parameter's type; ValueError when it is not one."""
        if self.key_type == "integer":
            return int(text)
        if self.key_type == "number":
            return float(text)
        return text


class Operation(Record, Generic[T]):
    """One API operation; `T` is what a successful call returns.

    `accept`: the `Accept` header sent when no header the caller set names one ("": none); set
    where a response declares several media types, so the server sends one the client decodes.
    """

    _fields = (
        "operation_id",
        "method",
        "path",
        "params",
        "body",
        "responses",
        "security",
        "pagination",
        "accept",
    )
    __slots__ = (*_fields, "plan")

    def __init__(
        self,
        operation_id: str,
        method: str,
        path: str,
        params: Mapping[str, Param] = _EMPTY,
        body: BodySpec | None = None,
        responses: Mapping[str, ResponseSpec] = _EMPTY,
        security: tuple[str, ...] = (),
        pagination: PageSpec | None = None,
        accept: str = "",
    ) -> None:
        self.operation_id = operation_id
        self.method = method
        self.path = path
        self.params = params
        self.body = body
        self.responses = responses
        self.security = security
        self.pagination = pagination
        self.accept = accept
        self.plan: Any = None
        """What the request builder precomputes on first use (`request.RequestPlan`)."""

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
