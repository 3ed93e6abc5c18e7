"""`specgen pull` on a temporary copy of the project, pinned to an older SoraCam history file.

The copy is pinned to 2025-07-21 and regenerated; 2025-08-28 renames one operationId on an
unchanged path. `--check` must report the drift (exit 3) and write nothing; a plain pull must
update pin, aliases, package and CHANGELOG so that `specgen check` is clean afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from generator.config import write_pin
from generator.load import load_path
from tests.conftest import REPO_ROOT, SHARED

HISTORY = SHARED / "specs" / "soracam-history"
OLD, NEW = "soracam-2025-07-21.yml", "soracam-2025-08-28.yml"
RENAMED = ("get_sora_cam_device_live_image", "get_sora_cam_device_atom_cam_live_image")


def specgen(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=copy,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(copy)},
        timeout=120,
    )


@pytest.fixture(scope="module")
def pinned_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project copy pinned to the older history file and regenerated (made once; each test
    works on its own copy of this)."""
    if not (HISTORY / OLD).is_file() or not (HISTORY / NEW).is_file():
        pytest.skip(f"history specs not found in {HISTORY}")
    copy = tmp_path_factory.mktemp("pull") / "project"
    copy.mkdir()
    for name in ("generator", "templates", "spec", "generated"):
        shutil.copytree(REPO_ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    pyproject = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pyproject = pyproject.replace('"../shared/', f'"{SHARED.resolve().as_posix()}/')
    (copy / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    old = load_path(HISTORY / OLD)
    write_pin(
        copy / "spec" / "soracam.toml",
        version=str(old.data["info"]["version"]),
        sha256=old.sha256,
        file=OLD,
    )
    result = specgen(copy, "generate")
    assert result.returncode == 0, result.stderr
    return copy


@pytest.fixture
def project(pinned_copy: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(pinned_copy, copy, symlinks=True)
    return copy


def snapshot(copy: Path) -> dict[str, bytes]:
    """Pin and package bytes, to prove that a refused pull wrote nothing."""
    files = [copy / "spec" / "soracam.toml", *sorted((copy / "generated").rglob("*"))]
    return {str(p.relative_to(copy)): p.read_bytes() for p in files if p.is_file()}


def test_check_reports_the_drift_and_writes_nothing(project: Path) -> None:
    before = snapshot(project)
    result = specgen(project, "pull", "--from", str(HISTORY / NEW), "--check")
    assert result.returncode == 3, result.stdout + result.stderr
    out = result.stdout
    assert "operation-id-changed" in out  # the HTTP layer
    assert "PYTHON CLIENT IMPACT" in out and RENAMED[0] in out and RENAMED[1] in out
    assert "drifted" in result.stderr and "[aliases]" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project) == before
    assert not (project / ".specgen-cache").exists()


def test_pull_updates_pin_package_and_changelog(project: Path) -> None:
    new = load_path(HISTORY / NEW)
    result = specgen(project, "pull", "--from", str(HISTORY / NEW))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "updated" in result.stderr

    pin = tomllib.loads((project / "spec" / "soracam.toml").read_text(encoding="utf-8"))
    assert pin["api"]["version"] == str(new.data["info"]["version"])
    assert pin["api"]["sha256"] == new.sha256 and pin["api"]["file"] == NEW
    assert pin["aliases"] == {"getSoraCamDeviceLiveImage": "getSoraCamDeviceAtomCamLiveImage"}
    assert "# Pin of the Soracom" in (project / "spec" / "soracam.toml").read_text()
    assert (project / ".specgen-cache" / f"{new.sha256}-{NEW}").read_bytes() == new.content

    package = project / "generated" / "soracam"
    resource = (package / "soracam" / "resources" / "sora_cam.py").read_text(encoding="utf-8")
    assert f"def {RENAMED[1]}(" in resource
    alias_kept = f"def {RENAMED[0]}(" in resource
    # the suggested version follows from what the package really keeps
    assert pin["package"]["version"] == ("0.2.0" if alias_kept else "1.0.0")
    assert f'version = "{pin["package"]["version"]}"' in (package / "pyproject.toml").read_text()

    changelog = (package / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {pin['package']['version']} " in changelog
    assert RENAMED[0] in changelog and RENAMED[1] in changelog
    assert ("alias kept" in changelog) is alias_kept
    assert str(project) not in changelog

    check = specgen(project, "check")
    assert check.returncode == 0, check.stdout + check.stderr

    # the CHANGELOG survives a regeneration, and the pull is now in step
    assert specgen(project, "generate").returncode == 0
    assert (package / "CHANGELOG.md").read_text(encoding="utf-8") == changelog
    again = specgen(project, "pull", "--from", str(HISTORY / NEW), "--check")
    assert again.returncode == 0 and "in step" in again.stderr


def test_check_and_pull_suggest_the_same_bump(project: Path) -> None:
    """One rule (README, "The generator"): both judge the package pull writes, aliases included, so a
    rename under an unchanged method + path is minor in both (it was major in --check)."""
    import json

    check = specgen(project, "pull", "--from", str(HISTORY / NEW), "--check", "--format", "json")
    assert check.returncode == 3, check.stdout + check.stderr
    impact = json.loads(check.stdout)["client_impact"]
    renamed = [c for c in impact["changes"] if c["kind"] == "method-renamed"]
    assert len(renamed) == 1 and "alias kept" in renamed[0]["message"]
    assert impact["bump"] == "minor"

    pull = specgen(project, "pull", "--from", str(HISTORY / NEW))
    assert pull.returncode == 0, pull.stdout + pull.stderr
    assert "(minor)" in pull.stderr
    pin = tomllib.loads((project / "spec" / "soracam.toml").read_text(encoding="utf-8"))
    assert pin["package"]["version"] == impact["version"]["next"]


def test_the_pinned_spec_itself_is_in_step(project: Path) -> None:
    before = snapshot(project)
    result = specgen(project, "pull", "--from", str(HISTORY / OLD), "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "in step" in result.stderr
    result = specgen(project, "pull", "--from", str(HISTORY / OLD))
    assert result.returncode == 0 and "in step" in result.stderr
    assert snapshot(project) == before


def test_a_broken_spec_fails_cleanly_and_touches_nothing(project: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("openapi: 3.0.3\ninfo: [unclosed\n", encoding="utf-8")
    before = snapshot(project)
    for args in (["--from", str(broken)], ["--from", str(broken), "--check"]):
        result = specgen(project, "pull", *args)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "broken.yml:" in result.stderr and "load-yaml-syntax" in result.stderr
        assert "untouched" in result.stderr and "Traceback" not in result.stderr
    missing = specgen(project, "pull", "--from", str(tmp_path / "nope.yml"))
    assert missing.returncode == 1 and "no such file" in missing.stderr
    assert snapshot(project) == before


def test_an_invalid_spec_fails_before_anything_is_written(project: Path, tmp_path: Path) -> None:
    text = (HISTORY / NEW).read_text(encoding="utf-8")
    invalid = tmp_path / "invalid.yml"
    # a second operation with an existing operationId: a validation error, not a load error
    invalid.write_text(
        text.replace("operationId: listSoraCamDevices", "operationId: getSoraCamDevice", 1),
        encoding="utf-8",
    )
    before = snapshot(project)
    result = specgen(project, "pull", "--from", str(invalid))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "invalid.yml:" in result.stderr and "duplicate-operation-id" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project) == before


def test_help_documents_the_exit_codes(project: Path) -> None:
    result = specgen(project, "pull", "--help")
    assert result.returncode == 0
    for line in ("0  in step", "3  drifted", "1  failed"):
        assert line in result.stdout


def test_a_pull_from_a_mirror_file_rebuilds_without_the_cache(project: Path) -> None:
    """The history folder is one of the project's mirrors: nothing to record, and a fresh
    clone (no .specgen-cache/) finds the spec there by sha256."""
    result = specgen(project, "pull", "--from", str(HISTORY / NEW))
    assert result.returncode == 0, result.stderr
    assert "a fresh clone finds this spec in the mirror" in result.stderr
    pin = tomllib.loads((project / "spec" / "soracam.toml").read_text(encoding="utf-8"))
    assert "source" not in pin["api"]
    shutil.rmtree(project / ".specgen-cache")
    check = specgen(project, "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_pull_from_a_local_file_records_it_and_warns(project: Path, tmp_path: Path) -> None:
    """A file outside the project and its mirrors: the pin records it as the source, with a
    warning that only that file can rebuild the package; check then works without the cache,
    and says clearly what is missing once the file is gone."""
    elsewhere = tmp_path / "downloads" / "soracam-new.yml"
    elsewhere.parent.mkdir()
    # Same API as NEW, different bytes (so no mirror holds them).
    elsewhere.write_bytes((HISTORY / NEW).read_bytes() + b"\n# a local edit\n")
    result = specgen(project, "pull", "--from", str(elsewhere))
    assert result.returncode == 0, result.stderr
    assert f"warning: the pin is now reproducible only from the local file {elsewhere}" in (
        result.stderr
    )
    pin = tomllib.loads((project / "spec" / "soracam.toml").read_text(encoding="utf-8"))
    assert pin["api"]["source"] == str(elsewhere)
    assert pin["api"]["url"].startswith("https://")  # the upstream to follow is unchanged
    shutil.rmtree(project / ".specgen-cache")
    check = specgen(project, "check")
    assert check.returncode == 0, check.stdout + check.stderr

    elsewhere.unlink()
    gone = specgen(project, "check")
    assert gone.returncode == 2
    assert f"the spec is recorded at {elsewhere}, which does not exist here" in gone.stderr
