"""Plan, the client's context: default servers, credential arguments, the vendor layer."""

from __future__ import annotations

from typing import Any

from generator.ir.model import (
    Api,
)
from generator.naming import Names
from generator.security import argument_doc, delivery
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
