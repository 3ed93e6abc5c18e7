"""Render an `Impact` (the "Python client impact" section) as text, markdown or JSON data.

Each rendering says both layers in its first line, because they disagree often enough to
matter: "HTTP: 15 breaking; Python: surface unchanged" is the message a reviewer needs for a
path rename under the same operationIds.
"""

from __future__ import annotations

from typing import Any

from generator.diff.impact import ClientChange, Impact, PySeverity
from generator.diff.model import Severity

TITLE = "Python client impact"


def summary(impact: Impact, current_version: str | None = None) -> str:
    """One line: both layers and the suggested release."""
    http = impact.http
    if http:
        counts = ", ".join(f"{http.count(s)} {s.value}" for s in Severity if http.count(s))
        http_part = f"HTTP: {counts}"
    else:
        http_part = "HTTP: no API change"
    if impact.changes:
        counts = ", ".join(f"{impact.count(s)} {s.value}" for s in PySeverity if impact.count(s))
        py_part = f"Python: {counts}"
    else:
        py_part = "Python: surface unchanged"
    release = f"suggested bump: {impact.bump}"
    if impact.bump != impact.surface_bump:
        release += " (HTTP contract of called operations)"
    if current_version is not None and impact.bump != "none":
        release += f" ({current_version} -> {impact.next_version(current_version)})"
    return f"{http_part}; {py_part}; {release}."


def _line(change: ClientChange) -> str:
    if change.kind == "method-renamed":
        return f"[{change.kind}] {change.message}"
    return f"[{change.kind}] {change.subject}: {change.message}"


def render_text(impact: Impact, current_version: str | None = None) -> str:
    lines = [f"{TITLE.upper()}", summary(impact, current_version)]
    for severity in PySeverity:
        group = [c for c in impact.changes if c.severity is severity]
        if group:
            lines += ["", f"  {severity.value.upper()} ({len(group)})"]
            lines += [f"    {_line(c)}" for c in group]
    if impact.routes:
        lines += [
            "",
            f"  SAME METHOD, NEW ROUTE ({len(impact.routes)}): "
            "Python callers unaffected once regenerated",
        ]
        lines += [f"    {r.method}: {r.old} -> {r.new}" for r in impact.routes]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def render_markdown(impact: Impact, current_version: str | None = None) -> str:
    lines = [f"### {TITLE}", "", f"**{_md(summary(impact, current_version))}**"]
    if impact.changes:
        lines += ["", "| Python | Change | Where | Detail |", "|---|---|---|---|"]
        for c in impact.changes:
            lines.append(
                f"| {c.severity.value} | `{c.kind}` | `{_md(c.subject)}` | {_md(c.message)} |"
            )
    if impact.routes:
        lines += ["", f"Same Python method, new route ({len(impact.routes)}):", ""]
        lines += [f"- `{_md(r.method)}`: `{_md(r.old)}` → `{_md(r.new)}`" for r in impact.routes]
    return "\n".join(lines) + "\n"


def as_json_data(impact: Impact, current_version: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "summary": {s.value: impact.count(s) for s in PySeverity},
        "surface_changed": impact.surface_changed,
        "http_changed": bool(impact.http),
        "bump": impact.bump,
        "bump_from": {"surface": impact.surface_bump, "http": impact.http_bump},
        "changes": [change_data(c) for c in impact.changes],
        "routes": [{"method": r.method, "old": r.old, "new": r.new} for r in impact.routes],
    }
    if current_version is not None:
        data["version"] = {"current": current_version, "next": impact.next_version(current_version)}
    return data


def change_data(change: ClientChange) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "severity": change.severity.value,
        "subject": change.subject,
        "message": change.message,
        "operation_id": {"old": change.old_operation_id, "new": change.new_operation_id},
    }
