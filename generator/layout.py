"""Long generated calls laid out as `ruff format` lays them out, without running ruff.

Templates print one call per line (`"id": Param("path", "id", required=True, ...)`); when such
a line is wider than the package's line length, ruff's rule for a call is simple and is applied
here: the arguments on one indented line if they fit there, else one argument per line with a
trailing comma. Only the shapes whose ruff layout is certain are touched (a line ending in a
call's closing parenthesis, plus `,` or `:`, with at least two arguments, no comment and no
trailing comma of its own); any other long line is left for the formatter, which
`generator.render.format_python` then runs on that file alone. `tests/golden/test_final_layout.py`
checks the result against ruff on every shared spec.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = ["final_layout", "needs_formatter"]

_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = frozenset(")]}")
_ATOM_ENTRY = re.compile(r'\s*(?:"[\w/.+-]*": |\w+=)?[A-Za-z_][\w.]*,?\Z')
"""`"media/type": _v.validate_x,` or `check=_v.validate_x,`: one name, which no layout shortens."""


_IMPORT = re.compile(r"from ([\w.]+) import ([\w, ]+)\Z")
_EMPTY_BRACKETS = re.compile(r"[(\[{]\n *[)\]}]")


@cache
def _long_line(width: int) -> re.Pattern[str]:
    return re.compile(rf"^[^\n]{{{width + 1},}}$", re.MULTILINE)


def final_layout(text: str, width: int) -> str:
    """`text` (a generated module) with empty brackets closed on their line (`params={}`) and
    each long call line laid out as ruff format would; docstrings are left as they are."""
    if not _EMPTY_BRACKETS.search(text) and not _long_line(width).search(text):
        return text  # nothing to do, found without a Python loop over the lines
    lines = text.split("\n")
    code = _code_lines(lines)
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not code[index - 1]:
            out.append(line)
            continue
        if line and line[-1] in _OPEN and index < len(lines) and code[index]:
            after = lines[index].lstrip(" ")
            if after[:1] == _OPEN[line[-1]]:  # `x = {` then `}`: ruff writes `x = {}`
                line += after
                index += 1
        if len(line) > width and line.isascii():
            split = _split_call(line, width)
            if split is not None:
                out.extend(_explode_all(split, width))
                continue
        out.append(line)
    return "\n".join(out)


def _explode_all(lines: list[str], width: int) -> list[str]:
    out: list[str] = []
    for line in lines:
        split = _split_call(line, width) if len(line) > width else None
        out.extend(_explode_all(split, width) if split is not None else [line])
    return out


def needs_formatter(text: str, width: int) -> bool:
    """Whether some line the formatter could split is wider than `width` columns as ruff counts
    them (East Asian wide and full-width characters take two; other non-ASCII is over-counted,
    which only costs a formatter run). Docstring and comment lines are text ruff never wraps."""
    if text.isascii() and not _long_line(width).search(text):
        return False
    lines = text.split("\n")
    for line, is_code in zip(lines, _code_lines(lines), strict=True):
        if not is_code or len(line) * 2 <= width:
            continue
        if line.lstrip().startswith("#") or _ATOM_ENTRY.match(line):
            continue  # a comment, or a lone name that no layout shortens
        if line.isascii():
            if len(line) > width:
                return True
        elif sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line) > width:
            return True
    return False


def _code_lines(lines: list[str]) -> list[bool]:
    """False for the lines of docstrings, as `generator.literals.docstring` writes them: from a
    line starting with triple quotes to the line ending with them (spec text cannot start a line
    with unescaped triple quotes: the literal writers escape them)."""
    flags: list[bool] = []
    inside = False
    for line in lines:
        stripped = line.lstrip()
        if inside:
            flags.append(False)
            inside = not stripped.endswith('"""')
        elif stripped.startswith('"""'):
            flags.append(False)
            inside = len(stripped) < 6 or not stripped.endswith('"""')
        else:
            flags.append(True)
    return flags


def _split_call(line: str, width: int) -> list[str] | None:
    indent = len(line) - len(line.lstrip(" "))
    body = line[indent:]
    pad, inner_pad = " " * indent, " " * (indent + 4)
    imported = _IMPORT.match(body)
    if imported:  # ruff always puts a long import's names one per line
        names = imported.group(2).split(", ")
        return [
            f"{pad}from {imported.group(1)} import (",
            *(f"{inner_pad}{n}," for n in names),
            pad + ")",
        ]
    suffix = ""
    if body.endswith((",", ":")):
        body, suffix = body[:-1], body[-1]
    if not body.endswith(")") or body.startswith(("def ", "async def ", "class ", "lambda")):
        return None
    code = _code(body)
    if code is None:
        return None
    pairs, commas = _brackets(body, code)
    if pairs is None:
        return None
    opening = pairs.get(len(body) - 1)
    if not opening or not (body[opening - 1].isalnum() or body[opening - 1] in "_]"):
        return None  # not a call (a tuple, a parenthesized expression)
    head = body[: opening + 1]
    cuts = [opening, *commas.get(opening, []), len(body) - 1]
    args = [body[a + 1 : b].strip() for a, b in zip(cuts, cuts[1:], strict=False)]
    if not all(args) or indent + len(head) > width:
        return None
    if len(args) == 1:
        return _one_tuple_argument(body, opening, pairs, commas, pad, suffix, width)
    joined = ", ".join(args)
    if indent + 4 + len(joined) <= width:
        return [pad + head, inner_pad + joined, pad + ")" + suffix]
    return [pad + head, *(f"{inner_pad}{a}," for a in args), pad + ")" + suffix]


def _one_tuple_argument(
    body: str,
    opening: int,
    pairs: dict[int, int],
    commas: dict[int, list[int]],
    pad: str,
    suffix: str,
    width: int,
) -> list[str] | None:
    """`f((item,))`, ruff's way: the tuple on its own line, else the item on its own line
    inside it; any other single argument is left for the formatter."""
    start, end = opening + 1, len(body) - 2
    if body[start] != "(" or pairs.get(end) != start or commas.get(start) or body[end - 1] != ",":
        return None
    inner_pad = pad + "    "
    argument = body[start : end + 1]
    head = body[: opening + 1]
    if len(inner_pad) + len(argument) <= width:
        return [pad + head, inner_pad + argument, pad + ")" + suffix]
    item = body[start + 1 : end - 1].strip()
    return [
        pad + head,
        inner_pad + "(",
        f"{inner_pad}    {item},",
        inner_pad + ")",
        pad + ")" + suffix,
    ]


def _code(text: str) -> list[int] | None:
    """Indexes of the characters outside string literals; None for a comment or an open string."""
    code: list[int] = []
    quote = ""
    index = 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 2
                continue
            if text.startswith(quote, index):
                index += len(quote)
                quote = ""
                continue
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, index) else char
            index += len(quote)
            continue
        elif char == "#":
            return None
        else:
            code.append(index)
        index += 1
    return None if quote else code


def _brackets(text: str, code: list[int]) -> tuple[dict[int, int] | None, dict[int, list[int]]]:
    """(closing index -> opening index, opening index -> its top-level commas); no pairs when
    brackets do not match or a bracket ends with a magic trailing comma (`, )`, `,]`, `,}`:
    ruff keeps those exploded), except the comma a one-element tuple needs."""
    pairs: dict[int, int] = {}
    commas: dict[int, list[int]] = {}
    stack: list[int] = []
    for index in code:
        char = text[index]
        if char in _OPEN:
            stack.append(index)
            commas[index] = []
        elif char in _CLOSE:
            if not stack or _OPEN[text[stack[-1]]] != char:
                return None, commas
            start = stack.pop()
            pairs[index] = start
            inside = commas[start]
            if inside and not text[inside[-1] + 1 : index].strip():
                if not (char == ")" and len(inside) == 1):
                    return None, commas  # a magic trailing comma
                commas[start] = []  # `(x,)`: one element, not two arguments
        elif char == "," and stack:
            commas[stack[-1]].append(index)
    return (None if stack else pairs), commas
