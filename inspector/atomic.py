"""Writing a file all or nothing: a temporary file beside it, synced, then renamed over it."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path: Path, data: bytes | Iterable[bytes], *, mode: int | None = None) -> None:
    """Replace ``path`` with ``data``; a crash leaves either the old file or the new one.

    ``data`` may come in pieces (a large report written as it is made): an error while they
    are made also leaves the old file in place.

    ``mode`` sets the permissions (ignored on Windows); by default an existing file keeps its
    own and a new one gets the usual ones for the person's umask.
    """
    import tempfile  # only when writing: every command imports this module, few write

    if mode is None:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~current_umask()
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            if isinstance(data, bytes | bytearray):
                handle.write(data)
            else:
                for piece in data:
                    handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        if os.name != "nt":
            Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable."""
    if os.name == "nt":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
