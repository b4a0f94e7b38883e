"""Moments a benchmark waits for, written only when it asks.

When ``COOKIE_INSPECTOR_TIMINGS`` names a file, :func:`mark` appends ``<event> <unix time>``
to it: ``benchmarks/bench_e2e.py`` starts the real program as a subprocess and reads when the
window showed its overview or finished filling its lists. Without the variable it does
nothing, so it costs one dictionary look-up.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

ENVIRONMENT = "COOKIE_INSPECTOR_TIMINGS"


def mark(event: str) -> None:
    """Record that ``event`` happened now (for benchmarks; a no-op otherwise)."""
    target = os.environ.get(ENVIRONMENT)
    if not target:
        return
    try:
        with Path(target).open("a", encoding="utf-8") as handle:
            handle.write(f"{event} {time.time():.6f}\n")
    except OSError:
        pass  # a benchmark's file must never break the program
