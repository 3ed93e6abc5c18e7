"""Lenient mode on real-world specs and on one small spec per violation kind (issue 12).

Each spec generates with `lenient=True`; the package imports and passes mypy --strict; the
dynamic client (`Client.from_spec(..., lenient=True)`) builds a request for every operation
(the same procedure as tests/functional/test_dynamic_smoke.py). Each repair is asserted on the
repaired document, on the warnings (code, position) and on what the clients expose, and strict
mode still refuses every violation spec.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.diagnostics import Diagnostic, SpecError
from generator.dynamic import Client, RequestValidationError
from generator.load import load_path
from generator.pipeline import Target, render_target
from generator.resolve import bundle
from generator.validate.lenient import REPAIRS, repair
from generator.write import write_package
from tests.conftest import SHARED
from tests.functional.test_dynamic_smoke import _arguments, _path_pattern

HERE = Path(__file__).resolve().parent / "lenient"
VIOLATIONS = sorted(HERE.glob("*.*"))
REAL_WORLD = sorted(
    p
    for p in (SHARED / "corpus" / "real-world").rglob("*")
    if p.suffix in (".yaml", ".yml", ".json")
)
BASE_URL = "https://lenient.example/base"


def _id(path: Path) -> str:
    where = "lenient" if path.parent == HERE else f"real-world/{path.parent.name}"
    return f"{where}/{path.name}"


def _repaired(spec: Path) -> tuple[dict[str, Any], list[Diagnostic]]:
    fixed, warnings = repair(load_path(spec, lenient=True))
    return fixed.data, warnings


# --- every spec: generate, import, mypy --strict, a request per operation ----------------------


@pytest.mark.parametrize("spec", VIOLATIONS + REAL_WORLD, ids=_id)
def test_lenient_spec_generates_a_typed_package_and_a_working_dynamic_client(
    spec: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pkg"
    write_package(
        out, render_target(Target(spec_path=spec, output=out, package="client", lenient=True))
    )
    probe = "import client, client.models\nclient.Client(base_url='http://localhost')\n"
    imported = subprocess.run(
        [sys.executable, "-c", probe], cwd=out, capture_output=True, text=True
    )
    assert imported.returncode == 0, imported.stderr
    typed = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(tmp_path / ".mypy"),
            "client",
        ],
        cwd=out,
        capture_output=True,
        text=True,
    )
    assert typed.returncode == 0, typed.stdout[-3000:]

    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    def client(validate: bool) -> Client:
        return Client.from_spec(
            spec,
            cache=False,
            lenient=True,
            base_url=BASE_URL,
            validate_requests=validate,
            transport=httpx.MockTransport(handler),
            response_validation="off",
        )

    checked, unchecked = client(True), client(False)
    document = bundle(repair(load_path(spec, lenient=True))[0])
    operations = checked.operations()
    assert operations
    for info in operations:
        arguments = _arguments(document, checked.api, info)
        before = len(sent)
        try:
            checked.call(info.operation_id, **arguments)
        except RequestValidationError:  # a sample cannot know every pattern; the request is built
            unchecked.call(info.operation_id, **arguments)
        assert len(sent) == before + 1, info.operation_id
        assert sent[-1].method == info.http_method
        raw_path = sent[-1].url.raw_path.decode("ascii").split("?", 1)[0]
        # A fragment in a path key (Box's `/oauth2/token#refresh`) is never sent (RFC 3986).
        assert _path_pattern(info.path.split("#", 1)[0]).match(raw_path), (info, sent[-1].url)


@pytest.mark.parametrize("spec", VIOLATIONS, ids=_id)
def test_strict_mode_still_refuses_every_violation(spec: Path, tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        render_target(Target(spec_path=spec, output=tmp_path, package="client"))
    assert all(d.is_error for d in caught.value.diagnostics)


def test_there_is_a_spec_for_every_repair() -> None:
    codes = {d.code for spec in VIOLATIONS for d in _repaired(spec)[1]}
    assert codes == set(REPAIRS)
    assert len(REAL_WORLD) == 11


# --- each repair, asserted ----------------------------------------------------------------------


def _codes(warnings: list[Diagnostic]) -> list[tuple[str, int]]:
    return [(d.code, d.location.line if d.location else 0) for d in warnings]


def test_wrong_typed_defaults_are_converted_when_exact_else_dropped() -> None:
    data, warnings = _repaired(HERE / "default-wrong-type.yaml")
    params = {p["name"]: p["schema"] for p in data["paths"]["/items"]["get"]["parameters"]}
    assert params["active"]["default"] is False
    assert params["limit"]["default"] == 10 and type(params["limit"]["default"]) is int
    assert params["ratio"]["default"] == 0.5
    assert "default" not in params["page"]  # "first" is no integer
    assert params["label"]["default"] == "5"
    item = data["components"]["schemas"]["Item"]["properties"]
    assert item["enabled"]["default"] is True and "default" not in item["tags"]
    assert _codes(warnings) == [
        ("default-type-mismatch", line) for line in (8, 9, 10, 11, 12, 24, 25)
    ]
    assert "dropped" in warnings[3].message and "read as 10" in warnings[1].message


def test_same_template_twice_keeps_both_and_the_first_method_wins(
    caplog: pytest.LogCaptureFixture,
) -> None:
    spec = HERE / "duplicate-template.yaml"
    data, warnings = _repaired(spec)
    assert set(data["paths"]["/items/{key}"]) == {"parameters", "delete"}  # its GET dropped
    assert _codes(warnings) == [("path-template-duplicate", 9)]
    with caplog.at_level(logging.WARNING, logger="specgen"):
        client = Client.from_spec(spec, cache=False, lenient=True, base_url=BASE_URL)
    assert sorted(i.operation_id for i in client.operations()) == ["deleteItem", "getItem"]
    assert "path-template-duplicate" in caplog.text
    assert client.api.repairs == [w.format() for w in warnings]


@pytest.mark.parametrize("name", ["duplicate-path.yaml", "duplicate-path.json"])
def test_an_exact_duplicate_path_keeps_the_first(name: str) -> None:
    data, warnings = _repaired(HERE / name)
    assert data["paths"] == {
        "/items": {"get": {"operationId": "listItems", "responses": {"200": {"description": "ok"}}}}
    }
    assert [d.code for d in warnings] == ["duplicate-key"]
    assert "'/items'" in warnings[0].message


def test_undeclared_path_variables_become_required_string_parameters() -> None:
    spec = HERE / "undeclared-path-variable.yaml"
    data, warnings = _repaired(spec)
    params = data["paths"]["/things/{thingId}/parts/{partId}"]["get"]["parameters"]
    assert params == [
        {"name": "partId", "in": "path", "required": True, "schema": {"type": "integer"}},
        {"name": "thingId", "in": "path", "required": True, "schema": {"type": "string"}},
    ]
    assert [d.code for d in warnings] == ["path-param-undeclared", "path-param-not-required"]
    entry = Client.from_spec(
        spec, cache=False, lenient=True, base_url=BASE_URL
    ).api.by_operation_id["getPart"]
    annotations = {name: annotation for name, annotation, _ in entry.args}
    assert annotations["thing_id"] == "str" and annotations["part_id"] == "int"


def test_later_draft_keywords_are_honoured_or_removed() -> None:
    data, warnings = _repaired(HERE / "later-draft-keywords.yaml")
    node = data["components"]["schemas"]["Node"]
    assert "$recursiveAnchor" not in node and "required" not in node
    props = node["properties"]
    assert props["kind"] == {"enum": ["node"]}
    assert props["name"] == {"type": "string", "nullable": True, "example": "root"}
    assert props["weight"] == {"type": "number", "minimum": 0, "exclusiveMinimum": True}
    assert props["value"] == {}  # two types: any value
    assert sorted({d.code for d in warnings}) == ["later-draft-keyword", "required-empty"]
    assert len(warnings) == 7
    # The honoured ones reach the validators: const and the exclusive bound are enforced.
    client = Client.from_spec(
        HERE / "later-draft-keywords.yaml", cache=False, lenient=True, base_url=BASE_URL
    )
    with pytest.raises(RequestValidationError) as caught:
        client.call("createNode", body={"kind": "leaf", "weight": 0})
    text = str(caught.value)
    assert "kind" in text and "weight" in text
