"""Request headers the mock obeys: `Prefer` (RFC 7240) and `Accept` (RFC 9110 section 12.5.1)."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["best_media", "media_matches", "parse_prefer"]


def parse_prefer(values: Sequence[str]) -> dict[str, str]:
    """`Prefer: code=404, example=ok` -> {"code": "404", "example": "ok"}; last one wins.

    Preferences are comma-separated; `;`-parameters are read as preferences too, since clients
    write both forms (`Prefer: code=404; dynamic=true`).
    """
    found: dict[str, str] = {}
    for value in values:
        for item in value.replace(";", ",").split(","):
            name, _, token = item.strip().partition("=")
            if name:
                found[name.strip().lower()] = token.strip().strip('"')
    return found


def _essence(media: str) -> str:
    return media.split(";", 1)[0].strip().lower()


def media_matches(pattern: str, media: str) -> bool:
    """Whether `media` falls under `pattern` (`*/*`, `application/*`, or an exact type)."""
    pattern, media = _essence(pattern), _essence(media)
    if pattern in ("*/*", "*") or pattern == media:
        return True
    major, _, minor = pattern.partition("/")
    return minor == "*" and media.partition("/")[0] == major


def _accept(header: str) -> list[tuple[float, int, str]]:
    ranges = []
    for index, part in enumerate(header.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((q, index, media))
    return ranges


def best_media(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the `Accept` header prefers (spec order breaks ties).

    No `Accept` (or an empty one) accepts anything: the first offered type. None means nothing
    offered is acceptable (the mock answers 406).
    """
    if not offered:
        return None
    if not accept or not accept.strip():
        return offered[0]
    best: tuple[float, int, int] | None = None
    chosen = None
    for position, media in enumerate(offered):
        for q, _index, pattern in _accept(accept):
            if q <= 0 or not media_matches(pattern, media):
                continue
            exact = 0 if "*" in pattern else 1
            key = (q, exact, -position)
            if best is None or key > best:
                best, chosen = key, media
    return chosen
