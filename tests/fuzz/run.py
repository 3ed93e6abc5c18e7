"""Run fuzz cases through every stage a user reaches and classify each outcome.

A case is a mutated SoraCam spec (`mutate.py`), serialized as JSON text. It goes through what
`specgen validate`, `specgen generate` (strict, then `--lenient` when strict refuses it) and the
dynamic client (`Client.from_spec(..., lenient=True)`) do. Outcomes:

- `diagnostic`: refused with `SpecError` diagnostics (each formatted, none empty);
- `package`: a rendered package (sampled: written, imported, mypy --strict);
- `internal`: any other exception (a bug: the traceback is kept for the report);
- `timeout`: the case ran longer than the per-case limit.

    python -m tests.fuzz.run [CASES] [SEED]     # prints a table; exit 1 on any internal/timeout
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.fuzz.mutate import MARKER, cases

SPEC = Path(__file__).resolve().parents[2] / ".." / "shared" / "specs" / "soracam"
SPEC_FILE = SPEC / "soracom-soracam-api-openapi.yml"
CASE_TIMEOUT = 60.0
"""Seconds one case may take (the unmutated spec takes well under one)."""


class CaseTimeout(BaseException):
    """Raised by the timer inside a case that ran too long (a hang)."""


@dataclass
class Outcome:
    index: int
    kind: str
    mutations: list[str]
    detail: str = ""
    seconds: float = 0.0
    files: dict[str, bytes] = field(default_factory=dict, repr=False)


def base_document() -> dict[str, Any]:
    from generator.load import load_path

    return load_path(SPEC_FILE).data


def run_case(index: int, data: dict[str, Any], mutations: list[str]) -> Outcome:
    start = time.perf_counter()
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, CASE_TIMEOUT)
    try:
        kind, detail, files = _stages(data)
    except CaseTimeout:
        kind, detail, files = "timeout", f"over {CASE_TIMEOUT} s", {}
    except Exception:  # anything but SpecError escaping a stage is a bug
        kind, detail, files = "internal", traceback.format_exc(), {}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return Outcome(index, kind, mutations, detail, time.perf_counter() - start, files)


def _on_alarm(signum: int, frame: Any) -> None:
    raise CaseTimeout


def _stages(data: dict[str, Any]) -> tuple[str, str, dict[str, bytes]]:
    import contextlib
    import io

    from generator.diagnostics import SpecError
    from generator.dynamic import load_api
    from generator.load import load_bytes
    from generator.pipeline import Target, render_target
    from generator.validate import validate

    content = json.dumps(data, ensure_ascii=False).encode("utf-8")
    target = Target(spec_path=Path("fuzz.json"), output=Path("unused"), package="client")
    refused: list[SpecError] = []
    files: dict[str, bytes] = {}
    with contextlib.redirect_stderr(io.StringIO()):
        try:
            validate(load_bytes(content, "fuzz.json"))  # what `specgen validate` runs
        except SpecError as exc:
            refused.append(exc)
        for lenient in (False, True):
            try:
                spec = load_bytes(content, "fuzz.json", lenient=lenient)
                files = render_target(Target(**{**target.__dict__, "lenient": lenient}), spec=spec)
                break
            except SpecError as exc:
                refused.append(exc)
        try:
            load_api(json.loads(content), use_cache=False, lenient=True)
        except SpecError as exc:
            refused.append(exc)
    for exc in refused:
        texts = [d.format() for d in exc.diagnostics]
        if not texts or not all(isinstance(t, str) and t.strip() for t in texts):
            return "internal", f"SpecError without a readable diagnostic: {texts!r}", {}
    if files:
        return "package", "", files
    return "diagnostic", refused[0].diagnostics[0].format()[:300], {}


def check_package(files: dict[str, bytes], folder: Path, mypy: bool) -> str:
    """'' when the package imports (and passes mypy --strict), else the failure."""
    from generator.write import write_package

    out = folder / "client"
    write_package(out, files)
    probe = (
        "import client, client.models\n"
        "client.Client(base_url='http://localhost')\n"
        "client.AsyncClient(base_url='http://localhost')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=out, capture_output=True, text=True, timeout=120
    )
    if run.returncode != 0:
        return "import failed: " + run.stderr[-2000:]
    if (out / MARKER).exists() or (folder / MARKER).exists() or Path(MARKER).exists():
        return "injected code ran"
    if mypy:
        checked = subprocess.run(
            [
                sys.executable,
                "-m",
                "mypy",
                "--strict",
                "--no-error-summary",
                "--cache-dir",
                str(folder.parent / ".mypy-cache"),
                "client",
            ],
            cwd=out,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if checked.returncode != 0:
            return "mypy --strict failed: " + checked.stdout[-2000:]
    return ""


def run(count: int, seed: int = 12, import_every: int = 10, mypy_every: int = 100) -> list[Outcome]:
    """`count` cases; every `import_every`-th package imported, every `mypy_every`-th typed."""
    data = base_document()
    outcomes = []
    packages = 0
    with tempfile.TemporaryDirectory(prefix="specgen-fuzz-") as tmp:
        for index, mutated, applied in cases(data, seed, count):
            outcome = run_case(index, mutated, applied)
            if outcome.kind == "package":
                packages += 1
                if packages % import_every == 1 or import_every == 1:
                    mypy = packages % mypy_every == 1 or mypy_every == 1
                    problem = check_package(outcome.files, Path(tmp) / f"case{index}", mypy)
                    if problem:
                        outcome.kind, outcome.detail = "internal", problem
                    else:
                        outcome.detail = "imported" + (", mypy --strict clean" if mypy else "")
            outcome.files = {}
            outcomes.append(outcome)
    return outcomes


def table(outcomes: list[Outcome]) -> str:
    counts = Counter(o.kind for o in outcomes)
    checked = sum(o.detail.startswith("imported") for o in outcomes)
    typed = sum("mypy" in o.detail for o in outcomes if o.kind == "package")
    slowest = max((o.seconds for o in outcomes), default=0.0)
    rows = [f"cases {len(outcomes)}"]
    rows += [
        f"{kind:12} {counts.get(kind, 0)}"
        for kind in ("diagnostic", "package", "internal", "timeout")
    ]
    rows += [f"imported     {checked}", f"mypy-strict  {typed}", f"slowest case {slowest:.2f} s"]
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else int(os.environ.get("SPECGEN_FUZZ_CASES", "300"))
    seed = int(argv[1]) if len(argv) > 1 else 12
    outcomes = run(count, seed)
    for o in outcomes:
        if o.kind in ("internal", "timeout"):
            print(f"--- case {o.index} ({', '.join(o.mutations)}): {o.kind}\n{o.detail}")
    print(table(outcomes))
    return 1 if any(o.kind in ("internal", "timeout") for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
