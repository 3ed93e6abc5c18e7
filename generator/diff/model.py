"""What a diff reports: `Severity`, `Change` and `ChangeSet`.

A change is a value: a stable rule id (kebab-case, listed in `generator.diff.rules`), a severity
that the rule decides, a human message, where it happened (method, path template, operationIds in
both documents) and where it is in both documents (JSON pointer, and file:line:col filled in only
for changes that are reported, because positions cost a second, slower parse).

The client-impact layer builds on these fields: `old_operation_id`/`new_operation_id` map a
change to a generated method, `details` carries the raw facts (old/new values, property path).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from generator.diagnostics import Location


class Severity(StrEnum):
    """How a change affects existing API callers, worst first."""

    BREAKING = "breaking"
    POTENTIALLY_BREAKING = "potentially-breaking"
    NON_BREAKING = "non-breaking"

    @property
    def rank(self) -> int:
        """2 for breaking, 1 for potentially breaking, 0 otherwise: compare with >=."""
        return _RANK[self]


_RANK = {Severity.BREAKING: 2, Severity.POTENTIALLY_BREAKING: 1, Severity.NON_BREAKING: 0}


@dataclass(frozen=True)
class Change:
    """One HTTP-contract change, located in both documents.

    `path` is the path template as written in the new document (the old one when the path is
    gone); `old_path` differs from it only when a path parameter was renamed.
    """

    rule: str
    severity: Severity
    message: str
    method: str | None = None
    path: str | None = None
    old_path: str | None = None
    old_operation_id: str | None = None
    new_operation_id: str | None = None
    old_pointer: str | None = None
    new_pointer: str | None = None
    old_location: Location | None = None
    new_location: Location | None = None
    details: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def operation_id(self) -> str | None:
        """The operationId a reader knows the operation by: the new one if it still exists."""
        return self.new_operation_id or self.old_operation_id

    def sort_key(self) -> tuple[Any, ...]:
        return (
            -self.severity.rank,
            self.path or "",
            self.method or "",
            self.rule,
            self.old_pointer or "",
            self.new_pointer or "",
            self.message,
        )

    def located(self, old_location: Location | None, new_location: Location | None) -> Change:
        return replace(self, old_location=old_location, new_location=new_location)


@dataclass(frozen=True)
class ChangeSet:
    """All changes between two documents, sorted worst first, plus the document versions.

    `info.version` is kept apart from the changes on purpose: a new version string alone is not
    an API change, and reports say "no API change" for it.
    """

    old_name: str
    new_name: str
    old_version: str | None
    new_version: str | None
    changes: tuple[Change, ...]

    def __iter__(self) -> Iterable[Change]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __bool__(self) -> bool:
        return bool(self.changes)

    @property
    def version_changed(self) -> bool:
        return self.old_version != self.new_version

    @property
    def worst(self) -> Severity | None:
        """The most severe change, or None when nothing changed."""
        if not self.changes:
            return None
        return max((c.severity for c in self.changes), key=lambda s: s.rank)

    def count(self, severity: Severity) -> int:
        return sum(1 for c in self.changes if c.severity is severity)

    def by_severity(self) -> dict[Severity, list[Change]]:
        groups: dict[Severity, list[Change]] = {s: [] for s in Severity}
        for change in self.changes:
            groups[change.severity].append(change)
        return groups

    def at_least(self, severity: Severity) -> list[Change]:
        return [c for c in self.changes if c.severity.rank >= severity.rank]

    def rules(self) -> set[str]:
        return {c.rule for c in self.changes}
