"""Rules on schema `pattern`s: valid ECMA-262 regular expressions, and no ReDoS shapes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.diagnostics import Level, pointer_of
from generator.validate.rules.context import Context
from generator.validate.rules.registry import Finding, rule


@rule("invalid-pattern", Level.ERROR, "a schema `pattern` is not a valid regular expression")
def invalid_pattern(ctx: Context) -> Iterator[Finding]:
    for path, schema in ctx.schema_paths:
        pattern = schema.get("pattern")
        if not isinstance(pattern, str) or _compiles(pattern) or _python_only_gap(pattern):
            continue  # a gap is valid ECMA-262 that Python's `re` does not speak: no false alarm
        yield pointer_of(path, "pattern"), f"pattern {pattern!r} is not a valid regex"


@rule(
    "pattern-redos",
    Level.WARNING,
    "a schema `pattern` has nested quantifiers: exponential time on a backtracking engine",
)
def pattern_redos(ctx: Context) -> Iterator[Finding]:
    from generator.schema_compiler.ecma_regex import UnsupportedPattern, translate
    from generator.schema_compiler.redos import Unsupported, nfa_program, redos_risk

    for path, schema in ctx.schema_paths:
        pattern = schema.get("pattern")
        if not isinstance(pattern, str):
            continue
        try:
            translated = translate(pattern)
        except UnsupportedPattern:
            continue
        risk = redos_risk(translated)
        if not risk:
            continue
        try:
            nfa_program(translated)
            outcome = "specgen checks it with its linear-time engine, not `re`"
        except Unsupported as exc:
            outcome = f"specgen does not check it ({exc})"
        yield (
            pointer_of(path, "pattern"),
            f"pattern {pattern!r} has {risk}: some inputs take exponential time on a "
            f"backtracking regex engine (ReDoS); {outcome}",
        )


def _compiles(pattern: str) -> bool:
    from generator.schema_compiler.ecma_regex import UnsupportedPattern, translate

    try:
        re.compile(translate(pattern))
        return True
    except (UnsupportedPattern, re.error):
        pass
    try:
        re.compile(pattern)  # the translator is strict; Python may still accept it as written
        return True
    except re.error:
        return False


def _python_only_gap(pattern: str) -> bool:
    return bool(re.search(r"\\[pPu]\{|\(\?<[A-Za-z]", pattern))
