"""The libyaml fast path (`generator.yaml12`) reads YAML exactly as ruamel.yaml (YAML 1.2) does.

Differential: every YAML file under ../shared, and a table of scalars on which YAML 1.1 and 1.2
disagree, must give equal data from both loaders after the loader's normalization; what the
fast path refuses (duplicate keys, unknown tags, syntax errors) is reported by ruamel.yaml.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from generator import yaml12
from generator.diagnostics import SpecError
from generator.load import _normalize, load_bytes
from tests.conftest import SHARED

pytestmark = pytest.mark.skipif(not yaml12.AVAILABLE, reason="PyYAML without libyaml")


def _ruamel(text: str) -> Any:
    return YAML(typ="safe", pure=False).load(text)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


SCALARS = [
    "017",
    "0o17",
    "-0o7",
    "0x1F",
    "0x_1",
    "0b101",
    "1_000",
    "+12",
    "-0",
    "00",
    "1e3",
    "12e03",
    "1.5e-3",
    "1.",
    "0.5",
    "+.5",
    "1_0.5",
    ".inf",
    "-.Inf",
    ".NaN",
    "1:20",
    "yes",
    "no",
    "on",
    "off",
    "On",
    "OFF",
    "y",
    "n",
    "True",
    "false",
    "FALSE",
    "~",
    "null",
    "NULL",
    "",
    "2024-01-01",
    "2024-01-01T10:00:00Z",
    "2001-12-14t21:59:43.10-05:00",
    "'on'",
    '"017"',
    "0.1.2",
    "v1",
    "1e",
    "-",
    "=",
]


def _judge(text: str, name: str) -> None:
    """Both loaders agree: equal data, or the fast path refuses what ruamel.yaml refuses."""
    try:
        expected = _ruamel(text)
    except Exception:  # noqa: BLE001 - ruamel refuses it: the fast path must refuse it too
        with pytest.raises(Exception):  # noqa: B017
            yaml12.load(text)
        return
    try:
        fast = yaml12.load(text)
    except Exception:  # noqa: BLE001 - refused: load_bytes falls back to ruamel, still correct
        return
    if isinstance(expected, dict):
        expected, fast = _normalize(expected, name), _normalize(fast, name)
    assert _same(fast, expected), expected


@pytest.mark.parametrize("scalar", SCALARS)
def test_scalars_resolve_as_yaml_1_2(scalar: str) -> None:
    _judge(f"k: {scalar}\nl:\n  - {scalar}\n", "x")


DOCUMENTS = [
    "a: &x {b: [1, 2.5, ~, true, 2024-01-01]}\nc: *x\n",  # an alias: built once, shared
    "a: &s text\nb: [*s, *s]\n",
    "base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n",  # a merge key: the generic way
    "a: !!set {x: null}\n",
    "a: !!str 017\nb: !!int '017'\nc: !!float '1'\n",
    "a: !!str {b: 1}\n",
    "a: !!map x\n",
    "? [1]\n: 2\n",
    "a: {}\nb: []\nc: [{}, []]\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_documents_build_as_ruamel_reads_them(text: str) -> None:
    _judge(text, "x")


def _shared_yaml() -> list[Path]:
    if not SHARED.is_dir():
        return []
    return sorted(p for p in SHARED.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())


@pytest.mark.slow
@pytest.mark.parametrize("path", _shared_yaml(), ids=lambda p: str(p.relative_to(SHARED)))
def test_every_shared_yaml_file_loads_the_same(path: Path) -> None:
    _judge(path.read_bytes().decode("utf-8-sig", "replace"), path.name)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("openapi: 3.0.3\nopenapi: 3.0.4\n", "found duplicate key"),
        (
            "openapi: 3.0.3\ninfo: !!python/object:os.system x\n",
            "could not determine a constructor",
        ),
        ("openapi: 3.0.3\ninfo: [unclosed\n", "invalid YAML"),
    ],
)
def test_what_the_fast_path_refuses_is_reported_by_ruamel(text: str, message: str) -> None:
    with pytest.raises(SpecError) as caught:
        load_bytes(text.encode(), "spec.yaml")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "load-yaml-syntax" and message in diagnostic.message
    assert diagnostic.location is not None and diagnostic.location.line >= 1
