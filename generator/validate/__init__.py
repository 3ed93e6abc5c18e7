"""Stage 2, validate: a loaded spec -> every problem found, as sorted `Diagnostic`s.

Three layers: field types (`shape`: every field type-checked first, code `oas-schema`), the
structural check against the OpenAPI 3.0 or 3.1 JSON Schema (code `oas-schema`) and the semantic
rules in `rules.RULES` (one module per kind of rule), which read only the typed view
`shape` returns. A document spread over several files is checked bundled, with every position
mapped back to the file it is written in. Every code can be disabled. File positions are
computed only for the problems actually reported, since each costs the loader a second, slower
parse.
"""

from __future__ import annotations

import copy

from generator.diagnostics import Diagnostic, Level
from generator.gcpause import paused
from generator.load import LoadedSpec
from generator.resolve import BundledSpec, bundle_map, has_external_refs
from generator.validate import shape, structural
from generator.validate.rules import RULES, Context, Rule

__all__ = ["ALL_CODES", "RULES", "Rule", "describe_rules", "validate"]

_REF_CODES = frozenset({"unresolved-ref", "ref-outside-folder", "ref-remote"})

STRUCTURAL = Rule(structural.CODE, Level.ERROR, structural.DESCRIPTION, lambda ctx: ())


def describe_rules() -> list[Rule]:
    return [STRUCTURAL, *sorted(RULES.values(), key=lambda r: r.code)]


ALL_CODES = frozenset(r.code for r in describe_rules())


@paused()
def validate(
    spec: LoadedSpec,
    *,
    disabled: frozenset[str] = frozenset(),
    allow_remote_refs: bool = False,
    allow_outside_refs: bool = False,
    locate_warnings: bool = True,
) -> list[Diagnostic]:
    """Every problem in `spec` (structure and semantics), sorted by file position then code.

    `locate_warnings=False` skips file positions for warnings (they cost a second parse) when
    the caller only counts them, as `specgen generate` does.
    """
    bundle_problems: list[Diagnostic] = []
    if has_external_refs(spec.source):
        # A multi-file document is checked as one: bundled (each file read once), with every
        # position mapped back to the file it is written in.
        result = bundle_map(spec, allow_remote=allow_remote_refs, allow_outside=allow_outside_refs)
        bundle_problems = [d for d in result.problems if d.code not in disabled]
        disabled = disabled | _REF_CODES  # the bundle reported them, relative to each file
        spec = BundledSpec.of(spec, result)
    findings: dict[tuple[str, str], tuple[Level, str]] = {}
    typed, mistyped = shape.check(spec.data)
    for code, pointer, message in mistyped:
        if code not in disabled:
            findings.setdefault((code, pointer), (Level.ERROR, message))
    if structural.CODE not in disabled:
        for pointer, message in structural.check(spec.source):
            findings.setdefault((structural.CODE, pointer), (Level.ERROR, message))
    # Rules read the typed view only: a mistyped field is reported above, once, never crashes.
    view = copy.copy(spec)
    view.data = typed
    ctx = Context(view, allow_remote=allow_remote_refs, allow_outside=allow_outside_refs)
    for code, rule in sorted(RULES.items()):
        if code in disabled:
            continue
        for pointer, message in rule.check(ctx):
            findings.setdefault((code, pointer), (rule.level, message))
    diagnostics = [
        spec.diagnostic(code, level, message, pointer)
        if locate_warnings or level is Level.ERROR
        else Diagnostic(code, level, message, pointer)
        for (code, pointer), (level, message) in findings.items()
    ]
    return sorted(diagnostics + bundle_problems, key=_order)


def _order(d: Diagnostic) -> tuple[int, int, str, str, str]:
    loc = d.location
    return (loc.line if loc else 0, loc.col if loc else 0, d.pointer, d.code, d.message)
