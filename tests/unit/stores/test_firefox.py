"""Reading Firefox cookie databases and session stores."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from inspector.errors import NotACookieStoreError, UnsupportedSchemaError
from inspector.model import Family, SameSite, Source, Store
from inspector.stores import firefox, mozlz4
from tests.support.storefactory import NOW, FakeCookie, make_firefox_store


def store_at(path: Path) -> Store:
    return Store("firefox", "Firefox", Family.FIREFOX, "default", path, path.parent)


def test_rows_only_in_the_wal_are_read(tmp_path: Path) -> None:
    path = make_firefox_store(
        tmp_path / "cookies.sqlite",
        [FakeCookie("a.example", "main")],
        wal_only=[FakeCookie("b.example", "wal1"), FakeCookie("c.example", "wal2")],
    )
    assert path.with_name("cookies.sqlite-wal").stat().st_size > 0
    cookies, _ = firefox.read(store_at(path))
    assert sorted(c.name for c in cookies) == ["main", "wal1", "wal2"]


@pytest.mark.parametrize("version", [13, 17], ids=["seconds-before-16", "milliseconds-from-16"])
def test_expiry_units(tmp_path: Path, version: int) -> None:
    expires = NOW + timedelta(days=30)
    path = make_firefox_store(
        tmp_path / "cookies.sqlite",
        [FakeCookie("a.example", "x", expires=expires)],
        version=version,
    )
    cookies, _ = firefox.read(store_at(path))
    assert cookies[0].expires == expires
    assert cookies[0].created == NOW


def test_attributes_and_partitions(tmp_path: Path) -> None:
    path = make_firefox_store(
        tmp_path / "cookies.sqlite",
        [
            FakeCookie(".news.example", "strict", same_site=2, http_only=True),
            FakeCookie("embed.example", "id", same_site=0),
            FakeCookie("embed.example", "id", partition="https://news.example"),
            FakeCookie("embed.example", "id", origin_attributes="^userContextId=2"),
        ],
    )
    cookies, _ = firefox.read(store_at(path))
    by_key = {(c.name, c.partition_key, c.container): c for c in cookies}
    assert by_key[("strict", None, None)].same_site is SameSite.STRICT
    assert by_key[("strict", None, None)].http_only
    assert by_key[("id", None, None)].same_site is SameSite.NONE
    assert ("id", "https://news.example", None) in by_key
    assert ("id", None, "2") in by_key
    assert by_key[("id", None, "2")].same_site is SameSite.UNSPECIFIED
    assert len({c.id for c in cookies}) == 4


def test_session_cookies_from_the_session_store(tmp_path: Path) -> None:
    path = make_firefox_store(tmp_path / "cookies.sqlite", [FakeCookie("a.example", "db")])
    session = {
        "cookies": [
            {
                "host": "www.news.example",
                "name": "sid",
                "value": "abc",
                "path": "/",
                "secure": True,
                "httponly": True,
                "sameSite": 1,
                "originAttributes": {
                    "userContextId": 0,
                    "partitionKey": "",
                    "privateBrowsingId": 0,
                },
            },
            {
                "host": "embed.example",
                "name": "chips",
                "value": "1",
                "path": "/",
                "originAttributes": {"partitionKey": "(https,news.example)"},
            },
            {"name": "broken-entry-without-host"},
        ]
    }
    (tmp_path / "sessionstore.jsonlz4").write_bytes(mozlz4.compress(json.dumps(session).encode()))
    cookies, warnings = firefox.read(store_at(path))
    assert len(warnings) == 1 and warnings[0].startswith("1 session cookie in ")  # no host
    from_session = {c.name: c for c in cookies if c.source is Source.SESSION_STORE}
    assert set(from_session) == {"sid", "chips"}
    assert from_session["sid"].session and from_session["sid"].http_only
    assert from_session["sid"].same_site is SameSite.LAX
    assert from_session["chips"].partition_key == "https://news.example"


def test_recovery_file_used_while_running(tmp_path: Path) -> None:
    path = make_firefox_store(tmp_path / "cookies.sqlite", [FakeCookie("a.example", "db")])
    backups = tmp_path / "sessionstore-backups"
    backups.mkdir()
    payload = {"cookies": [{"host": "x.example", "name": "live", "value": "1", "path": "/"}]}
    (backups / "recovery.jsonlz4").write_bytes(mozlz4.compress(json.dumps(payload).encode()))
    cookies, _ = firefox.read(store_at(path))
    assert "live" in {c.name for c in cookies}


def test_damaged_session_store_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    path = make_firefox_store(tmp_path / "cookies.sqlite", [FakeCookie("a.example", "db")])
    (tmp_path / "sessionstore.jsonlz4").write_bytes(b"mozLz40\0\x10\x00\x00\x00garbage")
    cookies, warnings = firefox.read(store_at(path))
    assert [c.name for c in cookies] == ["db"]
    assert "sessionstore.jsonlz4" in warnings[0]


def test_not_a_firefox_store(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "cookies.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE cookies (x)")
    with pytest.raises(NotACookieStoreError):
        firefox.read(store_at(path))


def test_unknown_schema_version_refused(tmp_path: Path) -> None:
    """user_version 0 says nothing about the units; every real version (1-17) is read."""
    path = make_firefox_store(
        tmp_path / "cookies.sqlite", [FakeCookie("a.example", "x")], version=0
    )
    with pytest.raises(UnsupportedSchemaError):
        firefox.read(store_at(path))
