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


def write_package(output: Path, files: dict[str, bytes]) -> None:
    """Replace `output` by exactly `files` (relative paths -> contents), atomically."""
    output = output.resolve()
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
