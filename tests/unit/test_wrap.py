"""`generator.wrap.wrap` gives exactly `textwrap.wrap`'s lines for the options docstrings use."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.load import load_path
from generator.wrap import wrap

_WORDS = st.text(alphabet=st.sampled_from("ab -\t\n\r\x0b\x0c\xa0\u3000_x.,"), max_size=60)


def _reference(text: str, width: int, first: str, rest: str) -> list[str]:
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )


@given(
    st.one_of(_WORDS, st.text(max_size=80)),
    st.integers(min_value=1, max_value=30),
    st.sampled_from(["", "  ", "    "]),
    st.sampled_from(["", "  ", "        "]),
)
def test_same_lines_as_textwrap(text: str, width: int, first: str, rest: str) -> None:
    assert wrap(text, width, first, rest) == _reference(text, width, first, rest)


def test_real_descriptions(shared_dir: Path) -> None:
    spec = load_path(shared_dir / "specs/soracom/soracom-platform-api-openapi.yml")
    texts: list[str] = []
    stack: list[Any] = [spec.data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str) and " " in node:
            texts.extend(node.splitlines())
    assert len(texts) > 1000
    for index, text in enumerate(sorted(set(texts))[:4000]):
        width = (40, 76, 92)[index % 3]
        assert wrap(text, width, "", "    ") == _reference(text, width, "", "    ")


def test_edge_cases() -> None:
    for text in ["a \xa0", "\xa0", " a", "a ", "  ", "", "a\tb", "abcdef gh", "a  b  c"]:
        for width in (1, 2, 3, 5, 8):
            assert wrap(text, width, "> ", ">> ") == _reference(text, width, "> ", ">> ")


def test_width_must_be_positive() -> None:
    with pytest.raises(ValueError):
        wrap("a", 0)
