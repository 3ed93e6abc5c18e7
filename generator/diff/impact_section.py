"""The HTTP report followed by the Python client impact, as one output (`diff` and `pull`).

JSON gets a `client_impact` key next to the HTTP report's keys (still one sorted object); text
and markdown get a section after the HTTP report. Computing the surface needs a spec that
would generate: when one side has validation errors, the HTTP report is still printed, with a
note saying why the impact is missing, rather than failing the whole diff.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from generator.diagnostics import SpecError
from generator.diff import impact_report as ir
from generator.diff import report
from generator.diff.impact import Impact, client_impact
from generator.diff.model import ChangeSet
from generator.load import LoadedSpec


def compute_impact(
    old: LoadedSpec,
    new: LoadedSpec,
    changes: ChangeSet,
    package: str | None = None,
    aliases: Mapping[str, str] | None = None,
) -> Impact:
    """Both surfaces and their impact; raises `SpecError` when a side would not generate."""
    from generator.pipeline import default_package_name
    from generator.surface import python_surface

    package = package or default_package_name(Path(new.name))
    before = python_surface(old, package, aliases)
    # Identical bytes give identical surfaces: a self-diff builds one.
    after = before if old.sha256 == new.sha256 else python_surface(new, package, aliases)
    return client_impact(before, after, changes)


def render_with_impact(
    old: LoadedSpec,
    new: LoadedSpec,
    changes: ChangeSet,
    fmt: str,
    package_version: str | None = None,
    impact: Impact | None = None,
) -> str:
    note = ""
    if impact is None:
        try:
            impact = compute_impact(old, new, changes)
        except SpecError as exc:
            errors = sum(1 for d in exc.diagnostics if d.is_error)
            note = (
                f"not computed: the specs must generate, and {errors} validation error(s) "
                f"stop it (`specgen validate` lists them)"
            )
    if fmt == "json":
        data = report.as_json_data(changes)
        data["client_impact"] = (
            ir.as_json_data(impact, package_version) if impact else {"error": note}
        )
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    http = report.RENDERERS[fmt](changes)
    if impact is None:
        section = (
            f"### {ir.TITLE}\n\n{note}\n" if fmt == "markdown" else f"{ir.TITLE.upper()}\n{note}\n"
        )
    elif fmt == "markdown":
        section = ir.render_markdown(impact, package_version)
    else:
        section = ir.render_text(impact, package_version)
    return f"{http}\n{section}"
