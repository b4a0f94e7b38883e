"""inspector.report.childpart: the end of a report written by a child process, copied after
this process's part in order; a child that fails, or a file cut short, leaves its part to
this process; a part no longer wanted ends its child."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest

from inspector.report import childpart
from inspector.report.childpart import ChildPart, middle

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="two processes need fork")

PIECES = [b"one", b"", b"two\0three", bytes(range(256)) * 300]


def test_the_pieces_and_the_trailer_come_back_in_order() -> None:
    part = ChildPart(lambda: iter(PIECES), lambda: b"the end")
    try:
        found = part.result()
        assert found is not None
        pieces, trailer = found
        assert list(pieces) == PIECES and trailer == b"the end"
        assert part.child is None  # waited for
    finally:
        part.close()
    assert part.spill.closed


def test_without_a_trailer() -> None:
    part = ChildPart(lambda: iter(PIECES))
    try:
        assert list(part.pieces(lambda: [b"written here"])) == PIECES
    finally:
        part.close()


def failing() -> Iterator[bytes]:
    yield b"half"
    raise RuntimeError("the child fails")


def test_a_child_that_fails_leaves_its_part_to_this_process() -> None:
    part = ChildPart(failing)
    try:
        assert list(part.pieces(lambda: [b"written here"])) == [b"written here"]
    finally:
        part.close()


def test_a_file_cut_short_is_not_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    """A trailer due and missing (the child ended early without an error status), or a
    frame longer than what is left, makes the result None."""
    part = ChildPart(lambda: iter(PIECES), lambda: b"the end")
    try:
        os.waitpid(part.child or 0, 0)
        part.spill.truncate(len(PIECES[0]) + 20)  # inside the third frame
        monkeypatch.setattr(os, "waitpid", lambda pid, options: (pid, 0))
        assert part.result() is None
    finally:
        part.close()


def test_a_part_no_longer_wanted_ends_its_child() -> None:
    def endless() -> Iterator[bytes]:
        while True:
            yield b"x" * 1000

    part = ChildPart(endless)
    child = part.child
    assert child is not None
    part.close()
    with pytest.raises(ChildProcessError):  # killed and waited for: nothing left behind
        os.waitpid(child, os.WNOHANG)
    assert part.spill.closed


@pytest.mark.parametrize(
    ("sizes", "share", "expected"),
    [
        ([10, 10, 10, 10], 0.5, 2),
        ([10, 10, 10, 10], 0.75, 1),
        ([1, 1, 1, 97], 0.5, 4),  # the largest last: all of it here
        ([97, 1, 1, 1], 0.5, 1),  # the first site is always this process's
        ([], 0.5, 0),
    ],
)
def test_where_the_childs_part_starts(sizes: list[int], share: float, expected: int) -> None:
    assert middle(sizes, share) == expected


def test_two_processes_only_where_fork_is_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(childpart.sys, "platform", "linux")
    monkeypatch.setattr(childpart.threading, "active_count", lambda: 1)
    assert childpart.worth_two_processes(childpart.PARALLEL_FROM)
    assert not childpart.worth_two_processes(childpart.PARALLEL_FROM - 1)
    monkeypatch.setattr(childpart.threading, "active_count", lambda: 2)  # a window's threads
    assert not childpart.worth_two_processes(childpart.PARALLEL_FROM)
    monkeypatch.setattr(childpart.threading, "active_count", lambda: 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert not childpart.worth_two_processes(childpart.PARALLEL_FROM)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(childpart.sys, "platform", "darwin")  # fork is not safe there
    assert not childpart.worth_two_processes(childpart.PARALLEL_FROM)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="memfd and /proc are Linux's")
def test_a_large_reports_part_goes_to_a_file_the_system_can_write_out() -> None:
    """Memory (a memfd) up to IN_MEMORY_UP_TO cookies, a file on disk beyond: its pages can
    be written out and taken back; a memory file's stay in memory without swap."""
    small = childpart.spill_file(childpart.IN_MEMORY_UP_TO)
    large = childpart.spill_file(childpart.IN_MEMORY_UP_TO + 1)
    try:
        if hasattr(os, "memfd_create"):
            assert os.readlink(f"/proc/self/fd/{small.fileno()}").startswith("/memfd:")
        assert not os.readlink(f"/proc/self/fd/{large.fileno()}").startswith("/memfd:")
    finally:
        small.close()
        large.close()
