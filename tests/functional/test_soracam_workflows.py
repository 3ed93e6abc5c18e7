"""SoraCam workflows (`soracam.workflows`, shipped as `soracam._vendor.soracam_workflows` from
generator/vendors/soracom)
against a fake SoraCam API on `httpx.MockTransport`: export, wait, download, live image."""

from __future__ import annotations

import asyncio
import io
import re
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
import soracam
from soracam import workflows
from soracam._vendor import soracam_workflows as wf  # internals are tested here too

DEVICE = "7CDDDEADBEEF"
START = datetime(2025, 11, 30, 12, 0, tzinfo=UTC)
START_MS = 1_764_504_000_000
NOW = 1_764_547_200.0  # wall clock of the tests (epoch seconds)
DOWNLOAD = "https://download.example/exports/"


class FakeSoraCam:
    """The export, usage, live image and device endpoints, plus a download host."""

    def __init__(
        self,
        *,
        statuses: list[str] | None = None,
        remaining_seconds: int = 72_000,
        remaining_frames: int = 100,
        payload: bytes = b"\xff\xd8jpeg bytes\xff\xd9",
        live: int = 200,
        connected: bool = True,
    ) -> None:
        self.statuses = statuses or ["initializing", "processing", "completed"]
        self.remaining_seconds = remaining_seconds
        self.remaining_frames = remaining_frames
        self.payload = payload
        self.live, self.connected = live, connected
        self.requests: list[httpx.Request] = []
        self.exports: list[dict[str, Any]] = []
        self.polls: dict[str, int] = {}

    def log(self) -> list[str]:
        return [f"{r.method} {r.url.path}" for r in self.requests]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if str(request.url).startswith(DOWNLOAD):
            return httpx.Response(200, content=self.payload)
        base = f"/v1/sora_cam/devices/{DEVICE}"
        if path == f"{base}/exports/usage":
            return httpx.Response(200, json=self.usage())
        if path == base:
            return httpx.Response(
                200,
                json={
                    "deviceId": DEVICE,
                    "name": "door",
                    "firmwareVersion": "1",
                    "productDisplayName": "ATOM Cam 2",
                    "powerState": "on",
                    "connected": self.connected,
                },
            )
        if path == f"{base}/atom_cam/live_image":
            if self.live == 422:
                return httpx.Response(422, json={"code": "SCA0010", "message": "cannot connect"})
            return httpx.Response(200, json={"url": DOWNLOAD + "live.jpg"})
        match = re.fullmatch(rf"{base}/(images|videos)/exports(?:/(\w+))?", path)
        assert match, path
        kind, export_id = match.groups()
        if request.method == "POST":
            import json

            body = json.loads(request.content)
            export_id = f"{kind[0]}{len(self.exports) + 1}"
            self.exports.append({"id": export_id, **body})
            return httpx.Response(200, json=self.info(export_id, "initializing"))
        count = self.polls[export_id] = self.polls.get(export_id, 0) + 1
        status = self.statuses[min(count, len(self.statuses)) - 1]
        return httpx.Response(200, json=self.info(export_id, status))

    def info(self, export_id: str, status: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "deviceId": DEVICE,
            "exportId": export_id,
            "operatorId": "OP0012345678",
            "requestedTime": START_MS,
            "status": status,
        }
        if status == "completed":
            out["url"] = f"{DOWNLOAD}{export_id}.zip"
            out["expiryTime"] = int(NOW * 1000) + 600_000
        return out

    def usage(self) -> dict[str, Any]:
        return {
            "deviceId": DEVICE,
            "meteredYearMonth": "202512",
            "video": {
                "billedSeconds": 0,
                "limitSeconds": 72_000,
                "remainingSeconds": self.remaining_seconds,
                "usedSeconds": 72_000 - self.remaining_seconds,
            },
            "image": {
                "billedFrames": 0,
                "limitFrames": 100,
                "remainingFrames": self.remaining_frames,
                "usedFrames": 100 - self.remaining_frames,
            },
        }


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    def poll(self, **options: Any) -> wf.PollPolicy:
        return wf.PollPolicy(
            clock=lambda: self.now, sleep=self.sleep, wall_clock=lambda: NOW, **options
        )


def _flows(fake: FakeSoraCam, clock: Clock | None = None, **poll: Any) -> wf.SoraCamWorkflows:
    transport = httpx.MockTransport(fake)
    client = soracam.Client(api_key="k", api_token="t", transport=transport)
    return wf.SoraCamWorkflows(
        client, poll=(clock or Clock()).poll(**poll), download_transport=transport
    )


# --- exports ----------------------------------------------------------------------------------


def test_image_export_checks_usage_exports_and_waits() -> None:
    fake, clock = FakeSoraCam(), Clock()
    info = _flows(fake, clock).export_image(DEVICE, START)
    assert info.status == "completed" and info.url == DOWNLOAD + "i1.zip"
    assert fake.exports == [{"id": "i1", "time": START_MS}]
    assert fake.log() == [
        f"GET /v1/sora_cam/devices/{DEVICE}/exports/usage",
        f"POST /v1/sora_cam/devices/{DEVICE}/images/exports",
        f"GET /v1/sora_cam/devices/{DEVICE}/images/exports/i1",
        f"GET /v1/sora_cam/devices/{DEVICE}/images/exports/i1",
        f"GET /v1/sora_cam/devices/{DEVICE}/images/exports/i1",
    ]
    assert clock.waits == [2.0, 3.0]  # backoff from the injected clock, interval x 1.5


def test_a_45_minute_video_becomes_3_consecutive_exports() -> None:
    fake = FakeSoraCam(statuses=["processing", "completed"])
    infos = _flows(fake).export_video(DEVICE, START, START + timedelta(minutes=45))
    assert [i.export_id for i in infos] == ["v1", "v2", "v3"]
    assert [(e["from"], e["to"]) for e in fake.exports] == [
        (START_MS, START_MS + 900_000),
        (START_MS + 900_000, START_MS + 1_800_000),
        (START_MS + 1_800_000, START_MS + 2_700_000),
    ]
    assert all(i.status == "completed" for i in infos)


def test_video_chunks_cover_the_range_exactly() -> None:
    assert wf.video_chunks(0, 900_000) == [(0, 900_000)]
    assert wf.video_chunks(0, 900_001) == [(0, 900_000), (900_000, 900_001)]
    with pytest.raises(ValueError, match="after start"):
        wf.video_chunks(5, 5)


@pytest.mark.parametrize(
    ("status", "error"),
    [
        ("failed", wf.ExportFailedError),
        ("limitExceeded", wf.ExportLimitExceededError),
        ("expired", wf.ExportExpiredError),
    ],
)
@pytest.mark.parametrize("kind", ["image", "video"])
def test_each_failure_status_raises_its_own_error(kind: str, status: str, error: type) -> None:
    fake = FakeSoraCam(statuses=["processing", status])
    flows = _flows(fake)
    with pytest.raises(error, match=status) as caught:
        if kind == "image":
            flows.export_image(DEVICE, START_MS)
        else:
            flows.export_video(DEVICE, START_MS, START_MS + 60_000)
    assert isinstance(caught.value, soracam.ApiError)
    assert caught.value.export.status == status
    others = {wf.ExportFailedError, wf.ExportLimitExceededError, wf.ExportExpiredError} - {error}
    assert not isinstance(caught.value, tuple(others))


def test_the_spec_statuses_are_all_recognised() -> None:
    statuses = set(soracam.models.SoraCamVideoExportInfoStatus.__members__.values())
    assert {str(s) for s in statuses} == set(wf._FAILURES) | wf._PENDING | {"completed"}


def test_polling_times_out_cleanly() -> None:
    fake, clock = FakeSoraCam(statuses=["processing"]), Clock()
    with pytest.raises(wf.ExportTimeoutError, match="still 'processing' after 30 s"):
        _flows(fake, clock, timeout=30).export_image(DEVICE, START_MS)
    assert sum(clock.waits) == 30
    assert max(clock.waits) <= 15


@pytest.mark.parametrize(
    ("kind", "fake", "message"),
    [
        ("video", FakeSoraCam(remaining_seconds=1000), "needs 2700 s of video but 1000 s"),
        ("image", FakeSoraCam(remaining_frames=0), "needs 1 image"),
    ],
)
def test_too_little_allowance_is_refused_before_any_export(
    kind: str, fake: FakeSoraCam, message: str
) -> None:
    flows = _flows(fake)
    with pytest.raises(wf.ExportAllowanceError, match=message):
        if kind == "video":
            flows.export_video(DEVICE, START, START + timedelta(minutes=45))
        else:
            flows.export_image(DEVICE, START)
    assert [r.method for r in fake.requests] == ["GET"]  # the usage only, no export
    assert fake.exports == []


def test_mp3_audio_counts_twice() -> None:
    fake = FakeSoraCam(remaining_seconds=1500)
    flows = _flows(fake)
    with pytest.raises(wf.ExportAllowanceError, match="needs 1800 s"):
        flows.export_video(DEVICE, START_MS, START_MS + 900_000, audioCodec="mp3")
    assert flows.export_video(DEVICE, START_MS, START_MS + 900_000)[0].status == "completed"


def test_an_export_post_is_not_retried() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        if request.method == "POST":
            return httpx.Response(503)
        return httpx.Response(200, json=FakeSoraCam().usage())

    client = soracam.Client(api_key="k", api_token="t", transport=httpx.MockTransport(handler))
    with pytest.raises(soracam.InternalServerError):
        wf.SoraCamWorkflows(client).export_image(DEVICE, START_MS)
    assert calls == ["GET", "POST"]


# --- times --------------------------------------------------------------------------------------


def test_times() -> None:
    assert wf.to_epoch_ms(START) == START_MS
    assert wf.to_epoch_ms(START.astimezone(timezone(timedelta(hours=9)))) == START_MS
    assert wf.to_epoch_ms(START_MS) == START_MS
    assert wf.as_datetime(START_MS) == START
    with pytest.raises(ValueError, match="naive datetime"):
        wf.to_epoch_ms(datetime(2025, 11, 30, 12, 0))
    with pytest.raises(TypeError):
        wf.to_epoch_ms(True)
    with pytest.raises(ValueError, match="negative"):
        wf.to_epoch_ms(-1)
    with pytest.raises(ValueError, match="naive"):
        _flows(FakeSoraCam()).export_image(DEVICE, datetime(2025, 11, 30))


# --- downloads ----------------------------------------------------------------------------------


def test_download_lands_atomically_with_progress(tmp_path: Path) -> None:
    payload = bytes(range(256)) * 1000
    fake = FakeSoraCam(payload=payload)
    flows = _flows(fake)
    info = flows.export_image(DEVICE, START_MS)
    seen: list[int] = []
    target = flows.download(info, tmp_path / "still.jpg", progress=lambda n, total: seen.append(n))
    assert target == tmp_path / "still.jpg" and target.read_bytes() == payload
    assert seen[-1] == len(payload) and seen == sorted(seen) and len(seen) > 1
    assert [p.name for p in tmp_path.iterdir()] == ["still.jpg"]  # no temporary left
    assert "x-soracom-api-key" not in fake.requests[-1].headers  # never sent to the URL host
    assert b"".join(flows.stream(info)) == payload


def test_a_broken_download_leaves_nothing_behind(tmp_path: Path) -> None:
    class Cut(httpx.SyncByteStream):
        def __iter__(self) -> Any:
            yield b"partial"
            raise httpx.RemoteProtocolError("peer closed connection")

    info = wf._Located(DOWNLOAD + "x.zip")
    transport = httpx.MockTransport(lambda r: httpx.Response(200, stream=Cut()))
    flows = wf.SoraCamWorkflows(
        soracam.Client(api_key="k", api_token="t"), download_transport=transport
    )
    (tmp_path / "clip.zip").write_bytes(b"the previous download")
    with pytest.raises(wf.DownloadError, match="peer closed"):
        flows.download(info, tmp_path / "clip.zip")
    assert [p.name for p in tmp_path.iterdir()] == ["clip.zip"]
    assert (tmp_path / "clip.zip").read_bytes() == b"the previous download"


def test_an_expired_url_is_refused_before_downloading(tmp_path: Path) -> None:
    fake = FakeSoraCam()
    flows = _flows(fake)
    info = flows.export_image(DEVICE, START_MS)
    later = wf.SoraCamWorkflows(
        flows.client,
        poll=wf.PollPolicy(wall_clock=lambda: NOW + 601),
        download_transport=httpx.MockTransport(fake),
    )
    sent = len(fake.requests)
    with pytest.raises(wf.ExportExpiredError, match="expired at"):
        later.download(info, tmp_path / "late.jpg")
    assert len(fake.requests) == sent and list(tmp_path.iterdir()) == []


def test_download_error_status(tmp_path: Path) -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(403, text="AccessDenied"))
    flows = wf.SoraCamWorkflows(
        soracam.Client(api_key="k", api_token="t"), download_transport=transport
    )
    with pytest.raises(wf.DownloadError, match="403"):
        flows.download(wf._Located(DOWNLOAD + "x.zip"), tmp_path / "x.zip")
    assert list(tmp_path.iterdir()) == []


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_is_unpacked_on_request(tmp_path: Path) -> None:
    fake = FakeSoraCam(payload=_zip({"clip/0001.mp4": b"mp4 one", "clip/0002.mp4": b"mp4 two"}))
    flows = _flows(fake)
    (info,) = flows.export_video(DEVICE, START_MS, START_MS + 60_000)
    files = flows.download(info, tmp_path / "clip.zip", unzip=True)
    assert isinstance(files, list)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in files) == [
        "clip/clip/0001.mp4",
        "clip/clip/0002.mp4",
    ]
    assert (tmp_path / "clip" / "clip" / "0002.mp4").read_bytes() == b"mp4 two"


def test_a_zip_member_escaping_the_folder_is_refused(tmp_path: Path) -> None:
    fake = FakeSoraCam(payload=_zip({"../evil.txt": b"x"}))
    flows = _flows(fake)
    (info,) = flows.export_video(DEVICE, START_MS, START_MS + 60_000)
    with pytest.raises(wf.SoraCamWorkflowError, match="outside"):
        flows.download(info, tmp_path / "clip.zip", unzip=True)
    assert not (tmp_path / "evil.txt").exists()


# --- live image ---------------------------------------------------------------------------------


def test_live_image(tmp_path: Path) -> None:
    flows = _flows(FakeSoraCam())
    assert flows.live_image_url(DEVICE) == DOWNLOAD + "live.jpg"
    path = flows.live_image(DEVICE, tmp_path / "now.jpg")
    assert path.read_bytes().startswith(b"\xff\xd8")


@pytest.mark.parametrize(
    ("connected", "error", "message"),
    [(False, wf.CameraOfflineError, "offline"), (True, wf.RealTimeAccessError, "real-time")],
)
def test_live_image_errors_say_why(connected: bool, error: type, message: str) -> None:
    flows = _flows(FakeSoraCam(live=422, connected=connected))
    with pytest.raises(error, match=message) as caught:
        flows.live_image_url(DEVICE)
    assert isinstance(caught.value, wf.LiveImageUnavailableError)
    assert isinstance(caught.value.__cause__, soracam.UnprocessableEntityError)


# --- the dynamic client, with the layer as it is in the repository ------------------------------


def test_workflows_drive_the_dynamic_client_too() -> None:
    from generator.dynamic import Client
    from generator.vendors.soracom import soracam_workflows as repo_wf
    from tests.functional.test_parity import API

    fake = FakeSoraCam()
    transport = httpx.MockTransport(fake)
    client = Client(API, api_key="k", api_token="t", transport=transport)
    clock = Clock()
    flows = repo_wf.SoraCamWorkflows(
        client,
        poll=repo_wf.PollPolicy(clock=lambda: clock.now, sleep=clock.sleep, wall_clock=lambda: NOW),
        download_transport=transport,
    )
    infos = flows.export_video(DEVICE, START, START + timedelta(minutes=20))
    assert [i.export_id for i in infos] == ["v1", "v2"]


def test_the_package_copy_imports_its_own_runtime() -> None:
    source = Path(wf.__file__).read_text(encoding="utf-8")
    assert "generator" not in re.findall(r"^from (\S+)", source, re.MULTILINE)[-1]
    assert "from .._runtime.errors import" in source
    assert wf.SoraCamWorkflowError.__mro__[1] is soracam.ApiError


# --- async -------------------------------------------------------------------------------------


def _async_flows(fake: FakeSoraCam, clock: Clock) -> wf.AsyncSoraCamWorkflows:
    transport = httpx.MockTransport(fake)
    client = soracam.AsyncClient(api_key="k", api_token="t", transport=transport)

    async def sleep(seconds: float) -> None:
        clock.sleep(seconds)

    return wf.AsyncSoraCamWorkflows(
        client, poll=clock.poll(), async_sleep=sleep, download_transport=transport
    )


def test_async_export_video_and_download(tmp_path: Path) -> None:
    fake, clock = FakeSoraCam(payload=_zip({"a.mp4": b"mp4"})), Clock()
    flows = _async_flows(fake, clock)

    async def run() -> Any:
        clips = await flows.export_video(DEVICE, START, START + timedelta(minutes=45))
        seen: list[int] = []
        files = await flows.download(
            clips[0], tmp_path / "c.zip", unzip=True, progress=lambda n, t: seen.append(n)
        )
        still = await flows.export_image(DEVICE, START)
        return clips, files, seen, still

    clips, files, seen, still = asyncio.run(run())
    assert [c.export_id for c in clips] == ["v1", "v2", "v3"]
    assert len(fake.exports) == 4 and fake.exports[-1] == {"id": "i4", "time": START_MS}
    assert files == [tmp_path / "c" / "a.mp4"] and seen[-1] == len(fake.payload)
    assert still.status == "completed"
    assert clock.waits == [2.0, 3.0] * 4


@pytest.mark.parametrize(
    ("status", "error"),
    [
        ("failed", wf.ExportFailedError),
        ("limitExceeded", wf.ExportLimitExceededError),
        ("expired", wf.ExportExpiredError),
    ],
)
def test_async_failure_statuses(status: str, error: type) -> None:
    flows = _async_flows(FakeSoraCam(statuses=[status]), Clock())
    with pytest.raises(error):
        asyncio.run(flows.export_image(DEVICE, START_MS))


def test_async_allowance_timeout_and_live_image_errors(tmp_path: Path) -> None:
    fake = FakeSoraCam(remaining_seconds=10)
    with pytest.raises(wf.ExportAllowanceError):
        asyncio.run(_async_flows(fake, Clock()).export_video(DEVICE, START_MS, START_MS + 60_000))
    assert fake.exports == []
    clock = Clock()
    with pytest.raises(wf.ExportTimeoutError):
        asyncio.run(_async_flows(FakeSoraCam(statuses=["retrying"]), clock).export_image(DEVICE, 0))
    assert sum(clock.waits) == 600
    with pytest.raises(wf.CameraOfflineError):
        asyncio.run(
            _async_flows(FakeSoraCam(live=422, connected=False), Clock()).live_image_url(DEVICE)
        )
    path = asyncio.run(_async_flows(FakeSoraCam(), Clock()).live_image(DEVICE, tmp_path / "l.jpg"))
    assert path.read_bytes().startswith(b"\xff\xd8")


def test_the_workflows_have_a_public_home_that_tracebacks_show() -> None:
    assert workflows.__all__ == wf.__all__
    for name in wf.__all__:
        assert getattr(workflows, name) is getattr(wf, name)
    assert workflows.SoraCamWorkflows.__module__ == "soracam.workflows"
    assert workflows.ExportTimeoutError.__module__ == "soracam.workflows"
    assert issubclass(workflows.SoraCamWorkflowError, soracam.ApiError)
