"""The sample data shipped in ``resources/sample/`` ("Explore sample data", ``--demo``).

The files were written by real Chromium and Firefox ESR running the DEMO scenario
(``scripts/make_sample_data.py``). Reading them needs no browser; the scan is marked e2e
because it checks real browsers' output end to end, through the command line.
"""

from __future__ import annotations

import configparser
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from inspector.purposes import Purpose
from tests.support.browserlab import Browser
from tests.support.demo_scenario import DEMO

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "sample"
CHROMIUM = SAMPLE / "chromium"
FIREFOX = SAMPLE / "firefox"
#: Generous, but far below what a real profile weighs (caches alone are megabytes).
MAX_TOTAL_BYTES = 400_000
LAB_ARTEFACTS = (
    "user.js",
    "prefs.js",
    "cert9.db",
    "key4.db",
    "pkcs11.txt",
    "lock",
    ".parentlock",
    "SingletonLock",
    "SingletonCookie",
    "SingletonSocket",
    "MarionetteActivePort",
    "Last Version",
    "Preferences",
)


def firefox_profile_folder() -> Path:
    """The one profile that ``profiles.ini`` lists."""
    parser = configparser.RawConfigParser()
    parser.read(FIREFOX / "profiles.ini", encoding="utf-8")
    profiles = [s for s in parser.sections() if s.startswith("Profile")]
    assert len(profiles) == 1, profiles
    assert parser.get(profiles[0], "Name") == "sample"
    assert parser.get(profiles[0], "IsRelative") == "1"
    return FIREFOX / parser.get(profiles[0], "Path")


def sample_files() -> list[str]:
    return sorted(str(p.relative_to(SAMPLE)) for p in SAMPLE.rglob("*") if p.is_file())


# --------------------------------------------------------------------------- files


def test_sample_holds_only_what_the_app_reads() -> None:
    profile = firefox_profile_folder().name
    assert sample_files() == sorted(
        [
            "README.md",
            "chromium/Local State",
            "chromium/Default/Cookies",
            "firefox/profiles.ini",
            f"firefox/{profile}/compatibility.ini",
            f"firefox/{profile}/cookies.sqlite",
            f"firefox/{profile}/sessionstore.jsonlz4",
        ]
    )


def test_sample_is_small_and_has_no_lab_artefacts() -> None:
    files = [p for p in SAMPLE.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < MAX_TOTAL_BYTES
    for path in files:
        assert path.name not in LAB_ARTEFACTS, path
        assert not path.name.endswith(("-wal", "-shm", "-journal")), path
        assert "cache" not in str(path.relative_to(SAMPLE)).lower(), path


def test_local_state_keeps_only_the_profile_name() -> None:
    state = json.loads((CHROMIUM / "Local State").read_text("utf-8"))
    assert state == {"profile": {"info_cache": {"Default": {"name": "Sample person"}}}}


@pytest.mark.parametrize("database", ["chromium/Default/Cookies", "firefox/*/cookies.sqlite"])
def test_databases_are_single_files(database: str) -> None:
    """Rollback-journal mode (header bytes 18-19 = 1): no write-ahead log to ship or create."""
    (path,) = SAMPLE.glob(database)
    header = path.read_bytes()[:100]
    assert header.startswith(b"SQLite format 3\0")
    assert (header[18], header[19]) == (1, 1), path


def test_readme_names_the_browsers_and_how_to_regenerate() -> None:
    text = (SAMPLE / "README.md").read_text("utf-8")
    assert "Chromium 1" in text and "Firefox ESR 1" in text
    assert "scripts/make_sample_data.py" in text


# --------------------------------------------------------------------------- scan


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``scan --json`` of both sample stores, with a private home (no overlay catalogue)."""
    home = tmp_path_factory.mktemp("home")
    command = [
        sys.executable,
        "-m",
        "inspector",
        "--home",
        str(home),
        "scan",
        "--json",
        "--store",
        str(CHROMIUM),
        "--store",
        str(FIREFOX),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=120, check=False, cwd=REPO
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def cookies_of(document: dict[str, Any], browser: str) -> list[dict[str, Any]]:
    return [c for c in document["cookies"] if c["browser"].startswith(browser)]


@pytest.mark.e2e
def test_both_stores_are_read_without_errors(document: dict[str, Any]) -> None:
    stores = document["stores"]
    # "Firefox" or "Firefox ESR", depending on what compatibility.ini says
    profiles = sorted((s["browser"].split()[0], s["profile"]) for s in stores)
    assert profiles == [("Chromium", "Sample person"), ("Firefox", "sample")]
    for store in stores:
        assert store["error"] is None and store["warnings"] == [], store
        assert store["cookie_count"] >= 50, store


@pytest.mark.e2e
@pytest.mark.parametrize("browser", [Browser.CHROMIUM, Browser.FIREFOX])
def test_every_demo_cookie_is_in_the_sample(document: dict[str, Any], browser: Browser) -> None:
    """The shipped stores match DEMO: regenerate them after changing the scenario."""
    found = {
        (c["host"], c["name"], c["partition_key"])
        for c in cookies_of(document, browser.value.capitalize())
    }
    wanted = {(c.host, c.name, c.top_level_site) for c in DEMO.expected_in(browser)}
    assert wanted <= found, sorted(map(str, wanted - found))


@pytest.mark.e2e
@pytest.mark.parametrize("browser", ["Chromium", "Firefox"])
def test_every_purpose_and_no_unknown(document: dict[str, Any], browser: str) -> None:
    purposes = Counter(c["purpose"] for c in cookies_of(document, browser))
    assert set(purposes) == {p.value for p in Purpose} - {Purpose.UNKNOWN.value}, purposes


@pytest.mark.e2e
@pytest.mark.parametrize("browser", ["Chromium", "Firefox"])
def test_consent_records_show_consent_and_refusal(document: dict[str, Any], browser: str) -> None:
    roles = Counter(c["consent_role"] for c in cookies_of(document, browser))
    assert roles["refusal"] >= 1 and roles["consent"] >= 1, roles
    platforms = {
        c["consent_record"]["platform"]
        for c in cookies_of(document, browser)
        if c["consent_record"]
    }
    assert {
        "onetrust",
        "tcf",
        "didomi",
        "cookiebot",
        "cookieyes",
        "google-socs",
        "opt-out",
    } <= platforms


@pytest.mark.e2e
@pytest.mark.parametrize("browser", ["Chromium", "Firefox"])
def test_a_tracker_was_set_after_the_refusal(document: dict[str, Any], browser: str) -> None:
    evidence = {
        (v["site"], v["cookie_name"])
        for v in document["violations"]
        if v["browser"].startswith(browser) and v["evidence"] == "set_after_refusal"
    }
    assert ("riverside-gazette.co.uk", "_ga") in evidence, evidence


@pytest.mark.e2e
def test_trackers_name_their_organisations(document: dict[str, Any]) -> None:
    owners = {(c["name"], c["organization"]) for c in document["cookies"]}
    for expected in [
        ("_ga", "Google LLC"),
        ("IDE", "Google LLC"),
        ("_fbp", "Meta Platforms, Inc."),
        ("fr", "Meta Platforms, Inc."),
        ("_uetvid", "Microsoft Corporation"),
        ("MUID", "Microsoft Corporation"),
        ("uid", "Criteo S.A."),
        ("bcookie", "LinkedIn Corporation"),
        ("hubspotutk", "HubSpot, Inc."),
        ("_hjSessionUser_3471529", "Hotjar Ltd"),
        ("VISITOR_INFO1_LIVE", "Google LLC"),
    ]:
        assert expected in owners, expected


@pytest.mark.e2e
def test_chips_and_long_lifetimes(document: dict[str, Any]) -> None:
    chromium = cookies_of(document, "Chromium")
    assert any(c["name"] == "receive-cookie-deprecation" and c["partition_key"] for c in chromium)
    assert sum(c["exceeds_13_months"] for c in chromium) >= 2
