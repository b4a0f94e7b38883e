"""The proof with real browsers: delete trackers, relaunch, see what the browser still sends;
undo, relaunch, the trackers are sent again. A deletion while the browser runs changes
nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import fingerprint, needs_chromium, needs_firefox
from tests.support.browserlab import (
    STANDARD,
    BrowserSession,
    ChromiumSession,
    FirefoxSession,
    Lab,
    build_chromium_profile,
    build_firefox_profile,
)

pytestmark = pytest.mark.e2e

NEWS, AD, SHOP = "www.dailynews.co.uk", "ad.doubleclick.net", "shop.example-store.com"
TRACKERS = {(NEWS, "_ga"), (AD, "IDE")}
KEPT = {
    (NEWS, "dn_prefs"),
    (NEWS, "dn_edition"),
    (NEWS, "OptanonConsent"),
    (NEWS, "euconsent-v2"),
    (NEWS, "OptanonAlertBoxClosed"),
    (AD, "id"),
    (SHOP, "cart"),
}


def run(home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {"COOKIE_INSPECTOR_HOME": str(home), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "inspector", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


def sent(session: BrowserSession, lab: Lab) -> set[tuple[str, str]]:
    """(host, name) of every cookie the browser sends to the scenario's hosts."""
    found = set()
    for host in (NEWS, AD, SHOP):
        session.navigate(lab.url(host, "/echo"))
        echo: dict[str, Any] = json.loads(session.page_text())
        found |= {(host, name) for name in echo["cookies"]}
    return found


def prove(open_session: Callable[[], BrowserSession], store: Path, home: Path, lab: Lab) -> None:
    with open_session() as session:
        before = sent(session, lab)
    assert before >= TRACKERS and before >= KEPT

    with open_session() as session:  # refused while the browser runs, nothing written
        files = fingerprint(store.parent)
        refused = run(home, "delete", "--trackers", "--yes", "--store", str(store))
        assert session.is_running()
        assert refused.returncode == 4, refused.stderr
        assert "running" in refused.stderr and "Close" in refused.stderr
        assert {
            k: v[0]
            for k, v in fingerprint(store.parent).items()
            if "Cookies" in k or "cookies" in k
        } == {k: v[0] for k, v in files.items() if "Cookies" in k or "cookies" in k}

    deleted = run(home, "delete", "--trackers", "--yes", "--json", "--store", str(store))
    assert deleted.returncode == 0, deleted.stderr
    assert json.loads(deleted.stdout)["deleted"] >= 2
    with open_session() as session:
        after = sent(session, lab)
    assert not TRACKERS & after, "trackers are still sent"
    assert after >= KEPT, "necessary cookies, consent records or the opt-out were lost"

    undone = run(home, "undo")
    assert undone.returncode == 0, undone.stderr
    with open_session() as session:
        restored = sent(session, lab)
    assert restored >= TRACKERS and restored >= KEPT


@needs_chromium
def test_chromium_delete_trackers_and_undo(tmp_path: Path) -> None:
    with Lab(STANDARD, tmp_path / "lab") as lab:
        profile = build_chromium_profile(tmp_path, lab)
        prove(
            lambda: ChromiumSession(profile.user_data_dir),
            profile.cookies_db,
            tmp_path / "home",
            lab,
        )


@needs_firefox
def test_firefox_delete_trackers_and_undo(tmp_path: Path) -> None:
    with Lab(STANDARD, tmp_path / "lab") as lab:
        profile = build_firefox_profile(tmp_path, lab)
        prove(
            lambda: FirefoxSession(profile.profile_dir), profile.cookies_db, tmp_path / "home", lab
        )
