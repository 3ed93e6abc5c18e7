"""The mock server: an ASGI application answering for every operation of a spec.

Requests are judged by `judge.check_request` (the compiled validators); any problem is answered
with `application/problem+json` listing every violation: 401 (credential missing), 400 (cannot
be read), 415 (media type), 422 (schema). Unknown paths get 404, known paths with another method
405 with `Allow`. Otherwise the answer is the documented response picked by `Prefer: code=NNN`
(else the first 2XX), in the media type `Accept` prefers, with the spec's example (`Prefer:
example=NAME` for a named one) or data synthesized from the schema: the same bytes for the same
seed unless `Prefer: dynamic=true`. Every body is checked with the response validator before it
is sent; data the mock cannot make valid is a 500 that says why, never a silent wrong answer.

Faults, for testing clients' retries: `latency` seconds before each answer, `fail_rate` (0..1)
of requests answered 503, and `Prefer: fault=reset|timeout|429|503`. A reset sends the status
line and drops the connection (in-process, `contract.transport` raises `httpx.ReadError`); a
timeout holds the answer `timeout_after` seconds, then 504 (in-process: `httpx.ReadTimeout` at
once).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from generator.contract.judge import check_request, header_values, is_json
from generator.contract.negotiate import best_media, parse_prefer
from generator.contract.problem import PROBLEM_JSON, Violation, problem_body
from generator.contract.spec import ContractOperation, ContractSpec, problems_of
from generator.contract.synth import synthesize
from generator.runtime.recording import exchange_dict

__all__ = ["PAGES", "RESET", "MockApp"]

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

MAX_BODY = 10 * 1024 * 1024
"""Largest request body read (bytes); more is answered 413."""
PAGES = 3
"""Pages of an emulated paginated listing: the first two carry a next key."""
ATTEMPTS = 8
"""Synthesis attempts (fresh random draws) before the mock reports it cannot make valid data."""


RESET = -1
"""Answer status meaning: send the status line, then drop the connection (fault=reset)."""


@dataclass
class Answer:
    status: int
    body: bytes = b""
    media: str | None = None
    headers: list[tuple[str, str]] | None = None


class MockApp:
    """ASGI 3 application for `contract` (see the module docstring).

    `seed` makes synthesized data repeatable; `base_path` is the server URL path requests may
    carry (default: the first server's, e.g. ``/v1``), and requests without it are served too.
    `exchanges`, when a list, receives every (request, response) pair as plain dicts in the
    recording format of `generator.runtime.recording`. `stubs` maps operationIds to JSON data
    sent as their success response as is, not validated: the way to show a client data the spec
    does not allow (the demo's unknown enum value).
    """

    def __init__(
        self,
        contract: ContractSpec,
        *,
        seed: int = 0,
        latency: float = 0.0,
        fail_rate: float = 0.0,
        timeout_after: float = 30.0,
        base_path: str | None = None,
        exchanges: list[dict[str, Any]] | None = None,
        stubs: dict[str, Any] | None = None,
    ) -> None:
        if not 0.0 <= fail_rate <= 1.0:
            raise ValueError(f"fail_rate must be between 0 and 1: {fail_rate}")
        if latency < 0:
            raise ValueError(f"latency must be >= 0 seconds: {latency}")
        self.contract = contract
        self.seed = seed
        self.latency = latency
        self.fail_rate = fail_rate
        self.timeout_after = timeout_after
        self.base_path = contract.base_path if base_path is None else base_path.rstrip("/")
        self.exchanges = exchanges
        self.stubs = dict(stubs or {})
        self._faults = random.Random(f"faults:{seed}")
        self._dynamic = random.Random(f"dynamic:{seed}")
        self._cache: dict[tuple[Any, ...], tuple[bytes, str]] = {}
        """Deterministic bodies by (operation, status, media type, page): made once."""

    # --- ASGI ---------------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        body, too_large = await _read_body(receive)
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        if too_large:
            answer = _problem(413, f"request body larger than {MAX_BODY} bytes")
        else:
            answer = await self.answer(scope, headers, body)
        out_headers = [("content-type", answer.media)] if answer.media else []
        out_headers += answer.headers or []
        if self.exchanges is not None:
            self.exchanges.append(_exchange(scope, headers, body, answer, out_headers))
        await send(
            {
                "type": "http.response.start",
                "status": 200 if answer.status == RESET else answer.status,
                "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in out_headers],
            }
        )
        if answer.status == RESET:
            return  # status line sent, body never: the client sees the connection drop
        payload = b"" if scope["method"] == "HEAD" else answer.body
        await send({"type": "http.response.body", "body": payload})

    async def answer(self, scope: Scope, headers: list[tuple[str, str]], body: bytes) -> Answer:
        """The answer to one request (faults, routing, validation, response choice)."""
        prefer = parse_prefer(header_values(headers, "prefer"))
        if self.latency:
            await asyncio.sleep(self.latency)
        fault = prefer.get("fault", "")
        if not fault and self.fail_rate and self._faults.random() < self.fail_rate:
            fault = "503"
        if fault:
            return await self._fault(fault)
        path = scope.get("raw_path", b"").decode("latin-1").split("?", 1)[0] or scope["path"]
        if self.base_path and (path == self.base_path or path.startswith(self.base_path + "/")):
            path = path[len(self.base_path) :] or "/"
        method = scope["method"].upper()
        op, allowed, groups = self.contract.match(method, path)
        if op is None and method == "HEAD":
            op, allowed, groups = self.contract.match("GET", path)
        if op is None:
            if allowed:
                answer = _problem(405, f"{method} is not declared for {path}")
                answer.headers = [("allow", ", ".join(allowed))]
                return answer
            return _problem(404, f"no operation for path {path}")
        verdict = check_request(
            self.contract,
            op,
            path_values=op.path_values(groups),
            query_string=scope.get("query_string", b"").decode("latin-1"),
            headers=headers,
            body=body,
        )
        if verdict.status:
            found = verdict.all
            detail = f"{op.operation_id}: {len(found)} problem(s): " + "; ".join(map(str, found))
            status = _documented_status(op, verdict.status)
            answer = self._refusal(op, status, detail, found)
            if status == 401:
                answer.headers = [("www-authenticate", _challenge(self.contract, op))]
            return answer
        return self._respond(op, prefer, headers, verdict.values)

    # --- responses ----------------------------------------------------------------------------

    def _refusal(
        self, op: ContractOperation, status: int, detail: str, found: list[Violation]
    ) -> Answer:
        """A problem answer, in the documented shape when the spec documents the status.

        problem+json when the response offers it or documents no JSON body; otherwise the
        documented JSON schema's data (synthesized) carrying the problem fields when the schema
        allows them, so the answer stays within the spec the client was generated from.
        """
        plain = _problem(status, detail, found)
        response = op.response(status)
        media = [m for m in (response.media if response else ()) if is_json(m.media_type)]
        if not media or any(m.media_type == PROBLEM_JSON for m in media):
            return plain
        chosen = media[0]
        problem = json.loads(plain.body)
        rng = random.Random(f"{self.seed}:{op.operation_id}:{status}:refusal")
        made = synthesize(chosen.schema, rng, self.contract.deref, use_examples=True)
        candidates = [problem]
        if isinstance(made, dict):
            candidates.append({**made, **problem})
            for key in ("message", "detail", "description", "error"):
                if isinstance(made.get(key), str):
                    candidates.append({**made, key: detail})
        candidates.append(made)
        for body in candidates:
            if not problems_of(chosen.check, body, "response"):
                sent = _concrete(chosen.media_type, body)
                return Answer(status, _encode(body, sent), sent)
        return plain

    def _respond(
        self,
        op: ContractOperation,
        prefer: dict[str, str],
        headers: list[tuple[str, str]],
        values: dict[str, Any],
    ) -> Answer:
        wanted = prefer.get("code")
        if wanted:
            if not (wanted.isdigit() and len(wanted) == 3):
                return _problem(400, f"Prefer: code={wanted} is not a status code")
            response = op.response(int(wanted))
            if response is None:
                documented = ", ".join(r.status for r in op.responses)
                return _problem(
                    400, f"Prefer: code={wanted}: not documented for {op.operation_id} "
                    f"(documented: {documented})"
                )  # fmt: skip
            status = int(wanted)
        else:
            response = _first_success(op)
            if response is None:
                return _problem(501, f"{op.operation_id} documents no response")
            status = _status_of(response.status)
        out: list[tuple[str, str]] = []
        if not response.media:
            return Answer(status, headers=self._headers(op, response, status, out))
        accept = ", ".join(header_values(headers, "accept"))
        media_type = best_media(accept, [m.media_type for m in response.media])
        if media_type is None:
            offered = ", ".join(m.media_type for m in response.media)
            return _problem(406, f"Accept: {accept!r} matches none of: {offered}")
        media = next(m for m in response.media if m.media_type == media_type)
        dynamic = prefer.get("dynamic", "").lower() == "true"
        example = prefer.get("example")
        page = self._page(op, values, status)
        if isinstance(page, Answer):
            return page
        if page is not None and page[0] < PAGES:
            pagination = op.pagination
            assert pagination is not None
            out.append((pagination[1].lower(), f"page-{page[0] + 1}"))
        if op.operation_id in self.stubs and not wanted and example is None:
            data = self.stubs[op.operation_id]
        elif example is not None:
            if example not in media.examples:
                known = ", ".join(media.examples) or "none"
                return _problem(400, f"Prefer: example={example}: no such example (known: {known})")
            data = media.examples[example]
        else:
            key = (op.operation_id, status, media_type, page)
            cached = None if dynamic else self._cache.get(key)
            if cached is not None:
                body, sent = cached
                return Answer(status, body, sent, self._headers(op, response, status, out))
            made = self._data(op, status, media, dynamic, page)
            if isinstance(made, Answer):
                return made
            data = made
        sent_type = _concrete(media_type, data)
        encoded = _encode(data, sent_type)
        if not dynamic and example is None and op.operation_id not in self.stubs:
            self._cache[(op.operation_id, status, media_type, page)] = (encoded, sent_type)
        return Answer(status, encoded, sent_type, self._headers(op, response, status, out))

    def _data(
        self,
        op: ContractOperation,
        status: int,
        media: Any,
        dynamic: bool,
        page: tuple[int, int | None] | None,
    ) -> Any:
        if not dynamic and page is None and media.examples:
            example = next(iter(media.examples.values()))
            if not problems_of(media.check, example, "response"):
                return example
        if media.schema is None:
            return {}
        if dynamic:
            base = self._dynamic.getrandbits(64)
        else:
            key = f"{self.seed}:{op.operation_id}:{status}:{media.media_type}:{page}"
            base = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")
        problems: list[Any] = []
        for attempt in range(ATTEMPTS):
            rng = random.Random(base + attempt)
            schema = self.contract.deref(media.schema)
            if page is not None and isinstance(schema, dict) and schema.get("type") == "array":
                count = page[1] if page[1] is not None else 2
                schema = {**schema, "minItems": count, "maxItems": count}
            data = synthesize(schema, rng, self.contract.deref, use_examples=attempt == 0)
            problems = problems_of(media.check, data, "response")
            if not problems:
                return data
        listing = "; ".join(str(p) for p in problems[:5])
        return _problem(500, f"the mock cannot make valid data for {op.operation_id}: {listing}")

    def _page(
        self, op: ContractOperation, values: dict[str, Any], status: int
    ) -> tuple[int, int | None] | Answer | None:
        """(page number, page size) when the operation paginates, else None."""
        pagination = op.pagination
        if pagination is None or not 200 <= status < 300:
            return None
        key = values.get(f"query.{pagination[0]}")
        number = 1
        if key is not None:
            # Next keys are `page-N`; any other string is valid for the spec, so it is answered
            # as the last page (no next key) rather than refused.
            text = str(key)
            valid = text.startswith("page-") and text[5:].isdigit() and 1 < int(text[5:]) <= PAGES
            number = int(text[5:]) if valid else PAGES
        limit = values.get("query.limit")
        return number, limit if isinstance(limit, int) and 0 <= limit <= 100 else None

    def _headers(
        self, op: ContractOperation, response: Any, status: int, out: list[tuple[str, str]]
    ) -> list[tuple[str, str]]:
        """Documented response headers: required ones synthesized (next keys set earlier)."""
        present = {name for name, _ in out}
        for header in response.headers:
            if header.name.lower() in present or not header.required:
                continue
            rng = random.Random(f"{self.seed}:{op.operation_id}:{status}:{header.name}")
            value = synthesize(header.schema, rng, self.contract.deref)
            text = ",".join(map(_scalar, value)) if isinstance(value, list) else _scalar(value)
            out.append((header.name.lower(), text))
        if status in (429, 503):
            out.append(("retry-after", "1"))
        return out

    async def _fault(self, fault: str) -> Answer:
        if fault == "reset":
            return Answer(RESET, headers=[("content-length", "1024")])
        if fault == "timeout":
            await asyncio.sleep(self.timeout_after)
            return _problem(504, "fault injected: timeout")
        if fault in ("429", "503"):
            answer = _problem(int(fault), f"fault injected: {fault}")
            answer.headers = [("retry-after", "1")]
            return answer
        return _problem(400, f"Prefer: fault={fault}: use reset, timeout, 429 or 503")


def _problem(status: int, detail: str, violations: list[Violation] | None = None) -> Answer:
    return Answer(status, problem_body(status, detail, violations or []), PROBLEM_JSON)


_REFUSALS = {401: (401, 403, 400), 400: (400, 422), 415: (415, 400, 422), 422: (422, 400)}
"""For each kind of refusal, the statuses that say it, best first: the mock answers with the
first one the operation documents, so a spec's clients see statuses the spec promised; when
none is documented, the first (the HTTP-accurate one)."""


def _documented_status(op: ContractOperation, status: int) -> int:
    documented = {r.status for r in op.responses}
    for candidate in _REFUSALS.get(status, (status,)):
        if str(candidate) in documented:
            return candidate
    return status


def _first_success(op: ContractOperation) -> Any:
    ranked = sorted(
        op.responses,
        key=lambda r: (
            (0, r.status) if r.status[:1] == "2" else (1 if r.status == "default" else 2, r.status)
        ),
    )
    return ranked[0] if ranked else None


def _status_of(status: str) -> int:
    """`200` -> 200, `2XX` -> 200, `default` -> 200."""
    if status.isdigit():
        return int(status)
    if status[:1].isdigit():
        return int(status[0]) * 100
    return 200


def _concrete(media_type: str, data: Any = b"") -> str:
    """A declared media range (`application/*`, `*/*`) as a type that can be sent: JSON data
    (an object, array, number...) under `*/*` is sent as `application/json`, as both clients
    read it (Swagger 2.0 conversions declare `*/*` for JSON: DocuSign)."""
    if media_type in ("*/*", "*"):
        return "application/octet-stream" if isinstance(data, str | bytes) else "application/json"
    if media_type.endswith("/*"):
        return media_type[:-1] + ("json" if media_type.startswith("application") else "plain")
    return media_type


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value)


def _encode(data: Any, media_type: str) -> bytes:
    if is_json(media_type):
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
    if isinstance(data, bytes):
        return data
    if isinstance(data, str):
        return data.encode("utf-8")
    if media_type == "application/x-www-form-urlencoded" and isinstance(data, dict):
        from urllib.parse import urlencode

        return urlencode({k: _scalar(v) for k, v in data.items()}).encode()
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _challenge(contract: ContractSpec, op: ContractOperation) -> str:
    names = op.security[0] if op.security else ()
    kinds = [contract.schemes.get(name, {}) for name in names]
    scheme = next(
        (str(k.get("scheme", "Bearer")).title() for k in kinds if k.get("type") == "http"), ""
    )
    return scheme or "ApiKey"


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size <= MAX_BODY:
            chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks), size > MAX_BODY


def _exchange(
    scope: Scope,
    headers: list[tuple[str, str]],
    body: bytes,
    answer: Answer,
    out_headers: list[tuple[str, str]],
) -> dict[str, Any]:
    query = scope.get("query_string", b"").decode("latin-1")
    path = scope.get("raw_path", b"").decode("latin-1").split("?", 1)[0] or scope["path"]
    host = next((v for k, v in headers if k.lower() == "host"), "mock")
    url = f"{scope.get('scheme', 'http')}://{host}{path}" + (f"?{query}" if query else "")
    return exchange_dict(
        scope["method"], url, headers, body, answer.status, out_headers, answer.body
    )
