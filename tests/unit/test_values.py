"""Values on request: decrypted one by one, and a value that cannot be decrypted is reported
with its reason without hiding any other cookie."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from inspector.keys import KeyProblem, describe
from inspector.model import Family, Store
from inspector.stores import read_store
from inspector.values import read_values
from tests.support.storefactory import FakeCookie, make_chromium_store, make_firefox_store


def test_one_undecryptable_value_hides_nothing(tmp_path: Path) -> None:
    path = make_chromium_store(
        tmp_path / "Default" / "Cookies",
        [
            FakeCookie("a.example", "plain", value="v10 secret"),
            FakeCookie("a.example", "app_bound", value="x"),
            FakeCookie("a.example", "keyring", value="y"),
            FakeCookie("a.example", "garbled", value="z"),
        ],
        encrypt=True,
    )
    with sqlite3.connect(path) as connection:
        connection.execute(
            "UPDATE cookies SET encrypted_value = ? WHERE name = 'app_bound'",
            (b"v20" + b"\x01" * 40,),
        )
        connection.execute(
            "UPDATE cookies SET encrypted_value = ? WHERE name = 'keyring'",
            (b"v11" + b"\x02" * 32,),
        )
        connection.execute(
            "UPDATE cookies SET encrypted_value = ? WHERE name = 'garbled'",
            (b"v10" + b"\x03" * 32,),
        )
    store = Store("chromium", "Chromium", Family.CHROMIUM, "Default", path, path.parent)
    cookies = read_store(store).cookies
    assert len(cookies) == 4
    values = read_values(cookies, allow_keyring=False)
    by_name = {c.name: values[c.id] for c in cookies}
    assert by_name["plain"].value == "v10 secret"
    assert by_name["app_bound"].value is None
    assert by_name["app_bound"].problem is KeyProblem.APP_BOUND
    assert by_name["app_bound"].reason == describe(KeyProblem.APP_BOUND)
    assert by_name["keyring"].value is None
    assert by_name["keyring"].problem is KeyProblem.NOT_ASKED
    assert by_name["keyring"].reason == describe(KeyProblem.NOT_ASKED)
    assert by_name["garbled"].value is None and by_name["garbled"].reason


def test_values_of_a_vanished_store(tmp_path: Path) -> None:
    path = make_chromium_store(tmp_path / "Default" / "Cookies", [FakeCookie("a.example", "x")])
    store = Store("chromium", "Chromium", Family.CHROMIUM, "Default", path, path.parent)
    [cookie] = read_store(store).cookies
    path.unlink()
    # the value read in the same pass as the cookie stays what the scan saw
    assert [v.value for v in read_values([cookie]).values()] == ["v"]
    # one the reader kept no value for is read from the store, which is gone: it says so
    cookie.stored_value = None
    [value] = read_values([cookie]).values()
    assert value.value is None and str(path) in (value.reason or "")


def test_values_are_read_with_the_cookies_in_one_pass(tmp_path: Path) -> None:
    cookies = [FakeCookie("a.example", "clear", value="plain"), FakeCookie("b.example", "bad")]
    chromium = make_chromium_store(tmp_path / "c" / "Default" / "Cookies", cookies, encrypt=True)
    firefox = make_firefox_store(tmp_path / "f" / "cookies.sqlite", cookies)
    for family, path in ((Family.CHROMIUM, chromium), (Family.FIREFOX, firefox)):
        store = Store(family.value, family.value, family, "Default", path, path.parent)
        read = read_store(store).cookies
        path.unlink()  # nothing is read again: the values came with the rows
        values = read_values(read, allow_keyring=False)
        assert {c.name: values[c.id].value for c in read} == {"clear": "plain", "bad": "v"}


def test_a_value_that_is_not_utf8_does_not_stop_the_read(tmp_path: Path) -> None:
    path = make_firefox_store(tmp_path / "cookies.sqlite", [FakeCookie("a.example", "odd")])
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE moz_cookies SET value = CAST(X'66FF6F' AS TEXT)")
    store = Store("firefox", "Firefox", Family.FIREFOX, "default", path, path.parent)
    [cookie] = read_store(store).cookies
    [value] = read_values([cookie]).values()
    assert value.value == "f\ufffdo"


def test_a_value_that_decides_nothing_is_dropped_after_classifying_and_read_again(
    tmp_path: Path,
) -> None:
    """The analysis keeps the values that decide a classification (consent records) and
    lets the others go (about 17 MB per 100,000 Chromium cookies); asking for one later
    reads it from the store."""
    from inspector.analysis import analyse
    from inspector.classify import Classifier
    from inspector.scan import ScanResult

    cookies = [
        FakeCookie("a.example", "plain_one", value="first"),
        FakeCookie("a.example", "OptanonConsent", value="groups=C0001%3A1%2CC0002%3A0"),
    ]
    path = make_firefox_store(tmp_path / "cookies.sqlite", cookies)
    store = Store("firefox", "Firefox", Family.FIREFOX, "default", path, path.parent)
    analysis = analyse(ScanResult((read_store(store),)), Classifier())
    by_name = {f.cookie.name: f for f in analysis.findings}
    plain, consent = by_name["plain_one"], by_name["OptanonConsent"]
    assert plain.cookie.stored_value is None
    assert consent.info.consent_role is not None and consent.info.consent_record is not None
    assert analysis.values[consent.cookie.id].value == "groups=C0001%3A1%2CC0002%3A0"
    # the dropped value comes from the store when asked for
    assert read_values([plain.cookie])[plain.cookie.id].value == "first"
