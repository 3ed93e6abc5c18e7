"""Shared test helpers: where the shared data lives, relative to this checkout."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests judge results, never speed: CI machines are shared, so Hypothesis's timing
# checks (deadline, too_slow) would fail a correct test under load.
settings.register_profile(
    "shared-machine", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("shared-machine")

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT / ".." / "shared"
"""The shared data folder (specs, corpora), a sibling of the repository; never committed."""


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data folder not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def _empty_profile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("no-soracom-profiles")


@pytest.fixture(autouse=True)
def _no_soracom_profile(monkeypatch: pytest.MonkeyPatch, _empty_profile_dir: Path) -> None:
    """Clients never read the machine's soracom-cli profiles or SORACOM_* variables in tests."""
    import os

    for name in list(os.environ):
        if name.startswith("SORACOM_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SORACOM_PROFILE_DIR", str(_empty_profile_dir))


SLOW_FOLDERS = ("corpus", "fuzz")
"""Every test in these folders walks a whole corpus of specs (or 300 fuzzed ones): marked
`slow` as a group."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark whole corpus folders `slow`, so `pytest -m "not slow"` is the fast inner loop."""
    for item in items:
        if Path(item.path).parent.name in SLOW_FOLDERS:
            item.add_marker(pytest.mark.slow)


def models_source(package: Path) -> str:
    """The text of a generated package's models: `models/` holds one module per model group."""
    return "".join(p.read_text(encoding="utf-8") for p in sorted((package / "models").glob("*.py")))
