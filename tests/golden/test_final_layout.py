"""Templates emit the final layout: for every shared spec, the package `specgen generate` writes
is exactly what `ruff format` (pinned, the package's line length) would make of it, although
generate runs no formatter for any of them (`generator.layout` lays out every long line; ruff
would only run on a file with a line of a shape it is not certain of, see
`generator.render.format_python`). Also lint-clean (`ruff check`, the package's rules)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator import render
from generator.pipeline import Target, default_package_name, render_target

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SPECS = sorted(
    p for p in (SHARED / "specs").glob("**/*") if p.suffix in (".yml", ".yaml", ".json")
) + [SHARED / "cases/scale/one-large-path.json"]


def _ruff(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, "--no-cache", "."],
        cwd=cwd,
        capture_output=True,
        text=True,
    )


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_generated_package_is_in_final_layout(
    spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not spec.is_file():
        pytest.skip(f"shared spec not found: {spec}")
    formatted: list[str] = []
    real = render.needs_formatter

    def noting(text: str, width: int) -> bool:
        long = real(text, width)
        if long:
            formatted.append(text[:200])
        return long

    monkeypatch.setattr(render, "needs_formatter", noting)
    package = default_package_name(spec)
    files = render_target(Target(spec_path=spec, output=tmp_path, package=package), quiet=True)
    for path, content in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(content)
    layout = _ruff("format", "--check", cwd=tmp_path)
    assert layout.returncode == 0, layout.stdout + layout.stderr
    lint = _ruff("check", cwd=tmp_path)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert not formatted  # no shared spec's package needs the formatter: generate never runs it
