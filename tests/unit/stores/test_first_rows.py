"""A scan of many cookies shows the first rows of its stores before reading them whole
(issue #14): ``read_first_rows`` stops after a number of cookies, and says how many rows
the store holds, only where there were more; otherwise it is exactly ``read_store``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from inspector.model import Family, Source, Store, StoreResult
from inspector.stores import mozlz4, read_first_rows, read_store
from tests.support.storefactory import FakeCookie, make_chromium_store, make_firefox_store

COOKIES = [FakeCookie(f"site{i % 7}.example", f"name{i}") for i in range(30)]


def chromium_store(tmp_path: Path, cookies: list[FakeCookie] = COOKIES) -> Store:
    path = make_chromium_store(tmp_path / "Default" / "Cookies", cookies)
    return Store("chromium", "Chromium", Family.CHROMIUM, "Default", path, path.parent)


def firefox_store(tmp_path: Path, cookies: list[FakeCookie] = COOKIES) -> Store:
    path = make_firefox_store(tmp_path / "cookies.sqlite", cookies)
    return Store("firefox", "Firefox", Family.FIREFOX, "default", path, path.parent)


def ids(result: StoreResult) -> list[str]:
    return [cookie.id for cookie in result.cookies]


def same(first: StoreResult, whole: StoreResult) -> bool:
    """The same cookies (their ids: the store and the whole row key) and the same words."""
    return (first.store, ids(first), first.warnings, first.error, first.error_type) == (
        whole.store,
        ids(whole),
        whole.warnings,
        whole.error,
        whole.error_type,
    )


@pytest.mark.parametrize("make", [chromium_store, firefox_store], ids=["chromium", "firefox"])
def test_the_first_rows_and_how_many_the_store_holds(make: object, tmp_path: Path) -> None:
    store = make(tmp_path)  # type: ignore[operator]
    whole = read_store(store)
    first, rows = read_first_rows(store, 12)
    assert rows == len(whole.cookies) == 30
    assert ids(first) == ids(whole)[:12]  # the same cookies, ids included, in the same order
    nothing, rows = read_first_rows(store, 0)
    assert nothing.cookies == () and rows == 30


@pytest.mark.parametrize("make", [chromium_store, firefox_store], ids=["chromium", "firefox"])
@pytest.mark.parametrize("limit", [30, 31, 1000])
def test_a_store_within_the_limit_is_read_whole(make: object, limit: int, tmp_path: Path) -> None:
    store = make(tmp_path)  # type: ignore[operator]
    first, rows = read_first_rows(store, limit)
    assert rows is None
    assert same(first, read_store(store))


def test_rows_left_out_are_still_said_when_the_store_is_read_whole(tmp_path: Path) -> None:
    """Rows a reader cannot list do not count toward the limit: the store is whole, and the
    warning about them is there as read_store gives it."""
    store = chromium_store(tmp_path, COOKIES[:5])
    with sqlite3.connect(store.path) as connection:
        connection.execute(
            "UPDATE cookies SET host_key = CAST(host_key AS BLOB) WHERE name IN ('name0', 'name1')"
        )
    connection.close()
    first, rows = read_first_rows(store, 3)
    assert rows is None and len(first.cookies) == 3
    assert same(first, read_store(store))
    assert any("2 cookies were left out" in warning for warning in first.warnings)


def test_firefox_session_cookies_come_with_a_store_read_whole(tmp_path: Path) -> None:
    store = firefox_store(tmp_path, COOKIES[:4])
    session = {"cookies": [{"host": "live.example", "name": "sid", "value": "1", "path": "/"}]}
    (tmp_path / "sessionstore.jsonlz4").write_bytes(mozlz4.compress(json.dumps(session).encode()))
    whole, rows = read_first_rows(store, 4)
    assert rows is None and same(whole, read_store(store))
    assert [c.name for c in whole.cookies if c.source is Source.SESSION_STORE] == ["sid"]
    first, rows = read_first_rows(store, 3)  # the session store waits for the whole read
    assert rows == 4 and [c.source for c in first.cookies] == [Source.DATABASE] * 3


def test_a_store_that_cannot_be_read_fails_the_same_way(tmp_path: Path) -> None:
    path = tmp_path / "Default" / "Cookies"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database at all" * 100)
    store = Store("chromium", "Chromium", Family.CHROMIUM, "Default", path, path.parent)
    first, rows = read_first_rows(store, 5)
    assert rows is None and same(first, read_store(store)) and first.error
