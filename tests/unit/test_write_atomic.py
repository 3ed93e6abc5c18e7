"""The package swap survives a kill between any two filesystem steps (issue 12, point 5).

For every step `write_package` takes, a child process writes a new package over an old one
and is killed (SIGKILL) right after that step; the output path must then hold exactly the old
package or exactly the new one, and the next run must leave no `.pkg.new-*`/`.pkg.old-*` folder
behind. The same is done in-process with a BaseException (what Ctrl-C or `sys.exit` raises), on
the atomic-exchange path and on the two-rename fallback of platforms without one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator import write
from generator.write import recover_leftovers, with_manifest, write_package

OLD = with_manifest({"a.py": b"old a\n", "gone.py": b"old only\n", "sub/c.py": b"old c\n"}, {})
NEW = with_manifest({"a.py": b"new a\n", "b.py": b"new b\n", "sub/c.py": b"new c\n"}, {})
CHANGELOG = b"# history\n"

needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _expected(files: dict[str, bytes]) -> dict[str, bytes]:
    return {**files, "CHANGELOG.md": CHANGELOG}


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".pkg."))


def _old_package(parent: Path) -> Path:
    out = parent / "pkg"
    write_package(out, OLD)
    (out / "CHANGELOG.md").write_bytes(CHANGELOG)
    return out


def _steps(tmp_path: Path, exchange: bool) -> list[str]:
    """Every step one run takes (recorded, not assumed)."""
    out = _old_package(tmp_path / "record")
    seen: list[str] = []
    old_hook, old_exchange = write._STEP_HOOK, write._exchange
    write._STEP_HOOK = seen.append
    if not exchange:
        write._exchange = lambda a, b: False
    try:
        write_package(out, NEW)
    finally:
        write._STEP_HOOK, write._exchange = old_hook, old_exchange
    return seen


CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from generator import write
    from tests.unit.test_write_atomic import NEW

    target = sys.argv[2]
    def hook(step):
        if step == target:
            os.kill(os.getpid(), signal.SIGKILL)
    write._STEP_HOOK = hook
    if sys.argv[3] == "fallback":
        write._exchange = lambda a, b: False
    write.write_package(Path(sys.argv[1]), NEW)
    """
)


@needs_posix
@pytest.mark.parametrize("mode", ["exchange", "fallback"])
def test_a_kill_after_any_step_leaves_the_old_or_the_new_package(tmp_path: Path, mode: str) -> None:
    steps = _steps(tmp_path, exchange=mode == "exchange")
    assert steps[0] == "staging" and steps[-1] == "done"
    assert ("exchange" in steps) == (mode == "exchange"), steps  # the path under test was taken
    root = Path(__file__).resolve().parents[2]
    outcomes = set()
    for index, step in enumerate(steps):
        parent = tmp_path / f"case{index}"
        out = _old_package(parent)
        child = subprocess.run(
            [sys.executable, "-c", CHILD, str(out), step, mode],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert child.returncode == -signal.SIGKILL, (step, child.stderr)
        if mode == "exchange" or out.exists():
            found = _tree(out)
            assert found in (_expected(OLD), _expected(NEW)), (step, sorted(found))
            outcomes.add("old" if found == _expected(OLD) else "new")
        else:  # two renames: only between them is the path empty, and the next run repairs it
            assert step == "retire", step
        recover_leftovers(out)
        assert out.is_dir(), step
        assert _tree(out) in (_expected(OLD), _expected(NEW)), step
        assert _leftovers(parent) == [], (step, _leftovers(parent))
        write_package(out, NEW)  # and the next full run completes normally
        assert _tree(out) == _expected(NEW), step
        assert _leftovers(parent) == [], step
    assert outcomes == {"old", "new"}  # kills landed both before and after the swap


class Stop(BaseException):
    """What an interrupt looks like to the writer: not an Exception."""


@pytest.mark.parametrize("mode", ["exchange", "fallback"])
def test_an_interrupt_after_any_step_leaves_the_old_or_the_new_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    steps = _steps(tmp_path, exchange=mode == "exchange")
    if mode == "fallback":
        monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    for index, step in enumerate(steps):
        parent = tmp_path / f"case{index}"
        out = _old_package(parent)

        def hook(name: str, step: str = step) -> None:
            if name == step:
                raise Stop(name)

        monkeypatch.setattr(write, "_STEP_HOOK", hook)
        with pytest.raises(Stop):
            write_package(out, NEW)
        monkeypatch.setattr(write, "_STEP_HOOK", None)
        assert _tree(out) in (_expected(OLD), _expected(NEW)), step
        assert _leftovers(parent) == [], (step, _leftovers(parent))


def test_leftovers_of_dead_runs_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    out = _old_package(tmp_path)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(dead.stdout)
    legacy = tmp_path / ".pkg.new-abc123xy"  # named by an older specgen: no process id
    stale = tmp_path / f".pkg.new-{dead_pid}-k2j3"
    live = tmp_path / f".pkg.new-{os.getppid()}-zz9q"  # a live process other than ours
    other = tmp_path / ".other.new-1-x"
    for folder in (legacy, stale, live, other):
        (folder / "sub").mkdir(parents=True)
        (folder / "sub" / "big.bin").write_bytes(b"x" * 1000)
    write_package(out, NEW)
    assert not legacy.exists() and not stale.exists()
    assert live.is_dir() and other.is_dir()  # another run's work and another package's
    assert _tree(out) == _expected(NEW)


def test_a_package_retired_by_a_dead_run_is_put_back(tmp_path: Path) -> None:
    out = _old_package(tmp_path)
    retired = tmp_path / ".pkg.old-999999999-abcd"
    retired.mkdir()
    os.rename(out, retired / "pkg")  # the state a kill between the two renames leaves
    assert recover_leftovers(out) == [retired]
    assert _tree(out) == _expected(OLD)
    assert _leftovers(tmp_path) == []
