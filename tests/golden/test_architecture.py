"""ARCHITECTURE.md names real places: every backticked repository path in it exists, and every
stage module of the pipeline it lists is there (a renamed module must update the map)."""

from __future__ import annotations

import re

from tests.conftest import REPO_ROOT

ARCHITECTURE = REPO_ROOT / "ARCHITECTURE.md"
PATH = re.compile(r"`((?:generator|templates|tests|bench|spec)/[^`\s]*)`")


def test_every_path_it_names_exists() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    named = sorted(set(PATH.findall(text)))
    assert len(named) > 30  # the map really names places
    missing = [p for p in named if "<" not in p and not (REPO_ROOT / p).exists()]
    assert missing == []


def test_every_module_of_the_package_root_is_on_the_map() -> None:
    """A new top-level module of `generator/` must be placed on the map."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    unmapped = [
        f"generator/{p.name}"
        for p in sorted((REPO_ROOT / "generator").iterdir())
        if (p.suffix == ".py" and not p.name.startswith("__"))
        or (p.is_dir() and (p / "__init__.py").exists())
    ]
    unmapped = [p for p in unmapped if p not in text and p + "/" not in text]
    assert unmapped == []
