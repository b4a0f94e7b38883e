"""Regression corpus: one malformed row costs that row, never its store (issue #12).

Each case builds a store with the browser's real schema holding a good cookie and a bad one,
damages the bad one with one SQL statement, and checks that the good cookie is read, the
store has no error, and the bad one is either left out with a warning that counts it and
says why, or listed with the unreadable field blank.
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from inspector.model import Cookie, Family, Store
from inspector.stores import mozlz4, read_store
from tests.support.hostile import safari_file, safari_record
from tests.support.storefactory import FakeCookie, make_chromium_store, make_firefox_store

INT64_MAX = 2**63 - 1
YEAR_9999 = 9999


@dataclass(frozen=True)
class Case:
    family: Family
    damage: str  # SQL run on the store; the bad row is the one named 'bad'
    outcome: str  # "skipped" or the name of a Cookie attribute expected to be blank (None)
    reason: str
    warning: str = ""  # a fragment the store's warning must contain when skipped


def chromium(damage: str, outcome: str, reason: str, warning: str = "") -> Case:
    return Case(
        Family.CHROMIUM, f"UPDATE cookies SET {damage} WHERE name = 'bad'", outcome, reason, warning
    )


def firefox(damage: str, outcome: str, reason: str, warning: str = "") -> Case:
    return Case(
        Family.FIREFOX,
        f"UPDATE moz_cookies SET {damage} WHERE name = 'bad'",
        outcome,
        reason,
        warning,
    )


CASES = [
    chromium("host_key = X'676f6f64'", "skipped", "a BLOB host", "its host is missing"),
    chromium("name = X'626164'", "skipped", "a BLOB name (the WHERE matched it before)", "name"),
    chromium("path = X'2f'", "skipped", "a BLOB path", "path"),
    chromium("top_frame_site_key = X'00ff'", "partition_key", "a BLOB partition key"),
    chromium("creation_utc = 1e300", "far", "a REAL creation time far in the future"),
    chromium("expires_utc = 1e300", "far_expiry", "a REAL expiry far in the future"),
    chromium(f"expires_utc = {INT64_MAX}", "far_expiry", "INT64_MAX expiry"),
    chromium("expires_utc = 'soon'", "expires_us", "text expiry: listed as a session cookie"),
    chromium("last_access_utc = 'yesterday'", "last_accessed_us", "text last access"),
    chromium("last_access_utc = -5", "last_accessed_us", "a negative last access"),
    chromium("creation_utc = X'01'", "created_us", "a BLOB creation time"),
    chromium("samesite = 'lax'", "listed", "text samesite is unspecified"),
    chromium("is_secure = X'00'", "listed", "a BLOB flag"),
    chromium("value = '', encrypted_value = 1", "listed", "a number as the encrypted value"),
    chromium("value = 7, encrypted_value = 'text'", "listed", "a number as the value"),
    chromium(
        "host_key = CAST(X'ff2e6578616d706c65' AS TEXT)", "skipped", "host not UTF-8", "UTF-8"
    ),
    chromium("name = CAST(X'c3' AS TEXT)", "skipped", "name cut mid-character", "UTF-8"),
    chromium(
        "top_frame_site_key = CAST(X'ff' AS TEXT)", "skipped", "partition key not UTF-8", "UTF-8"
    ),
    firefox("host = NULL", "skipped", "a NULL host (the schema allows it)", "host"),
    firefox("name = NULL", "skipped", "a NULL name", "name"),
    firefox("host = X'61'", "skipped", "a BLOB host", "host"),
    firefox(
        "originAttributes = X'5e'", "skipped", "a BLOB originAttributes (part of the key)", "cookie"
    ),
    firefox(f"expiry = {INT64_MAX}", "far_expiry", "INT64_MAX expiry overflows in microseconds"),
    firefox("expiry = 1e300", "far_expiry", "a REAL expiry"),
    firefox("expiry = 'never'", "expires_us", "text expiry"),
    firefox("lastAccessed = 'text'", "last_accessed_us", "text in lastAccessed"),
    firefox("creationTime = 1e300", "far", "a REAL creation time"),
    firefox("creationTime = -1", "created_us", "a negative creation time"),
    firefox("sameSite = 1e300", "listed", "a REAL sameSite"),
    firefox("host = CAST(X'e282' AS TEXT)", "skipped", "host not UTF-8", "UTF-8"),
    firefox("path = CAST(X'2fff' AS TEXT)", "skipped", "path not UTF-8", "UTF-8"),
    firefox(
        "originAttributes = '^partitionKey=%28https%2C%ff'",
        "listed",
        "a percent-escape that is not UTF-8 in the partition key",
    ),
]


def build(case: Case, folder: Path) -> Store:
    cookies = [FakeCookie("good.example", "good"), FakeCookie("bad.example", "bad")]
    if case.family is Family.CHROMIUM:
        path = make_chromium_store(folder / "Cookies", cookies)
    else:
        path = make_firefox_store(folder / "cookies.sqlite", cookies)
    with sqlite3.connect(path) as connection:
        connection.execute(case.damage)
    connection.close()
    return Store("x", case.family.value, case.family, "p", path, folder)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.family.value}-{c.reason}" for c in CASES])
def test_a_bad_row_costs_that_row(case: Case, tmp_path: Path) -> None:
    result = read_store(build(case, tmp_path))
    assert result.ok, result.error
    names = [cookie.name for cookie in result.cookies]
    assert "good" in names, case.reason
    if case.outcome == "skipped":
        assert len(result.cookies) == 1, case.reason
        assert len(result.warnings) == 1, result.warnings
        assert result.warnings[0].startswith("1 cookie was left out"), result.warnings
        assert case.warning in result.warnings[0], result.warnings
        return
    assert len(result.cookies) == 2, case.reason
    assert result.warnings == (), result.warnings
    bad = next(cookie for cookie in result.cookies if cookie.host.startswith("bad"))
    shown_everywhere(bad)
    if case.outcome == "far":
        assert bad.created is not None and bad.created.year == YEAR_9999, case.reason
    elif case.outcome == "far_expiry":
        assert bad.expires is not None and bad.expires.year == YEAR_9999 and not bad.session, (
            case.reason
        )
    elif case.outcome != "listed":
        assert getattr(bad, case.outcome) is None, case.reason


def shown_everywhere(cookie: Cookie) -> None:
    """Every derived field the scan shows, and the value, can be computed without raising."""
    from inspector.document import cookie_entry
    from inspector.values import read_values

    json.dumps(cookie_entry(cookie))
    value = read_values([cookie], allow_keyring=False)[cookie.id]
    assert value.value is None or isinstance(value.value, str)


# --------------------------------------------------------------------------- Safari


SAFARI_TIMES = [
    pytest.param(math.inf, 0.0, "far_expiry", id="expiry-plus-inf"),
    pytest.param(-math.inf, 0.0, "expires_us", id="expiry-minus-inf"),
    pytest.param(1e20, 0.0, "far_expiry", id="expiry-1e20"),
    pytest.param(-1e15, 0.0, "expires_us", id="expiry-minus-1e15"),
    pytest.param(math.nan, 0.0, "expires_us", id="expiry-nan"),
    pytest.param(8e8, math.inf, "far", id="creation-plus-inf"),
    pytest.param(8e8, -math.inf, "created_us", id="creation-minus-inf"),
    pytest.param(8e8, 1e20, "far", id="creation-1e20"),
    pytest.param(8e8, -1e15, "created_us", id="creation-minus-1e15"),
]


@pytest.mark.parametrize(("expires", "created", "outcome"), SAFARI_TIMES)
def test_safari_times_out_of_range(
    expires: float, created: float, outcome: str, tmp_path: Path
) -> None:
    path = tmp_path / "Cookies.binarycookies"
    path.write_bytes(
        safari_file(
            [
                safari_record(b"good.example", b"good", 8e8, 7e8),
                safari_record(b"bad.example", b"bad", expires, created),
            ]
        )
    )
    result = read_store(Store("safari", "Safari", Family.SAFARI, "p", path, tmp_path))
    assert result.ok, result.error
    assert len(result.cookies) == 2
    bad = next(cookie for cookie in result.cookies if cookie.name == "bad")
    shown_everywhere(bad)
    if outcome == "far":
        assert bad.created is not None and bad.created.year == YEAR_9999
    elif outcome == "far_expiry":
        assert bad.expires is not None and bad.expires.year == YEAR_9999
    else:
        assert getattr(bad, outcome) is None


def test_safari_record_not_utf8_costs_that_record(tmp_path: Path) -> None:
    path = tmp_path / "Cookies.binarycookies"
    path.write_bytes(
        safari_file(
            [
                safari_record(b"good.example", b"good", 8e8, 7e8),
                safari_record(b"\xffbad.example", b"bad", 8e8, 7e8),
                safari_record(b"bad.example", b"\xc3", 8e8, 7e8),
            ]
        )
    )
    result = read_store(Store("safari", "Safari", Family.SAFARI, "p", path, tmp_path))
    assert result.ok, result.error
    assert [c.name for c in result.cookies] == ["good"]
    assert result.warnings == ("2 cookies were left out because their text is not valid UTF-8.",)


# --------------------------------------------------------------------------- session store


SESSION_ENTRIES = [
    pytest.param({"host": "bad.example", "name": ["a", "list"]}, id="name-is-a-list"),
    pytest.param({"host": ["bad.example"], "name": "bad"}, id="host-is-a-list"),
    pytest.param({"host": "bad.example", "name": {"x": 1}}, id="name-is-an-object"),
    pytest.param({"host": "bad.example", "name": "bad", "path": 5}, id="path-is-a-number"),
    pytest.param({"host": "\ud800.example", "name": "bad"}, id="host-lone-surrogate"),
    pytest.param({"host": "bad.example", "name": None}, id="name-null"),
]


@pytest.mark.parametrize("entry", SESSION_ENTRIES)
def test_session_store_entry_costs_that_entry(entry: dict[str, object], tmp_path: Path) -> None:
    from inspector.analysis import analyse
    from inspector.classify import Classifier
    from inspector.scan import ScanResult

    path = make_firefox_store(tmp_path / "cookies.sqlite", [FakeCookie("db.example", "db")])
    good = {"host": "good.example", "name": "good", "value": "1", "path": "/"}
    session = {"cookies": [good, entry | {"value": "\ud800", "originAttributes": {"x": [1]}}]}
    (tmp_path / "sessionstore.jsonlz4").write_bytes(mozlz4.compress(json.dumps(session).encode()))
    store = Store("firefox", "Firefox", Family.FIREFOX, "p", path, tmp_path)
    result = read_store(store)
    assert result.ok, result.error
    names = sorted(cookie.name for cookie in result.cookies)
    listed = entry.get("path") == 5  # a path that is not text is read as "/"
    assert names == (["bad", "db", "good"] if listed else ["db", "good"])
    if not listed:
        assert len(result.warnings) == 1 and "1 session cookie" in result.warnings[0]
    # the values are read as well (they decide consent records): nothing may raise
    analysis = analyse(ScanResult((result,)), Classifier(), allow_keyring=False, all_values=True)
    assert {f.cookie.name for f in analysis.findings} == set(names)
    for value in analysis.values.values():
        if value.value is not None:
            value.value.encode("utf-8")  # text a report can write: no lone surrogates
