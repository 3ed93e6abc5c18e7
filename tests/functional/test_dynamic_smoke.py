"""Smoke: every operation of every spec under ../shared/specs builds and sends a request.

For each spec (SoraCam, its 12 historical versions, the 15 other Soracom APIs) the dynamic client
is built, and each operation is called through `httpx.MockTransport` with every required argument
(and the body) filled from `samples.sample`. The request must reach the transport with the
operation's method and a path matching its template. Samples are checked by the compiled
validators (validate_requests=True); only when a sample misses a constraint it cannot know
(a `pattern` without an example) is the call repeated with validate_requests=False, and those
fallbacks are counted and bounded, so a regression in the samples or validators shows.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.dynamic import Client, RequestValidationError, load_api
from generator.dynamic.samples import sample
from generator.load import load_path
from generator.resolve import bundle

SPECS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "specs"
SPECS = sorted(SPECS_DIR.glob("*/*.yml")) if SPECS_DIR.is_dir() else []
BASE_URL = "https://smoke.example/base"

MAX_FALLBACK_SHARE = 0.05
"""At most 5% of a spec's operations (or 2) may need validate_requests=False. Some cannot be
satisfied at all: the event-handler spec declares `runOnceAmongTarget` as `type: string` with
`enum: [true, false]` (booleans), which no value matches."""


def test_specs_found() -> None:
    if not SPECS_DIR.is_dir():
        pytest.skip(f"shared specs not found at {SPECS_DIR}")
    assert len(SPECS) >= 28


def _deref(document: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = document
        for token in node["$ref"][2:].split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def _arguments(document: dict[str, Any], api: Any, info: Any) -> dict[str, Any]:
    item = document["paths"][info.path]
    op = item[info.http_method.lower()]
    declared = [
        _deref(document, p) for p in [*item.get("parameters", []), *op.get("parameters", [])]
    ]
    operation = api.by_operation_id[info.operation_id].operation
    out: dict[str, Any] = {}
    for arg, param in operation.params.items():
        if not param.required:
            continue
        spec_param = next(
            p for p in declared if p["name"] == param.wire and p["in"] == param.location
        )
        out[arg] = sample(spec_param.get("schema", {}), document)
    if operation.body is not None:
        content = _deref(document, op["requestBody"]).get("content") or {}
        media = operation.body.media_types[0]
        schema = (content.get(media) or {}).get("schema", {})
        out[operation.body.arg] = sample(schema, document)
    return out


def _path_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{[^}]+\}", template)
    return re.compile("/base" + "[^/]+".join(re.escape(p) for p in parts) + r"\Z")


@pytest.mark.parametrize("spec_path", SPECS, ids=[f"{p.parent.name}/{p.name}" for p in SPECS])
@pytest.mark.slow
def test_every_operation_builds_a_request(spec_path: Path) -> None:
    api = load_api(spec_path, use_cache=False)
    document = bundle(load_path(spec_path))
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    def client(validate: bool) -> Client:
        return Client(
            api,
            base_url=BASE_URL,
            transport=httpx.MockTransport(handler),
            validate_requests=validate,
            response_validation="off",
        )

    checked, lenient = client(True), client(False)
    fallbacks: list[str] = []
    operations = api.operations()
    assert operations, f"{spec_path.name}: no operations"
    for info in operations:
        kwargs = _arguments(document, api, info)
        before = len(sent)
        try:
            checked.call(info.operation_id, **kwargs)
        except RequestValidationError as exc:
            fallbacks.append(f"{info.operation_id}: {exc.problems[0]}")
            lenient.call(info.operation_id, **kwargs)
        assert len(sent) == before + 1, info.operation_id
        request = sent[-1]
        assert request.method == info.http_method
        raw_path = request.url.raw_path.decode("ascii").split("?", 1)[0]
        assert _path_pattern(info.path).match(raw_path), (info, request.url)
    print(f"{spec_path.name}: {len(operations)} operations, {len(fallbacks)} fallbacks")
    assert len(fallbacks) <= max(2, MAX_FALLBACK_SHARE * len(operations)), fallbacks
