"""How a client sends each kind of security scheme's secret, or why it cannot (OpenAPI 3.0/3.1
section 4.8.27, Security Scheme Object).

One table read by the planner (which credential arguments the clients get), the naming stage
(what those arguments are called) and the spec validator (rule `security-scheme-unsupported`),
so that what `specgen validate` reports as unsupported is exactly what the clients leave out;
also the words that document each credential argument and each unsupported scheme (the
generated client's docstring, its README).

- apiKey: the secret as the named header, query parameter or cookie.
- http `basic` (RFC 7617): "user:password", sent base64-encoded; http `bearer` (RFC 6750).
- oauth2 and openIdConnect: the client does not run the flow; it takes the access token it
  produced and sends it as a bearer token (`Authorization: Bearer ...`, RFC 6750 section 2.1).
  Refreshing flows go through `auth=` (any `httpx.Auth`).
- Unsupported: other http schemes (digest, negotiate, hoba...: challenge-response, an
  `httpx.Auth` such as `httpx.DigestAuth` does them) and mutualTLS (3.1: a client certificate,
  configured on the HTTP client, `http_client=httpx.Client(cert=...)`).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir.model import Api, SecurityScheme

TOKEN_TYPES = frozenset({"oauth2", "openIdConnect"})
"""Scheme types whose credential is an access token obtained elsewhere."""


@dataclass(frozen=True)
class Delivery:
    """Where the secret goes: `location` is a `runtime.operation.Credential` location."""

    location: str  # header | query | cookie | bearer | basic
    wire: str  # the header, query parameter or cookie name


def delivery(
    scheme_type: str, http_scheme: str = "", location: str = "", name: str = ""
) -> Delivery | str:
    """How the clients send a scheme's secret, or the reason they cannot (one sentence; spec
    values in it are quoted with repr() and it holds no backticks, so that in Markdown a backtick
    in a spec value cannot pair with one of ours)."""
    if scheme_type == "apiKey":
        if location in ("header", "query", "cookie"):
            return Delivery(location, name)
        return f"an apiKey in {location!r} is not in a header, query or cookie"
    if scheme_type == "http":
        kind = http_scheme.lower()  # auth-scheme names are case-insensitive (RFC 9110 11.1)
        if kind in ("bearer", "basic"):
            return Delivery(kind, "Authorization")
        return (
            f"HTTP authentication scheme {http_scheme!r} is not sent by the client "
            "(only basic and bearer); pass auth= an httpx.Auth that implements it"
        )
    if scheme_type in TOKEN_TYPES:
        return Delivery("bearer", "Authorization")
    if scheme_type == "mutualTLS":
        return (
            "mutualTLS needs a client certificate, which the client does not configure; "
            "pass http_client= an httpx client created with cert="
        )
    return f"security scheme type {scheme_type!r} is unknown to the client"


def unsupported_schemes(api: Api) -> list[tuple[str, str]]:
    """(scheme name, why) for each security scheme no client applies."""
    out = []
    for scheme in api.security_schemes:
        how = delivery(scheme.type, scheme.scheme, scheme.location, scheme.param_name)
        if isinstance(how, str):
            out.append((scheme.name, how))
    return out


def unsupported_note(api: Api) -> str:
    """The generated client docstring's note on the schemes it cannot apply ("" when none)."""
    return "".join(
        f"\n\nThe `{name}` security scheme is not applied by this client: {why}."
        for name, why in unsupported_schemes(api)
    )


_HOLDS = {
    "oauth2": "An OAuth 2.0 access token",
    "openIdConnect": "An OpenID Connect access token",
    "bearer": "A bearer token",
    "basic": '"user:password"',
}
_AUTHORIZATION = {
    "basic": "Authorization: Basic <base64>",
    "bearer": "Authorization: Bearer <token>",
}


def argument_doc(scheme: SecurityScheme, how: Delivery) -> dict[str, str]:
    """How a credential argument is documented: `kind` (what it holds), `authorization` (the
    header line it makes, "" for an apiKey) and `doc` (the sentence of the client docstring)."""
    kind = _HOLDS.get(scheme.type) or _HOLDS.get(how.location) or "Secret"
    header = _AUTHORIZATION.get(how.location, "")
    doc = f"{kind} for the `{scheme.name}` security scheme"
    doc += f", sent as `{header}`." if header else f" ({how.location} `{how.wire}`)."
    return {"kind": kind, "authorization": header, "doc": doc}
