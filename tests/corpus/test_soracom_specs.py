"""Every Soracom API spec (17, the 476-operation platform API included) generates a package
that compiles, imports, constructs both clients and passes ruff check; every operation the
spec marks with `x-soracom-cli-pagination` gets `iter_<method>` and `iter_<method>_pages` on
both clients (counted against the spec read with yaml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.pipeline import Target, default_package_name, render_target
from generator.write import write_package
from tests.conftest import SHARED

SPECS = sorted((SHARED / "specs" / "soracom").glob("*.yml"))


def test_all_seventeen_specs_are_present() -> None:
    assert len(SPECS) == 17


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_spec_generates_a_package_that_imports(spec: Path, tmp_path: Path) -> None:
    package = default_package_name(spec)
    output = tmp_path / package
    write_package(output, render_target(Target(spec_path=spec, output=output, package=package)))

    probe = (
        f"import {package}, {package}.models\n"
        f"c = {package}.Client(base_url='http://localhost')\n"
        f"a = {package}.AsyncClient(base_url='http://localhost')\n"
        "import functools\n"
        "names = [k for k, v in vars(type(c)).items() if isinstance(v, functools.cached_property)]\n"
        "resources = [k for k in names if type(getattr(c, k)).__name__.endswith('Resource')]\n"
        "assert resources, 'no resources'\n"
        "iters = [n for r in resources for n in dir(getattr(c, r)) if n.startswith('iter_')]\n"
        "aiters = [n for r in resources for n in dir(getattr(a, r)) if n.startswith('iter_')]\n"
        "assert sorted(iters) == sorted(aiters)\n"
        "print(len(iters))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=output, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == 2 * _paginated(spec)
    compiled = subprocess.run(
        [sys.executable, "-m", "compileall", "-q", package],
        cwd=output,
        capture_output=True,
        text=True,
    )
    assert compiled.returncode == 0, compiled.stdout
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
        cwd=output,
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout


def test_default_package_names_never_shadow_the_standard_library() -> None:
    names = {default_package_name(spec) for spec in SPECS}
    assert "platform_api" in names
    assert not names & set(sys.stdlib_module_names)


def _paginated(spec: Path) -> int:
    with spec.open("rb") as handle:
        document = yaml.safe_load(handle)
    return sum(
        1
        for item in document["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "x-soracom-cli-pagination" in op
    )


def test_the_specs_have_paginated_operations() -> None:
    counts = {spec.stem: _paginated(spec) for spec in SPECS}
    assert counts["soracom-platform-api-openapi"] == 53
    assert sum(counts.values()) == 98


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_dynamic_client_pages_the_same_operations(spec: Path) -> None:
    from generator.dynamic import Client

    client = Client.from_spec(spec, base_url="http://localhost", cache=False)
    names = [
        f"{resource}.{name}"
        for resource in client.api.resources
        for name in dir(getattr(client, resource))
        if name.startswith("iter_")
    ]
    assert len(names) == 2 * _paginated(spec)
