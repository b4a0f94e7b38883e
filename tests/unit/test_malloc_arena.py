"""One malloc arena for every thread (inspector.speed.one_malloc_arena), checked in glibc's
own account of its heaps: threads alive at once get an arena each unless it was set."""

from __future__ import annotations

import platform
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from inspector import speed

glibc = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc arenas are glibc's")

PROGRAM = textwrap.dedent(
    """
    import ctypes, sys, threading
    from inspector.speed import one_malloc_arena

    if sys.argv[1] == "one":
        assert one_malloc_arena()
    together = threading.Barrier(4)
    kept = []

    def allocate():
        together.wait()  # alive at the same time: no thread can take over another's arena
        kept.append(bytearray(200_000))  # from malloc, not from Python's small-object pool
        together.wait()

    threads = [threading.Thread(target=allocate) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    libc = ctypes.CDLL(None)
    libc.fopen.restype = ctypes.c_void_p
    libc.fopen.argtypes = (ctypes.c_char_p, ctypes.c_char_p)
    handle = libc.fopen(sys.argv[2].encode(), b"w")
    libc.malloc_info.argtypes = (ctypes.c_int, ctypes.c_void_p)
    libc.malloc_info(0, handle)
    libc.fclose.argtypes = (ctypes.c_void_p,)
    libc.fclose(handle)
    """
)


def heaps(tmp_path: Path, mode: str) -> int:
    report = tmp_path / f"{mode}.xml"
    subprocess.run([sys.executable, "-c", PROGRAM, mode, str(report)], check=True, timeout=60)
    return report.read_text().count("<heap nr=")


@glibc
def test_threads_share_one_arena_once_set(tmp_path: Path) -> None:
    assert heaps(tmp_path, "default") >= 3  # the main thread's and the threads' own
    assert heaps(tmp_path, "one") == 1


def test_nothing_is_set_outside_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(speed.sys, "platform", "darwin")
    assert speed.one_malloc_arena() is False
