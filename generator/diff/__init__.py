"""The HTTP-contract diff: what changed between two OpenAPI 3.0 documents and what it breaks.

    changes = diff_specs(load_path("old.yaml"), load_path("new.yaml"))
    for change in changes.changes:          # sorted: breaking first
        change.rule, change.severity, change.message, change.method, change.path
        change.old_operation_id, change.new_operation_id
        change.old_pointer, change.old_location, change.new_pointer, change.new_location

Modules: `model` (Change, ChangeSet, Severity), `rules` (every rule id and its severity),
`walk` ($ref resolution with pointers), `schema_diff` (schemas: each pair walked once, cost
linear in document size), `operations` (paths, operations, parameters, bodies, responses,
security), `report` (text / markdown / json); the Python side in `impact` (surface changes),
`behaviour` (validators, HTTP floor of the bump), `impact_report`, `impact_section`, `changelog`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from generator.diagnostics import Location, join_pointer
from generator.diff.model import Change, ChangeSet, Severity
from generator.diff.operations import OperationDiffer
from generator.diff.rules import RULES, severity_of
from generator.diff.walk import Document
from generator.load import LoadedSpec

__all__ = ["Change", "ChangeSet", "RULES", "Severity", "diff_specs"]

_MOVED_RULES = {
    "path-removed",
    "path-removed-after-deprecation",
    "operation-removed",
    "operation-removed-after-deprecation",
    "path-added",
    "operation-added",
}


def diff_specs(old: LoadedSpec, new: LoadedSpec, *, locate: bool = True) -> ChangeSet:
    """Every HTTP-contract change from `old` to `new`, worst first.

    With `locate` (the default) each change gets file:line:col in both documents; positions need
    a second parse of each file, paid only when there is something to report.
    """
    old_doc, new_doc = Document(old), Document(new)
    changes = list(OperationDiffer(old_doc, new_doc).run())
    changes.extend(_security_schemes(old_doc, new_doc))
    changes = _annotate_moves(changes)
    if locate:
        changes = _locate_all(changes, old, new)
    changes.sort(key=Change.sort_key)
    return ChangeSet(
        old_name=old.name,
        new_name=new.name,
        old_version=_version(old.data),
        new_version=_version(new.data),
        changes=tuple(changes),
    )


def _version(data: dict[str, Any]) -> str | None:
    info = data.get("info")
    version = info.get("version") if isinstance(info, dict) else None
    return None if version is None else str(version)


def _locate_all(changes: list[Change], old: LoadedSpec, new: LoadedSpec) -> list[Change]:
    """File positions, each pointer looked up once: a change in a shared component is reported
    for every operation that uses it, always at the same two pointers."""
    old_at: dict[str, Location] = {}
    new_at: dict[str, Location] = {}

    def at(spec: LoadedSpec, cache: dict[str, Location], pointer: str | None) -> Location | None:
        if pointer is None:
            return None
        found = cache.get(pointer)
        if found is None:
            found = cache[pointer] = spec.locate(pointer)
        return found

    return [
        c.located(at(old, old_at, c.old_pointer), at(new, new_at, c.new_pointer)) for c in changes
    ]


def _annotate_moves(changes: list[Change]) -> list[Change]:
    """Flag removed and added operations that share an operationId.

    Such a pair is still reported as a removal and an addition (callers of the old URL break),
    but a client that calls by operationId keeps working: the client-impact layer and the
    reader both need to see that the two belong together.
    """
    removed = {
        c.old_operation_id: c
        for c in changes
        if c.rule in _MOVED_RULES and c.old_operation_id and not c.new_operation_id
    }
    added = {
        c.new_operation_id: c
        for c in changes
        if c.rule in _MOVED_RULES and c.new_operation_id and not c.old_operation_id
    }
    result = []
    for change in changes:
        if change.rule in _MOVED_RULES:
            if change.old_operation_id in added and not change.new_operation_id:
                other = added[change.old_operation_id]
                change = _with_move(
                    change,
                    "moved_to",
                    other,
                    f"operationId {change.old_operation_id} is unchanged, now at "
                    f"{other.method} {other.path}",
                )
            elif change.new_operation_id in removed and not change.old_operation_id:
                other = removed[change.new_operation_id]
                change = _with_move(
                    change,
                    "moved_from",
                    other,
                    f"operationId {change.new_operation_id} is unchanged, was at "
                    f"{other.method} {other.path}",
                )
        result.append(change)
    return result


def _with_move(change: Change, key: str, other: Change, note: str) -> Change:
    details = dict(change.details)
    details[key] = f"{other.method} {other.path}"
    details["operation_id_unchanged"] = True
    return replace(change, message=f"{change.message}; {note}", details=details)


def _security_schemes(old: Document, new: Document) -> Iterable[Change]:
    """Scheme definitions, compared once for the document (operations list which they use)."""

    def schemes(doc: Document) -> dict[str, Any]:
        components = doc.data.get("components")
        found = components.get("securitySchemes") if isinstance(components, dict) else None
        return found if isinstance(found, dict) else {}

    base = "/components/securitySchemes"
    oschemes, nschemes = schemes(old), schemes(new)
    for name, oscheme in oschemes.items():
        ptr = join_pointer(base, name)
        if name not in nschemes:
            yield _doc_change(
                "security-scheme-removed",
                f"security scheme `{name}` removed",
                ptr,
                base if nschemes else None,
            )
            continue
        o = old.resolve(oscheme, ptr)[0]
        n = new.resolve(nschemes[name], ptr)[0]
        if not isinstance(o, dict) or not isinstance(n, dict):
            continue
        fields = ("type", "scheme", "in", "name", "bearerFormat", "openIdConnectUrl")
        changed = [f for f in fields if o.get(f) != n.get(f)]
        if changed:
            what = ", ".join(f"{f} {o.get(f)!r} -> {n.get(f)!r}" for f in changed)
            yield _doc_change(
                "security-scheme-changed", f"security scheme `{name}`: {what}", ptr, ptr
            )


def _doc_change(rule: str, message: str, old_ptr: str | None, new_ptr: str | None) -> Change:
    return Change(
        rule=rule,
        severity=severity_of(rule),
        message=message,
        old_pointer=old_ptr,
        new_pointer=new_ptr,
    )
