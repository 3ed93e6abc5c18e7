"""The runtime facts read from source equal the runtime's own values, and reading them (like the
whole generate path) does not import httpx."""

from __future__ import annotations

import subprocess
import sys

from generator.runtime import errors
from generator.runtime.retries import RetryPolicy
from generator.runtime_facts import default_max_retries, status_error_names
from tests.conftest import REPO_ROOT


def test_status_error_names_match_the_runtime_table() -> None:
    expected = {status: cls.__name__ for status, cls in errors._STATUS_ERRORS.items()}
    assert status_error_names() == expected
    assert status_error_names()[404] == "NotFoundError"


def test_default_max_retries_matches_the_runtime_default() -> None:
    assert default_max_retries() == RetryPolicy().max_retries


def test_generate_path_does_not_import_httpx() -> None:
    code = (
        "import sys, generator.cli, generator.commands.generate, generator.pipeline, "
        "generator.plan, generator.reference, generator.render; "
        "print('httpx' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False", result.stderr
