"""Time and peak memory of `specgen validate` and `generate` against document size.

Issue 12 asks for time and memory linear in document size, and a 10^6-item list (about 4 MB of
YAML) validated under 1 GB. Each row is one fresh process (peak RSS from `getrusage`), on a spec
whose one big list sits where specgen reads it: a top-level `x-` extension (`- 1` lines: 4 bytes
an item, the issue's 4 MB), a media-type `example` (checked by the example-mismatch rule) and a
schema `enum` (compiled into the generated validators).

    python bench/bench_large_lists.py                 # 10^4 and 10^5 items
    python bench/bench_large_lists.py --full          # and 10^6 (several minutes)
    python bench/bench_large_lists.py --sizes 1000 --stages validate
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HEAD = """openapi: 3.0.3
info: {title: big, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/A"}
"""


def document(kind: str, items: int) -> str:
    if kind == "extension":
        tail = "components:\n  schemas:\n    A: {type: array, items: {type: integer}}\n"
        return HEAD + tail + "x-items:\n" + "- 1\n" * items
    if kind == "example":
        return (
            HEAD
            + "              example:\n"
            + "              - 1\n" * items
            + "components:\n  schemas:\n    A: {type: array, items: {type: integer}}\n"
        )
    enum = "".join(f"      - {i}\n" for i in range(items))
    return HEAD + "components:\n  schemas:\n    A:\n      type: integer\n      enum:\n" + enum


PROBE = (
    "import resource, sys\n"
    "from generator.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "print(f'PEAK-KB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', file=sys.stderr)\n"
    "sys.exit(status)\n"
)


def measure(args: list[str]) -> tuple[float, float, int]:
    """(seconds, peak MB, exit status) of one specgen command in a fresh process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True, timeout=3600
    )
    seconds = time.perf_counter() - start
    peak = [line for line in done.stderr.splitlines() if line.startswith("PEAK-KB ")]
    return seconds, int(peak[-1].split()[1]) / 1024 if peak else float("nan"), done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="include 10^6 items")
    parser.add_argument("--sizes", type=int, nargs="*", help="item counts")
    parser.add_argument("--kinds", nargs="*", default=["extension", "example", "enum"])
    parser.add_argument("--stages", nargs="*", default=["validate", "generate"])
    options = parser.parse_args()
    sizes = options.sizes or ([10_000, 100_000, 1_000_000] if options.full else [10_000, 100_000])
    print(
        f"{'where':10} {'items':>9} {'MB file':>8} {'stage':9} {'seconds':>8} "
        f"{'us/item':>8} {'peak MB':>8} {'exit':>4}"
    )
    with tempfile.TemporaryDirectory(prefix="specgen-bench-") as tmp:
        for kind in options.kinds:
            for items in sizes:
                spec = Path(tmp) / f"{kind}-{items}.yaml"
                spec.write_text(document(kind, items), encoding="utf-8")
                size = spec.stat().st_size / 1e6
                for stage in options.stages:
                    args = ["validate", str(spec)]
                    if stage == "generate":
                        args = ["generate", str(spec), "-o", f"{tmp}/out", "--package", "big"]
                    seconds, peak, status = measure(args)
                    print(
                        f"{kind:10} {items:>9} {size:>8.1f} {stage:9} {seconds:>8.1f} "
                        f"{seconds / items * 1e6:>8.1f} {peak:>8.0f} {status:>4}",
                        flush=True,
                    )
    print("peak MB: the process's own maximum resident set size (getrusage)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
