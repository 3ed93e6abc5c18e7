"""Where a spec comes from: a path, a URL or a mapping already in memory.

Everything downstream needs the same three things whatever the origin: the bytes (hashed for the
cache key), a name for messages, and, for a URL, the address relative server URLs are joined to.
Reading and hashing are cheap (the 176 KB SoraCam file: well under a millisecond), so they run on
every start; parsing is the expensive part and happens only when the cache misses.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["SpecSource", "read_source"]

DOWNLOAD_TIMEOUT = 30.0
"""Seconds allowed to download a spec given as a URL."""


@dataclass(frozen=True)
class SpecSource:
    """The raw spec: `content` bytes, or `mapping` for a document already loaded by the caller."""

    name: str
    content: bytes
    path: Path | None = None
    url: str | None = None
    mapping: Mapping[str, Any] | None = None
    allow_remote_refs: bool = False
    """Follow `$ref`s to URLs (see `generator.resolve`); refused by default."""
    allow_outside_refs: bool = False
    """Follow `$ref`s to files outside the spec's folder; refused by default."""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def has_external_refs(self) -> bool:
        """A cheap upper bound: the text mentions a `$ref` that does not start with `#`.

        Cache entries are keyed by the main file only, so a spec that pulls in other files is
        never cached (its fragments could change under an unchanged main file).
        """
        return any(m[1] != b"#" for m in _REF_VALUE.finditer(self.content))


_REF_VALUE = re.compile(rb"""\$ref["']?\s*:\s*["']?(.)""")
"""A `$ref` key (YAML or JSON) and the first character of its value."""


def read_source(source: str | os.PathLike[str] | Mapping[str, Any]) -> SpecSource:
    """Read a path, download an http(s) URL, or serialize a mapping (for its hash)."""
    if isinstance(source, Mapping):
        # Canonical JSON: the same document always hashes the same, whatever its key order.
        text = json.dumps(source, sort_keys=True, ensure_ascii=False, default=str)
        return SpecSource("<mapping>", text.encode("utf-8"), mapping=source)
    text_source = os.fspath(source)
    if text_source.startswith(("http://", "https://")):
        return _download(text_source)
    from generator.load import read_spec_file

    path = Path(text_source)
    content = read_spec_file(path)
    return SpecSource(str(path), content, path=path)


def _download(url: str) -> SpecSource:
    import httpx

    from generator.diagnostics import Diagnostic, Level, Location, SpecError

    try:
        response = httpx.get(url, follow_redirects=True, timeout=DOWNLOAD_TIMEOUT)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise SpecError(
            [Diagnostic("load-io", Level.ERROR, f"cannot download spec: {exc}", "", Location(url))]
        ) from None
    return SpecSource(url, response.content, url=str(response.url))
