"""Compatibility aliases: an operationId renamed on the same method and path keeps its old
method name, deprecated, so vendored users' code keeps working (issue 5, point 3)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.pipeline import Target, render_target
from generator.write import write_package
from tests.conftest import SHARED

SPEC = SHARED / "specs" / "soracam-history" / "soracam-2025-08-28.yml"
RENAME = ("getSoraCamDeviceLiveImage", "getSoraCamDeviceAtomCamLiveImage")

PROBE = """
import asyncio, warnings, httpx
from soracam import AsyncClient, Client

sent = []
def handler(request):
    sent.append((request.method, str(request.url)))
    return httpx.Response(200, json={"url": "https://example.com/i.jpg"})

client = Client(api_key="K", api_token="T", transport=httpx.MockTransport(handler))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old = client.sora_cam.get_sora_cam_device_live_image(device_id="d")
new = client.sora_cam.get_sora_cam_device_atom_cam_live_image(device_id="d")
assert old == new, (old, new)
assert sent[0] == sent[1], sent
(warning,) = [w for w in caught if issubclass(w.category, DeprecationWarning)]
assert "get_sora_cam_device_atom_cam_live_image" in str(warning.message), warning.message
assert warning.filename.endswith("<string>") or "probe" in warning.filename, warning.filename
with warnings.catch_warnings(record=True) as caught:  # through the raw wrapper: still the caller
    warnings.simplefilter("always")
    raw_old = client.with_raw_response.sora_cam.get_sora_cam_device_live_image(device_id="d")
assert raw_old.status_code == 200 and raw_old.parsed == new, raw_old
(warning,) = [w for w in caught if issubclass(w.category, DeprecationWarning)]
assert warning.filename == "<string>", warning.filename

async def main():
    async with AsyncClient(api_key="K", api_token="T", transport=httpx.MockTransport(handler)) as c:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            await c.sora_cam.get_sora_cam_device_live_image(device_id="d")
        assert any(issubclass(w.category, DeprecationWarning) for w in caught)
        raw = c.with_raw_response.sora_cam
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            response = await raw.get_sora_cam_device_live_image(device_id="d")
        assert response.status_code == 200
        (warning,) = [w for w in caught if issubclass(w.category, DeprecationWarning)]
        assert warning.filename == "<string>", warning.filename
asyncio.run(main())
print("ok")
"""


def _generate(tmp_path: Path, aliases: tuple[tuple[str, str], ...]) -> Path:
    output = tmp_path / "soracam"
    target = Target(spec_path=SPEC, output=output, package="soracam", aliases=aliases)
    write_package(output, render_target(target))
    return output


def test_renamed_operation_keeps_a_deprecated_alias(tmp_path: Path, shared_dir: Path) -> None:
    output = _generate(tmp_path, (RENAME,))
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=output, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mc"), "soracam"],
        cwd=output,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert mypy.returncode == 0, mypy.stdout
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
        cwd=output,
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout


def test_no_alias_without_a_recorded_rename(tmp_path: Path, shared_dir: Path) -> None:
    output = _generate(tmp_path, ())
    source = (output / "soracam" / "resources" / "sora_cam.py").read_text(encoding="utf-8")
    assert "def get_sora_cam_device_live_image(" not in source
    assert "warnings" not in source


def test_alias_for_an_operation_still_present_is_not_emitted(
    tmp_path: Path, shared_dir: Path
) -> None:
    output = _generate(tmp_path, (("getSoraCamDevice", "getSoraCamDeviceAtomCamLiveImage"),))
    source = (output / "soracam" / "resources" / "sora_cam.py").read_text(encoding="utf-8")
    assert source.count("def get_sora_cam_device(") == 2  # sync and async: the real one
    assert "DeprecationWarning" not in source
