"""Deleting rows from (and restoring rows to) a browser's SQLite cookie database.

Rows are matched by the table's full unique key, in one transaction per store that is held
from the moment the rows are read for the backup until the commit; the count is checked and
the store's integrity verified before committing, and anything unexpected rolls back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from inspector.errors import BrowserRunningError, CorruptStoreError, UnsupportedSchemaError
from inspector.i18n import _
from inspector.model import Cookie, Family, Store
from inspector.stores import chromium, firefox
from inspector.stores.sqlite_errors import translate

TABLES = {Family.CHROMIUM: "cookies", Family.FIREFOX: "moz_cookies"}


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


class SqliteDeletion:
    """One open transaction on one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.table = TABLES[store.family]
        self.connection = _open(store)
        self.rows: list[tuple[Any, ...]] = []
        self.columns: tuple[str, ...] = ()
        self.key: tuple[str, ...] = ()
        self.missing = 0
        self.committed = False
        self._open = True
        try:
            self._begin()
        except BaseException:
            self.close()
            raise

    def _begin(self) -> None:
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise BrowserRunningError(
                    _("{browser} (profile {profile}) is using {path}.").format(
                        browser=self.store.browser, profile=self.store.profile, path=self.store.path
                    ),
                    path=self.store.path,
                    advice=_("Close the browser completely, then try again. Nothing was changed."),
                ) from None
            raise translate(error, self.store.path, self.store.browser) from None
        self._check_schema()

    def _check_schema(self) -> None:
        try:
            if self.store.family is Family.CHROMIUM:
                version = chromium.schema_version(self.connection, self.store.path)
                newest = chromium.NEWEST_KNOWN_VERSION
                columns = {r[1] for r in self.connection.execute("PRAGMA table_info(cookies)")}
                self.key = chromium.unique_key(self.connection, columns)
            else:
                version = firefox.schema_version(self.connection, self.store.path)
                newest = firefox.NEWEST_KNOWN_VERSION
                info = self.connection.execute("PRAGMA table_info(moz_cookies)").fetchall()
                self.key = firefox.unique_key({row[1] for row in info})
        except sqlite3.DatabaseError as error:
            raise translate(error, self.store.path, self.store.browser) from None
        if version > newest:
            raise UnsupportedSchemaError(
                _(
                    "{path} uses cookie schema version {version}, newer than "
                    "Cookie Inspector knows; it will not change a layout it does "
                    "not know."
                ).format(path=self.store.path, version=version),
                path=self.store.path,
                advice=_("Update Cookie Inspector to delete from this store."),
            )
        info = self.connection.execute(f"PRAGMA table_info({_quote(self.table)})").fetchall()
        self.columns = tuple(row[1] for row in info)

    def _where(self) -> str:
        return " AND ".join(f"{_quote(column)} IS ?" for column in self.key)

    def collect(self, cookies: Sequence[Cookie]) -> None:
        """Read every row to delete, with all its columns, for the backup."""
        query = f"SELECT * FROM {_quote(self.table)} WHERE {self._where()}"
        try:
            for cookie in cookies:
                found = self.connection.execute(query, self._key_of(cookie)).fetchall()
                if not found:
                    self.missing += 1  # gone since the scan: nothing to delete
                self.rows.extend(found)
        except sqlite3.DatabaseError as error:
            raise translate(error, self.store.path, self.store.browser) from None

    def _key_of(self, cookie: Cookie) -> tuple[Any, ...]:
        if len(cookie.row_key) != len(self.key):
            raise CorruptStoreError(
                _("{path} changed its layout since it was scanned.").format(path=self.store.path),
                path=self.store.path,
                advice=_("Scan again, then delete again."),
            )
        return tuple(cookie.row_key)

    def apply(self) -> int:
        """Delete the collected rows, check, and commit. Returns how many were deleted."""
        positions = [self.columns.index(column) for column in self.key]
        statement = f"DELETE FROM {_quote(self.table)} WHERE {self._where()}"
        try:
            # one statement run for every row, in SQLite's loop; its row count is the total
            cursor = self.connection.executemany(
                statement, [[row[i] for i in positions] for row in self.rows]
            )
            deleted = max(cursor.rowcount, 0)
            if deleted != len(self.rows):
                raise CorruptStoreError(
                    _(
                        "Deleting from {path} removed {deleted} rows instead of "
                        "{rows}; nothing was changed."
                    ).format(path=self.store.path, deleted=deleted, rows=len(self.rows)),
                    path=self.store.path,
                    advice=_("Scan again and retry."),
                )
            _check_integrity(self.connection, self.store.path)
            self.connection.execute("COMMIT")
            self._open = False
            self.committed = True
            if self.store.family is Family.FIREFOX:
                self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.DatabaseError as error:
            raise translate(error, self.store.path, self.store.browser) from None
        return deleted

    def rollback(self) -> None:
        if self._open:
            try:
                self.connection.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the transaction may already be gone with a failed statement
            self._open = False

    def close(self) -> None:
        self.rollback()
        self.connection.close()


def _open(store: Store) -> sqlite3.Connection:
    if not store.path.is_file():
        raise CorruptStoreError(
            _("{path} is no longer there.").format(path=store.path),
            path=store.path,
            advice=_("Scan again."),
        )
    try:
        return sqlite3.connect(store.path, timeout=1.0, isolation_level=None)
    except sqlite3.Error as error:
        raise translate(error, store.path, store.browser) from None


def _check_integrity(connection: sqlite3.Connection, path: Path) -> None:
    result = connection.execute("PRAGMA integrity_check").fetchone()
    if not result or result[0] != "ok":
        raise CorruptStoreError(
            _("{path} failed its integrity check ({value}).").format(
                path=path, value=result and result[0]
            ),
            path=path,
            advice=_("Nothing was changed. The browser may repair the file when it starts."),
        )


def _key_positions(columns: Sequence[str], key: Sequence[str]) -> list[int] | None:
    if not key or any(column not in columns for column in key):
        return None
    return [list(columns).index(column) for column in key]


def count_present(
    connection: sqlite3.Connection,
    table: str,
    columns: Sequence[str],
    key: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> int:
    """How many of ``rows`` are in the table exactly as they were, every column equal."""
    positions = _key_positions(columns, key)
    if positions is None:
        raise ValueError("the backup does not name the table's key")
    where = " AND ".join(f"{_quote(column)} IS ?" for column in key)
    names = ", ".join(_quote(column) for column in columns)
    query = f"SELECT {names} FROM {_quote(table)} WHERE {where}"
    present = 0
    for row in rows:
        found = connection.execute(query, [row[i] for i in positions]).fetchall()
        if tuple(row) in found:
            present += 1
    return present


def _begin_writing(connection: sqlite3.Connection, store: Store) -> None:
    """Take the store's write lock, or say that the browser holds it."""
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.DatabaseError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise BrowserRunningError(
                _("{browser} is using {path}.").format(browser=store.browser, path=store.path),
                path=store.path,
                advice=_("Close the browser, then try again. Nothing was changed."),
            ) from None
        raise translate(error, store.path, store.browser) from None


def _keys_present(
    connection: sqlite3.Connection, table: str, key: Sequence[str]
) -> set[tuple[Any, ...]]:
    names = ", ".join(_quote(column) for column in key)
    return {tuple(r) for r in connection.execute(f"SELECT {names} FROM {_quote(table)}")}


def restore_rows(
    store: Store,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    key: Sequence[str] = (),
) -> tuple[int, int]:
    """Put rows back exactly, every column (Firefox's ``id`` too, unless the browser has
    given that number to another cookie since); a row whose key exists again (the site set it
    again) is left as it is.

    Returns (restored, already there).
    """
    connection = _open(store)
    try:
        _begin_writing(connection, store)
        info = connection.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
        current = {row[1]: row for row in info}
        usable = [i for i, name in enumerate(columns) if name in current]
        # Firefox's id is only a row number: keep it when it is free, else take a new one
        renumber = "id" in current and current["id"][5] == 1 and "id" in columns
        names = ", ".join(_quote(columns[i]) for i in usable)
        marks = ", ".join("?" for _ in usable)
        keep_id = f"INSERT OR IGNORE INTO {_quote(table)} ({names}) VALUES ({marks})"
        without = [i for i in usable if columns[i] != "id"]
        new_id = (
            f"INSERT OR IGNORE INTO {_quote(table)} "
            f"({', '.join(_quote(columns[i]) for i in without)}) "
            f"VALUES ({', '.join('?' for _ in without)})"
        )
        positions = _key_positions(columns, key)
        existing = _keys_present(connection, table, key) if positions is not None else set()
        restored = 0
        for row in rows:
            if positions is not None:
                row_key = tuple(row[i] for i in positions)
                if row_key in existing:
                    continue  # set again by the site since: left as the browser has it
                existing.add(row_key)
            added = connection.execute(keep_id, [row[i] for i in usable]).rowcount
            if added == 0 and renumber:  # the id belongs to another cookie now
                added = connection.execute(new_id, [row[i] for i in without]).rowcount
            restored += added
        _check_integrity(connection, store.path)
        connection.execute("COMMIT")
        if store.family is Family.FIREFOX:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return restored, len(rows) - restored
    except sqlite3.DatabaseError as error:
        try:
            connection.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        raise translate(error, store.path, store.browser) from None
    except BaseException:
        try:
            connection.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        raise
    finally:
        connection.close()
