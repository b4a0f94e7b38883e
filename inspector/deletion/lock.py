"""One deletion or undo at a time per user: a lock file in the data folder.

The lock is an OS lock on ``<data>/deletion.lock`` (``flock`` on Unix, ``msvcrt.locking`` on
Windows), so it goes away with the process that held it, however that process ended; the file
itself only says which process holds it, for the message. Within one process the lock is
re-entrant for the thread that holds it (a deletion first recovers interrupted ones).
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from inspector.deletion.backup import BackupError
from inspector.errors import InspectorError
from inspector.i18n import _
from inspector.paths import AppPaths, check_not_link, check_owner, refuse_link

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class DeletionBusyError(InspectorError):
    """Another deletion or undo of this user is running."""


class _Held:
    def __init__(self) -> None:
        self.guard = threading.Lock()
        self.owner: dict[Path, tuple[int, int, int]] = {}  # path -> (thread, depth, fd)


_held = _Held()


def _try_lock(descriptor: int) -> bool:
    if os.name == "nt":
        import msvcrt

        try:
            os.lseek(descriptor, 0, os.SEEK_SET)
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(descriptor: int) -> str:
    try:
        os.lseek(descriptor, 0, os.SEEK_SET)
        return os.read(descriptor, 32).decode("ascii", "replace").strip()
    except OSError:
        return ""


def _busy(path: Path, holder: str) -> DeletionBusyError:
    if holder.isdigit():
        message = _(
            "Another deletion or undo is running (process {pid}); only one runs at a time."
        ).format(pid=holder)
    else:
        message = _("Another deletion or undo is running; only one runs at a time.")
    return DeletionBusyError(
        message,
        path=path,
        advice=_("Wait for it to finish, then try again. Nothing was changed."),
    )


@contextmanager
def deletion_lock(paths: AppPaths) -> Iterator[None]:
    """Hold this user's deletion lock, or raise :class:`DeletionBusyError` at once."""
    path = paths.lock_file
    me = threading.get_ident()
    with _held.guard:
        held = _held.owner.get(path)
        if held is not None:
            thread, depth, descriptor = held
            if thread != me:
                raise _busy(path, str(os.getpid()))
            _held.owner[path] = (thread, depth + 1, descriptor)
            nested = True
        else:
            nested = False
    if nested:
        try:
            yield
        finally:
            with _held.guard:
                thread, depth, descriptor = _held.owner[path]
                _held.owner[path] = (thread, depth - 1, descriptor)
        return
    try:
        paths.ensure_private(paths.data_dir)
        check_not_link(path)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise refuse_link(path) from None
        raise BackupError(
            _("Cookie Inspector cannot use its data folder {folder} ({reason}).").format(
                folder=paths.data_dir, reason=error.strerror or error
            ),
            path=paths.data_dir,
            advice=_(
                "Check that the folder is writable (or choose another with --home), then try "
                "again. Nothing was changed."
            ),
        ) from None
    try:
        check_owner(path, os.fstat(descriptor))
        if not _try_lock(descriptor):
            raise _busy(path, _holder(descriptor))
        os.ftruncate(descriptor, 0)
        os.lseek(descriptor, 0, os.SEEK_SET)
        os.write(descriptor, f"{os.getpid()}\n".encode("ascii"))
        with _held.guard:
            _held.owner[path] = (me, 1, descriptor)
        try:
            yield
        finally:
            with _held.guard:
                del _held.owner[path]
    finally:
        os.close(descriptor)  # releases the OS lock
