"""Dialogs: the delete-trackers preview, the running-browser prompt, undo history,
settings and about."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector import __version__
from inspector.analysis import Analysis, Finding
from inspector.catalogue.importers import import_file
from inspector.deletion.backup import BackupStore
from inspector.deletion.plan import Plan, Selection, make_plan
from inspector.deletion.recovery import describe_status, history
from inspector.errors import InspectorError
from inspector.gui.theme import ACCENT, SHORT_LABELS, pick
from inspector.paths import AppPaths
from inspector.settings import Settings, normalise_site


class DeleteTrackersDialog(QDialog):
    """Preview of the one-click action: what goes and what stays, before anything happens."""

    def __init__(
        self,
        analysis: Analysis,
        settings: Settings,
        uncertain: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Delete trackers")
        self.analysis, self.settings, self.uncertain = analysis, settings, uncertain
        self.resize(1000, 580)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Cookie Inspector will remove the analytics and advertising cookies from "
            "every browser profile it read. Close those browsers first. A backup is "
            "kept, so you can undo this."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.keep_consent = QCheckBox("Keep my consent and refusal choices")
        self.keep_consent.setChecked(settings.keep_consent)
        self.keep_consent.setToolTip(
            "Sites remember what you accepted or refused in these "
            "cookies. Without them, banners come back and refusals "
            "are forgotten."
        )
        self.include_social = QCheckBox("Also remove social-network cookies (logs you out of them)")
        layout.addWidget(self.keep_consent)
        layout.addWidget(self.include_social)
        keep = ", ".join(settings.keep_sites) or "none"
        self.keep_label = QLabel(f"Never touched (your keep list): {keep}")
        self.keep_label.setWordWrap(True)
        layout.addWidget(self.keep_label)
        split = QSplitter()
        self.goes = self._tree("Will be deleted")
        self.stays = self._tree("Will be kept")
        split.addWidget(self.goes)
        split.addWidget(self.stays)
        split.setSizes([560, 440])
        layout.addWidget(split, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm = QPushButton()
        self.confirm.setDefault(True)
        self.confirm.setStyleSheet(
            f"background:{pick(ACCENT).name()}; color:white; "
            "padding:6px 14px; font-weight:bold; border-radius:4px;"
        )
        self.buttons.addButton(self.confirm, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.keep_consent.toggled.connect(self.refresh)
        self.include_social.toggled.connect(self.refresh)
        self.plan: Plan = Plan((), ())
        self.refresh()

    @staticmethod
    def _tree(title: str) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setHeaderLabels([title, "Company", "Purpose", "Browser"])
        tree.setAccessibleName(title)
        tree.setColumnWidth(0, 200)
        tree.setColumnWidth(1, 150)
        tree.setColumnWidth(2, 90)
        return tree

    def selection(self) -> Selection:
        return Selection(
            trackers=True,
            include_social=self.include_social.isChecked(),
            keep_consent=self.keep_consent.isChecked(),
            keep_sites=frozenset(self.settings.keep_sites),
        )

    def refresh(self) -> None:
        self.plan = make_plan(self.analysis, self.selection(), self.uncertain)
        self.goes.clear()
        by_site = defaultdict(list)
        for finding in self.plan.delete:
            by_site[finding.info.site].append(finding)
        for site, findings in sorted(by_site.items(), key=lambda item: -len(item[1])):
            parent = QTreeWidgetItem([f"{site} ({len(findings)})"])
            for finding in sorted(
                findings, key=lambda f: (f.cookie.name.lower(), f.cookie.store.browser)
            ):
                parent.addChild(_row(finding))
            self.goes.addTopLevelItem(parent)
        self.stays.clear()
        by_reason = defaultdict(list)
        for kept in self.plan.keep:
            by_reason[kept.text].append(kept.finding)
        for reason, findings in sorted(by_reason.items(), key=lambda item: -len(item[1])):
            parent = QTreeWidgetItem([f"{len(findings)} kept: {reason}"])
            parent.setToolTip(0, reason)
            parent.setFirstColumnSpanned(True)
            for finding in findings[:500]:
                parent.addChild(_row(finding, with_site=True))
            self.stays.addTopLevelItem(parent)
            parent.setFirstColumnSpanned(True)
        count = len(self.plan.delete)
        self.confirm.setText(f"Delete {count} cookie{'s' if count != 1 else ''}")
        self.confirm.setEnabled(count > 0)


def _row(finding: Finding, with_site: bool = False) -> QTreeWidgetItem:
    organization = finding.info.organization.name if finding.info.organization else ""
    name = f"{finding.cookie.name} — {finding.info.site}" if with_site else finding.cookie.name
    item = QTreeWidgetItem(
        [name, organization, SHORT_LABELS[finding.info.purpose], finding.cookie.store.browser]
    )
    item.setToolTip(0, f"{finding.cookie.host}{finding.cookie.path}")
    return item


def running_browser_dialog(parent: QWidget, message: str) -> bool:
    """Ask the person to close the browser; True when they press Retry."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Close the browser first")
    box.setText("A browser is still open")
    box.setInformativeText(f"{message}\n\nClose it completely, then press Retry.")
    box.setStandardButtons(QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Retry)
    return box.exec() == QMessageBox.StandardButton.Retry


class HistoryDialog(QDialog):
    """Past deletions, with undo."""

    def __init__(
        self, paths: AppPaths, undo: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Undo history")
        self.resize(760, 380)
        self.backups = BackupStore(paths)
        self.paths = paths
        self.undo = undo
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["When", "What", "Cookies", "State"])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName("Past deletions")
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.undo_button = QPushButton("Undo selected deletion")
        self.undo_button.clicked.connect(self._undo)
        purge = QPushButton("Delete all backups…")
        purge.clicked.connect(self._purge)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        row.addWidget(purge)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        items = history(self.paths)  # interrupted deletions are settled from the stores first
        self.table.setRowCount(len(items))
        for row, backup in enumerate(items):
            cells = [
                f"{backup.created.astimezone():%d %b %Y %H:%M}",
                backup.description,
                str(backup.count),
                describe_status(backup),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, backup.id)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.undo_button.setEnabled(any(b.status == "applied" for b in items))

    def _undo(self) -> None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is not None:
            self.undo(str(item.data(Qt.ItemDataRole.UserRole)))
            self.reload()

    def _purge(self) -> None:
        answer = QMessageBox.question(
            self,
            "Delete all backups",
            "Delete every backup? Past deletions can then no longer be undone.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.backups.purge(None)
            self.reload()


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.paths = paths
        self.imported = False
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("<b>Keep list</b> — sites that deleting never touches, so you stay signed in:")
        )
        self.keep = QListWidget()
        self.keep.setAccessibleName("Keep list")
        self.keep.addItems(list(settings.keep_sites))
        layout.addWidget(self.keep)
        row = QHBoxLayout()
        add, remove = QPushButton("Add site…"), QPushButton("Remove")
        add.clicked.connect(self._add)
        remove.clicked.connect(
            lambda: [self.keep.takeItem(self.keep.row(i)) for i in self.keep.selectedItems()]
        )
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        form = QFormLayout()
        self.keep_consent = QCheckBox("Keep consent and refusal records when deleting")
        self.keep_consent.setChecked(settings.keep_consent)
        form.addRow(self.keep_consent)
        self.retention = QSpinBox()
        self.retention.setRange(1, 3650)
        self.retention.setSuffix(" days")
        self.retention.setValue(settings.backup_retention_days)
        form.addRow("Keep backups for", self.retention)
        layout.addLayout(form)
        importer = QPushButton("Import a community catalogue…")
        importer.setToolTip(
            "Open Cookie Database (CSV or JSON), Ghostery TrackerDB JSON or "
            "Disconnect services.json. Imported entries rank below Cookie "
            "Inspector's own."
        )
        importer.clicked.connect(self._import)
        layout.addWidget(importer)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.base = settings

    def _add(self) -> None:
        site, ok = QInputDialog.getText(self, "Add to keep list", "Site (for example mybank.com):")
        if ok and normalise_site(site):
            self.keep.addItem(normalise_site(site))

    def _import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import a catalogue", str(Path.home()), "Catalogues (*.csv *.json)"
        )
        if not name:
            return
        try:
            _, document = import_file(Path(name), self.paths.imported_dir)
        except InspectorError as error:
            QMessageBox.warning(self, "Import failed", error.describe())
            return
        self.imported = True
        QMessageBox.information(
            self,
            "Catalogue imported",
            f"{len(document['cookie'])} cookie entries and "
            f"{len(document['service'])} services imported.\n"
            f"Licence: {document['licence']}",
        )

    def result_settings(self) -> Settings:
        sites = [self.keep.item(i).text() for i in range(self.keep.count())]
        updated = self.base.with_keep_sites(sites)
        from dataclasses import replace

        return replace(
            updated,
            keep_consent=self.keep_consent.isChecked(),
            backup_retention_days=self.retention.value(),
        )


LICENCES = (
    ("Qt for Python (PySide6)", "LGPL-3.0"),
    ("pycryptodomex", "BSD-2-Clause AND Unlicense"),
    ("jeepney (Linux)", "MIT"),
    ("platformdirs", "MIT"),
    ("publicsuffixlist (with the Public Suffix List)", "MPL-2.0"),
    ("python-lz4", "BSD-3-Clause"),
)


def about_dialog(parent: QWidget, catalogue_version: str, sources: tuple[str, ...]) -> None:
    licences = "".join(f"<li>{name} — {licence}</li>" for name, licence in LICENCES)
    QMessageBox.about(
        parent,
        "About Cookie Inspector",
        (
            f"<h3>Cookie Inspector {__version__}</h3>"
            "<p>See every cookie of every browser on this computer, understand who put it there "
            "and why, and remove the trackers while keeping your consent choices.</p>"
            "<p>Cookie Inspector makes no network connection.</p>"
            f"<p><b>Tracker catalogue</b> version {catalogue_version}: written by the Cookie "
            "Inspector project in its own words. Loaded: " + ", ".join(sources) + ".</p>"
            f"<p><b>Built with</b></p><ul>{licences}</ul>"
        ),
    )
