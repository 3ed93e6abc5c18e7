"""Function bodies: one OpenAPI 3.0 schema -> straight-line Python checks.

`FunctionEmitter.schema` writes the checks for the value held in a local variable, inline, the way
fastjsonschema does: `isinstance` tests, comparisons against literals, one `dict.get` per declared
property, a plain `for` loop per array. Only `$ref` targets, anyOf/oneOf/not alternatives and
subschemas nested too deep become calls to other functions.

Paths are expressions that build the linked-tuple path (see `generator.runtime.validation`) and are
evaluated only when a check fails or a function is called; a nested container's path is bound to a
local once, so every path expression stays a short ``(pN, key)``.

A function whose schema reaches into containers first calls its quick twin (`quick=True`: the
same checks with each problem a ``return False``, exact-type tests, no paths, calls to twins;
see `ModuleState.quick_name`), so valid data, the usual case, never builds a path or passes a
sink, and items of a list cost one call each instead of four arguments and a path tuple.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.oas31 import normalize_schema
from generator.schema_compiler import keywords, writer
from generator.schema_compiler.module import ModuleState

__all__ = ["FunctionEmitter", "SPILL_INDENT"]

SPILL_INDENT = 7
"""Subschemas that would be emitted deeper than this many indent levels get their own function."""

LEAF_SPILL_INDENT = SPILL_INDENT + 3
"""A leaf (no subschemas: a string with an enum, an integer with a range) stays inline up to
this depth: it adds at most two levels, and a call per property costs about as much as its
checks (the per-item benchmark's nested event properties ran 30 % faster inline)."""

_SUBSCHEMAS = frozenset(
    {
        "$ref",
        "properties",
        "additionalProperties",
        "patternProperties",
        "items",
        "prefixItems",
        "contains",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
        "dependentSchemas",
        "propertyNames",
        "unevaluatedProperties",
        "unevaluatedItems",
        "discriminator",
    }
)

PARAMS = ("data: object", "path: Path", "sink: Sink", "mode: int")
QUICK_PARAMS = ("data: object", "mode: int")
QUICK_PATH = '"$"'
"""The path a quick twin hands to `matches` (which never reads it: it stops at a problem)."""

_CONTAINERS = frozenset({"properties", "items", "additionalProperties", "allOf"})


def has_containers(schema: Any) -> bool:
    """Whether a function's schema checks inside a container (worth a quick twin first)."""
    return (
        isinstance(schema, Mapping) and "$ref" not in schema and not _CONTAINERS.isdisjoint(schema)
    )


def _negate(test: str) -> str:
    """`not test`, as ruff wants it written (``x is not y`` for ``not x is y``: E714/E713)."""
    if " and " in test or " or " in test:
        return f"not ({test})"
    for op, negated in ((" is ", " is not "), (" in ", " not in ")):
        left, found, right = test.partition(op)
        if found and " " not in left:
            return f"{left}{negated}{right}"
    return f"not {test}"


class _Block:
    """`FunctionEmitter.block` (a class, not a generator-based context manager: blocks are
    entered tens of thousands of times on a large spec)."""

    __slots__ = ("_emitter", "_header", "_mark")

    def __init__(self, emitter: FunctionEmitter, header: str) -> None:
        self._emitter = emitter
        self._header = header
        self._mark = 0

    def __enter__(self) -> None:
        emitter = self._emitter
        self._mark = len(emitter.lines)
        emitter.line(self._header)
        emitter.indent += 1

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        emitter = self._emitter
        emitter.indent -= 1
        if kind is None and len(emitter.lines) == self._mark + 1:
            del emitter.lines[self._mark :]


class _Guarded(_Block):
    """`FunctionEmitter.guarded`."""

    __slots__ = ("_absent", "_otherwise", "_test")

    def __init__(
        self, emitter: FunctionEmitter, header: str, otherwise: tuple[str, str, str], absent: str
    ) -> None:
        super().__init__(emitter, f"if {header}:")
        self._otherwise = otherwise
        self._test = header
        self._absent = absent

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        self._emitter.indent -= 1
        if kind is None:
            self._emitter._close_guard(self._test, self._otherwise, self._mark, self._absent)


class FunctionEmitter:
    """Writes one validator function, or its quick twin (`quick`: every problem is
    ``return False``, no path is built, calls go to quick twins; see `ModuleState.quick_name`)."""

    def __init__(self, state: ModuleState, name: str, quick: bool = False, deeper: int = 0) -> None:
        self.state = state
        self.name = name
        self.quick = quick
        self.deeper = deeper
        """Levels beyond `SPILL_INDENT` to stay inline (quick twins: their lines are short)."""
        self.absent = ""
        """A local holding an optional property's value or MISSING, for the next type test
        (see `guarded`)."""
        self.inline_items = False
        """Write the checks of a top-level list's `$ref` items inline (an entry point's quick
        twin: an operation's list response), saving a call per item."""
        self.subscripts = quick
        """Read required properties by subscript (quick twins): see `finish`."""
        self.keyed = False
        """Whether a subscript was written (the body then runs inside ``try``)."""
        self.lines: list[str] = []
        self.indent = 1
        self._locals = 0
        state.use("Path", "Sink")

    def prelude(self, twin: str) -> None:
        """Start with the quick twin: valid data returns at once. Its False is not final (a
        subclass of a JSON type fails its exact tests), so the body then decides."""
        self.lines += [f"    if {twin}(data, mode):", "        return"]

    # plumbing ----------------------------------------------------------------------------------

    def var(self, prefix: str) -> str:
        self._locals += 1
        return f"{prefix}{self._locals}"

    def fits(self, text: str) -> bool:
        """Whether `text` fits on one line at the current indent."""
        return writer.fits("    " * self.indent + text)

    def line(self, text: str) -> None:
        self.lines.append("    " * self.indent + text)

    def block(self, header: str) -> _Block:
        """An indented block; dropped entirely if nothing was written into it."""
        return _Block(self, header)

    def guarded(self, header: str, otherwise: tuple[str, str, str], absent: str = "") -> _Guarded:
        """``if header: <body> else: fail_type(...)``, or ``if not (header): fail_type(...)`` if
        empty: `header` tests a JSON type.

        `otherwise` is the (path, expected JSON type, value expression) of the type failure.
        `absent`: a local that may hold MISSING, which is no failure (an optional property's
        value, tested by type first since it is usually present; quick twins only).
        """
        return _Guarded(self, header, otherwise, absent)

    def _close_guard(
        self, header: str, otherwise: tuple[str, str, str], mark: int, absent: str
    ) -> None:
        """The end of `guarded`: the `else:` failure, or the negated test if the body is empty."""
        if len(self.lines) == mark + 1:  # an empty body: only the negated test remains
            del self.lines[mark:]
            negated = _negate(header)
            opener = f"if {negated} and {absent} is not MISSING:" if absent else f"if {negated}:"
            absent = ""
        else:
            opener = "else:"
        self.line(opener)
        self.indent += 1
        if absent:
            self.line(f"if {absent} is not MISSING:")
            self.indent += 1
        if self.quick:
            self.line("return False")
        else:
            path, kind, value = otherwise
            self.state.use("fail_type")
            args = ["sink", "mode", path, self.state.text(kind), value]
            self.lines.extend(writer.call(self.indent, "", "fail_type", args))
        self.indent -= 2 if absent else 1

    def fail(self, path: str, keyword: str, message: str) -> None:
        """Record a problem: `message` is a Python expression (usually `self.msg(...)`)."""
        if self.quick:
            self.line("return False")
            return
        self.state.use("fail")
        args = ["sink", "mode", path, self.state.text(keyword), message]
        self.lines.extend(writer.call(self.indent, "", "fail", args))

    def msg(self, text: str) -> str:
        """A fixed message as an expression (texts may quote spec values: always literals)."""
        return self.state.text(text)

    def call(self, func: str, value: str, path: str) -> None:
        if not self.quick:
            self.lines.extend(writer.call(self.indent, "", func, [value, path, "sink", "mode"]))
            return
        twin = self.state.quick_name(func)
        if twin is not None:
            self.line(f"if not {twin}({value}, mode):")
        else:  # a function held in a local (a discriminator's pick): ask it to stop early
            self.state.use("matches")
            self.line(f"if not matches({func}, {value}, {QUICK_PATH}, mode):")
        self.line("    return False")

    def bind_path(self, path: str) -> str:
        """A local holding `path`, so children can build ``(pN, key)`` paths."""
        if self.quick:
            return QUICK_PATH
        if path.isidentifier():
            return path
        name = self.var("p")
        self.line(f"{name} = {path}")
        return name

    # schemas -----------------------------------------------------------------------------------

    def schema(self, schema: Any, value: str, path: str, pointer: str) -> None:
        """Write the checks for `schema` against local `value` whose path is `path`."""
        if self.state.dialect_2020:
            schema = normalize_schema(schema)
        if isinstance(schema, Mapping) and "$ref" in schema:
            fn = self.state.ref_function(schema["$ref"], pointer)
            if fn is not None:
                self.call(fn, value, path)
            return
        if not isinstance(schema, Mapping):
            self.state.issue(pointer, "schema is not an object; nothing is checked")
            return
        spill = LEAF_SPILL_INDENT if _SUBSCHEMAS.isdisjoint(schema) else SPILL_INDENT
        if self.indent >= spill + self.deeper and keywords.has_checks(schema):
            self.call(self.state.schema_function(schema, pointer), value, path)
            return
        keywords.emit(self, schema, value, path, pointer)

    def all_fit(self) -> bool:
        """Whether every line written fits the line length (ruff format keeps them as they are)."""
        return all(writer.fits(line) for line in self.final_lines())

    def final_lines(self) -> list[str]:
        """The body as written out: a quick twin that reads required properties by subscript
        runs inside ``try``, an absent one (KeyError) answering False. Zero-cost in 3.11 when
        nothing raises; a KeyError from elsewhere is a False too, which only sends the value
        to the full function."""
        if not self.keyed:
            return self.lines
        return [
            "    try:",
            *(f"    {line}" for line in self.lines),
            "    except KeyError:",
            "        return False",
        ]

    def finish(self) -> list[str]:
        if self.quick:
            body = [*self.final_lines(), "    return True"]
            return writer.function_header(self.name, QUICK_PARAMS, "bool") + body
        body = self.lines or ["    pass"]
        return writer.function_header(self.name, PARAMS, "None") + body
