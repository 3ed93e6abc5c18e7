"""Benchmark: `specgen generate` against openapi-python-client, wall time and peak memory.

Each figure is the median of interleaved runs (every tool on every spec once per round, so a
burst of load hits them alike), each run a fresh process (what a user waits for). The anchor,
openapi-python-client, runs without its post-generation hooks (no ruff pass), as the issue's
targets are stated; it is in the `bench` extra. A second anchor, datamodel-code-generator, generates
the models only (dataclasses, its fast `builtin` formatter): a floor for "just the models".
Targets (issue 13) are ratios to openapi-python-client:
SoraCam <= 0.25x, platform <= 0.2x, the large spec <= 0.15x; peak memory on the large spec
<= 200 MB. The machine's load average is printed, since figures on a busy machine drift.
Bytecode caching is allowed in the child processes (round 0 writes it), as users have it.

    python bench/bench_generate.py [--runs N] [--cpu]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SPECS = {
    "soracam": SHARED / "specs/soracam/soracom-soracam-api-openapi.yml",
    "platform": SHARED / "specs/soracom/soracom-platform-api-openapi.yml",
    "large": SHARED / "cases/scale/one-large-path.json",
}
RATIO_TARGETS = {"soracam": 0.25, "platform": 0.2, "large": 0.15}
MEMORY_TARGET_MB = {"large": 200.0}
TOOLS = ("specgen", "openapi-python-client", "datamodel-code-generator")
MODULAR = {"large"}
"""Specs whose models datamodel-code-generator splits into modules (it needs a folder then)."""
NO_HOOKS = "post_hooks: []\n"
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""Children may cache bytecode, as on a user's machine (this sandbox sets the variable, which
would make every run compile every imported module from source, for both tools)."""


def _measure(argv: list[str], cwd: Path, cpu: bool = False) -> tuple[float, float] | None:
    """(wall seconds, or with `cpu` user+system CPU seconds of the process and the children it
    waited for (a formatter subprocess included), peak RSS in MB) of one run of `argv`, or None
    if it failed."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=CHILD_ENV
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode != 0:
        print(f"  failed: {' '.join(argv)}\n{stderr[-800:]}", file=sys.stderr)
        return None
    if cpu:
        elapsed = usage.ru_utime + usage.ru_stime
    return elapsed, usage.ru_maxrss / 1024  # Linux reports KiB


def _commands(name: str, spec: Path, out: Path, config: Path) -> dict[str, list[str] | None]:
    anchor = shutil.which("openapi-python-client")
    models = shutil.which("datamodel-codegen")
    return {
        "specgen": [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out)],
        "openapi-python-client": (
            [
                anchor,
                "generate",
                "--path",
                str(spec),
                "--output-path",
                str(out),
                "--config",
                str(config),
                "--overwrite",
            ]
            if anchor
            else None
        ),
        "datamodel-code-generator": (
            [
                models,
                "--input",
                str(spec),
                "--input-file-type",
                "openapi",
                "--output-model-type",
                "dataclasses.dataclass",
                "--formatters",
                "builtin",
                "--output",
                str(out if name in MODULAR else _mkdir(out) / "models.py"),
            ]
            if models
            else None
        ),
    }


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="compare CPU time (user+system, children included) instead of wall time: steadier "
        "on a shared machine",
    )
    args = parser.parse_args()
    specs = {name: path for name, path in SPECS.items() if path.is_file()}
    times: dict[tuple[str, str], list[float]] = {}
    peaks: dict[tuple[str, str], list[float]] = {}
    failed: set[tuple[str, str]] = set()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-generate-") as tmp:
        config = Path(tmp) / "opc.yaml"
        config.write_text(NO_HOOKS, encoding="utf-8")
        for round_ in range(args.runs + 1):  # round 0 warms caches and is not counted
            for name, spec in specs.items():
                for tool, argv in _commands(name, spec, Path(tmp) / "out", config).items():
                    if argv is None or (name, tool) in failed:
                        continue
                    shutil.rmtree(Path(tmp) / "out", ignore_errors=True)
                    result = _measure(argv, ROOT, args.cpu)
                    if result is None:
                        failed.add((name, tool))
                    elif round_:
                        times.setdefault((name, tool), []).append(result[0])
                        peaks.setdefault((name, tool), []).append(result[1])
    load_after = os.getloadavg()[0]
    print(
        f"load average {load_before:.2f} -> {load_after:.2f} on {os.cpu_count()} cores; "
        f"median of {args.runs} interleaved runs"
        + ("; CPU seconds (user+system), not wall" if args.cpu else "")
    )
    print(
        f"{'spec':<9} {'tool':<24} {'median s':>9} {'peak MB':>8} {'ratio':>7} "
        f"{'target':>7} {'met':>4}"
    )
    for name in specs:
        anchor = times.get((name, "openapi-python-client"))
        for tool in TOOLS:
            if (name, tool) not in times:
                state = "failed" if (name, tool) in failed else "not installed"
                print(f"{name:<9} {tool:<24} {state:>9}")
                continue
            seconds = statistics.median(times[name, tool])
            peak = statistics.median(peaks[name, tool])
            ratio = target = met = ""
            if anchor:
                value = seconds / statistics.median(anchor)
                ratio = f"{value:.2f}x"
                if tool == "specgen":
                    target = f"{RATIO_TARGETS[name]:.2f}x"
                    met = "yes" if value <= RATIO_TARGETS[name] else "NO"
            print(
                f"{name:<9} {tool:<24} {seconds:>9.3f} {peak:>8.0f} {ratio:>7} {target:>7} {met:>4}"
            )
        if name in MEMORY_TARGET_MB and (name, "specgen") in peaks:
            peak = statistics.median(peaks[name, "specgen"])
            ok = "yes" if peak <= MEMORY_TARGET_MB[name] else "NO"
            print(
                f"{'':<9} {'specgen peak memory':<24} {peak:>9.0f} MB, target "
                f"<= {MEMORY_TARGET_MB[name]:.0f} MB: {ok}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
