"""The compiled-template cache never changes output: a changed template is recompiled, a corrupt
or unwritable cache falls back to compiling, and the package renders the same cold or warm."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from generator import render
from generator.pipeline import Target, render_target


def _env(templates: Path, cache: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=render._TemplateCache(str(cache), "specgen-%s.cache"),
        undefined=jinja2.StrictUndefined,
    )


def test_a_changed_template_is_recompiled(tmp_path: Path) -> None:
    templates, cache = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    cache.mkdir()
    (templates / "t.jinja").write_text("one {{ x }}", encoding="utf-8")
    assert _env(templates, cache).get_template("t.jinja").render(x=1) == "one 1"
    assert len(list(cache.iterdir())) == 1  # written
    assert _env(templates, cache).get_template("t.jinja").render(x=1) == "one 1"  # read
    (templates / "t.jinja").write_text("two {{ x }}", encoding="utf-8")
    assert _env(templates, cache).get_template("t.jinja").render(x=1) == "two 1"


def test_a_corrupt_or_unwritable_cache_falls_back_to_compiling(tmp_path: Path) -> None:
    templates, cache = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    cache.mkdir()
    (templates / "t.jinja").write_text("{{ x }}!", encoding="utf-8")
    _env(templates, cache).get_template("t.jinja")
    (entry,) = cache.iterdir()
    entry.write_bytes(b"j2" + b"\x00" * 40)  # right magic prefix, garbage after it
    assert _env(templates, cache).get_template("t.jinja").render(x=2) == "2!"
    missing = tmp_path / "no-such-folder"
    assert _env(templates, missing).get_template("t.jinja").render(x=3) == "3!"


def test_cold_and_warm_renders_are_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_dir: Path
) -> None:
    spec = shared_dir / "specs/soracam/soracom-soracam-api-openapi.yml"
    target = Target(spec_path=spec, output=tmp_path / "out", package="soracam")
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setattr(render, "_template_cache", lambda: render._TemplateCache(str(cache)))
    outputs = []
    try:
        for _ in range(2):
            render.environment.cache_clear()
            outputs.append(render_target(target, quiet=True))
            assert any(cache.iterdir())
    finally:
        render.environment.cache_clear()
    assert outputs[0] == outputs[1]
