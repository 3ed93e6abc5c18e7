"""Reading recorded traffic: specgen's JSON Lines (`runtime.recording`) and HAR 1.2 files.

Both become `Exchange`s, the unit `specgen verify` judges. A file's format is told by its first
non-blank character (`{"log": ...}` is HAR, anything else JSON Lines); a line or entry that
cannot be read is reported with its file and line (or entry index), not skipped silently.
HAR: http://www.softwareishard.com/blog/har-12-spec/ (log.entries[].request/response).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Exchange", "TrafficError", "read_traffic"]


class TrafficError(ValueError):
    """A traffic file that cannot be read; the message names the file and line or entry."""


@dataclass(frozen=True)
class Exchange:
    """One request/response pair; `source` is ``file:line`` or ``file#entry``."""

    source: str
    method: str
    url: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    status: int
    response_headers: list[tuple[str, str]]
    response_body: bytes


def read_traffic(path: str | Path) -> list[Exchange]:
    """Every exchange in a JSON Lines or HAR file; raises `TrafficError`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TrafficError(f"{path}: cannot read: {exc}") from None
    if text.lstrip().startswith("{") and '"log"' in text[:2000] and _is_har(text):
        return list(_har(path, text))
    return list(_jsonl(path, text))


def _is_har(text: str) -> bool:
    try:
        data = json.loads(text)
    except ValueError:
        return False
    return isinstance(data, dict) and isinstance(data.get("log"), dict)


def _headers(value: Any, where: str) -> list[tuple[str, str]]:
    if not isinstance(value, list):
        raise TrafficError(f"{where}: headers must be a list")
    found = []
    for item in value:
        if isinstance(item, Mapping):
            found.append((str(item.get("name", "")), str(item.get("value", ""))))
        elif isinstance(item, list) and len(item) == 2:
            found.append((str(item[0]), str(item[1])))
        else:
            raise TrafficError(f"{where}: a header must be [name, value] or {{name, value}}")
    return found


def _jsonl_body(part: Mapping[str, Any], where: str) -> bytes:
    if part.get("body_base64") is not None:
        try:
            return base64.b64decode(str(part["body_base64"]), validate=True)
        except ValueError:
            raise TrafficError(f"{where}: body_base64 is not base64") from None
    body = part.get("body")
    return b"" if body is None else str(body).encode("utf-8")


def _jsonl(path: Path, text: str) -> Iterator[Exchange]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(line)
            request, response = data["request"], data["response"]
            yield Exchange(
                where,
                str(request["method"]).upper(),
                str(request["url"]),
                _headers(request.get("headers", []), where),
                _jsonl_body(request, where),
                int(response["status"]),
                _headers(response.get("headers", []), where),
                _jsonl_body(response, where),
            )
        except TrafficError:
            raise
        except (ValueError, KeyError, TypeError) as exc:
            raise TrafficError(f"{where}: not a recorded exchange: {exc}") from None


def _har(path: Path, text: str) -> Iterator[Exchange]:
    entries = json.loads(text)["log"].get("entries")
    if not isinstance(entries, list):
        raise TrafficError(f"{path}: log.entries must be a list")
    for index, entry in enumerate(entries):
        where = f"{path}#entries[{index}]"
        try:
            request, response = entry["request"], entry["response"]
            post = request.get("postData") or {}
            content = response.get("content") or {}
            body = content.get("text") or ""
            if content.get("encoding") == "base64":
                response_body = base64.b64decode(body)
            else:
                response_body = body.encode("utf-8")
            response_headers = _headers(response.get("headers", []), where)
            if content.get("mimeType") and not any(
                k.lower() == "content-type" for k, _ in response_headers
            ):
                response_headers.append(("content-type", content["mimeType"]))
            request_headers = _headers(request.get("headers", []), where)
            if post.get("mimeType") and not any(
                k.lower() == "content-type" for k, _ in request_headers
            ):
                request_headers.append(("content-type", post["mimeType"]))
            yield Exchange(
                where,
                str(request["method"]).upper(),
                str(request["url"]),
                request_headers,
                str(post.get("text") or "").encode("utf-8"),
                int(response["status"]),
                response_headers,
                response_body,
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise TrafficError(f"{where}: not a HAR entry: {exc}") from None
