"""Patterns that could make a check super-linear, and the program of the linear engine for them.

`redos_risk(python_pattern)` finds nested quantifiers (``(a+)+``, ``(\\d*)*x``, ``(x+x+)+y``):
the classic shape under which a backtracking engine such as Python's `re` takes exponential time.
Such a pattern, and any other that `backtracking_is_linear` cannot show safe for `re.search`
(polynomial cases such as ``a+x`` or ``.*=.*`` included), is never run on `re`: `nfa_program`
turns it (from `re`'s own parse tree, so the
syntax is exactly what `re` would accept) into a Thompson NFA that
`generator.runtime.validation.LinearPattern` simulates in time linear in the input (Thompson
1968; Cox, "Regular Expression Matching Can Be Simple And Fast"). Constructs an NFA cannot
express (backreferences, lookaround) raise `Unsupported`; the compiler then drops
the check and reports it, so validation stays bounded by construction.

The program is plain data written into the generated module: instructions are tuples
``("c", ranges, negated, next)`` (a character in sorted ``(low, high)`` code point ranges),
``("s", first, second)`` (split), ``("^", next)``, ``("$", next)``, ``("z", next)`` (end of
text or before a final newline, Python's ``$``), ``("b", next)`` / ``("B", next)`` (a word
boundary / none, as ``\\b``/``\\B`` under re.ASCII) and ``("m",)`` (match).
"""

from __future__ import annotations

import importlib
import re
from typing import Any

__all__ = ["Unsupported", "backtracking_is_linear", "nfa_program", "redos_risk"]

C: Any = importlib.import_module("re._constants")  # the parser `re` itself uses (3.11+)
P: Any = importlib.import_module("re._parser")

Program = tuple[tuple[Any, ...], ...]
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)}
_ASCII_CATEGORIES = {
    C.CATEGORY_DIGIT: ((48, 57),),
    C.CATEGORY_SPACE: ((9, 13), (32, 32)),
    C.CATEGORY_WORD: ((48, 57), (65, 90), (95, 95), (97, 122)),
}
_NEGATED_CATEGORIES = {
    C.CATEGORY_NOT_DIGIT: C.CATEGORY_DIGIT,
    C.CATEGORY_NOT_SPACE: C.CATEGORY_SPACE,
    C.CATEGORY_NOT_WORD: C.CATEGORY_WORD,
}
MAX_CODE = 0x10FFFF


class Unsupported(Exception):
    """The pattern uses something a finite automaton cannot do."""


def redos_risk(pattern: str) -> str:
    """Why `pattern` (Python syntax) may backtrack exponentially, or "" when it cannot."""
    try:
        tree = P.parse(pattern, re.ASCII)
    except (re.error, RecursionError, OverflowError):
        return ""
    return _nested(list(tree), inside=False)


def _unbounded(op: Any, av: Any) -> bool:
    return op in _REPEATS and (av[1] is C.MAXREPEAT or av[1] > 1)


def _nested(items: list[Any], *, inside: bool) -> str:
    for op, av in items:
        if op in _REPEATS:
            repeats = _unbounded(op, av)
            if repeats and inside:
                return "a quantifier inside a repeated group (nested quantifiers)"
            found = _nested(list(av[2]), inside=inside or repeats)
            if found:
                return found
        elif op is C.SUBPATTERN:
            found = _nested(list(av[-1]), inside=inside)
            if found:
                return found
        elif op is C.BRANCH:
            for branch in av[1]:
                found = _nested(list(branch), inside=inside)
                if found:
                    return found
        elif op in (C.ASSERT, C.ASSERT_NOT):
            found = _nested(list(av[1]), inside=inside)
            if found:
                return found
    return ""


_CHAR_OPS = frozenset({"LITERAL", "NOT_LITERAL", "ANY", "IN"})


def backtracking_is_linear(pattern: str) -> bool:
    """Whether `re.search` runs in linear time on `pattern` whatever the text (a sufficient
    condition, not a necessary one): every repeat is of a single character matcher (or a group
    of them without alternatives), and either nothing repeats unboundedly or the pattern starts
    with ``^`` and has one unbounded repeat. `[0-9A-F]{12}`, `^[a-z]+$` qualify; `a+x` does not
    (`re.search` retries it from each position: quadratic), nor `(a|aa)+` or `(a+)+`."""
    try:
        tree = list(P.parse(pattern, re.ASCII))
    except (re.error, RecursionError, OverflowError):
        return False
    unbounded = 0
    stack = list(tree)
    while stack:
        op, av = stack.pop()
        if op in _REPEATS:
            if not _simple(list(av[2])):
                return False
            unbounded += av[1] is C.MAXREPEAT
        elif op is C.SUBPATTERN:
            stack.extend(av[-1])
        elif op is C.BRANCH:
            for branch in av[1]:
                stack.extend(branch)
        elif op in (C.ASSERT, C.ASSERT_NOT, C.GROUPREF):
            return False
    if unbounded == 0:
        return True
    starts = (
        bool(tree) and tree[0][0] is C.AT and tree[0][1] in (C.AT_BEGINNING, C.AT_BEGINNING_STRING)
    )
    return unbounded == 1 and starts


def _simple(items: list[Any]) -> bool:
    for op, av in items:
        if op is C.SUBPATTERN:
            if not _simple(list(av[-1])):
                return False
        elif str(op) not in _CHAR_OPS:
            return False
    return True


def nfa_program(pattern: str) -> Program:
    """The Thompson NFA of `pattern` (Python syntax, compiled as with re.ASCII)."""
    tree = P.parse(pattern, re.ASCII)
    if tree.state.flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE):
        raise Unsupported("inline flags")
    builder = _Builder()
    match = builder.emit(("m",))
    start = builder.sequence(list(tree), match)
    program = builder.finish(start)
    if len(program) > 5000:
        raise Unsupported("the automaton would have over 5000 states")
    return program


class _Builder:
    """Builds the program back to front: each fragment is given the state that follows it."""

    def __init__(self) -> None:
        self.states: list[list[Any]] = []

    def emit(self, instruction: tuple[Any, ...]) -> int:
        self.states.append(list(instruction))
        return len(self.states) - 1

    def finish(self, start: int) -> Program:
        # renumber so the start state is 0 (the runtime begins there)
        order = [start] + [i for i in range(len(self.states)) if i != start]
        new = {old: pos for pos, old in enumerate(order)}
        out: list[tuple[Any, ...]] = []
        for old in order:
            ins = self.states[old]
            kind = ins[0]
            if kind == "c":
                out.append(("c", ins[1], ins[2], new[ins[3]]))
            elif kind == "s":
                out.append(("s", new[ins[1]], new[ins[2]]))
            elif kind in ("^", "$", "z", "b", "B"):
                out.append((kind, new[ins[1]]))
            else:
                out.append(("m",))
        return tuple(out)

    def sequence(self, items: list[Any], follow: int) -> int:
        for op, av in reversed(items):
            follow = self.item(op, av, follow)
        return follow

    def item(self, op: Any, av: Any, follow: int) -> int:
        if op is C.LITERAL:
            return self.emit(("c", ((av, av),), False, follow))
        if op is C.NOT_LITERAL:
            return self.emit(("c", ((av, av),), True, follow))
        if op is C.ANY:
            return self.emit(("c", ((10, 10),), True, follow))
        if op is C.IN:
            ranges, negated = _char_class(av)
            return self.emit(("c", ranges, negated, follow))
        if op is C.SUBPATTERN:
            if av[1] or av[2]:
                raise Unsupported("inline flags in a group")
            return self.sequence(list(av[-1]), follow)
        if op is C.BRANCH:
            starts = [self.sequence(list(b), follow) for b in av[1]]
            head = starts[-1]
            for other in reversed(starts[:-1]):
                head = self.emit(("s", other, head))
            return head
        if op in _REPEATS:
            return self.repeat(av, follow, lazy=op is C.MIN_REPEAT)
        if op is C.AT:
            kinds = {
                C.AT_BEGINNING: "^",
                C.AT_BEGINNING_STRING: "^",
                C.AT_END_STRING: "$",
                C.AT_END: "z",
                C.AT_BOUNDARY: "b",
                C.AT_NON_BOUNDARY: "B",
            }
            if av not in kinds:
                raise Unsupported(f"it uses the anchor {str(av).lower()}")
            return self.emit((kinds[av], follow))
        names = {
            C.GROUPREF: "a backreference",
            C.ASSERT: "a lookaround",
            C.ASSERT_NOT: "a lookaround",
        }
        raise Unsupported(f"it uses {names.get(op, str(op).lower())}, which needs backtracking")

    def repeat(self, av: Any, follow: int, *, lazy: bool) -> int:
        """``x{low,high}`` as ``x`` low times, then nested optional copies (or a loop).

        Greedy and lazy repeats accept the same strings; only whether a match exists matters.
        """
        low, high, body = av[0], av[1], list(av[2])
        if low > 1000 or (high is not C.MAXREPEAT and high > 1000):
            raise Unsupported("a counted repeat above 1000")
        if high is C.MAXREPEAT:
            head = self.emit(("s", -1, follow))
            self.states[head][1] = self.sequence(body, head)
        else:
            head = follow
            for _ in range(high - low):
                head = self.emit(("s", self.sequence(body, head), follow))
        for _ in range(low):
            head = self.sequence(body, head)
        return head


def _char_class(items: Any) -> tuple[tuple[tuple[int, int], ...], bool]:
    ranges: list[tuple[int, int]] = []
    negated = False
    for op, av in items:
        if op is C.NEGATE:
            negated = True
        elif op is C.LITERAL:
            ranges.append((av, av))
        elif op is C.RANGE:
            ranges.append((av[0], av[1]))
        elif op is C.CATEGORY and av in _ASCII_CATEGORIES:
            ranges.extend(_ASCII_CATEGORIES[av])
        elif op is C.CATEGORY and av in _NEGATED_CATEGORIES:
            ranges.extend(_complement(_ASCII_CATEGORIES[_NEGATED_CATEGORIES[av]]))
        else:
            raise Unsupported(f"{op} in a character class")
    return _merge(ranges), negated


def _complement(ranges: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    out, low = [], 0
    for start, end in sorted(ranges):
        if start > low:
            out.append((low, start - 1))
        low = end + 1
    if low <= MAX_CODE:
        out.append((low, MAX_CODE))
    return out


def _merge(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)
