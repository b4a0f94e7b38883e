"""Read the metadata of a Chromium-family ``Cookies`` database (no decryption).

Schema versions are in the ``meta`` table; every version from 5 (Chrome 17, 2011) to 24 is
read. What changed, after Chromium's own migrations in
net/extras/sqlite/sqlite_persistent_cookie_store.cc:

* 5 has_expires, persistent; 6 priority; 7 encrypted_value; 8 firstpartyonly; 9 an index.
  Until 9 the flags are named ``secure``, ``httponly`` and ``persistent`` and the only
  unique column is ``creation_utc``.
* 10 renames them ``is_secure``, ``is_httponly``, ``is_persistent`` and makes
  (host_key, name, path) unique.
* 11 renames ``firstpartyonly`` to ``samesite`` and rewrites 0 (then "no restriction",
  written for every cookie without the attribute) to -1 (unspecified); from 11 on, 0 means
  an explicit ``SameSite=None``.
* 12 source_scheme; 13 source_port, is_same_party; 15 top_frame_site_key (the partition);
  16/17 reorder the unique key; 18 last_update_utc; 20 adds source scheme and port to the
  unique key; 21 drops is_same_party; 22 source_type; 23 has_cross_site_ancestor (in the
  key); 24 prefixes encrypted values with a hash of the host.

Each version's columns are mapped by name (``COLUMN_NAMES``), so one query reads them all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from sys import intern
from typing import Any

from inspector.errors import NotACookieStoreError, UnsupportedSchemaError
from inspector.i18n import _
from inspector.model import Cookie, SameSite, SharedKey, Store
from inspector.stores import rowguard
from inspector.stores.snapshot import sqlite_snapshot
from inspector.stores.sqlite_errors import explained, newer_schema_warning, require_columns
from inspector.timeconv import CHROMIUM_TO_UNIX_US

OLDEST_VERSION = 5
NEWEST_KNOWN_VERSION = 24
HASHED_HOST_VERSION = 24  # encrypted values start with a SHA-256 of the host
SAMESITE_UNSPECIFIED_VERSION = 11  # before it, 0 meant "no attribute"
UNIQUE_NAME_VERSION = 10  # before it, only creation_utc was unique

REQUIRED = ("host_key", "name", "path", "creation_utc", "expires_utc", "is_secure")
# today's column name -> the names it had in older versions, newest first
COLUMN_NAMES = {
    "is_secure": ("is_secure", "secure"),
    "is_httponly": ("is_httponly", "httponly"),
    "is_persistent": ("is_persistent", "persistent"),
    "samesite": ("samesite", "firstpartyonly"),
}
# the identity of a row before version 10: the name triple plus the creation time, which was
# the table's only unique column then
_PRE_10_KEY = ("host_key", "name", "path", "creation_utc")
# a row without these as text cannot be named or found again: it is left out and counted
IDENTITY = rowguard.must_be_text("host_key", "name", "path")
# the unique key of a row, in the order Chromium's own index lists it (present columns only)
KEY_COLUMNS = (
    "host_key",
    "top_frame_site_key",
    "has_cross_site_ancestor",
    "name",
    "path",
    "source_scheme",
    "source_port",
)
_SAMESITE = {-1: SameSite.UNSPECIFIED, 0: SameSite.NONE, 1: SameSite.LAX, 2: SameSite.STRICT}
# firstpartyonly / samesite before version 11: 0 was written for cookies without the attribute
_SAMESITE_BEFORE_11 = {0: SameSite.UNSPECIFIED, 1: SameSite.LAX, 2: SameSite.STRICT}
_OPTIONAL_DEFAULTS = {
    "last_access_utc": "0",
    "is_httponly": "0",
    "samesite": "-1",
    "has_expires": "1",
    "is_persistent": "1",
    "top_frame_site_key": "''",
    "value": "''",
    "encrypted_value": "NULL",
}


def schema_version(connection: sqlite3.Connection, path: Path) -> int:
    """The store's meta version, or a typed error when there is none or it is not known."""
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if "cookies" not in tables:
        raise NotACookieStoreError(
            _("{path} is an SQLite database but has no Chromium cookie table.").format(path=path),
            path=path,
            advice=_(
                "Choose the file named Cookies in a Chromium, Chrome, Edge, "
                "Brave, Opera or Vivaldi profile."
            ),
        )
    if "meta" not in tables:
        raise UnsupportedSchemaError(
            _("{path} has no meta table, so its schema version is unknown.").format(path=path),
            path=path,
            advice=_("The file may come from a very old browser; open it with a current one."),
        )
    row = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    try:
        version = int(row[0]) if row else -1
    except (TypeError, ValueError):
        version = -1
    if version < OLDEST_VERSION:
        raise UnsupportedSchemaError(
            _(
                "{path} uses cookie schema version {version}, which Cookie Inspector does not know."
            ).format(path=path, version=row[0] if row else "none"),
            path=path,
            advice=_("Open the browser once so that it upgrades the file, then scan again."),
        )
    return version


def unique_key(connection: sqlite3.Connection, columns: set[str]) -> tuple[str, ...]:
    """The columns of the table's unique index: the identity Chromium itself deletes by.

    Before version 10 no index covers the name triple; the creation time (then the primary
    key) is added to it so that two rows never share an identity.
    """
    for _seq, name, unique, *_rest in connection.execute("PRAGMA index_list(cookies)"):
        if unique:
            info = connection.execute(f"PRAGMA index_info({_quote(name)})").fetchall()
            key = tuple(row[2] for row in info)
            if key and "host_key" in key and "name" in key:
                return key
    if not any(name in columns for name in ("is_secure", "top_frame_site_key")):
        return _PRE_10_KEY
    return tuple(name for name in KEY_COLUMNS if name in columns)


def column_map(columns: set[str]) -> dict[str, str]:
    """Today's column name -> the name this store's version gives it (where it has one)."""
    mapping = {name: name for name in columns}
    for current, names in COLUMN_NAMES.items():
        present = next((name for name in names if name in columns), None)
        if present is not None:
            mapping[current] = present
    return mapping


def same_site_table(version: int, mapping: dict[str, str]) -> dict[int, SameSite]:
    """How this version's SameSite numbers read (see the module docstring)."""
    old = version < SAMESITE_UNSPECIFIED_VERSION or mapping.get("samesite") == "firstpartyonly"
    return _SAMESITE_BEFORE_11 if old else _SAMESITE


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _columns(connection: sqlite3.Connection) -> set[str]:
    return {row[1] for row in connection.execute("PRAGMA table_info(cookies)")}


def _select(
    columns: set[str], key: tuple[str, ...], path: Path, version: int
) -> tuple[str, Callable[[tuple[Any, ...]], SharedKey]]:
    """One query that does the unit conversions in SQLite, where they cost nothing."""
    mapping = column_map(columns)
    require_columns(set(mapping), REQUIRED, path, version)

    def column(name: str) -> str:
        return _quote(mapping[name]) if name in mapping else _OPTIONAL_DEFAULTS[name]

    offset = CHROMIUM_TO_UNIX_US
    persistent = f"({column('is_persistent')} AND {column('has_expires')})"
    parts = [
        "host_key",
        "name",
        "path",
        rowguard.time_us("creation_utc", offset=offset),
        f"CASE WHEN {persistent} THEN {rowguard.time_us('expires_utc', offset=offset)} END",
        rowguard.time_us(column("last_access_utc"), offset=offset),
        column("is_secure"),
        column("is_httponly"),
        column("samesite"),
        rowguard.text(column("top_frame_site_key")),
        # the value in the same pass: clear text as bytes (a value that is not valid UTF-8
        # must not stop the read), else the encrypted bytes
        f"CASE WHEN {column('value')} <> '' OR {column('encrypted_value')} IS NULL OR "
        f"length({column('encrypted_value')}) = 0 THEN CAST({column('value')} AS BLOB) END",
        # (bytes whatever a damaged row holds: a number there must not reach the decryptor)
        f"CASE WHEN {column('value')} = '' THEN CAST({column('encrypted_value')} AS BLOB) END",
    ]
    # host_key, name and path are the cookie's host, name and path as they are
    extra, key_of = rowguard.shared_key_columns(parts, key, {0: 0, 1: 1, 2: 2})
    query = f"SELECT {', '.join(parts + extra)} FROM cookies WHERE {rowguard.readable(IDENTITY)}"
    return query, key_of


def read(store: Store) -> tuple[list[Cookie], list[str]]:
    """Every cookie row of the store, and warnings about the file."""
    cookies, warnings, _rows = read_first(store, None)
    return cookies, warnings


def read_first(store: Store, limit: int | None) -> tuple[list[Cookie], list[str], int | None]:
    """The store's first ``limit`` readable rows (every row: None), warnings, and how many
    rows the store holds when there were more than ``limit`` (None: these are all of them,
    exactly what :func:`read` gives)."""
    with sqlite_snapshot(store.path) as connection, explained(store.path, store.browser):
        version = schema_version(connection, store.path)
        warnings = []
        if version > NEWEST_KNOWN_VERSION:
            warnings.append(newer_schema_warning(version, NEWEST_KNOWN_VERSION))
        columns = _columns(connection)
        key = unique_key(connection, columns)
        query, key_of = _select(columns, key, store.path, version)
        samesite = same_site_table(version, column_map(columns))
        hashed_host = version >= HASHED_HOST_VERSION
        query, more = rowguard.first_rows(connection, query, "cookies", IDENTITY, limit)
        cookies, problems = rowguard.fetch(
            connection,
            query,
            lambda rows: _cookies(rows, store, samesite, hashed_host, key_of),
            10,
        )
        if more is None:
            problems += rowguard.skipped_warnings(connection, "cookies", IDENTITY, len(cookies))
    return cookies, warnings + problems, more


def _cookies(
    rows: Iterable[tuple[Any, ...]],
    store: Store,
    samesite: dict[int, SameSite],
    hashed_host: bool,
    key_of: Callable[[tuple[Any, ...]], SharedKey],
) -> Iterator[Cookie]:
    unspecified = SameSite.UNSPECIFIED
    for row in rows:
        (
            host,
            name,
            path,
            created,
            expires,
            accessed,
            secure,
            http_only,
            same_site,
            partition,
            clear,
            encrypted,
            *_key,
        ) = row
        yield Cookie(
            store,
            # one string per host and per name, shared with every cookie and fact alike
            intern(host),
            intern(name),
            path,
            created,
            expires,
            accessed,
            bool(secure),
            bool(http_only),
            samesite.get(same_site, unspecified),
            partition or None,
            key_of(row),
            stored_value=clear
            if clear is not None
            else ((encrypted, hashed_host) if encrypted is not None else b""),
        )
