"""Naming: any spec string becomes a valid, deterministic identifier; wire names stay exact."""

from __future__ import annotations

import keyword

import pytest

from generator.ir import build_api
from generator.naming import Scope, constant_case, name_api, pascal_case, snake_case


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("from", "from_"),
        ("class", "class_"),
        ("type", "type_"),
        ("listSoraCamDevices", "list_sora_cam_devices"),
        ("last_evaluated_key", "last_evaluated_key"),
        ("X-Soracom-API-Key", "x_soracom_api_key"),
        ("2fa", "n2fa"),
        ("__init__", "init"),
        ("tag with spaces", "tag_with_spaces"),
        ("日本語", "u65e5_u672c_u8a9e"),
        ("café", "cafe"),
        ("", "value"),
        ("getSIMStatus", "get_sim_status"),
    ],
)
def test_snake_case(wire: str, expected: str) -> None:
    assert snake_case(wire) == expected
    assert expected.isidentifier() and not keyword.iskeyword(expected)


@pytest.mark.parametrize("text", ["soracam device", "1st", "None", "日本", "a-b-c", "__x__"])
def test_pascal_and_constant_case_are_identifiers(text: str) -> None:
    for name in (pascal_case(text), constant_case(text)):
        assert name.isidentifier() and not keyword.iskeyword(name)


def test_enum_member_names_for_numbers_and_odd_strings() -> None:
    assert constant_case(0) == "VALUE_0"
    assert constant_case(180) == "VALUE_180"
    assert constant_case(-1.5) == "VALUE_MINUS_1_5"
    assert constant_case("") == "EMPTY"
    assert constant_case("on") == "ON"


def test_scope_resolves_collisions_deterministically() -> None:
    scope = Scope({"self"})
    assert [scope.claim(n) for n in ("a", "a", "a", "self", "x_", "x_")] == [
        "a",
        "a_",
        "a_2",
        "self_",
        "x_",
        "x_2",
    ]


def _api(paths: dict[str, object], schemas: dict[str, object] | None = None) -> object:
    return build_api(
        {
            "openapi": "3.0.0",
            "info": {"title": "t", "version": "1"},
            "paths": paths,
            "components": {"schemas": schemas or {}},
        }
    )


def test_operations_without_id_are_named_from_method_and_path() -> None:
    api = _api(
        {
            "/users/{id}/items": {
                "get": {"tags": ["Die Nutzer"], "responses": {"200": {"description": "ok"}}}
            }
        }
    )
    names = name_api(api)  # type: ignore[arg-type]
    (op,) = api.operations  # type: ignore[attr-defined]
    assert names.operations[id(op)].method == "get_users_id_items"
    assert names.resources["Die Nutzer"].attribute == "die_nutzer"


def test_colliding_properties_and_arguments_get_suffixes_in_spec_order() -> None:
    api = _api(
        {
            "/x": {
                "get": {
                    "operationId": "op",
                    "parameters": [
                        {"name": "a-b", "in": "query", "schema": {"type": "string"}},
                        {"name": "a_b", "in": "query", "schema": {"type": "string"}},
                        {"name": "timeout", "in": "query", "schema": {"type": "string"}},
                        {"name": "self", "in": "header", "schema": {"type": "string"}},
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        {
            "M": {
                "type": "object",
                "properties": {"to_dict": {"type": "string"}, "fooBar": {}, "foo_bar": {}},
            }
        },
    )
    names = name_api(api)  # type: ignore[arg-type]
    (op,) = api.operations  # type: ignore[attr-defined]
    assert names.operations[id(op)].args == ["a_b", "a_b_", "timeout_", "self_"]
    model = api.schemas["M"]  # type: ignore[attr-defined]
    assert names.fields[id(model)] == ["to_dict_", "foo_bar", "foo_bar_"]


@pytest.mark.parametrize(
    "text",
    [
        "listSubscribers",
        "HTTPServerError",
        "get /v1/sims/{sim_id}/tags",
        "x-amz-meta_ID2",
        "ABCdef_GHI-jkl.MNO9pqr",
        "__init__",
        "",
        "---",
        "a1B2c3D4",
        "IPv6Address",
    ],
)
def test_ascii_words_shortcut_matches_the_general_split(text: str) -> None:
    from generator.naming import _any_words, _ascii_words

    assert _ascii_words(text) == _any_words(text)
