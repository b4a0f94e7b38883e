"""Turn SQLite's exceptions into the program's typed, explained errors."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from inspector.errors import (
    CorruptStoreError,
    NotACookieStoreError,
    StoreError,
    StoreLockedError,
    StorePermissionError,
    UnsupportedSchemaError,
)
from inspector.i18n import _
from inspector.safefile import read_head


@contextmanager
def explained(path: Path, browser: str) -> Iterator[None]:
    """Translate sqlite3 errors raised inside the block into StoreError subclasses."""
    try:
        yield
    except sqlite3.DatabaseError as error:
        raise translate(error, path, browser) from error


def _has_sqlite_magic(path: Path) -> bool:
    return read_head(path, 16) == b"SQLite format 3\x00"


def translate(error: sqlite3.Error, path: Path, browser: str) -> StoreError:
    text = str(error).lower()
    if ("not a database" in text or "file is encrypted" in text) and not _has_sqlite_magic(path):
        return NotACookieStoreError(
            _("{path} is not an SQLite database, so it cannot be {browser}'s cookie store.").format(
                path=path, browser=browser
            ),
            path=path,
            advice=_(
                "Choose the browser's cookie file (Cookies or "
                "cookies.sqlite) or its profile folder."
            ),
        )
    if "locked" in text or "busy" in text:
        return StoreLockedError(
            _("{path} is locked by another program.").format(path=path),
            path=path,
            advice=_("Close {browser} and scan again.").format(browser=browser),
        )
    if "readonly" in text or "read-only" in text:
        return StorePermissionError(
            _("{path} cannot be written: it is read-only ({error}).").format(
                path=path, error=error
            ),
            path=path,
            advice=_(
                "Check that the file and its folder belong to you and are writable; "
                "nothing was changed."
            ),
        )
    return CorruptStoreError(
        _("{path} is damaged or cut short ({error}).").format(path=path, error=error),
        path=path,
        advice=_(
            "{browser} usually repairs or recreates it when it starts; "
            "open and close {browser}, then scan again. Other stores are "
            "not affected."
        ).format(browser=browser),
    )


def newer_schema_warning(version: int, newest: int) -> str:
    """What to say about a store written by a newer browser than this program knows."""
    return (
        f"Schema version {version} is newer than the versions Cookie Inspector knows "
        f"(up to {newest}); cookies are listed, but deleting from this store is disabled "
        "until Cookie Inspector is updated."
    )


def require_columns(columns: set[str], required: Iterable[str], path: Path, version: int) -> None:
    """A typed error when the cookie table lacks columns the reader needs."""
    missing = [name for name in required if name not in columns]
    if missing:
        raise UnsupportedSchemaError(
            _("{path} (schema version {version}) lacks the columns {missing}.").format(
                path=path, version=version, missing=", ".join(missing)
            ),
            path=path,
            advice=_("This is not a layout Cookie Inspector knows; update Cookie Inspector."),
        )
