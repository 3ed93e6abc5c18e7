"""What users run: specgen from a built wheel, and a generated package on its own.

The rest of the suite imports the checkout, so it cannot see what a build leaves out (the
templates once were). Here the wheel is built from this checkout, installed into a fresh
virtual environment in a temporary folder, and every command is run from outside the checkout
(with no PYTHONPATH), the project commands inside a copy of the project that holds no
`generator/` or `templates/` folder. Then the generated SoraCam package is installed alone into
another fresh environment (httpx must be its only dependency) and one operation is called
through `httpx.MockTransport`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, SHARED

pytestmark = pytest.mark.slow

SORACAM = SHARED / "specs" / "soracam" / "soracom-soracam-api-openapi.yml"
HISTORY = SHARED / "specs" / "soracam-history"
OLD, NEW = HISTORY / "soracam-2025-07-21.yml", HISTORY / "soracam-2025-08-28.yml"


def _env() -> dict[str, str]:
    """The environment minus anything that would let the checkout leak into the venv."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(argv: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        argv, cwd=cwd, capture_output=True, text=True, env=_env(), timeout=timeout
    )
    return result


def _venv(folder: Path) -> Path:
    """A fresh virtual environment; returns its bin/ folder."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, timeout=300)
    return folder / "bin"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of this checkout (the build never writes into the tree)."""
    if not SORACAM.is_file():
        pytest.skip(f"shared specs not found at {SHARED}")
    work = tmp_path_factory.mktemp("build")
    source = work / "src"
    shutil.copytree(
        REPO_ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git",
            ".tox",
            ".ci-venv",
            ".venv",
            "__pycache__",
            "*.egg-info",
            "build",
            "dist",
            ".specgen-cache",
            ".*_cache",
            "generated",
            "tests",
            "bench",
        ),
    )
    out = work / "dist"
    result = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(source)],
        cwd=work,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = out.glob("specgen-*.whl")
    return built


@pytest.fixture(scope="module")
def specgen_bin(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bin/ of a fresh venv with the wheel (and its dependencies) installed."""
    bin_dir = _venv(tmp_path_factory.mktemp("venv") / "specgen")
    result = _run([str(bin_dir / "pip"), "install", "--quiet", str(wheel)], cwd=wheel.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    return bin_dir


def test_the_wheel_carries_every_template_and_the_runtime(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in sorted((REPO_ROOT / "templates").glob("*.jinja")):
        assert f"generator/templates/{template.name}" in names, template.name
    for module in sorted((REPO_ROOT / "generator" / "runtime").glob("*.py")):
        assert f"generator/runtime/{module.name}" in names, module.name
    assert "generator/py.typed" in names


def test_version(specgen_bin: Path, tmp_path: Path) -> None:
    from generator import __version__

    for argv in (
        [str(specgen_bin / "specgen"), "--version"],
        [str(specgen_bin / "python"), "-m", "generator", "--version"],
    ):
        result = _run(argv, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"specgen {__version__}"


def test_it_imports_the_installed_copy_not_the_checkout(specgen_bin: Path, tmp_path: Path) -> None:
    result = _run(
        [str(specgen_bin / "python"), "-c", "import generator; print(generator.__file__)"],
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "site-packages" in result.stdout and str(REPO_ROOT) not in result.stdout


def test_commands_that_take_a_spec(specgen_bin: Path, tmp_path: Path) -> None:
    specgen = str(specgen_bin / "specgen")
    out = tmp_path / "client"
    generated = _run(
        [specgen, "generate", str(SORACAM), "--output", str(out), "--package", "cams"], tmp_path
    )
    assert generated.returncode == 0, generated.stderr
    assert (out / "cams" / "__init__.py").is_file() and (out / "cams" / "_runtime").is_dir()

    validated = _run([specgen, "validate", str(SORACAM)], tmp_path)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert ": valid: 0 error(s)" in validated.stderr

    diffed = _run([specgen, "diff", str(OLD), str(NEW)], tmp_path)
    assert diffed.returncode == 0, diffed.stderr
    assert "operation-id-changed" in diffed.stdout

    listed = _run([specgen, "call", str(SORACAM), "--list", "--no-cache"], tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "listSoraCamDevices" in listed.stdout and "GET /sora_cam/devices" in listed.stdout


def test_project_commands_in_a_copy_without_the_source(specgen_bin: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("spec", "generated"):
        shutil.copytree(
            REPO_ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    pyproject = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pyproject = pyproject.replace('"../shared/', f'"{SHARED.resolve().as_posix()}/')
    (project / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    specgen = str(specgen_bin / "specgen")

    checked = _run([specgen, "check"], project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "in step" in checked.stderr

    pulled = _run([specgen, "pull", "--check", "--from", str(SORACAM)], project)
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    assert "in step" in pulled.stderr
    drifted = _run([specgen, "pull", "--check", "--from", str(OLD)], project)
    assert drifted.returncode == 3, drifted.stdout + drifted.stderr
    assert "drifted" in drifted.stderr


CALL_ONE_OPERATION = textwrap.dedent(
    """
    import json, httpx, soracam

    def handler(request):
        assert request.url.path == "/v1/sora_cam/devices/7CDDDEADBEEF"
        assert request.headers["X-Soracom-API-Key"] == "k"
        return httpx.Response(200, json={"deviceId": "7CDDDEADBEEF", "name": "door"})

    with soracam.Client(api_key="k", api_token="t", transport=httpx.MockTransport(handler)) as c:
        device = c.sora_cam.get_sora_cam_device(device_id="7CDDDEADBEEF")
    print(json.dumps({"type": type(device).__name__, "name": device.name, "file": soracam.__file__}))
    """
)


def test_the_generated_package_installs_alone_and_calls(tmp_path: Path) -> None:
    import json

    bin_dir = _venv(tmp_path / "venv")
    package = tmp_path / "soracam"
    shutil.copytree(
        REPO_ROOT / "generated" / "soracam", package, ignore=shutil.ignore_patterns("__pycache__")
    )
    installed = _run([str(bin_dir / "pip"), "install", "--quiet", str(package)], tmp_path)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    listing = _run([str(bin_dir / "pip"), "list", "--format=json"], tmp_path)
    names = {p["name"].lower() for p in json.loads(listing.stdout)}
    # httpx and what httpx itself needs; nothing else from specgen's dependencies.
    assert "httpx" in names and "soracam" in names
    for unwanted in ("jinja2", "ruamel.yaml", "jsonschema", "openapi-core", "specgen", "ruff"):
        assert unwanted not in names, unwanted

    called = _run([str(bin_dir / "python"), "-c", CALL_ONE_OPERATION], tmp_path)
    assert called.returncode == 0, called.stderr
    result = json.loads(called.stdout)
    assert result["type"] == "SoraCamDevice" and result["name"] == "door"
    assert "site-packages" in result["file"]
