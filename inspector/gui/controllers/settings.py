"""The person's settings: loaded once (a damaged file is explained, and defaults used until
it is fixed), the keep list, Tools → Settings, and a catalogue import."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from inspector.errors import InspectorError
from inspector.gui.dialogs import SettingsDialog
from inspector.i18n import _, set_country
from inspector.paths import AppPaths
from inspector.settings import Settings, load_settings, save_settings

if TYPE_CHECKING:
    from inspector.gui.window import MainWindow


def read_settings(paths: AppPaths) -> tuple[Settings, str | None]:
    """The saved settings, or the defaults and what is wrong with the file."""
    try:
        return load_settings(paths.settings_file), None
    except InspectorError as error:
        return Settings(), error.describe()


def explain_damaged_settings(parent: QWidget | None, problem: str) -> None:
    QMessageBox.warning(
        parent,
        _("Your settings could not be read"),
        _(
            "{problem}\n\nCookie Inspector uses its default settings for now: your keep list "
            "is empty until the file is fixed, so check it before deleting. Saving the "
            "settings replaces the damaged file."
        ).format(problem=problem),
    )


class SettingsController(QObject):
    catalogue_imported = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.settings, self.problem = read_settings(window.paths)

    def explain_problem(self) -> None:
        """Shown once the window is on screen (a damaged file, not a traceback)."""
        if self.problem is not None:
            problem, self.problem = self.problem, None
            explain_damaged_settings(self.window, problem)

    def save(self, settings: Settings) -> None:
        self.settings = settings
        set_country(settings.country)  # the authority named from now on; a language waits
        try:
            save_settings(self.window.paths.settings_file, settings)
        except OSError as error:
            message = _(
                "{path} could not be written ({reason}). Check that this folder belongs to you "
                "and that the disk has free space, then change the setting again."
            ).format(
                path=self.window.paths.settings_file, reason=error.strerror or type(error).__name__
            )
            QMessageBox.warning(self.window, _("Your settings were not saved"), message)

    def keep_sites(self, sites: list[str]) -> None:
        self.save(self.settings.with_keep_sites([*self.settings.keep_sites, *sites]))
        self.window.statusBar().showMessage(
            _("Added {sites} to the keep list").format(sites=", ".join(sites)), 5000
        )

    def show_dialog(self) -> None:
        dialog = SettingsDialog(self.settings, self.window.paths, self.window)
        try:
            if dialog.exec():
                self.save(dialog.result_settings())
                if dialog.imported:
                    self.catalogue_imported.emit()
        finally:
            dialog.deleteLater()
