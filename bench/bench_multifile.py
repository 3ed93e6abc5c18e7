"""Benchmark: a synthetic multi-file document (tests/unit/test_multifile.py's layout) at several
sizes: files, `specgen validate` and `specgen generate` wall time and peak memory, each a fresh
process.

    python bench/bench_multifile.py [N ...]     (default: 125 250 500 1000 path items)

Each N makes 4 * N + 2 files (path items, operations, schemas in one cycle, Markdown texts).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.unit.test_multifile import _synthetic  # noqa: E402  (the test's own generator)


def _run(argv: list[str]) -> tuple[float, float]:
    """(seconds, peak MB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{result.stdout[-400:]}{result.stderr[-400:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [125, 250, 500, 1000]
    print(f"{'paths':>6} {'files':>6} {'validate s':>11} {'MB':>6} {'generate s':>11} {'MB':>6}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as folder:
            spec = _synthetic(Path(folder) / "spec", n)
            files = sum(1 for p in spec.parent.rglob("*") if p.is_file())
            base = [sys.executable, "-m", "generator"]
            v_time, v_mb = _run([*base, "validate", str(spec)])
            g_time, g_mb = _run([*base, "generate", str(spec), "-o", f"{folder}/out"])
            print(f"{n:>6} {files:>6} {v_time:>11.2f} {v_mb:>6.0f} {g_time:>11.2f} {g_mb:>6.0f}")


if __name__ == "__main__":
    main()
