"""`textwrap.wrap` as docstrings use it (no breaking of long words or at hyphens), faster.

Docstring wrapping was the largest cost of rendering a large spec: `textwrap` is general (long
word splitting, sentence endings, line limits) and pays for it on every line. This is its
algorithm for the one configuration used, with the same output for every input
(`tests/unit/test_wrap.py` compares them), and a shortcut for the common line that fits.
"""

from __future__ import annotations

import re

__all__ = ["wrap"]

_WHITESPACE = "\t\n\x0b\x0c\r "
_TO_SPACE = str.maketrans(dict.fromkeys(_WHITESPACE, " "))
_SPLIT = re.compile(f"([{re.escape(_WHITESPACE)}]+)")


def wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    """`textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False,
    initial_indent=..., subsequent_indent=...)`."""
    if width <= 0:
        raise ValueError(f"invalid width {width!r} (must be > 0)")
    text = text.expandtabs().translate(_TO_SPACE)
    if text and len(text) + len(initial_indent) <= width and not text[-1].isspace():
        return [initial_indent + text]  # one line that keeps everything (str.isspace as strip)
    chunks = [chunk for chunk in _SPLIT.split(text) if chunk]
    chunks.reverse()
    lines: list[str] = []
    while chunks:
        indent = subsequent_indent if lines else initial_indent
        room = width - len(indent)
        if lines and not chunks[-1].strip():
            chunks.pop()  # whitespace at the start of a line other than the first
        line: list[str] = []
        length = 0
        while chunks:
            size = len(chunks[-1])
            if length + size > room:
                break
            line.append(chunks.pop())
            length += size
        if chunks and len(chunks[-1]) > room and not line:
            line.append(chunks.pop())  # a word longer than the line: alone on its line
        if line and not line[-1].strip():
            line.pop()
        if line:
            lines.append(indent + "".join(line))
    return lines
