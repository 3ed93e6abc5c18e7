"""Null (issue 9, point 5): a property's annotation has `| None` exactly when its compiled
validator accepts null, in every form (tests/data/nulls/nulls.yaml): `nullable` with a type,
beside allOf/oneOf/anyOf, on a referenced component, beside `$ref` (ignored), in enums with and
without null, on arrays, maps and items. The rule is documented in the generated models module
and in the README."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from generator.runtime.validation import validate
from tests.functional.wire_support import REPO, clients, generate, run

SPEC = REPO / "tests" / "data" / "nulls" / "nulls.yaml"
ACCEPTS_NULL = {
    "typedNullable": True,
    "typed": False,
    "allOfNullable": True,
    "allOfPlain": False,
    "allOfMerged": True,
    "oneOfNullable": True,
    "anyOfNullable": True,
    "oneOfNullableBranch": True,
    "refToNullable": True,
    "refWithNullableSibling": False,  # siblings of $ref are ignored (OAS 3.0)
    "enumNullableWithNull": True,
    "enumNullableWithoutNull": False,  # the enum must list null
    "enumTypedWithNull": False,  # the type refuses null without nullable
    "enumUntypedWithNull": True,
    "arrayNullable": True,
    "mapNullable": True,
}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return generate(SPEC, tmp_path_factory.mktemp("nulls") / "out", "wire_nulls_pkg")


def _fields(pkg: Any) -> dict[str, tuple[str, str]]:
    """wire name -> (attribute, annotation without `| Unset`)."""
    cls = pkg.models.Nulls
    return {
        f.wire: (f.name, cls.__annotations__[f.name].removesuffix(" | Unset"))
        for f in cls.__fields__
    }


def test_annotation_and_validator_agree_on_null(pkg: Any) -> None:
    check = pkg._validators.validate_get_nulls__r_200
    seen = {}
    for wire, (_, annotation) in _fields(pkg).items():
        if wire == "itemsNullable":
            continue
        annotated = annotation.split(" | ")[-1] == "None"
        accepted = validate(check, {wire: None}, direction="response") == []
        assert annotated == accepted, (wire, annotation, accepted)
        seen[wire] = accepted
    assert seen == ACCEPTS_NULL


def test_nullable_items(pkg: Any) -> None:
    check = pkg._validators.validate_get_nulls__r_200
    assert _fields(pkg)["itemsNullable"][1] == "list[int | None]"
    assert validate(check, {"itemsNullable": [1, None]}, direction="response") == []


@pytest.mark.parametrize("which", range(4), ids=["gen-sync", "gen-async", "dyn-sync", "dyn-async"])
def test_null_values_decode_as_none_in_strict_mode(pkg: Any, which: int) -> None:
    body = {wire: None for wire, ok in ACCEPTS_NULL.items() if ok}
    handler = lambda r: httpx.Response(200, json=body)  # noqa: E731
    client = clients(pkg, SPEC, handler, response_validation="strict")[which]
    result = run(client, "get_nulls")
    fields = _fields(pkg)
    assert all(getattr(result, fields[wire][0]) is None for wire in body)
    assert result.to_dict() == body
