"""Spec strings as Python source: the one place they become literals, docstrings or comments.

Every string a spec provides reaches generated code through here: the templates' filters
(`pyrepr`, `pytuple`, `docstring`, `comment`, `toml_str`), the schema compiler's constants and
messages, and the method docstrings both clients show (`generator.docs`). Identifiers are
`generator.naming`'s job (`Identifier`, `ClassName`); Markdown is `generator.markdown`'s.

One character policy for every output, so generated source is valid, readable and the same bytes
for the same spec: printable characters are kept as written, non-ASCII included (a Japanese
description or enum value stays readable in the source and in `help()`), and every character
`str.isprintable` refuses is escaped (`\\x00`, `\\u2028`, `\\U000e0001`): C0/C1 controls and NUL,
the line and paragraph separators U+2028/U+2029 (line breaks to some editors and tools), bidi
overrides and other format characters (the Trojan Source trick), non-ASCII spaces, lone
surrogates (which UTF-8 cannot even encode) and unassigned code points. A Python literal carries
the escape, so a value (an enum member, a default) is exactly the spec's; a docstring carries it
too, a `#` comment shows it as text and TOML uses its own `\\u`/`\\U` escapes. Prose has one
exception: a lone surrogate is not text, and CPython cannot even store one in a class docstring
(`type.__doc__` is UTF-8), so in docstrings, comments and TOML it becomes U+FFFD, as
`generator.markdown` does for the README.

Widths are measured as ruff measures them (`width`: East Asian wide characters count two
columns), and `LINE_LENGTH` is the generated package's line length, so a layout chosen here is
the one `ruff format` keeps.
"""

from __future__ import annotations

import math
import re
import textwrap
import unicodedata
from typing import Any

__all__ = [
    "LINE_LENGTH",
    "NotPlainData",
    "comment",
    "docstring",
    "escape",
    "fill",
    "py_literal",
    "py_str",
    "py_tuple",
    "string_chunks",
    "string_literal",
    "toml_str",
    "width",
    "wrap_text",
]

LINE_LENGTH = 120
"""The generated package's line length: its `pyproject.toml`, the `ruff format` pass over the
rendered files and the schema compiler's layout all use it, so that pass changes nothing the
compiler wrote."""

LONG_STRING = 82
"""Literals wider than this are emitted as a parenthesized implicit concatenation of chunks of at
most `CHUNK` columns, which `ruff format` lays out one chunk per line."""
CHUNK = 62

DOC_WIDTH = 100
"""Docstring prose wraps at this column (indent included): long lines of prose read badly."""


REPLACEMENT = "\ufffd"
"""What a lone surrogate becomes in prose (U+FFFD REPLACEMENT CHARACTER)."""


def _is_surrogate(char: str) -> bool:
    return "\ud800" <= char <= "\udfff"


class NotPlainData(TypeError):
    """A value that is not plain JSON-like data reached the literal writer."""


_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape(char: str) -> str:
    """The Python escape sequence of one character (``\\x00``, ``\\u2028``, ``\\U000e0001``)."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def width(text: str) -> int:
    """Columns `text` takes as ruff counts them: wide (CJK, emoji) 2, combining marks 0."""
    if text.isascii():
        return len(text)
    total = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def string_literal(value: str) -> str:
    """A one-line Python string literal for `value`, in the quotes `ruff format` settles on.

    Double quotes unless the text holds more of them than single quotes (ruff's rule); escapes
    as the module docstring says.
    """
    if type(value) is not str:
        raise NotPlainData(f"expected str, got {type(value).__name__}")
    quote = "'" if value.count('"') > value.count("'") else '"'
    if value.isprintable() and "\\" not in value:  # the common case, without a Python loop
        return quote + value.replace(quote, "\\" + quote) + quote
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char == quote:
            out.append("\\" + char)
        elif not char.isprintable():
            out.append(escape(char))
        else:
            out.append(char)
    return quote + "".join(out) + quote


def string_chunks(value: str, columns: int) -> list[str]:
    """`value` as literals of at most `columns` columns each (one char may exceed it alone)."""
    if value and value.isascii() and value.isprintable() and not ('"' in value or "\\" in value):
        step = max(columns - 2, 1)  # the common case, without a literal per character
        return ['"' + value[i : i + step] + '"' for i in range(0, len(value), step)]
    chunks: list[str] = []
    start = 0
    while start < len(value) or not chunks:
        end = start + 1
        best = string_literal(value[start:end])
        while end < len(value):
            candidate = string_literal(value[start : end + 1])
            if width(candidate) > columns:
                break
            best = candidate
            end += 1
        chunks.append(best)
        start = end
    return chunks


def py_str(value: str) -> str:
    """A string expression: one literal, or a parenthesized concatenation when it is long."""
    literal = string_literal(value)
    if width(literal) <= LONG_STRING:
        return literal
    return "(" + " ".join(string_chunks(value, CHUNK)) + ")"


def py_literal(value: Any) -> str:
    """A Python expression evaluating to the JSON value `value`.

    Plain data only (None, bool, int, float, str, lists/tuples and dicts of them; dict keys
    str or int, written as str as JSON has them): anything else raises `NotPlainData`, so no
    object with a custom ``__repr__`` (an enum, a YAML timestamp) can put its text into code.
    """
    if value is None or value is True or value is False:
        return repr(value)
    kind = type(value)
    if kind is str:
        return py_str(value)
    if kind is int:
        return repr(value)
    if kind is float:
        if math.isnan(value) or math.isinf(value):
            return f'float("{value}")'
        return repr(value)
    if kind is list or kind is tuple:
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if kind is dict:
        items = (f"{py_str(_key(k))}: {py_literal(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    raise NotPlainData(f"not plain data: {kind.__name__}")


def _key(key: Any) -> str:
    if type(key) is str:
        return str(key)
    if type(key) is int:
        return repr(key)
    raise NotPlainData(f"not a plain mapping key: {type(key).__name__}")


def py_tuple(values: Any) -> str:
    """A tuple expression of JSON values (`py_literal` each)."""
    items = [py_literal(v) for v in values]
    if not items:
        return "()"
    if len(items) == 1:
        return f"({items[0]},)"
    return "(" + ", ".join(items) + ")"


def _escape_doc(line: str) -> str:
    if line.isprintable() and "\\" not in line:  # the common case, without a Python loop
        return line.replace('"""', '\\"\\"\\"')
    out = []
    for char in line:
        if char == "\\":
            out.append("\\\\")
        elif char == "\t":
            out.append("    ")
        elif _is_surrogate(char):
            out.append(REPLACEMENT)
        elif not char.isprintable():
            out.append(escape(char))
        else:
            out.append(char)
    return "".join(out).replace('"""', '\\"\\"\\"')


_LIST_ITEM = re.compile(r"(?:[-*+]|\d+[.)])\s+")


_ASCII_SPACES = re.compile("[\t\n\x0b\x0c\r ]+")


def fill(text: str, columns: int, first: str = "", rest: str = "") -> list[str]:
    """`text` in lines of at most `columns` columns (indents included), broken at spaces.

    A word longer than a line stays whole (a URL, an identifier), unless it holds wide
    characters: CJK text has no spaces to break at, so it breaks between characters.
    Widths are ruff's (`width`), so a Japanese description stays inside the line length.
    """
    if text.isascii():  # the common case: textwrap, whose widths are lengths
        return textwrap.wrap(
            text,
            width=columns,
            initial_indent=first,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        )
    lines: list[str] = []
    line, used, indent = first, width(first), first
    for word in _ASCII_SPACES.split(text):  # as textwrap: U+2028 and NBSP are not breaks
        if not word:
            continue
        for piece in _pieces(word, columns - width(rest)):
            size = width(piece)
            if line != indent and used + 1 + size > columns:
                lines.append(line)
                line, used, indent = rest, width(rest), rest
            if line != indent:
                line, used = line + " ", used + 1
            line, used = line + piece, used + size
    if line != indent:
        lines.append(line)
    return lines


def _pieces(word: str, columns: int) -> list[str]:
    """`word` whole, or cut between characters where it holds wide ones and is too long."""
    if width(word) <= columns or all(
        unicodedata.east_asian_width(c) not in ("W", "F") for c in word
    ):
        return [word]
    pieces, piece, used = [], "", 0
    for char in word:
        size = width(char)
        if piece and used + size > columns:
            pieces.append(piece)
            piece, used = "", 0
        piece, used = piece + char, used + size
    return [*pieces, piece] if piece else pieces


def wrap_text(text: str, columns: int) -> list[str]:
    """Wrap each source line on its own (keeps Markdown lists, an item's wrapped lines indented
    under its text), collapse blank runs.

    Only CR and LF end a source line; other line separators (U+2028) are escaped later, so
    the text is split exactly where its author pressed return.
    """
    lines: list[str] = []
    for raw in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        raw = raw.rstrip()
        if not raw.strip():
            if lines and lines[-1] != "":
                lines.append("")
            continue
        lead = raw[: len(raw) - len(raw.lstrip())].replace("\t", "    ")
        item = _LIST_ITEM.match(raw.strip())  # a list item's lines continue under its text
        hang = lead + " " * (item.end() if item else 0)
        lines.extend(fill(raw.strip(), max(columns - len(lead), 40) + len(lead), lead, hang))
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def docstring(
    text: str, indent: int, sections: list[tuple[str, list[tuple[str, str]]]] | None = None
) -> str:
    """A complete docstring literal, indented for a body at `indent` spaces.

    Prose wraps at `DOC_WIDTH`; `sections` are Google-style (`Args:`, `Attributes:`), one
    hanging-indented entry per name. Backslashes, triple quotes and non-printable characters
    are escaped, so no description can close its docstring and become code.
    """
    columns = DOC_WIDTH - indent
    lines = wrap_text(text, columns) or ["(No description in the spec.)"]
    for title, entries in sections or []:
        if not entries:
            continue
        lines += ["", f"{title}:"]
        for name, description in entries:
            entry = f"{name}: {' '.join(str(description).split())}".rstrip(": ")
            lines.extend(fill(entry, columns, "    ", "        "))
    lines = [_escape_doc(line) for line in lines]
    if lines[0].startswith(" "):
        lines[0] = lines[0].lstrip()
    pad = " " * indent
    if len(lines) == 1 and width(lines[0]) + indent + 6 <= LINE_LENGTH:
        single = lines[0]
        if single.endswith('"'):
            single = single[:-1] + '\\"'
        return f'"""{single}"""'
    if lines[-1].endswith('"'):
        lines[-1] = lines[-1][:-1] + '\\"'
    body = "\n".join((pad + line) if line else "" for line in lines[1:])
    return f'"""{lines[0]}\n{body}\n{pad}"""' if body else f'"""{lines[0]}\n{pad}"""'


def comment(text: str) -> str:
    """Text safe inside a `#` comment: one line, non-printable characters shown as escapes,
    at most 80 characters."""
    words = " ".join(str(text).split())
    flat = "".join(
        c if c.isprintable() else REPLACEMENT if _is_surrogate(c) else escape(c) for c in words
    )
    return flat if len(flat) <= 80 else flat[:77] + "..."


def toml_str(text: str) -> str:
    """A TOML basic string (TOML 1.0 escapes; a lone surrogate, not a Unicode scalar value,
    becomes U+FFFD)."""
    out = []
    for char in str(text):
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        elif _is_surrogate(char):
            out.append(REPLACEMENT)
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'
