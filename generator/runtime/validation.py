"""Runtime support for validators compiled from OpenAPI 3.0 schemas.

The schema compiler (`generator.schema_compiler`) turns each schema into a plain Python function
with the signature ``fn(data, path, sink, mode) -> None``. Those functions are straight-line code;
the few things that are not worth inlining live here: reporting a problem, JSON equality, exact
``multipleOf``, the format checkers and ECMA pattern compilation. This module is copied verbatim
into generated packages as ``_runtime/validation.py`` and imported directly by the dynamic client,
so it uses the standard library only.

Design choices, and why:

* Paths are built lazily. A compiled function receives the path of its value as a linked tuple
  ``(parent, key)`` rooted at ``"$"``; nested inline values never build a path unless they fail,
  so validating valid data allocates almost nothing. `render_path` turns it into ``$.a[3].b``.
* Problems are collected up to a cap; reaching the cap raises `Stop`, which `validate` catches.
* ``mode`` carries the direction (`REQUEST`: readOnly values are refused, writeOnly required
  properties are required; `RESPONSE`: the reverse; ``0``: neither, as plain JSON Schema) and the
  `QUICK` bit used to test alternatives of anyOf/oneOf/not: the first problem raises `Stop`.
"""

from __future__ import annotations

import binascii
import json
import re
from collections.abc import Callable, Iterable
from fractions import Fraction
from ipaddress import AddressValueError, IPv6Address
from typing import TypeAlias

__all__ = [
    "MAX_PROBLEMS",
    "MISSING",
    "QUICK",
    "REQUEST",
    "RESPONSE",
    "Path",
    "Problem",
    "Sink",
    "Stop",
    "Validator",
    "any_match",
    "count_matches",
    "exact_number",
    "fail",
    "fail_type",
    "compile_pattern",
    "has_duplicates",
    "is_byte",
    "is_date",
    "is_date_time",
    "is_email",
    "is_hostname",
    "is_ipv4",
    "is_ipv6",
    "is_multiple_of",
    "is_uri",
    "is_valid",
    "json_equal",
    "json_key",
    "json_keys",
    "json_keys_from",
    "LinearPattern",
    "linear_pattern",
    "matches",
    "render_path",
    "short_repr",
    "type_name",
    "validate",
]

REQUEST = 1
"""Direction bit: the value is about to be sent (readOnly values are refused)."""
RESPONSE = 2
"""Direction bit: the value was received (writeOnly values are not expected)."""
QUICK = 4
"""Stop at the first problem: used to test anyOf/oneOf/not alternatives."""
MAX_PROBLEMS = 100
"""Default cap on collected problems: enough to fix a payload, bounded on hostile input."""

Path: TypeAlias = "str | tuple[Path, str | int]"
"""A JSON path as a linked tuple: ``"$"`` or ``(parent, key)``; rendered only on failure."""

MISSING: object = object()
"""Sentinel for an absent object property (`dict.get(key, MISSING)`)."""


class Problem:
    """One reason a value does not match its schema (a plain class, not a dataclass: this
    module is imported with every package, and stays standard-library only)."""

    __slots__ = ("path", "keyword", "message")

    def __init__(self, path: str, keyword: str, message: str) -> None:
        self.path = path
        self.keyword = keyword
        self.message = message

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return (self.path, self.keyword, self.message) == (other.path, other.keyword, other.message)

    def __hash__(self) -> int:
        return hash((self.path, self.keyword, self.message))

    def __repr__(self) -> str:
        return f"Problem(path={self.path!r}, keyword={self.keyword!r}, message={self.message!r})"

    def __str__(self) -> str:
        return f"{self.path}: {self.message} ({self.keyword})"


class Stop(Exception):
    """Raised to unwind a validator: the problem cap is reached, or a QUICK check failed."""


class Sink(list[tuple[Path, str, str]]):
    """Collected (path, keyword, message) triples; `limit` is the cap."""

    __slots__ = ("limit",)

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        super().__init__()
        self.limit = limit


Validator: TypeAlias = Callable[[object, Path, Sink, int], None]
"""The signature of every compiled validator function."""

_NO_SINK = Sink(1)
"""Passed to QUICK checks, which raise before appending anything."""


def fail(sink: Sink, mode: int, path: Path, keyword: str, message: str) -> None:
    """Record a problem; raise `Stop` in QUICK mode or when the cap is reached."""
    if mode & QUICK:
        raise Stop
    sink.append((path, keyword, message))
    if len(sink) >= sink.limit:
        raise Stop


def fail_type(sink: Sink, mode: int, path: Path, expected: str, value: object) -> None:
    """Record a ``type`` problem: `value` is not of JSON type `expected` (a call one third
    the length of `fail`'s, so each fits a line in the validator module)."""
    fail(sink, mode, path, "type", f"expected {expected}, got {type_name(value)}")


def matches(fn: Validator, data: object, path: Path, mode: int) -> bool:
    """Whether `data` passes `fn` (used for anyOf and not); stops at the first problem."""
    try:
        fn(data, path, _NO_SINK, mode | QUICK)
    except Stop:
        return False
    return True


def any_match(fns: Iterable[Validator], data: object, path: Path, mode: int) -> bool:
    """Whether any of `fns` accepts `data` (anyOf)."""
    return any(matches(fn, data, path, mode) for fn in fns)


def count_matches(fns: Iterable[Validator], data: object, path: Path, mode: int) -> int:
    """How many of `fns` accept `data`, stopping at two (all oneOf needs to know)."""
    count = 0
    for fn in fns:
        if matches(fn, data, path, mode):
            count += 1
            if count > 1:
                break
    return count


_DIRECTIONS = {None: 0, "request": REQUEST, "response": RESPONSE}


def validate(
    fn: Validator,
    data: object,
    *,
    direction: str | None = None,
    max_problems: int = MAX_PROBLEMS,
) -> list[Problem]:
    """Run a compiled validator; return every problem found, up to `max_problems`.

    `direction` is ``"request"``, ``"response"`` or None (plain schema semantics).
    """
    try:
        mode = _DIRECTIONS[direction]
    except KeyError:
        raise ValueError(
            f"direction must be 'request', 'response' or None: {direction!r}"
        ) from None
    sink = Sink(max(1, max_problems))
    try:
        fn(data, "$", sink, mode)
    except Stop:
        pass
    except RecursionError:
        sink.append(("$", "depth", "value is nested too deeply to validate"))
    return [Problem(render_path(path), keyword, message) for path, keyword, message in sink]


def is_valid(fn: Validator, data: object, *, direction: str | None = None) -> bool:
    """Whether `data` passes `fn`, stopping at the first problem (cheaper than `validate`)."""
    try:
        return matches(fn, data, "$", _DIRECTIONS[direction])
    except RecursionError:
        return False


class _Lazy:
    """A regular expression compiled on its first `match`: the format checkers' patterns cost
    about 1 ms to compile, paid at import by every package whose calls never check a format."""

    __slots__ = ("source", "compiled")

    def __init__(self, source: str) -> None:
        self.source = source
        self.compiled: re.Pattern[str] | None = None

    def match(self, text: str) -> re.Match[str] | None:
        compiled = self.compiled
        if compiled is None:
            compiled = self.compiled = re.compile(self.source)
        return compiled.match(text)


_NAME = _Lazy(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def render_path(path: Path) -> str:
    """``("$", "records"), 3), "time")`` -> ``$.records[3].time``."""
    keys: list[str | int] = []
    while isinstance(path, tuple):
        path, key = path
        keys.append(key)
    parts = [path]
    for key in reversed(keys):
        if isinstance(key, int):
            parts.append(f"[{key}]")
        elif _NAME.match(key):
            parts.append(f".{key}")
        else:
            parts.append(f"[{key!r}]")
    return "".join(parts)


def type_name(value: object) -> str:
    """The JSON type name of a Python value, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def short_repr(value: object, limit: int = 60) -> str:
    """A bounded repr of data, so a problem message never carries a whole payload."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# JSON equality -------------------------------------------------------------------------------

_BOOL = object()
_LIST = object()
_DICT = object()


def json_key(value: object) -> object:
    """A hashable key equal for JSON-equal values: 1 == 1.0, but true != 1 and "1" != 1."""
    if isinstance(value, bool):
        return (_BOOL, value)
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, list):
        return (_LIST, tuple(json_key(item) for item in value))
    if isinstance(value, dict):
        return (_DICT, frozenset((key, json_key(item)) for key, item in value.items()))
    return (type(value), id(value))


def json_keys(values: Iterable[object]) -> frozenset[object]:
    """The `json_key` set of an enum, built once at import of a compiled module."""
    return frozenset(json_key(value) for value in values)


def json_keys_from(text: str) -> frozenset[object]:
    """`json_keys` of enum values the compiler wrote as JSON text (any nesting, any type)."""
    values = json.loads(text)
    return json_keys(values if isinstance(values, list) else [values])


def json_equal(left: object, right: object) -> bool:
    """JSON equality (the one enum and uniqueItems use)."""
    return json_key(left) == json_key(right)


def has_duplicates(items: list[object]) -> bool:
    """Whether two items of a JSON array are JSON-equal (uniqueItems)."""
    keys = {json_key(item) for item in items}
    return len(keys) != len(items)


# numbers -------------------------------------------------------------------------------------


def exact_number(value: int | float) -> Fraction:
    """The exact value a JSON number was written as: 0.1 is 1/10, not the nearest double."""
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def is_multiple_of(value: int | float, divisor: Fraction) -> bool:
    """multipleOf on decimal values, exactly: 0.3 is a multiple of 0.1; 1e308 of 0.5.

    Floats are taken at their shortest repr (the decimal the JSON text had), so the binary
    rounding that makes ``0.3 / 0.1 == 2.9999999999999996`` does not leak into verdicts.
    """
    if isinstance(value, int) and divisor.denominator == 1:
        return value % divisor.numerator == 0
    try:
        return exact_number(value) % divisor == 0
    except (ValueError, OverflowError):  # inf or nan: not a JSON number
        return False


# formats -------------------------------------------------------------------------------------

_DATE_TIME = _Lazy(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?"
    r"(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))\Z"
)
_DATE = _Lazy(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _valid_date(year: int, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return day <= 29
    return day <= _DAYS[month - 1]


def is_date(value: str) -> bool:
    """RFC 3339 full-date: ``2024-02-29``."""
    m = _DATE.match(value)
    return m is not None and _valid_date(int(m[1]), int(m[2]), int(m[3]))


def is_date_time(value: str) -> bool:
    """RFC 3339 date-time; a leap second is accepted only at 23:59:60 UTC."""
    m = _DATE_TIME.match(value)
    if m is None or not _valid_date(int(m[1]), int(m[2]), int(m[3])):
        return False
    hour, minute, second = int(m[4]), int(m[5]), int(m[6])
    if hour > 23 or minute > 59 or second > 60:
        return False
    offset = 0
    if m[7]:
        off_hour, off_minute = int(m[8]), int(m[9])
        if off_hour > 23 or off_minute > 59:
            return False
        offset = (off_hour * 60 + off_minute) * (1 if m[7] == "+" else -1)
    if second == 60:
        return (hour * 60 + minute - offset) % 1440 == 23 * 60 + 59
    return True


_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL = _Lazy(rf'(?:{_ATEXT}(?:\.{_ATEXT})*|"(?:[^"\\\r\n]|\\[\x20-\x7e])*")\Z')


def is_email(value: str) -> bool:
    """RFC 5321 mailbox: dot-atom or quoted local part, host name or address literal."""
    local, at, domain = value.rpartition("@")
    if not at or not local or not _LOCAL.match(local):
        return False
    if domain.startswith("[") and domain.endswith("]"):
        literal = domain[1:-1]
        if literal[:5].lower() == "ipv6:":
            return is_ipv6(literal[5:])
        return is_ipv4(literal)
    return is_hostname(domain)


_LABEL = _Lazy(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\Z")


def is_hostname(value: str) -> bool:
    """RFC 1123 host name: ASCII labels of 1-63 letters, digits and inner hyphens."""
    if not value or len(value) > 253:
        return False
    return all(_LABEL.match(label) for label in value.split("."))


_IPV4 = _Lazy(r"(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:\.(?!\Z)|\Z)){4}\Z")


def is_ipv4(value: str) -> bool:
    """Dotted-quad IPv4 without leading zeros, shorthand forms or trailing text."""
    return _IPV4.match(value) is not None


def is_ipv6(value: str) -> bool:
    """RFC 4291 text form (embedded IPv4 allowed); no zone id, brackets or prefix length."""
    if not value.isascii() or "%" in value or value.strip() != value:
        return False
    try:
        IPv6Address(value)
    except AddressValueError:
        return False
    return True


_PCT = r"%[0-9A-Fa-f]{2}"
_UNRESERVED_SUB = r"A-Za-z0-9\-._~!$&'()*+,;="
_PCHAR = rf"(?:[{_UNRESERVED_SUB}:@]|{_PCT})"
_URI = _Lazy(
    rf"[A-Za-z][A-Za-z0-9+.\-]*:"
    rf"(?://(?:((?:[{_UNRESERVED_SUB}:]|{_PCT})*)@)?"  # userinfo
    rf"(\[[^\]/]*\]|(?:[{_UNRESERVED_SUB}]|{_PCT})*)"  # host
    rf"(?::[0-9]*)?"  # port
    rf"(?:/{_PCHAR}*)*"  # path-abempty
    rf"|/?(?:{_PCHAR}+(?:/{_PCHAR}*)*)?)"  # path-absolute, path-rootless, path-empty
    rf"(?:\?(?:{_PCHAR}|[/?])*)?(?:#(?:{_PCHAR}|[/?])*)?\Z"
)
_IPVFUTURE = _Lazy(rf"[vV][0-9A-Fa-f]+\.[{_UNRESERVED_SUB}:]+\Z")


def is_uri(value: str) -> bool:
    """RFC 3986 absolute URI (scheme required; ASCII only; valid percent-escapes)."""
    m = _URI.match(value)
    if m is None:
        return False
    host = m[2]
    if host and host.startswith("["):
        inner = host[1:-1]
        return _IPVFUTURE.match(inner) is not None or is_ipv6(inner)
    return True


def is_byte(value: str) -> bool:
    """OpenAPI ``byte``: standard base64 with padding, nothing else."""
    try:
        binascii.a2b_base64(value.encode("ascii"), strict_mode=True)
    except (binascii.Error, UnicodeEncodeError):
        return False
    return True


# patterns ------------------------------------------------------------------------------------

_ALWAYS = re.compile("")


def compile_pattern(source: str) -> re.Pattern[str]:
    """Compile a pattern already translated from ECMA-262 by the schema compiler.

    The compiler has checked it compiles; should another Python's `re` refuse it, the check is
    dropped rather than breaking the import of a whole generated package.
    """
    try:
        return re.compile(source, re.ASCII)
    except re.error:
        return _ALWAYS


class LinearPattern:
    """A pattern run by a Thompson NFA simulation: time linear in the text, whatever the pattern.

    The schema compiler gives patterns with nested quantifiers (which make a backtracking engine
    such as `re` exponential: ``^(a+)+$`` on 30 characters takes minutes) to this class instead
    of `re`, as a program of plain tuples (see `generator.schema_compiler.redos`). The simulation
    keeps the set of live NFA states per character, numbers each distinct set once and caches
    the step from one set to the next, so a step costs one dict lookup once seen and at most
    one pass over the program otherwise: no input can make a check super-linear, from a caller
    or from a server. `search` means what `re.Pattern.search` means (a match anywhere) and
    returns True or None. Caches are capped, so memory stays bounded too.
    """

    __slots__ = ("_program", "_cache", "_bounds")

    def __init__(self, program: tuple[tuple[object, ...], ...]) -> None:
        self._program = program
        self._cache = _NfaCache()
        self._bounds = any(ins[0] in ("b", "B") for ins in program)

    def _closure(self, cache: _NfaCache, states: set[int], where: int) -> int:
        """The id of the states reachable without reading; `where` bits: 1 at the start, 2 at
        the end, 4 before a final newline (Python's ``$``), 8 at a word boundary, 16 in an empty
        text (where `re` finds no ``\\B`` either)."""
        program = self._program
        seen: set[int] = set()
        stack = list(states)
        while stack:
            pc = stack.pop()
            if pc in seen:
                continue
            seen.add(pc)
            ins = program[pc]
            kind = ins[0]
            if kind == "s":
                stack.append(ins[1])  # type: ignore[arg-type]
                stack.append(ins[2])  # type: ignore[arg-type]
            elif (
                (kind == "^" and where & 1)
                or (kind == "$" and where & 2)
                or (kind == "z" and where & 6)
                or (kind == "b" and where & 8)
                or (kind == "B" and not where & 24)
            ):
                stack.append(ins[1])  # type: ignore[arg-type]
        found = frozenset(seen)
        known = cache.ids.get(found)
        if known is None:  # lists first, then the index: other threads never see a gap
            known = len(cache.sets)
            cache.sets.append(found)
            cache.accepting.append(any(program[pc][0] == "m" for pc in found))
            cache.ids[found] = known
        return known

    def search(self, text: str) -> bool | None:
        """True when the pattern matches somewhere in `text`, else None (as `re` returns)."""
        cache = self._cache
        if len(cache.sets) > _NfaCache.LIMIT:  # bounded memory: start afresh
            cache = self._cache = _NfaCache()
        size = len(text)
        where = 1 | (18 if size == 0 else 0) | (4 if text == "\n" else 0)
        bounds = self._bounds
        if bounds and size and _is_word(text[0]):
            where |= 8
        current = self._closure(cache, {0}, where)
        accepting, steps, sets, program = cache.accepting, cache.steps, cache.sets, self._program
        last = size - 2  # from here on, the end (or a final newline) is near
        for pos, char in enumerate(text):
            if accepting[current]:
                return True
            where = 0
            if pos >= last:
                after = pos + 1
                where = 2 if after == size else (4 if text[after] == "\n" else 0)
            if bounds and _is_word(char) != (pos + 1 < size and _is_word(text[pos + 1])):
                where |= 8
            key = (current, char, where)
            nxt = steps.get(key)
            if nxt is None:
                code = ord(char)
                moved = {0}  # search: a match may also start after this character
                for pc in sets[current]:
                    ins = program[pc]
                    if ins[0] == "c" and _in_ranges(code, ins[1]) != ins[2]:  # type: ignore[arg-type]
                        moved.add(ins[3])  # type: ignore[arg-type]
                nxt = self._closure(cache, moved, where)
                if len(steps) < 4 * _NfaCache.LIMIT:
                    steps[key] = nxt
            current = nxt
        return True if accepting[current] else None


class _NfaCache:
    """The state sets a `LinearPattern` has met (numbered) and the steps between them."""

    __slots__ = ("sets", "ids", "accepting", "steps")
    LIMIT = 4096

    def __init__(self) -> None:
        self.sets: list[frozenset[int]] = []
        self.ids: dict[frozenset[int], int] = {}
        self.accepting: list[bool] = []
        self.steps: dict[tuple[int, str, int], int] = {}


def _is_word(char: str) -> bool:
    """`\\w` under re.ASCII: the characters word boundaries are between."""
    return char.isascii() and (char.isalnum() or char == "_")


def _in_ranges(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    for low, high in ranges:
        if code < low:
            return False
        if code <= high:
            return True
    return False


def linear_pattern(program: str) -> LinearPattern:
    """A `LinearPattern` from the JSON text of its program, as the schema compiler writes it."""
    states = json.loads(program)
    return LinearPattern(
        tuple(
            tuple(
                tuple(tuple(r) for r in part) if i == 1 and s[0] == "c" else part
                for i, part in enumerate(s)
            )
            for s in states
        )
    )
