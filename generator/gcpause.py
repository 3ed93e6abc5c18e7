"""Cyclic garbage collection paused while the front end builds large, acyclic data.

Why: loading, checking and bundling the 950 KB platform spec allocates a few hundred thousand
dicts, lists and YAML nodes, none of them in a reference cycle. Each burst of allocations
triggers the cyclic collector, whose full collections traverse the whole (growing) heap: about
half of the front end's CPU time. Reference counting still frees everything as usual while the
collector is paused; a cycle made meanwhile is collected after the pause, on the next run.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused"]


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cyclic collector for the block (or the decorated call); nested uses and an
    already paused collector are left as they are, so the state on exit is the state on entry.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
