"""The end of a large report written by a second process while this one writes its start.

Reports are written in order, piece by piece; on a 2-core machine the last part of a large
one can be made at the same time by a child process (``fork``: it shares what this process
built, with nothing to send it). The child writes its pieces, then an optional trailer (what
this process must know to finish, such as the HTML report's notes), into a private file in
memory (:func:`spill_file`); this process writes its own part, waits for the child, and
copies the child's pieces after it. A child that fails costs nothing but time: its part is
then written here.

Only where ``fork`` is safe — Linux, and no other thread in the process (the command line,
never the window) — with two cores, and for reports large enough to gain from it
(:func:`worth_two_processes`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import struct
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

PARALLEL_FROM = 20_000  # cookies: below this, a second process costs more than it saves

_FRAME = struct.Struct("<cQ")  # what follows (b"P" a piece, b"T" the trailer) and its length


def worth_two_processes(cookies: int) -> bool:
    """Where ``fork`` is safe (Linux, no other thread) and two cores are there."""
    return (
        cookies >= PARALLEL_FROM
        and sys.platform.startswith("linux")
        and (os.cpu_count() or 1) >= 2
        and threading.active_count() == 1
    )


def middle(sizes: Iterable[int], share: float) -> int:
    """Where the child's part starts: the first index after which at least ``1 - share`` of
    the total of ``sizes`` is left to this process (never 0: this process writes at least
    the first)."""
    sizes = list(sizes)
    total, counted = sum(sizes), 0
    for index, size in enumerate(sizes):
        counted += size
        if counted >= total * (1 - share):
            return index + 1
    return len(sizes)


IN_MEMORY_UP_TO = 150_000  # cookies: about 200 MB of a JSON report's part at most


def spill_file(cookies: int = 0) -> BinaryIO:
    """Where the child writes its part of a report of ``cookies`` cookies: memory where
    Linux offers it (``memfd_create``: 120 MB of a report's cookies took the child 0.28 s to
    write to a file on ext4, 0.06 s to memory), up to :data:`IN_MEMORY_UP_TO` cookies; else,
    and for larger reports, a private temporary file, whose pages the system can write out
    and take back when memory runs short (a memory file's stay in memory without swap)."""
    create = getattr(os, "memfd_create", None)
    if create is not None and cookies <= IN_MEMORY_UP_TO:
        try:
            return os.fdopen(create("cookie-inspector-part", os.MFD_CLOEXEC), "w+b")
        except OSError:
            pass
    return tempfile.TemporaryFile(prefix="cookie-inspector-")


class ChildPart:
    """A child process writing ``pieces()`` (then ``trailer()``, when given) into a private
    file (:func:`spill_file`, for a report of ``cookies`` cookies), started at once.
    :meth:`result` waits for it and gives its pieces and trailer, or None if it failed;
    :meth:`close` ends it if its part is not wanted any more (a report abandoned half-way)
    and removes its file."""

    def __init__(
        self,
        pieces: Callable[[], Iterable[bytes]],
        trailer: Callable[[], bytes] | None = None,
        *,
        cookies: int = 0,
    ) -> None:
        # closed by close(), which the report's writer calls however it ends
        self.spill = spill_file(cookies)
        self.child: int | None = os.fork()
        if self.child == 0:  # pragma: no cover - runs in the child, checked by what it writes
            code = 1
            try:
                write = self.spill.write
                for piece in pieces():
                    write(_FRAME.pack(b"P", len(piece)) + piece)
                if trailer is not None:
                    end = trailer()
                    write(_FRAME.pack(b"T", len(end)) + end)
                self.spill.flush()
                code = 0
            finally:
                os._exit(code)
        self._trailer = trailer is not None

    def result(self) -> tuple[Iterator[bytes], bytes] | None:
        """Once the child has ended: its pieces, read one at a time, and its trailer (empty
        without one); None when it failed or its file is not whole."""
        assert self.child is not None, "the child's result is taken once"
        _pid, status = os.waitpid(self.child, 0)
        self.child = None
        if os.waitstatus_to_exitcode(status) != 0:
            return None
        found = self._frames()
        if found is None:
            return None
        where, trailer = found
        return self._read(where), trailer

    def pieces(self, fallback: Callable[[], Iterable[bytes]]) -> Iterator[bytes]:
        """The child's pieces (for a child without trailer), or ``fallback()`` written here
        when it failed."""
        found = self.result()
        if found is None:
            yield from fallback()
            return
        yield from found[0]

    def close(self) -> None:
        if self.child is not None:
            with contextlib.suppress(OSError):
                os.kill(self.child, signal.SIGKILL)
                os.waitpid(self.child, 0)
            self.child = None
        self.spill.close()

    def _read(self, where: list[tuple[int, int]]) -> Iterator[bytes]:
        spill = self.spill
        for start, length in where:
            spill.seek(start)
            yield spill.read(length)

    def _frames(self) -> tuple[list[tuple[int, int]], bytes] | None:
        """Where each piece is in the file, and the trailer; None when the file is not
        whole (a trailer was due and is missing, or a frame is cut)."""
        spill = self.spill
        spill.seek(0, os.SEEK_END)
        end = spill.tell()
        spill.seek(0)
        where: list[tuple[int, int]] = []
        while spill.tell() < end:
            head = spill.read(_FRAME.size)
            if len(head) < _FRAME.size:
                return None
            kind, length = _FRAME.unpack(head)
            start = spill.tell()
            if start + length > end:
                return None
            if kind == b"T":
                return where, spill.read(length)
            where.append((start, length))
            spill.seek(start + length)
        return None if self._trailer else (where, b"")
