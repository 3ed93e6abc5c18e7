"""The README's "Using the SoraCam client" paging and export examples run as written, against
a fake SoraCam API.

The blocks (found by what they use: `iter_` methods, `SoraCamWorkflows`) are executed
unchanged; only the network is replaced:
`soracam.Client` and `SoraCamWorkflows` are patched to use `httpx.MockTransport` (and a poll
policy that does not sleep). What the examples print and the files they write are checked.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import soracam
from soracam import workflows as wf

from tests.conftest import REPO_ROOT
from tests.functional.test_soracam_workflows import NOW, FakeSoraCam, _zip


def _example(marker: str) -> str:
    """The one python block of the section that contains `marker`."""
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Using the SoraCam client\n", 1)[1].split("\n## ", 1)[0]
    blocks = [b for b in re.findall(r"```python\n(.*?)```", section, re.DOTALL) if marker in b]
    assert len(blocks) == 1, f"one example using {marker}"
    return blocks[0]


def _event(n: int) -> dict[str, Any]:
    return {"deviceId": "7CDDDEADBEEF", "deviceType": "atomcam", "eventId": f"e{n}", "time": n}


class Api(FakeSoraCam):
    """The workflow fake plus two paginated event lists (4 pages of 100 events each)."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/events"):
            self.requests.append(request)
            key = int(request.url.params.get("last_evaluated_key", "0"))
            page = [_event(key + n) for n in range(100)]
            headers = {"x-soracom-next-key": str(key + 100)} if key < 300 else {}
            return httpx.Response(200, json=page, headers=headers)
        return super().__call__(request)


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Api:
    fake = Api(payload=_zip({"clip.mp4": b"mp4"}))
    transport = httpx.MockTransport(fake)
    real_client, real_flows = soracam.Client, wf.SoraCamWorkflows

    def client(**options: Any) -> Any:
        return real_client(transport=transport, **options)

    def flows(client: Any) -> Any:
        poll = wf.PollPolicy(clock=lambda: 0.0, sleep=lambda s: None, wall_clock=lambda: NOW)
        return real_flows(client, poll=poll, download_transport=transport)

    monkeypatch.setattr(soracam, "Client", client)
    monkeypatch.setattr(wf, "SoraCamWorkflows", flows)
    monkeypatch.chdir(tmp_path)
    return fake


def _run(code: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    return out.getvalue()


def test_paging_through_events(api: Api) -> None:
    printed = _run(_example(".iter_")).splitlines()
    assert printed[:250] == [f"{n} e{n}" for n in range(250)]  # max_items=250, in order
    assert printed[250:] == ["100 100", "100 200", "100 300"]  # max_pages=3, typed keys
    events_for = [r for r in api.requests if "/devices/7CDDDEADBEEF/events" in r.url.path]
    assert [r.url.params.get("last_evaluated_key") for r in events_for] == [None, "100", "200"]


def test_exporting_and_downloading_a_clip(api: Api, tmp_path: Path) -> None:
    printed = _run(_example("SoraCamWorkflows("))
    assert [(e["from"], e["to"]) for e in api.exports if "from" in e] == [
        (1_764_504_000_000, 1_764_504_900_000),
        (1_764_504_900_000, 1_764_505_800_000),
        (1_764_505_800_000, 1_764_506_700_000),
    ]
    for export_id in ("v1", "v2", "v3"):
        assert (tmp_path / f"{export_id}.zip").is_file()
        assert (tmp_path / export_id / "clip.mp4").read_bytes() == b"mp4"
    assert (tmp_path / "still.jpg").read_bytes() == api.payload
    assert printed.splitlines()[-1] == f"{len(api.payload)} bytes"
