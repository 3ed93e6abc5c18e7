"""Real-world specs from other vendors (../shared/corpus/real-world) generate packages that
import, build a client and pass ruff. Line length is not asserted here: hash-bounded names from
very long schema paths (Kubernetes, Box) can still add up past 120 columns in one signature."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.pipeline import Target, render_target
from generator.write import write_package
from tests.conftest import SHARED

SPECS = sorted(
    p
    for p in (SHARED / "corpus" / "real-world").rglob("*")
    if p.suffix in (".yaml", ".yml", ".json")
)


def test_corpus_is_present() -> None:
    assert len(SPECS) == 11


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_world_spec_generates_a_clean_package(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    write_package(out, render_target(Target(spec_path=spec, output=out, package="client")))
    probe = (
        "import client, client.models\n"
        "c = client.Client(base_url='http://localhost')\n"
        "a = client.AsyncClient(base_url='http://localhost')\n"
    )
    imported = subprocess.run(
        [sys.executable, "-c", probe], cwd=out, capture_output=True, text=True
    )
    assert imported.returncode == 0, imported.stderr
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--ignore", "E501", "."],
        cwd=out,
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout
