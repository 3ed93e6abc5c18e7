"""The only way spec strings reach generated code: as literals or escaped docstrings.

`py_literal` emits a Python literal in the exact form `ruff format` would keep (double quotes
unless that needs more escapes), so generated code needs no formatter pass. `docstring` wraps
text and escapes backslashes, triple quotes and control characters, so a description can never
close its docstring and become code.
"""

from __future__ import annotations

import math
import re
import textwrap
from typing import Any

from generator import markdown

_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


LONG_STRING = 80
"""Longer strings are emitted as a parenthesized implicit concatenation of shorter chunks, which
`ruff format` lays out one chunk per line, so no generated line exceeds the line length."""


def py_str(text: str) -> str:
    if len(text) > LONG_STRING:
        chunks = [text[i : i + 60] for i in range(0, len(text), 60)]
        return "(" + " ".join(_py_str(chunk) for chunk in chunks) + ")"
    return _py_str(text)


def _py_str(text: str) -> str:
    quote = "'" if text.count('"') > text.count("'") else '"'
    if text.isprintable() and "\\" not in text:  # the common case, without a Python loop
        return quote + text.replace(quote, "\\" + quote) + quote
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char == quote:
            out.append("\\" + char)
        elif not char.isprintable():
            out.append(repr(char)[1:-1])
        else:
            out.append(char)
    return quote + "".join(out) + quote


def py_literal(value: Any) -> str:
    """A Python literal for a JSON value (str, int, float, bool, None, list, dict)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return f'float("{value}")'
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_str(str(k))}: {py_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def py_tuple(values: Any) -> str:
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
        elif not char.isprintable():
            out.append(repr(char)[1:-1] if char != "'" else char)
        else:
            out.append(char)
    return "".join(out).replace('"""', '\\"\\"\\"')


_LIST_ITEM = re.compile(r"(?:[-*+]|\d+[.)])\s+")


def wrap_text(text: str, width: int) -> list[str]:
    """Wrap each source line on its own (keeps markdown lists, an item's wrapped lines indented
    under its text), collapse blank runs."""
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
        wrapped = textwrap.wrap(
            raw.strip(),
            width=max(width - len(lead), 40),
            break_long_words=False,
            break_on_hyphens=False,
            initial_indent=lead,
            subsequent_indent=hang,
        )
        lines.extend(wrapped)
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def docstring(
    text: str, indent: int, sections: list[tuple[str, list[tuple[str, str]]]] | None = None
) -> str:
    """A complete docstring literal, indented for a body at `indent` spaces."""
    width = 100 - indent
    lines = wrap_text(text, width) or ["(No description in the spec.)"]
    for title, entries in sections or []:
        if not entries:
            continue
        lines += ["", f"{title}:"]
        for name, description in entries:
            entry = f"{name}: {' '.join(str(description).split())}".rstrip(": ")
            lines.extend(
                textwrap.wrap(
                    entry,
                    width=width,
                    initial_indent="    ",
                    subsequent_indent="        ",
                    break_long_words=False,
                    break_on_hyphens=False,
                )
            )
    lines = [_escape_doc(line) for line in lines]
    if lines[0].startswith(" "):
        lines[0] = lines[0].lstrip()
    pad = " " * indent
    if len(lines) == 1 and len(lines[0]) + indent + 6 <= 120:
        single = lines[0]
        if single.endswith('"'):
            single = single[:-1] + '\\"'
        return f'"""{single}"""'
    if lines[-1].endswith('"'):
        lines[-1] = lines[-1][:-1] + '\\"'
    body = "\n".join((pad + line) if line else "" for line in lines[1:])
    return f'"""{lines[0]}\n{body}\n{pad}"""' if body else f'"""{lines[0]}\n{pad}"""'


def comment(text: str) -> str:
    """Text safe inside a `#` comment: one line, printable, at most 80 characters."""
    flat = "".join(c if c.isprintable() else "?" for c in " ".join(str(text).split()))
    return flat if len(flat) <= 80 else flat[:77] + "..."


def toml_str(text: str) -> str:
    out = []
    for char in str(text):
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif not char.isprintable():
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def markdown_text(text: str) -> str:
    """One line of text for generated Markdown: see `generator.markdown.inline`."""
    return markdown.inline(text)
