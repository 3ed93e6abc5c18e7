"""`specgen check`: in step on a clean checkout; stale (exit 1, unified diff) after a template
change without regeneration. The second case runs on a copy of the project, so the real
templates are never touched."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, SHARED


def _specgen(
    cwd: Path, *args: str, pythonpath: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = None
    if pythonpath is not None:
        import os

        env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_check_is_clean_on_this_checkout(shared_dir: Path) -> None:
    result = _specgen(REPO_ROOT, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "in step" in result.stderr


@pytest.fixture
def project_copy(tmp_path: Path, shared_dir: Path) -> Path:
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ("generator", "templates", "spec", "generated"):
        shutil.copytree(REPO_ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    pyproject = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    # The copy lives elsewhere: point its mirrors at the shared folder by absolute path.
    pyproject = pyproject.replace('"../shared/', f'"{SHARED.resolve().as_posix()}/')
    (copy / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return copy


def test_check_reports_a_template_change_with_a_diff(project_copy: Path) -> None:
    assert _specgen(project_copy, "check", pythonpath=project_copy).returncode == 0
    template = project_copy / "templates" / "models_init.py.jinja"
    text = template.read_text(encoding="utf-8")
    changed = text.replace('"Models for the schemas', '"All models for the schemas', 1)
    assert changed != text
    template.write_text(changed, encoding="utf-8")

    result = _specgen(project_copy, "check", pythonpath=project_copy)

    assert result.returncode == 1
    assert "stale" in result.stderr
    assert "--- " in result.stdout and "+++ " in result.stdout
    assert '-"""Models for the schemas' in result.stdout
    assert '+"""All models for the schemas' in result.stdout


def test_check_ignores_tool_caches(project_copy: Path) -> None:
    package_dir = project_copy / "generated" / "soracam"
    (package_dir / ".mypy_cache").mkdir(exist_ok=True)
    (package_dir / ".mypy_cache" / "x.json").write_text("{}", encoding="utf-8")
    (package_dir / "soracam" / "__pycache__").mkdir(exist_ok=True)
    (package_dir / "soracam" / "__pycache__" / "m.pyc").write_bytes(b"\0")
    assert _specgen(project_copy, "check", pythonpath=project_copy).returncode == 0


def test_check_reports_missing_and_extra_files(project_copy: Path) -> None:
    package = project_copy / "generated" / "soracam" / "soracam"
    (package / "errors.py").unlink()
    (package / "leftover.py").write_text("x = 1\n", encoding="utf-8")

    result = _specgen(project_copy, "check", pythonpath=project_copy)

    assert result.returncode == 1
    assert "errors.py (generated)" in result.stdout
    assert "leftover.py (on disk)" in result.stdout


def test_generate_restores_the_package_and_removes_stale_files(project_copy: Path) -> None:
    package = project_copy / "generated" / "soracam" / "soracam"
    (package / "leftover.py").write_text("x = 1\n", encoding="utf-8")
    (package / "models" / "__init__.py").write_text("broken\n", encoding="utf-8")

    assert _specgen(project_copy, "generate", pythonpath=project_copy).returncode == 0

    assert not (package / "leftover.py").exists()
    assert (package / "models" / "__init__.py").read_bytes() == (
        REPO_ROOT / "generated/soracam/soracam/models/__init__.py"
    ).read_bytes()
    assert _specgen(project_copy, "check", pythonpath=project_copy).returncode == 0


def test_check_quiet_prints_nothing_when_in_step(shared_dir: Path) -> None:
    result = _specgen(REPO_ROOT, "check", "-q")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_check_quiet_when_stale_names_the_package_without_a_diff(project_copy: Path) -> None:
    models = project_copy / "generated" / "soracam" / "soracam" / "models" / "__init__.py"
    models.write_text(models.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    result = _specgen(project_copy, "check", "-q", pythonpath=project_copy)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "generated/soracam: stale; run `specgen generate`\n"
