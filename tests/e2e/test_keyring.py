"""Chromium values behind a real GNOME Keyring (``v11``): real Chromium writes them through a
running, unlocked keyring on a private D-Bus session; the command line reads the OneTrust
refusal and the contradictions only when allowed to ask the keyring, and says so otherwise."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.conftest import open_window, qapp  # noqa: F401  (qapp: the program's own app)
from tests.support.browserlab import chromium_available
from tests.support.keyring import (
    SecretService,
    build_v11_chromium_profile,
    keyring_available,
    secret_service,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not chromium_available(), reason="chromium not installed"),
    pytest.mark.skipif(not keyring_available(), reason="gnome-keyring/dbus-daemon not installed"),
]


@pytest.fixture(scope="module")
def keyring_profile(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[SecretService, Path]]:
    directory = tmp_path_factory.mktemp("keyring")
    with secret_service(directory / "home") as service:
        yield service, build_v11_chromium_profile(directory, service)


def scan(store: Path, *extra: str, env: dict[str, str]) -> dict[str, Any]:
    command = [sys.executable, "-m", "inspector", "scan", "--json", "--store", str(store), *extra]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def environment(service: SecretService) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    return {**env, **service.environment}


def test_chromium_wrote_v11_values(keyring_profile: tuple[SecretService, Path]) -> None:
    _service, user_data = keyring_profile
    with closing(sqlite3.connect(user_data / "Default" / "Cookies")) as connection:
        prefixes = {
            row[0]
            for row in connection.execute("SELECT substr(encrypted_value, 1, 3) FROM cookies")
        }
    assert prefixes == {b"v11"}


def test_without_decrypt_the_refusal_is_named_as_unread(
    keyring_profile: tuple[SecretService, Path],
) -> None:
    service, user_data = keyring_profile
    document = scan(user_data, env=environment(service))
    (store,) = document["stores"]
    notes = [w for w in store["warnings"] if "--decrypt" in w]
    assert len(notes) == 1 and "dailynews.co.uk" in notes[0]
    consent = [c for c in document["cookies"] if c["name"] == "OptanonConsent"]
    assert consent and consent[0]["consent_role"] != "refusal"
    assert not [v for v in document["violations"] if v["cookie_name"] == "_ga"]


def test_with_decrypt_the_keyring_gives_the_refusal_and_the_contradictions(
    keyring_profile: tuple[SecretService, Path],
) -> None:
    service, user_data = keyring_profile
    document = scan(user_data, "--decrypt", env=environment(service))
    (store,) = document["stores"]
    assert not [w for w in store["warnings"] if "consent choices" in w]
    by_name = {c["name"]: c for c in document["cookies"]}
    assert by_name["OptanonConsent"]["consent_role"] == "refusal"
    assert by_name["euconsent-v2"]["consent_role"] == "refusal"
    assert by_name["id"]["purpose"] == "consent", "the opt-out value was read through the keyring"
    violations = [v for v in document["violations"] if v["cookie_name"] == "_ga"]
    assert violations and {v["refused_purpose"] for v in violations} == {"analytics"}


def test_values_match_browser_cookie3(keyring_profile: tuple[SecretService, Path]) -> None:
    """Contract: browser-cookie3's public API, asking the same keyring, reads the same values."""
    service, user_data = keyring_profile
    script = (
        "import json, sys, browser_cookie3\n"
        "jar = browser_cookie3.chromium(cookie_file=sys.argv[1])\n"
        "print(json.dumps(sorted([c.domain, c.name, c.value] for c in jar)))\n"
    )
    cookies = user_data / "Default" / "Cookies"
    env = {**environment(service), "HOME": str(service.home)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(cookies)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    theirs = json.loads(done.stdout)
    document = scan(user_data, "--decrypt", "--show-values", env=environment(service))
    ours = sorted(
        [c["host"], c["name"], c["value"]] for c in document["cookies"] if c["source"] == "database"
    )
    assert ours == theirs


# --------------------------------------------------------------------------- the window


def test_window_asks_then_reads_the_refusal_through_the_keyring(
    qtbot: QtBot,
    private_home: Path,
    keyring_profile: tuple[SecretService, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import Qt

    service, user_data = keyring_profile
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", service.bus_address)
    window = open_window(qtbot, private_home, [str(user_data)])
    try:
        keyring = window.keyring
        # before asking: one sentence why, Allow / Not now; never "none found"
        assert keyring.bar.isVisible() and keyring.allow_button.isVisible()
        assert "keyring" in keyring.text.text()
        title = window.overview.contradictions_title.text()
        assert "unknown" in title and "none found" not in title
        window.open_site("dailynews.co.uk")
        assert "could not be read" in window.sites_page.consent_panel.text()

        with qtbot.waitSignal(window.analysis_loaded, timeout=120000):
            qtbot.mouseClick(keyring.allow_button, Qt.MouseButton.LeftButton)
        assert window.settings.keyring_access == "allow"  # remembered
        assert not keyring.bar.isVisible()
        items = window.overview.contradictions_list
        texts = [items.item(row).text() for row in range(items.count())]
        assert any(text.startswith("dailynews.co.uk — _ga") for text in texts), texts
        window.open_site("dailynews.co.uk")
        panel = window.sites_page.consent_panel.text()
        assert "could not be read" not in panel and "contradict" in panel
    finally:
        window.close()


def test_window_not_now_is_remembered_and_says_why(
    qtbot: QtBot,
    private_home: Path,
    keyring_profile: tuple[SecretService, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import Qt

    service, user_data = keyring_profile
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", service.bus_address)
    window = open_window(qtbot, private_home, [str(user_data)])
    try:
        keyring = window.keyring
        qtbot.mouseClick(keyring.not_now_button, Qt.MouseButton.LeftButton)
        assert window.settings.keyring_access == "deny"
        assert keyring.retry_button.isVisible() and not keyring.allow_button.isVisible()
        assert "could not be read" in keyring.text.text()
    finally:
        window.close()
