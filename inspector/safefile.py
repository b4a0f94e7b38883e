"""Open only regular files, never block, never read more than a bound.

Anything in a profile folder can be something other than a file: a FIFO named ``Cookies`` or
``Local State`` makes a plain ``open()`` wait forever for a writer, and a device or a huge
sparse file makes a plain ``read()`` endless. Every file this program reads from a browser's
folders goes through here: opened with ``O_NONBLOCK`` (so opening a FIFO returns at once),
checked with ``fstat`` on the open descriptor (so nothing can be swapped in between the check
and the read), refused unless it is a regular file, and read up to a limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from inspector.errors import StoreFormatError
from inspector.i18n import _

_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
#: No file a browser keeps beside its cookies (Local State, profiles.ini, a session store)
#: comes near this; a bigger one is damage or a trap, not data.
SMALL_FILE_LIMIT = 64 * 1024 * 1024


class NotRegularFileError(StoreFormatError):
    """The path names a FIFO, a device, a socket or a folder where a file was expected."""


class FileTooLargeError(StoreFormatError):
    """The file is far larger than any real file of its kind."""


def not_regular(path: Path) -> NotRegularFileError:
    return NotRegularFileError(
        _(
            "{path} is not a regular file (it is a pipe, a device or a folder), so it was not read."
        ).format(path=path),
        path=path,
        advice=_("Remove or rename it; the browser recreates its own files."),
    )


def too_large(path: Path, size: int, limit: int) -> FileTooLargeError:
    return FileTooLargeError(
        _(
            "{path} is {size} MB, far larger than such a file can be (at most {limit} MB is "
            "read), so it was not read."
        ).format(path=path, size=size // (1024 * 1024), limit=limit // (1024 * 1024)),
        path=path,
        advice=_(
            "The file is damaged or was not written by a browser. Move it away; the browser "
            "recreates it."
        ),
    )


def open_regular(path: Path | str) -> int:
    """A read-only descriptor of ``path``, which must be a regular file (symlinks followed).

    Raises ``NotRegularFileError`` for anything else and ``OSError`` as ``os.open`` does.
    """
    descriptor = os.open(path, _FLAGS)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise not_regular(Path(path))
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def is_regular_file(path: Path) -> bool:
    """True for a regular file (following symlinks) without opening it.

    Like ``Path.is_file`` but a missing path or one in a folder this user cannot enter is
    simply not a file: callers that must report unreadable folders check the folder first.
    """
    try:
        return stat.S_ISREG(Path(path).stat().st_mode)
    except (OSError, ValueError):
        return False


def read_regular(path: Path | str, limit: int = SMALL_FILE_LIMIT) -> bytes:
    """The whole content of a regular file of at most ``limit`` bytes."""
    descriptor = open_regular(path)
    with os.fdopen(descriptor, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise too_large(Path(path), size, limit)
        data = handle.read(limit + 1)
    if len(data) > limit:  # grew while being read
        raise too_large(Path(path), len(data), limit)
    return data


def read_head(path: Path | str, length: int) -> bytes:
    """The first ``length`` bytes of a regular file; b"" for anything that cannot be read."""
    try:
        descriptor = open_regular(path)
    except (OSError, StoreFormatError):
        return b""
    with os.fdopen(descriptor, "rb") as handle:
        try:
            return handle.read(length)
        except OSError:
            return b""


def copy_regular(source: Path, target: Path, limit: int) -> None:
    """Copy a regular file of at most ``limit`` bytes to ``target`` (created, owner-only)."""
    descriptor = open_regular(source)
    with os.fdopen(descriptor, "rb") as reader:
        size = os.fstat(reader.fileno()).st_size
        if size > limit:
            raise too_large(source, size, limit)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(target, flags, 0o600), "wb") as writer:
            copied = 0
            while chunk := reader.read(1024 * 1024):
                copied += len(chunk)
                if copied > limit:
                    raise too_large(source, copied, limit)
                writer.write(chunk)
