"""`specgen mock` as a child process: started on a free port, stopped with Ctrl-C (SIGINT)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
URL = re.compile(r"at (http://\S+) ")


@contextmanager
def mock_process(spec: Path, *extra: str) -> Iterator[str]:
    """Yield the mock's base URL; on exit send SIGINT and require a clean stop (exit 0)."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "mock", str(spec), "--port", "0", *extra],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        found = URL.search(line)
        assert found, f"no startup line: {line!r} {proc.stderr.read() if proc.stderr else ''}"
        yield found[1]
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "specgen mock: stopped" in out
    assert "Traceback" not in err
