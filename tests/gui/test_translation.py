"""Qt's own texts follow the program's language: its catalogue is found and installed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from inspector.gui.translation import install_qt_translator
from inspector.i18n import set_language


@pytest.fixture
def app() -> QCoreApplication:
    """Whichever application the earlier tests made (the PDF tests make a QGuiApplication)."""
    from PySide6.QtWidgets import QApplication

    return QCoreApplication.instance() or QApplication([])


@pytest.fixture
def french_qt(app: QCoreApplication) -> Iterator[None]:
    set_language("fr")
    translator = install_qt_translator(app)
    assert translator is not None, "qtbase_fr.qm should ship with PySide6"
    yield
    app.removeTranslator(translator)
    set_language("en")
    QLocale.setDefault(QLocale("en_GB"))


def test_standard_buttons_and_dialogs_speak_french(french_qt: None) -> None:
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
    assert QCoreApplication.translate("QFileDialog", "Open") == "Ouvrir"
    assert QLocale().toString(12345) == "12\u202f345"


def test_english_installs_no_translator(app: QCoreApplication) -> None:
    set_language("en")
    assert install_qt_translator(app) is None


def test_the_window_speaks_french(
    qtbot: object, private_home: object, gui_stores: list[str], app: QCoreApplication
) -> None:
    """A French user's window: menus, tabs, figures and explanations, numbers the French way."""
    from pathlib import Path

    from PySide6.QtWidgets import QTabBar

    from tests.gui.conftest import open_window

    set_language("fr")
    try:
        window = open_window(qtbot, Path(str(private_home)), gui_stores)  # type: ignore[arg-type]
        try:
            menus = [action.text().replace("&", "") for action in window.menuBar().actions()]
            assert menus[:3] == ["Fichier", "Affichage", "Outils"]
            tabs = window.findChild(QTabBar)
            assert tabs is not None
            assert [tabs.tabText(i).replace("&", "") for i in range(tabs.count())] == [
                "Vue d’ensemble",
                "Sites",
                "Cookies",
            ]
            window.show_view("cookies")
            window.cookies_page.table.selectRow(0)
            qtbot.waitUntil(  # type: ignore[attr-defined]
                lambda: "Pourquoi il est là" in window.cookies_page.detail.text.toPlainText()
            )
        finally:
            window.close()
    finally:
        set_language("en")
