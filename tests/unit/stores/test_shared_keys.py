"""Each cookie's row key is the store's unique key of its row, though the readers keep only
the parts other than host, name and path, shared by the cookies that have them alike."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from inspector.model import Cookie, Family, SameSite, SharedKey, Store
from inspector.stores import read_store
from inspector.stores.chromium import unique_key
from inspector.stores.firefox import unique_key as firefox_unique_key
from tests.support.storefactory import FakeCookie, make_chromium_store, make_firefox_store

COOKIES = [
    FakeCookie(f"site{n % 7}.example", f"name{n % 5}", path=f"/p{n % 3}", partition=partition)
    for n in range(40)
    for partition in ("", "https://top.example")
]


def _store(tmp_path: Path, family: Family) -> Store:
    if family is Family.CHROMIUM:
        path = make_chromium_store(tmp_path / "Default" / "Cookies", COOKIES)
    else:
        path = make_firefox_store(tmp_path / "cookies.sqlite", COOKIES)
    return Store(family.value, family.value, family, "Default", path, path.parent)


def _keys_in_store(store: Store) -> set[tuple[object, ...]]:
    with sqlite3.connect(store.path) as connection:
        table = "cookies" if store.family is Family.CHROMIUM else "moz_cookies"
        columns = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        key = (
            unique_key(connection, columns)
            if store.family is Family.CHROMIUM
            else firefox_unique_key(columns)
        )
        rows = connection.execute(f"SELECT {', '.join(key)} FROM {table}").fetchall()
    return {tuple(row) for row in rows}


@pytest.mark.parametrize("family", [Family.CHROMIUM, Family.FIREFOX])
def test_row_keys_are_the_stores_own_and_their_other_parts_are_shared(
    tmp_path: Path, family: Family
) -> None:
    store = _store(tmp_path, family)
    cookies = read_store(store).cookies
    expected = _keys_in_store(store)
    assert len(cookies) == len(expected) > 0
    assert {cookie.row_key for cookie in cookies} == expected
    # one object per distinct remainder (here: partitioned or not), not one per cookie
    shared = {id(cookie._row_key) for cookie in cookies}
    assert all(isinstance(cookie._row_key, SharedKey) for cookie in cookies)
    assert len(shared) == 2
    # ids follow the key, as before the keys were shared
    assert len({cookie.id for cookie in cookies}) == len(cookies)


def test_hosts_and_names_are_one_string_each(tmp_path: Path) -> None:
    cookies = read_store(_store(tmp_path, Family.CHROMIUM)).cookies
    assert len({id(c.host) for c in cookies}) == len({c.host for c in cookies}) == 7
    assert len({id(c.name) for c in cookies}) == len({c.name for c in cookies}) == 5


def test_a_plain_tuple_key_still_serves() -> None:
    store = Store("x", "X", Family.SAFARI, "p", Path("/nowhere"), Path("/"))
    key = ("a.example", "n", "/")
    cookie = Cookie(store, *key, None, None, None, False, False, SameSite.LAX, None, key)
    assert cookie.row_key == key


@pytest.mark.parametrize("family", [Family.CHROMIUM, Family.FIREFOX])
def test_ids_are_those_of_the_whole_key(tmp_path: Path, family: Family) -> None:
    """An id worked out from the shared key's joined text is the id of the key itself, with
    braces, separators and non-ASCII in the parts too."""
    from inspector.model import cookie_id

    odd = [
        FakeCookie("braces{0}.example", "n{1}}", path="/{2}", partition="https://t{}.example"),
        FakeCookie("é.example", "näme\x1fx", path="/p"),
    ]
    if family is Family.CHROMIUM:
        path = make_chromium_store(tmp_path / "Default" / "Cookies", COOKIES + odd)
    else:
        path = make_firefox_store(tmp_path / "cookies.sqlite", COOKIES + odd)
    store = Store(family.value, family.value, family, "Default", path, path.parent)
    cookies = read_store(store).cookies
    assert len(cookies) == len(COOKIES) + 2
    for cookie in cookies:
        assert cookie.id == cookie_id(store.path, cookie.source, cookie.row_key)
