"""The start-up cache: a spec's blueprint, keyed by what made it.

Why: parsing and validating SoraCam costs ~200 ms; reading this cache costs ~2 ms.

Key: sha256 over the spec bytes, the generator version, a fingerprint of the generator's own
source files (size and mtime of every module that shapes the blueprint, so a changed generator
never meets an old entry even at an unchanged version), the blueprint format, and Python's
bytecode magic number (the `marshal` format follows it).

Entry (one file per key, ``<key>.bin``): a magic line, the sha256 of the payload, then the
payload: a `marshal` dump of ``{"key", "blueprint"}``. Reading checks the magic, the
checksum and the key stored inside before anything is used; a corrupt, truncated, stale or
foreign entry is ignored (and overwritten by a fresh build), never trusted. Writes go to a
temporary file in the same folder, then `os.replace`: readers see a whole entry or none.

Threat model: specs are untrusted, and the cache never turns spec text into code: an entry is
data only (the check schemas among it); validators are compiled from it on first use by the
schema compiler (spec strings only as literals). The checksum detects corruption, not a
malicious local writer: like Python's own ``__pycache__``, whoever can write the user's cache
folder can already run code as that user. So the folder is created private (0700), and on POSIX
a folder not owned by the user or writable by others is not used at all.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator import __version__

__all__ = ["STATS", "CacheStats", "cache_dir", "cache_key", "read_entry", "write_entry"]

FORMAT = 5
"""Version of the blueprint and entry layout; bump it when either changes (old entries die)."""

MAGIC = b"specgen-dynamic-cache\n"
_DIGEST = 32

_GENERATOR_DIR = Path(__file__).resolve().parent.parent
_SHAPING = ("", "ir", "plan", "validate", "dynamic", "runtime")
"""Folders (relative to `generator/`) whose modules shape a blueprint."""


@dataclass
class CacheStats:
    """Counters, for tests and curious users: how starts were served."""

    hits: int = 0
    misses: int = 0
    rejected: int = 0
    """Entries found but not trusted (corrupt, truncated, stale or foreign)."""
    writes: int = 0


STATS = CacheStats()


def cache_dir() -> Path:
    """``$SPECGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/specgen``, else ``~/.cache/specgen``."""
    explicit = os.environ.get("SPECGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "specgen"


@cache
def _generator_fingerprint() -> str:
    digest = hashlib.sha256()
    for folder in _SHAPING:
        directory = _GENERATOR_DIR / folder
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".py"):
                st = entry.stat()
                digest.update(f"{folder}/{entry.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return digest.hexdigest()


def cache_key(spec_sha256: str) -> str:
    """The entry name for a spec: changes whenever anything that made the entry changes."""
    parts = [
        f"format={FORMAT}",
        f"generator={__version__}",
        f"sources={_generator_fingerprint()}",
        f"python={importlib.util.MAGIC_NUMBER.hex()}",
        f"spec={spec_sha256}",
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _usable(folder: Path) -> bool:
    """Private to the user (POSIX): not owned by someone else, not writable by others."""
    if sys.platform == "win32":
        return True
    try:
        st = folder.stat()
    except OSError:
        return False
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def entry_folder() -> Path:
    """Where entries are stored now (`cache_dir()`/dynamic)."""
    return cache_dir() / "dynamic"


def _entry_path(key: str) -> Path:
    return entry_folder() / f"{key}.bin"


def read_entry(key: str) -> dict[str, Any] | None:
    """The blueprint stored for `key`, or None when absent or not trustworthy."""
    path = _entry_path(key)
    if not _usable(path.parent):
        STATS.misses += 1
        return None
    try:
        blob = path.read_bytes()
    except OSError:
        STATS.misses += 1
        return None
    found = _decode(blob, key)
    if found is None:
        STATS.rejected += 1
        STATS.misses += 1
        return None
    STATS.hits += 1
    return found


def _decode(blob: bytes, key: str) -> dict[str, Any] | None:
    head = len(MAGIC) + _DIGEST
    if len(blob) <= head or not blob.startswith(MAGIC):
        return None
    payload = blob[head:]
    if hashlib.sha256(payload).digest() != blob[len(MAGIC) : head]:
        return None
    try:
        entry = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    blueprint = entry.get("blueprint")
    if not isinstance(blueprint, dict) or blueprint.get("format") != FORMAT:
        return None
    return blueprint


def write_entry(key: str, blueprint: dict[str, Any], folder: Path | None = None) -> bool:
    """Store an entry atomically in `folder` (default: `entry_folder()`); False (and no
    exception) when the folder cannot be used."""
    folder = entry_folder() if folder is None else folder
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _usable(folder):
            return False
        payload = marshal.dumps({"key": key, "blueprint": blueprint})
        blob = MAGIC + hashlib.sha256(payload).digest() + payload
        fd, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".bin", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(temporary, folder / f"{key}.bin")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):
        return False
    STATS.writes += 1
    return True
