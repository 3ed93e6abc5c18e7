"""Long generated lines laid out as `ruff format` lays them out, without running ruff.

Templates print one statement or call per line (`"id": Param("path", "id", required=True, ...)`);
when such a line is wider than the package's line length, ruff's rule for its shape is applied
here: a call's arguments on one indented line if they fit there, else one per line with a
trailing comma (a lone argument on its own line, without one); `target = value` with the value
in parentheses when its head is too wide; a parameter's long union annotation one member per
line, a class attribute's inside parentheses; `def f(self) -> T:` and `) -> T[inner]:` split at
their brackets; a tuple display one item per line; implicitly concatenated strings joined where
they fit. Only shapes whose ruff layout is certain are touched; any other long line is left for
the formatter, which `generator.render.format_python` then runs on that file alone (no shared
spec needs it). `tests/unit/test_layout.py` compares each shape with ruff, and
`tests/golden/test_final_layout.py` checks every shared spec's package.
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
_ATOM_MEMBER = re.compile(r"\s*(?:\w+: |\| )[A-Za-z_][\w.]*(?: = [\w.]+)?,?\Z")
"""`name: LongName` or `| LongName = DEFAULT,`: one line of a parameter's union annotation laid
out one member per line, which no layout shortens."""

_UNSPLITTABLE = re.compile(r'\s*(?:"[^"\\]*": "[^"\\]*",|(?:async )?def \w+\()\Z')
"""`"Key": "value",` (a dict entry of two strings: ruff leaves it whole) or `def long_name(`
(its parameters on the lines below): lines ruff keeps as they are, however wide."""

_IMPORT = re.compile(r"from ([\w.]+) import ([\w, ]+)\Z")


@cache
def _long_line(width: int) -> re.Pattern[str]:
    return re.compile(rf"^[^\n]{{{width + 1},}}$", re.MULTILINE)


def final_layout(text: str, width: int) -> str:
    """`text` (a generated module) with empty brackets closed on their line (`params={}`) and
    each long line laid out as ruff format would; docstrings are left as they are.

    Only the lines that may change are visited (long lines, an opening bracket at the end of a
    line, implicit string concatenation: one list comprehension finds them); the others are
    copied in runs.
    """
    lines = text.split("\n")
    marks = [
        index
        for index, line in enumerate(lines)
        if len(line) > width or line[-1:] in _OPEN or '" "' in line
    ]
    if not marks:
        return text
    in_docstring = _in_docstrings(text, lines, marks)
    out: list[str] = []
    index = inserted = 0
    for mark, docstring in zip(marks, in_docstring, strict=True):
        mark += inserted  # lines a block wrap inserted above move the later ones down
        if mark < index:
            continue  # taken along with an earlier line
        out.extend(lines[index:mark])
        if docstring:
            out.append(lines[mark])
            index = mark + 1
            continue
        before = len(lines)
        index = _lay_out_line(lines, mark, out, width)
        inserted += len(lines) - before
    out.extend(lines[index:])
    return "\n".join(out)


def _in_docstrings(text: str, lines: list[str], marks: list[int]) -> list[bool]:
    """For each line index in `marks` (ascending): whether that line belongs to a docstring.

    Triple quotes appear in generated modules only as docstring delimiters (the literal writers
    escape them in text: `generator.literals`), each docstring has two, so a line is inside one
    when an odd number of them precede it, or when it holds one itself."""
    flags: list[bool] = []
    line = offset = quotes = 0
    for mark in marks:
        start = offset + sum(map(len, lines[line:mark])) + (mark - line)
        quotes += text.count('"""', offset, start)
        line, offset = mark, start
        flags.append(quotes % 2 == 1 or '"""' in lines[mark])
    return flags


def _lay_out_line(lines: list[str], index: int, out: list[str], width: int) -> int:
    """Append the final layout of code line `lines[index]` (and of the lines it takes along)
    to `out`; the index of the next line to visit."""
    line = lines[index]
    index += 1
    if line and line[-1] in _OPEN and index < len(lines):
        after = lines[index].lstrip(" ")
        if after[:1] == _OPEN[line[-1]]:  # `x = {` then `}`: ruff writes `x = {}`
            line += after
            index += 1
    if '" "' in line and line.isascii():  # ruff joins what fits joined, even if short
        joined = _concatenated(line, width)
        if joined is not None:
            out.extend(_explode_all(joined, width))
            return index
    if len(line) > width and line.isascii():
        block = _open_block(line, width)
        end = _block_end(lines, index, line) if block is not None else None
        if block is not None and end is not None:  # `NAME: T = Call(` opening a block
            head, parenthesized = block
            out.extend(head)
            if not parenthesized:
                return index
            # the whole call moves in by 4, inside `(` ... `)`: each of its lines laid out anew
            body = [_SHIFT + inner if inner else inner for inner in lines[index:end]]
            lines[index : end + 1] = [*body, _SHIFT + lines[end], lines[end]]
            while index < end + 2:
                index = _lay_out_line(lines, index, out, width)
            return index
        split = _split_call(line, width) or _split_statement(line, width)
        if split is not None:
            out.extend(_explode_all(split, width))
            return index
    out.append(line)
    return index


def _explode_all(lines: list[str], width: int) -> list[str]:
    out: list[str] = []
    for line in lines:
        split = (
            (_split_call(line, width) or _split_statement(line, width))
            if len(line) > width
            else None
        )
        out.extend(_explode_all(split, width) if split is not None else [line])
    return out


def needs_formatter(text: str, width: int) -> bool:
    """Whether some line the formatter could split is wider than `width` columns as ruff counts
    them (East Asian wide and full-width characters take two; other non-ASCII is over-counted,
    which only costs a formatter run). Docstring and comment lines are text ruff never wraps."""
    lines = text.split("\n")
    least = width if text.isascii() else width // 2  # a line this long may be too wide
    marks = [index for index, line in enumerate(lines) if len(line) > least]
    for mark, docstring in zip(marks, _in_docstrings(text, lines, marks), strict=True):
        line = lines[mark]
        if docstring or line.lstrip().startswith("#"):
            continue  # text ruff never wraps
        if _ATOM_ENTRY.match(line) or _ATOM_MEMBER.match(line) or _UNSPLITTABLE.match(line):
            continue  # a lone name (or string) that no layout shortens
        if line.isascii():
            if len(line) > width:
                return True
        elif sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line) > width:
            return True
    return False


_SHIFT = "    "
_SINGLE_ARGUMENT = re.compile(r"(?:\w+=)?[A-Za-z_][\w.]*(?:\(.*\))?\Z")
"""A lone argument that ruff puts on its own line without a trailing comma: a name, or a call
(which is then laid out in turn)."""
_TARGET = r"[A-Za-z_][\w.]*"
_ASSIGNMENT = re.compile(rf"({_TARGET}(?:: [^=]+)?) = (.+)\Z")
_ATOM = re.compile(r"(?:[A-Za-z_][\w.]*|\"[^\"\\]*\"|\d+)\Z")
_OPEN_BLOCK = re.compile(rf"({_TARGET}): (.+) = ([A-Za-z_][\w.]*\()\Z")
_SUBSCRIPT = re.compile(r"([A-Za-z_][\w.]*)\[(.+)\]\Z")
_PARAMETER = re.compile(r"([A-Za-z_]\w*): (.+?)((?: = [\w.]+)?,)\Z")
_FIELD = re.compile(r"([A-Za-z_]\w*): (.+?)((?: = [\w.]+)?)\Z")
_CONCATENATED = re.compile(r'(\w+=|[\w.]+(?:: [\w.]+)? = )\(("[^"\\]*"(?: "[^"\\]*")+)\)(,?)\Z')
"""`path=("first part" "second part"),`: an implicitly concatenated string, in parentheses."""
_DEF_SELF = re.compile(r"((?:async )?def \w+\()self(\) -> .+:)\Z")
_RETURNS = re.compile(r"\) -> ([A-Za-z_][\w.]*)\[(.+)\]:\Z")
_RETURNS_UNION = re.compile(r"\) -> (.+ \| .+):\Z")
"""`) -> A | B:` (a method's long union return type): ruff puts it inside parentheses."""


def _fits(lines: list[str], width: int) -> list[str] | None:
    return lines if all(len(line) <= width for line in lines) else None


def _parenthesized(body: str, suffix: str, indent: int, width: int) -> list[str] | None:
    """`target = value` whose `target = value_head(` is too wide: ruff puts the value inside
    parentheses, on its own line (laid out in turn)."""
    assignment = _ASSIGNMENT.match(body)
    if suffix or assignment is None:
        return None
    pad = " " * indent
    head = f"{pad}{assignment.group(1)} = ("
    if len(head) > width:
        return None
    return [head, pad + _SHIFT + assignment.group(2), pad + ")"]


def _open_block(line: str, width: int) -> tuple[list[str], bool] | None:
    """The head lines for `NAME: T = Call(` (a call exploded below it) that is too wide, and
    whether the call moves inside parentheses (`NAME: T = (`, the call indented by 4) or the
    annotation's subscript is split instead (`NAME: T[` / `inner` / `] = Call(`)."""
    if line.startswith(" "):
        return None
    match = _OPEN_BLOCK.match(line)
    if match is None:
        return None
    target, annotation, call = match.groups()
    if _top_level(annotation, " = ") != [annotation]:
        return None
    head = f"{target}: {annotation} = ("
    if len(head) <= width:
        return [head, _SHIFT + call], True
    subscript = _SUBSCRIPT.match(annotation)
    if subscript is None or len(_top_level(subscript.group(2), ", ")) != 1:
        return None
    inner = _union_lines(_top_level(subscript.group(2), " | "), _SHIFT, width)
    lines = _fits([f"{target}: {subscript.group(1)}[", *inner, f"] = {call}"], width)
    return None if lines is None else (lines, False)


def _block_end(lines: list[str], index: int, head: str) -> int | None:
    """Index of the `)` closing the call opened at the end of `head` (the line before `index`)."""
    pad = head[: len(head) - len(head.lstrip(" "))]
    for end in range(index, len(lines)):
        line = lines[end]
        if line and not line.startswith(pad + " "):
            return end if line == pad + ")" else None
    return None


def _top_level(text: str, separator: str) -> list[str]:
    """`text` split at each `separator` outside brackets and string literals."""
    parts: list[str] = []
    depth = 0
    quote = ""
    start = 0
    index = 0
    size = len(separator)
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0 and text.startswith(separator, index):
            parts.append(text[start:index])
            index += size
            start = index
            continue
        index += 1
    parts.append(text[start:])
    return parts


def _split_statement(line: str, width: int) -> list[str] | None:
    """Ruff's layout of the other long lines templates print: a parameter or class attribute
    with a long union annotation, `target = name`, `def f(self) -> T:` and `) -> T[inner]:`.
    None: not one of these shapes, or one whose layout is not certain (left to ruff)."""
    indent = len(line) - len(line.lstrip(" "))
    pad, inner_pad = line[:indent], line[:indent] + _SHIFT
    body = line[indent:]
    if body.startswith(("#", '"', "'", "return ", "from ", "import ")):
        return None
    concatenated = _concatenated(line, width)
    if concatenated is not None:
        return concatenated
    if body.startswith("(") and body.endswith(("),", ")")):
        return _split_tuple(body, pad, width)
    match = _DEF_SELF.match(body)
    if match is not None:
        return _fits([pad + match.group(1), inner_pad + "self,", pad + match.group(2)], width)
    match = _RETURNS_UNION.match(body)
    if match is not None and len(members := _top_level(match.group(1), " | ")) > 1:
        return _fits([f"{pad}) -> (", *_union_lines(members, inner_pad, width), pad + "):"], width)
    match = _RETURNS.match(body)
    if match is not None:
        inner = match.group(2)
        if len(_top_level(inner, ", ")) != 1:
            return None
        return _fits([f"{pad}) -> {match.group(1)}[", inner_pad + inner, pad + "]:"], width)
    match = _PARAMETER.match(body)
    if match is not None and indent:
        name, annotation, rest = match.groups()
        members = _top_level(annotation, " | ")
        if len(members) < 2:
            return None
        lines = [f"{pad}{name}: {members[0]}", *(f"{pad}| {m}" for m in members[1:])]
        lines[-1] += rest
        if any(len(line) > width and not _ATOM_MEMBER.match(line) for line in lines):
            return None  # a member ruff would split in turn
        return lines
    match = _FIELD.match(body)
    if match is not None and indent:
        name, annotation, rest = match.groups()
        members = _top_level(annotation, " | ")
        if len(members) < 2:
            return _atom_assignment(body, pad, width)
        middle = _union_lines(members, inner_pad, width)
        return _fits([f"{pad}{name}: (", *middle, pad + ")" + rest], width)
    return _atom_assignment(body, pad, width)


def _union_lines(members: list[str], pad: str, width: int) -> list[str]:
    """A union inside parentheses: on one line at `pad` if it fits, else one member a line."""
    flat = pad + " | ".join(members)
    if len(flat) <= width:
        return [flat]
    return [pad + members[0], *(f"{pad}| {m}" for m in members[1:])]


def _concatenated(line: str, width: int) -> list[str] | None:
    """`path=("first part" "second part"),` as ruff writes it: joined into one string where
    that fits (on the line, else alone inside the parentheses), else one part per line."""
    indent = len(line) - len(line.lstrip(" "))
    pad, inner_pad = line[:indent], line[:indent] + _SHIFT
    match = _CONCATENATED.match(line, indent)
    if match is None:
        return None
    prefix, strings, suffix = match.groups()
    parts = strings[1:-1].split('" "')
    joined = '"' + "".join(parts) + '"'
    if len(pad) + len(prefix) + len(joined) + 2 + len(suffix) <= width:
        return [f"{pad}{prefix}({joined}){suffix}"]
    if len(line) <= width:
        return None  # ruff keeps what fits as it is
    if len(inner_pad) + len(joined) <= width:
        return [pad + prefix + "(", inner_pad + joined, pad + ")" + suffix]
    return [pad + prefix + "(", *(f'{inner_pad}"{p}"' for p in parts), pad + ")" + suffix]


def _split_tuple(body: str, pad: str, width: int) -> list[str] | None:
    """`(a, b),` (a tuple display): ruff puts each item on its own line with a trailing comma
    (each laid out in turn)."""
    suffix = "," if body.endswith(",") else ""
    inner = body[1 : len(body) - len(suffix) - 1]
    items = _top_level(inner, ", ")
    if len(items) < 2 or not all(items) or items[-1].endswith(","):
        return None  # not a tuple, or one with a magic trailing comma (ruff keeps it)
    if len(_top_level(inner, ",")) != len(items) or not _one_group(body.removesuffix(",")):
        return None  # items not separated by ", ", or `(a)(b)`: not one parenthesized tuple
    return [pad + "(", *(f"{pad}{_SHIFT}{item}," for item in items), pad + ")" + suffix]


def _one_group(text: str) -> bool:
    """Whether the bracket opening `text` closes at its end (`(a, b)`, not `(a)(b)`)."""
    depth = 0
    quote = ""
    for index, char in enumerate(text):
        if quote:
            quote = "" if char == quote and text[index - 1] != "\\" else quote
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return index == len(text) - 1
    return False


def _atom_assignment(body: str, pad: str, width: int) -> list[str] | None:
    """`target = value` with a lone name, string or number as the value: ruff parenthesizes the
    value when that makes it fit, and leaves the line alone otherwise."""
    match = _ASSIGNMENT.match(body)
    if match is None or not _ATOM.match(match.group(2)):
        return None
    if _top_level(match.group(1), " = ") != [match.group(1)]:
        return None
    return _fits([f"{pad}{match.group(1)} = (", pad + _SHIFT + match.group(2), pad + ")"], width)


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
    if not all(args):
        return None
    if indent + len(head) > width:
        return _parenthesized(body, suffix, indent, width)
    if len(args) == 1:
        if _SINGLE_ARGUMENT.match(args[0]):  # a name, or a call laid out in turn
            return [pad + head, inner_pad + args[0], pad + ")" + suffix]
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


_SPECIAL = re.compile(r"""["'#()\[\]{},]""")
_QUOTE_END = {q: re.compile(r"\\.|" + q) for q in ('"', "'", '"""', "'''")}
"""The end of a string literal opened by each quote: the quote, past backslash escapes."""


def _code(text: str) -> list[int] | None:
    """Indexes of the brackets and commas outside string literals; None for a comment or an
    open string."""
    code: list[int] = []
    index = 0
    while (found := _SPECIAL.search(text, index)) is not None:
        index = found.start()
        char = text[index]
        if char in "\"'":
            quote = char * 3 if text.startswith(char * 3, index) else char
            end = _QUOTE_END[quote]
            index += len(quote)
            while (closing := end.search(text, index)) is not None and closing.group()[0] == "\\":
                index = closing.end()
            if closing is None:
                return None
            index = closing.end()
        elif char == "#":
            return None
        else:
            code.append(index)
            index += 1
    return code


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
