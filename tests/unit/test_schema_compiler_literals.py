"""The validator compiler's string literals: ASCII-only, exact escapes, ruff's quote choice.

`string_literal` escapes in C (`unicode_escape`) rather than per character in Python; the
reference below is the per-character definition it must keep matching.
"""

from __future__ import annotations

import ast

from hypothesis import given
from hypothesis import strategies as st

from generator.schema_compiler.literals import string_chunks, string_literal

_NAMED = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _reference(value: str) -> str:
    quote = "'" if value.count('"') > value.count("'") else '"'
    out = []
    for ch in value:
        code = ord(ch)
        if ch == quote:
            out.append("\\" + quote)
        elif ch in _NAMED:
            out.append(_NAMED[ch])
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return quote + "".join(out) + quote


@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_string_literal_matches_the_per_character_definition(value: str) -> None:
    literal = string_literal(value)
    assert literal == _reference(value)
    assert literal.isascii() and literal.isprintable()
    assert ast.literal_eval(literal) == value


def test_string_literal_edge_cases() -> None:
    for value in ["", "'", '"', "\\", 'a"b\'c"', "\x7f", "\x00", "\u2028", "\ud800", "\U0001f600"]:
        assert string_literal(value) == _reference(value)
        assert ast.literal_eval(string_literal(value)) == value


@given(st.text(max_size=200), st.integers(min_value=12, max_value=90))
def test_string_chunks_rejoin_to_the_value(value: str, width: int) -> None:
    chunks = string_chunks(value, width)
    assert "".join(ast.literal_eval(chunk) for chunk in chunks) == value
    assert all(len(chunk) <= width or len(ast.literal_eval(chunk)) == 1 for chunk in chunks)
