"""Read a Firefox-family profile's cookies: ``cookies.sqlite`` (with its WAL) and the session
cookies that only exist in the session store.

Schema versions are ``PRAGMA user_version``. Since schema 16 (Firefox 142) ``expiry`` is in
milliseconds; before, in seconds. Creation and last-access times are microseconds.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from inspector.errors import NotACookieStoreError, StoreError, UnsupportedSchemaError
from inspector.model import Cookie, SameSite, Source, Store
from inspector.stores import mozlz4, origin_attributes
from inspector.stores.snapshot import sqlite_snapshot
from inspector.stores.sqlite_errors import explained, newer_schema_warning, require_columns

OLDEST_VERSION = 7
NEWEST_KNOWN_VERSION = 17
MILLISECOND_EXPIRY_VERSION = 16
SESSION_FILES = ("sessionstore.jsonlz4", "sessionstore-backups/recovery.jsonlz4")

REQUIRED = ("name", "host", "path", "expiry", "isSecure")
_OPTIONAL_DEFAULTS = {
    "originAttributes": "''",
    "lastAccessed": "0",
    "creationTime": "0",
    "isHttpOnly": "0",
    "sameSite": "256",
}
_SAMESITE = {0: SameSite.NONE, 1: SameSite.LAX, 2: SameSite.STRICT}


def schema_version(connection: sqlite3.Connection, path: Path) -> int:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if "moz_cookies" not in tables:
        raise NotACookieStoreError(
            f"{path} is an SQLite database but has no Firefox cookie table.",
            path=path,
            advice="Choose cookies.sqlite in a Firefox or LibreWolf profile folder.",
        )
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version < OLDEST_VERSION:
        raise UnsupportedSchemaError(
            f"{path} uses cookie schema version {version}, which Cookie Inspector does not know.",
            path=path,
            advice="Open the profile once with a current Firefox so that it upgrades the file.",
        )
    return version


def read(store: Store) -> tuple[list[Cookie], list[str]]:
    """Every cookie of the profile, database rows first, then session-store-only cookies."""
    with sqlite_snapshot(store.path) as connection, explained(store.path, store.browser):
        version = schema_version(connection, store.path)
        warnings = []
        if version > NEWEST_KNOWN_VERSION:
            warnings.append(newer_schema_warning(version, NEWEST_KNOWN_VERSION))
        columns = {row[1] for row in connection.execute("PRAGMA table_info(moz_cookies)")}
        rows = connection.execute(_query(columns, store.path, version))
        cookies = list(_database_cookies(rows, store))
    known = {cookie.row_key for cookie in cookies}
    try:
        cookies.extend(c for c in session_cookies(store) if c.row_key not in known)
    except StoreError as error:
        warnings.append(f"Session cookies could not be read: {error.describe()}")
    return cookies, warnings


def _query(columns: set[str], path: Path, version: int) -> str:
    require_columns(columns, REQUIRED, path, version)

    def column(name: str) -> str:
        return name if name in columns else _OPTIONAL_DEFAULTS[name]

    to_micro = 1000 if version >= MILLISECOND_EXPIRY_VERSION else 1_000_000
    parts = [
        "name",
        "host",
        "path",
        f"CASE WHEN {column('creationTime')} > 0 THEN {column('creationTime')} END",
        f"CASE WHEN expiry > 0 THEN expiry * {to_micro} END",
        f"CASE WHEN {column('lastAccessed')} > 0 THEN {column('lastAccessed')} END",
        "isSecure",
        column("isHttpOnly"),
        column("sameSite"),
        column("originAttributes"),
    ]
    return f"SELECT {', '.join(parts)} FROM moz_cookies"


def _database_cookies(rows: Iterable[tuple[Any, ...]], store: Store) -> Iterator[Cookie]:
    attributes_of: dict[str, origin_attributes.OriginAttributes] = {}
    samesite, unspecified, database = _SAMESITE, SameSite.UNSPECIFIED, Source.DATABASE
    for name, host, path, created, expires, accessed, secure, http_only, same_site, suffix in rows:
        suffix = suffix or ""
        attributes = attributes_of.get(suffix)
        if attributes is None:
            attributes = attributes_of[suffix] = origin_attributes.parse(suffix)
        yield Cookie(
            store,
            host,
            name,
            path,
            created,
            expires,
            accessed,
            bool(secure),
            bool(http_only),
            samesite.get(same_site, unspecified),
            attributes.partition_key,
            (name, host, path, suffix),
            database,
            attributes.container,
            suffix,
        )


def session_file(profile_dir: Path) -> Path | None:
    """The newest session-store file of a profile, if it has one."""
    candidates = [profile_dir / name for name in SESSION_FILES if (profile_dir / name).is_file()]
    if not candidates:
        return None
    return max(candidates, key=lambda path: path.stat().st_mtime_ns)


def load_session(path: Path) -> list[dict[str, object]]:
    """The cookie objects of a session-store file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise StoreError(f"{path} could not be read ({error.strerror}).", path=path) from None
    payload = mozlz4.decompress(data, path=path)
    try:
        document = json.loads(payload)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise NotACookieStoreError(
            f"{path} does not hold a Firefox session.",
            path=path,
            advice="Firefox rewrites it; open and close Firefox.",
        ) from None
    return _session_entries(document)


def _session_entries(document: object) -> list[dict[str, object]]:
    if not isinstance(document, dict):
        return []
    entries = document.get("cookies")
    if not isinstance(entries, list):  # old layout: per window
        windows = document.get("windows")
        entries = (
            [c for w in windows if isinstance(w, dict) for c in w.get("cookies") or []]
            if isinstance(windows, list)
            else []
        )
    return [entry for entry in entries if isinstance(entry, dict)]


def session_cookies(store: Store) -> list[Cookie]:
    path = session_file(store.profile_dir)
    if path is None:
        return []
    cookies = []
    for entry in load_session(path):
        cookie = _session_cookie(entry, store, path)
        if cookie is not None:
            cookies.append(cookie)
    return cookies


def _session_cookie(entry: dict[str, object], store: Store, path: Path) -> Cookie | None:
    host, name = entry.get("host"), entry.get("name")
    if not isinstance(host, str) or not isinstance(name, str):
        return None
    cookie_path = entry.get("path") if isinstance(entry.get("path"), str) else "/"
    suffix = origin_attributes.to_suffix(entry.get("originAttributes"))
    attributes = origin_attributes.from_json(entry.get("originAttributes"))
    row_key = (name, host, str(cookie_path), suffix)
    same_site = entry.get("sameSite")
    same = (
        _SAMESITE.get(same_site, SameSite.UNSPECIFIED)
        if isinstance(same_site, int)
        else SameSite.UNSPECIFIED
    )
    return Cookie(
        store,
        host,
        name,
        str(cookie_path),
        None,
        None,
        None,
        bool(entry.get("secure")),
        bool(entry.get("httponly")),
        same,
        attributes.partition_key,
        row_key,
        Source.SESSION_STORE,
        attributes.container,
        suffix,
    )
