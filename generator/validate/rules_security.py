"""Security schemes the generated and dynamic clients cannot apply (`generator.security` decides).

Such a scheme is still usable, through `auth=` (an `httpx.Auth`) or `http_client=`, but the
clients get no argument for it: reported here so that nobody looks for one, rather than dropped
without a word. The generated client's docstring carries the same note.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Level, join_pointer
from generator.security import delivery
from generator.validate.rules import Context, Finding, _get, rule


@rule(
    "security-scheme-unsupported",
    Level.WARNING,
    "a security scheme the clients cannot apply themselves (other http schemes, mutualTLS)",
)
def security_scheme_unsupported(ctx: Context) -> Iterator[Finding]:
    schemes = _get(ctx.data, "components", "securitySchemes")
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
