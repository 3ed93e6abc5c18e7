"""The operation and resource contexts are typed, frozen and complete, and the resource template
only prints them: each operation is documented once in the generated source (its sync method),
the async method points to it, and sync/async come from one template without string surgery."""

from __future__ import annotations

import ast
import dataclasses
import re

import pytest

from generator.ir import build_api
from generator.load import load_path
from generator.naming import name_api
from generator.pipeline import prepare
from generator.plan import describe_operations
from generator.plan.contexts import (
    ArgumentContext,
    OperationContext,
    PaginationContext,
    ResourceContext,
)
from generator.render import templates_dir
from tests.conftest import REPO_ROOT, SHARED

SORACAM = SHARED / "specs" / "soracam" / "soracom-soracam-api-openapi.yml"
RESOURCES = REPO_ROOT / "generated" / "soracam" / "soracam" / "resources"


@pytest.fixture(scope="module")
def resources(shared_dir: object) -> list[ResourceContext]:
    api = build_api(prepare(load_path(SORACAM), quiet=True))
    described, _ = describe_operations(api, name_api(api))
    return described


def test_contexts_are_frozen_slotted_dataclasses(resources: list[ResourceContext]) -> None:
    operations = [op for r in resources for op in r.operations]
    assert len(operations) == 66
    for resource in resources:
        assert isinstance(resource, ResourceContext)
        assert [c.is_async for c in resource.classes] == [False, True]
    for op in operations:
        assert isinstance(op, OperationContext)
        assert all(isinstance(a, ArgumentContext) for a in op.args)
        assert op.pagination is None or isinstance(op.pagination, PaginationContext)
        assert not hasattr(op, "__dict__")  # slots: no stray attributes
        with pytest.raises(dataclasses.FrozenInstanceError):
            op.returns = "Any"  # type: ignore[misc]
        # required arguments come first; optional ones print with their NOT_GIVEN default
        flags = [a.required for a in op.args]
        assert flags == sorted(flags, reverse=True)
        for arg in op.args:
            assert arg.parameter.endswith("= NOT_GIVEN") is not arg.required


def test_docstrings_are_finished_literals(resources: list[ResourceContext]) -> None:
    for resource in resources:
        sync_class = resource.classes[0].name
        for op in resource.operations:
            full = ast.literal_eval(op.docstring)
            short = ast.literal_eval(op.async_docstring)
            assert f"(operationId `{op.operation_id}`)" in " ".join(full.split())
            assert "Args:" in full and "Args:" not in short
            assert f"`{sync_class}.{op.method_name}`" in " ".join(short.split())
            assert short.split("\n")[0] in full  # the same summary opens both


def test_each_operation_is_documented_once_in_the_generated_source(
    resources: list[ResourceContext],
) -> None:
    for resource in resources:
        source = (RESOURCES / f"{resource.module}.py").read_text(encoding="utf-8")
        flat = " ".join(source.split())
        for op in resource.operations:
            line = f"(operationId `{op.operation_id}`)"
            assert flat.count(line) == 1, (resource.module, op.operation_id)
            defs = re.findall(rf"\b(?:async )?def {op.method_name}\(", source)
            assert defs == [f"def {op.method_name}(", f"async def {op.method_name}("]


def test_resource_template_does_not_edit_its_own_output() -> None:
    text = (templates_dir() / "resource.py.jinja").read_text(encoding="utf-8")
    assert "replace(" not in text
    assert "async_marker" not in text


def test_the_client_template_decides_no_text() -> None:
    """Every docstring of the client comes from `plan.client.ClientContext`: the template
    concatenates no strings and builds no argument tables."""
    text = (templates_dir() / "client.py.jinja").read_text(encoding="utf-8")
    assert "~" not in text
    assert ".append(" not in text and ".extend(" not in text
