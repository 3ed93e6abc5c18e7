"""What the HTTP change set means for the generated client's behaviour, beyond its signatures.

Two facts the Python surface alone cannot see:

* The generated client validates requests before sending them (`validate_requests=True`, with
  validators compiled from the spec). A request constraint that narrows (a lowered `maximum`, a
  removed enum value, a new `pattern`) makes the regenerated client refuse values it sent before:
  Python-breaking, although no signature moved. One that widens (a new enum value, a raised
  `maximum`) lets it send more: compatible. Responses need no entry: the regenerated client
  validates against the new contract, which is what the server now sends.
* The HTTP contract of the operations the client calls. The suggested bump is never below what
  the HTTP report implies for them: breaking -> major, potentially breaking -> minor,
  non-breaking -> patch. Changes that regeneration absorbs do not count: an operation moved to
  a new path under the same operationId (the method follows it, see `Impact.routes`) and a
  parameter serialization change (the regenerated client serializes the new way).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from generator.diff.impact import ClientChange, PySeverity
from generator.diff.model import Change, ChangeSet, Severity
from generator.diff.rules import NOT_VALIDATION_KINDS, SCHEMA_RULE_PARTS
from generator.surface import Method

TYPE_KINDS = frozenset(
    {
        "type-changed",
        "type-generalized",
        "type-specialized",
        "became-nullable",
        "became-not-nullable",
    }
)
"""Kinds the Python annotations already carry (`argument-retyped`, `field-retyped`)."""

ABSORBED_RULES = frozenset({"request-parameter-style-changed"})
"""HTTP rules the regenerated client absorbs, besides moves under an unchanged operationId."""

HTTP_BUMP = {
    Severity.BREAKING: "major",
    Severity.POTENTIALLY_BREAKING: "minor",
    Severity.NON_BREAKING: "patch",
}


def validator_changes(
    changeset: ChangeSet, methods: Mapping[str, Method]
) -> Iterator[ClientChange]:
    """One change per request-schema change that moves what the client's validator accepts.

    `methods` maps operationId -> method of the new surface; a change of an operation that no
    longer has a method is already reported as the method's removal.
    """
    for change in changeset.changes:
        parts = SCHEMA_RULE_PARTS.get(change.rule)
        if parts is None or parts[0] != "request":
            continue
        if parts[2] in NOT_VALIDATION_KINDS or parts[2] in TYPE_KINDS:
            continue
        method = methods.get(change.new_operation_id or "")
        if method is None:
            continue
        if change.severity is Severity.NON_BREAKING:
            yield ClientChange(
                "request-validation-widened",
                PySeverity.COMPATIBLE,
                method.key,
                f"the client's request validator now accepts more: {change.message}",
                change.old_operation_id,
                change.new_operation_id,
                {"http_rule": change.rule},
            )
        else:
            yield ClientChange(
                "request-validation-narrowed",
                PySeverity.BREAKING,
                method.key,
                f"the client's request validator now rejects values it accepted: {change.message}",
                change.old_operation_id,
                change.new_operation_id,
                {"http_rule": change.rule},
            )


def counts_for_bump(change: Change) -> bool:
    """An operation's HTTP change that regeneration does not absorb."""
    if change.method is None or change.rule in ABSORBED_RULES:
        return False
    return not change.details.get("operation_id_unchanged")


def http_bump(changeset: ChangeSet) -> str:
    """The least bump the HTTP report implies for the operations the client calls."""
    counted = [c for c in changeset.changes if counts_for_bump(c)]
    if not counted:
        return "none"
    worst = max((c.severity for c in counted), key=lambda s: s.rank)
    return HTTP_BUMP[worst]
