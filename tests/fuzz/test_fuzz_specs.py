"""Fuzzed SoraCam specs end in a clean diagnostic or a working package (issue 12, point 4).

300 seeded cases here (SPECGEN_FUZZ_CASES=3000 for the long run; `python -m tests.fuzz.run N`
prints the table): type swaps at every node, deletions, duplicated ids, dangling and self refs,
injection strings, very long and non-ASCII strings. Every case goes through validate, generate
(strict, then lenient) and the dynamic client; each must end in `SpecError` diagnostics or a
package, never another exception, never over the per-case timeout. Every 10th package is
written and imported (the injected code must not run), every 100th also passes mypy --strict.
Nothing may change outside the test's temporary folders.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.fuzz import run
from tests.fuzz.mutate import MARKER


def _repository_state(root: Path) -> str:
    done = subprocess.run(
        ["git", "status", "--porcelain", "--ignored"], cwd=root, capture_output=True, text=True
    )
    return done.stdout if done.returncode == 0 else ""


def test_fuzzed_specs_end_in_a_diagnostic_or_a_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not run.SPEC_FILE.is_file():
        pytest.skip(f"shared SoraCam spec not found at {run.SPEC_FILE}")
    count = int(os.environ.get("SPECGEN_FUZZ_CASES", "300"))
    root = Path(__file__).resolve().parents[2]
    monkeypatch.setenv("SPECGEN_CACHE_DIR", str(tmp_path / "cache"))
    before = _repository_state(root)
    outcomes = run.run(count, seed=12)
    print(run.table(outcomes))
    failures = [o for o in outcomes if o.kind in ("internal", "timeout")]
    assert not failures, "\n\n".join(
        f"case {o.index} ({', '.join(o.mutations)}): {o.kind}\n{o.detail}" for o in failures[:5]
    )
    kinds = {o.kind for o in outcomes}
    assert kinds == {"diagnostic", "package"}, kinds  # the mutations reach both ends
    assert any(o.detail.startswith("imported") for o in outcomes)
    assert any("mypy" in o.detail for o in outcomes)
    assert not (root / MARKER).exists() and not Path(MARKER).exists()
    assert _repository_state(root) == before  # no side effect in the checkout
