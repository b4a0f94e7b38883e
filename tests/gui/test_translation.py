"""Qt's own texts follow the program's language: its catalogue is found and installed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from inspector.gui.translation import install_qt_translator
from inspector.i18n import set_language


@pytest.fixture
def french_qt(qapp: QApplication) -> Iterator[None]:
    set_language("fr")
    translator = install_qt_translator(qapp)
    assert translator is not None, "qtbase_fr.qm should ship with PySide6"
    yield
    qapp.removeTranslator(translator)
    set_language("en")
    QLocale.setDefault(QLocale("en_GB"))


def test_standard_buttons_speak_french(french_qt: None, qtbot: object) -> None:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Annuler"
    assert QCoreApplication.translate("QFileDialog", "Open") == "Ouvrir"
    assert QLocale().toString(12345) == "12\u202f345"


def test_english_installs_no_translator(qapp: QApplication) -> None:
    set_language("en")
    assert install_qt_translator(qapp) is None
