"""Rules on `$ref`s: each one resolves, stays in the spec's folder and is local, unless allowed.

The three codes share one pass over the refs (`RefResolver` decides); a bundled multi-file
document has them reported by the bundler instead, relative to each file.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Level
from generator.validate.rules.context import Context
from generator.validate.rules.registry import Finding, rule


def _ref_problems(ctx: Context, code: str) -> Iterator[Finding]:
    for found, pointer, message in ctx.ref_problems:
        if found == code:
            yield pointer, message


@rule("unresolved-ref", Level.ERROR, "a $ref points to nothing (missing file or JSON pointer)")
def unresolved_ref(ctx: Context) -> Iterator[Finding]:
    return _ref_problems(ctx, "unresolved-ref")


@rule(
    "ref-outside-folder",
    Level.ERROR,
    "a $ref points to a file outside the spec's folder (refused unless allowed)",
)
def ref_outside_folder(ctx: Context) -> Iterator[Finding]:
    return _ref_problems(ctx, "ref-outside-folder")


@rule("ref-remote", Level.ERROR, "a $ref points to a URL (refused unless allowed)")
def ref_remote(ctx: Context) -> Iterator[Finding]:
    return _ref_problems(ctx, "ref-remote")
