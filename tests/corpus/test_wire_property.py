"""Property (hypothesis): over every operation of every shared spec, what the client sends parses
back, with independent parsers, to the values passed (issue 9, the no-`repr()` invariant).

For each spec (../shared/specs and ../shared/corpus/real-world), every operation in turn, hypothesis
draws arguments from the spec's own schemas (strings over an alphabet rich in URL delimiters, quotes
and non-ASCII letters; bytes for `format: binary`), sends them through the dynamic client (and,
for SoraCam, the committed generated package too: both run one runtime on one operation table,
as test_parity proves byte for byte) with request validation off, so serialization alone is under
test, and reads the request back:

* path and query with `urllib.parse.unquote` on the raw URL, split only on the style's literal
  delimiters; header and cookie values as text;
* JSON bodies with `json.loads`, form bodies with `urllib.parse.parse_qsl`, multipart bodies with
  the standard `email` parser, text and binary bodies as they are.

Each value read back must equal the value passed (numbers and booleans parsed by the schema's
type, nested objects as JSON): a Python `repr()` (`['a', 'b']`, `b'..'`, `True`) never does.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diagnostics import SpecError
from generator.dynamic import Client, load_api
from generator.load import load_path
from generator.resolve import bundle
from generator.runtime.bodies import declared_media, is_json, media_base
from generator.runtime.operation import Encoding, Operation, Param
from tests.conftest import SHARED

SPECS = sorted(
    p
    for folder in (SHARED / "specs", SHARED / "corpus" / "real-world")
    for p in folder.rglob("*")
    if p.suffix in (".yaml", ".yml", ".json")
)
BASE = "https://prop.example"
ALPHABET = st.characters(
    codec="utf-8",
    categories=("L", "N"),
    include_characters=" ,;|/?#&=[]%+:@!$'()*.\"-_~éあ",
)
HEADER_ALPHABET = st.characters(
    min_codepoint=0x21, max_codepoint=0x7E
)  # printable ASCII, no space (edges are trimmed by HTTP parsers)

if not SPECS:
    pytest.skip(f"no shared specs under {SHARED}", allow_module_level=True)


# --- schemas -> strategies ---------------------------------------------------------------------


class Schemas:
    """Raw schemas of one bundled document: refs followed, allOf merged (shallowly)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def deref(self, node: Any) -> Any:
        for _ in range(32):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                return node
            target: Any = self.document
            for token in node["$ref"].lstrip("#/").split("/"):
                token = unquote(token).replace("~1", "/").replace("~0", "~")
                target = target.get(token, {}) if isinstance(target, dict) else {}
            node = target
        return {}

    def merged(self, schema: Any) -> dict[str, Any]:
        schema = self.deref(schema)
        if not isinstance(schema, dict):
            return {}
        if "allOf" not in schema:
            return schema
        out: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        props = dict(out.get("properties") or {})
        required = list(out.get("required") or [])
        for part in schema["allOf"]:
            part = self.merged(part)
            props.update(part.get("properties") or {})
            required += part.get("required") or []
            for key in ("type", "items", "additionalProperties", "enum", "format"):
                if key in part and key not in out:
                    out[key] = part[key]
        if props:
            out["properties"] = props
            out["type"] = out.get("type", "object")
        out["required"] = required
        return out

    def kind(self, schema: Any) -> str:
        schema = self.merged(schema)
        kind = schema.get("type")
        if isinstance(kind, str):
            return kind
        if "properties" in schema or "additionalProperties" in schema:
            return "object"
        if "items" in schema:
            return "array"
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            return {bool: "boolean", int: "integer", float: "number"}.get(type(enum[0]), "string")
        if schema.get("oneOf") or schema.get("anyOf"):
            return "union"
        return ""

    def strategy(self, schema: Any, depth: int = 0, text: Any = None) -> st.SearchStrategy[Any]:
        """Values of `schema`; `text` is the string strategy (header values are ASCII)."""
        text = text if text is not None else st.text(ALPHABET, min_size=1, max_size=8)
        schema = self.merged(schema)
        enum = [v for v in schema.get("enum") or [] if v is not None]
        if enum:
            return st.sampled_from(enum)
        kind = self.kind(schema)
        if kind == "union":
            branches = (schema.get("oneOf") or schema.get("anyOf"))[:3]
            return st.one_of([self.strategy(b, depth + 1, text) for b in branches])
        if kind == "string":
            if schema.get("format") == "binary":
                return st.binary(min_size=1, max_size=12)
            return text
        if kind == "integer":
            return st.integers(-(10**6), 10**6)
        if kind == "number":
            return st.floats(-1e6, 1e6, allow_nan=False).filter(lambda f: f != 0 or str(f) == "0.0")
        if kind == "boolean":
            return st.booleans()
        if depth >= 3:
            return text
        if kind == "array":
            item = self.strategy(schema.get("items") or {"type": "string"}, depth + 1, text)
            return st.lists(item, min_size=1, max_size=3)
        if kind == "object":
            props = schema.get("properties") or {}
            required = [p for p in schema.get("required") or [] if p in props]
            if not props:
                extra = schema.get("additionalProperties")
                values = self.strategy(extra if isinstance(extra, dict) else {}, depth + 1, text)
                return st.dictionaries(
                    st.text(ALPHABET, min_size=1, max_size=5), values, min_size=1, max_size=2
                )
            strategies = {name: self.strategy(s, depth + 1, text) for name, s in props.items()}
            return st.fixed_dictionaries(
                {k: strategies[k] for k in required},
                optional={k: v for k, v in strategies.items() if k not in required},
            ).filter(bool)
        return text

    def parse(self, text: str, schema: Any) -> Any:
        """Wire text -> value, by the schema's type (objects and arrays inside: JSON)."""
        kind = self.kind(schema)
        merged = self.merged(schema)
        if kind == "union":
            return _loose(text)
        if kind in ("object", "array"):
            return json.loads(text)
        if kind == "integer":
            return int(text)
        if kind == "number":
            return float(text)
        if kind == "boolean":
            assert text in ("true", "false"), text
            return text == "true"
        if kind == "string" and merged.get("format") == "binary":
            return text.encode("utf-8")
        enum = merged.get("enum") or []
        if enum and not isinstance(enum[0], str):
            return _loose(text)
        return text


def _loose(text: str) -> Any:
    """A union or non-string enum member: JSON if it reads as JSON, else the text."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, float) or isinstance(actual, float):
        return isinstance(actual, int | float) and float(expected) == float(actual)
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(map(_same, expected, actual))
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(
            _same(v, actual[k]) for k, v in expected.items()
        )
    return bool(expected == actual) and type(expected) is type(actual)


# --- reading requests back ---------------------------------------------------------------------


def _split(raw: str, sep: str) -> list[str]:
    return [unquote(piece) for piece in raw.split(sep)]


def _query_pieces(request: httpx.Request) -> list[tuple[str, str]]:
    raw = request.url.query.decode("ascii")
    return [tuple(piece.split("=", 1)) for piece in raw.split("&") if piece]  # type: ignore[misc]


def _path_values(op: Operation[Any], request: httpx.Request) -> dict[str, str]:
    pattern = ""
    for literal, name in re.findall(r"([^{]*)(?:\{([^}]*)\})?", op.path.split("#")[0]):
        pattern += re.escape(literal)
        if name:
            group = "p" + str(len(re.findall(r"\(\?P<", pattern)))
            pattern += f"(?P<{group}>[^/]*)"
    match = re.fullmatch(pattern, request.url.raw_path.decode("ascii").split("?")[0])
    assert match is not None, (op.path, request.url)
    names = re.findall(r"\{([^}]*)\}", op.path.split("#")[0])
    return {name: match.group(f"p{index}") for index, name in enumerate(names)}


def _read_param(
    schemas: Schemas, param: Param, schema: Any, request: httpx.Request, op: Operation[Any]
) -> Any:
    kind = schemas.kind(schema)
    merged = schemas.merged(schema)
    props = merged.get("properties") or {}

    def scalar(text: str, key: str | None = None) -> Any:
        if key is not None:
            sub = props.get(key, merged.get("additionalProperties") or {})
            return schemas.parse(text, sub if isinstance(sub, dict) else {})
        if kind == "array":
            return schemas.parse(text, merged.get("items") or {})
        return schemas.parse(text, schema)

    def from_pairs(items: list[str]) -> dict[str, Any]:
        return {items[i]: scalar(items[i + 1], items[i]) for i in range(0, len(items), 2)}

    if param.media_type:
        texts = _location_texts(param, request, op)
        assert len(texts) == 1, texts
        return json.loads(unquote(texts[0])) if is_json(param.media_type) else texts[0]
    if param.location == "query":
        pieces = _query_pieces(request)
        key = quote(param.wire, safe="")
        if kind == "object" and param.style == "deepObject":
            prefix = key + "["
            return {
                unquote(k[len(prefix) : -1]): scalar(unquote(v), unquote(k[len(prefix) : -1]))
                for k, v in pieces
                if k.startswith(prefix)
            }
        if kind == "object" and param.explode and param.style in ("", "form"):
            found = dict((unquote(k), unquote(v)) for k, v in pieces)
            return {k: scalar(found[k], k) for k in _expected_keys(request)}
        mine = [v for k, v in pieces if k == key]
        if kind == "array" and param.explode and param.style in ("", "form"):
            return [scalar(unquote(v)) for v in mine]
        assert len(mine) == 1, (param.wire, pieces)
        sep = {"spaceDelimited": "%20", "pipeDelimited": "|"}.get(param.style, ",")
        if kind == "array":
            return [scalar(v) for v in _split(mine[0], sep)]
        if kind == "object":
            return from_pairs(_split(mine[0], sep))
        return scalar(unquote(mine[0]))
    (text,) = _location_texts(param, request, op)
    if param.location == "header":
        if kind == "array":
            return [scalar(v) for v in text.split(",")]
        if kind == "object":
            if param.explode:
                return {k: scalar(v, k) for k, v in (p.split("=", 1) for p in text.split(","))}
            return from_pairs(text.split(","))
        return scalar(text)
    if kind == "array":
        return [scalar(v) for v in _split(text, ",")]
    if kind == "object":
        if param.explode and param.location == "path":
            return {
                unquote(k): scalar(unquote(v), unquote(k))
                for k, v in (p.split("=", 1) for p in text.split(","))
            }
        return from_pairs(_split(text, ","))
    return scalar(unquote(text))


_EXPECTED_KEYS: list[list[str]] = []


def _expected_keys(request: httpx.Request) -> list[str]:
    return _EXPECTED_KEYS[-1]


def _location_texts(param: Param, request: httpx.Request, op: Operation[Any]) -> list[str]:
    if param.location == "path":
        return [_path_values(op, request)[param.wire]]
    if param.location == "query":
        key = quote(param.wire, safe="")
        return [v for k, v in _query_pieces(request) if k == key]
    if param.location == "header":
        return [request.headers[param.wire]]
    cookies = [c.split("=", 1) for c in request.headers.get("cookie", "").split("; ") if c]
    return [v for k, v in cookies if k == quote(param.wire, safe="")]


def _read_body(
    schemas: Schemas,
    media: str,
    schema: Any,
    encodings: dict[str, Encoding],
    request: httpx.Request,
    value: Any,
) -> Any:
    base = media_base(media)
    if isinstance(value, bytes):
        return request.content  # bytes are a body already encoded, for any media type
    if is_json(base):
        return json.loads(request.content)
    if base.startswith("text/"):
        return request.content.decode("utf-8")
    merged = schemas.merged(schema)
    props = merged.get("properties") or {}
    if base == "application/x-www-form-urlencoded":
        pairs = parse_qsl(request.content.decode("ascii"), keep_blank_values=True)
        out: dict[str, Any] = {}
        for name, item in value.items():
            sub = props.get(name, {})
            enc = encodings.get(name, Encoding())
            found = [v for k, v in pairs if k == name]
            if enc.content_type and is_json(enc.content_type):
                out[name] = json.loads(found[0])
            elif schemas.kind(sub) == "array":
                items = schemas.merged(sub).get("items") or {}
                if enc.explode is False or enc.style in ("spaceDelimited", "pipeDelimited"):
                    raise AssertionError("no such encoding in the corpus")
                out[name] = [schemas.parse(v, items) for v in found]
            elif schemas.kind(sub) == "object":
                found_all = dict(pairs)
                if enc.style == "deepObject":
                    out[name] = {
                        k: _loose_typed(schemas, sub, k, found_all[f"{name}[{k}]"]) for k in item
                    }
                else:
                    out[name] = {k: _loose_typed(schemas, sub, k, found_all[k]) for k in item}
            else:
                (text,) = found
                out[name] = schemas.parse(text, sub)
        return out
    if base.startswith("multipart/"):
        from tests.functional.wire_clients import parse_multipart

        parts = parse_multipart(request)
        if not isinstance(value, dict):
            (part,) = parts
            return part.content
        out = {}
        for name in value:
            sub = props.get(name, {})
            mine = [p for p in parts if p.name == name]
            kind = schemas.kind(sub)
            items_schema = schemas.merged(sub).get("items") or {} if kind == "array" else sub

            def one(part: Any, s: Any) -> Any:
                if part.filename is not None:
                    return part.content
                if part.content_type.startswith("application/json"):
                    return json.loads(part.content)
                return schemas.parse(part.content.decode("utf-8"), s)

            if kind == "array":
                out[name] = [one(p, items_schema) for p in mine]
            else:
                (part,) = mine
                out[name] = one(part, sub)
        return out
    return request.content


def _loose_typed(schemas: Schemas, schema: Any, key: str, text: str) -> Any:
    merged = schemas.merged(schema)
    sub = (merged.get("properties") or {}).get(key, merged.get("additionalProperties") or {})
    return schemas.parse(text, sub if isinstance(sub, dict) else {})


# --- the property ------------------------------------------------------------------------------


def _spec_parameters(
    document: dict[str, Any], schemas: Schemas, path: str, method: str
) -> dict[tuple[str, str], Any]:
    item = document["paths"][path]
    op = item[method.lower()]
    out = {}
    for raw in [*(item.get("parameters") or []), *(op.get("parameters") or [])]:
        param = schemas.deref(raw)
        schema = param.get("schema")
        if schema is None:
            content = param.get("content") or {}
            schema = next(iter(content.values()), {}).get("schema", {})
        out[(param.get("in", ""), param.get("name", ""))] = schema or {}
    return out


def _body_schema(
    document: dict[str, Any], schemas: Schemas, path: str, method: str, media: str
) -> Any:
    body = schemas.deref(document["paths"][path][method.lower()].get("requestBody") or {})
    return ((body.get("content") or {}).get(media) or {}).get("schema") or {}


LOADED: dict[Path, tuple[Any, dict[str, Any], Schemas]] = {}


def _load(spec: Path) -> tuple[Any, dict[str, Any], Schemas]:
    if spec not in LOADED:
        try:
            api = load_api(spec)
        except SpecError as exc:
            pytest.skip(f"{spec.name} has spec errors the clients refuse: {exc}"[:300])
        document = bundle(load_path(spec))
        LOADED[spec] = (api, document, Schemas(document))
    return LOADED[spec]


def _generated_soracam() -> Any:
    package = Path(__file__).resolve().parents[2] / "generated" / "soracam"
    if str(package) not in sys.path:
        sys.path.insert(0, str(package))
    import soracam

    return soracam


EXAMPLES_PER_OPERATION = 3
"""Hypothesis examples drawn for each operation of each spec (values and optional arguments);
every operation of every shared spec is exercised on each run."""


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_requests_parse_back_to_the_values_passed(spec: Path) -> None:
    api, document, schemas = _load(spec)
    operations = api.operations()
    clients: list[Callable[[Any], Any]] = [
        lambda handler: Client(
            api,
            base_url=BASE,
            transport=httpx.MockTransport(handler),
            validate_requests=False,
            max_retries=0,  # the handler answers 599: one request each, no backoff
        )
    ]
    if spec.name == "soracom-soracam-api-openapi.yml" and spec.parent.name == "soracam":
        soracam = _generated_soracam()
        clients.append(
            lambda handler: soracam.Client(
                base_url=BASE,
                transport=httpx.MockTransport(handler),
                validate_requests=False,
                max_retries=0,
            )
        )

    current: list[Any] = []  # the operation under test, set by the loop below
    exercised: set[str] = set()  # operations whose request was sent and read back

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        info = current[0]
        entry = api.by_operation_id[info.operation_id]
        op: Operation[Any] = entry.operation
        spec_params = _spec_parameters(document, schemas, info.path, info.http_method)
        kwargs: dict[str, Any] = {}
        expected_params: dict[str, tuple[Param, Any, Any]] = {}
        for arg, param in op.params.items():
            schema = spec_params.get((param.location, param.wire), {})
            if not param.required and not data.draw(st.booleans(), label=f"send {arg}"):
                continue
            text = (
                st.text(HEADER_ALPHABET, min_size=1, max_size=8)
                if param.location in ("header", "cookie")
                else None
            )
            value = data.draw(schemas.strategy(schema, text=text), label=arg)
            kwargs[arg] = value
            expected_params[arg] = (param, schema, value)
        body_value = None
        media = ""
        if op.body is not None:
            media = op.body.media_types[0]
            schema = _body_schema(document, schemas, info.path, info.http_method, media)
            base = media_base(media)
            if (
                is_json(base)
                or base in ("application/x-www-form-urlencoded",)
                or base.startswith("multipart/")
            ):
                strategy = schemas.strategy(schema)
            elif base.startswith("text/"):
                strategy = st.text(ALPHABET, min_size=1, max_size=8)
            else:
                strategy = st.binary(min_size=1, max_size=12)
            if op.body.required or data.draw(st.booleans(), label="send body"):
                body_value = data.draw(strategy, label="body")
                kwargs[op.body.arg] = body_value
        for make in clients:
            sent: list[httpx.Request] = []

            def handler(request: httpx.Request, sent: list[httpx.Request] = sent) -> httpx.Response:
                request.read()
                sent.append(request)
                return httpx.Response(599)

            client = make(handler)
            resource = getattr(client, info.resource)
            try:
                getattr(resource, info.method)(**kwargs)
            except Exception as exc:  # noqa: BLE001 - 599 is an error status: expected
                assert type(exc).__name__ == "InternalServerError", repr(exc)
            (request,) = sent
            exercised.add(info.operation_id)
            for arg, (param, schema, value) in expected_params.items():
                if (
                    schemas.kind(schema) == "object"
                    and param.location == "query"
                    and param.explode
                    and param.style in ("", "form")
                    and not param.media_type
                ):
                    _EXPECTED_KEYS.append(list(value))
                got = _read_param(schemas, param, schema, request, op)
                assert _same(value, got), (info.operation_id, arg, value, got, str(request.url))
            if body_value is not None and op.body is not None:
                schema = _body_schema(document, schemas, info.path, info.http_method, media)
                encodings = dict(op.body.encodings.get(declared_media(op.body, media) or media, {}))
                got = _read_body(schemas, media, schema, encodings, request, body_value)
                assert _same(body_value, got), (
                    info.operation_id,
                    media,
                    body_value,
                    got,
                    request.content[:300],
                )

    for info in operations:  # every operation of the spec, each with its own examples
        current[:] = [info]
        check()
    assert exercised == {info.operation_id for info in operations}
