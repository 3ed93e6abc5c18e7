"""Sentinels that keep 'not given', 'absent' and 'null' apart.

`NOT_GIVEN` is the default of every optional call argument: the argument is then not sent at
all (spec defaults are the server's business). `UNSET` marks a model field absent from the wire
data, which is different from a field present with the value null (`None`).
"""

from __future__ import annotations

from typing import IO, Any, ClassVar, Final, Literal, Self, TypeAlias, final

import httpx


class _Sentinel:
    """One falsy instance per subclass, shown by its name (`NOT_GIVEN`, `UNSET`)."""

    _name: ClassVar[str]
    _instance: ClassVar[_Sentinel | None] = None

    def __new__(cls) -> Self:
        if not isinstance(cls._instance, cls):
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return self._name


@final
class NotGiven(_Sentinel):
    """Type of `NOT_GIVEN`, the default of optional call arguments."""

    _name = "NOT_GIVEN"


@final
class Unset(_Sentinel):
    """Type of `UNSET`, the value of a model field absent from the wire data."""

    _name = "UNSET"


NOT_GIVEN: Final = NotGiven()
UNSET: Final = Unset()

WIRE: Final = " wire"
"""`__dict__` key of a lazily decoded model's wire object (not an identifier: no field has it)."""

JSON: TypeAlias = Any
"""A value of a schema-less JSON field: dict, list, str, int, float, bool or None."""

FileContent: TypeAlias = bytes | IO[bytes]
"""The content of a file: bytes or a binary file object (read when the request is built)."""

FileInput: TypeAlias = (
    FileContent
    | tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str | None]
    | tuple[str | None, FileContent, str | None, dict[str, str]]
)
"""A `format: binary` value: content, or `(filename, content[, content_type[, headers]])`.

Sent as a multipart file part (or as the whole body of a binary media type); the filename
defaults to the file object's base name, else the field name; the content type to the
Encoding Object's `contentType`, else `application/octet-stream`.
"""

TimeoutTypes: TypeAlias = float | httpx.Timeout | None

DEFAULT_TIMEOUT: Final = httpx.Timeout(30.0, connect=10.0)
"""30 s per read/write/pool, 10 s to connect: long enough for export calls, short enough to fail."""
