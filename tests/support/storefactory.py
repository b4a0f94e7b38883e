"""Cookie stores built in code with the browsers' real schemas, for tests and benchmarks."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

WINDOWS_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)

CHROMIUM_V24 = """
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
CREATE TABLE cookies(creation_utc INTEGER NOT NULL,host_key TEXT NOT NULL,
 top_frame_site_key TEXT NOT NULL,name TEXT NOT NULL,value TEXT NOT NULL,
 encrypted_value BLOB NOT NULL,path TEXT NOT NULL,expires_utc INTEGER NOT NULL,
 is_secure INTEGER NOT NULL,is_httponly INTEGER NOT NULL,last_access_utc INTEGER NOT NULL,
 has_expires INTEGER NOT NULL,is_persistent INTEGER NOT NULL,priority INTEGER NOT NULL,
 samesite INTEGER NOT NULL,source_scheme INTEGER NOT NULL,source_port INTEGER NOT NULL,
 last_update_utc INTEGER NOT NULL,source_type INTEGER NOT NULL,
 has_cross_site_ancestor INTEGER NOT NULL);
CREATE UNIQUE INDEX cookies_unique_index ON cookies(host_key, top_frame_site_key,
 has_cross_site_ancestor, name, path, source_scheme, source_port);
"""

# Chrome 80-era layout (schema 12): no partition key, unique on host, name and path.
CHROMIUM_V12 = """
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
CREATE TABLE cookies(creation_utc INTEGER NOT NULL,host_key TEXT NOT NULL,name TEXT NOT NULL,
 value TEXT NOT NULL,path TEXT NOT NULL,expires_utc INTEGER NOT NULL,is_secure INTEGER NOT NULL,
 is_httponly INTEGER NOT NULL,last_access_utc INTEGER NOT NULL,has_expires INTEGER NOT NULL
 DEFAULT 1,is_persistent INTEGER NOT NULL DEFAULT 1,priority INTEGER NOT NULL DEFAULT 1,
 encrypted_value BLOB DEFAULT '',samesite INTEGER NOT NULL DEFAULT -1,
 source_scheme INTEGER NOT NULL DEFAULT 0,UNIQUE (host_key, name, path));
"""

FIREFOX_V17 = """
CREATE TABLE moz_cookies (id INTEGER PRIMARY KEY, originAttributes TEXT NOT NULL DEFAULT '',
 name TEXT, value TEXT, host TEXT, path TEXT, expiry INTEGER, lastAccessed INTEGER,
 creationTime INTEGER, isSecure INTEGER, isHttpOnly INTEGER, inBrowserElement INTEGER DEFAULT 0,
 sameSite INTEGER DEFAULT 0, schemeMap INTEGER DEFAULT 0,
 isPartitionedAttributeSet INTEGER DEFAULT 0, updateTime INTEGER,
 CONSTRAINT moz_uniqueid UNIQUE (name, host, path, originAttributes));
"""

# Firefox 128-era layout (schema 13): expiry in seconds, rawSameSite still present.
FIREFOX_V13 = """
CREATE TABLE moz_cookies (id INTEGER PRIMARY KEY, originAttributes TEXT NOT NULL DEFAULT '',
 name TEXT, value TEXT, host TEXT, path TEXT, expiry INTEGER, lastAccessed INTEGER,
 creationTime INTEGER, isSecure INTEGER, isHttpOnly INTEGER, inBrowserElement INTEGER DEFAULT 0,
 sameSite INTEGER DEFAULT 0, rawSameSite INTEGER DEFAULT 0, schemeMap INTEGER DEFAULT 0,
 CONSTRAINT moz_uniqueid UNIQUE (name, host, path, originAttributes));
"""

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


@dataclass
class FakeCookie:
    host: str
    name: str
    value: str = "v"
    path: str = "/"
    created: datetime = NOW
    expires: datetime | None = NOW + timedelta(days=365)  # None: session cookie
    last_accessed: datetime = NOW
    secure: bool = True
    http_only: bool = False
    same_site: int = -1  # Chromium numbering: -1 unspecified, 0 none, 1 lax, 2 strict
    partition: str = ""  # Chromium top_frame_site_key / Firefox partition site "https://x.y"
    origin_attributes: str = ""
    extra: Mapping[str, object] = field(default_factory=dict)


def chromium_time(moment: datetime | None) -> int:
    if moment is None:
        return 0
    return (moment - WINDOWS_EPOCH) // timedelta(microseconds=1)


def encrypt_v10(host: str, value: str, version: int = 24) -> bytes:
    """Encrypt like Chromium on Linux without a keyring ("peanuts" key, AES-128-CBC)."""
    import hashlib

    from Cryptodome.Cipher import AES
    from Cryptodome.Protocol.KDF import PBKDF2
    from Cryptodome.Util.Padding import pad

    key = PBKDF2(b"peanuts", b"saltysalt", 16, 1)
    plain = value.encode()
    if version >= 24:
        plain = hashlib.sha256(host.encode()).digest() + plain
    return b"v10" + AES.new(key, AES.MODE_CBC, b" " * 16).encrypt(pad(plain, 16))


def make_chromium_store(
    path: Path, cookies: Iterable[FakeCookie], version: int = 24, encrypt: bool = False
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    connection.executescript(CHROMIUM_V24 if version >= 13 else CHROMIUM_V12)
    connection.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [
            ("version", str(version)),
            ("last_compatible_version", str(version)),
            ("mmap_status", "-1"),
        ],
    )
    if version >= 13:
        rows = [_chromium_row(c, encrypt) for c in cookies]
        connection.executemany(f"INSERT INTO cookies VALUES ({', '.join('?' * 20)})", rows)
    else:
        connection.executemany(
            "INSERT INTO cookies (creation_utc, host_key, name, value, path, expires_utc, "
            "is_secure, is_httponly, last_access_utc, has_expires, is_persistent, samesite) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    chromium_time(c.created),
                    c.host,
                    c.name,
                    c.value,
                    c.path,
                    chromium_time(c.expires),
                    int(c.secure),
                    int(c.http_only),
                    chromium_time(c.last_accessed),
                    int(c.expires is not None),
                    int(c.expires is not None),
                    c.same_site,
                )
                for c in cookies
            ],
        )
    connection.commit()
    connection.close()
    return path


def _chromium_row(c: FakeCookie, encrypt: bool = False) -> tuple[object, ...]:
    persistent = int(c.expires is not None)
    value, encrypted = ("", encrypt_v10(c.host, c.value)) if encrypt else (c.value, b"")
    return (
        chromium_time(c.created),
        c.host,
        c.partition,
        c.name,
        value,
        encrypted,
        c.path,
        chromium_time(c.expires),
        int(c.secure),
        int(c.http_only),
        chromium_time(c.last_accessed),
        persistent,
        persistent,
        1,
        c.same_site,
        2,
        443,
        chromium_time(c.created),
        0,
        1 if c.partition else 0,
    )


def _micro(moment: datetime) -> int:
    return int(moment.timestamp() * 1_000_000)


def _firefox_row(c: FakeCookie, millis: bool) -> tuple[object, ...]:
    expiry = c.expires or NOW + timedelta(days=1)
    expiry_value = int(expiry.timestamp() * 1000) if millis else int(expiry.timestamp())
    same_site = {-1: 256, 0: 0, 1: 1, 2: 2}[c.same_site]
    attributes = c.origin_attributes
    if c.partition and "partitionKey" not in attributes:
        scheme, host = c.partition.split("://")
        key = f"partitionKey=%28{scheme}%2C{host}%29"
        attributes = f"^{key}" if not attributes else f"{attributes}&{key}"
    return (
        attributes,
        c.name,
        c.value,
        c.host,
        c.path,
        expiry_value,
        _micro(c.last_accessed),
        _micro(c.created),
        int(c.secure),
        int(c.http_only),
        same_site,
    )


def make_firefox_store(
    path: Path,
    cookies: Iterable[FakeCookie],
    version: int = 17,
    wal_only: Iterable[FakeCookie] = (),
) -> Path:
    """A cookies.sqlite; ``wal_only`` rows are left in ``cookies.sqlite-wal`` only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    build = path.parent / ".build" / path.name
    build.parent.mkdir(exist_ok=True)
    connection = sqlite3.connect(build)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.executescript(FIREFOX_V17 if version >= 14 else FIREFOX_V13)
    connection.execute(f"PRAGMA user_version = {version}")
    insert = (
        "INSERT INTO moz_cookies (originAttributes, name, value, host, path, expiry, "
        "lastAccessed, creationTime, isSecure, isHttpOnly, sameSite) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?)"
    )
    millis = version >= 16
    connection.executemany(insert, [_firefox_row(c, millis) for c in cookies])
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    connection.executemany(insert, [_firefox_row(c, millis) for c in wal_only])
    connection.commit()
    for suffix in ("", "-wal"):
        source = build.with_name(build.name + suffix)
        if source.exists() and source.stat().st_size:
            shutil.copyfile(source, path.with_name(path.name + suffix))
    connection.close()
    shutil.rmtree(build.parent)
    return path
