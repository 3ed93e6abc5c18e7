"""Stage 8, write: put a rendered package in place atomically, with a manifest.

Files are written into a staging sibling folder (`.NAME.new-PID-*`), then swapped with the
output folder in one atomic exchange (Linux `renameat2(RENAME_EXCHANGE)`, macOS
`renamex_np(RENAME_SWAP)`), so at every instant the output path holds either the complete old
package or the complete new one, whatever kills the run; the old package then leaves with the
staging folder. Where no exchange exists, two renames are used (`.NAME.old-PID-*` holds the old
package between them) and the next run puts it back if the process died in between.

Leftovers of interrupted runs are named with the writer's process id: each run removes those
whose process is gone (and restores a retired package the output path lacks) before writing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

MANIFEST = "specgen-manifest.json"

_STEP_HOOK: Callable[[str], None] | None = None
"""Called after each filesystem step with its name (tests inject failures and kills here)."""


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
    output.parent.mkdir(parents=True, exist_ok=True)
    recover_leftovers(output)
    if output.exists() and not force:
        if not output.is_dir():
            raise NotOurFolder(f"{output} exists and is not a folder")
        if any(output.iterdir()) and not (output / MANIFEST).is_file():
            raise NotOurFolder(
                f"{output} is not empty and has no {MANIFEST}: specgen did not write it, and "
                "generating there would replace everything in it; choose another folder or "
                "pass --force"
            )
    staging = Path(tempfile.mkdtemp(prefix=_prefix(output, "new", os.getpid()), dir=output.parent))
    try:
        _step("staging")
        for relative, content in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            _step(f"write {relative}")
        for relative in _preserved(output):
            if relative not in files:
                (staging / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(output / relative, staging / relative)
                _step(f"copy {relative}")
        if not output.exists():
            os.rename(staging, output)
            _step("install")
        elif _exchange(staging, output):
            _step("exchange")  # staging now holds the old package
        else:
            _swap_by_renames(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # after the exchange: the old package
    _step("done")


def _swap_by_renames(staging: Path, output: Path) -> None:
    """The fallback swap: only between its two renames is the output path empty."""
    retired = Path(tempfile.mkdtemp(prefix=_prefix(output, "old", os.getpid()), dir=output.parent))
    try:
        _step("retire-folder")
        os.rename(output, retired / output.name)
        try:
            _step("retire")
            os.rename(staging, output)
        except BaseException:
            os.rename(retired / output.name, output)  # put the old package back
            raise
        _step("install")
    finally:
        shutil.rmtree(retired, ignore_errors=True)
    _step("remove-old")


def recover_leftovers(output: Path) -> list[Path]:
    """Remove what dead runs left beside `output`; put back a package they left retired.

    Only folders named `.NAME.new-PID-*`/`.NAME.old-PID-*` whose process is gone (or with no
    process id, as older specgen versions named them) are touched. Returns the removed folders.
    """
    removed: list[Path] = []
    pattern = re.compile(rf"^\.{re.escape(output.name)}\.(new|old)-(?:(\d+)-)?[^/]*$")
    try:
        entries = sorted(output.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = pattern.match(entry.name)
        if not match or not entry.is_dir() or _alive(match.group(2)):
            continue
        retired = entry / output.name
        if match.group(1) == "old" and retired.is_dir() and not output.exists():
            os.rename(retired, output)  # the run died between its two renames
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def _prefix(output: Path, kind: str, pid: int) -> str:
    return f".{output.name}.{kind}-{pid}-"


def _alive(pid_text: str | None) -> bool:
    if not pid_text:
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False  # ours, from an earlier call that was interrupted in this process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's live process (or unknowable): leave it
    return True


def _step(name: str) -> None:
    if _STEP_HOOK is not None:
        _STEP_HOOK(name)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically; False where the platform or file system cannot."""
    libc_name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
    except OSError:
        return False
    src, dst = os.fsencode(a), os.fsencode(b)
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        at_fdcwd, rename_exchange = -100, 2
        result = libc.renameat2(at_fdcwd, src, at_fdcwd, dst, rename_exchange)
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        rename_swap = 2
        result = libc.renamex_np(src, dst, rename_swap)
    else:
        return False
    return bool(result == 0)


PRESERVED = ("CHANGELOG.md",)
"""Files the generator maintains across runs rather than renders (e.g. by `specgen pull`)."""


def _preserved(output: Path) -> list[str]:
    return [name for name in PRESERVED if (output / name).is_file()]
