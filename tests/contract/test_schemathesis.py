"""schemathesis against `specgen mock` (a child process over loopback) finds no failure.

schemathesis is an independent client-side oracle: it generates valid and invalid requests from
the spec and checks every answer (server errors, documented statuses, content types, headers,
response schemas, valid data accepted, invalid data rejected). Two runs per spec:

* positive mode, every check but the three a stateless mock cannot pass by design
  (`ignored_auth`: the mock checks credentials are present, not that they are genuine;
  `use_after_free`, `ensure_resource_availability`: a DELETE does not remove anything);
* negative mode, the same minus `status_code_conformance`: a spec that documents no 4xx for an
  operation (most SoraCam operations) leaves the mock no documented status to refuse with, and
  refusing invalid data (`negative_data_rejection`) is the point.

Bounded: `--max-examples 3`, deterministic generation, no stateful phase.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.contract.conftest import REAL_WORLD, SORACAM_SPEC
from tests.contract.mock_process import mock_process

STATELESS = "ignored_auth,use_after_free,ensure_resource_availability"

SPECS = {
    "soracam": (SORACAM_SPEC, ["-H", "X-Soracom-API-Key: key", "-H", "X-Soracom-Token: token"]),
    "petstore-expanded": (REAL_WORLD / "oai-examples" / "petstore-expanded.yaml", []),
    "uspto": (REAL_WORLD / "oai-examples" / "uspto.yaml", []),
}


def _st() -> str:
    found = shutil.which("st", path=str(Path(sys.executable).parent)) or shutil.which("st")
    if found is None:
        pytest.skip("schemathesis is not installed (pip install -e '.[test]')")
    return found


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SPECS))
@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_schemathesis_finds_no_failure(name: str, mode: str) -> None:
    spec, headers = SPECS[name]
    if not spec.is_file():
        pytest.skip(f"spec not found at {spec}")
    excluded = STATELESS + (",status_code_conformance" if mode == "negative" else "")
    with mock_process(spec) as url:
        result = subprocess.run(
            [
                _st(), "run", str(spec), "--url", url, "--mode", mode,
                "--max-examples", "3", "--generation-deterministic",
                "--phases", "examples,coverage,fuzzing",
                "--checks", "all", "--exclude-checks", excluded, *headers,
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )  # fmt: skip
    assert result.returncode == 0, result.stdout[-6000:]
    assert " passed" in result.stdout
