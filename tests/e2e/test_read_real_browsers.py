"""`cookie-inspector scan` on profiles written by real Chromium and Firefox ESR."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import fingerprint
from tests.support.browserlab import (
    MAX_COOKIE_LIFETIME,
    STANDARD,
    Browser,
    ChromiumProfile,
    ExpectedCookie,
    FirefoxProfile,
    FirefoxSession,
    Lab,
    firefox_available,
    prepare_firefox_profile,
)

pytestmark = pytest.mark.e2e


def scan(*stores: Path, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    command = [sys.executable, "-m", "inspector", "scan", "--json", *extra]
    for store in stores:
        command += ["--store", str(store)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def find(document: dict[str, Any], expected: ExpectedCookie) -> dict[str, Any]:
    matches = [
        c
        for c in document["cookies"]
        if c["host"] == expected.host and c["name"] == expected.name and c["path"] == expected.path
    ]
    assert len(matches) == 1, (expected, matches)
    return matches[0]


def parse(moment: str) -> datetime:
    return datetime.strptime(moment, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def check_attributes(cookie: dict[str, Any], expected: ExpectedCookie) -> None:
    assert cookie["secure"] is expected.secure, expected.name
    assert cookie["http_only"] is expected.http_only, expected.name
    assert cookie["same_site"] == expected.same_site.value.lower(), expected.name
    assert cookie["session"] is expected.is_session, expected.name
    if expected.is_session:
        assert cookie["expires"] is None
    else:
        lifetime = min(expected.max_age or 0, MAX_COOKIE_LIFETIME)
        created = parse(cookie["created"])
        assert abs(parse(cookie["expires"]) - (created + timedelta(seconds=lifetime))) < timedelta(
            minutes=2
        ), expected.name
    if expected.top_level_site:
        assert cookie["partition_key"] == expected.top_level_site, expected.name
    else:
        assert cookie["partition_key"] is None, expected.name


def check_classification(document: dict[str, Any]) -> None:
    by_name = {c["name"]: c for c in document["cookies"]}
    ga = by_name["_ga"]
    assert (ga["purpose"], ga["organization"], ga["party"], ga["site"]) == (
        "analytics",
        "Google LLC",
        "first",
        "dailynews.co.uk",
    )
    ide = by_name["IDE"]
    assert (ide["purpose"], ide["party"], ide["organization"]) == (
        "advertising",
        "third",
        "Google LLC",
    )
    opt_out = by_name["id"]
    assert opt_out["purpose"] == "consent", "the OPT_OUT value must be read and recognised"
    assert by_name["OptanonConsent"]["consent_role"] == "refusal"
    assert by_name["OptanonConsent"]["consent_record"]["platform"] == "onetrust"
    assert by_name["euconsent-v2"]["consent_role"] == "refusal"
    assert by_name["PHPSESSID"]["purpose"] == "communication"
    for cookie in document["cookies"]:
        assert cookie["purpose"] in {
            "communication",
            "requested_service",
            "analytics",
            "advertising",
            "interactive",
            "consent",
            "unknown",
        }
    violations = [v for v in document["violations"] if v["cookie_name"] == "_ga"]
    assert violations and all(v["evidence"] == "set_after_refusal" for v in violations)
    assert {v["refused_purpose"] for v in violations} == {"analytics"}


def test_chromium_profile_is_read_completely(chromium_profile: ChromiumProfile) -> None:
    before = fingerprint(chromium_profile.user_data_dir)
    document = scan(chromium_profile.user_data_dir)
    assert fingerprint(chromium_profile.user_data_dir) == before, "reading changed a file"
    [store] = document["stores"]
    assert store["error"] is None and store["browser"] == "Chromium"
    expected = STANDARD.expected_in(Browser.CHROMIUM)
    assert store["cookie_count"] == len(expected)
    for cookie in expected:
        check_attributes(find(document, cookie), cookie)
    check_classification(document)


def test_firefox_profile_is_read_completely(firefox_profile: FirefoxProfile) -> None:
    before = fingerprint(firefox_profile.profile_dir)
    document = scan(firefox_profile.profile_dir)
    assert fingerprint(firefox_profile.profile_dir) == before, "reading changed a file"
    [store] = document["stores"]
    assert store["error"] is None and store["browser"].startswith("Firefox")
    expected = STANDARD.expected_in(Browser.FIREFOX)
    assert store["cookie_count"] == len(expected)
    for cookie in expected:
        found = find(document, cookie)
        check_attributes(found, cookie)
        assert found["source"] == ("sessionstore" if cookie.is_session else "database")
    check_classification(document)


def test_chromium_values_are_decrypted_on_request(chromium_profile: ChromiumProfile) -> None:
    document = scan(chromium_profile.user_data_dir, extra=("--show-values",))
    values = {(c["host"], c["name"]): c["value"] for c in document["cookies"]}
    for cookie in STANDARD.expected_in(Browser.CHROMIUM):
        assert values[(cookie.host, cookie.name)] == cookie.value


@pytest.mark.skipif(not firefox_available(), reason="firefox-esr not installed")
def test_reading_while_firefox_runs(tmp_path: Path) -> None:
    with Lab(STANDARD, tmp_path / "lab") as lab:
        profile = tmp_path / "running-profile"
        prepare_firefox_profile(profile, lab.certificates.ca_pem)
        with FirefoxSession(profile) as session:
            session.visit(lab.visit_urls())
            session.wait_for_cookies(STANDARD.expected_in(Browser.FIREFOX))
            persistent = {(c.host, c.name) for c in STANDARD.persistent_in(Browser.FIREFOX)}
            # Firefox writes its cookie rows a moment after setting them, into the WAL
            deadline = time.monotonic() + 30
            while True:
                assert session.is_running()
                document = scan(profile)
                found = {(c["host"], c["name"]) for c in document["cookies"]}
                if persistent <= found or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
            assert session.is_running()
            wal = profile / "cookies.sqlite-wal"
            assert wal.exists() and wal.stat().st_size > 0, "rows should be in the WAL now"
    assert persistent <= found
    assert document["stores"][0]["error"] is None
