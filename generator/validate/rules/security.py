"""Rules on security: requirements name declared schemes; schemes the clients cannot apply.

An unsupported scheme (`generator.security` decides) is still usable, through `auth=` (an
`httpx.Auth`) or `http_client=`, but the clients get no argument for it: reported here so that
nobody looks for one, rather than dropped without a word. The generated client's docstring
carries the same note.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.diagnostics import Level, PointerPath, join_pointer, pointer_of
from generator.security import delivery
from generator.validate.rules.context import Context, get
from generator.validate.rules.registry import Finding, rule


@rule(
    "security-scheme-undefined",
    Level.WARNING,
    "a security requirement names a scheme not in components.securitySchemes",
)
def security_scheme_undefined(ctx: Context) -> Iterator[Finding]:
    # A MUST in the spec, yet only a warning here: credentials are set by the user through the
    # client's auth seam, so an undeclared name cannot make the generated code wrong, and
    # Soracom's own sandbox spec has this fault but must still generate.
    schemes = get(ctx.data, "components", "securitySchemes")
    defined = set(schemes) if isinstance(schemes, dict) else set()
    places: list[tuple[PointerPath, Any]] = [(None, ctx.data.get("security"))]
    places += [(op.at, op.data.get("security")) for op in ctx.operations]
    for at, reqs in places:
        for i, req in enumerate(reqs if isinstance(reqs, list) else ()):
            for name in req if isinstance(req, dict) else ():
                if name not in defined:
                    yield (
                        pointer_of(at, "security", i, name),
                        f"security scheme '{name}' is not defined in components.securitySchemes",
                    )


@rule(
    "security-scheme-unsupported",
    Level.WARNING,
    "a security scheme the clients cannot apply themselves (other http schemes, mutualTLS)",
)
def security_scheme_unsupported(ctx: Context) -> Iterator[Finding]:
    schemes = get(ctx.data, "components", "securitySchemes")
    for name, node in schemes.items() if isinstance(schemes, dict) else ():
        node = ctx.deref(node)
        if not isinstance(node, dict):
            continue  # an unresolved ref: reported by its own rule
        how = delivery(
            str(node.get("type", "")),
            str(node.get("scheme", "")),
            str(node.get("in", "")),
            str(node.get("name", "")),
        )
        if isinstance(how, str):
            yield (
                join_pointer("/components/securitySchemes", name),
                f"security scheme '{name}' gets no client argument: {how}",
            )
