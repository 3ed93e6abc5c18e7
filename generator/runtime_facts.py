"""Facts about the runtime that generated code prints, read from the runtime's source.

The runtime imports httpx (~0.25 s with its optional CLI dependencies), which generating a
package never needs; these values are read from the very files that are copied into the package
(`ast`, a few milliseconds), so they cannot drift from what the package runs.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

RUNTIME_DIR = Path(__file__).parent / "runtime"


@cache
def _module(name: str) -> ast.Module:
    return ast.parse((RUNTIME_DIR / name).read_text(encoding="utf-8"), name)


@cache
def status_error_names() -> dict[int, str]:
    """`errors._STATUS_ERRORS` as status -> class name (`{404: "NotFoundError", ...}`)."""
    for node in _module("errors.py").body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == "_STATUS_ERRORS"
            and isinstance(node.value, ast.Dict)
        ):
            return {
                ast.literal_eval(key): value.id
                for key, value in zip(node.value.keys, node.value.values, strict=True)
                if key is not None and isinstance(value, ast.Name)
            }
    raise LookupError("runtime/errors.py has no _STATUS_ERRORS table")


def default_max_retries() -> int:
    """The default of `retries.RetryPolicy.max_retries`."""
    for node in _module("retries.py").body:
        if isinstance(node, ast.ClassDef) and node.name == "RetryPolicy":
            for item in node.body:
                if (  # a dataclass field: `max_retries: int = 2`
                    isinstance(item, ast.AnnAssign)
                    and isinstance(item.target, ast.Name)
                    and item.target.id == "max_retries"
                    and item.value is not None
                ):
                    value = ast.literal_eval(item.value)
                    if isinstance(value, int):
                        return value
                if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                    arguments = item.args  # a keyword default: `def __init__(..., max_retries=2)`
                    named = arguments.kwonlyargs + arguments.args[-len(arguments.defaults) or 0 :]
                    defaults = [*arguments.kw_defaults, *arguments.defaults]
                    for argument, default in zip(named, defaults, strict=False):
                        if argument.arg == "max_retries" and default is not None:
                            value = ast.literal_eval(default)
                            if isinstance(value, int):
                                return value
    raise LookupError("runtime/retries.py has no RetryPolicy.max_retries default")
