"""The schema compiler lays its module out as `ruff format` would at the package's line length,
so the formatter pass over the rendered package leaves `_validators.py` exactly as compiled
(formatting happens once), and the pyproject the package ships says that same line length."""

from __future__ import annotations

import tomllib

import pytest

from generator import render
from generator.config import find_project
from generator.literals import LINE_LENGTH
from generator.pipeline import render_target
from generator.targets import pin_target
from tests.conftest import REPO_ROOT


def test_the_formatter_pass_leaves_compiled_validators_as_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = find_project(REPO_ROOT)
    pin = next(p for p in project.pins() if p.output.endswith("soracam"))
    seen: dict[str, bytes] = {}
    real = render.format_python

    def spy(files: dict[str, bytes]) -> dict[str, bytes]:
        seen.update({path: content for path, content in files.items() if path.endswith(".py")})
        return real(files)

    monkeypatch.setattr(render, "format_python", spy)
    files = render_target(pin_target(pin, project), quiet=True)
    path = "soracam/_validators.py"
    assert len(seen[path].splitlines()) > 1000  # the real module, not an empty stand-in
    assert files[path] == seen[path]
    pyproject = tomllib.loads(files["pyproject.toml"].decode("utf-8"))
    assert pyproject["tool"]["ruff"]["line-length"] == LINE_LENGTH
