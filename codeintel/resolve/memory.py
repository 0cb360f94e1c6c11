"""Pause the cyclic garbage collector while resolution builds its large, long-lived structures."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Resolution allocates millions of small sets, lists and closures that all live until it ends;
    the collector's full passes over them find nothing to free and cost more than the work itself
    (on the stdlib: 34 s of resolution with the collector, 21 s without). Nests; restores the
    previous state."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
