"""The generated README (with its API reference) renders for every spec in the shared folder:
every operation, model, enum and alias listed, headings only the template's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHARED
from tests.unit.test_readme_reference import check_reference, render_readme

SPECS = sorted((SHARED / "specs").rglob("*.yml"))


def test_the_shared_specs_are_present() -> None:
    assert len(SPECS) == 30


# About 12 s for all 30 (the 476-operation platform API is most of it): not marked slow.
@pytest.mark.parametrize("spec", SPECS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_readme_reference_renders(spec: Path) -> None:
    text, api, names = render_readme(spec)
    check_reference(text, api, names)
