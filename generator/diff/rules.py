"""Every rule id the diff can report, and the severity each one carries.

Severity belongs to the rule, never to the call site, so the same id always means the same
thing to a CI gate. Direction is part of the id (`request-...`, `response-...`) because it decides
severity: a caller *sends* requests, so anything the server now refuses breaks callers, and a
caller *receives* responses, so anything the server may now send that it did not before can break
them. Hence a new enum value is harmless in a request and potentially breaking in a response, a
narrowed constraint breaks requests and not responses, a widened one the reverse.

Schema rules are generated from `SCHEMA_KINDS` for every place a schema can sit:
`request-body-*`, `request-property-*`, `request-parameter-*`, `request-parameter-property-*`,
`response-body-*`, `response-property-*`, `response-header-*`, `response-header-property-*`.
"""

from __future__ import annotations

from generator.diff.model import Severity

B = Severity.BREAKING
P = Severity.POTENTIALLY_BREAKING
N = Severity.NON_BREAKING

OPERATION_RULES: dict[str, Severity] = {
    # paths and operations
    "path-added": N,
    "path-removed": B,
    "path-removed-after-deprecation": P,
    "operation-added": N,
    "operation-removed": B,
    "operation-removed-after-deprecation": P,
    "operation-deprecated": N,
    "operation-reactivated": N,
    "operation-id-changed": N,
    "path-parameter-renamed": N,
    # parameters
    "request-parameter-added": N,
    "request-required-parameter-added": B,
    "request-parameter-removed": P,
    "request-parameter-became-required": B,
    "request-parameter-became-optional": N,
    "request-parameter-deprecated": N,
    "request-parameter-style-changed": P,
    # request body
    "request-body-added-optional": N,
    "request-body-added-required": B,
    "request-body-removed": B,
    "request-body-became-required": B,
    "request-body-became-optional": N,
    "request-body-media-type-added": N,
    "request-body-media-type-removed": B,
    "request-body-media-type-parameters-changed": N,
    # A media type that declared no schema accepted any body: a schema added narrows it (callers'
    # bodies must now fit), a schema removed widens it.
    "request-body-schema-added": P,
    "request-body-schema-removed": N,
    # responses
    "response-success-status-added": N,
    "response-success-status-removed": B,
    "response-non-success-status-added": N,
    "response-non-success-status-removed": N,
    "response-media-type-added": N,
    "response-media-type-removed": B,
    "response-media-type-parameters-changed": N,
    # A response schema added only documents what was already sent; removed, callers lose the
    # promise of a shape they may rely on.
    "response-body-schema-added": N,
    "response-body-schema-removed": P,
    "response-header-added": N,
    "response-required-header-removed": B,
    "response-optional-header-removed": P,
    "response-header-became-optional": B,
    "response-header-became-required": N,
    # security
    "security-added": B,
    "security-removed": N,
    "security-alternative-added": N,
    "security-alternative-removed": P,
    "security-scope-added": P,
    "security-scope-removed": N,
    "security-scheme-removed": P,
    "security-scheme-changed": P,
}

# kind -> (severity in a request, severity in a response)
SCHEMA_KINDS: dict[str, tuple[Severity, Severity]] = {
    "type-changed": (B, B),
    "type-generalized": (N, B),  # integer -> number
    "type-specialized": (B, N),  # number -> integer
    "format-changed": (P, P),
    "became-nullable": (N, B),
    "became-not-nullable": (B, N),
    "enum-value-added": (N, P),
    "enum-value-removed": (B, N),
    "became-enum": (B, N),
    "enum-removed": (N, P),
    "pattern-added": (B, N),
    "pattern-removed": (N, P),
    "pattern-changed": (P, P),
    "default-value-added": (N, N),
    "default-value-removed": (P, N),
    "default-value-changed": (P, N),
    "unique-items-set": (B, N),
    "unique-items-unset": (N, P),
    "additional-properties-restricted": (B, N),
    "additional-properties-allowed": (N, P),
    "all-of-added": (B, N),
    "all-of-removed": (P, P),
    "one-of-added": (N, P),
    "one-of-removed": (B, N),
    "any-of-added": (N, P),
    "any-of-removed": (B, N),
    "discriminator-added": (N, N),
    "discriminator-removed": (N, N),
    "discriminator-property-name-changed": (N, N),
    "discriminator-mapping-added": (N, N),
    "discriminator-mapping-deleted": (N, N),
    "discriminator-mapping-changed": (N, N),
    "ref-changed": (P, P),
}

# Kinds about a property's presence: only reported at property places.
PROPERTY_KINDS: dict[str, tuple[Severity, Severity]] = {
    "added": (N, N),
    "required-added": (B, N),
    "removed": (P, P),
    "required-removed": (B, B),
    "optional-removed": (P, P),
    "became-required": (B, N),
    "became-optional": (N, B),
    "deprecated": (N, N),
    # Reported only in the direction the flag hides the property from (see schema_diff).
    "became-read-only": (P, N),
    "became-write-only": (N, P),
}
"""Removing a property a caller sends is only potentially breaking (servers often ignore unknown
fields); removing one the server promised to return breaks callers that read it."""

# Numeric and size bounds: (keyword, rule stem, True when a larger value narrows).
BOUNDS: tuple[tuple[str, str, bool], ...] = (
    ("maximum", "max", False),
    ("minimum", "min", True),
    ("maxLength", "max-length", False),
    ("minLength", "min-length", True),
    ("maxItems", "max-items", False),
    ("minItems", "min-items", True),
    ("maxProperties", "max-properties", False),
    ("minProperties", "min-properties", True),
)
"""A tightened bound narrows what is valid: breaking in requests, harmless in responses. A new
bound (`-set`) is only potentially breaking in requests: the old contract was silent, and callers'
real values usually already fit. Removing a bound (`-unset`) widens."""

for _kw, _stem, _larger_narrows in BOUNDS:
    _narrow, _widen = ("increased", "decreased") if _larger_narrows else ("decreased", "increased")
    SCHEMA_KINDS[f"{_stem}-{_narrow}"] = (B, N)
    SCHEMA_KINDS[f"{_stem}-{_widen}"] = (N, P)
    SCHEMA_KINDS[f"{_stem}-set"] = (P, N)
    SCHEMA_KINDS[f"{_stem}-unset"] = (N, P)
for _stem in ("exclusive-max", "exclusive-min"):
    SCHEMA_KINDS[f"{_stem}-set"] = (B, N)
    SCHEMA_KINDS[f"{_stem}-unset"] = (N, P)

SCHEMA_PLACES: dict[str, tuple[str, ...]] = {
    "request": ("body", "property", "parameter", "parameter-property"),
    "response": ("body", "property", "header", "header-property"),
}
PROPERTY_PLACES = ("property", "parameter-property", "header-property")


def schema_rule(direction: str, place: str, kind: str) -> str:
    """`request-property-enum-value-added`, `request-property-removed`; a qualified presence kind
    reads naturally: `request-required-property-added`, `response-optional-property-removed`."""
    if place in PROPERTY_PLACES and kind.startswith(("required-", "optional-")):
        qualifier, verb = kind.split("-", 1)
        return f"{direction}-{qualifier}-{place}-{verb}"
    return f"{direction}-{place}-{kind}"


SCHEMA_RULE_PARTS: dict[str, tuple[str, str, str]] = {}
"""Every generated schema rule id -> (direction, place, kind)."""


def _build() -> dict[str, Severity]:
    rules = dict(OPERATION_RULES)
    for direction, places in SCHEMA_PLACES.items():
        index = 0 if direction == "request" else 1
        for place in places:
            kinds = dict(SCHEMA_KINDS)
            if place in PROPERTY_PLACES:
                kinds.update(PROPERTY_KINDS)
            for kind, severities in kinds.items():
                rule = schema_rule(direction, place, kind)
                if rule in rules:
                    raise AssertionError(f"generated rule {rule} shadows a hand-written one")
                rules[rule] = severities[index]
                SCHEMA_RULE_PARTS[rule] = (direction, place, kind)
    return rules


RULES: dict[str, Severity] = _build()
"""Every rule id -> its severity."""

NOT_VALIDATION_KINDS = frozenset(
    {
        *PROPERTY_KINDS,  # presence: the Python surface reports fields and arguments
        "default-value-added",
        "default-value-removed",
        "default-value-changed",
        "discriminator-added",
        "discriminator-removed",
        "discriminator-property-name-changed",
        "discriminator-mapping-added",
        "discriminator-mapping-deleted",
        "discriminator-mapping-changed",
        "ref-changed",
    }
)
"""Schema kinds that do not change what a compiled validator accepts; every other kind does."""


def severity_of(rule: str) -> Severity:
    try:
        return RULES[rule]
    except KeyError:
        raise KeyError(f"unknown diff rule {rule!r}; add it to generator/diff/rules.py") from None
