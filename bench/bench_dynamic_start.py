"""Benchmark: dynamic client cold start on a large spec against openapi-core and aiopenapi3.

Issue 13's target: the dynamic client's cold start on the Soracom platform spec (476 operations,
950 KB of YAML) at most 0.8x openapi-core's ``OpenAPI.from_file_path``; the cached start must not
get slower. Each run is a fresh interpreter that times, from inside, `import` of the library and
its start on the spec, in CPU time (`time.process_time`: on a shared machine it drifts less than
wall time, which is printed too):

* specgen, cold: ``load_api(SPEC)`` with an empty cache folder (parse, validate errors-only,
  bundle, IR, names, operation tables; validators compile per operation on first call), then the
  first call of ``listSubscribers`` through ``httpx.MockTransport`` (what laziness moves there);
* specgen, cached: the same with a warmed cache folder;
* openapi-core: ``OpenAPI.from_file_path(SPEC, config=Config(spec_validator_cls=None))``; its
  spec validation is off because openapi-spec-validator refuses this spec (an enum default
  ``and`` outside its enum), so openapi-core could not start on it otherwise;
* aiopenapi3 (when installed): ``OpenAPI.load_file`` (it builds pydantic models up front).

Runs are interleaved (one of each per round) so a burst of load hits all alike; medians are
reported, with the load average before and after.

Run: ``python bench/bench_dynamic_start.py [--rounds N] [--spec PATH]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO.parent / "shared" / "specs" / "soracom" / "soracom-platform-api-openapi.yml"
TARGET = 0.8
"""Issue 13: specgen's cold start at most this times openapi-core's."""

_SPECGEN = r"""
import json, sys, time
c0, w0 = time.process_time(), time.perf_counter()
import httpx
from generator.dynamic import Client, load_api
c1, w1 = time.process_time(), time.perf_counter()
api = load_api(sys.argv[1])
c2, w2 = time.process_time(), time.perf_counter()
client = Client(api, base_url="https://bench.example/v1",
                transport=httpx.MockTransport(lambda request: httpx.Response(200, json=[])))
assert client.call("listSubscribers") == []
c3, w3 = time.process_time(), time.perf_counter()
print(json.dumps({"import": c1 - c0, "load": c2 - c1, "first call": c3 - c2,
                  "import wall": w1 - w0, "load wall": w2 - w1}))
"""

_OPENAPI_CORE = r"""
import json, sys, time
c0, w0 = time.process_time(), time.perf_counter()
from openapi_core import Config, OpenAPI
c1, w1 = time.process_time(), time.perf_counter()
OpenAPI.from_file_path(sys.argv[1], config=Config(spec_validator_cls=None))
c2, w2 = time.process_time(), time.perf_counter()
print(json.dumps({"import": c1 - c0, "load": c2 - c1,
                  "import wall": w1 - w0, "load wall": w2 - w1}))
"""

_AIOPENAPI3 = r"""
import json, pathlib, sys, time
c0, w0 = time.process_time(), time.perf_counter()
import aiopenapi3, yarl
from aiopenapi3.openapi import httpx2
c1, w1 = time.process_time(), time.perf_counter()
path = pathlib.Path(sys.argv[1]).resolve()
aiopenapi3.OpenAPI.load_file("https://bench.example/v1/openapi.yml", yarl.URL(path.name),
    session_factory=httpx2.Client, loader=aiopenapi3.FileSystemLoader(path.parent))
c2, w2 = time.process_time(), time.perf_counter()
print(json.dumps({"import": c1 - c0, "load": c2 - c1,
                  "import wall": w1 - w0, "load wall": w2 - w1}))
"""


def _run(code: str, spec: Path, cache: str) -> dict[str, float]:
    env = {**os.environ, "SPECGEN_CACHE_DIR": cache, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(spec)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return {k: v * 1000 for k, v in json.loads(done.stdout.splitlines()[-1]).items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--spec", type=Path, default=SPEC)
    options = parser.parse_args()
    if not options.spec.is_file():
        raise SystemExit(f"spec not found at {options.spec}")
    contenders = {"specgen, cold": _SPECGEN, "specgen, cached": _SPECGEN}
    contenders["openapi-core"] = _OPENAPI_CORE
    if importlib.util.find_spec("aiopenapi3") is not None:
        contenders["aiopenapi3"] = _AIOPENAPI3
    load_before = os.getloadavg()
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in contenders}
    with tempfile.TemporaryDirectory(prefix="specgen-bench-") as tmp:
        _run(_SPECGEN, options.spec, f"{tmp}/warm")  # fill the cache
        for round_ in range(options.rounds):
            for name, code in contenders.items():
                cache = f"{tmp}/cold{round_}" if name == "specgen, cold" else f"{tmp}/warm"
                runs[name].append(_run(code, options.spec, cache))
    load_after = os.getloadavg()
    medians = {
        name: {key: statistics.median(run[key] for run in rows) for key in rows[0]}
        for name, rows in runs.items()
    }
    for row in medians.values():
        row["import+load"] = row["import"] + row["load"]
    reference = medians["openapi-core"]
    print(
        f"Cold start on {options.spec.name}: median of {options.rounds} interleaved fresh "
        f"interpreters, CPU ms (wall ms in brackets)"
    )
    print(
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after, "
        f"on {os.cpu_count()} cores"
    )
    print(
        f"{'':16} {'import':>14} {'load':>16} {'import+load':>11} {'first call':>10} "
        f"{'load vs openapi-core':>20} {'import+load vs':>14}"
    )
    for name, row in medians.items():
        first = f"{row['first call']:10.0f}" if "first call" in row else f"{'-':>10}"
        print(
            f"{name:16} {row['import']:6.0f} ({row['import wall']:5.0f}) "
            f"{row['load']:7.0f} ({row['load wall']:5.0f}) {row['import+load']:11.0f} {first} "
            f"{row['load'] / reference['load']:19.2f}x "
            f"{row['import+load'] / reference['import+load']:13.2f}x"
        )
    cold = medians["specgen, cold"]
    print(
        f"target: specgen cold <= {TARGET}x openapi-core; measured "
        f"{cold['load'] / reference['load']:.2f}x (load), "
        f"{cold['import+load'] / reference['import+load']:.2f}x (import+load). first call = "
        "Client() + the first call of listSubscribers (its validators compiled then)."
    )


if __name__ == "__main__":
    main()
