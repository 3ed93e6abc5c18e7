"""`specgen check`: is generated code in step with its pin and the generator?

Renders every pinned package in memory and compares with the disk; prints a unified diff and
exits 1 on any difference (changed, missing or extra files), 0 when in step.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from generator.config import find_project
from generator.pipeline import Target, render_target
from generator.targets import pin_target
from generator.write import PRESERVED


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="print nothing when in step; when stale, one line per package and no diff",
    )


def _tool_artifact(relative: Path) -> bool:
    """Caches and build output that tools leave in a package folder; never generated."""
    return any(
        part.startswith(".")
        or part in ("__pycache__", "build", "dist")
        or part.endswith(".egg-info")
        for part in relative.parts
    )


def compare(target: Target, files: dict[str, bytes]) -> list[str]:
    """Unified diff lines between what would be generated and what is on disk."""
    output = target.output
    on_disk = (
        {
            p.relative_to(output).as_posix()
            for p in output.rglob("*")
            if p.is_file() and not _tool_artifact(p.relative_to(output))
        }
        if output.is_dir()
        else set()
    )
    on_disk -= set(PRESERVED)
    lines: list[str] = []
    for relative in sorted(on_disk | set(files)):
        path = output / relative
        old = path.read_bytes() if relative in on_disk else b""
        new = files.get(relative, b"")
        if old == new:
            continue
        label = (output / relative).as_posix()
        lines.extend(
            difflib.unified_diff(
                old.decode("utf-8", "replace").splitlines(keepends=True),
                new.decode("utf-8", "replace").splitlines(keepends=True),
                fromfile=f"{label} (on disk)" if relative in on_disk else "/dev/null",
                tofile=f"{label} (generated)" if relative in files else "/dev/null",
            )
        )
    return lines


def run(args: argparse.Namespace) -> int:
    project = find_project()
    stale = False
    for pin in project.pins():
        target = pin_target(pin, project)
        diff = compare(target, render_target(target, quiet=args.quiet))
        rel = Path(pin.output)
        if diff:
            stale = True
            print(f"{rel}: stale; run `specgen generate`", file=sys.stderr)
            if not args.quiet:
                sys.stdout.writelines(line if line.endswith("\n") else line + "\n" for line in diff)
        elif not args.quiet:
            print(f"{rel}: in step with {pin.file} ({pin.version})", file=sys.stderr)
    return 1 if stale else 0
