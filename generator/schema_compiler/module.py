"""Module-level state of one compiled validator module: constants, functions, imports, issues.

The emitters (`emit`, `keywords`) write function bodies; everything shared between functions
lives here: deduplicated constants (patterns, enum sets, property-name sets, long strings), the
function queue (component schemas referenced by `$ref` compile to one function each, which is what
makes recursive schemas work), the runtime names actually used (so the import line is exact) and
the compile-time issues reported to the caller. Names come only from counters and caller-given
identifiers; spec strings appear only inside literals.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.literals import LINE_LENGTH, string_chunks, string_literal, width
from generator.schema_compiler import writer
from generator.schema_compiler.ecma_regex import UnsupportedPattern, translate
from generator.schema_compiler.redos import (
    Unsupported,
    backtracking_is_linear,
    nfa_program,
    redos_risk,
)
from generator.schema_compiler.refs import UnresolvableRef, resolve_pointer

__all__ = ["CompileIssue", "ModuleState", "PendingFunction"]

_CHUNK = LINE_LENGTH - 4
"""A long string constant fills its lines: no two chunks fit one line, so ruff keeps them."""

INLINE_STRING_LIMIT = 32
"""Strings with longer literals become module constants, so code lines stay short."""


@dataclass(frozen=True, slots=True)
class CompileIssue:
    """Something in a schema the compiler could not turn into a check (reported, not fatal)."""

    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.pointer or '#'}: {self.message}"


@dataclass(slots=True)
class PendingFunction:
    """A function to emit: its name, the schema and where the schema lives (for issues).

    `quick`: the function is a quick twin (see `ModuleState.quick_name`)."""

    name: str
    schema: Any
    pointer: str
    quick: bool = False


class ModuleState:
    """Everything one call of `compile_validators` accumulates."""

    def __init__(
        self, document: Mapping[str, Any], formats: frozenset[str], dialect_2020: bool = False
    ) -> None:
        self.document = document
        self.formats = formats
        self.dialect_2020 = dialect_2020
        """JSON Schema 2020-12 as OpenAPI 3.1 uses it (see `keywords31`), else OpenAPI 3.0."""
        self.issues: list[CompileIssue] = []
        self.imports: set[str] = set()
        self.constants: list[str] = []
        self.trailer: list[str] = []
        self.functions: list[list[str]] = []
        self.queue: list[PendingFunction] = []
        self._const_names: dict[tuple[str, str], str] = {}
        self._ref_names: dict[str, str] = {}
        self._pending: dict[str, PendingFunction] = {}
        self._twins: dict[str, str] = {}
        self._inline: dict[tuple[int, str], str] = {}
        self.quiet = False
        """Set while a quick twin is written: its function already reported the same issues."""
        self._counter = 0

    # names -----------------------------------------------------------------------------------

    def fresh(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}{self._counter}"

    def use(self, *names: str) -> None:
        """Note runtime names the module imports."""
        self.imports.update(names)

    def issue(self, pointer: str, message: str) -> None:
        if not self.quiet:
            self.issues.append(CompileIssue(pointer, message))

    # functions -------------------------------------------------------------------------------

    def enqueue(self, pending: PendingFunction) -> None:
        """Queue a function to emit (and remember it by name, for its quick twin)."""
        self.queue.append(pending)
        self._pending[pending.name] = pending

    def quick_name(self, name: str) -> str | None:
        """The quick twin of function `name` (queued on first request), None if it has none.

        A quick twin ``_q_x(data, mode) -> bool`` is function `x` with every problem turned
        into ``return False`` and no path built: True exactly when `x` would find no problem.
        Valid data, the common case, is checked by twins alone (`x` calls its twin first);
        `x` itself then runs only to collect the problems of invalid data. Both dialects: the
        2020-12 checks (`keywords31`) are written through the same emitter, so a twin turns
        their problems into ``return False`` as it does the others'.
        """
        twin = self._twins.get(name)
        if twin is None:
            pending = self._pending.get(name)
            if pending is None or pending.quick:
                return None
            twin = self._twins[name] = ("_q" if name.startswith("_") else "_q_") + name
            self.enqueue(PendingFunction(twin, pending.schema, pending.pointer, quick=True))
        return twin

    def ref_function(self, ref: object, pointer: str) -> str | None:
        """The function validating the schema `ref` points at; None (and an issue) if unusable."""
        if not isinstance(ref, str):
            self.issue(pointer, "$ref is not a string")
            return None
        if ref in self._ref_names:
            return self._ref_names[ref]
        try:
            target = resolve_pointer(self.document, ref)
        except UnresolvableRef as exc:
            self.issue(pointer, str(exc))
            return None
        name = self.fresh("_r")
        self._ref_names[ref] = name
        self.enqueue(PendingFunction(name, target, ref))
        return name

    def claim_ref(self, ref: str, name: str) -> bool:
        """Let caller-named function `name` serve `ref` too, unless `ref` already has one."""
        if ref in self._ref_names:
            return False
        self._ref_names[ref] = name
        return True

    def schema_function(self, schema: Any, pointer: str) -> str:
        """The function for an inline schema (anyOf/oneOf/not branches, deep nesting); one per
        schema object and place, so a function and its quick twin share it."""
        key = (id(schema), pointer)
        name = self._inline.get(key)
        if name is None:
            name = self._inline[key] = self.fresh("_s")
            self.enqueue(PendingFunction(name, schema, pointer))
        return name

    # constants -------------------------------------------------------------------------------

    def _constant(self, kind: str, key: str, lines_for: Any) -> str:
        existing = self._const_names.get((kind, key))
        if existing:
            return existing
        name = self.fresh(kind)
        self._const_names[(kind, key)] = name
        self.constants.extend(lines_for(name))
        return name

    def text(self, value: str) -> str:
        """An expression for string `value`: inline literal if short, else a constant."""
        literal = string_literal(value)
        if width(literal) <= INLINE_STRING_LIMIT:
            return literal
        return self._constant("_T", value, lambda name: _long_string(name, value))

    def pattern(self, source: object, pointer: str) -> str | None:
        """A module constant holding the compiled pattern, or None (with an issue)."""
        if not isinstance(source, str):
            self.issue(pointer, "pattern is not a string")
            return None
        try:
            translated = translate(source)
        except UnsupportedPattern as exc:
            self.issue(pointer, f"pattern not checked: {exc}")
            return None
        if not backtracking_is_linear(translated):
            # `re` could take super-linear time (exponential with nested quantifiers): the
            # linear engine, or, for what it cannot express, no check (reported)
            try:
                program = json.dumps(nfa_program(translated), separators=(",", ":"))
            except Unsupported as exc:
                risk = redos_risk(translated) or "a shape `re` may take super-linear time on"
                self.issue(pointer, f"pattern not checked: it has {risk}, and {exc}")
                return None
            self.use("linear_pattern")
            return self._constant(
                "_P", program, lambda name: _wrapped_call(name, "linear_pattern", program)
            )
        self.use("compile_pattern")
        return self._constant(
            "_P", translated, lambda name: _wrapped_call(name, "compile_pattern", translated)
        )

    def string_set(self, values: list[str]) -> str:
        """A frozenset constant of strings (enum values, known property names)."""
        key = json.dumps(values)
        items = [writer.string_item(v, 2) for v in sorted(set(values))]
        return self._constant(
            "_K", key, lambda name: writer.collection(name, "frozenset({", items, "})")
        )

    def json_set(self, values: list[Any]) -> str:
        """A constant of JSON equality keys for a general enum (numbers, booleans, objects)."""
        text = json.dumps(values, ensure_ascii=True)
        self.use("json_keys_from")
        return self._constant("_E", text, lambda name: _wrapped_call(name, "json_keys_from", text))

    def number(self, value: int | float) -> str:
        """A numeric expression; very long integers become constants."""
        text = repr(value).replace("e+", "e")  # 1e+26 -> 1e26, as ruff format writes it
        if value != value or value in (float("inf"), float("-inf")):
            return f'float("{text}")'
        if len(text) <= 40:
            return text
        return self._constant("_N", text, lambda name: _wrapped_call(name, "int", text))

    def multiple(self, value: int | float) -> str:
        """A constant holding the exact value of a multipleOf divisor."""
        self.use("exact_number")
        literal = self.number(value)
        return self._constant(
            "_M", literal, lambda name: writer.call(0, f"{name} = ", "exact_number", [literal])
        )

    def dispatch_table(self, entries: list[tuple[str, str]]) -> str:
        """A discriminator table (value -> function), emitted after the functions."""
        self.use("Validator")
        name = self.fresh("_D")
        items = [f"{string_literal(value)}: {fn}" for value, fn in entries]
        self.trailer.extend(writer.collection(f"{name}: dict[str, Validator]", "{", items, "}"))
        return name

    def function_tuple(self, functions: list[str]) -> str:
        """A tuple of branch functions (anyOf/oneOf), emitted after the functions."""
        name = self.fresh("_A")
        self.trailer.extend(writer.collection(name, "(", functions, ")"))
        return name


def _long_string(name: str, value: str) -> list[str]:
    literal = string_literal(value)
    flat = f"{name} = {literal}"
    if width(flat) <= LINE_LENGTH:
        return [flat]
    if width(literal) + 4 <= LINE_LENGTH:  # one line inside parentheses, as ruff format has it
        return [f"{name} = (", f"    {literal}", ")"]
    return [f"{name} = ("] + [f"    {chunk}" for chunk in string_chunks(value, _CHUNK)] + [")"]


def _wrapped_call(name: str, func: str, text: str) -> list[str]:
    """``NAME = func("text")`` with the string split into chunks when too long."""
    literal = string_literal(text)
    flat = f"{name} = {func}({literal})"
    if width(flat) <= LINE_LENGTH:
        return [flat]
    if width(literal) + 4 <= LINE_LENGTH:  # one line inside the call, as ruff format has it
        return [f"{name} = {func}(", f"    {literal}", ")"]
    return [f"{name} = {func}("] + [f"    {chunk}" for chunk in string_chunks(text, _CHUNK)] + [")"]
