"""Stage 8, write: put a rendered package in place atomically, with a manifest.

Files are written into a temporary sibling folder, then swapped in with two renames, so an
interrupted run leaves the previous package intact and stale files disappear with the old folder.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

MANIFEST = "specgen-manifest.json"


def manifest_bytes(files: dict[str, bytes], meta: dict[str, str]) -> bytes:
    """The manifest: spec and generator identity plus the sorted file list (no timestamps)."""
    data = {**meta, "files": sorted(files)}
    return (json.dumps(data, indent=2, sort_keys=True) + "\n").encode("utf-8")


def with_manifest(files: dict[str, bytes], meta: dict[str, str]) -> dict[str, bytes]:
    return {**files, MANIFEST: manifest_bytes(files, meta)}


class NotOurFolder(Exception):
    """The output folder holds files specgen did not write; replacing it would delete them."""


def write_package(output: Path, files: dict[str, bytes], *, force: bool = False) -> None:
    """Replace `output` by exactly `files` (relative paths -> contents), atomically.

    A folder is only replaced when it is empty or holds a specgen manifest (a package specgen
    wrote before), unless `force`: `-o .` must never delete a project.
    """
    output = output.resolve()
    if output.exists() and not force:
        if not output.is_dir():
            raise NotOurFolder(f"{output} exists and is not a folder")
        if any(output.iterdir()) and not (output / MANIFEST).is_file():
            raise NotOurFolder(
                f"{output} is not empty and has no {MANIFEST}: specgen did not write it, and "
                "generating there would replace everything in it; choose another folder or "
                "pass --force"
            )
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        for relative, content in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        keep = _preserved(output)
        for relative in keep:
            if relative not in files:
                (staging / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(output / relative, staging / relative)
        if output.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
            os.rename(output, retired / output.name)
            os.rename(staging, output)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.rename(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


PRESERVED = ("CHANGELOG.md",)
"""Files the generator maintains across runs rather than renders (e.g. by `specgen pull`)."""


def _preserved(output: Path) -> list[str]:
    return [name for name in PRESERVED if (output / name).is_file()]
