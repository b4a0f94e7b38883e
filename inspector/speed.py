"""Small helpers for the hot paths."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Creating many thousand small objects would start the cyclic garbage collector again
    and again for nothing: none of them form cycles.

    Only the main thread switches the collector: it is one switch for the whole process, and
    the window owns it while it runs (``inspector.gui.collector``); a worker thread turning
    it back on would let collections run there."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
