"""Render a `ChangeSet` for people (text, markdown) and machines (json).

Text is for terminals: grouped by severity, one change per line with its locations beneath.
Markdown is for a pull-request comment: a summary table, then one section per severity.
JSON is stable: keys sorted, changes in the ChangeSet's deterministic order, so two runs over
the same inputs give byte-identical output.
"""

from __future__ import annotations

import json
from typing import Any

from generator.diff.model import Change, ChangeSet, Severity

TITLES = {
    Severity.BREAKING: "Breaking",
    Severity.POTENTIALLY_BREAKING: "Potentially breaking",
    Severity.NON_BREAKING: "Non-breaking",
}


def headline(changes: ChangeSet) -> str:
    """One line: "No changes.", "No API change (...)" or the counts per severity."""
    if not changes:
        if changes.version_changed:
            return f"No API change (info.version {changes.old_version} -> {changes.new_version})."
        return "No changes."
    counts = ", ".join(f"{changes.count(s)} {s.value}" for s in Severity if changes.count(s))
    return f"{len(changes)} change{'s' if len(changes) != 1 else ''}: {counts}."


def _operation(change: Change) -> str:
    if change.method and change.path:
        label = f"{change.method} {change.path}"
        if change.operation_id:
            label += f" ({change.operation_id})"
        return label
    return "document"


def render_text(changes: ChangeSet) -> str:
    lines = [f"{changes.old_name} -> {changes.new_name}", headline(changes)]
    if changes and changes.version_changed:
        lines.append(f"info: info.version {changes.old_version} -> {changes.new_version}")
    for severity, group in changes.by_severity().items():
        if not group:
            continue
        lines.append("")
        lines.append(f"{TITLES[severity].upper()} ({len(group)})")
        for change in group:
            lines.append(f"  [{change.rule}] {_operation(change)}: {change.message}")
            where = _where(change)
            if where:
                lines.append(f"      {where}")
    return "\n".join(lines) + "\n"


def _where(change: Change) -> str:
    parts = []
    if change.old_location is not None:
        parts.append(f"old {change.old_location}")
    if change.new_location is not None:
        parts.append(f"new {change.new_location}")
    return "  ".join(parts)


def _md(text: str) -> str:
    """Keep spec strings from breaking the markdown structure of a comment."""
    return " ".join(str(text).split()).replace("|", "\\|")


def render_markdown(changes: ChangeSet) -> str:
    lines = [f"### API diff: `{_md(changes.old_name)}` → `{_md(changes.new_name)}`", ""]
    lines.append(f"**{headline(changes)}**")
    if changes.version_changed:
        lines += [
            "",
            f"info.version: `{_md(str(changes.old_version))}` → `{_md(str(changes.new_version))}`",
        ]
    if not changes:
        return "\n".join(lines) + "\n"
    lines += ["", "| Severity | Changes |", "|---|---:|"]
    for severity in Severity:
        lines.append(f"| {TITLES[severity]} | {changes.count(severity)} |")
    for severity, group in changes.by_severity().items():
        if not group:
            continue
        lines += ["", f"#### {TITLES[severity]} ({len(group)})", ""]
        lines += ["| Rule | Operation | Change | Location |", "|---|---|---|---|"]
        for change in group:
            where = _md(str(change.new_location or change.old_location or ""))
            lines.append(
                f"| `{change.rule}` | {_md(_operation(change))} | {_md(change.message)} | {where} |"
            )
    return "\n".join(lines) + "\n"


def as_json_data(changes: ChangeSet) -> dict[str, Any]:
    return {
        "old": {"file": changes.old_name, "version": changes.old_version},
        "new": {"file": changes.new_name, "version": changes.new_version},
        "summary": {s.value: changes.count(s) for s in Severity},
        "api_changed": bool(changes),
        "changes": [change_data(c) for c in changes.changes],
    }


def change_data(change: Change) -> dict[str, Any]:
    return {
        "rule": change.rule,
        "severity": change.severity.value,
        "message": change.message,
        "method": change.method,
        "path": change.path,
        "old_path": change.old_path,
        "operation_id": {"old": change.old_operation_id, "new": change.new_operation_id},
        "old": {
            "pointer": change.old_pointer,
            "location": str(change.old_location) if change.old_location else None,
        },
        "new": {
            "pointer": change.new_pointer,
            "location": str(change.new_location) if change.new_location else None,
        },
        "details": dict(change.details),
    }


def render_json(changes: ChangeSet) -> str:
    return json.dumps(as_json_data(changes), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}
