"""The diff over the real history of the SoraCam spec (../shared/specs/soracam-history).

Two kinds of checks:

* the real events, asserted by name: 2023-02 two gadget operations removed; 2024-09 fifteen
  `/atomcam/` operations moved to `/atom_cam/` under the same operationIds; 2025-08 one operationId
  renamed on an unchanged path;
* a committed snapshot of the whole report for each consecutive pair, in
  `tests/snapshots/history-diff/`, so any change in what the diff reports shows up as a readable
  unified diff in the failure.

Refresh the snapshots after an intended change of the diff, and review the git diff:

    SPECGEN_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/corpus/test_history_diff.py

Snapshots hold file names without folders and positions as line:col, never absolute paths.
"""

from __future__ import annotations

import difflib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.diff import ChangeSet, Severity, diff_specs
from generator.load import load_path

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
HISTORY = SHARED / "specs" / "soracam-history"
SNAPSHOTS = Path(__file__).resolve().parents[1] / "snapshots" / "history-diff"
UPDATE = os.environ.get("SPECGEN_UPDATE_SNAPSHOTS") == "1"


def _versions() -> list[Path]:
    return sorted(HISTORY.glob("soracam-*.yml")) if HISTORY.is_dir() else []


def _pairs() -> list[tuple[Path, Path]]:
    versions = _versions()
    return list(zip(versions, versions[1:], strict=False))


def _date(path: Path) -> str:
    return path.stem.removeprefix("soracam-")


@cache
def _diff(old: Path, new: Path) -> ChangeSet:
    return diff_specs(load_path(old), load_path(new))


def _pair(old_date: str, new_date: str) -> ChangeSet:
    old, new = HISTORY / f"soracam-{old_date}.yml", HISTORY / f"soracam-{new_date}.yml"
    if not old.is_file() or not new.is_file():
        pytest.skip(f"history specs not found in {HISTORY}")
    return _diff(old, new)


# -- the real events ---------------------------------------------------------------------------


def test_history_is_present() -> None:
    if not HISTORY.is_dir():
        pytest.skip(f"history specs not found in {HISTORY}")
    assert len(_versions()) == 12


def test_2023_02_two_gadget_operations_removed() -> None:
    changes = _pair("2022-12-12", "2023-02-28")
    removed = [c for c in changes.changes if c.rule in ("path-removed", "operation-removed")]
    assert {(c.method, c.path, c.old_operation_id) for c in removed} == {
        ("POST", "/gadgets/{product_id}/{serial_number}/set_group", "setGadgetGroup"),
        ("POST", "/gadgets/{product_id}/{serial_number}/unset_group", "unsetGadgetGroup"),
    }
    assert all(c.severity is Severity.BREAKING for c in removed)
    assert all(c.old_location is not None and c.old_location.line > 0 for c in removed)


def test_2024_09_atomcam_paths_replaced_under_the_same_operation_ids() -> None:
    changes = _pair("2023-11-15", "2024-09-06")
    removed = [c for c in changes.changes if c.rule == "path-removed"]
    assert len(removed) == 15
    assert all("/atomcam/" in c.path for c in removed)
    assert all(c.severity is Severity.BREAKING for c in removed)
    added = {(c.method, c.path): c for c in changes.changes if c.rule == "path-added"}
    for change in removed:
        target = (change.method, change.path.replace("/atomcam/", "/atom_cam/"))
        assert target in added, target
        assert added[target].new_operation_id == change.old_operation_id
        assert change.details["operation_id_unchanged"] is True
        assert change.details["moved_to"] == " ".join(target)
        assert added[target].details["moved_from"] == f"{change.method} {change.path}"
        assert "is unchanged" in change.message


def test_2025_08_operation_id_renamed_on_the_same_path() -> None:
    changes = _pair("2025-07-21", "2025-08-28")
    assert [
        (c.rule, c.severity, c.method, c.path, c.old_operation_id, c.new_operation_id)
        for c in changes.changes
    ] == [
        (
            "operation-id-changed",
            Severity.NON_BREAKING,
            "GET",
            "/sora_cam/devices/{device_id}/atom_cam/live_image",
            "getSoraCamDeviceLiveImage",
            "getSoraCamDeviceAtomCamLiveImage",
        )
    ]


def test_2025_09_only_the_version_moved() -> None:
    changes = _pair("2025-08-28", "2025-09-05")
    assert not changes
    assert changes.version_changed


# -- snapshots ---------------------------------------------------------------------------------


def _where(location: Any) -> str | None:
    return f"{location.line}:{location.col}" if location is not None else None


def snapshot_text(changes: ChangeSet, old: Path, new: Path) -> str:
    """Compact JSON, one change per line, so a changed report diffs line by line."""
    head = {
        "old": {"file": old.name, "version": changes.old_version},
        "new": {"file": new.name, "version": changes.new_version},
        "summary": {s.value: changes.count(s) for s in Severity},
    }
    lines = [
        "{",
        f'"head": {json.dumps(head, sort_keys=True, ensure_ascii=False)},',
        '"changes": [',
    ]
    rows = []
    for c in changes.changes:
        row = {
            "rule": c.rule,
            "severity": c.severity.value,
            "op": f"{c.method} {c.path}",
            "operation_id": [c.old_operation_id, c.new_operation_id],
            "message": c.message,
            "old": [c.old_pointer, _where(c.old_location)],
            "new": [c.new_pointer, _where(c.new_location)],
        }
        rows.append(json.dumps(row, sort_keys=True, ensure_ascii=False))
    lines.append(",\n".join(rows))
    lines += ["]", "}"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("pair", _pairs(), ids=lambda p: f"{_date(p[0])}..{_date(p[1])}")
def test_history_snapshot(pair: tuple[Path, Path]) -> None:
    old, new = pair
    text = snapshot_text(_diff(old, new), old, new)
    assert str(SHARED.resolve()) not in text and "/work/" not in text
    json.loads(text)  # the snapshot stays valid JSON
    target = SNAPSHOTS / f"{_date(old)}..{_date(new)}.json"
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
                tofile="current report",
            )
        )
        pytest.fail(f"the history diff changed:\n{diff}", pytrace=False)
