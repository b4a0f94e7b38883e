"""Qt's own texts (standard buttons, the file chooser, context menus of text fields) in the
language the program speaks. Our own strings go through :mod:`inspector.i18n` (gettext);
Qt's come from the ``qtbase_<lang>.qm`` catalogue that PySide6 ships, kept in the bundle by
``packaging/cookie-inspector.spec``."""

from __future__ import annotations

from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from inspector.i18n import current_language, formatting_locale


def qt_translation_dirs() -> list[Path]:
    """Where Qt's catalogues are: Qt's own idea, then the PySide6 package (a frozen bundle
    keeps them under _internal/PySide6/Qt/translations)."""
    reported = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    packaged = Path(PySide6.__file__).resolve().parent / "Qt" / "translations"
    return [reported, packaged]


def install_qt_translator(app: QCoreApplication) -> QTranslator | None:
    """Load Qt's catalogue for the language in use; returns it (None for English or when
    it is missing: Qt then speaks English, as the source strings do)."""
    language = current_language()
    QLocale.setDefault(QLocale(formatting_locale()))
    if language == "en":
        return None
    for folder in qt_translation_dirs():
        translator = QTranslator(app)
        if translator.load(f"qtbase_{language}", str(folder)):
            app.installTranslator(translator)
            return translator
    return None
