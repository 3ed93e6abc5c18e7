"""`yaml12.load` builds plain documents itself (no PyYAML constructor) and gives exactly the data
PyYAML's constructor gives with the same YAML 1.2 rules; anything unusual goes the constructor's
way (merge keys, other tags, recursive aliases), and refusals are the constructor's."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from generator import yaml12

pytestmark = pytest.mark.skipif(not yaml12.AVAILABLE, reason="PyYAML without libyaml")


def _constructor(text: str) -> Any:
    return yaml.load(text, Loader=yaml12._Loader)  # noqa: S506 - a SafeLoader subclass


DOCUMENTS = [
    "a: 1\nb: [1, 2.5, true, False, null, ~, '017', 017, 0x1F, .inf, -.Inf, text]\n",
    "on: off\nyes: no\n'1': 1\n",
    "a: &x {k: [1, 2]}\nb: *x\n",
    "base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n",
    "when: 2020-01-01\nstamp: 2001-12-14t21:59:43.10-05:00\n",
    "tagged: !!str 12\nbinary: !!binary aGVsbG8=\n",
    "1: one\n2.5: two\nnull: three\n",
    "- [a, b]\n- {c: d}\n- ''\n",
    "",
    "just text\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_same_data_as_the_constructor(text: str) -> None:
    assert yaml12.load(text) == _constructor(text)


def test_aliases_are_shared_objects_as_the_constructor_makes_them() -> None:
    data = yaml12.load("a: &x {k: [1, 2]}\nb: *x\n")
    assert data["a"] is data["b"]


def test_a_recursive_alias_is_built_by_the_constructor() -> None:
    data = yaml12.load("a: &a [1, *a]\n")
    assert data["a"][1] is data["a"]


@pytest.mark.parametrize("text", ["a: 1\na: 2\n", "? [1, 2]\n: x\n"])
def test_refusals_are_the_constructors(text: str) -> None:
    with pytest.raises(yaml.YAMLError):
        yaml12.load(text)
    with pytest.raises(yaml.YAMLError):
        _constructor(text)
