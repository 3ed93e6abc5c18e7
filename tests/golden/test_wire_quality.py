"""Generated code is lint- and type-clean whatever the schema's shape (issue 9): the package
generated from every spec in ../shared/cases/wire/ and tests/data/ passes ruff check, ruff format
--check and mypy --strict; validator modules compiled from every draft4 JSON-Schema-Test-Suite
group and from a table of awkward shapes (readOnly/writeOnly map values and items, nullable
combinators, discriminators, risky patterns) pass ruff check and ruff format --check."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.literals import LINE_LENGTH
from generator.pipeline import Target, render_target
from generator.schema_compiler import compile_validators
from generator.write import write_package

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SPECS = sorted((SHARED / "cases" / "wire").glob("*.yaml")) + sorted(
    (REPO / "tests" / "data").rglob("*.yaml")
)
SUITE = SHARED / "corpus" / "json-schema-test-suite" / "draft4"
BIN = Path(sys.executable).parent


def _run(*command: str, cwd: Path, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    assert result.returncode == 0, (command, result.stdout[-4000:], result.stderr[-2000:])


@pytest.mark.skipif(not (SHARED / "cases" / "wire").is_dir(), reason="no ../shared/cases/wire")
@pytest.mark.slow  # runs mypy --strict
def test_wire_packages_are_ruff_and_mypy_strict_clean(tmp_path: Path) -> None:
    assert len(SPECS) >= 11
    packages = []
    for index, spec in enumerate(SPECS):
        out = tmp_path / f"p{index}"
        name = f"wire_q{index}"
        write_package(out, render_target(Target(spec_path=spec, output=out, package=name)))
        _run(str(BIN / "ruff"), "check", "--no-cache", ".", cwd=out)
        _run(str(BIN / "ruff"), "format", "--check", "--no-cache", ".", cwd=out)
        packages.append((out, name))
    env = {**os.environ, "MYPYPATH": os.pathsep.join(str(out) for out, _ in packages)}
    args = [arg for _, name in packages for arg in ("-p", name)]
    _run(sys.executable, "-m", "mypy", "--strict", "--no-incremental", *args, cwd=tmp_path, env=env)


SHAPES: dict[str, Any] = {
    "map_of_read_only": {"type": "object", "additionalProperties": {"readOnly": True}},
    "items_write_only": {"type": "array", "items": {"writeOnly": True}},
    "map_of_maps": {
        "type": "object",
        "properties": {"a": {"type": "string"}},
        "additionalProperties": {"type": "object", "additionalProperties": {"readOnly": True}},
    },
    "nested_arrays": {"type": "array", "items": {"type": "array", "items": {"readOnly": True}}},
    "required_both": {
        "type": "object",
        "required": ["r", "w", "rw"],
        "properties": {
            "r": {"type": "string", "readOnly": True},
            "w": {"type": "string", "writeOnly": True},
            "rw": {"readOnly": True, "writeOnly": True},
        },
    },
    "nullable_combinators": {
        "nullable": True,
        "oneOf": [{"type": "string"}, {"type": "integer"}],
        "allOf": [{"minLength": 1}],
    },
    "discriminated": {
        "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
        "discriminator": {"propertyName": "kind", "mapping": {"a": "#/components/schemas/A"}},
    },
    "deep": {
        "type": "object",
        "properties": {
            "a": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "b": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "additionalProperties": {
                                    "type": "array",
                                    "items": {
                                        "oneOf": [
                                            {"$ref": "#/components/schemas/A"},
                                            {"type": "string", "pattern": "^(a+)+$"},
                                        ],
                                        "discriminator": {"propertyName": "kind"},
                                    },
                                },
                            },
                        }
                    },
                },
            }
        },
    },  # noqa: E501
    "patterns": {
        "type": "object",
        "properties": {
            "exp": {"type": "string", "pattern": "^(a+)+$"},
            "poly": {"type": "string", "pattern": "a+x"},
            "safe": {"type": "string", "pattern": "^[a-z]+$"},
            "backref": {"type": "string", "pattern": "^(a+)+\\1$"},
        },
    },
    "int_or_string": {"type": "string", "format": "int-or-string", "maxLength": 3},
}
COMPONENTS = {
    "A": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}},
    "B": {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}},
}


def _suite_modules() -> list[tuple[str, str]]:
    summary = json.loads((SUITE.parent / "draft4-summary.json").read_text(encoding="utf-8"))
    out = []
    for entry in summary:
        groups = json.loads((SUITE / entry["file"]).read_text(encoding="utf-8"))
        for index, group in enumerate(groups):
            schema = group["schema"]
            document = schema if isinstance(schema, dict) else {}
            compiled = compile_validators({"root": schema}, document=document)
            stem = entry["file"].removesuffix(".json").replace("-", "_").replace("/", "_")
            out.append((f"suite_{stem}_{index}", compiled.source))
    return out


@pytest.mark.skipif(not SUITE.is_dir(), reason="no JSON-Schema-Test-Suite corpus")
def test_validators_for_every_schema_shape_are_lint_clean(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "_runtime").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "_runtime" / "__init__.py").write_text("")
    shutil.copy(REPO / "generator" / "runtime" / "validation.py", pkg / "_runtime")
    document = {"components": {"schemas": {**COMPONENTS, **SHAPES}}}
    shapes = compile_validators(
        {name: {"$ref": f"#/components/schemas/{name}"} for name in SHAPES}, document=document
    )
    modules = [("shapes", shapes.source), *_suite_modules()]
    assert len(modules) > 100
    for name, source in modules:
        (pkg / f"{name}.py").write_text(source)
    # The project's rules at the generated package's line length, which the compiler writes at.
    config = ["--config", str(REPO / "pyproject.toml"), "--line-length", str(LINE_LENGTH)]
    _run(str(BIN / "ruff"), "check", "--no-cache", *config, "pkg", cwd=tmp_path)
    compiled = [f"pkg/{name}.py" for name, _ in modules]  # not the runtime, laid out at 100
    _run(str(BIN / "ruff"), "format", "--check", "--no-cache", *config, *compiled, cwd=tmp_path)
    _run(
        sys.executable, "-m", "mypy", "--strict", "--no-incremental", "pkg/shapes.py", cwd=tmp_path
    )
