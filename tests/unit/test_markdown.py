"""Spec text in the generated README stays text: checked by rendering it with a CommonMark parser
(markdown-it-py, with GFM tables and strikethrough on) and comparing the tokens and the text."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from generator import markdown

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="https://tracker.example/p.gif" onerror="x()">',
    "[click me](javascript:alert(1))",
    "![pixel](https://tracker.example/p.gif)",
    "<https://autolink.example>",
    "# Not a heading",
    "## Resources",
    "---",
    "===",
    "1. not a list",
    "+ not a list",
    "- not a list",
    "> not a quote",
    "*emphasis* and __strong__ and ~~gone~~",
    "a | b | c",
    "```python",
    "~~~",
    "trailing backslash \\",
    "&lt;entity&gt; &amp; &copy;",
    "[ref]: https://evil.example",
    "right\u202eto-left override and a NUL \x00 and a bell \x07",
    "    indented code",
    "`unclosed code and <b>bold</b>",
]

VISIBLE = {"\u202e": "\ufffd", "\x00": "\ufffd", "\x07": "\ufffd"}


def _inline_tokens(source: str) -> list[str]:
    """The inline token types of `source` rendered as one paragraph (none means not a paragraph)."""
    blocks = MD.parse(source)
    assert [t.type for t in blocks] == ["paragraph_open", "inline", "paragraph_close"], source
    children = blocks[1].children or []
    return [t.type for t in children]


def _text_of(source: str) -> str:
    blocks = MD.parse(source)
    return "".join(t.content for t in blocks[1].children or [] if t.type in ("text", "code_inline"))


def _expected(text: str) -> str:
    flat = " ".join(text.split())
    return "".join(VISIBLE.get(c, c) for c in flat)


@pytest.mark.parametrize("text", HOSTILE)
def test_inline_is_one_paragraph_of_plain_text_showing_the_input(text: str) -> None:
    line = markdown.inline(text)
    assert "\n" not in line
    kinds = set(_inline_tokens(line)) - {"text", "softbreak"}
    assert kinds <= {"code_inline"}, (text, line, kinds)
    assert "<" not in MD.render(line).replace("<p>", "").replace("</p>", "").replace(
        "<code>", ""
    ).replace("</code>", "")
    if "`" not in text:
        assert _text_of(line) == _expected(text)  # entities already decoded


def test_balanced_code_spans_stay_code_spans() -> None:
    line = markdown.inline("Set `pathPrefix` to `<dir>`; `a`b` too")
    assert _inline_tokens(line).count("code_inline") >= 2
    assert "<code>&lt;dir&gt;</code>" in MD.render(line)


@pytest.mark.parametrize("text", ["a`b", "``", "`x`", "a ``` b", "<b>`</b>"])
def test_code_span_always_closes(text: str) -> None:
    span = markdown.code(text)
    assert _inline_tokens(span) == ["code_inline"], span
    assert MD.parse(span)[1].children[0].content == " ".join(text.split())  # type: ignore[index]


def test_snake_case_words_are_left_readable() -> None:
    assert markdown.inline("device_id and _private_") == "device_id and \\_private\\_"


def test_block_keeps_the_first_paragraph_and_its_bullet_list() -> None:
    text = (
        "Settings for motion detection:\n\n- `on`: detect\n- `off`: do not\n  detect\n\n"
        "Later paragraph.\n"
    )
    out = markdown.block(text, indent=2)
    assert out == "Settings for motion detection:\n\n  - `on`: detect\n  - `off`: do not detect"
    assert "Later" not in out


def test_block_of_hostile_lines_cannot_make_headings_html_or_links() -> None:
    text = "\n".join(HOSTILE)
    rendered = MD.render("- `Name`: " + markdown.block(text, indent=2))
    for tag in ("<h1", "<h2", "<hr", "<script", "<img", "<a ", "<blockquote", "<table", "<pre"):
        assert tag not in rendered, tag


def test_block_of_nothing_is_empty() -> None:
    assert markdown.block("") == ""
    assert markdown.block("\n \n") == ""


def test_block_that_is_only_a_list_starts_on_its_own_line() -> None:
    out = markdown.block("- `virtual`: a\n- `cellular`: b", indent=2)
    assert out == "\n  - `virtual`: a\n  - `cellular`: b"
    rendered = MD.render("- `Type`:" + out)
    assert rendered.count("<li>") == 3 and "<ul>" in rendered.split("<li>")[1]
