"""The README's "Contract testing" examples run as written (with the SoraCam spec as openapi.yaml)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.contract.mock_process import REPO_ROOT, mock_process

pytest_plugins = ["pytester"]


def _section() -> str:
    text = (REPO_ROOT / "README.md").read_text()
    start = text.index("## Contract testing")
    return text[start : text.index("\n## ", start + 1)]


def _blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", _section(), re.S)


@pytest.fixture
def project(tmp_path: Path, soracam_spec: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(soracam_spec, tmp_path / "openapi.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(REPO_ROOT / "generated" / "soracam"))
    return tmp_path


def test_record_then_verify(project: Path) -> None:
    record = _blocks("python")[0]
    exec(compile(record, "README.md", "exec"), {})
    assert (project / "traffic.jsonl").is_file()
    (verify,) = [line for b in _blocks("sh") for line in b.splitlines() if "specgen verify" in line]
    argv = verify.split("#")[0].split()[1:]
    result = subprocess.run(
        [sys.executable, "-m", "generator", *argv],
        capture_output=True, text=True, env={"PYTHONPATH": str(REPO_ROOT), "PATH": ""},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok   listSoraCamDevices: 1 pair(s)" in result.stdout


def test_mock_command_and_curl(project: Path) -> None:
    mock_line, *curl = _blocks("sh")[0].splitlines()
    argv = mock_line.split("#")[0].split()
    assert argv[:3] == ["specgen", "mock", "openapi.yaml"]
    headers = dict(h.split(": ") for h in re.findall(r"-H '([^']*)'", "\n".join(curl)))
    path = re.search(r"http://127\.0\.0\.1:4010(/\S+)", "\n".join(curl))
    assert path and headers["Prefer"] == "code=404"
    with mock_process(project / "openapi.yaml", *argv[5:]) as url:  # --seed 1; --port 0, not 4010
        response = httpx.get(url.removesuffix("/v1") + path[1], headers=headers)
    assert response.status_code == 404


def test_pytest_example(pytester: pytest.Pytester, soracam_spec: Path) -> None:
    ini = _blocks("ini")[0]
    shutil.copy(soracam_spec, pytester.path / "openapi.yaml")
    pytester.makeini(ini)
    pytester.makeconftest(
        f"import sys\nsys.path[:0] = [{str(REPO_ROOT)!r}, {str(REPO_ROOT / 'generated' / 'soracam')!r}]\n"
        'pytest_plugins = ["generator.contract.pytest_plugin"]\n'
    )
    pytester.makepyfile(test_readme_example=_blocks("python")[1])
    # `-p no:specgen`: the checkout's plugin only, not also the installed entry point's copy.
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:specgen")
    result.assert_outcomes(passed=1)
