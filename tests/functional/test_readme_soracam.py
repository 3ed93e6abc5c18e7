"""The README's "Using the SoraCam client" login example runs as written.

The example is read from README.md (the block that logs in with a profile) and executed with
`HOME` pointing at a folder holding `.soracom/default.json` as `soracom configure` writes it,
whose `endpoint` is the fake Soracom API on 127.0.0.1: the README's words, a real login over
HTTP, the device printed.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest

from tests.functional import soracom_fake as fake_api
from tests.functional.conftest import REPO_ROOT

DEVICE = {
    "deviceId": "7CDDDEADBEEF",
    "name": "front door",
    "firmwareVersion": "4.58.0.100",
    "productDisplayName": "ATOM Cam 2",
    "powerState": "on",
}


def readme_section(title: str) -> str:
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", text, re.S | re.M)
    assert match, f"README.md has no section {title!r}"
    return match.group(1)


def python_blocks(section: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_login_with_a_profile_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    blocks = [
        b for b in python_blocks(readme_section("Using the SoraCam client")) if "profile=" in b
    ]
    assert len(blocks) == 1, "one login-with-a-profile example"
    fake = fake_api.FakeSoracom(devices=[DEVICE])
    monkeypatch.delenv("SORACOM_PROFILE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path))
    caplog.set_level(logging.DEBUG, logger="soracam")
    with fake.serve() as base_url:
        folder = tmp_path / ".soracom"
        folder.mkdir(mode=0o700)
        profile = {
            "coverageType": "jp",
            "endpoint": base_url.removesuffix("/v1"),
            "authKeyId": fake_api.AUTH_KEY_ID,
            "authKey": fake_api.AUTH_KEY,
        }
        (folder / "default.json").write_text(json.dumps(profile))
        (folder / "default.json").chmod(0o600)
        exec(compile(blocks[0], "README.md", "exec"), {})  # noqa: S102 (our own README)
    assert capsys.readouterr().out == "7CDDDEADBEEF front door\n"
    assert [s.path for s in fake.seen] == ["/v1/auth", "/v1/sora_cam/devices"]
    assert fake.logins()[0].body == {
        "authKeyId": fake_api.AUTH_KEY_ID,
        "authKey": fake_api.AUTH_KEY,
    }
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]  # a valid response
