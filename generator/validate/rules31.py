"""Rules for OpenAPI 3.1 documents only (registered beside the 3.0 rules; silent on 3.0).

`webhooks` (3.1 section 4.8.1) are requests the API sends to its users, so a client has no method
for them: each one is reported, so that nobody looks for it in the generated package.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Level, join_pointer
from generator.oas31 import webhooks
from generator.validate.rules import Context, Finding, rule


@rule(
    "webhook-not-generated",
    Level.WARNING,
    "an OpenAPI 3.1 webhook is read but gets no client method (the API sends it, not the client)",
)
def webhook_not_generated(ctx: Context) -> Iterator[Finding]:
    for name, method in webhooks(ctx.spec.source):
        pointer = join_pointer("/webhooks", name)
        if method == "$ref":
            yield pointer, f"webhook {name!r} (a $ref path item) is read, not generated"
        else:
            yield (
                join_pointer(pointer, method),
                f"webhook {name!r} ({method.upper()}) is read but not generated: the API sends it",
            )
