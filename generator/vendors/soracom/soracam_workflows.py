"""SoraCam workflows on top of the client: export, wait, download; live images.

Hand-written for the Soracom Cloud Camera Services API (SoraCam), shipped in the package as
`<package>._vendor.soracam_workflows`. It drives the client's own methods (generated or dynamic:
`client.sora_cam.export_sora_cam_device_recorded_video(...)` and so on), so requests are checked,
retried and logged like any other call. The export POSTs are never retried (an export is billed
per request) unless the client opted in.

    flows = SoraCamWorkflows(client)        # AsyncSoraCamWorkflows(async_client): the same, awaited
    clips = flows.export_video("7CDDDEADBEEF", start, start + timedelta(minutes=45))
    for clip in clips:
        flows.download(clip, f"clip-{clip.export_id}.zip", unzip=True)

Times are aware `datetime`s (naive ones are refused: the camera's time zone is not the
caller's) or epoch milliseconds, as the API takes them. Export statuses follow the spec's
`SoraCamVideoExportInfo.status`: `initializing`, `processing`, `retrying` go on; `completed`
ends; `failed`, `limitExceeded` and `expired` each raise their own error.

    ApiError
    └── SoraCamWorkflowError
        ├── ExportFailedError            status `failed`
        ├── ExportLimitExceededError     status `limitExceeded`
        ├── ExportExpiredError           status `expired`, or the URL's expiryTime has passed
        ├── ExportTimeoutError           still not finished when the wait timed out
        ├── ExportAllowanceError         too little export time left: nothing was requested
        ├── DownloadError                the download failed (error status, connection lost)
        └── LiveImageUnavailableError    422 from the live image API
            ├── CameraOfflineError           ... and the device reports it is not connected
            └── RealTimeAccessError          ... while connected: real-time access is off
"""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
import time as _time
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from generator.runtime.errors import ApiError, UnprocessableEntityError

__all__ = [
    "MAX_VIDEO_SECONDS",
    "AsyncSoraCamWorkflows",
    "CameraOfflineError",
    "DownloadError",
    "ExportAllowanceError",
    "ExportExpiredError",
    "ExportFailedError",
    "ExportLimitExceededError",
    "ExportTimeoutError",
    "LiveImageUnavailableError",
    "PollPolicy",
    "RealTimeAccessError",
    "SoraCamWorkflowError",
    "SoraCamWorkflows",
    "as_datetime",
    "to_epoch_ms",
    "video_chunks",
]

logger = logging.getLogger(__name__)

MAX_VIDEO_SECONDS = 900
"""The longest range one video export takes (SoraCamVideoExportSpecification.to)."""

Time = datetime | int
"""An aware datetime or epoch milliseconds."""


class SoraCamWorkflowError(ApiError):
    """Base of the workflow errors; `export` holds the last export info seen, if any."""

    def __init__(self, message: str, export: Any = None) -> None:
        super().__init__(message)
        self.export = export


class ExportFailedError(SoraCamWorkflowError):
    """The export ended with status `failed`."""


class ExportLimitExceededError(SoraCamWorkflowError):
    """The export ended with `limitExceeded`: the month's export time is used up."""


class ExportExpiredError(SoraCamWorkflowError):
    """The export's URL expired (status `expired`, or its expiryTime passed before download)."""


class ExportTimeoutError(SoraCamWorkflowError):
    """The export did not finish within the wait's timeout (it may still finish later)."""


class ExportAllowanceError(SoraCamWorkflowError):
    """The remaining export allowance is smaller than the export needs; nothing was exported."""


class DownloadError(SoraCamWorkflowError):
    """The download URL answered an error status, or the connection failed mid-way."""


class LiveImageUnavailableError(SoraCamWorkflowError):
    """The live image API answered 422: the camera cannot be reached in real time."""


class CameraOfflineError(LiveImageUnavailableError):
    """The camera is not connected."""


class RealTimeAccessError(LiveImageUnavailableError):
    """The camera is connected but real-time access is not enabled for it."""


_FAILURES: dict[str, type[SoraCamWorkflowError]] = {
    "failed": ExportFailedError,
    "limitExceeded": ExportLimitExceededError,
    "expired": ExportExpiredError,
}
_PENDING = frozenset({"initializing", "processing", "retrying"})


# --- times ----------------------------------------------------------------------------------


def to_epoch_ms(value: Time, name: str = "time") -> int:
    """Epoch milliseconds of an aware datetime or an int (taken as epoch milliseconds)."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"{name}: naive datetime {value.isoformat()} refused; give a time zone "
                "(e.g. datetime(..., tzinfo=timezone.utc)) or epoch milliseconds"
            )
        return int(value.timestamp() * 1000)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: expected an aware datetime or epoch milliseconds (int)")
    if value < 0:
        raise ValueError(f"{name}: epoch milliseconds must not be negative: {value}")
    return value


def as_datetime(epoch_ms: int) -> datetime:
    """An epoch-millisecond field (`time`, `expiryTime`...) as an aware UTC datetime."""
    return datetime.fromtimestamp(epoch_ms / 1000, tz=UTC)


def video_chunks(start: Time, end: Time) -> list[tuple[int, int]]:
    """Consecutive (from, to) epoch-ms ranges of at most 900 s covering [start, end)."""
    begin, finish = to_epoch_ms(start, "start"), to_epoch_ms(end, "end")
    if finish <= begin:
        raise ValueError(f"end ({finish}) must be after start ({begin})")
    step = MAX_VIDEO_SECONDS * 1000
    return [(t, min(t + step, finish)) for t in range(begin, finish, step)]


# --- polling ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PollPolicy:
    """How to wait for an export: intervals grow by `multiplier` up to `max_interval`; the
    whole wait is bounded by `timeout` (seconds). Clock and sleep are injectable for tests."""

    interval: float = 2.0
    multiplier: float = 1.5
    max_interval: float = 15.0
    timeout: float = 600.0
    clock: Callable[[], float] = field(default=_time.monotonic, compare=False)
    sleep: Callable[[float], None] = field(default=_time.sleep, compare=False)
    wall_clock: Callable[[], float] = field(default=_time.time, compare=False)
    """Epoch seconds, compared with a download URL's expiryTime."""


def _status(info: Any) -> str:
    status = getattr(info, "status", None)
    return "" if status is None else str(getattr(status, "value", status))


# --- decisions shared by the sync and async workflows -----------------------------------------


class _Waiting:
    """One export being waited for: what each polled status means, and the next wait."""

    def __init__(self, poll: PollPolicy, what: str) -> None:
        self.poll, self.what = poll, what
        self.deadline = poll.clock() + poll.timeout
        self.interval = poll.interval

    def next_wait(self, info: Any) -> float | None:
        """None when `info` is completed; seconds to wait before polling again; or raises."""
        status, what, poll = _status(info), self.what, self.poll
        if status == "completed":
            return None
        failure = _FAILURES.get(status)
        if failure is not None:
            raise failure(f"{what} ended with status {status!r}", info)
        if status not in _PENDING:
            logger.warning("%s: unknown status %r; still waiting", what, status)
        left = self.deadline - poll.clock()
        if left <= 0:
            raise ExportTimeoutError(
                f"{what} still {status!r} after {poll.timeout:g} s; it may finish later: "
                "wait again with its export id",
                info,
            )
        wait = min(self.interval, left)
        logger.debug("%s is %r; polling again in %.1f s", what, status, wait)
        self.interval = min(poll.max_interval, self.interval * poll.multiplier)
        return wait


def _video_seconds(chunks: list[tuple[int, int]], spec: dict[str, Any]) -> float:
    """Export seconds the chunks cost: their length, twice with `audioCodec="mp3"`."""
    seconds = sum(to - begin for begin, to in chunks) / 1000
    return seconds * 2 if spec.get("audioCodec") == "mp3" else seconds


def _check_allowance(
    usage: Any, device_id: str, *, seconds: float | None = None, frames: int | None = None
) -> None:
    """Raise `ExportAllowanceError` when `usage` (SoraCamExportUsage) leaves too little."""
    month = usage.metered_year_month
    if seconds is not None and usage.video.remaining_seconds < seconds:
        raise ExportAllowanceError(
            f"device {device_id}: the export needs {seconds:g} s of video but "
            f"{usage.video.remaining_seconds} s remain for {month}; nothing was exported"
        )
    if frames is not None and usage.image.remaining_frames < frames:
        raise ExportAllowanceError(
            f"device {device_id}: the export needs {frames} image(s) but "
            f"{usage.image.remaining_frames} remain for {month}; nothing was exported"
        )


def _download_url(export: Any, wall_clock: Callable[[], float]) -> str:
    """The export's URL; refused when absent or past its expiryTime (epoch ms)."""
    url = getattr(export, "url", None)
    if not isinstance(url, str) or not url:
        raise SoraCamWorkflowError(
            f"export {getattr(export, 'export_id', '?')} has no URL (status "
            f"{_status(export)!r}); wait for it to complete first",
            export,
        )
    expiry = getattr(export, "expiry_time", None)
    if isinstance(expiry, int) and wall_clock() * 1000 >= expiry:
        raise ExportExpiredError(
            f"the URL of export {getattr(export, 'export_id', '?')} expired at "
            f"{as_datetime(expiry).isoformat()}; export again",
            export,
        )
    return url


def _status_failure(export: Any, status: int) -> DownloadError:
    name = getattr(export, "export_id", "the export")
    return DownloadError(f"download of {name} answered {status}", export)


def _transport_failure(export: Any, exc: httpx.TransportError) -> DownloadError:
    name = getattr(export, "export_id", "the export")
    return DownloadError(f"download of {name} failed: {exc}", export)


class _AtomicFile:
    """A temporary file beside `target`: renamed over it when the `with` block ends normally,
    removed otherwise (an error, a cancellation); `write` reports the bytes so far to
    `progress`. Serves the sync and the async download alike."""

    def __init__(
        self, target: Path, progress: Callable[[int, int | None], None] | None = None
    ) -> None:
        self.target = target
        self.progress = progress
        self.received = 0
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        self.temporary = Path(name)
        self.out = os.fdopen(handle, "wb")

    def write(self, chunk: bytes) -> None:
        self.out.write(chunk)
        self.received += len(chunk)
        if self.progress is not None:
            self.progress(self.received, None)

    def __enter__(self) -> _AtomicFile:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if exc_type is not None:
            self._discard()
            return
        try:
            self.out.flush()
            os.fsync(self.out.fileno())
            self.out.close()
            os.replace(self.temporary, self.target)
        except BaseException:
            self._discard()
            raise

    def _discard(self) -> None:
        self.out.close()
        self.temporary.unlink(missing_ok=True)


def _finish(target: Path, unzip: bool) -> Path | list[Path]:
    return _unzip(target, target.with_suffix("")) if unzip else target


def _live_error(device: Any, device_id: str, exc: UnprocessableEntityError) -> Exception:
    """The 422 of the live image API, told apart by the device's `connected`."""
    if getattr(device, "connected", None) is False:
        return CameraOfflineError(
            f"device {device_id} is offline: no live image ({exc.message or exc})"
        )
    return RealTimeAccessError(
        f"device {device_id} is connected but gave no live image: real-time access "
        f"is probably not enabled for it ({exc.message or exc})"
    )


# --- the workflows ----------------------------------------------------------------------------


class SoraCamWorkflows:
    """Export, wait and download with a synchronous SoraCam client (generated or dynamic).

    `download_transport` replaces the network for downloads (tests); downloads go to the
    export's pre-signed URL with a plain httpx client, never with the API credentials.
    """

    def __init__(
        self,
        client: Any,
        *,
        poll: PollPolicy | None = None,
        download_transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.client = client
        self.api = client.sora_cam
        self.poll = poll or PollPolicy()
        self._download_transport = download_transport

    def export_image(
        self, device_id: str, time: Time, *, check_usage: bool = True, **spec: Any
    ) -> Any:
        """Export the still image at `time` and wait until it completes; returns the
        `SoraCamImageExportInfo` (with `url` and `expiry_time`).

        `spec` adds fields of `SoraCamImageExportSpecification` (wire names, e.g.
        `imageFilters=["wide_angle_correction"]`). With `check_usage`, the device's export
        usage is read first and `ExportAllowanceError` raised when no frame is left.
        """
        at = to_epoch_ms(time)
        if check_usage:
            usage = self.api.get_sora_cam_device_export_usage(device_id=device_id)
            _check_allowance(usage, device_id, frames=1)
        info = self.api.export_sora_cam_device_recorded_image(
            device_id=device_id, body={**spec, "time": at}
        )
        return self.wait_for_image(device_id, info.export_id)

    def export_video(
        self, device_id: str, start: Time, end: Time, *, check_usage: bool = True, **spec: Any
    ) -> list[Any]:
        """Export [start, end) and wait; returns one completed `SoraCamVideoExportInfo` per
        chunk. A range longer than 900 s becomes consecutive exports of at most 900 s each
        (45 minutes: 3 exports), requested one after the other.

        `spec` adds fields of `SoraCamVideoExportSpecification` (`audioCodec="mp3"` costs
        twice the export time, and is counted so). With `check_usage`, the whole range is
        checked against the remaining export seconds before the first export is requested.
        """
        chunks = video_chunks(start, end)
        if check_usage:
            usage = self.api.get_sora_cam_device_export_usage(device_id=device_id)
            _check_allowance(usage, device_id, seconds=_video_seconds(chunks, spec))
        done = []
        for begin, to in chunks:
            info = self.api.export_sora_cam_device_recorded_video(
                device_id=device_id, body={**spec, "from": begin, "to": to}
            )
            done.append(self.wait_for_video(device_id, info.export_id))
        return done

    def wait_for_image(self, device_id: str, export_id: str) -> Any:
        """Poll an image export until it completes (see `PollPolicy`)."""
        get = self.api.get_sora_cam_device_exported_image
        return self._wait(lambda: get(device_id=device_id, export_id=export_id), export_id)

    def wait_for_video(self, device_id: str, export_id: str) -> Any:
        """Poll a video export until it completes (see `PollPolicy`)."""
        get = self.api.get_sora_cam_device_exported_video
        return self._wait(lambda: get(device_id=device_id, export_id=export_id), export_id)

    def _wait(self, fetch: Callable[[], Any], export_id: str) -> Any:
        waiting = _Waiting(self.poll, f"export {export_id}")
        while True:
            info = fetch()
            wait = waiting.next_wait(info)
            if wait is None:
                return info
            self.poll.sleep(wait)

    def stream(self, export: Any, *, chunk_size: int = 1 << 16) -> Iterator[bytes]:
        """The exported file's bytes, streamed (httpx streaming), checked against expiryTime."""
        url = _download_url(export, self.poll.wall_clock)
        try:
            with (
                httpx.Client(transport=self._download_transport, follow_redirects=True) as http,
                http.stream("GET", url) as response,
            ):
                if response.status_code >= 400:
                    response.read()
                    raise _status_failure(export, response.status_code)
                yield from response.iter_bytes(chunk_size)
        except httpx.TransportError as exc:
            raise _transport_failure(export, exc) from exc

    def download(
        self,
        export: Any,
        path: str | os.PathLike[str],
        *,
        progress: Callable[[int, int | None], None] | None = None,
        unzip: bool = False,
        chunk_size: int = 1 << 16,
    ) -> Path | list[Path]:
        """Download the export to `path` atomically (a temporary file in the same folder,
        renamed when complete: never a half-written file); returns the path.

        `progress(received_bytes, None)` is called after each chunk (the total is not known
        in advance). With `unzip=True` the zip (video exports are zipped unless
        `archive=False`) is unpacked into the folder `path` minus its suffix and the
        extracted files are returned.
        """
        target = Path(path)
        with _AtomicFile(target, progress) as partial:
            for chunk in self.stream(export, chunk_size=chunk_size):
                partial.write(chunk)
        return _finish(target, unzip)

    def live_image_url(self, device_id: str) -> str:
        """A URL of an image captured now (ATOM Cam); typed errors when it cannot be taken."""
        try:
            answer = self.api.get_sora_cam_device_atom_cam_live_image(device_id=device_id)
        except UnprocessableEntityError as exc:
            device = self.api.get_sora_cam_device(device_id=device_id)
            raise _live_error(device, device_id, exc) from exc
        url: str = answer.url
        return url

    def live_image(self, device_id: str, path: str | os.PathLike[str]) -> Path:
        """Capture a live image and download it atomically to `path`."""
        result = self.download(_Located(self.live_image_url(device_id)), path)
        assert isinstance(result, Path)
        return result


class AsyncSoraCamWorkflows:
    """The async twin of `SoraCamWorkflows`, for an `AsyncClient`; waits with `async_sleep`."""

    def __init__(
        self,
        client: Any,
        *,
        poll: PollPolicy | None = None,
        async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        download_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.client = client
        self.api = client.sora_cam
        self.poll = poll or PollPolicy()
        self._sleep = async_sleep
        self._download_transport = download_transport

    async def export_image(
        self, device_id: str, time: Time, *, check_usage: bool = True, **spec: Any
    ) -> Any:
        """See `SoraCamWorkflows.export_image`."""
        at = to_epoch_ms(time)
        if check_usage:
            usage = await self.api.get_sora_cam_device_export_usage(device_id=device_id)
            _check_allowance(usage, device_id, frames=1)
        info = await self.api.export_sora_cam_device_recorded_image(
            device_id=device_id, body={**spec, "time": at}
        )
        return await self.wait_for_image(device_id, info.export_id)

    async def export_video(
        self, device_id: str, start: Time, end: Time, *, check_usage: bool = True, **spec: Any
    ) -> list[Any]:
        """See `SoraCamWorkflows.export_video`."""
        chunks = video_chunks(start, end)
        if check_usage:
            usage = await self.api.get_sora_cam_device_export_usage(device_id=device_id)
            _check_allowance(usage, device_id, seconds=_video_seconds(chunks, spec))
        done = []
        for begin, to in chunks:
            info = await self.api.export_sora_cam_device_recorded_video(
                device_id=device_id, body={**spec, "from": begin, "to": to}
            )
            done.append(await self.wait_for_video(device_id, info.export_id))
        return done

    async def wait_for_image(self, device_id: str, export_id: str) -> Any:
        """See `SoraCamWorkflows.wait_for_image`."""
        get = self.api.get_sora_cam_device_exported_image
        return await self._wait(lambda: get(device_id=device_id, export_id=export_id), export_id)

    async def wait_for_video(self, device_id: str, export_id: str) -> Any:
        """See `SoraCamWorkflows.wait_for_video`."""
        get = self.api.get_sora_cam_device_exported_video
        return await self._wait(lambda: get(device_id=device_id, export_id=export_id), export_id)

    async def _wait(self, fetch: Callable[[], Awaitable[Any]], export_id: str) -> Any:
        waiting = _Waiting(self.poll, f"export {export_id}")
        while True:
            info = await fetch()
            wait = waiting.next_wait(info)
            if wait is None:
                return info
            await self._sleep(wait)

    async def stream(self, export: Any, *, chunk_size: int = 1 << 16) -> AsyncIterator[bytes]:
        """See `SoraCamWorkflows.stream`."""
        url = _download_url(export, self.poll.wall_clock)
        try:
            async with (
                httpx.AsyncClient(
                    transport=self._download_transport, follow_redirects=True
                ) as http,
                http.stream("GET", url) as response,
            ):
                if response.status_code >= 400:
                    await response.aread()
                    raise _status_failure(export, response.status_code)
                async for chunk in response.aiter_bytes(chunk_size):
                    yield chunk
        except httpx.TransportError as exc:
            raise _transport_failure(export, exc) from exc

    async def download(
        self,
        export: Any,
        path: str | os.PathLike[str],
        *,
        progress: Callable[[int, int | None], None] | None = None,
        unzip: bool = False,
        chunk_size: int = 1 << 16,
    ) -> Path | list[Path]:
        """See `SoraCamWorkflows.download`."""
        target = Path(path)
        with _AtomicFile(target, progress) as partial:
            async for chunk in self.stream(export, chunk_size=chunk_size):
                partial.write(chunk)
        return _finish(target, unzip)

    async def live_image_url(self, device_id: str) -> str:
        """See `SoraCamWorkflows.live_image_url`."""
        try:
            answer = await self.api.get_sora_cam_device_atom_cam_live_image(device_id=device_id)
        except UnprocessableEntityError as exc:
            device = await self.api.get_sora_cam_device(device_id=device_id)
            raise _live_error(device, device_id, exc) from exc
        url: str = answer.url
        return url

    async def live_image(self, device_id: str, path: str | os.PathLike[str]) -> Path:
        """See `SoraCamWorkflows.live_image`."""
        result = await self.download(_Located(await self.live_image_url(device_id)), path)
        assert isinstance(result, Path)
        return result


@dataclass(frozen=True)
class _Located:
    url: str
    export_id: str = "live image"


def _unzip(archive: Path, folder: Path) -> list[Path]:
    """Extract `archive` into `folder`, refusing members that would land outside it."""
    folder.mkdir(parents=True, exist_ok=True)
    root = folder.resolve()
    out = []
    with zipfile.ZipFile(archive) as zipped:
        for member in zipped.infolist():
            destination = (root / member.filename).resolve()
            if not destination.is_relative_to(root):
                raise SoraCamWorkflowError(
                    f"{archive.name}: member {member.filename!r} points outside {folder}"
                )
            if member.is_dir():
                continue
            zipped.extract(member, root)
            out.append(destination)
    return out
