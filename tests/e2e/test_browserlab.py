"""Tests of the browser lab itself: real browsers store exactly what the scenario promises.

Stores are read straight from SQLite, on private copies (with their ``-wal``), never in place.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import socket
import sqlite3
import ssl
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from tests.support.browserlab import (
    STANDARD,
    Browser,
    BrowserSession,
    ChromiumProfile,
    ChromiumSession,
    ExpectedCookie,
    FirefoxProfile,
    FirefoxSession,
    Lab,
    SameSite,
    build_chromium_profile,
    build_firefox_profile,
    chromium_available,
    copy_profile,
    firefox_available,
    parse_cookie_header,
    prepare_firefox_profile,
    read_mozlz4,
    render_set_cookie,
    snapshot_sqlite,
)

needs_chromium = pytest.mark.skipif(not chromium_available(), reason="chromium not installed")
needs_firefox = pytest.mark.skipif(
    not firefox_available(), reason="firefox-esr or certutil (libnss3-tools) not installed"
)

CHROMIUM_SAMESITE = {
    SameSite.UNSPECIFIED: -1,
    SameSite.NONE: 0,
    SameSite.LAX: 1,
    SameSite.STRICT: 2,
}
FIREFOX_SAMESITE = {
    SameSite.UNSPECIFIED: 256,
    SameSite.NONE: 0,
    SameSite.LAX: 1,
    SameSite.STRICT: 2,
}
#: Expires is rendered to whole seconds and script expiries come from Date.now(): allow slack.
LIFETIME_SLACK = 5.0
#: Pages whose /echo a relaunched browser visits (path cookies need their own path).
ECHO_PAGES = (
    ("www.dailynews.co.uk", "/echo"),
    ("www.dailynews.co.uk", "/account/echo"),
    ("ad.doubleclick.net", "/echo"),
    ("embed.videoplayer.example", "/echo"),
    ("shop.example-store.com", "/echo"),
)


class Response(NamedTuple):
    status: int
    set_cookies: list[str]
    body: bytes


def _ids(cookie: ExpectedCookie) -> str:
    return f"{cookie.host}:{cookie.name}"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    with Lab(STANDARD, tmp_path_factory.mktemp("lab")) as running:
        yield running


@pytest.fixture(scope="module")
def chromium_profile(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> ChromiumProfile:
    return build_chromium_profile(tmp_path_factory.mktemp("chromium-run"), lab)


@pytest.fixture(scope="module")
def firefox_profile(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> FirefoxProfile:
    return build_firefox_profile(tmp_path_factory.mktemp("firefox-run"), lab)


@pytest.fixture(scope="module")
def chromium_rows(
    chromium_profile: ChromiumProfile, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Chromium's cookies table keyed by (host_key, name, top_frame_site_key)."""
    rows = _read_tables(chromium_profile.cookies_db, tmp_path_factory.mktemp("chromium-copy"))
    return {(r["host_key"], r["name"], r["top_frame_site_key"]): r for r in rows["cookies"]}


@pytest.fixture(scope="module")
def firefox_rows(
    firefox_profile: FirefoxProfile, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Firefox's moz_cookies table keyed by (host, name, originAttributes)."""
    rows = _read_tables(firefox_profile.cookies_db, tmp_path_factory.mktemp("firefox-copy"))
    return {(r["host"], r["name"], r["originAttributes"]): r for r in rows["moz_cookies"]}


def _read_tables(database: Path, into: Path) -> dict[str, list[dict[str, Any]]]:
    copy = snapshot_sqlite(database, into)
    connection = sqlite3.connect(copy)
    connection.row_factory = sqlite3.Row
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master")]
        wanted = [t for t in tables if t in ("cookies", "moz_cookies", "meta")]
        return {t: [dict(r) for r in connection.execute(f"SELECT * FROM {t}")] for t in wanted}
    finally:
        connection.close()


# --------------------------------------------------------------------------- the lab server


def _get(lab: Lab, host: str, path: str, cookie: str | None = None) -> Response:
    """GET over TLS from 127.0.0.1, verifying the lab certificate for ``host``."""
    context = ssl.create_default_context(cafile=str(lab.certificates.ca_pem))
    raw = socket.create_connection(("127.0.0.1", lab.server.https_port), timeout=10)
    lines = [f"GET {path} HTTP/1.0", f"Host: {host}", *([f"Cookie: {cookie}"] if cookie else [])]
    with context.wrap_socket(raw, server_hostname=host) as tls:
        tls.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        response = http.client.HTTPResponse(tls)
        try:
            response.begin()
            return Response(
                response.status, response.headers.get_all("Set-Cookie") or [], response.read()
            )
        finally:
            response.close()


def test_lab_certificate_is_trusted_for_every_host(lab: Lab) -> None:
    for host in STANDARD.hosts():
        assert _get(lab, host, "/echo").status == 200, host


def test_lab_server_sends_the_scenario_page_for_the_host_header(lab: Lab) -> None:
    news = _get(lab, "www.dailynews.co.uk", "/")
    page = STANDARD.page("www.dailynews.co.uk", "/")
    assert page is not None
    assert len(news.set_cookies) == len(page.set_cookie)
    assert not any("{expires" in header for header in news.set_cookies)
    assert f"embed.videoplayer.example:{lab.server.https_port}/player".encode() in news.body
    assert _get(lab, "shop.example-store.com", "/").set_cookies
    assert _get(lab, "shop.example-store.com", "/not-there").status == 404


def test_lab_server_echoes_the_cookie_header(lab: Lab) -> None:
    lab.server.clear_requests()
    echoed = json.loads(_get(lab, "ad.doubleclick.net", "/x/echo", "IDE=1; id=2").body)
    assert echoed["host"] == "ad.doubleclick.net"
    assert echoed["cookies"] == {"IDE": "1", "id": "2"}
    assert [r.path for r in lab.server.requests()] == ["/x/echo"]


def test_lab_server_speaks_plain_http_too(lab: Lab) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", lab.server.http_port, timeout=10)
    try:
        connection.request(
            "GET", "/echo", headers={"Host": "shop.example-store.com", "Cookie": "a=1"}
        )
        echoed = json.loads(connection.getresponse().read())
    finally:
        connection.close()
    assert (echoed["scheme"], echoed["host"], echoed["cookie"]) == (
        "http",
        "shop.example-store.com",
        "a=1",
    )
    assert lab.url("shop.example-store.com", scheme="http").endswith(f":{lab.server.http_port}/")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("a=1; b=2", {"a": "1", "b": "2"}),
        ("a=x=y", {"a": "x=y"}),  # values may hold '=' (OptanonConsent does)
        ("", {}),
        (None, {}),
    ],
    ids=["two", "equals-in-value", "empty", "absent"],
)
def test_parse_cookie_header(header: str | None, expected: dict[str, str]) -> None:
    assert parse_cookie_header(header) == expected


def test_render_set_cookie_replaces_expires_with_an_http_date() -> None:
    rendered = render_set_cookie("a=1; Expires={expires+86400}; Path=/", now=0)
    assert rendered == "a=1; Expires=Fri, 02 Jan 1970 00:00:00 GMT; Path=/"


def test_standard_scenario_is_consistent() -> None:
    names = {(c.host, c.name) for c in STANDARD.expected}
    assert len(names) == len(STANDARD.expected), "duplicate expected cookies"
    for cookie in STANDARD.expected:
        assert STANDARD.site_of(cookie.host.lstrip("."))
        assert cookie.partitioned <= (cookie.top_level_site is not None), cookie.name
    served = " ".join(" ".join(p.set_cookie) + (p.html or "") for p in STANDARD.pages)
    assert all(f"{c.name}=" in served for c in STANDARD.expected)


# --------------------------------------------------------------------------- Chromium


def _chromium_key(cookie: ExpectedCookie) -> tuple[str, str, str]:
    return (cookie.host, cookie.name, cookie.top_level_site or "")


def _decrypt_v10(host_key: str, blob: bytes) -> str:
    """Chromium's Linux fallback (no keyring): v10, AES-128-CBC, key from 'peanuts'."""
    assert blob[:3] == b"v10"
    kdf = PBKDF2HMAC(algorithm=hashes.SHA1(), length=16, salt=b"saltysalt", iterations=1)
    decryptor = Cipher(algorithms.AES(kdf.derive(b"peanuts")), modes.CBC(b" " * 16)).decryptor()
    padded = decryptor.update(blob[3:]) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    plain = unpadder.update(padded) + unpadder.finalize()
    # meta version 24 prefixes the plaintext with SHA-256(host_key).
    assert plain[:32] == hashlib.sha256(host_key.encode()).digest()
    return plain[32:].decode()


@needs_chromium
@pytest.mark.e2e
def test_chromium_wrote_schema_24_with_v10_values(
    chromium_profile: ChromiumProfile, tmp_path: Path
) -> None:
    tables = _read_tables(chromium_profile.cookies_db, tmp_path)
    meta = {row["key"]: row["value"] for row in tables["meta"]}
    assert meta["version"] == "24"
    assert all(row["value"] == "" for row in tables["cookies"])
    assert all(row["encrypted_value"].startswith(b"v10") for row in tables["cookies"])


@needs_chromium
@pytest.mark.e2e
def test_chromium_stored_exactly_the_expected_cookies(
    chromium_rows: dict[tuple[str, str, str], dict[str, Any]],
) -> None:
    expected = {_chromium_key(c) for c in STANDARD.expected_in(Browser.CHROMIUM)}
    assert set(chromium_rows) == expected


@needs_chromium
@pytest.mark.e2e
@pytest.mark.parametrize("cookie", STANDARD.expected_in(Browser.CHROMIUM), ids=_ids)
def test_chromium_cookie_attributes(
    cookie: ExpectedCookie, chromium_rows: dict[tuple[str, str, str], dict[str, Any]]
) -> None:
    row = chromium_rows[_chromium_key(cookie)]
    assert _decrypt_v10(row["host_key"], row["encrypted_value"]) == cookie.value
    assert row["path"] == cookie.path
    assert bool(row["is_secure"]) is cookie.secure
    assert bool(row["is_httponly"]) is cookie.http_only
    assert row["samesite"] == CHROMIUM_SAMESITE[cookie.same_site]
    assert row["source_type"] == (2 if cookie.set_by_script else 1)
    assert bool(row["is_persistent"]) is not cookie.is_session
    assert bool(row["has_expires"]) is not cookie.is_session
    if cookie.lifetime is None:
        assert row["expires_utc"] == 0
    else:
        lifetime = (row["expires_utc"] - row["creation_utc"]) / 1e6
        assert lifetime == pytest.approx(cookie.lifetime, abs=LIFETIME_SLACK)


@needs_chromium
@pytest.mark.e2e
def test_relaunched_chromium_sends_persistent_cookies_only(
    lab: Lab, chromium_profile: ChromiumProfile, tmp_path: Path
) -> None:
    relaunched = copy_profile(chromium_profile.user_data_dir, tmp_path / "relaunch")
    with ChromiumSession(relaunched) as session:
        _assert_echoes_persistent_cookies(session, lab, Browser.CHROMIUM)


# --------------------------------------------------------------------------- Firefox


def _firefox_key(cookie: ExpectedCookie) -> tuple[str, str, str]:
    return (cookie.host, cookie.name, _origin_attributes(cookie))


def _origin_attributes(cookie: ExpectedCookie) -> str:
    if cookie.top_level_site is None:
        return ""
    scheme, site = cookie.top_level_site.split("://")
    return "^partitionKey=" + urllib.parse.quote(f"({scheme},{site})", safe="")


@needs_firefox
@pytest.mark.e2e
def test_firefox_stored_exactly_the_expected_persistent_cookies(
    firefox_rows: dict[tuple[str, str, str], dict[str, Any]],
) -> None:
    expected = {_firefox_key(c) for c in STANDARD.persistent_in(Browser.FIREFOX)}
    assert set(firefox_rows) == expected


@needs_firefox
@pytest.mark.e2e
@pytest.mark.parametrize("cookie", STANDARD.persistent_in(Browser.FIREFOX), ids=_ids)
def test_firefox_cookie_attributes(
    cookie: ExpectedCookie, firefox_rows: dict[tuple[str, str, str], dict[str, Any]]
) -> None:
    row = firefox_rows[_firefox_key(cookie)]
    assert row["value"] == cookie.value
    assert row["path"] == cookie.path
    assert bool(row["isSecure"]) is cookie.secure
    assert bool(row["isHttpOnly"]) is cookie.http_only
    assert row["sameSite"] == FIREFOX_SAMESITE[cookie.same_site]
    assert bool(row["isPartitionedAttributeSet"]) is cookie.partitioned
    # Schema 17: expiry in milliseconds, creationTime in microseconds.
    lifetime = row["expiry"] / 1e3 - row["creationTime"] / 1e6
    assert lifetime == pytest.approx(cookie.lifetime, abs=LIFETIME_SLACK)


@needs_firefox
@pytest.mark.e2e
def test_firefox_session_cookies_are_only_in_sessionstore(
    firefox_profile: FirefoxProfile, firefox_rows: dict[tuple[str, str, str], dict[str, Any]]
) -> None:
    stored = read_mozlz4(firefox_profile.sessionstore)["cookies"]
    by_key = {(c["host"], c["name"]): c for c in stored}
    for cookie in STANDARD.session_in(Browser.FIREFOX):
        assert _firefox_key(cookie) not in firefox_rows
        entry = by_key[(cookie.host, cookie.name)]
        assert entry["value"] == cookie.value
        assert entry["path"] == cookie.path
        assert entry.get("secure", False) is cookie.secure
        assert entry.get("httponly", False) is cookie.http_only
        assert entry["sameSite"] == FIREFOX_SAMESITE[cookie.same_site]
        assert entry["originAttributes"]["partitionKey"] == ""
    assert not (firefox_profile.profile_dir / "sessionstore-backups" / "recovery.jsonlz4").exists()


@needs_firefox
@pytest.mark.e2e
def test_relaunched_firefox_sends_persistent_cookies_only(
    lab: Lab, firefox_profile: FirefoxProfile, tmp_path: Path
) -> None:
    relaunched = copy_profile(firefox_profile.profile_dir, tmp_path / "relaunch")
    with FirefoxSession(relaunched) as session:
        _assert_echoes_persistent_cookies(session, lab, Browser.FIREFOX)


@needs_firefox
@pytest.mark.e2e
def test_firefox_profile_can_be_copied_and_read_while_firefox_runs(
    lab: Lab, tmp_path: Path
) -> None:
    profile = prepare_firefox_profile(tmp_path / "profile", lab.certificates.ca_pem)
    with FirefoxSession(profile) as session:
        session.navigate(lab.url("shop.example-store.com"))
        rows = _poll_copied_cookies(profile / "cookies.sqlite", tmp_path / "copies")
        assert session.is_running()
        session.navigate(lab.url("shop.example-store.com", "/echo"))
        assert "PHPSESSID" in json.loads(session.page_text())["cookies"]
    assert rows == {("shop.example-store.com", "cart")}


def _poll_copied_cookies(database: Path, into: Path) -> set[tuple[str, str]]:
    """Copy the live store until Firefox's write of the cart cookie shows up in a copy."""
    for attempt in range(100):
        tables = _read_tables(database, into / str(attempt))
        rows = {(r["host"], r["name"]) for r in tables.get("moz_cookies", [])}
        if rows:
            return rows
        time.sleep(0.1)
    return set()


# --------------------------------------------------------------------------- both

BROWSERS = [
    pytest.param(Browser.CHROMIUM, marks=needs_chromium, id="chromium"),
    pytest.param(Browser.FIREFOX, marks=needs_firefox, id="firefox"),
]


def _new_session(browser: Browser, lab: Lab, directory: Path) -> BrowserSession:
    if browser is Browser.CHROMIUM:
        return ChromiumSession(directory)
    return FirefoxSession(prepare_firefox_profile(directory, lab.certificates.ca_pem))


def _live_group_members(group: int) -> set[int]:
    """Processes of process group ``group`` that are not zombies (PID 1 may never reap)."""
    members = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            members.add(int(stat.parent.name))
    return members


def _wait_until_gone(group: int) -> set[int]:
    for _ in range(50):
        if not _live_group_members(group):
            break
        time.sleep(0.05)
    return _live_group_members(group)


@pytest.mark.e2e
@pytest.mark.parametrize("browser", BROWSERS)
def test_session_quits_cleanly_and_leaves_nothing_behind(
    browser: Browser, lab: Lab, tmp_path: Path
) -> None:
    with _new_session(browser, lab, tmp_path / "profile") as session:
        session.navigate(lab.url("shop.example-store.com", "/echo"))
        group, home = session.pid, session.home
        assert session.is_running()
        assert home is not None and home.is_dir()
    assert not session.is_running()
    assert _wait_until_gone(group) == set()
    assert not home.exists()


@pytest.mark.e2e
@pytest.mark.parametrize("browser", BROWSERS)
def test_session_is_killed_when_its_block_fails(browser: Browser, lab: Lab, tmp_path: Path) -> None:
    session = _new_session(browser, lab, tmp_path / "profile")
    with pytest.raises(RuntimeError, match="test failure"), session:
        group = session.pid
        raise RuntimeError("test failure")
    assert _wait_until_gone(group) == set()
    assert session.home is None


def _assert_echoes_persistent_cookies(session: BrowserSession, lab: Lab, browser: Browser) -> None:
    """A relaunched browser sends what the scenario persists, and no session cookie."""
    persistent = STANDARD.persistent_in(browser)
    for host, path in ECHO_PAGES:
        session.navigate(lab.url(host, path))
        sent = set(json.loads(session.page_text())["cookies"])
        site = STANDARD.site_of(host)
        assert sent == {c.name for c in persistent if c.is_sent_to(host, path, site)}, host
    lab.server.clear_requests()
    session.navigate(lab.url("www.dailynews.co.uk"))
    frame = next(r for r in lab.server.requests() if r.path == "/player")
    news = "https://dailynews.co.uk"
    in_frame = {c.name for c in persistent if c.is_sent_to(frame.host, frame.path, news)}
    assert set(parse_cookie_header(frame.cookie)) == in_frame
