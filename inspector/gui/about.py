"""The About box: what the program is, its licence, and every component it ships with."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector import __version__
from inspector.i18n import _
from inspector.licences import Component, components, own_licence
from inspector.resources import resource

OCD_LICENCE = ("catalogue", "LICENSE-open-cookie-database.txt")


class AboutDialog(QDialog):
    """Name, version and purpose; then a list of Cookie Inspector itself, the data it ships
    and every bundled component, each with its licence text shown below when selected."""

    def __init__(
        self, parent: QWidget | None, catalogue_version: str, sources: tuple[str, ...]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About Cookie Inspector"))
        layout = QVBoxLayout(self)
        header = QLabel(self._header_html(catalogue_version, sources))
        header.setWordWrap(True)
        header.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(header)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.components = QTreeWidget()
        self.components.setHeaderLabels([_("Component"), _("Version"), _("Licence")])
        self.components.setRootIsDecorated(False)
        self.components.setAccessibleName(_("Components and their licences"))
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(_("Licence text"))
        splitter.addWidget(self.components)
        splitter.addWidget(self.text)
        layout.addWidget(splitter, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._texts: list[Callable[[], str]] = []  # read when first shown
        self._fill()
        self.components.currentItemChanged.connect(self._show_text)
        first = self.components.topLevelItem(0)
        if first is not None:
            self.components.setCurrentItem(first)
        from inspector.gui.dialogs import fit_to_screen

        fit_to_screen(self, 720, 640)

    @staticmethod
    def _header_html(catalogue_version: str, sources: tuple[str, ...]) -> str:
        loaded = ", ".join(sources) or _("the bundled catalogue")
        return (
            f"<h3>Cookie Inspector {__version__}</h3><p>"
            + _(
                "See every cookie of every browser on this computer, understand who put it "
                "there and why, and remove the trackers while keeping your consent choices."
            )
            + "</p><p>"
            + _("Cookie Inspector makes no network connection.")
            + "</p><p>"
            + _(
                "Free software under the GNU General Public License, version 3 or later: you "
                "may use, study, share and change it. Select a line below to read its licence."
            )
            + "</p><p>"
            + _("Tracker catalogue version {version}; loaded: {sources}.").format(
                version=catalogue_version, sources=loaded
            )
            + "</p>"
        )

    def _add(self, name: str, version: str, licence: str, text: Callable[[], str]) -> None:
        self.components.addTopLevelItem(QTreeWidgetItem([name, version, licence]))
        self._texts.append(text)

    def _fill(self) -> None:
        self._add("Cookie Inspector", __version__, "GPL-3.0-or-later", own_licence)
        ocd = resource(*OCD_LICENCE)
        if ocd.is_file():
            self._add(
                _("Open Cookie Database (catalogue entries derived from it)"),
                "",
                "Apache-2.0",
                lambda: ocd.read_text("utf-8"),
            )
        for component in components():
            self._add(
                _component_name(component), component.version, component.licence, component.text
            )
        for column in range(3):
            self.components.resizeColumnToContents(column)

    def _show_text(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        self.text.setPlainText(self._texts[self.components.indexOfTopLevelItem(item)]())


def _component_name(component: Component) -> str:
    if component.id == "python":
        return _("Python (the interpreter in the desktop bundle)")
    if component.id == "pyside6-essentials":
        return _("Qt 6 and Qt for Python (PySide6)")
    return component.name


def about_dialog(parent: QWidget, catalogue_version: str, sources: tuple[str, ...]) -> None:
    AboutDialog(parent, catalogue_version, sources).exec()
