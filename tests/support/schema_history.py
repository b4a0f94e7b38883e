"""Every on-disk schema version of Chromium's ``Cookies`` and Firefox's ``cookies.sqlite``,
built in code, for tests and benchmarks.

The layouts follow the browsers' own migrations: Chromium's
net/extras/sqlite/sqlite_persistent_cookie_store.cc (versions 5-24; the migrations from 5 to
14 were in the same file until Chromium removed them, see the version list at its top) and
Firefox's netwerk/cookie/CookiePersistentStorage.cpp (formerly nsCookieService.cpp,
versions 1-17). Where a migration only changed data (Chromium 14 and 19, Firefox 14 and 16)
the layout is the previous one; ``insert_*`` writes the data as that version would have.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

from tests.support.storefactory import NOW, FakeCookie, chromium_time

CHROMIUM_VERSIONS = tuple(range(5, 25))
FIREFOX_VERSIONS = tuple(range(1, 18))

_META = "CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);"


def _chromium_columns(version: int) -> list[str]:
    """The cookies table's column definitions in one Chromium schema version."""
    if version < 10:
        return _chromium_columns_5_to_9(version)
    if version < 15:
        return _chromium_columns_10_to_14(version)
    if version < 17:  # 15 and 16: partition key first in a UNIQUE constraint, defaults kept
        return list(_CHROMIUM_COLUMNS_15_16)
    return _chromium_columns_from_17(version)


def _chromium_columns_5_to_9(version: int) -> list[str]:
    columns = [
        "creation_utc INTEGER NOT NULL UNIQUE PRIMARY KEY",
        "host_key TEXT NOT NULL",
        "name TEXT NOT NULL",
        "value TEXT NOT NULL",
        "path TEXT NOT NULL",
        "expires_utc INTEGER NOT NULL",
        "secure INTEGER NOT NULL",
        "httponly INTEGER NOT NULL",
        "last_access_utc INTEGER NOT NULL",
        "has_expires INTEGER NOT NULL DEFAULT 1",
        "persistent INTEGER NOT NULL DEFAULT 1",
    ]
    if version >= 6:
        columns.append("priority INTEGER NOT NULL DEFAULT 1")
    if version >= 7:
        columns.append("encrypted_value BLOB DEFAULT ''")
    if version >= 8:
        columns.append("firstpartyonly INTEGER NOT NULL DEFAULT 0")
    return columns


def _chromium_columns_10_to_14(version: int) -> list[str]:
    columns = [
        "creation_utc INTEGER NOT NULL",
        "host_key TEXT NOT NULL",
        "name TEXT NOT NULL",
        "value TEXT NOT NULL",
        "path TEXT NOT NULL",
        "expires_utc INTEGER NOT NULL",
        "is_secure INTEGER NOT NULL",
        "is_httponly INTEGER NOT NULL",
        "last_access_utc INTEGER NOT NULL",
        "has_expires INTEGER NOT NULL DEFAULT 1",
        "is_persistent INTEGER NOT NULL DEFAULT 1",
        "priority INTEGER NOT NULL DEFAULT 1",
        "encrypted_value BLOB DEFAULT ''",
        "firstpartyonly INTEGER NOT NULL DEFAULT 0"
        if version == 10
        else "samesite INTEGER NOT NULL DEFAULT -1",
    ]
    if version >= 12:
        columns.append("source_scheme INTEGER NOT NULL DEFAULT 0")
    if version >= 13:
        columns += [
            "source_port INTEGER NOT NULL DEFAULT -1",
            "is_same_party INTEGER NOT NULL DEFAULT 0",
        ]
    columns.append("UNIQUE (host_key, name, path)")
    return columns


_CHROMIUM_COLUMNS_15_16 = (
    "creation_utc INTEGER NOT NULL",
    "top_frame_site_key TEXT NOT NULL",
    "host_key TEXT NOT NULL",
    "name TEXT NOT NULL",
    "value TEXT NOT NULL",
    "encrypted_value BLOB DEFAULT ''",
    "path TEXT NOT NULL",
    "expires_utc INTEGER NOT NULL",
    "is_secure INTEGER NOT NULL",
    "is_httponly INTEGER NOT NULL",
    "last_access_utc INTEGER NOT NULL",
    "has_expires INTEGER NOT NULL DEFAULT 1",
    "is_persistent INTEGER NOT NULL DEFAULT 1",
    "priority INTEGER NOT NULL DEFAULT 1",
    "samesite INTEGER NOT NULL DEFAULT -1",
    "source_scheme INTEGER NOT NULL DEFAULT 0",
    "source_port INTEGER NOT NULL DEFAULT -1",
    "is_same_party INTEGER NOT NULL DEFAULT 0",
    "UNIQUE (top_frame_site_key, host_key, name, path)",
)


def _chromium_columns_from_17(version: int) -> list[str]:
    columns = [
        "creation_utc INTEGER NOT NULL",
        "host_key TEXT NOT NULL",
        "top_frame_site_key TEXT NOT NULL",
        "name TEXT NOT NULL",
        "value TEXT NOT NULL",
        "encrypted_value BLOB NOT NULL",
        "path TEXT NOT NULL",
        "expires_utc INTEGER NOT NULL",
        "is_secure INTEGER NOT NULL",
        "is_httponly INTEGER NOT NULL",
        "last_access_utc INTEGER NOT NULL",
        "has_expires INTEGER NOT NULL",
        "is_persistent INTEGER NOT NULL",
        "priority INTEGER NOT NULL",
        "samesite INTEGER NOT NULL",
        "source_scheme INTEGER NOT NULL",
        "source_port INTEGER NOT NULL",
    ]
    if version < 21:
        columns.append("is_same_party INTEGER NOT NULL")
    if version >= 18:
        columns.append("last_update_utc INTEGER NOT NULL")
    if version >= 22:
        columns.append("source_type INTEGER NOT NULL")
    if version >= 23:
        columns.append("has_cross_site_ancestor INTEGER NOT NULL")
    return columns


def _chromium_indexes(version: int) -> list[str]:
    if version < 10:
        indexes = ["CREATE INDEX domain ON cookies(host_key)"]
        if version >= 9:
            indexes.append("CREATE INDEX is_transient ON cookies(persistent) where persistent != 1")
        return indexes
    if version < 17:
        return []
    if version < 20:
        key = "host_key, top_frame_site_key, name, path"
    elif version < 23:
        key = "host_key, top_frame_site_key, name, path, source_scheme, source_port"
    else:
        key = (
            "host_key, top_frame_site_key, has_cross_site_ancestor, name, path, "
            "source_scheme, source_port"
        )
    return [f"CREATE UNIQUE INDEX cookies_unique_index ON cookies({key})"]


def chromium_schema(version: int) -> str:
    """The SQL that creates an empty store of this version (without its meta rows)."""
    table = f"CREATE TABLE cookies({','.join(_chromium_columns(version))});"
    return "\n".join([_META, table, *(f"{index};" for index in _chromium_indexes(version))])


def _chromium_same_site(version: int, same_site: int) -> int:
    """FakeCookie's value (-1 unspecified, 0 none, 1 lax, 2 strict) as this version wrote it."""
    if version < 11:
        if same_site == 0:
            raise ValueError("before version 11 Chromium could not store SameSite=None")
        return max(same_site, 0)
    return same_site


def _chromium_values(version: int, cookie: FakeCookie) -> dict[str, object]:
    persistent = int(cookie.expires is not None)
    flags = ("secure", "httponly", "persistent") if version < 10 else ("is_secure",)
    values: dict[str, object] = {
        "creation_utc": chromium_time(cookie.created),
        "host_key": cookie.host,
        "top_frame_site_key": cookie.partition,
        "name": cookie.name,
        "value": cookie.value,
        "encrypted_value": b"",
        "path": cookie.path,
        "expires_utc": chromium_time(cookie.expires),
        "last_access_utc": chromium_time(cookie.last_accessed),
        "has_expires": persistent,
        "priority": 1,
        "source_scheme": 2,
        "source_port": 443,
        "is_same_party": 0,
        "last_update_utc": chromium_time(cookie.created),
        "source_type": 0,
        "has_cross_site_ancestor": 1 if cookie.partition else 0,
    }
    if flags[0] == "secure":
        values.update(secure=int(cookie.secure), httponly=int(cookie.http_only))
        values["persistent"] = persistent
    else:
        values.update(is_secure=int(cookie.secure), is_httponly=int(cookie.http_only))
        values["is_persistent"] = persistent
    column = "firstpartyonly" if version < 11 else "samesite"
    values[column] = _chromium_same_site(version, cookie.same_site)
    values.update(cookie.extra)
    return values


def make_chromium_version(path: Path, version: int, cookies: Iterable[FakeCookie]) -> Path:
    """A Chromium ``Cookies`` file of exactly this schema version holding these cookies."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    try:
        connection.executescript(chromium_schema(version))
        connection.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("version", str(version)), ("last_compatible_version", str(min(version, 24)))],
        )
        insert_rows(connection, "cookies", (_chromium_values(version, c) for c in cookies))
        connection.commit()
    finally:
        connection.close()
    return path


def _firefox_columns(version: int) -> list[str]:
    """moz_cookies' column definitions in one Firefox schema version."""
    if version < 5:
        return _firefox_columns_1_to_4(version)
    columns = ["id INTEGER PRIMARY KEY"]
    if version < 11:
        columns.append("baseDomain TEXT")
    if version == 5:
        columns += ["appId INTEGER DEFAULT 0", "inBrowserElement INTEGER DEFAULT 0"]
    else:
        columns.append("originAttributes TEXT NOT NULL DEFAULT ''")
    columns += [
        "name TEXT",
        "value TEXT",
        "host TEXT",
        "path TEXT",
        "expiry INTEGER",
        "lastAccessed INTEGER",
        "creationTime INTEGER",
        "isSecure INTEGER",
        "isHttpOnly INTEGER",
    ]
    if version == 7:
        columns.append("appId INTEGER DEFAULT 0")
    if version >= 7:
        columns.append("inBrowserElement INTEGER DEFAULT 0")
    columns += [column for first, last, column in _FIREFOX_LATER_COLUMNS if first <= version < last]
    key = "appId, inBrowserElement" if version == 5 else "originAttributes"
    columns.append(f"CONSTRAINT moz_uniqueid UNIQUE (name, host, path, {key})")
    return columns


#: Columns added at the end of moz_cookies: (first version, first version without, column).
_FIREFOX_LATER_COLUMNS = (
    (9, 99, "sameSite INTEGER DEFAULT 0"),
    (10, 15, "rawSameSite INTEGER DEFAULT 0"),
    (12, 99, "schemeMap INTEGER DEFAULT 0"),
    (13, 99, "isPartitionedAttributeSet INTEGER DEFAULT 0"),
    (17, 99, "updateTime INTEGER"),
)


def _firefox_columns_1_to_4(version: int) -> list[str]:
    columns = ["id INTEGER PRIMARY KEY"]
    if version >= 3:
        columns.append("baseDomain TEXT")
    columns += ["name TEXT", "value TEXT", "host TEXT", "path TEXT", "expiry INTEGER"]
    if version >= 2:
        columns.append("lastAccessed INTEGER")
    if version >= 4:
        columns.append("creationTime INTEGER")
    columns += ["isSecure INTEGER", "isHttpOnly INTEGER"]
    return columns


def firefox_schema(version: int) -> str:
    statements = [f"CREATE TABLE moz_cookies ({', '.join(_firefox_columns(version))});"]
    if version == 4:
        statements.append("CREATE UNIQUE INDEX moz_uniqueid ON moz_cookies (name, host, path);")
    if 3 <= version < 11:
        index = {3: "baseDomain", 4: "baseDomain", 5: "baseDomain, appId, inBrowserElement"}
        statements.append(
            "CREATE INDEX moz_basedomain ON moz_cookies "
            f"({index.get(version, 'baseDomain, originAttributes')});"
        )
    return "\n".join(statements)


def _firefox_same_site(version: int, same_site: int) -> dict[str, int]:
    """FakeCookie's SameSite (Chromium numbering) as this Firefox version stored it."""
    if version < 9:
        return {}
    if version >= 15:
        return {"sameSite": 256 if same_site == -1 else same_site}
    if version >= 10:  # no attribute: lax applied by default, none recorded as sent
        if same_site == -1:
            return {"sameSite": 1, "rawSameSite": 0}
        return {"sameSite": same_site, "rawSameSite": same_site}
    if same_site == 0:
        raise ValueError("schema 9 has no way to record an explicit SameSite=None")
    return {"sameSite": max(same_site, 0)}


def _firefox_values(version: int, cookie: FakeCookie) -> dict[str, object]:
    expiry = cookie.expires or NOW + timedelta(days=1)
    seconds = int(expiry.timestamp())
    values: dict[str, object] = {
        "baseDomain": cookie.host.lstrip("."),
        "originAttributes": cookie.origin_attributes,
        "appId": 0,
        "inBrowserElement": 0,
        "name": cookie.name,
        "value": cookie.value,
        "host": cookie.host,
        "path": cookie.path,
        "expiry": seconds * 1000 if version >= 16 else seconds,
        "lastAccessed": int(cookie.last_accessed.timestamp() * 1_000_000),
        "creationTime": int(cookie.created.timestamp() * 1_000_000),
        "isSecure": int(cookie.secure),
        "isHttpOnly": int(cookie.http_only),
        "schemeMap": 2,
        "isPartitionedAttributeSet": 0,
        "updateTime": int(cookie.created.timestamp() * 1_000_000),
        **_firefox_same_site(version, cookie.same_site),
    }
    values.update(cookie.extra)
    return values


def make_firefox_version(path: Path, version: int, cookies: Iterable[FakeCookie]) -> Path:
    """A ``cookies.sqlite`` of exactly this schema version holding these cookies."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    try:
        connection.executescript(firefox_schema(version))
        connection.execute(f"PRAGMA user_version = {int(version)}")
        insert_rows(connection, "moz_cookies", (_firefox_values(version, c) for c in cookies))
        connection.commit()
    finally:
        connection.close()
    return path


def insert_rows(
    connection: sqlite3.Connection, table: str, rows: Iterable[dict[str, object]]
) -> None:
    """Insert each row's values for the columns the table has; the others are ignored."""
    present = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
    batches: dict[tuple[str, ...], list[list[object]]] = {}
    for values in rows:
        columns = tuple(name for name in present if name in values)
        batches.setdefault(columns, []).append([values[name] for name in columns])
    for columns, batch in batches.items():
        marks = ", ".join("?" * len(columns))
        connection.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", batch
        )
