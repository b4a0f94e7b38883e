"""Real widgets under QT_QPA_PLATFORM=offscreen, over stores built with real schemas."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from inspector.gui.app import application
from inspector.gui.window import MainWindow
from inspector.paths import AppPaths
from tests.support.analysis import REFUSAL
from tests.support.storefactory import FakeCookie, make_chromium_store, make_firefox_store

COOKIES = [
    FakeCookie(".news.example", "_ga", value="GA1.1.5.6"),
    FakeCookie(".news.example", "_gid", value="GA1.1.7.8", expires=None),
    FakeCookie(".news.example", "PHPSESSID", value="abc"),
    FakeCookie(".news.example", "OptanonConsent", value=REFUSAL),
    FakeCookie(".doubleclick.net", "IDE", value="xyz"),
    FakeCookie(".doubleclick.net", "id", value="OPT_OUT"),
    FakeCookie(".facebook.com", "c_user", value="100"),
    FakeCookie("shop.example", "cart", value="2 items"),
]


@pytest.fixture(scope="session")
def qapp(qapp_args: list[str]) -> QApplication:
    """The application as the program makes it (theme, GUI-thread garbage collector)."""
    return application(qapp_args[1:], theme="light")


@pytest.fixture
def gui_stores(tmp_path: Path) -> list[str]:
    chromium = make_chromium_store(tmp_path / "chromium" / "Default" / "Cookies", COOKIES)
    firefox = make_firefox_store(tmp_path / "firefox" / "cookies.sqlite", COOKIES[:6])
    return [str(chromium.parent.parent), str(firefox)]


def open_window(qtbot: QtBot, home: Path, stores: list[str]) -> MainWindow:
    window = MainWindow(AppPaths.resolve(home), stores)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    with qtbot.waitSignal(window.analysis_loaded, timeout=30000):
        window.load()
    return window


@pytest.fixture
def window(qtbot: QtBot, private_home: Path, gui_stores: list[str]) -> Iterator[MainWindow]:
    window = open_window(qtbot, private_home, gui_stores)
    yield window
    window.close()  # stops the job runner's threads before the next test
