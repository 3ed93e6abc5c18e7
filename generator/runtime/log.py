"""Logging: one DEBUG line per request and per response, under the package's own logger name.

The logger is named after the package that holds this runtime (`soracam` for a generated
package, `specgen.dynamic` for the dynamic client), so `logging.getLogger("soracam")` configures
it alone. Lines carry method, URL (credential query values masked), attempt, status and elapsed
milliseconds, never a header or a body. httpx's own INFO line ("HTTP Request: GET ...") shows the
full URL, so a filter on the `httpx` logger masks the secrets of every live client in it.
"""

from __future__ import annotations

import logging

import httpx

from .redact import Redactor, mask_everywhere


def _package_logger_name() -> str:
    package = __name__.rpartition(".")[0]  # "<pkg>._runtime" or "generator.runtime"
    if package.endswith("._runtime"):
        return package.removesuffix("._runtime")
    return "specgen.dynamic"


LOGGER_NAME = _package_logger_name()
logger = logging.getLogger(LOGGER_NAME)


class _MaskSecrets(logging.Filter):
    """Masks the secrets of live clients in records of loggers we do not own (httpx)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_everywhere(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


_FILTER = _MaskSecrets()
for _name in ("httpx", "httpcore"):
    logging.getLogger(_name).addFilter(_FILTER)


def log_request(redactor: Redactor, request: httpx.Request, attempt: int) -> None:
    """`-> GET https://host/v1/path?apiKey=*** attempt=1`"""
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("-> %s %s attempt=%d", request.method, redactor.url(request.url), attempt)


def log_response(
    redactor: Redactor, request: httpx.Request, status: int, elapsed: float, attempt: int
) -> None:
    """`<- GET https://host/v1/path 200 12.3ms attempt=1` (elapsed in milliseconds)."""
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "<- %s %s %d %.1fms attempt=%d",
            request.method,
            redactor.url(request.url),
            status,
            elapsed * 1000.0,
            attempt,
        )


def log_failure(
    redactor: Redactor, request: httpx.Request, error: str, elapsed: float, attempt: int
) -> None:
    """`<- GET https://host/v1/path failed after 3.0ms attempt=1: ConnectError`."""
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "<- %s %s failed after %.1fms attempt=%d: %s",
            request.method,
            redactor.url(request.url),
            elapsed * 1000.0,
            attempt,
            redactor.text(error),
        )
