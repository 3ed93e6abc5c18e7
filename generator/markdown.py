"""Spec text as Markdown for the generated README: untrusted text that can only be text.

A description, summary, path or name comes from the spec, so it may hold HTML (`<script>`, an
`<img>` that calls home), link or image syntax, headings, list markers or a code fence that
would end the document's own structure. Every spec string reaches Markdown through one of the
three functions here (the README template's `markdown_text`, `markdown_code`, `markdown_block`
filters):

- `inline`: one line of prose. HTML is neutralized (`<`, `>`, `&` become entities), Markdown
  punctuation that could open a link, image, emphasis, strikethrough or table cell is
  backslash-escaped (CommonMark 2.4), a line-start block marker (`#`, `-`, `+`, `=`, `1.`) is
  escaped, control and format characters (bidi overrides) become U+FFFD. Balanced code spans
  (`` `name` ``) are kept, re-fenced, because their content is literal text in CommonMark.
- `code`: a code span whose fence is longer than any backtick run inside, so it always closes
  where we mean it to.
- `block`: the first paragraph of a description, with the bullet list that follows or belongs
  to it kept as a list (each item escaped as `inline`), indented to sit inside a list item.
"""

from __future__ import annotations

import re

_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_BLOCK_START = re.compile(r"^(?:[#+=-]|(\d+)(?=[.)]))")
_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$")


def _printable(text: str) -> str:
    if text.isprintable():  # the common case, without a Python loop
        return text
    return "".join(c if c.isprintable() else "\ufffd" for c in text)


# What `_escape` changes: HTML's three, Markdown punctuation, and `_` unless it sits between two
# alphanumerics (a word character that is not `_` is exactly `str.isalnum`): `snake_case` inside
# a word cannot emphasize; elsewhere `_` can.
_SPECIAL = re.compile(r"[<>&\\*\[\]|~`]|(?<![^\W_])_|_(?![^\W_])")


def _escape(text: str) -> str:
    return _SPECIAL.sub(_escape_one, text)


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    return _ENTITIES.get(char) or "\\" + char


def code(text: object) -> str:
    """`text` as one Markdown code span, whatever backticks it holds."""
    flat = _printable(" ".join(str(text).split()))
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}" if flat else "` `"


def inline(text: object) -> str:
    """One line of Markdown showing `text` as written (see the module docstring)."""
    flat = _printable(" ".join(str(text).split()))
    out = []
    last = 0
    for span in _CODE_SPAN.finditer(flat):
        out.append(_escape(flat[last : span.start()]))
        out.append(code(span.group(2)))
        last = span.end()
    out.append(_escape(flat[last:]))
    line = "".join(out)
    start = _BLOCK_START.match(line)
    if start:  # a backslash escapes punctuation only: `1\.`, not `\1.`
        cut = start.end() if start.group(1) else 0
        line = line[:cut] + "\\" + line[cut:]
    return line


def block(text: object, indent: int = 0) -> str:
    """The first paragraph of `text` (plus its bullet list) as Markdown lines, each indented
    by `indent` spaces after the first; "" when `text` is empty, and a leading newline when the
    description is only a list (so the caller never puts a list item mid-line)."""
    paragraphs: list[list[str]] = [[]]
    for line in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    chosen = paragraphs[0]
    rest = paragraphs[1:]
    # A lead-in ("Possible values:") and the list after a blank line are one thought.
    if chosen and rest and rest[0] and chosen[-1].rstrip().endswith(":"):
        if _BULLET.match(rest[0][0]):
            chosen = [*chosen, *rest[0]]
    prose: list[str] = []
    items: list[str] = []
    for line in chosen:
        bullet = _BULLET.match(line)
        if bullet:
            nested = len(bullet.group(1).expandtabs(4)) >= 2 and bool(items)
            items.append(("  - " if nested else "- ") + inline(bullet.group(2)))
        elif items:  # a continuation line of the last item
            items[-1] += " " + inline(line)
        else:
            prose.append(line)
    # A list right after prose is set off by a blank line; a list with no prose starts on a
    # line of its own (the leading "" makes the result start with a newline).
    lines = [inline(" ".join(prose))] if prose else []
    if items:
        lines += [""] + items
    pad = " " * indent
    return "\n".join((pad + line if n and line else line) for n, line in enumerate(lines))
