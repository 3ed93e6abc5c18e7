"""Benchmark: `specgen diff` wall time and peak memory against the issue 13 targets.

Cases, each a fresh `specgen diff` process (what a user waits for), median of interleaved runs
after a warm-up, peak RSS of the process (ru_maxrss):

* `one-large-path` self-diff: ../shared/cases/scale/one-large-path.json (one path of a 3.8 MB
  public spec, 502 densely linked schemas) against itself. Target <= 1 s.
* `synthetic-3.8MB` pair: we do not have the two consecutive 3.8 MB public versions the issue
  measured, so `synthetic_pair` builds a stand-in from one-large-path.json: its 502 schemas plus
  300 copies linked back into the originals (802 schemas), 130 paths of 3 operations each cloned
  from the original path (390 operations, each reaching most of the schema graph through shared
  `$ref`s), about 3.8 MB of JSON. The second version plants the changes a real release carries:
  properties added and removed in shared components, a new enum value, a lowered maxLength, a
  property made required, edited descriptions, paths added and removed, one operationId renamed.
  Target <= 15 s and <= 1.5 GB.

Wall time is what the targets name; CPU time (user + system of the process, single-threaded, so
equal to wall time on an idle machine) is printed and judged beside it, because on a loaded
machine wall time mostly measures the run queue.

Both cases run the default command (HTTP report plus the Python client impact section, which
builds both Python surfaces) and `--no-impact` (the HTTP diff alone). The machine's load average
is printed: other work on a shared machine inflates every figure.

    python bench/bench_diff.py [--runs N]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LARGE = ROOT.parent / "shared/cases/scale/one-large-path.json"
TARGETS = {"one-large-path": (1.0, None), "synthetic-3.8MB": (15.0, 1536.0)}

_CHILD = (
    "import resource, sys\n"
    "from generator.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "use = resource.getrusage(resource.RUSAGE_SELF)\n"
    "sys.stderr.write(f'\\nPEAK_KIB {use.ru_maxrss} CPU_S {use.ru_utime + use.ru_stime}\\n')\n"
    "raise SystemExit(code)\n"
)


def _retarget(node: Any, rename: dict[str, str], rng: random.Random, share: float) -> Any:
    """A deep copy whose schema refs point at the copies, except a `share` of them."""
    if isinstance(node, dict):
        out = {k: _retarget(v, rename, rng, share) for k, v in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[-1]
            if name in rename and rng.random() >= share:
                out["$ref"] = f"#/components/schemas/{rename[name]}"
        return out
    if isinstance(node, list):
        return [_retarget(v, rename, rng, share) for v in node]
    return node


def synthetic_pair(folder: Path) -> tuple[Path, Path]:
    """Write old.json and new.json (about 3.8 MB each) into `folder`; deterministic."""
    rng = random.Random(13)
    base = json.loads(LARGE.read_text(encoding="utf-8"))
    schemas: dict[str, Any] = base["components"]["schemas"]
    names = sorted(schemas)
    copied = names[:300]
    rename = {name: f"{name}_v2" for name in copied}
    for name in copied:
        schemas[rename[name]] = _retarget(schemas[name], rename, rng, share=0.3)
    template = next(iter(base["paths"].values()))
    paths: dict[str, Any] = {}
    objects = [n for n in sorted(schemas) if schemas[n].get("type") == "object"]
    for index, name in enumerate(objects[:130]):
        item = copy.deepcopy(template)
        for method, op in item.items():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            op["operationId"] = f"{op['operationId']}{index}"
            ok = op["responses"].get("200", {}).get("content", {}).get("application/json")
            if ok and method != "delete":
                ok["schema"] = {"$ref": f"#/components/schemas/{name}"}
        paths[f"/v1/{name}/{{customer}}"] = item
    base["paths"] = paths
    old = folder / "old.json"
    old.write_text(json.dumps(base, indent=1, sort_keys=True), encoding="utf-8")
    _mutate(base, objects, rng)
    new = folder / "new.json"
    new.write_text(json.dumps(base, indent=1, sort_keys=True), encoding="utf-8")
    return old, new


def _mutate(spec: dict[str, Any], objects: list[str], rng: random.Random) -> None:
    """The changes of one release, planted at random (seeded) shared components."""
    schemas = spec["components"]["schemas"]
    spec["info"]["version"] = f"{spec['info'].get('version', '1')}-next"
    picked = rng.sample(objects, 60)
    for name in picked[:30]:  # new optional properties
        schemas[name].setdefault("properties", {})[f"added_{name}"] = {"type": "string"}
    for name in picked[30:36]:  # properties removed
        props = schemas[name].get("properties") or {}
        if props:
            props.pop(sorted(props)[-1])
    strings = [
        (name, prop)
        for name in objects
        for prop, sub in sorted((schemas[name].get("properties") or {}).items())
        if isinstance(sub, dict) and sub.get("type") == "string"
    ]
    for name, prop in rng.sample(strings, 12):
        sub = schemas[name]["properties"][prop]
        if "enum" in sub:
            sub["enum"] = [*sub["enum"], "new_value"]  # a new enum value
        elif "maxLength" in sub:
            sub["maxLength"] = max(1, sub["maxLength"] // 2)  # a lowered bound
        else:
            schemas[name].setdefault("required", []).append(prop)  # became required
    for name in picked[36:]:  # documentation-only edits
        schemas[name]["description"] = f"{schemas[name].get('description', '')} (revised)"
    paths = spec["paths"]
    for path in sorted(paths)[:3]:
        del paths[path]
    for index, path in enumerate(sorted(paths)[:10]):
        item = copy.deepcopy(paths[path])
        for op in item.values():
            if isinstance(op, dict) and "operationId" in op:
                op["operationId"] = f"{op['operationId']}New{index}"
        paths[path.replace("/v1/", "/v2/")] = item
    first = paths[sorted(p for p in paths if p.startswith("/v1/"))[-1]]["get"]
    first["operationId"] = f"{first['operationId']}Renamed"


def _run(argv: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MiB of one `specgen` process."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, *argv], capture_output=True, text=True, cwd=ROOT
    )
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"specgen {' '.join(argv)} failed:\n{result.stderr[-800:]}")
    report = next(line.split() for line in result.stderr.splitlines() if line.startswith("PEAK_"))
    return elapsed, float(report[3]), int(report[1]) / 1024


def _yes(met: bool) -> str:
    return "yes" if met else "NO"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per case (median)")
    args = parser.parse_args()
    if not LARGE.is_file():
        print(f"skipped: {LARGE} not found", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-diff-") as scratch:
        old, new = synthetic_pair(Path(scratch))
        size = old.stat().st_size / 1e6
        cases = {
            ("one-large-path", "diff"): ["diff", str(LARGE), str(LARGE)],
            ("one-large-path", "diff --no-impact"): ["diff", str(LARGE), str(LARGE), "--no-impact"],
            ("synthetic-3.8MB", "diff"): ["diff", str(old), str(new)],
            ("synthetic-3.8MB", "diff --no-impact"): ["diff", str(old), str(new), "--no-impact"],
        }
        load = os.getloadavg()
        print(f"synthetic pair: {size:.2f} MB old, {new.stat().st_size / 1e6:.2f} MB new")
        print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (2 cores)")
        timings: dict[tuple[str, str], list[float]] = {case: [] for case in cases}
        cpu: dict[tuple[str, str], list[float]] = {case: [] for case in cases}
        peaks: dict[tuple[str, str], float] = dict.fromkeys(cases, 0.0)
        for attempt in range(args.runs + 1):  # interleaved; the first round is the warm-up
            for case, argv in cases.items():
                seconds, cpu_s, mib = _run(argv)
                if attempt:
                    timings[case].append(seconds)
                    cpu[case].append(cpu_s)
                    peaks[case] = max(peaks[case], mib)
        print(
            f"{'case':<16} {'command':<17} {'wall s':>7} {'cpu s':>6} {'target s':>9} "
            f"{'peak MiB':>9} {'target MiB':>11} {'met (wall)':>10} {'met (cpu)':>9}"
        )
        for case, values in timings.items():
            seconds, cpu_s = statistics.median(values), statistics.median(cpu[case])
            target_s, target_mib = TARGETS[case[0]]
            memory = target_mib is None or peaks[case] <= target_mib
            limit = "" if target_mib is None else f"{target_mib:.0f}"
            print(
                f"{case[0]:<16} {case[1]:<17} {seconds:>7.2f} {cpu_s:>6.2f} {target_s:>9.1f} "
                f"{peaks[case]:>9.0f} {limit:>11} {_yes(seconds <= target_s and memory):>10} "
                f"{_yes(cpu_s <= target_s and memory):>9}"
            )
        load = os.getloadavg()
        print(f"load average at end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
