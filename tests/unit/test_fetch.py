"""Finding a pinned spec: explicit path, cache, mirrors, download; sha256 always checked."""

from __future__ import annotations

import hashlib
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.config import Pin, Project
from generator.fetch import FetchError, locate_pinned

CONTENT = b"openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n"
SHA = hashlib.sha256(CONTENT).hexdigest()


def _pin(url: str = "", sha: str = SHA) -> Pin:
    return Pin(
        name="t",
        url=url,
        file="t.yml",
        version="1",
        sha256=sha,
        package="t",
        dist_name="t",
        package_version="0.1.0",
        output="generated/t",
    )


def _project(tmp_path: Path, mirrors: tuple[Path, ...] = ()) -> Project:
    return Project(
        root=tmp_path, pins_dir=tmp_path / "spec", cache_dir=tmp_path / "cache", mirrors=mirrors
    )


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    served = tmp_path / "served"
    served.mkdir()
    (served / "t.yml").write_bytes(CONTENT)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(served), **kwargs)  # type: ignore[arg-type]

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/t.yml"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_explicit_path_with_wrong_hash_names_both_hashes(tmp_path: Path) -> None:
    path = tmp_path / "t.yml"
    path.write_bytes(CONTENT + b"# changed\n")
    with pytest.raises(FetchError) as info:
        locate_pinned(_pin(), _project(tmp_path), path)
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    assert SHA in str(info.value) and actual in str(info.value)


def test_mirror_is_found_by_content_hash(tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "other.yml").write_bytes(b"openapi: 3.0.0\n")
    (mirror / "renamed.yml").write_bytes(CONTENT)
    assert locate_pinned(_pin(), _project(tmp_path, (mirror,))) == mirror / "renamed.yml"


def test_download_then_cache(tmp_path: Path, server: str) -> None:
    project = _project(tmp_path)
    found = locate_pinned(_pin(url=server), project)
    assert found.parent == project.cache_dir and found.read_bytes() == CONTENT
    # Second time: the cache answers, even with the server URL now wrong.
    assert locate_pinned(_pin(url=server + ".gone"), project) == found


def test_download_with_wrong_hash_is_refused_and_not_cached(tmp_path: Path, server: str) -> None:
    project = _project(tmp_path)
    with pytest.raises(FetchError, match=f"expected {'0' * 64}, got {SHA}"):
        locate_pinned(_pin(url=server, sha="0" * 64), project)
    assert not project.cache_dir.exists() or not any(project.cache_dir.iterdir())


def test_corrupt_cache_entry_is_not_trusted(tmp_path: Path, server: str) -> None:
    project = _project(tmp_path)
    project.cache_dir.mkdir()
    entry = project.cache_dir / f"{SHA}-t.yml"
    entry.write_bytes(b"tampered")
    assert locate_pinned(_pin(url=server), project).read_bytes() == CONTENT


def test_unreachable_url_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="cannot download http://127.0.0.1:9/"):
        locate_pinned(_pin(url="http://127.0.0.1:9/t.yml"), _project(tmp_path))
