"""`render._Environment.getattr`: dict contexts and typed (dataclass) contexts read the same as
Jinja's default would, and a missing name still fails (StrictUndefined), for both."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
import pytest

from generator.render import environment


@dataclass(frozen=True)
class _Field:
    name: str
    items: tuple[str, ...]


def _render(text: str, **context: object) -> str:
    return environment().from_string(text).render(**context)


def test_typed_and_dict_contexts_read_attributes_and_keys() -> None:
    field = _Field("device_id", ("a", "b"))
    assert _render("{{ f.name }} {{ f.items | join(',') }}", f=field) == "device_id a,b"
    # a dict key named like a dict method is read as the key, as Jinja's default reads it
    assert _render("{{ d.name }} {{ d['items'] }}", d={"name": "x", "items": "y"}) == "x y"
    assert _render("{{ t.count('a') }}", t=("a", "a")) == "2"  # a method of a non-dict


@pytest.mark.parametrize("context", [_Field("n", ()), {"name": "n"}], ids=["typed", "dict"])
def test_a_missing_name_still_fails(context: object) -> None:
    with pytest.raises(jinja2.UndefinedError, match="missing"):
        _render("{{ c.missing }}", c=context)
