"""CHANGELOG entries for a generated package, written by `specgen pull`.

The changelog lives in the package folder and is kept by `write_package` across
regenerations; each pull prepends one entry: the new package version and both spec versions
in the heading, the client-impact summary, every Python-surface change, and the HTTP
breaking changes (a path rename breaks raw HTTP callers even when Python code is unaffected).
No dates and no absolute paths, so the same pull writes the same entry.
"""

from __future__ import annotations

from generator.config import Pin
from generator.diff.impact import Impact, PySeverity
from generator.diff.impact_report import summary
from generator.diff.model import Severity

TITLE = "# Changelog"
INTRO = "Releases of this generated package, newest first. Entries are added by `specgen pull`."


def changelog_entry(old_pin: Pin, new_pin: Pin, impact: Impact, file_name: str) -> str:
    lines = [
        f"## {new_pin.package_version} — {new_pin.name} API {old_pin.version} → {new_pin.version}",
        "",
        f"Spec `{file_name}` (sha256 `{new_pin.sha256[:16]}`), previously `{old_pin.file}` "
        f"(`{old_pin.sha256[:16]}`).",
        "",
        summary(impact, old_pin.package_version),
    ]
    for severity in PySeverity:
        group = [c for c in impact.changes if c.severity is severity]
        if group:
            lines += ["", f"### Python: {severity.value} ({len(group)})", ""]
            lines += [f"- `{c.subject}`: {_md(c.message)}" for c in group]
    if impact.routes:
        lines += ["", f"### Same Python method, new route ({len(impact.routes)})", ""]
        lines += [f"- `{r.method}`: `{r.old}` → `{r.new}`" for r in impact.routes]
    breaking = impact.http.at_least(Severity.BREAKING)
    if breaking:
        lines += ["", f"### HTTP breaking changes ({len(breaking)})", ""]
        for c in breaking:
            where = f"{c.method} {c.path}" if c.method and c.path else "document"
            lines.append(f"- `{c.rule}` {_md(where)}: {_md(c.message)}")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return " ".join(str(text).split())


def prepend_entry(existing: str, entry: str) -> str:
    """The changelog with `entry` first, below the title and introduction."""
    body = existing
    if body.startswith(TITLE):
        body = body[len(TITLE) :].lstrip("\n")
        if body.startswith(INTRO):
            body = body[len(INTRO) :].lstrip("\n")
    parts = [TITLE, "", INTRO, "", entry.rstrip("\n")]
    if body.strip():
        parts += ["", body.rstrip("\n")]
    return "\n".join(parts) + "\n"
