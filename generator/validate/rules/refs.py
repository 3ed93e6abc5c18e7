"""Rules on `$ref`s: each one resolves, stays in the spec's folder and is local, unless allowed,
and no chain of them comes back to where it started before reaching an object.

The three codes share one pass over the refs (`RefResolver` decides); a bundled multi-file
document has them reported by the bundler instead, relative to each file.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Level, pointer_of
from generator.resolve import RefProblem
from generator.validate.rules.context import _NAMED_MAPS, Context
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


@rule(
    "ref-cycle",
    Level.ERROR,
    "a chain of $refs comes back to where it started without reaching an object",
)
def ref_cycle(ctx: Context) -> Iterator[Finding]:
    """`A: {$ref: B}`, `B: {$ref: A}` describes nothing: no validator can finish on it and no
    type can name it. (A cycle through a property or an item is a recursive schema, fine.)
    Reported once per cycle, at the member that comes first in the document."""
    resolver = ctx.resolver
    cycles: dict[frozenset[int], tuple[str, list[str]]] = {}
    for path, key, obj in ctx.object_paths:
        if key in _NAMED_MAPS or not isinstance(obj.get("$ref"), str):
            continue
        chain, members, node, base = [obj["$ref"]], {id(obj)}, obj, resolver.root_key
        while True:
            try:
                base, _, node = resolver.value(node["$ref"], base)
            except RefProblem:
                break  # reported by unresolved-ref and its kin
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                break
            if id(node) in members:
                if node is obj:
                    pointer = pointer_of(path, "$ref")
                    known = cycles.get(frozenset(members))
                    if known is None or pointer < known[0]:
                        cycles[frozenset(members)] = (pointer, chain)
                break
            members.add(id(node))
            chain.append(node["$ref"])
    for pointer, chain in sorted(cycles.values()):
        yield pointer, f"$ref cycle never reaches a schema: {' -> '.join(chain)} (back here)"
