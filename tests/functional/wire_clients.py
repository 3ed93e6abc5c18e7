"""Four clients for one spec: generated and dynamic, sync and async, on one recording transport.

`WireApi.generate(spec, folder)` writes a package from the spec with the real pipeline (render +
write, as `specgen generate` does) and imports it under a unique name; the dynamic client loads
the same file. `call_all(...)` drives all four variants with the same arguments and returns, per
variant, the request sent (or the exception raised), so tests assert one expectation four times.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from generator.dynamic import AsyncClient as DynamicAsyncClient
from generator.dynamic import Client as DynamicClient
from generator.dynamic import load_api
from generator.pipeline import Target, render_target
from generator.write import write_package

BASE_URL = "https://wire.example/v1"
SHARED_SORACAM = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "specs"
    / "soracam"
    / "soracom-soracam-api-openapi.yml"
)
VARIANTS = ("generated-sync", "generated-async", "dynamic-sync", "dynamic-async")

Responder = Callable[[httpx.Request], httpx.Response]


@dataclass
class Sent:
    """What one variant did: the requests it sent and its result or exception."""

    requests: list[httpx.Request] = field(default_factory=list)
    result: Any = None
    error: BaseException | None = None

    @property
    def request(self) -> httpx.Request:
        assert self.error is None, f"raised {self.error!r}"
        assert len(self.requests) == 1, self.requests
        return self.requests[0]


@dataclass
class WireApi:
    package: Any
    dynamic: Any

    @property
    def dynamic_errors(self) -> Any:
        """The error module of the dynamic client (the runtime's own)."""
        from generator.runtime import errors

        return errors

    @classmethod
    def generate(cls, spec: Path, folder: Path) -> WireApi:
        digest = hashlib.sha256(spec.read_bytes()).hexdigest()[:10]
        name = "wire_" + "".join(c if c.isalnum() else "_" for c in spec.stem) + "_" + digest
        output = folder / name
        if name not in sys.modules:
            target = Target(spec_path=spec, output=output, package=name)
            write_package(output, render_target(target))
            sys.path.insert(0, str(output))
        package = importlib.import_module(name)
        return cls(package, load_api(spec, use_cache=False))

    def clients(self, variant: str, handler: Responder, **options: Any) -> Any:
        kind, mode = variant.split("-")
        options.setdefault("base_url", BASE_URL)
        if mode == "sync":
            transport: Any = httpx.MockTransport(handler)
            if kind == "generated":
                return self.package.Client(transport=transport, **options)
            return DynamicClient(self.dynamic, transport=transport, **options)
        transport = httpx.MockTransport(handler)
        if kind == "generated":
            return self.package.AsyncClient(transport=transport, **options)
        return DynamicAsyncClient(self.dynamic, transport=transport, **options)

    def call(
        self,
        variant: str,
        resource: str,
        method: str,
        kwargs: dict[str, Any],
        respond: Responder | None = None,
        **options: Any,
    ) -> Sent:
        sent = Sent()

        def handler(request: httpx.Request) -> httpx.Response:
            request.read()
            sent.requests.append(request)
            return respond(request) if respond else httpx.Response(204)

        client = self.clients(variant, handler, **options)
        bound = getattr(getattr(client, resource), method)
        try:
            if variant.endswith("-sync"):
                with client:
                    sent.result = bound(**kwargs)
            else:

                async def run() -> Any:
                    async with client:
                        return await bound(**kwargs)

                sent.result = asyncio.run(run())
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            sent.error = exc
        return sent

    def call_all(
        self,
        resource: str,
        method: str,
        kwargs: Callable[[Any], dict[str, Any]] | dict[str, Any],
        respond: Responder | None = None,
        **options: Any,
    ) -> Iterator[tuple[str, Sent]]:
        """Each variant with fresh arguments; `kwargs` may be a factory taking the variant's
        models namespace (`package.models` or the dynamic client's), as files are read once."""
        for variant in VARIANTS:
            models = self.package.models if variant.startswith("generated") else self.dynamic.models
            args = kwargs(models) if callable(kwargs) else dict(kwargs)
            yield variant, self.call(variant, resource, method, args, respond, **options)


def raw_query(request: httpx.Request) -> str:
    """The query string exactly as sent (percent-encoding untouched)."""
    return request.url.query.decode("ascii")


@dataclass(frozen=True)
class Part:
    """One multipart part as an independent parser (`email`) reads it."""

    name: str
    filename: str | None
    content_type: str
    """As sent; "" when the part has no Content-Type header (text/plain by RFC 7578)."""
    content: bytes
    headers: tuple[tuple[str, str], ...] = ()
    """Headers other than Content-Disposition and Content-Type."""


def parse_multipart(request: httpx.Request) -> list[Part]:
    """The parts of a multipart/form-data request, read with the standard `email` parser."""
    from email import policy
    from email.parser import BytesParser

    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode("ascii")
    message = BytesParser(policy=policy.HTTP).parsebytes(head + request.content)
    assert message.is_multipart(), request.headers["content-type"]
    assert not message.defects, message.defects
    parts = []
    for part in message.iter_parts():
        assert part.get_content_disposition() == "form-data"
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        assert isinstance(name, str) and isinstance(payload, bytes)
        parts.append(
            Part(
                name=name,
                filename=part.get_filename(),
                content_type=str(part.get("content-type", "")),
                content=payload,
                headers=tuple(
                    (k, str(v))
                    for k, v in part.items()
                    if k.lower() not in ("content-disposition", "content-type")
                ),
            )
        )
    return parts
