"""Benchmark: wall time of `specgen generate` on the SoraCam and platform specs.

Median of 5 runs after a warm-up, each a fresh process (what a user waits for). Anchors
(openapi-python-client, openapi-generator) are timed in the same run when installed.
Targets on the 2-core reference machine: SoraCam < 0.5 s, platform < 2 s.

    python bench/bench_generate.py
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPECS = {
    "soracam": ROOT.parent / "shared/specs/soracam/soracom-soracam-api-openapi.yml",
    "platform": ROOT.parent / "shared/specs/soracom/soracom-platform-api-openapi.yml",
}
TARGETS = {"soracam": 0.5, "platform": 2.0}
RUNS = 5


def _time(command: list[str]) -> float | None:
    timings = []
    for attempt in range(RUNS + 1):
        with tempfile.TemporaryDirectory() as out:
            argv = [part.replace("{out}", out + "/pkg") for part in command]
            start = time.perf_counter()
            result = subprocess.run(argv, capture_output=True, text=True)
            elapsed = time.perf_counter() - start
        if result.returncode != 0:
            print(f"  failed: {' '.join(argv)}\n{result.stderr[-500:]}", file=sys.stderr)
            return None
        if attempt:  # the first run is the warm-up
            timings.append(elapsed)
    return statistics.median(timings)


def main() -> int:
    tools: dict[str, list[str] | None] = {
        "specgen": [sys.executable, "-m", "generator", "generate", "{spec}", "--output", "{out}"],
        "openapi-python-client": (
            ["openapi-python-client", "generate", "--path", "{spec}", "--output-path", "{out}"]
            if shutil.which("openapi-python-client")
            else None
        ),
        "openapi-generator": (
            ["openapi-generator-cli", "generate", "-i", "{spec}", "-g", "python", "-o", "{out}"]
            if shutil.which("openapi-generator-cli")
            else None
        ),
    }
    print(f"{'spec':<10} {'tool':<24} {'median s':>9} {'target s':>9} {'vs specgen':>11}")
    for name, spec in SPECS.items():
        ours = None
        for tool, command in tools.items():
            if command is None:
                print(f"{name:<10} {tool:<24} {'not installed':>9}")
                continue
            seconds = _time([part.replace("{spec}", str(spec)) for part in command])
            if seconds is None:
                continue
            if tool == "specgen":
                ours = seconds
            ratio = f"{seconds / ours:.2f}x" if ours else ""
            target = f"{TARGETS[name]:.2f}" if tool == "specgen" else ""
            print(f"{name:<10} {tool:<24} {seconds:>9.3f} {target:>9} {ratio:>11}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
