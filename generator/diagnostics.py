"""Problems found in a spec, as values.

Every stage reports what it finds as `Diagnostic`s and carries on, so the user sees all problems
at once (openapi-python-client's habit). Exceptions are for bugs, and `SpecError` is the single
exception that carries diagnostics up to the CLI boundary, where they are printed as
`FILE:LINE:COL: level CODE: message`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import unquote


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Location:
    """A position in a file: 1-based line and column, as editors show them."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col}"
        return self.file


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: a stable code, a level, where it is (JSON pointer and file position)."""

    code: str
    level: Level
    message: str
    pointer: str = ""
    location: Location | None = None

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR

    def format(self) -> str:
        where = str(self.location) if self.location else "<spec>"
        return f"{where}: {self.level.value} {self.code}: {self.message}"


class SpecError(Exception):
    """A spec that cannot be used; carries every diagnostic that explains why."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def escape_pointer_token(token: object) -> str:
    """RFC 6901 escaping of one reference token."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join_pointer(pointer: str, *tokens: object) -> str:
    return pointer + "".join("/" + escape_pointer_token(t) for t in tokens)


PointerPath = tuple[Any, object] | str | None
"""A JSON pointer not yet written out: `(parent path, token)`, down to `None` (the document
root) or a pointer already written out (a str, such as where a bundled part is placed).

Why: walkers over the whole document (the field-type check, the rules' indexes, the bundler)
need a pointer only for the few places where a problem is reported; making one tuple per node
costs a fraction of joining and escaping a string per node. `pointer_of` writes it out.
"""


def pointer_of(path: PointerPath, *tokens: object) -> str:
    """The RFC 6901 pointer of `path`, followed by `tokens` (as `join_pointer` would)."""
    parts: list[object] = []
    while isinstance(path, tuple):
        path, token = path
        parts.append(token)
    parts.reverse()
    return join_pointer(path or "", *parts, *tokens)


def resolve_pointer(doc: Any, ref: str) -> Any:
    """The value at `ref` ("#/components/schemas/X", "/a/b" or "") inside `doc`.

    The one JSON-pointer walker of the project (resolve, IR, diff and the validator compiler use
    it). The fragment is URI-decoded first (`with%20space`), then split into RFC 6901 tokens.
    Raises `LookupError` when the path does not exist.
    """
    pointer = unquote(ref[1:] if ref.startswith("#") else ref)
    if pointer and not pointer.startswith("/"):
        raise LookupError(f"'{ref}' is not a JSON pointer (it must start with '#/')")
    node = doc
    for raw in pointer.split("/")[1:] if pointer else []:
        token = unescape_pointer_token(raw)
        if isinstance(node, Mapping) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise LookupError(f"there is no '{token}' there")
    return node
