"""Models by direction, as a property over whole specs (issue 9, point 3): for every object
schema of the wire cases, the test specs, SoraCam and the petstore, the generated constructor
requires exactly the properties a request requires (required, not readOnly), the attributes typed
without `| Unset` are exactly those present in both directions (required, neither readOnly nor
writeOnly), and the compiled validators report a missing property in each direction exactly when
that direction requires it."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest

from generator.dynamic.samples import sample
from generator.ir import build_api
from generator.ir.model import ObjectSchema
from generator.load import load_path
from generator.naming import name_api
from generator.pipeline import prepare
from generator.runtime.validation import validate
from generator.schema_compiler import compile_validators, load_module
from tests.functional.wire_support import REPO, WIRE, generate

SHARED = REPO.parent / "shared"
SPECS = [
    *sorted(WIRE.glob("readonly-*.yaml")),
    *sorted((REPO / "tests" / "data").rglob("*.yaml")),
    SHARED / "specs" / "soracam" / "soracom-soracam-api-openapi.yml",
    SHARED / "corpus" / "real-world" / "swagger-petstore-v3" / "openapi.yaml",
]
SPECS = [s for s in SPECS if s.is_file()]


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_constructor_annotations_and_validators_agree(spec: Path, tmp_path: Path) -> None:
    loaded = load_path(spec)
    document: Any = prepare(loaded)
    api = build_api(document)
    names = name_api(api)
    pkg = generate(spec, tmp_path / "out", f"agree_{abs(hash(spec.name))}")
    objects = [
        s for s in [*api.schemas.values(), *api.inline_models] if isinstance(s, ObjectSchema)
    ]
    checks = {f"s{i}": s.raw for i, s in enumerate(objects)}
    module = load_module(
        compile_validators(checks, document=document, runtime_import="generator.runtime")
    )
    assert objects or spec.name.startswith("redos")
    for index, schema in enumerate(objects):
        cls = getattr(pkg.models, names.class_of(schema))
        wire_of = {f.name: f.wire for f in cls.__fields__}
        params = inspect.signature(cls).parameters
        required_init = {
            wire_of[n] for n, p in params.items() if n in wire_of and p.default is p.empty
        }
        always = {
            wire_of[n] for n, a in cls.__annotations__.items() if n in wire_of and "Unset" not in a
        }
        by_wire = {p.wire: p for p in schema.properties}
        request = {w for w, p in by_wire.items() if p.required and not p.read_only}
        response = {w for w, p in by_wire.items() if p.required and not p.write_only}
        assert required_init == request, (cls.__name__, required_init, request)
        assert always == request & response, (cls.__name__, always)
        fn = getattr(module, f"validate_s{index}")
        for direction, expected in (("request", request), ("response", response)):
            value = sample(schema.raw, document, direction=direction)
            if not isinstance(value, dict):
                continue
            for wire in by_wire:
                trimmed = {k: v for k, v in value.items() if k != wire}
                missing = any(
                    p.keyword == "required" and p.path.endswith(wire)
                    for p in validate(fn, trimmed, direction=direction)
                )
                assert missing == (wire in expected), (cls.__name__, wire, direction)
