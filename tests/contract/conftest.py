"""Contract-testing fixtures: the SoraCam spec loaded for the mock, and the generated package."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = REPO_ROOT / "generated" / "soracam"
SORACAM_SPEC = REPO_ROOT.parent / "shared" / "specs" / "soracam" / "soracom-soracam-api-openapi.yml"
REAL_WORLD = REPO_ROOT.parent / "shared" / "corpus" / "real-world"

if str(PACKAGE_DIR) not in sys.path:
    sys.path.insert(0, str(PACKAGE_DIR))


@pytest.fixture(scope="session")
def soracam_spec() -> Path:
    if not SORACAM_SPEC.is_file():
        pytest.skip(f"SoraCam spec not found at {SORACAM_SPEC}")
    return SORACAM_SPEC


@pytest.fixture(scope="session")
def soracam_contract(soracam_spec: Path):  # type: ignore[no-untyped-def]
    from generator.contract import load_contract

    return load_contract(soracam_spec)
