"""Finding a pinned spec file: explicit path, local cache, mirror folders, then the network.

Whatever the source, the bytes must hash to the pinned sha256; a mismatch is an error naming
both hashes. Downloads land in the cache only after the hash matched.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from generator.config import Pin, Project


class FetchError(Exception):
    """The pinned spec could not be found or did not match its pin."""


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def locate_pinned(pin: Pin, project: Project, explicit: Path | None = None) -> Path:
    """Path of a local file with the pinned content, downloading it if needed.

    Looked for in this order: `explicit`, the cache, the mirror folders (by sha256), the pin's
    recorded `source` (a file or URL that `pull --from` took it from), then the pin's `url`.
    Raises `FetchError` when none holds bytes with the pinned sha256.
    """
    if explicit is not None:
        _verify(explicit, pin)
        return explicit
    cached = project.cache_dir / f"{pin.sha256}-{pin.file}"
    if cached.is_file():
        try:
            _verify(cached, pin)
            return cached
        except FetchError:
            cached.unlink()  # a corrupt cache entry is never trusted
    mirrored = find_in_mirrors(project, pin.sha256, pin.file)
    if mirrored is not None:
        return mirrored
    if pin.source and not pin.source.startswith(("http://", "https://")):
        recorded = project.root / pin.source  # an absolute source stays absolute
        if not recorded.is_file():
            raise FetchError(
                f"pin {pin.name!r}: the spec is recorded at {pin.source}, which does not exist "
                f"here, and no mirror or cache holds sha256 {pin.sha256}"
            )
        _verify(recorded, pin)
        return recorded
    return download(pin.source or pin.url, cached, pin.sha256)


def find_in_mirrors(project: Project, sha256: str, file_name: str = "") -> Path | None:
    """A file in one of the project's mirror folders whose bytes hash to `sha256`, if any."""
    for mirror in project.mirrors:
        for candidate in sorted(mirror.glob("*")) if mirror.is_dir() else []:
            if candidate.name == file_name or candidate.suffix in (".yml", ".yaml", ".json"):
                if candidate.is_file() and sha256_of(candidate.read_bytes()) == sha256:
                    return candidate
    return None


def _verify(path: Path, pin: Pin) -> None:
    actual = sha256_of(path.read_bytes())
    if actual != pin.sha256:
        raise FetchError(
            f"{path}: sha256 mismatch for pin {pin.name!r}: expected {pin.sha256}, got {actual}"
        )


def download(url: str, target: Path, expected_sha256: str | None = None) -> Path:
    """Download `url` to `target` (atomically), showing progress on stderr."""
    import httpx

    if not url:
        raise FetchError("no URL to download from")
    chunks: list[bytes] = []
    try:
        with httpx.stream("GET", url, follow_redirects=True, timeout=30.0) as response:
            response.raise_for_status()
            total = int(response.headers.get("content-length") or 0)
            received = 0
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                received += len(chunk)
                if sys.stderr.isatty():
                    size = f"/{total // 1024} KB" if total else " KB"
                    print(f"\rdownloading {url}: {received // 1024}{size}", end="", file=sys.stderr)
    except httpx.HTTPError as exc:
        raise FetchError(f"cannot download {url}: {exc}") from None
    if sys.stderr.isatty():
        print(file=sys.stderr)
    content = b"".join(chunks)
    actual = sha256_of(content)
    if expected_sha256 is not None and actual != expected_sha256:
        raise FetchError(f"{url}: sha256 mismatch: expected {expected_sha256}, got {actual}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    partial.write_bytes(content)
    partial.replace(target)
    return target
