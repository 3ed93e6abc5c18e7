"""Benchmark: the limits the test suite used to assert as durations (moved here, issue 8).

Tests never assert a duration (machines here are shared); this script prints each figure next
to its target, median of interleaved runs, with the machine's load average at the start.

    python bench/bench_limits.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.diagnostics import SpecError  # noqa: E402
from generator.diff import diff_specs  # noqa: E402
from generator.load import load_bytes, load_path  # noqa: E402
from generator.validate import validate  # noqa: E402

PLATFORM = ROOT.parent / "shared/specs/soracom/soracom-platform-api-openapi.yml"
RUNS = 5


def _alias_bomb(levels: int = 10) -> bytes:
    """A 'billion laughs' YAML document: 10^10 strings once expanded."""
    lines = ['a0: &a0 ["lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    return ("\n".join(lines) + "\n").encode()


def _refuse_bomb() -> None:
    try:
        load_bytes(_alias_bomb(), "bomb.yaml")
    except SpecError:
        return
    raise AssertionError("the alias bomb was accepted")


def main() -> int:
    platform = load_path(PLATFORM)
    cases: dict[str, tuple[Callable[[], object], float]] = {
        "validate platform spec": (lambda: validate(platform), 3.0),
        "diff platform spec against itself": (lambda: diff_specs(platform, platform), 1.0),
        "refuse a YAML alias bomb": (_refuse_bomb, 2.0),
    }
    timings: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(RUNS):  # interleaved, so a burst of load hits every case alike
        for name, (work, _target) in cases.items():
            start = time.perf_counter()
            work()
            timings[name].append(time.perf_counter() - start)
    print(f"load average at start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    print(f"{'case':<36} {'median s':>9} {'target s':>9} {'met':>4}")
    for name, (_work, target) in cases.items():
        median = statistics.median(timings[name])
        print(f"{name:<36} {median:>9.3f} {target:>9.1f} {'yes' if median <= target else 'NO':>4}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
