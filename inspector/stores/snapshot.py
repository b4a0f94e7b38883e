"""A private, consistent copy of a live SQLite store, so reading never touches the original.

Opening a browser's database in place is not safe to do quietly: Firefox holds it with an
exclusive lock, a WAL database gets a ``-shm`` file the moment it is opened, and a hot
rollback journal would have to be replayed into the user's file. So every read works on a
copy of the database together with its ``-wal`` and ``-journal`` files, taken while the
files' sizes and modification times stay still.

The copy holds cookie values, so it never outlives its process for long: it lives in a
private temporary folder named after the process (``cookie-inspector-snap-<pid>-…``), removed
when the read ends; a folder whose process has died (killed mid-scan) is removed by the next
process that reads a store (:func:`remove_stale`).
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from inspector.errors import (
    EmptyStoreFileError,
    StoreLockedError,
    StoreMissingError,
    StorePermissionError,
)
from inspector.i18n import N_, _
from inspector.safefile import copy_regular, not_regular, too_large

#: Chromium keeps at most 3,300 cookies per store and Firefox 3,000 by default, a few MB with
#: their write-ahead logs; a bigger file (say a huge sparse one) is damage, and copying it
#: whole into the temporary folder would fill the disk.
MAX_STORE_BYTES = 256 * 1024 * 1024

SIDECARS = ("-wal", "-journal")
_ATTEMPTS = 5
_PREFIX = "cookie-inspector-snap-"
_stale_checked = False


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":
        return True  # cannot be told cheaply; left for its own process to remove
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale(folder: Path | None = None) -> int:
    """Remove the snapshot folders of processes that are gone. Returns how many."""
    global _stale_checked
    _stale_checked = True
    folder = folder or Path(tempfile.gettempdir())
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not entry.name.startswith(_PREFIX):
            continue
        pid_text = entry.name[len(_PREFIX) :].split("-", 1)[0]
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        mine = os.name == "nt" or info.st_uid == os.getuid()
        if not entry.is_dir(follow_symlinks=False) or not mine or not pid_text.isdigit():
            continue
        if int(pid_text) != os.getpid() and not _alive(int(pid_text)):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed += 1
    return removed


def _signature(paths: list[Path]) -> tuple[tuple[int, int] | None, ...]:
    result: list[tuple[int, int] | None] = []
    for path in paths:
        try:
            info = path.stat()
        except FileNotFoundError:
            result.append(None)
        else:
            result.append((info.st_size, info.st_mtime_ns))
    return tuple(result)


def _check_readable(path: Path, what: str) -> None:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise StoreMissingError(
            _("The {what} {path} does not exist.").format(what=_(what), path=path),
            path=path,
            advice=_(
                "The browser or profile may have been removed; scan again to refresh the list."
            ),
        ) from None
    except PermissionError:
        raise _permission_error(path, what) from None
    if not stat.S_ISREG(info.st_mode):
        raise not_regular(path)
    if info.st_size > MAX_STORE_BYTES:
        raise too_large(path, info.st_size, MAX_STORE_BYTES)
    if info.st_size == 0:
        raise EmptyStoreFileError(
            _("The {what} {path} is empty (0 bytes).").format(what=_(what), path=path),
            path=path,
            advice=_(
                "The browser has not saved any cookies there yet, or the "
                "file was cut short; open the browser once and close it, "
                "then scan again."
            ),
        )


def _permission_error(path: Path, what: str) -> StorePermissionError:
    return StorePermissionError(
        _("Permission to read the {what} {path} was refused.").format(what=_(what), path=path),
        path=path,
        advice=_(
            "Check that this file belongs to you. On macOS, Safari's "
            "cookies need Full Disk Access for Cookie Inspector (System "
            "Settings → Privacy & Security)."
        ),
    )


def _copy(source: Path, target: Path, what: str) -> None:
    try:
        copy_regular(source, target, MAX_STORE_BYTES)
    except FileNotFoundError:
        pass  # a sidecar vanished between stat and copy: the signature check catches it
    except PermissionError as error:
        windows_lock = error.errno == errno.EACCES and os.name == "nt"
        if getattr(error, "winerror", None) == 32 or windows_lock:
            raise StoreLockedError(
                _("The {what} {source} is locked by the browser.").format(
                    what=_(what), source=source
                ),
                path=source,
                advice=_("Close the browser and scan again."),
            ) from None
        raise _permission_error(source, what) from None
    except OSError as error:
        if getattr(error, "winerror", None) in (32, 33):
            raise StoreLockedError(
                _("The {what} {source} is locked by the browser.").format(
                    what=_(what), source=source
                ),
                path=source,
                advice=_("Close the browser and scan again."),
            ) from None
        raise


@contextmanager
def sqlite_snapshot(path: Path, what: str = N_("cookie database")) -> Iterator[sqlite3.Connection]:
    """Yield a connection to a private copy of ``path`` with its sidecar files."""
    _check_readable(path, what)
    files = [path, *(path.with_name(path.name + suffix) for suffix in SIDECARS)]
    if not _stale_checked:
        remove_stale()
    with tempfile.TemporaryDirectory(prefix=f"{_PREFIX}{os.getpid()}-") as scratch:
        copy = Path(scratch) / "store.sqlite"
        for _attempt in range(_ATTEMPTS):
            before = _signature(files)
            for source, suffix in zip(files, ("", *SIDECARS), strict=True):
                if source.exists():
                    _copy(source, copy.with_name(copy.name + suffix), what)
            if _signature(files) == before:
                break
            for leftover in Path(scratch).iterdir():
                leftover.unlink()
        else:
            raise StoreLockedError(
                _("The {what} {path} kept changing while it was being read.").format(
                    what=_(what), path=path
                ),
                path=path,
                advice=_("The browser is busy writing cookies; wait a moment and scan again."),
            )
        connection = sqlite3.connect(copy, isolation_level=None)
        try:
            yield connection
        finally:
            connection.close()
