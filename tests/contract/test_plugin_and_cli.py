"""The pytest plugin (through pytester), `specgen mock` on the command line, and `specgen demo`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from generator.cli import main
from tests.contract.mock_process import REPO_ROOT, mock_process

pytest_plugins = ["pytester"]


@pytest.fixture
def pytester(pytester: pytest.Pytester) -> pytest.Pytester:
    """A test project that loads this checkout's plugin as the installed entry point would.

    Each run passes `-p no:specgen`: where specgen is installed, its `pytest11` entry point
    would load the plugin a second time (from site-packages) beside the checkout's copy."""
    pytester.makeconftest(
        f"import sys\nsys.path.insert(0, {str(REPO_ROOT)!r})\n"
        'pytest_plugins = ["generator.contract.pytest_plugin"]\n'
    )
    return pytester


def test_plugin_fixture_mock_and_verification(
    pytester: pytest.Pytester, soracam_spec: Path
) -> None:
    pytester.makeini(f"[pytest]\nspecgen_spec = {soracam_spec}\n")
    pytester.makepyfile(
        f"""
        import sys
        import httpx
        import pytest
        sys.path.insert(0, {str(REPO_ROOT / "generated" / "soracam")!r})
        from soracam import Client

        def test_dynamic_client(specgen_mock):
            client = specgen_mock.client(api_key="k", api_token="t")
            assert client.sora_cam.get_sora_cam_device_name(device_id="D").name
            assert specgen_mock.exchanges[-1]["response"]["status"] == 200

        @pytest.mark.specgen_verify
        def test_generated_client_verified(specgen_mock):
            client = specgen_mock.client(Client, api_key="k", api_token="t")
            client.sora_cam.list_sora_cam_devices()

        @pytest.mark.specgen_verify
        def test_violation_fails_at_teardown(specgen_mock):
            httpx.get(specgen_mock.url + "/sora_cam/devices/D/events?limit=0",
                      headers={{"X-Soracom-API-Key": "k"}})

        def test_traffic_fixture(specgen_traffic, specgen_mock):
            with httpx.Client(transport=specgen_traffic.transport()) as http:
                http.get(specgen_mock.url + "/sora_cam/devices/D/name",
                         headers={{"X-Soracom-API-Key": "k", "X-Soracom-Token": "t"}})
                http.get(specgen_mock.url + "/sora_cam/devices/D/name",
                         headers={{"X-Soracom-API-Key": "k", "X-Soracom-Token": "t", "Prefer": "code=500"}})
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:specgen")
    result.assert_outcomes(passed=4, errors=2)  # the two failing tests pass, then error at teardown
    result.stdout.fnmatch_lines(
        [
            "*test_violation_fails_at_teardown*",
            "*mock traffic breaks the spec*",
            "*request query.limit: must be >= 1*",
            "*traffic.jsonl breaks the spec*",
            "*traffic.jsonl:2: response status: 400 is not documented*",
        ]
    )


def test_plugin_without_a_spec_says_how_to_set_one(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_x(specgen_mock):\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:specgen")
    result.stdout.fnmatch_lines(["*specgen_mock needs a spec*specgen_spec*"])


def test_mock_command_serves_and_stops_on_ctrl_c(soracam_spec: Path) -> None:
    with mock_process(soracam_spec, "--seed", "4") as url:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/v1")
        keys = {"X-Soracom-API-Key": "k", "X-Soracom-Token": "t"}
        response = httpx.get(url + "/sora_cam/devices/D/name", headers=keys)
        assert response.status_code == 200 and response.json()["name"]


def test_mock_command_refuses_a_non_loopback_host_without_the_flag(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["mock", "spec.yaml", "--host", "0.0.0.0"]) == 2
    assert "--allow-non-loopback" in capsys.readouterr().err


def test_mock_command_bad_spec_gives_diagnostics_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.0.0\ninfo: {title: x}\npaths: {}\n")
    assert main(["mock", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2:1: error" in err and "version" in err and "Traceback" not in err


def test_demo_runs_the_generated_client_against_the_mock(soracam_spec: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "demo"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "SoraCam mock (specgen mock) at http://127.0.0.1:" in out
    assert "power_state=sleeping  (a value unknown to the spec, kept as is)" in out
    assert "page 3: HTTP 200, 2 events, next key None" in out
    assert "NotFoundError: HTTP 404" in out
    assert "query.limit: must be >= 1" in out
    # no false alarms: the only warning is the one the demo explains
    warnings = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(warnings) == 1, result.stderr
    assert "$[1].powerState: not one of the allowed values ('on', 'sleep')" in warnings[0]
