"""The cyclic collector is paused for a whole `generate` run and a dynamic `load_api` build,
restored afterwards, and cycles made meanwhile are still collected (generator.gcpause).

The generated package's runtime never pauses it: a client's calls run with the collector as the
application left it.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import pipeline
from generator.dynamic import api as dynamic_api
from generator.dynamic import load_api
from generator.pipeline import Target, render_target

SPEC = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "specs"
    / "soracam"
    / "soracom-soracam-api-openapi.yml"
)


class _Cycle:
    """An object in a reference cycle with itself, reachable only through that cycle."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was:
            gc.disable()


def _spy(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, seen: list[bool]) -> list[Any]:
    """Wrap `module.name` so each call records gc.isenabled() and leaves a cycle behind."""
    real = getattr(module, name)
    cycles: list[Any] = []

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        cycle = _Cycle()
        cycles.append(weakref.ref(cycle))
        del cycle  # now only the cycle keeps it: reference counting cannot free it
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return cycles


def _spec() -> Path:
    if not SPEC.exists():
        pytest.skip(f"{SPEC} is missing")
    return SPEC


def test_generate_runs_with_the_collector_paused_and_restores_it(
    monkeypatch: pytest.MonkeyPatch, collector_on: None, tmp_path: Path
) -> None:
    seen: list[bool] = []
    cycles = _spy(monkeypatch, pipeline, "build_api", seen)
    files = render_target(Target(_spec(), tmp_path / "out", "pet"), quiet=True)
    assert files  # the run did its work
    assert seen == [False]  # the back end (IR, plan, render) ran paused
    assert gc.isenabled()
    gc.collect()
    assert cycles[0]() is None  # the cycle made during the pause was collected after it


def test_a_failing_generate_restores_the_collector(collector_on: None, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.0.3\ninfo: {title: t}\npaths: {}\n")
    with pytest.raises(Exception):  # noqa: B017 - any refusal; only the collector's state counts
        render_target(Target(bad, tmp_path / "out", "bad"), quiet=True)
    assert gc.isenabled()


def test_dynamic_load_builds_with_the_collector_paused_and_restores_it(
    monkeypatch: pytest.MonkeyPatch, collector_on: None
) -> None:
    seen: list[bool] = []
    cycles = _spy(monkeypatch, dynamic_api, "DynamicApi", seen)
    load_api(_spec(), use_cache=False)
    assert seen == [False]
    assert gc.isenabled()
    gc.collect()
    assert cycles[0]() is None


def test_a_paused_collector_stays_paused(collector_on: None, tmp_path: Path) -> None:
    gc.disable()  # an application that manages the collector itself
    try:
        render_target(Target(_spec(), tmp_path / "out", "pet"), quiet=True)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_runtime_never_pauses_the_collector() -> None:
    # The runtime is copied into generated packages and runs the dynamic client's calls: the
    # application owns the collector there.
    runtime = Path(pipeline.__file__).parent / "runtime"
    sources = [*runtime.rglob("*.py"), runtime.parent / "dynamic" / "client.py"]
    assert len(sources) > 5
    for source in sources:
        text = source.read_text(encoding="utf-8")
        assert "gcpause" not in text and "gc.disable" not in text, source
