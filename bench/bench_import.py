"""Benchmark: what importing a generated package costs, as a ratio to `import httpx`.

Generated packages load their resources and model groups on first use, so importing one
resource of a large package should cost about what that resource needs. Each figure is the
time of the import statement inside a fresh interpreter (interpreter start-up excluded, the same
for both sides), median of interleaved runs (every case once per round, so a burst of load hits
them alike); ratios divide medians of the same run. Targets (issue 13):

- `import soracam` (the committed package) <= 1.15x `import httpx`, bytecode cached;
- one resource of the 476-operation Soracom platform package (generated into a temporary
  folder here): `from soracom_platform.resources import SimResource` <= 1.3x cached and
  <= 2x not cached.

"Cached" children run without PYTHONDONTWRITEBYTECODE (this sandbox sets it) after a warm-up
round that writes bytecode; "not cached" children keep it and import a copy of the package
that has never been compiled (httpx's installed bytecode is used in both, as on a user's
machine). The machine's load average is printed, since figures on a busy machine drift.

    python bench/bench_import.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLATFORM_SPEC = ROOT.parent / "shared" / "specs/soracom/soracom-platform-api-openapi.yml"
CACHED_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
UNCACHED_ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
CHILD = (
    "import resource, time\n"
    "t = time.perf_counter()\n"
    "{statement}\n"
    "t = time.perf_counter() - t\n"
    "print(t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
)

# (label, statement, folder key, cached?, target ratio to the httpx case of the same caching)
CASES = [
    ("import httpx (cached)", "import httpx", "", True, None),
    ("import soracam (cached)", "import soracam", "soracam", True, 1.15),
    (
        "platform: one resource (cached)",
        "from soracom_platform.resources import SimResource",
        "platform",
        True,
        1.3,
    ),
    (
        "platform: import soracom_platform (cached)",
        "import soracom_platform",
        "platform",
        True,
        None,
    ),
    ("import httpx (not cached)", "import httpx", "", False, None),
    (
        "platform: one resource (not cached)",
        "from soracom_platform.resources import SimResource",
        "platform-uncached",
        False,
        2.0,
    ),
]


def _run(statement: str, cwd: Path, cached: bool) -> tuple[float, float] | None:
    """(import seconds, peak RSS MiB) of one fresh interpreter, or None if it failed."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD.format(statement=statement)],
        cwd=cwd,
        env=CACHED_ENV if cached else UNCACHED_ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        print(f"  failed: {statement!r}\n{result.stderr[-800:]}", file=sys.stderr)
        return None
    seconds, rss = result.stdout.split()
    return float(seconds), int(rss) / 1024


def _folders(tmp: Path) -> dict[str, Path]:
    """Where each case runs: private copies, so bytecode written here never lands in the repo."""
    soracam = tmp / "soracam"
    shutil.copytree(ROOT / "generated" / "soracam", soracam)
    platform = tmp / "platform"
    subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(PLATFORM_SPEC), "-o", str(platform)]
        + ["--package", "soracom_platform"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    uncached = tmp / "platform-uncached"
    shutil.copytree(platform, uncached)
    return {"": tmp, "soracam": soracam, "platform": platform, "platform-uncached": uncached}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    times: dict[str, list[float]] = {}
    peaks: dict[str, list[float]] = {}
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folders = _folders(Path(tmp))
        for round_ in range(args.runs + 1):  # round 0 writes bytecode and is not counted
            for label, statement, folder, cached, _ in CASES:
                if not cached and round_ == 0:
                    continue
                result = _run(statement, folders[folder], cached)
                if result is not None and round_:
                    times.setdefault(label, []).append(result[0])
                    peaks.setdefault(label, []).append(result[1])
        leaked = list((folders["platform-uncached"]).rglob("__pycache__"))
    load_after = os.getloadavg()[0]
    print(
        f"load average {load_before:.2f} -> {load_after:.2f} on {os.cpu_count()} cores; "
        f"median of {args.runs} interleaved runs; import time only (start-up excluded)"
    )
    if leaked:
        print(f"warning: the not-cached copy gained {len(leaked)} __pycache__ folders")
    print(f"{'case':<46} {'median ms':>9} {'peak MiB':>8} {'ratio':>7} {'target':>7} {'met':>4}")
    for label, _, _, cached, target in CASES:
        if label not in times:
            print(f"{label:<46} {'failed':>9}")
            continue
        anchor = times.get("import httpx (cached)" if cached else "import httpx (not cached)")
        ms = statistics.median(times[label]) * 1000
        peak = statistics.median(peaks[label])
        ratio = statistics.median(times[label]) / statistics.median(anchor) if anchor else 0.0
        goal = f"{target:.2f}x" if target else ""
        met = ("yes" if ratio <= target else "NO") if target else ""
        print(f"{label:<46} {ms:>9.1f} {peak:>8.1f} {ratio:>6.2f}x {goal:>7} {met:>4}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
