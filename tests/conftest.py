"""Shared test helpers: where the shared data lives, relative to this checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT / ".." / "shared"
"""The shared data folder (specs, corpora), a sibling of the repository; never committed."""


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data folder not found at {SHARED}")
    return SHARED


SLOW_FOLDERS = ("corpus",)
"""Every test in these folders walks a whole corpus of specs: marked `slow` as a group."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark whole corpus folders `slow`, so `pytest -m "not slow"` is the fast inner loop."""
    for item in items:
        if Path(item.path).parent.name in SLOW_FOLDERS:
            item.add_marker(pytest.mark.slow)
