"""Files derived from others and kept between runs, in ``<data folder>/cache``.

Each holds plain data written with ``marshal`` (never pickle: marshal cannot run code when
it is read) under a key naming everything it was derived from; a file whose key differs, or
that cannot be read, is ignored and the data is derived again. Only the person's own
private folder is used (inspector.paths): a link planted in its place is refused, both when
reading and when writing.

The key is cheap to compute, so that checking it does not cost what the file saves:

- the program's own files (bundled resources, the modules that derive the data) are
  identified by path, size, modification time (nanoseconds) and inode, not read. They
  change only when the program is installed again — which writes new files, with new
  times and inodes — or, in a development checkout, when someone edits them, which
  updates the time;
- a file modified too recently to be told apart from its next version by those facts
  (file times are only as fine as the system's clock tick, two seconds on FAT) makes the key
  *unsettled*: it is still used to read, never to write. Whatever is derived then is not
  kept, so a second edit within the same tick can never be hidden behind the first one's
  file ("racy" timestamps, as Git calls them);
- the person's own files (their catalogue overlay and imports) are small and can be edited
  at any time: they are read and hashed whole.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from inspector import __version__
from inspector.paths import (
    UnsafePathError,
    check_not_link,
    private_folder,
    read_private,
    write_private,
)

#: a file modified less than this long before the key was made is not trusted by its stat
SETTLE_NS = 3_000_000_000


class Key(NamedTuple):
    digest: str
    settled: bool  # whether data derived under this key may be written


def folder(data_dir: Path) -> Path:
    return data_dir / "cache"


def make_key(parts: Iterable[str], files: Iterable[Any] = (), contents: Iterable[Path] = ()) -> Key:
    """The key of data derived from ``files`` (identified by their stat: the program's
    own), ``contents`` (read whole: the person's) and ``parts`` (versions, formats). The
    program and Python versions are always part of it (marshal's format is Python's)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (__version__, sys.version, *parts):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    settled = True
    oldest_trusted = time.time_ns() - SETTLE_NS
    for file in files:
        digest.update(str(file).encode("utf-8", "surrogateescape") + b"\0")
        try:
            info = Path(str(file)).stat()
        except OSError:
            digest.update(b"-\0")
            continue
        if info.st_mtime_ns > oldest_trusted:
            settled = False
        facts = (info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev)
        digest.update(repr(facts).encode("ascii") + b"\0")
    for path in contents:
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"-")
        digest.update(b"\0")
    return Key(digest.hexdigest(), settled)


def read(data_dir: Path, name: str, key: Key) -> Any:
    """The data kept under ``name`` for ``key``; None when there is none, it was kept for
    another key, or the file cannot be read."""
    path = folder(data_dir) / name
    try:
        check_not_link(path.parent)
        saved = marshal.loads(read_private(path))
    except (OSError, EOFError, ValueError, TypeError, UnsafePathError):
        return None
    if not isinstance(saved, tuple) or len(saved) != 2 or saved[0] != key.digest:
        return None
    return saved[1]


def write(data_dir: Path, name: str, key: Key, data: Any) -> None:
    """Keep ``data`` under ``name`` for ``key`` (best effort: a failure to write only costs
    the next run its head start; an unsettled key is not written at all)."""
    if not key.settled:
        return
    try:
        encoded = marshal.dumps((key.digest, data))
        target = folder(data_dir) / name
        # Our own private folders and file, refusing links planted by someone else.
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        for place in (data_dir, target.parent):
            private_folder(place)
        write_private(target, encoded)
    except (OSError, ValueError, UnsafePathError):
        pass


def source_files(*names: str) -> list[Path]:
    """The program's own source files, by their path under the ``inspector`` package
    (``"classify.py"``, ``"catalogue/loader.py"``), whether or not they were imported yet. In
    a frozen build there are none to find: the program version stands for them."""
    import inspector

    root = Path(inspector.__file__).parent
    return [root / name for name in names]
