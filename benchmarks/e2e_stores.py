"""Cookie stores of any size for the end-to-end benchmarks, written straight with sqlite3.

The mix imitates many profiles together rather than a best case: about one site per three
cookies (so 100,000 cookies sit on ~55,000 distinct hosts, as measured in issue 14), names
60% from the catalogue (consent records included) and 40% site-specific, 10% session
cookies, 2% partitioned, values of 10-60 characters. Chromium values are encrypted (v10, the
key Chromium uses on Linux without a keyring) so browser-cookie3 does its real work.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from tests.support.storefactory import CHROMIUM_V24, FIREFOX_V17  # noqa: E402

NOW_US = 1_793_534_400_000_000  # 2026-11-01 12:00 UTC
DAY_US = 86_400_000_000
CHROMIUM_OFFSET_US = 11_644_473_600_000_000
TRACKER_SITES = ("doubleclick.net", "google.com", "facebook.com", "bing.com", "criteo.com")


def catalogue_names() -> list[str]:
    from inspector.catalogue import load_catalogue

    return sorted({rule.name for rule in load_catalogue().rules if rule.name})


Row = tuple[str, str, str, int, int | None, int, bool, bool, int, str, str]


def rows(count: int, seed: int = 14) -> Iterator[Row]:
    """(host, name, path, created_us, expires_us|None, last_access_us, secure, http_only,
    same_site -1..2, partition site, value): unique by host, name, path and partition."""
    rng = random.Random(seed)
    known = catalogue_names()
    local = [f"{rng.choice(['pref', 'sess', 'u', 'x', 'ab'])}_{i}" for i in range(5000)]
    sites = [f"site{i}.example" for i in range(max(count // 3, 10))] + list(TRACKER_SITES)
    seen: set[tuple[str, str, str, str]] = set()
    made = 0
    while made < count:
        site = rng.choice(sites)
        host = rng.choice((site, "." + site, "www." + site))
        name = rng.choice(known) if rng.random() < 0.6 else rng.choice(local)
        path = "/" if rng.random() < 0.9 else "/app"
        partition = f"https://{rng.choice(sites)}" if rng.random() < 0.02 else ""
        key = (host, name, path, partition)
        if key in seen:
            continue
        seen.add(key)
        made += 1
        created = NOW_US - rng.randrange(0, 400) * DAY_US - rng.randrange(DAY_US)
        expires = None if rng.random() < 0.1 else created + rng.randrange(1, 800) * DAY_US
        accessed = created + rng.randrange(DAY_US)
        value = "".join(rng.choices("abcdef0123456789", k=rng.randrange(10, 60)))
        yield (
            host,
            name,
            path,
            created,
            expires,
            accessed,
            rng.random() < 0.7,
            rng.random() < 0.3,
            rng.choice((-1, 0, 1, 2)),
            partition,
            value,
        )


def _cipher() -> object:
    from Cryptodome.Protocol.KDF import PBKDF2

    return PBKDF2(b"peanuts", b"saltysalt", 16, 1)


def make_chromium(path: Path, count: int) -> Path:
    """A Chromium ``Cookies`` (schema 24) in a ``Default`` profile folder."""
    from Cryptodome.Cipher import AES
    from Cryptodome.Util.Padding import pad

    key = _cipher()
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    connection.executescript(CHROMIUM_V24)
    connection.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("version", "24"), ("last_compatible_version", "24"), ("mmap_status", "-1")],
    )

    def chromium_rows() -> Iterator[tuple[object, ...]]:
        iv = b" " * 16
        for host, name, cpath, created, expires, accessed, sec, http, same, part, value in rows(
            count
        ):
            plain = hashlib.sha256(host.encode()).digest() + value.encode()
            encrypted = b"v10" + AES.new(key, AES.MODE_CBC, iv).encrypt(pad(plain, 16))  # type: ignore[call-overload]
            persistent = int(expires is not None)
            yield (
                created + CHROMIUM_OFFSET_US,
                host,
                part,
                name,
                "",
                encrypted,
                cpath,
                expires + CHROMIUM_OFFSET_US if expires is not None else 0,
                int(sec),
                int(http),
                accessed + CHROMIUM_OFFSET_US,
                persistent,
                persistent,
                1,
                same,
                2,
                443,
                created + CHROMIUM_OFFSET_US,
                0,
                int(bool(part)),
            )

    connection.executemany(f"INSERT INTO cookies VALUES ({', '.join('?' * 20)})", chromium_rows())
    connection.commit()
    connection.close()
    return path


def make_firefox(path: Path, count: int) -> Path:
    """A Firefox ``cookies.sqlite`` (schema 17, expiry in milliseconds)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    connection.executescript(FIREFOX_V17)
    connection.execute("PRAGMA user_version = 17")
    same_sites = {-1: 256, 0: 0, 1: 1, 2: 2}

    def firefox_rows() -> Iterator[tuple[object, ...]]:
        for host, name, cpath, created, expires, accessed, sec, http, same, part, value in rows(
            count
        ):
            attributes = ""
            if part:
                scheme, site = part.split("://")
                attributes = f"^partitionKey=%28{scheme}%2C{site}%29"
            expiry = (expires if expires is not None else NOW_US + DAY_US) // 1000
            yield (
                attributes,
                name,
                value,
                host,
                cpath,
                expiry,
                accessed,
                created,
                int(sec),
                int(http),
                same_sites[same],
            )

    connection.executemany(
        "INSERT INTO moz_cookies (originAttributes, name, value, host, path, expiry, "
        "lastAccessed, creationTime, isSecure, isHttpOnly, sameSite) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        firefox_rows(),
    )
    connection.commit()
    connection.close()
    return path
