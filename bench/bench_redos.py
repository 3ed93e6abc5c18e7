"""Benchmark: a ReDoS pattern (`^(a+)+$`) against 10,000 characters, sync and async (issue 9).

The spec tests/data/redos/redos.yaml has a property with that pattern. A package is generated
from it into a temporary folder; then, for a value of 10,000 `a` followed by `!` (no match: the
worst case for a backtracking engine), the table gives the median time of:

* the compiled validator alone, cold (a fresh `LinearPattern`, empty step cache) and warm;
* a whole call of the generated client, sync and async, with request validation on (the value is
  refused with `RequestValidationError` before anything is sent), and of the dynamic client;
* the linear engine on other risky patterns (a host name, the OWASP e-mail example, `.*=.*`);
* for scale, Python's `re` on the same pattern with only 18-22 characters (it doubles per char).

Target: under 50 ms for every 10,000-character row. Run: ``python bench/bench_redos.py``.
"""

from __future__ import annotations

import asyncio
import importlib
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.dynamic import AsyncClient as DynAsync  # noqa: E402
from generator.dynamic import Client as DynClient  # noqa: E402
from generator.pipeline import Target, render_target  # noqa: E402
from generator.runtime.validation import LinearPattern, validate  # noqa: E402
from generator.schema_compiler.ecma_regex import translate  # noqa: E402
from generator.schema_compiler.redos import nfa_program  # noqa: E402
from generator.write import write_package  # noqa: E402

SPEC = REPO / "tests" / "data" / "redos" / "redos.yaml"
VALUE = "a" * 10_000 + "!"
RUNS = 15
HARDER = [
    "^[a-z0-9]{1,63}(\\.[a-z0-9]{1,63})*$",  # host names: a counted repeat inside a star
    "^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$",  # noqa: E501  (the OWASP ReDoS e-mail example)
    ".*=.*",  # polynomial on `re.search`
]


def median_ms(func: Callable[[], Any], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def refused(call: Callable[[], Any]) -> Callable[[], None]:
    def run() -> None:
        try:
            call()
        except Exception as exc:  # RequestValidationError, of either client
            assert "pattern" in str(exc), exc
            return
        raise AssertionError("the value was not refused")

    return run


def main() -> None:
    rows: list[tuple[str, float]] = []
    program = nfa_program(translate("^(a+)+$"))
    rows.append(
        (
            "LinearPattern.search, cold (fresh engine)",
            median_ms(lambda: LinearPattern(program).search(VALUE)),
        )
    )
    warm = LinearPattern(program)
    rows.append(("LinearPattern.search, warm", median_ms(lambda: warm.search(VALUE))))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pkg"
        write_package(out, render_target(Target(spec_path=SPEC, output=out, package="redos_bench")))
        sys.path.insert(0, str(out))
        pkg = importlib.import_module("redos_bench")
        check = pkg._validators.validate_create_thing__body_0
        rows.append(
            (
                "compiled validator (request)",
                median_ms(lambda: validate(check, {"name": VALUE}, direction="request")),
            )
        )
        never = httpx.MockTransport(lambda request: httpx.Response(500))
        client = pkg.Client(base_url="http://x", transport=never)
        rows.append(
            (
                "generated client, sync call",
                median_ms(refused(lambda: client.default.create_thing(body={"name": VALUE}))),
            )
        )
        aclient = pkg.AsyncClient(base_url="http://x", transport=never)
        rows.append(
            (
                "generated client, async call",
                median_ms(
                    refused(lambda: asyncio.run(aclient.default.create_thing(body={"name": VALUE})))
                ),
            )
        )
        dyn = DynClient.from_spec(SPEC, cache=False, base_url="http://x", transport=never)
        rows.append(
            (
                "dynamic client, sync call",
                median_ms(refused(lambda: dyn.call("createThing", body={"name": VALUE}))),
            )
        )
        adyn = DynAsync.from_spec(SPEC, cache=False, base_url="http://x", transport=never)
        rows.append(
            (
                "dynamic client, async call",
                median_ms(
                    refused(lambda: asyncio.run(adyn.call("createThing", body={"name": VALUE})))
                ),
            )
        )
    title = "^(a+)+$ against 10,000 characters + '!'"
    print(f"{title:<48} {'median ms':>10}")
    for label, ms in rows:
        print(f"{label:<48} {ms:>10.2f}  {'ok' if ms < 50 else 'OVER 50 ms'}")
    print(f"\n{'other risky patterns, 10,000 characters, cold':<48} {'median ms':>10}")
    texts = {"a" * 10_000: "a*", ("a" * 62 + ".") * 160: "a.a."}
    for pattern in HARDER:
        program = nfa_program(translate(pattern))
        for text, label in texts.items():
            ms = median_ms(lambda p=program, t=text: LinearPattern(p).search(t), 5)
            print(f"{pattern[:36] + ' ' + label:<48} {ms:>10.2f}  {'ok' if ms < 50 else 'OVER'}")
    backtracking = re.compile(translate("^(a+)+$"))
    print(f"\n{'for scale, Python re (backtracking)':<48} {'median ms':>10}")
    for size in (18, 20, 22):
        ms = median_ms(lambda text="a" * size + "!": backtracking.search(text), 3)
        print(f"{f're on {size} characters':<48} {ms:>10.2f}")


if __name__ == "__main__":
    main()
