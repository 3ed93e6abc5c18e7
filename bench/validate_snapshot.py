"""Capture `python -m generator validate` output on every shared spec, or compare with a capture.

Why: front-end speed work must not change a single byte of what `validate` reports.
Usage: python bench/validate_snapshot.py capture DIR (before), then ... compare DIR (after).
Each spec gives one record: exit code, stdout and stderr. Run from the worktree root.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ROOTS = ("specs", "corpus/validity", "corpus/validity-3.1", "corpus/real-world", "cases")
SUFFIXES = {".yml", ".yaml", ".json", ".oas3"}


def specs() -> list[Path]:
    found: list[Path] = []
    for root in ROOTS:
        found += [p for p in (SHARED / root).rglob("*") if p.is_file() and p.suffix in SUFFIXES]
    return sorted(found)


def record(spec: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(spec)],
        capture_output=True,
        text=True,
        check=False,
    )
    return f"exit {done.returncode}\n--- stdout\n{done.stdout}--- stderr\n{done.stderr}"


def main(argv: list[str]) -> int:
    mode, out = argv[1], Path(argv[2])
    out.mkdir(parents=True, exist_ok=True)
    differ = 0
    for spec in specs():
        name = str(spec.relative_to(SHARED)).replace("/", "__") + ".txt"
        text = record(spec)
        if mode == "capture":
            (out / name).write_text(text)
        elif (out / name).read_text() != text:
            differ += 1
            print(f"DIFFERS: {spec}")
    if mode == "compare":
        print(f"{len(specs())} specs, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
