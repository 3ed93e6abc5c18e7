"""Export lists: what a package's `__all__` promises is exactly what it offers, under its name.

As httpx's tests/test_exported_members.py: every public name of the namespace is in `__all__`
and nothing else is, so an export added or dropped is a visible, reviewed change; and
public classes report the public module in reprs and tracebacks (`soracam.NotFoundError`).
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import types

import pytest

from tests.conftest import REPO_ROOT

GENERATED = REPO_ROOT / "generated" / "soracam"


def _public_names(module: types.ModuleType) -> list[str]:
    """Public names bound in the module, minus its own submodules that are not exported."""
    names = []
    for name, value in vars(module).items():
        if name.startswith("_"):
            continue
        if isinstance(value, types.ModuleType) and name not in module.__all__:
            continue  # a submodule imported as a side effect (e.g. generator.dynamic.api)
        names.append(name)
    return sorted(names)


def test_the_generated_package_exports_exactly_its_all() -> None:
    script = (
        "import soracam, types\n"
        "public = sorted(n for n in vars(soracam) if not n.startswith('_'))\n"
        "assert sorted(soracam.__all__) == public, (soracam.__all__, public)\n"
        "for name in soracam.__all__:\n"
        "    member = getattr(soracam, name)\n"
        "    if isinstance(member, type):\n"
        "        assert member.__module__ == 'soracam', (name, member.__module__)\n"
        "print(soracam.NotFoundError, len(soracam.__all__))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=GENERATED, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<class 'soracam.NotFoundError'>")


@pytest.mark.parametrize("name", ["generator.dynamic"])
def test_specgens_public_api_exports_exactly_its_all(name: str) -> None:
    module = importlib.import_module(name)
    assert sorted(module.__all__) == _public_names(module)
    for export in module.__all__:
        member = getattr(module, export)
        if isinstance(member, type) and member.__module__.startswith(name + "."):
            pytest.fail(f"{name}.{export} reports the private module {member.__module__}")
    assert module.Client.__module__ == name
