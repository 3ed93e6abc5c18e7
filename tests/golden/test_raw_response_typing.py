"""mypy --strict sees each raw-response method's exact signature through the runtime's wrapper.

`...WithRawResponse` classes assign `to_raw_response_wrapper(resource.method)` in `__init__`
(`runtime/raw.py`); its `ParamSpec` typing must carry every keyword and its type, and change
only the return type to `ApiResponse[R]` (awaited, for async). The probe below runs through
mypy with `--strict` (so `warn_unused_ignores`): each `type: ignore[...]` line must really be an
error of that code, proving the wrapper rejects what the plain method rejects, and each
`reveal_type` pair is compared: the raw signature is the plain one with `ApiResponse[...]`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

PACKAGE_DIR = REPO_ROOT / "generated" / "soracam"

PROBE = """
from __future__ import annotations

from typing import assert_type

from soracam import ApiResponse, AsyncClient, Client, models


def sync_calls(client: Client) -> None:
    raw = client.with_raw_response.sora_cam
    assert_type(raw.get_sora_cam_device(device_id="d"), ApiResponse[models.SoraCamDevice])
    assert_type(raw.list_sora_cam_devices(), ApiResponse[list[models.SoraCamDevice]])
    assert_type(raw.handle_delete_sora_cam_device(device_id="d"), ApiResponse[None])
    raw.get_sora_cam_device(device_id=1)  # type: ignore[arg-type]
    raw.get_sora_cam_device()  # type: ignore[call-arg]
    raw.get_sora_cam_device(device_id="d", no_such_argument=1)  # type: ignore[call-arg]
    raw.get_sora_cam_device("d")  # type: ignore[call-arg]
    reveal_type(client.sora_cam.list_sora_cam_device_events_for_device)
    reveal_type(raw.list_sora_cam_device_events_for_device)


async def async_calls(client: AsyncClient) -> None:
    raw = client.with_raw_response.sora_cam
    assert_type(await raw.get_sora_cam_device(device_id="d"), ApiResponse[models.SoraCamDevice])
    assert_type(await raw.list_sora_cam_devices(), ApiResponse[list[models.SoraCamDevice]])
    await raw.get_sora_cam_device(device_id=1)  # type: ignore[arg-type]
    await raw.get_sora_cam_device()  # type: ignore[call-arg]
    reveal_type(client.sora_cam.list_sora_cam_device_events_for_device)
    reveal_type(raw.list_sora_cam_device_events_for_device)
"""

_REVEALED = re.compile(r'note: Revealed type is "(.*)"')


@pytest.mark.slow
def test_raw_methods_keep_the_exact_signature(tmp_path: Path) -> None:
    probe = tmp_path / "probe_raw.py"
    probe.write_text(PROBE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mc"), str(probe)],
        cwd=PACKAGE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert not errors, result.stdout
    revealed = _REVEALED.findall(result.stdout)
    assert len(revealed) == 4, result.stdout
    sync_plain, sync_raw, async_plain, async_raw = revealed
    parameters, returns = sync_plain.rsplit(" -> ", 1)
    assert parameters.startswith("def (*, device_id: str, last_evaluated_key: str |"), parameters
    assert "limit: int |" in parameters and "timeout: float |" in parameters
    assert returns.startswith("list[") and returns.endswith(".SoraCamEvent]"), returns
    response = f"soracam._runtime.response.ApiResponse[{returns}]"
    assert sync_raw == f"{parameters} -> {response}"
    assert async_plain == f"{parameters} -> typing.Coroutine[Any, Any, {returns}]"
    assert async_raw == f"{parameters} -> typing.Awaitable[{response}]"
