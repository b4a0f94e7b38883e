"""Every flow of the window, driven through the real widgets."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from inspector.gui import dialogs
from inspector.gui.window import MainWindow
from inspector.model import Family
from tests.gui.conftest import open_window


def names_in(path: Path, table: str = "cookies") -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute(f"SELECT name FROM {table}")}


def chromium_db(stores: list[str]) -> Path:
    return Path(stores[0]) / "Default" / "Cookies"


def test_overview_figures(window: MainWindow) -> None:
    cards = window.overview.cards
    assert cards["cookies"].number.text() == "14"
    assert cards["trackers"].number.text() == "6"
    assert "track you" in window.overview.headline.text()
    assert window.overview.contradictions_list.count() >= 2  # _ga and _gid after refusal
    assert window.tabs.currentIndex() == 0


def test_select_a_site_and_read_an_explanation(window: MainWindow, qtbot: QtBot) -> None:
    window.open_site("news.example")
    assert window.tabs.currentIndex() == 1
    assert window.sites_page.title.text().startswith("news.example")
    assert window.sites_page.consent_panel.isVisible()
    assert "refused" in window.sites_page.consent_panel.text()
    names = {
        window.sites_page.cookie_model.finding(r).cookie.name
        for r in range(window.sites_page.cookie_model.rowCount())
    }
    assert {"_ga", "PHPSESSID", "OptanonConsent"} <= names
    row = next(
        r
        for r in range(window.sites_page.cookie_model.rowCount())
        if window.sites_page.cookie_model.finding(r).cookie.name == "_ga"
    )
    window.sites_page.cookies.selectRow(row)
    html = window.sites_page.detail.text.toPlainText()
    assert "Why it is there" in html and "Google" in html and "Your rights" in html
    assert "Contradiction" in html


def test_value_hidden_until_revealed(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    ok = QMessageBox.StandardButton.Ok
    monkeypatch.setattr(
        QMessageBox, "information", lambda _p, _t, text, *_a: shown.append(text) or ok
    )
    window.show_view("cookies")
    window.cookies_page.table.selectRow(0)
    finding = window.cookies_page.detail.finding
    assert finding is not None
    assert window.cookies_page.detail.value_label.text() == ""
    qtbot.mouseClick(window.cookies_page.detail.reveal, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Value" in window.cookies_page.detail.value_label.text())
    if finding.cookie.store.family.value == "chromium":
        assert shown and "keyring" in shown[0]  # said once, before any system prompt


def test_search_and_filters(window: MainWindow, qtbot: QtBot) -> None:
    window.show_view("cookies")
    total = window.cookies_page.model.rowCount()
    qtbot.keyClicks(window.search, "doubleclick")
    assert 0 < window.cookies_page.model.rowCount() < total
    assert window.sites_page.model.rowCount() == 1
    window.search.clear()
    window.filter_bar.trackers_only.setChecked(True)
    assert all(
        window.cookies_page.model.finding(r).info.purpose.is_tracking
        for r in range(window.cookies_page.model.rowCount())
    )
    window.filter_bar.trackers_only.setChecked(False)
    window.filter_bar.flag.setCurrentIndex(window.filter_bar.flag.findData("contradiction"))
    contradicting = {
        window.cookies_page.model.finding(r).cookie.name
        for r in range(window.cookies_page.model.rowCount())
    }
    # _ga and _gid after the site's refusal; IDE beside the DoubleClick opt-out cookie
    assert contradicting == {"_ga", "_gid", "IDE"}
    window.filter_bar.flag.setCurrentIndex(window.filter_bar.flag.findData("consent"))
    assert {
        window.cookies_page.model.finding(r).cookie.name
        for r in range(window.cookies_page.model.rowCount())
    } == {"OptanonConsent", "id"}
    window.filter_bar.flag.setCurrentIndex(0)
    window.filter_bar.lifetime.setCurrentIndex(window.filter_bar.lifetime.findData("session"))
    assert {
        window.cookies_page.model.finding(r).cookie.name
        for r in range(window.cookies_page.model.rowCount())
    } == {"_gid"}


def test_sidebar_narrows_to_one_browser(window: MainWindow) -> None:
    firefox_line = window.sidebar.topLevelItem(2)
    assert firefox_line is not None and firefox_line.text(0).startswith("Firefox")
    window.sidebar.setCurrentItem(firefox_line)
    window.show_view("cookies")
    assert {
        window.cookies_page.model.finding(r).cookie.store.browser
        for r in range(window.cookies_page.model.rowCount())
    } == {"Firefox"}


def accept_delete_dialog(keep_consent: bool = True, social: bool = False) -> None:
    """Set the choices, wait for the preview (computed off the GUI thread), confirm."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, dialogs.DeleteTrackersDialog)
        dialog.keep_consent.setChecked(keep_consent)
        dialog.include_social.setChecked(social)
        confirm_when_ready(dialog, 200)

    def confirm_when_ready(dialog: dialogs.DeleteTrackersDialog, tries: int) -> None:
        if dialog.plan is not None:
            dialog.confirm.click()
        elif tries:
            QTimer.singleShot(25, lambda: confirm_when_ready(dialog, tries - 1))
        else:
            dialog.reject()  # never hang the test: the caller's wait then fails

    QTimer.singleShot(200, act)


def test_delete_trackers_keeping_consent_then_undo(
    window: MainWindow, qtbot: QtBot, gui_stores: list[str]
) -> None:
    database = chromium_db(gui_stores)
    accept_delete_dialog()
    with qtbot.waitSignal(window.analysis_loaded, timeout=30000):
        window.delete_button.click()
    assert names_in(database) == {"PHPSESSID", "OptanonConsent", "id", "c_user", "cart"}
    assert window.notice.isVisible() and window.notice_undo.isVisible()
    assert window.overview.cards["trackers"].number.text() == "0"
    with qtbot.waitSignal(window.analysis_loaded, timeout=30000):
        window.notice_undo.click()
    assert {"_ga", "_gid", "IDE"} <= names_in(database)


def test_delete_trackers_without_keeping_consent(
    window: MainWindow, qtbot: QtBot, gui_stores: list[str]
) -> None:
    accept_delete_dialog(keep_consent=False, social=True)
    with qtbot.waitSignal(window.analysis_loaded, timeout=30000):
        window.delete_button.click()
    assert names_in(chromium_db(gui_stores)) == {"PHPSESSID", "cart"}


def test_delete_one_cookie_with_the_delete_key(
    window: MainWindow, qtbot: QtBot, gui_stores: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    window.show_view("cookies")
    window.search.setText("PHPSESSID")
    window.cookies_page.table.selectRow(0)
    window.cookies_page.table.setFocus()
    assert window.cookies_page.model.rowCount() == 2  # in both browsers
    chosen = window.cookies_page.model.finding(0).cookie.store.family
    with qtbot.waitSignal(window.analysis_loaded, timeout=30000):
        qtbot.keyClick(window.cookies_page.table, Qt.Key.Key_Delete)
    # the selected browser's copy is gone, the other browser's stays
    still_there = {
        Family.CHROMIUM: "PHPSESSID" in names_in(chromium_db(gui_stores)),
        Family.FIREFOX: "PHPSESSID" in names_in(Path(gui_stores[1]), "moz_cookies"),
    }
    assert still_there == {family: family is not chosen for family in still_there}


def test_running_browser_dialog(
    window: MainWindow, qtbot: QtBot, gui_stores: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = Path(gui_stores[0]) / "SingletonLock"
    lock.symlink_to(f"{socket.gethostname()}-{os.getpid()}")
    asked: list[str] = []

    def cancel(_parent: object, message: str) -> bool:
        asked.append(message)
        return False

    monkeypatch.setattr(dialogs, "running_browser_dialog", cancel)
    before = chromium_db(gui_stores).read_bytes()
    accept_delete_dialog()
    window.delete_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=30000)
    assert "Chromium" in asked[0] and "Close" in asked[0]
    assert chromium_db(gui_stores).read_bytes() == before


def test_empty_state(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    window = open_window(qtbot, tmp_path / "home", [])
    assert window.stack.currentWidget() is window.empty


def test_failed_store_is_shown(qtbot: QtBot, tmp_path: Path, gui_stores: list[str]) -> None:
    broken = tmp_path / "broken" / "Cookies"
    broken.parent.mkdir()
    broken.write_bytes(b"SQLite format 3\x00" + b"\x01" * 100)
    window = open_window(qtbot, tmp_path / "home", [gui_stores[0], str(broken)])
    lines = [window.sidebar.topLevelItem(i) for i in range(window.sidebar.topLevelItemCount())]
    children = [line.child(j) for line in lines if line for j in range(line.childCount())]
    failed = [c for c in children if c and "not read" in c.text(0)]
    assert failed and str(broken) in failed[0].toolTip(0)


def test_screenshot_command(tmp_path: Path, gui_stores: list[str]) -> None:
    target = tmp_path / "shot.png"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "COOKIE_INSPECTOR_HOME": str(tmp_path / "home"),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "inspector",
            "gui",
            "--store",
            gui_stores[0],
            "--screenshot",
            str(target),
            "--view",
            "sites",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    shot = QImage(str(target))
    # the whole window: it opens at a size that fits the (offscreen, 800x800) screen
    assert not shot.isNull() and 700 <= shot.width() <= 800 and 500 <= shot.height() <= 800


def test_broken_overlay_catalogue_falls_back(
    qtbot: QtBot, private_home: Path, gui_stores: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = private_home / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "catalogue-overlay.toml").write_text("[[cookie]\nbroken")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    window = open_window(qtbot, private_home, gui_stores)
    assert window.analysis is not None and window.analysis.findings
    assert warned and "catalogue-overlay.toml" in warned[0]
