"""Problem Details (RFC 9457) bodies: every error the mock sends lists each violation found.

A violation names its location the way a user finds it: ``query.limit``, ``path.device_id``,
``header.X-Soracom-API-Key``, or ``body`` plus the JSON path (``body.records[3].time``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

__all__ = ["PROBLEM_JSON", "Violation", "problem_body"]

PROBLEM_JSON = "application/problem+json"


@dataclass(frozen=True)
class Violation:
    location: str
    """``query.limit``, ``body.name``, ``header.Content-Type``..."""
    message: str
    keyword: str = ""

    def to_dict(self) -> dict[str, str]:
        found = {"location": self.location, "message": self.message}
        if self.keyword:
            found["keyword"] = self.keyword
        return found

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


def problem_body(
    status: int, detail: str, violations: Sequence[Violation] = (), **extra: Any
) -> bytes:
    """The JSON bytes of a problem: type, title, status, detail and `errors` (one per violation)."""
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    body["detail"] = detail
    if violations:
        body["errors"] = [v.to_dict() for v in violations]
    body.update(extra)
    return json.dumps(body, ensure_ascii=False).encode("utf-8")
