"""Every schema version Chromium and Firefox ever wrote, built in code from the browsers' own
migrations (tests/support/schema_history.py), read with the right times, flags and SameSite,
each cookie exactly once."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from inspector.model import Family, SameSite, Store
from inspector.stores import chromium, firefox, read_store
from inspector.values import read_values
from tests.support.schema_history import (
    CHROMIUM_VERSIONS,
    FIREFOX_VERSIONS,
    make_chromium_version,
    make_firefox_version,
)
from tests.support.storefactory import NOW, FakeCookie

CREATED = NOW - timedelta(days=10)
EXPIRES = NOW + timedelta(days=200)
ACCESSED = NOW - timedelta(hours=3)


def _cookies(explicit_none: bool) -> list[FakeCookie]:
    # distinct creation times: before Chromium 10 the creation time was the primary key
    cookies = [
        FakeCookie(
            ".news.example",
            "strict",
            value="s1",
            path="/account",
            created=CREATED,
            expires=EXPIRES,
            last_accessed=ACCESSED,
            secure=True,
            http_only=True,
            same_site=2,
        ),
        FakeCookie(
            "www.news.example",
            "lax",
            value="s2",
            created=CREATED + timedelta(seconds=1),
            expires=EXPIRES,
            last_accessed=ACCESSED,
            secure=False,
            same_site=1,
        ),
        FakeCookie(
            "ads.example",
            "unset",
            value="s3",
            created=CREATED + timedelta(seconds=2),
            expires=EXPIRES,
            last_accessed=ACCESSED,
            same_site=-1,
        ),
    ]
    if explicit_none:
        cookies.append(
            FakeCookie(
                "ads.example",
                "none",
                value="s4",
                created=CREATED + timedelta(seconds=3),
                expires=EXPIRES,
                last_accessed=ACCESSED,
                same_site=0,
            )
        )
    return cookies


def _store(path: Path, family: Family) -> Store:
    browser = "Chromium" if family is Family.CHROMIUM else "Firefox"
    return Store(browser.lower(), browser, family, "Default", path, path.parent)


# Which SameSite each version can tell: none before the column existed.
def _chromium_expected(version: int, same_site: int) -> SameSite:
    if version < 8:
        return SameSite.UNSPECIFIED
    return {-1: SameSite.UNSPECIFIED, 0: SameSite.NONE, 1: SameSite.LAX, 2: SameSite.STRICT}[
        same_site
    ]


@pytest.mark.parametrize("version", CHROMIUM_VERSIONS, ids=lambda v: f"chromium-v{v}")
def test_every_chromium_version(tmp_path: Path, version: int) -> None:
    fakes = _cookies(explicit_none=version >= 11)
    path = make_chromium_version(tmp_path / "Cookies", version, fakes)
    result = read_store(_store(path, Family.CHROMIUM))
    assert result.ok, result.error
    assert result.warnings == ()
    assert len(result.cookies) == len(fakes)
    assert len({cookie.id for cookie in result.cookies}) == len(fakes)
    by_name = {cookie.name: cookie for cookie in result.cookies}
    for fake in fakes:
        cookie = by_name[fake.name]
        assert (cookie.host, cookie.path) == (fake.host, fake.path)
        assert cookie.created == fake.created
        assert cookie.expires == EXPIRES
        assert cookie.last_accessed == ACCESSED
        assert (cookie.secure, cookie.http_only) == (fake.secure, fake.http_only)
        assert cookie.same_site is _chromium_expected(version, fake.same_site), fake.name
    values = read_values(result.cookies, allow_keyring=False)
    assert {by_id.value for by_id in values.values()} == {fake.value for fake in fakes}


@pytest.mark.parametrize("version", [5, 9, 10, 12, 24], ids=lambda v: f"chromium-v{v}")
def test_chromium_session_cookies_in_old_versions(tmp_path: Path, version: int) -> None:
    fake = FakeCookie("a.example", "session", expires=None, created=CREATED)
    path = make_chromium_version(tmp_path / "Cookies", version, [fake])
    (cookie,) = read_store(_store(path, Family.CHROMIUM)).cookies
    assert cookie.session and cookie.expires is None


def test_chromium_pre_10_rows_with_the_same_name_stay_two(tmp_path: Path) -> None:
    """Before version 10 nothing kept (host, name, path) unique; only the creation time."""
    twins = [
        FakeCookie("a.example", "id", created=CREATED),
        FakeCookie("a.example", "id", created=CREATED + timedelta(seconds=5)),
    ]
    path = make_chromium_version(tmp_path / "Cookies", 9, twins)
    cookies = read_store(_store(path, Family.CHROMIUM)).cookies
    assert len({cookie.id for cookie in cookies}) == 2
    with closing(sqlite3.connect(path)) as connection:
        key = chromium.unique_key(connection, set())
    assert key == ("host_key", "name", "path", "creation_utc")


@pytest.mark.parametrize(
    ("stored", "expected"),
    [(0, SameSite.UNSPECIFIED), (1, SameSite.LAX), (2, SameSite.STRICT), (3, SameSite.UNSPECIFIED)],
    ids=["no-attribute", "lax", "strict", "unknown-value"],
)
def test_chromium_firstpartyonly_values(tmp_path: Path, stored: int, expected: SameSite) -> None:
    """Before 11, 0 was written for cookies without the attribute (the v11 migration says so)."""
    fake = FakeCookie("a.example", "x", extra={"firstpartyonly": stored})
    path = make_chromium_version(tmp_path / "Cookies", 10, [fake])
    (cookie,) = read_store(_store(path, Family.CHROMIUM)).cookies
    assert cookie.same_site is expected


def _firefox_expected(version: int, same_site: int) -> SameSite:
    if version < 9:
        return SameSite.UNSPECIFIED
    return {-1: SameSite.UNSPECIFIED, 0: SameSite.NONE, 1: SameSite.LAX, 2: SameSite.STRICT}[
        same_site
    ]


@pytest.mark.parametrize("version", FIREFOX_VERSIONS, ids=lambda v: f"firefox-v{v}")
def test_every_firefox_version(tmp_path: Path, version: int) -> None:
    fakes = _cookies(explicit_none=version >= 10)
    path = make_firefox_version(tmp_path / "profile" / "cookies.sqlite", version, fakes)
    result = read_store(_store(path, Family.FIREFOX))
    assert result.ok, result.error
    assert len(result.cookies) == len(fakes)
    assert len({cookie.id for cookie in result.cookies}) == len(fakes)
    by_name = {cookie.name: cookie for cookie in result.cookies}
    for fake in fakes:
        cookie = by_name[fake.name]
        assert (cookie.host, cookie.path) == (fake.host, fake.path)
        assert cookie.expires == EXPIRES
        # creationTime from 4, lastAccessed from 2
        assert cookie.created == (fake.created if version >= 4 else None)
        assert cookie.last_accessed == (ACCESSED if version >= 2 else None)
        assert (cookie.secure, cookie.http_only) == (fake.secure, fake.http_only)
        assert cookie.same_site is _firefox_expected(version, fake.same_site), fake.name
        assert cookie.partition_key is None and cookie.container is None
    values = read_values(result.cookies)
    assert {by_id.value for by_id in values.values()} == {fake.value for fake in fakes}


@pytest.mark.parametrize(
    ("same_site", "raw", "expected"),
    [
        (1, 0, SameSite.UNSPECIFIED),
        (1, 1, SameSite.LAX),
        (0, 0, SameSite.NONE),
        (2, 2, SameSite.STRICT),
        (256, None, SameSite.UNSPECIFIED),
    ],
    ids=["lax-by-default", "sent-lax", "sent-none", "sent-strict", "unset-marker"],
)
def test_firefox_raw_same_site(
    tmp_path: Path, same_site: int, raw: int | None, expected: SameSite
) -> None:
    """rawSameSite keeps what the site sent: applied lax with nothing sent is 'unspecified'."""
    fake = FakeCookie("a.example", "x", extra={"sameSite": same_site, "rawSameSite": raw})
    path = make_firefox_version(tmp_path / "cookies.sqlite", 12, [fake])
    (cookie,) = read_store(_store(path, Family.FIREFOX)).cookies
    assert cookie.same_site is expected


def test_firefox_v5_keys_rows_by_app_id(tmp_path: Path) -> None:
    """Schema 5 kept one cookie per app; the two rows are two cookies."""
    fakes = [
        FakeCookie("a.example", "id", extra={"appId": 0}),
        FakeCookie("a.example", "id", extra={"appId": 7}),
    ]
    path = make_firefox_version(tmp_path / "cookies.sqlite", 5, fakes)
    cookies = read_store(_store(path, Family.FIREFOX)).cookies
    assert len({cookie.id for cookie in cookies}) == 2
    assert firefox.unique_key({"appId", "name"}) == (
        "name",
        "host",
        "path",
        "appId",
        "inBrowserElement",
    )
