"""Secret masking: one `Redactor` per client knows its secrets and where they travel.

Secrets are credential values (API keys, tokens), what a login sends (auth keys, passwords) and
what it returns. They are masked in every text the client produces: log lines, exception
messages, `repr()` of the client, of its requests and of their headers. A secret is also matched
in the forms it takes inside other texts: `repr()`/JSON escaping (a key with a trailing newline
shows as `key\\n`), bytes repr (h11's "Illegal header value b'...'") and percent-encoding (a
query value). Headers and query parameters that carry credentials are masked by name too, so a
value the redactor never saw (a token set by `headers=`) is hidden as well.
"""

from __future__ import annotations

import json
import re
import weakref
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, quote_plus

import httpx

MASK = "***"

SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
"""Headers masked by name in every client (plus each client's credential headers)."""

_LIVE: weakref.WeakSet[Redactor] = weakref.WeakSet()


class Redactor:
    """Masks one client's secrets in text, URLs and headers."""

    def __init__(
        self,
        secrets: Iterable[str] = (),
        *,
        headers: Iterable[str] = (),
        query: Iterable[str] = (),
    ) -> None:
        self._forms: list[str] = []
        self._classes: tuple[type[SafeHeaders], type[SafeRequest]] | None = None
        self.header_names = set(SECRET_HEADERS) | {h.lower() for h in headers}
        self.query_names = set(query)
        self.add(secrets)
        _LIVE.add(self)

    def add(self, secrets: Iterable[str]) -> None:
        """Remember more secrets (e.g. a token just obtained by a login)."""
        forms = set(self._forms)
        for secret in secrets:
            if secret:
                forms.update(_forms(secret))
        # Longest first, so a secret that contains another is masked whole.
        self._forms = sorted(forms, key=lambda form: (-len(form), form))

    def text(self, text: str, minimum: int = 4) -> str:
        """`text` with every known secret (in any of its forms) replaced by `***`.

        A form shorter than `minimum` is masked only as the whole text: a toy secret such as
        "t" inside prose is not hidden by masking (`Reques***` shows where it was) and would
        garble every message ("h******p://"). Credential headers and query values are masked
        by name whatever their length.
        """
        for form in self._forms:
            if form in text and (len(form) >= minimum or form == text):
                text = text.replace(form, MASK)
        return text

    def url(self, url: httpx.URL | str) -> str:
        """The URL as text, credential query values masked by name and by value."""
        return self.text(_mask_query(str(url), self.query_names))

    def headers(self, headers: httpx.Headers) -> list[tuple[str, str]]:
        """Header pairs with credential headers masked by name and secrets by value."""
        return [
            (name, MASK if name.lower() in self.header_names else self.text(value))
            for name, value in headers.multi_items()
        ]

    def exception(self, exc: BaseException) -> None:
        """Mask secrets in an exception's arguments (its message), in place."""
        exc.args = tuple(self.text(a) if isinstance(a, str) else a for a in exc.args)

    def protect(self, request: httpx.Request) -> httpx.Request:
        """Give `request` (and its headers) a masked `repr()`; what is sent is unchanged.

        The classes are swapped for this redactor's own subclasses, which carry it as a class
        attribute: setting an attribute on the request instead would turn its attribute storage
        into a plain dict, and every later read by httpx would be slower (~8 us per call).
        """
        classes = self._classes
        if classes is None:
            classes = self._classes = (
                type("SafeHeaders", (SafeHeaders,), {"redactor": self, "__module__": __name__}),
                type("SafeRequest", (SafeRequest,), {"redactor": self, "__module__": __name__}),
            )
        request.headers.__class__ = classes[0]  # same layout: only repr() differs; no copy
        request.__class__ = classes[1]
        return request


def _forms(secret: str) -> set[str]:
    """The ways `secret` can appear inside other text."""
    forms = {
        secret,
        repr(secret)[1:-1],
        json.dumps(secret)[1:-1],
        repr(secret.encode("utf-8", "backslashreplace"))[2:-1],
        quote(secret, safe=""),
        quote_plus(secret, safe=""),
    }
    stripped = secret.strip()
    if stripped:
        forms.add(stripped)  # a value whose control characters were stripped on the way
    return {form for form in forms if form}


def mask_everywhere(text: str) -> str:
    """`text` masked with the secrets of every live client (for third-party log lines).

    Credential query values are masked by name; other forms only from 4 characters on, so one
    client's toy secret ("t") cannot garble every other client's lines.
    """
    for redactor in list(_LIVE):
        text = redactor.text(_mask_query(text, redactor.query_names))
    return text


def _mask_query(text: str, names: Iterable[str]) -> str:
    """Values of the query parameters `names` in any URL inside `text` replaced by `***`."""
    for name in names:
        pattern = rf"([?&]{re.escape(quote_plus(name))}=)[^&#\s\"']*"
        text = re.sub(pattern, rf"\g<1>{MASK}", text)
    return text


class SafeHeaders(httpx.Headers):
    """`httpx.Headers` whose `repr()` masks credentials."""

    redactor: Redactor | None = None

    def __repr__(self) -> str:
        if self.redactor is None:
            return super().__repr__()
        pairs = self.redactor.headers(self)
        as_dict = dict(pairs)
        return f"Headers({as_dict if len(as_dict) == len(pairs) else pairs!r})"  # as httpx


class SafeRequest(httpx.Request):
    """`httpx.Request` whose `repr()` masks credential query values."""

    redactor: Redactor | None = None

    def __repr__(self) -> str:
        url: Any = self.redactor.url(self.url) if self.redactor else self.url
        return f"<Request({self.method!r}, {str(url)!r})>"
