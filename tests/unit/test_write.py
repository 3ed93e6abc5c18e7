"""Writing a package: atomic swap, stale files removed, CHANGELOG kept, failure leaves the old."""

from __future__ import annotations

import json
from pathlib import Path
from unittest import mock

import pytest

from generator import write
from generator.write import MANIFEST, with_manifest, write_package


def test_swap_replaces_everything_and_keeps_the_changelog(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    write_package(out, with_manifest({"a.py": b"a\n", "sub/stale.py": b"x\n"}, {}))
    (out / "CHANGELOG.md").write_text("# history\n", encoding="utf-8")
    write_package(out, with_manifest({"a.py": b"a2\n"}, {}))
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "CHANGELOG.md",
        "a.py",
        MANIFEST,
    ]
    assert (out / "a.py").read_bytes() == b"a2\n"
    assert (out / "CHANGELOG.md").read_text(encoding="utf-8") == "# history\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pkg")]


def test_interrupted_write_leaves_the_previous_package_intact(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    write_package(out, with_manifest({"a.py": b"old\n"}, {}))
    real_write = Path.write_bytes
    calls = {"n": 0}

    def failing(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the user pressed Ctrl-C half way through
        return real_write(self, data)

    with mock.patch.object(Path, "write_bytes", failing), pytest.raises(KeyboardInterrupt):
        write_package(out, {"a.py": b"new\n", "b.py": b"new\n", "c.py": b"new\n"})
    assert (out / "a.py").read_bytes() == b"old\n"
    assert not (out / "b.py").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pkg")]


def test_manifest_lists_files_without_timestamps() -> None:
    files = with_manifest(
        {"b.py": b"", "a.py": b""}, {"spec_sha256": "0" * 64, "spec_version": "1"}
    )
    data = json.loads(files[MANIFEST])
    assert data["files"] == ["a.py", "b.py"]
    assert data["spec_sha256"] == "0" * 64
    assert write.manifest_bytes({"a.py": b""}, {"x": "1"}) == write.manifest_bytes(
        {"a.py": b""}, {"x": "1"}
    )
