"""Rules on the document's URL and email fields (info, contact, license, externalDocs, OAuth)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.diagnostics import Level, join_pointer, pointer_of
from generator.validate.rules.context import Context, get
from generator.validate.rules.registry import Finding, rule

# Fields whose value MUST be a URL (3.0.3 "format of a URL"); relative references are allowed.
_URL_FIELDS = frozenset(
    {"termsOfService", "url", "authorizationUrl", "tokenUrl", "refreshUrl", "openIdConnectUrl"}
)
_URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]]|%[0-9A-Fa-f]{2})*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_URL_OWNERS = frozenset(
    {
        "info",
        "contact",
        "license",
        "externalDocs",
        "implicit",
        "password",
        "clientCredentials",
        "authorizationCode",
        "[]",
    }
)


@rule(
    "invalid-url",
    Level.ERROR,
    "a URL field (info, contact, license, externalDocs, OAuth flows) is not a valid URI reference",
)
def invalid_url(ctx: Context) -> Iterator[Finding]:
    for path, key, obj in ctx.object_paths:
        if key not in _URL_OWNERS:
            continue
        fields = _URL_FIELDS & obj.keys()
        if not fields:
            continue
        pointer = pointer_of(path)
        if pointer.startswith("/servers") or "/servers/" in pointer:
            continue  # server URLs are templates ({var}); their own rules apply
        for field_name in sorted(fields):
            value = obj[field_name]
            if isinstance(value, str) and not _URI_REFERENCE.match(value):
                yield (
                    join_pointer(pointer, field_name),
                    (f"{field_name} {value!r} is not a valid URL (RFC 3986 URI reference)"),
                )


@rule("invalid-email", Level.ERROR, "contact.email is not an email address")
def invalid_email(ctx: Context) -> Iterator[Finding]:
    email = get(ctx.data, "info", "contact", "email")
    if isinstance(email, str) and not _EMAIL.match(email):
        yield "/info/contact/email", f"contact email {email!r} is not an email address"
