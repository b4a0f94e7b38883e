"""Small helpers for the hot paths."""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn


@contextmanager
def collection_paused(*, resume: bool = True) -> Iterator[None]:
    """Creating many thousand small objects would start the cyclic garbage collector again
    and again for nothing: none of them form cycles.

    Only the main thread switches the collector: it is one switch for the whole process, and
    the window owns it while it runs (``inspector.gui.collector``); a worker thread turning
    it back on would let collections run there.

    ``resume=False`` leaves the collector off afterwards, for a process about to end: the
    first collection after the pause walks every object made during it (0.14 s after a
    report of 100,000 cookies), for nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled and resume:
            gc.enable()


# what commands made, kept to the end of the process (None: not asked for, see exit_program)
_kept: list[object] | None = None


def ending_quickly() -> bool:
    """Whether the process ends by :func:`exit_program` once the command is done."""
    return _kept is not None


def arm_quick_exit() -> None:
    """Let :func:`exit_program` end the process without freeing what commands kept (called
    by the program's entry point only: a test calling ``main`` keeps nothing)."""
    global _kept
    _kept = []


def keep_until_exit(*objects: object) -> None:
    """Keep a command's results (an analysis, a report) alive until the process ends, where
    :func:`exit_program` ends it without freeing them one object at a time (about 0.1 s
    for the analysis of 100,000 cookies); nothing when not armed."""
    if _kept is not None:
        _kept.extend(objects)


def exit_program(code: int) -> NoReturn:
    """End the process with ``code``: the usual way, unless a command kept its results, in
    which case the output is flushed and logging shut down, then the process ends at once
    (``os._exit``) instead of freeing those results first. Output that cannot be written
    then (a full disk) is said on standard error, and the status is an error (the command's
    own, or 1); a reader gone away (a closed pipe) ends quietly, as the command itself
    does."""
    if not _kept:
        raise SystemExit(code)
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except BrokenPipeError:
        pass
    except (OSError, ValueError) as error:
        try:
            os.write(2, f"cookie-inspector: the output could not be written ({error}).\n".encode())
        except OSError:
            pass
        code = code or 1
    logging.shutdown()
    os._exit(code)


_M_ARENA_MAX = -8  # glibc's <malloc.h>


def one_malloc_arena() -> bool:
    """On glibc, let every thread allocate from one malloc arena; True when it was set.

    glibc gives each thread that allocates its own arena (up to eight per core): the window
    reads and classifies a store on a job's thread, and what that thread freed stayed in its
    arena, where the GUI thread's later allocations could not reuse it. One arena measured
    7–10 MB less at the window's peak with 100,000 cookies, at no cost in time (Python's own
    lock already lets one thread run at a time). Call it before threads start; elsewhere
    (macOS, Windows, musl) it does nothing."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_ARENA_MAX, 1))
