"""Read a Firefox-family profile's cookies: ``cookies.sqlite`` (with its WAL) and the session
cookies that only exist in the session store.

Schema versions are ``PRAGMA user_version``; every version from 1 (Firefox 3, 2008) to 17 is
read. After Firefox's own migrations (netwerk/cookie/CookiePersistentStorage.cpp, before it
nsCookieService.cpp): 2 lastAccessed; 3 baseDomain; 4 creationTime and a unique
(name, host, path); 5 appId and inBrowserElement in the key; 6 originAttributes replaces them
(7 restores the two columns, 8 drops appId); 9 sameSite; 10 rawSameSite; 11 drops
baseDomain; 12 schemeMap; 13 isPartitionedAttributeSet; 14 caps lifetimes at 400 days;
15 folds rawSameSite into sameSite (256 = no attribute) and drops it; 16 expiry in
milliseconds (before, seconds); 17 updateTime. Creation and last-access times are
microseconds in every version.

SameSite: from 15 on, 256 means the cookie had no attribute. From 10 to 14, ``rawSameSite``
kept what the site sent and ``sameSite`` what was applied, so ``sameSite`` lax with
``rawSameSite`` none is a cookie without the attribute (the rule Firefox's migration to 15
applies). In 9, where ``None`` was not yet an attribute value sites sent, 0 means no
attribute. Both read as ``unspecified``, as Chromium's -1 does.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from sys import intern
from typing import Any

from inspector.errors import NotACookieStoreError, StoreError, UnsupportedSchemaError
from inspector.i18n import _, ngettext
from inspector.model import Cookie, SameSite, SharedKey, Source, Store
from inspector.safefile import is_regular_file, read_head, read_regular
from inspector.stores import mozlz4, origin_attributes, rowguard
from inspector.stores.snapshot import sqlite_snapshot
from inspector.stores.sqlite_errors import explained, newer_schema_warning, require_columns

OLDEST_VERSION = 1
NEWEST_KNOWN_VERSION = 17
MILLISECOND_EXPIRY_VERSION = 16
RAW_SAMESITE_VERSION = 10  # sameSite 0 is an explicit None only from here on
SESSION_FILES = (
    "sessionstore.jsonlz4",
    "sessionstore-backups/recovery.jsonlz4",
    "sessionstore.js",  # Firefox before 56 wrote the session uncompressed
)
# names a session-store file has, for telling one named directly with --store
SESSION_FILE_NAMES = (
    "sessionstore.jsonlz4",
    "recovery.jsonlz4",
    "recovery.baklz4",
    "previous.jsonlz4",
    "sessionstore.js",
    "sessionstore.bak",
)
SESSION_FILE_PREFIXES = ("upgrade.jsonlz4-", "sessionstore.bak-")

REQUIRED = ("name", "host", "path", "expiry", "isSecure")
# a row without these as text cannot be named or found again: it is left out and counted
IDENTITY = rowguard.must_be_text("name", "host", "path")
_OPTIONAL_DEFAULTS = {
    "originAttributes": "''",
    "lastAccessed": "0",
    "creationTime": "0",
    "isHttpOnly": "0",
    "sameSite": "256",
    "rawSameSite": "NULL",
    "value": "''",
}
SAMESITE_UNSET = 256
_SAMESITE = {0: SameSite.NONE, 1: SameSite.LAX, 2: SameSite.STRICT}
_SAMESITE_BEFORE_10 = {0: SameSite.UNSPECIFIED, 1: SameSite.LAX, 2: SameSite.STRICT}
# the unique key of moz_cookies by version: originAttributes from 6, appId/inBrowserElement
# in 5, the name triple from 4; before 4 nothing was unique, so the row id joins the triple
_KEY_BY_COLUMN = (
    ("originAttributes", ("name", "host", "path", "originAttributes")),
    ("appId", ("name", "host", "path", "appId", "inBrowserElement")),
    ("creationTime", ("name", "host", "path")),
)


def unique_key(columns: set[str]) -> tuple[str, ...]:
    """The columns that identify one row of this version's moz_cookies (Firefox's own key)."""
    for marker, key in _KEY_BY_COLUMN:
        if marker in columns:
            return key
    return ("name", "host", "path", "id")


def same_site(value: object, raw: object, version: int) -> SameSite:
    """One row's SameSite, by the rules of its schema version (see the module docstring)."""
    if not isinstance(value, int) or value == SAMESITE_UNSET:
        return SameSite.UNSPECIFIED
    if isinstance(raw, int):
        if raw == 0 and value == 1:
            return SameSite.UNSPECIFIED
    elif version < RAW_SAMESITE_VERSION:
        return _SAMESITE_BEFORE_10.get(value, SameSite.UNSPECIFIED)
    return _SAMESITE.get(value, SameSite.UNSPECIFIED)


def schema_version(connection: sqlite3.Connection, path: Path) -> int:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if "moz_cookies" not in tables:
        raise NotACookieStoreError(
            _("{path} is an SQLite database but has no Firefox cookie table.").format(path=path),
            path=path,
            advice=_("Choose cookies.sqlite in a Firefox or LibreWolf profile folder."),
        )
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version < OLDEST_VERSION:
        raise UnsupportedSchemaError(
            _(
                "{path} uses cookie schema version {version}, which Cookie Inspector does not know."
            ).format(path=path, version=version),
            path=path,
            advice=_("Open the profile once with a current Firefox so that it upgrades the file."),
        )
    return version


def is_session_file(path: Path) -> bool:
    """Whether a file is one of Firefox's session stores rather than its cookie database."""
    name = path.name
    if name in SESSION_FILE_NAMES or name.startswith(SESSION_FILE_PREFIXES):
        return True
    return read_head(path, len(mozlz4.MAGIC)) == mozlz4.MAGIC


def read(store: Store) -> tuple[list[Cookie], list[str]]:
    """Every cookie of the profile, database rows first, then session-store-only cookies.

    A store whose path is a session-store file (named directly) holds only that file's
    cookies.
    """
    cookies, warnings, _rows = read_first(store, None)
    return cookies, warnings


def read_first(store: Store, limit: int | None) -> tuple[list[Cookie], list[str], int | None]:
    """The first ``limit`` readable database rows (every row: None), warnings, and how
    many rows the database holds when there were more than ``limit`` (then without the
    session store's cookies); None: these are all of them, exactly what :func:`read`
    gives."""
    if is_session_file(store.path):
        cookies, warnings = _cookies_of_session_file(store, store.path)
        return cookies, warnings, None
    with sqlite_snapshot(store.path) as connection, explained(store.path, store.browser):
        version = schema_version(connection, store.path)
        warnings = []
        if version > NEWEST_KNOWN_VERSION:
            warnings.append(newer_schema_warning(version, NEWEST_KNOWN_VERSION))
        columns = {row[1] for row in connection.execute("PRAGMA table_info(moz_cookies)")}
        query, key_of = _query(columns, store.path, version)
        requirements = _requirements(columns)
        query, more = rowguard.first_rows(connection, query, "moz_cookies", requirements, limit)
        cookies, problems = rowguard.fetch(
            connection,
            query,
            lambda rows: _database_cookies(rows, store, version, key_of),
            3,
        )
        if more is not None:
            return cookies, warnings + problems, more
        problems += rowguard.skipped_warnings(connection, "moz_cookies", requirements, len(cookies))
        warnings += problems
    try:
        session, session_warnings = session_cookies_checked(store)
        if session:  # (what the database holds, looked up only when there is something to)
            known = {_identity(cookie) for cookie in cookies}
            cookies.extend(c for c in session if _identity(c) not in known)
        warnings += session_warnings
    except StoreError as error:
        warnings.append(
            _("Session cookies could not be read: {problem}").format(problem=error.describe())
        )
    return cookies, warnings, None


def _query(
    columns: set[str], path: Path, version: int
) -> tuple[str, Callable[[tuple[Any, ...]], SharedKey]]:
    require_columns(columns, REQUIRED, path, version)

    def column(name: str) -> str:
        return name if name in columns else _OPTIONAL_DEFAULTS[name]

    to_micro = 1000 if version >= MILLISECOND_EXPIRY_VERSION else 1_000_000
    parts = [
        "name",
        "host",
        "path",
        rowguard.time_us(column("creationTime")),
        rowguard.time_us("expiry", scale=to_micro),
        rowguard.time_us(column("lastAccessed")),
        "isSecure",
        column("isHttpOnly"),
        column("sameSite"),
        column("rawSameSite"),
        column("originAttributes"),
        # the value in the same pass, as bytes so that bad UTF-8 cannot stop the read
        f"CAST({column('value')} AS BLOB)",
    ]
    # name, host and path are the cookie's name, host and path as they are
    extra, key_of = rowguard.shared_key_columns(parts, unique_key(columns), {0: 1, 1: 0, 2: 2})
    query = (
        f"SELECT {', '.join(parts + extra)} FROM moz_cookies "
        f"WHERE {rowguard.readable(_requirements(columns))}"
    )
    return query, key_of


def _requirements(columns: set[str]) -> dict[str, str]:
    """What a row needs to be listed: originAttributes is part of its identity, when present."""
    if "originAttributes" not in columns:
        return IDENTITY
    return IDENTITY | rowguard.must_be_text("originAttributes", or_null=True)


def _identity(cookie: Cookie) -> tuple[str, str, str, str]:
    """What makes a cookie the same one in the database and in the session store."""
    return (cookie.name, cookie.host, cookie.path, cookie.origin_attributes)


def _database_cookies(
    rows: Iterable[tuple[Any, ...]],
    store: Store,
    version: int,
    key_of: Callable[[tuple[Any, ...]], SharedKey],
) -> Iterator[Cookie]:
    attributes_of: dict[str, origin_attributes.OriginAttributes] = {}
    database = Source.DATABASE
    same_site_of: dict[tuple[object, object], SameSite] = {}
    for row in rows:
        (
            name,
            host,
            path,
            created,
            expires,
            accessed,
            secure,
            http_only,
            site_value,
            raw_site,
            suffix,
            value,
            *_key,
        ) = row
        suffix = suffix or ""
        attributes = attributes_of.get(suffix)
        if attributes is None:
            attributes = attributes_of[suffix] = origin_attributes.parse(suffix)
        row_same_site = same_site_of.get((site_value, raw_site))
        if row_same_site is None:
            row_same_site = same_site_of[site_value, raw_site] = same_site(
                site_value, raw_site, version
            )
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
            row_same_site,
            attributes.partition_key,
            key_of(row),
            database,
            attributes.container,
            suffix,
            b"" if value is None else value,
        )


def session_file(profile_dir: Path) -> Path | None:
    """The newest session-store file of a profile, if it has one."""
    candidates = [
        profile_dir / name for name in SESSION_FILES if is_regular_file(profile_dir / name)
    ]
    if not candidates:
        return None
    return max(candidates, key=_modified)


def _modified(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def load_session(path: Path) -> list[dict[str, object]]:
    """The cookie objects of a session-store file."""
    try:
        data = read_regular(path, mozlz4.MAX_SIZE)
    except OSError as error:
        raise StoreError(
            _("{path} could not be read ({strerror}).").format(path=path, strerror=error.strerror),
            path=path,
        ) from None
    payload = data if _looks_like_json(data) else mozlz4.decompress(data, path=path)
    try:
        document = json.loads(_unwrap(payload))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise NotACookieStoreError(
            _("{path} does not hold a Firefox session.").format(path=path),
            path=path,
            advice=_("Firefox rewrites it; open and close Firefox."),
        ) from None
    return _session_entries(document)


def _looks_like_json(data: bytes) -> bool:
    """sessionstore.js: plain JSON, or (Firefox 3) JSON wrapped in parentheses."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"(")


def _unwrap(payload: bytes) -> bytes:
    text = payload.strip()
    if text.startswith(b"\xef\xbb\xbf"):
        text = text[3:].strip()
    if text.startswith(b"(") and text.endswith(b")"):
        text = text[1:-1]
    return text


def _session_entries(document: object) -> list[dict[str, object]]:
    """Cookie objects at the top level and, in older layouts, in each window."""
    if not isinstance(document, dict):
        return []
    entries: list[object] = []
    top = document.get("cookies")
    if isinstance(top, list):
        entries.extend(top)
    windows = document.get("windows")
    if isinstance(windows, list):
        for window in windows:
            cookies = window.get("cookies") if isinstance(window, dict) else None
            if isinstance(cookies, list):
                entries.extend(cookies)
    return [entry for entry in entries if isinstance(entry, dict)]


def session_file_of(store: Store) -> Path | None:
    """The session-store file whose cookies belong to this store."""
    if is_session_file(store.path):
        return store.path
    return session_file(store.profile_dir)


def is_text(value: str) -> bool:
    """False for text holding lone surrogates (JSON's "\\ud800"): it is not Unicode text."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def session_cookies(store: Store) -> list[Cookie]:
    cookies, _warnings = session_cookies_checked(store)
    return cookies


def session_cookies_checked(store: Store) -> tuple[list[Cookie], list[str]]:
    """The session store's cookies, and a warning counting the entries left out."""
    path = session_file_of(store)
    if path is None:
        return [], []
    return _cookies_of_session_file(store, path)


def _cookies_of_session_file(store: Store, path: Path) -> tuple[list[Cookie], list[str]]:
    cookies: dict[tuple[str | int, ...], Cookie] = {}
    bad = 0
    for entry in load_session(path):
        try:
            cookie = _session_cookie(entry, store, path)
        except Exception:  # an entry of a shape no check foresaw costs that entry
            cookie = None
        if cookie is None:
            bad += 1
        else:
            cookies.setdefault(cookie.row_key, cookie)  # a cookie is listed in every window
    warnings = []
    if bad:
        warnings.append(
            ngettext(
                "{count} session cookie in {path} was left out because its host, name or "
                "path is missing or is not text.",
                "{count} session cookies in {path} were left out because their host, name or "
                "path is missing or is not text.",
                bad,
            ).format(count=bad, path=path)
        )
    return list(cookies.values()), warnings


def _session_cookie(entry: dict[str, object], store: Store, path: Path) -> Cookie | None:
    host, name = entry.get("host"), entry.get("name")
    if not (isinstance(host, str) and isinstance(name, str) and is_text(host) and is_text(name)):
        return None
    cookie_path = entry.get("path") if isinstance(entry.get("path"), str) else "/"
    if not is_text(str(cookie_path)):
        return None
    suffix = origin_attributes.to_suffix(entry.get("originAttributes"))
    attributes = origin_attributes.from_json(entry.get("originAttributes"))
    row_key = (name, host, str(cookie_path), suffix)
    same = same_site(entry.get("sameSite"), entry.get("rawSameSite"), NEWEST_KNOWN_VERSION)
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
        _session_value(entry.get("value", "")),
    )


def _session_value(value: object) -> str:
    if isinstance(value, str):
        return value
    return "" if value is None else str(value)
