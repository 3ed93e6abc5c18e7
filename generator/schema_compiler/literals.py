"""Spec values as Python literals: the only way a string from a spec reaches generated code.

`py_literal` accepts plain JSON-like data only (None, bool, int, float, str, and lists/dicts of
them) and refuses anything else, so no object with a custom ``__repr__`` can smuggle code in.
Strings are written with every non-printable and non-ASCII character escaped, in the quote style
``ruff format`` settles on (double quotes unless that needs more escapes), so the generated module
is already formatted and its width is exactly its length in characters.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["NotPlainData", "py_literal", "string_chunks", "string_literal"]


class NotPlainData(TypeError):
    """A value that is not plain JSON-like data reached the literal writer."""


def string_literal(value: str) -> str:
    """A Python string literal for `value`, ASCII-only, in ruff's preferred quotes."""
    if type(value) is not str:
        raise NotPlainData(f"expected str, got {type(value).__name__}")
    quote = "'" if value.count('"') > value.count("'") else '"'
    if value.isascii() and value.isprintable():  # the common case: only backslashes to double
        escaped = value.replace("\\", "\\\\")
    else:  # Python's own escapes, made in C: \\ \t \n \r, \xNN, \uNNNN, \UNNNNNNNN (lowercase hex)
        escaped = value.encode("unicode_escape").decode("ascii")
    return quote + escaped.replace(quote, "\\" + quote) + quote


def string_chunks(value: str, width: int) -> list[str]:
    """Split `value` into literals of at most `width` characters each (for long constants)."""
    chunks: list[str] = []
    start = 0
    while start < len(value) or not chunks:
        end = start + 1
        best = string_literal(value[start:end])
        while end < len(value):
            candidate = string_literal(value[start : end + 1])
            if len(candidate) > width:
                break
            best = candidate
            end += 1
        chunks.append(best)
        start = end
        if start >= len(value):
            break
    return chunks


def py_literal(value: Any) -> str:
    """A Python expression evaluating to `value`; plain data only (see module docstring)."""
    if value is None or value is True or value is False:
        return repr(value)
    kind = type(value)
    if kind is int:
        return repr(value)
    if kind is float:
        if math.isnan(value):
            return 'float("nan")'
        if math.isinf(value):
            return 'float("inf")' if value > 0 else 'float("-inf")'
        return repr(value)
    if kind is str:
        return string_literal(value)
    if kind is list:
        items = ", ".join(py_literal(item) for item in value)
        return f"[{items}]"
    if kind is dict:
        items = ", ".join(f"{string_literal(k)}: {py_literal(v)}" for k, v in value.items())
        return "{" + items + "}"
    raise NotPlainData(f"not plain data: {kind.__name__}")
