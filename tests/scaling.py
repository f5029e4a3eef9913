"""Linear-time checks that hold on a busy machine: CPU time, not the clock, and a
ratio between two sizes of one input, not a number of milliseconds.

A linear algorithm takes about 4x the time on 4x the input and a quadratic one
16x, so `growth(...) <= 8` tells them apart whatever the machine's speed.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


def cpu_seconds(call: Callable[[], object], rounds: int = 3) -> float:
    """The least CPU time of `rounds` calls (other processes only add wall time),
    with the garbage collector held off, so that a full collection of what the
    tests before left behind does not land inside one of the timed calls."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(rounds):
            start = time.process_time()
            call()
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return best


def growth[T](
    make: Callable[[int], T],
    run: Callable[[T], object],
    size: int,
    factor: int = 4,
) -> float:
    """CPU time on make(size * factor) over CPU time on make(size)."""
    small, large = make(size), make(size * factor)
    run(small)  # warm imports and caches that do not depend on the input
    return cpu_seconds(lambda: run(large)) / max(cpu_seconds(lambda: run(small)), 1e-4)
