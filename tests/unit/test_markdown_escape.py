"""Markdown escaping by one regular expression gives exactly the per-character definition."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.markdown import _escape, _printable

_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def _reference(text: str) -> str:
    out = []
    for index, char in enumerate(text):
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in "\\*[]|~`":
            out.append("\\" + char)
        elif char == "_" and not (
            0 < index < len(text) - 1 and text[index - 1].isalnum() and text[index + 1].isalnum()
        ):
            out.append("\\_")
        else:
            out.append(char)
    return "".join(out)


_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from("a_1<>&\\*[]|~` .é٣²Ⅷ\u0300\u200b\n")), st.text()
)


@given(_TEXT)
def test_escape_matches_the_per_character_definition(text: str) -> None:
    assert _escape(text) == _reference(text)


@given(_TEXT)
def test_printable_replaces_exactly_the_unprintable(text: str) -> None:
    assert _printable(text) == "".join(c if c.isprintable() else "\ufffd" for c in text)


def test_snake_case_inside_a_word_is_kept() -> None:
    assert _escape("snake_case _lead trail_ a__b") == "snake_case \\_lead trail\\_ a\\_\\_b"
