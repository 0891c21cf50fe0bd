"""Give memory back to the operating system once a big answer has been sent.

Why: glibc keeps the memory Python frees in its heap, for reuse, and returns little of it. A query
worker that serialised a 100 MB answer held those pages for the rest of its life, and so did the
HTTP process that passed the body on: at 1M triples, after the benchmark's big queries, each
query worker stood at about 430 MB against 40 MB at start. `malloc_trim` hands the free pages of
the heap back. Elsewhere than glibc (musl, macOS) it is not there, and this does nothing.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Callable
from typing import cast

__all__ = ["BIG_ANSWER_BYTES", "release_free_memory", "resident_mb"]

BIG_ANSWER_BYTES = 4 << 20  # answers from this size on are followed by a trim

def _malloc_trim() -> Callable[[int], int] | None:
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return cast(Callable[[int], int], trim)


_TRIM = _malloc_trim()


def release_free_memory() -> bool:
    """Return the heap's free pages to the operating system; True when glibc did it."""
    return bool(_TRIM(0)) if _TRIM is not None else False


def resident_mb() -> float:
    """This process's resident memory in MB (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return 0.0
