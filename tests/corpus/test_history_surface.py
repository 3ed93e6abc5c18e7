"""The generated Python surface over the real history of the SoraCam spec.

For each of the 12 versions in ../shared/specs/soracam-history: the package is generated (in a
temporary folder), imported in a fresh interpreter (every method, model field and enum member
of the surface must exist on the real objects), and type-checked with `mypy --strict` (one run
over all twelve packages). A compact snapshot of each public surface and of the client impact
between consecutive versions is committed in `tests/snapshots/history-surface/`
(`<date>.json`, `<old>__<new>.impact.json`); the tests fail with a unified diff when either
changes. Refresh them after an intended change, and review the git diff:

    SPECGEN_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/corpus/test_history_surface.py

The named events are asserted directly: 2023-02 two gadget methods removed (Python breaking);
2024-09 fifteen operations moved to new paths with the Python surface unchanged; 2025-08
`get_sora_cam_device_live_image` renamed (breaking, compatible once the pin keeps an alias).
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.diff import Severity, diff_specs
from generator.diff.impact import Impact, PySeverity, client_impact
from generator.diff.impact_report import as_json_data
from generator.load import LoadedSpec, load_path
from generator.pipeline import Target, render_target
from generator.surface import Surface, python_surface
from generator.write import write_package
from tests.conftest import SHARED

HISTORY = SHARED / "specs" / "soracam-history"
SNAPSHOTS = Path(__file__).resolve().parents[1] / "snapshots" / "history-surface"
UPDATE = os.environ.get("SPECGEN_UPDATE_SNAPSHOTS") == "1"
PACKAGE = "soracam"
RENAME = ("getSoraCamDeviceLiveImage", "getSoraCamDeviceAtomCamLiveImage")


def _versions() -> list[Path]:
    return sorted(HISTORY.glob("soracam-*.yml")) if HISTORY.is_dir() else []


def _date(path: Path) -> str:
    return path.stem.removeprefix("soracam-")


def _pairs() -> list[tuple[Path, Path]]:
    versions = _versions()
    return list(zip(versions, versions[1:], strict=False))


@cache
def _spec(path: Path) -> LoadedSpec:
    return load_path(path)


@cache
def _surface(path: Path) -> Surface:
    return python_surface(_spec(path), PACKAGE)


@cache
def _impact(old: Path, new: Path) -> Impact:
    changes = diff_specs(_spec(old), _spec(new), locate=False)
    return client_impact(_surface(old), _surface(new), changes)


def _pair(old_date: str, new_date: str) -> tuple[Path, Path]:
    old, new = HISTORY / f"soracam-{old_date}.yml", HISTORY / f"soracam-{new_date}.yml"
    if not old.is_file() or not new.is_file():
        pytest.skip(f"history specs not found in {HISTORY}")
    return old, new


# -- the named events --------------------------------------------------------------------------


def test_2023_02_two_gadget_methods_removed() -> None:
    impact = _impact(*_pair("2022-12-12", "2023-02-28"))
    removed = [c for c in impact.changes if c.kind == "method-removed"]
    assert {c.subject for c in removed} == {"gadget.set_gadget_group", "gadget.unset_gadget_group"}
    assert all(c.severity is PySeverity.BREAKING for c in removed)
    assert impact.bump == "major"


def test_2024_09_moved_operations_leave_the_python_surface_unchanged() -> None:
    old, new = _pair("2023-11-15", "2024-09-06")
    impact = _impact(old, new)
    assert len(impact.routes) == 15
    before, after = _surface(old), _surface(new)
    for route in impact.routes:
        assert "/atomcam/" in route.old and route.new == route.old.replace(
            "/atomcam/", "/atom_cam/"
        )
        o, n = before.methods[route.method], after.methods[route.method]
        assert o.operation_id == n.operation_id
        assert (o.args, o.returns) == (n.args, n.returns), route.method
        touching = [
            c
            for c in impact.changes
            if c.subject == route.method or c.subject.startswith(route.method + "(")
        ]
        assert touching == [], route.method
    # and the HTTP layer does call them breaking
    moved = {r.method for r in impact.routes}
    assert sum(1 for c in impact.http.changes if c.rule == "path-removed") == len(moved)


def test_2025_08_method_renamed_breaking_without_alias_compatible_with_it() -> None:
    old, new = _pair("2025-07-21", "2025-08-28")
    impact = _impact(old, new)
    assert [(c.kind, c.severity, c.subject, c.details["new_name"]) for c in impact.changes] == [
        (
            "method-renamed",
            PySeverity.BREAKING,
            "sora_cam.get_sora_cam_device_live_image",
            "sora_cam.get_sora_cam_device_atom_cam_live_image",
        )
    ]
    assert not impact.routes and impact.bump == "major"
    assert impact.next_version("0.3.1") == "1.0.0"

    aliased = python_surface(_spec(new), PACKAGE, dict([RENAME]))
    old_name, new_name = (f"sora_cam.get_sora_cam_device{m}_live_image" for m in ("", "_atom_cam"))
    assert aliased.aliases == {old_name: new_name}
    kept = client_impact(_surface(old), aliased, impact.http)
    [change] = kept.changes
    assert change.severity is PySeverity.COMPATIBLE and "renamed (alias kept)" in change.message
    assert kept.bump == "minor" and kept.next_version("0.3.1") == "0.4.0"


def test_2025_09_nothing_visible_moved() -> None:
    impact = _impact(*_pair("2025-08-28", "2025-09-05"))
    assert not impact.changes and not impact.routes and not impact.http
    assert impact.bump == "patch"  # the spec version moved; the package is regenerated


# -- generate, import, mypy --strict -----------------------------------------------------------


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every history version generated as its own package (distinct names, so one
    interpreter and one mypy run can hold all of them): package name -> output folder."""
    if not _versions():
        pytest.skip(f"history specs not found in {HISTORY}")
    root = tmp_path_factory.mktemp("history-packages")
    out = {}
    for path in _versions():
        name = f"{PACKAGE}_{_date(path).replace('-', '_')}"
        target = Target(spec_path=path, output=root / name, package=name)
        write_package(target.output, render_target(target, spec=_spec(path)))
        out[name] = target.output
    return out


_IMPORT_CHECK = """
import importlib, json, sys
expected = json.load(sys.stdin)
missing = []
for package, surface in expected.items():
    pkg = importlib.import_module(package)
    client = pkg.Client(base_url="http://localhost")
    for key, data in surface["methods"].items():
        attribute, method = key.split(".")
        pager = data.get("iter", {})
        for name in [method, pager.get("items"), pager.get("pages")]:
            if name and not callable(getattr(getattr(client, attribute, None), name, None)):
                missing.append(f"{package}: client.{attribute}.{name}")
    for name, fields in surface["models"].items():
        cls = getattr(pkg.models, name, None)
        declared = {f.name: f.wire for f in getattr(cls, "__fields__", ())}
        if declared != {f: wire for f, (wire, _, _) in fields.items()}:
            missing.append(f"{package}: models.{name} {sorted(fields)} != {sorted(declared)}")
    for name, members in surface["enums"].items():
        cls = getattr(pkg.models, name, None)
        if cls is None or any(cls[m].value != v for m, v in members.items()):
            missing.append(f"{package}: models.{name}")
    client.close()
print(json.dumps(missing))
"""


def test_every_version_imports_with_its_whole_surface(packages: dict[str, Path]) -> None:
    expected = {
        name: _surface(HISTORY / f"soracam-{name.split('_', 1)[1].replace('_', '-')}.yml").to_data()
        for name in packages
    }
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(p) for p in packages.values())}
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_CHECK],
        input=json.dumps(expected),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_every_version_passes_mypy_strict(packages: dict[str, Path], tmp_path: Path) -> None:
    env = {**os.environ, "MYPYPATH": os.pathsep.join(str(p) for p in packages.values())}
    args = [arg for name in packages for arg in ("-p", name)]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


# -- snapshots ---------------------------------------------------------------------------------


def _compare(target: Path, text: str, what: str) -> None:
    assert str(SHARED.resolve()) not in text and "/work/" not in text and "/tmp/" not in text
    json.loads(text)  # the snapshot stays valid JSON
    if UPDATE:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return
    if not target.is_file():
        pytest.fail(
            f"no snapshot {target.name}; run SPECGEN_UPDATE_SNAPSHOTS=1 "
            f"pytest {Path(__file__).name} and review it"
        )
    expected = target.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=f"snapshot/{target.name}",
                tofile=f"current {what}",
            )
        )
        pytest.fail(f"the {what} changed:\n{diff}", pytrace=False)


@pytest.mark.parametrize("path", _versions(), ids=_date)
def test_surface_snapshot(path: Path) -> None:
    _compare(SNAPSHOTS / f"{_date(path)}.json", _surface(path).to_json(), "Python surface")


def impact_text(impact: Impact, old: Path, new: Path) -> str:
    """Compact JSON, one client change or route per line, so a changed report diffs well."""
    data = as_json_data(impact)
    head = {
        "old": old.name,
        "new": new.name,
        "bump": data["bump"],
        "python": data["summary"],
        "http": {s.value: impact.http.count(s) for s in Severity},
    }
    rows: list[Any] = [
        {
            "kind": c["kind"],
            "severity": c["severity"],
            "subject": c["subject"],
            "message": c["message"],
        }
        for c in data["changes"]
    ]
    rows += [{"route": r["method"], "old": r["old"], "new": r["new"]} for r in data["routes"]]
    body = ",\n".join(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)
    return (
        f'{{\n"head": {json.dumps(head, sort_keys=True, ensure_ascii=False)},\n'
        f'"changes": [\n{body}\n]\n}}\n'
    )


@pytest.mark.parametrize("pair", _pairs(), ids=lambda p: f"{_date(p[0])}..{_date(p[1])}")
def test_impact_snapshot(pair: tuple[Path, Path]) -> None:
    old, new = pair
    _compare(
        SNAPSHOTS / f"{_date(old)}__{_date(new)}.impact.json",
        impact_text(_impact(old, new), old, new),
        "client impact",
    )
