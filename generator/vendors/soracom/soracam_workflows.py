"""SoraCam workflows on top of the client: export, wait, download; live images.

Hand-written for the Soracom Cloud Camera Services API (SoraCam), shipped in the package as
`<package>._vendor.soracam_workflows`. It drives the client's own methods (generated or dynamic:
`client.sora_cam.export_sora_cam_device_recorded_video(...)` and so on), so requests are checked,
retried and logged like any other call. The export POSTs are never retried (an export is billed
per request) unless the client opted in.

    flows = SoraCamWorkflows(client)
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

import logging
import os
import tempfile
import time as _time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from generator.runtime.errors import ApiError, UnprocessableEntityError

__all__ = [
    "MAX_VIDEO_SECONDS",
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

    # --- exports ------------------------------------------------------------------------------

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
            self._check_allowance(device_id, frames=1)
        info = self.api.export_sora_cam_device_recorded_image(
            device_id=device_id, body={**spec, "time": at}
        )
        return self.wait_for_image(device_id, info.export_id)

    def export_video(
        self,
        device_id: str,
        start: Time,
        end: Time,
        *,
        check_usage: bool = True,
        **spec: Any,
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
            seconds = sum(to - begin for begin, to in chunks) / 1000
            if spec.get("audioCodec") == "mp3":
                seconds *= 2
            self._check_allowance(device_id, seconds=seconds)
        done = []
        for begin, to in chunks:
            info = self.api.export_sora_cam_device_recorded_video(
                device_id=device_id, body={**spec, "from": begin, "to": to}
            )
            done.append(self.wait_for_video(device_id, info.export_id))
        return done

    def wait_for_image(self, device_id: str, export_id: str) -> Any:
        """Poll an image export until it completes (see `PollPolicy`)."""
        return self._wait(
            lambda: self.api.get_sora_cam_device_exported_image(
                device_id=device_id, export_id=export_id
            ),
            f"image export {export_id}",
        )

    def wait_for_video(self, device_id: str, export_id: str) -> Any:
        """Poll a video export until it completes (see `PollPolicy`)."""
        return self._wait(
            lambda: self.api.get_sora_cam_device_exported_video(
                device_id=device_id, export_id=export_id
            ),
            f"video export {export_id}",
        )

    def _wait(self, fetch: Callable[[], Any], what: str) -> Any:
        poll = self.poll
        deadline = poll.clock() + poll.timeout
        interval = poll.interval
        while True:
            info = fetch()
            status = _status(info)
            if status == "completed":
                return info
            failure = _FAILURES.get(status)
            if failure is not None:
                raise failure(f"{what} ended with status {status!r}", info)
            if status not in _PENDING:
                logger.warning("%s: unknown status %r; still waiting", what, status)
            left = deadline - poll.clock()
            if left <= 0:
                raise ExportTimeoutError(
                    f"{what} still {status!r} after {poll.timeout:g} s; it may finish later: "
                    "wait again with its export id",
                    info,
                )
            logger.debug("%s is %r; polling again in %.1f s", what, status, interval)
            poll.sleep(min(interval, left))
            interval = min(poll.max_interval, interval * poll.multiplier)

    def _check_allowance(
        self, device_id: str, *, seconds: float | None = None, frames: int | None = None
    ) -> None:
        usage = self.api.get_sora_cam_device_export_usage(device_id=device_id)
        if seconds is not None:
            left = usage.video.remaining_seconds
            if left < seconds:
                raise ExportAllowanceError(
                    f"device {device_id}: the export needs {seconds:g} s of video but "
                    f"{left} s remain for {usage.metered_year_month}; nothing was exported"
                )
        if frames is not None:
            left = usage.image.remaining_frames
            if left < frames:
                raise ExportAllowanceError(
                    f"device {device_id}: the export needs {frames} image(s) but {left} "
                    f"remain for {usage.metered_year_month}; nothing was exported"
                )

    # --- downloads ----------------------------------------------------------------------------

    def stream(self, export: Any, *, chunk_size: int = 1 << 16) -> Iterator[bytes]:
        """The exported file's bytes, streamed (httpx streaming), checked against expiryTime."""
        url = self._url(export)
        name = getattr(export, "export_id", "the export")
        try:
            with (
                httpx.Client(transport=self._download_transport, follow_redirects=True) as http,
                http.stream("GET", url) as response,
            ):
                if response.status_code >= 400:
                    response.read()
                    raise DownloadError(
                        f"download of {name} answered {response.status_code}", export
                    )
                yield from response.iter_bytes(chunk_size)
        except httpx.TransportError as exc:
            raise DownloadError(f"download of {name} failed: {exc}", export) from exc

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

        `progress(received_bytes, total_bytes_or_None)` is called after each chunk. With
        `unzip=True` the zip (video exports are zipped unless `archive=False`) is unpacked
        into the folder `path` minus its suffix and the extracted files are returned.
        """
        target = Path(path)
        total: int | None = None
        length = getattr(export, "content_length", None)
        if isinstance(length, int):
            total = length
        received = 0
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                for chunk in self.stream(export, chunk_size=chunk_size):
                    out.write(chunk)
                    received += len(chunk)
                    if progress is not None:
                        progress(received, total)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        if unzip:
            return _unzip(target, target.with_suffix(""))
        return target

    def _url(self, export: Any) -> str:
        url = getattr(export, "url", None)
        if not isinstance(url, str) or not url:
            raise SoraCamWorkflowError(
                f"export {getattr(export, 'export_id', '?')} has no URL (status "
                f"{_status(export)!r}); wait for it to complete first",
                export,
            )
        expiry = getattr(export, "expiry_time", None)
        if isinstance(expiry, int) and self.poll.wall_clock() * 1000 >= expiry:
            raise ExportExpiredError(
                f"the URL of export {getattr(export, 'export_id', '?')} expired at "
                f"{as_datetime(expiry).isoformat()}; export again",
                export,
            )
        return url

    # --- live image ---------------------------------------------------------------------------

    def live_image_url(self, device_id: str) -> str:
        """A URL of an image captured now (ATOM Cam); typed errors when it cannot be taken."""
        try:
            answer = self.api.get_sora_cam_device_atom_cam_live_image(device_id=device_id)
        except UnprocessableEntityError as exc:
            device = self.api.get_sora_cam_device(device_id=device_id)
            if getattr(device, "connected", None) is False:
                raise CameraOfflineError(
                    f"device {device_id} is offline: no live image ({exc.message or exc})"
                ) from exc
            raise RealTimeAccessError(
                f"device {device_id} is connected but gave no live image: real-time access "
                f"is probably not enabled for it ({exc.message or exc})"
            ) from exc
        url: str = answer.url
        return url

    def live_image(self, device_id: str, path: str | os.PathLike[str]) -> Path:
        """Capture a live image and download it atomically to `path`."""
        url = self.live_image_url(device_id)
        result = self.download(_Located(url), path)
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
