"""Plan, the client's context: default servers, credential arguments, the vendor layer, and
the docstrings of `Client`/`AsyncClient` (decided here so the template only prints them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.ir.model import Api
from generator.naming import ClassName, Identifier, Names
from generator.plan.contexts import ResourceContext
from generator.security import argument_doc, delivery

if TYPE_CHECKING:
    from generator.vendors import VendorLayer


def vendor_context(vendor: VendorLayer | None) -> dict[str, Any] | None:
    """What the templates print for a vendor layer: its client arguments and public names."""
    if vendor is None:
        return None
    return {
        "name": vendor.name,
        "server_param": vendor.server_param,
        "options": [
            {"name": o.name, "annotation": o.annotation, "doc": o.doc} for o in vendor.options
        ],
        "public": list(vendor.public),
    }


def default_servers(api: Api) -> list[tuple[str, str]]:
    out = []
    for index, server in enumerate(api.servers):
        out.append(("default" if index == 0 else f"server{index + 1}", server.url))
    return out


def credentials(api: Api, names: Names) -> list[dict[str, Any]]:
    """How each supported security scheme's secret is sent (`generator.security`): an apiKey
    as its header, query parameter or cookie; http basic/bearer, oauth2 and openIdConnect in
    `Authorization` (the last two as the bearer access token a flow produced elsewhere)."""
    out = []
    for scheme in api.security_schemes:
        how = delivery(scheme.type, scheme.scheme, scheme.location, scheme.param_name)
        if isinstance(how, str):
            continue  # reported by `unsupported_note` and `specgen validate`
        out.append(
            {
                "arg": names.credentials[scheme.name],
                "scheme": scheme.name,
                "location": how.location,
                "wire": how.wire,
                "description": scheme.description,
                **argument_doc(scheme, how),
            }
        )
    return out


@dataclass(frozen=True, slots=True)
class ClientResource:
    """A resource property of the client (`client.<attribute>`) and of its raw twin."""

    attribute: Identifier
    class_name: ClassName
    doc: str
    raw_doc: str


@dataclass(frozen=True, slots=True)
class ClientContext:
    """What `client.py.jinja` prints besides code: every docstring, decided once."""

    module_doc: str
    class_docs: tuple[str, str]  # Client, AsyncClient
    init_summary: str
    init_args: tuple[tuple[str, str], ...]  # (argument, what it does), in signature order
    resources: tuple[ClientResource, ...]


_COMMON_ARGS = (
    ("auth", "An `httpx.Auth` for other schemes or token refresh flows."),
    ("timeout", "Default timeout of every call (seconds or `httpx.Timeout`)."),
    ("headers", "Extra headers sent with every request."),
    (
        "validate_requests",
        "Check arguments against the spec before sending (raises `RequestValidationError`"
        " listing every problem).",
    ),
    (
        "response_validation",
        'Check responses against the spec: "strict" raises `ResponseValidationError`, "warn"'
        ' logs a warning, "off" skips.',
    ),
)
_RETRY_ARGS = (
    (
        "retry_post",
        "Retry POST and PATCH too (off by default: a repeated POST may act, and bill, twice).",
    ),
    ("retry_policy", "A full `RetryPolicy` (backoff, time budget, injectable clock and sleep)."),
    ("transport", "An httpx transport, e.g. `httpx.MockTransport` in tests."),
    ("http_client", "A fully configured httpx client to use instead of a new one."),
)


def client_context(
    api: Api,
    resources: Sequence[ResourceContext],
    *,
    servers: Sequence[tuple[str, str]],
    default_server: str,
    server_arg: str,
    credentials: Sequence[dict[str, Any]],
    vendor: dict[str, Any] | None,
    security_note: str,
    max_retries: int,
) -> ClientContext:
    """The client's docstrings: the arguments of `__init__` in signature order, each resource
    property's one line."""
    if servers:
        named = ", ".join(
            f"{name} ({url}{', the default' if name == default_server else ''})"
            for name, url in servers
        )
        server_doc = f"Which named server to use: {named}."
    else:
        server_doc = "The spec names no servers: pass `base_url`."
    args = [(server_arg, server_doc), ("base_url", f"Any base URL; overrides `{server_arg}`.")]
    args += [(c["arg"], c["doc"]) for c in credentials]
    args += [(o["name"], o["doc"]) for o in (vendor["options"] if vendor else [])]
    args += _COMMON_ARGS
    args.append(
        (
            "max_retries",
            "Retries after a failed first attempt (connection error, 429, 5xx); default"
            f" {max_retries}, 0 sends once. Per call: `with client.retrying(max_retries=...)`.",
        )
    )
    args += _RETRY_ARGS
    summary = "Create a client."
    if vendor:
        summary += (
            f" Endpoint and credentials are resolved by the {vendor['name']} layer (`_vendor`),"
            " whose docstring gives the sources and their precedence."
        )
    return ClientContext(
        module_doc=f"`Client` and `AsyncClient` for the {api.title}.",
        class_docs=(
            f"Synchronous client for the {api.title}.{security_note}",
            f"Asynchronous client for the {api.title}.{security_note}",
        ),
        init_summary=summary,
        init_args=tuple(args),
        resources=tuple(
            ClientResource(
                attribute=r.attribute,
                class_name=r.class_name,
                doc=f"Operations tagged {r.tag} (the module loads on first use).",
                raw_doc=f"Operations tagged {r.tag}, returning the raw response.",
            )
            for r in resources
        ),
    )
