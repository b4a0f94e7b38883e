"""Each store read once whatever folder is named, ids independent of how a path was typed, and
Firefox session stores named directly."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from inspector.discovery import store_for_path
from inspector.model import Family, SameSite, Source
from inspector.scan import resolve_stores, scan
from inspector.stores import mozlz4
from inspector.values import read_values
from tests.support.storefactory import FakeCookie, make_chromium_store, make_firefox_store


def _ids(paths: list[Path | str]) -> list[str]:
    stores, failures = resolve_stores(paths)
    assert failures == []
    return sorted(cookie.id for cookie in scan(stores).cookies)


def test_profile_folder_with_network_cookies_and_no_local_state_is_read_once(
    tmp_path: Path,
) -> None:
    profile = tmp_path / "copied-profile"
    make_chromium_store(profile / "Network" / "Cookies", [FakeCookie("a.example", "x")])
    stores = store_for_path(profile)
    assert [store.path for store in stores] == [(profile / "Network" / "Cookies").resolve()]
    assert len(_ids([profile])) == 1


def test_the_network_folder_itself(tmp_path: Path) -> None:
    network = tmp_path / "Default" / "Network"
    make_chromium_store(network / "Cookies", [FakeCookie("a.example", "x")])
    assert [store.profile_dir.name for store in store_for_path(network)] == ["Default"]


def test_opera_user_data_folder_is_read_once(tmp_path: Path) -> None:
    """Opera keeps its only profile's files in the user-data folder itself."""
    opera = tmp_path / "opera"
    make_chromium_store(opera / "Network" / "Cookies", [FakeCookie("a.example", "x")])
    (opera / "Local State").write_text(json.dumps({"profile": {"info_cache": {}}}))
    assert len(store_for_path(opera)) == 1
    assert len(_ids([opera])) == 1


def test_the_same_store_named_twice_is_read_once(tmp_path: Path) -> None:
    profile = tmp_path / "Default"
    make_chromium_store(profile / "Cookies", [FakeCookie("a.example", "x")])
    assert len(_ids([profile, profile / "Cookies", tmp_path / "Default" / ".." / "Default"])) == 1


def test_ids_do_not_depend_on_how_the_path_was_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real" / "Default"
    make_chromium_store(real / "Cookies", [FakeCookie("a.example", "x")])
    link = tmp_path / "link"
    os.symlink(tmp_path / "real", link)
    monkeypatch.chdir(tmp_path)
    expected = _ids([real / "Cookies"])
    typed: list[Path | str] = [
        "real/Default/Cookies",
        "real/Default/../Default/Cookies",
        link / "Default" / "Cookies",
        "link/Default",
        str(real),
    ]
    for path in typed:
        assert _ids([path]) == expected, path
    (store,) = store_for_path(Path("link/Default"))
    assert store.path == (real / "Cookies").resolve()  # the resolved path is what is kept
    assert store.profile_dir == real.resolve()


SESSION = {
    "cookies": [
        {"host": ".news.example", "name": "top", "value": "1", "path": "/", "sameSite": 256},
    ],
    "windows": [
        {"cookies": [{"host": "shop.example", "name": "cart", "value": "2", "httponly": True}]},
        {"cookies": [{"host": "shop.example", "name": "cart", "value": "2", "httponly": True}]},
    ],
}


@pytest.mark.parametrize(
    ("relative", "wrapped"),
    [
        ("sessionstore.jsonlz4", False),
        ("sessionstore-backups/recovery.jsonlz4", False),
        ("sessionstore-backups/previous.jsonlz4", False),
        ("sessionstore-backups/upgrade.jsonlz4-20250101000000", False),
        ("sessionstore.js", False),
        ("sessionstore.js", True),  # Firefox 3 wrapped the object in parentheses
    ],
    ids=["sessionstore", "recovery", "previous", "upgrade", "js", "js-parenthesised"],
)
def test_session_store_named_directly(tmp_path: Path, relative: str, wrapped: bool) -> None:
    profile = tmp_path / "abcd.default"
    path = profile / relative
    path.parent.mkdir(parents=True)
    payload = json.dumps(SESSION).encode()
    if wrapped:
        path.write_bytes(b"(" + payload + b")")
    elif relative.endswith(".js"):
        path.write_bytes(payload)
    else:
        path.write_bytes(mozlz4.compress(payload))
    (store,) = store_for_path(path)
    assert store.family is Family.FIREFOX
    assert store.profile_dir == profile.resolve()
    result = scan([store]).results[0]
    assert result.ok, result.error
    by_name = {cookie.name: cookie for cookie in result.cookies}
    assert sorted(by_name) == ["cart", "top"]  # the per-window copies are one cookie
    assert all(cookie.source is Source.SESSION_STORE for cookie in result.cookies)
    assert by_name["cart"].http_only and by_name["top"].same_site is SameSite.UNSPECIFIED
    values = read_values(result.cookies)
    assert {value.value for value in values.values()} == {"1", "2"}


def test_a_session_file_named_with_its_profile_is_read_once(tmp_path: Path) -> None:
    profile = tmp_path / "abcd.default"
    make_firefox_store(profile / "cookies.sqlite", [FakeCookie("a.example", "x")])
    newest = profile / "sessionstore.jsonlz4"
    newest.write_bytes(mozlz4.compress(json.dumps(SESSION).encode()))
    older = profile / "sessionstore-backups" / "previous.jsonlz4"
    older.parent.mkdir()
    older.write_bytes(mozlz4.compress(json.dumps(SESSION).encode()))
    cookies = scan(resolve_stores([profile, newest])[0]).cookies
    assert sorted(cookie.name for cookie in cookies) == ["cart", "top", "x"]
    cookies = scan(resolve_stores([newest, profile / "cookies.sqlite"])[0]).cookies
    assert sorted(cookie.name for cookie in cookies) == ["cart", "top", "x"]
    # an older backup is not what the profile reads: named with it, it is read as asked
    stores, _failures = resolve_stores([profile, older])
    assert sorted(store.path.name for store in stores) == ["cookies.sqlite", "previous.jsonlz4"]
