"""The synthetic 3.8 MB pair of bench/bench_diff.py carries the changes it claims to plant, so
the benchmark times a diff that has real work to report (its duration is not asserted here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from generator.diff import diff_specs
from generator.load import load_path
from tests.conftest import REPO_ROOT


def _bench():
    spec = importlib.util.spec_from_file_location("bench_diff", REPO_ROOT / "bench/bench_diff.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_the_synthetic_pair_plants_a_release_worth_of_changes(tmp_path: Path) -> None:
    bench = _bench()
    if not bench.LARGE.is_file():
        pytest.skip(f"{bench.LARGE} not found")
    old_path, new_path = bench.synthetic_pair(tmp_path)
    assert 3.5e6 < old_path.stat().st_size < 4.5e6
    old, new = load_path(old_path), load_path(new_path)
    assert len(old.data["components"]["schemas"]) == 802
    assert sum(len(item) for item in old.data["paths"].values()) >= 390
    changes = diff_specs(old, new, locate=False)
    assert {
        "response-property-added",
        "response-optional-property-removed",
        "path-added",
        "path-removed",
        "operation-id-changed",
    } <= changes.rules()
    assert changes.rules() & {
        "response-property-enum-value-added",
        "response-property-max-length-decreased",
        "response-property-became-required",
    }
    assert not diff_specs(old, load_path(old_path), locate=False)
