"""Dialogs: the delete-trackers preview, the running-browser prompt, undo history,
settings and about."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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

from inspector.analysis import Finding
from inspector.authority import authority_countries
from inspector.catalogue.importers import import_file
from inspector.deletion.backup import BackupStatus, BackupStore
from inspector.deletion.plan import REASONS, Plan, Selection
from inspector.deletion.recovery import describe_status, history
from inspector.errors import InspectorError
from inspector.gui.numbers import number
from inspector.i18n import N_, _, available_languages, ngettext, user_country
from inspector.localeformat import format_datetime, language_name, territory_name
from inspector.paths import AppPaths
from inspector.settings import Settings, normalise_site


class DeleteTrackersDialog(QDialog):
    """Preview of the one-click action: what goes and what stays, before anything happens.

    The dialog opens at once; the plan is computed off the GUI thread by the deletion
    controller (``selection_changed`` asks for it, ``show_plan`` shows it). A site's cookies
    are listed when the person opens it, so a plan of 60,000 cookies shows at once."""

    selection_changed = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Delete trackers"))
        self.settings = settings
        self.plan: Plan | None = None
        self._children: dict[int, list[Finding]] = {}
        fit_to_screen(self, 1000, 580)
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Cookie Inspector will remove the analytics and advertising cookies from "
                "every browser profile it read. Close those browsers first. A backup is "
                "kept, so you can undo this."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.keep_consent = QCheckBox(_("&Keep my consent and refusal choices"))
        self.keep_consent.setChecked(settings.keep_consent)
        self.keep_consent.setToolTip(
            _(
                "Sites remember what you accepted or refused in these cookies. Without "
                "them, banners come back and refusals are forgotten."
            )
        )
        self.include_social = QCheckBox(
            _("Also remove &social-network cookies (logs you out of them)")
        )
        layout.addWidget(self.keep_consent)
        layout.addWidget(self.include_social)
        keep = ", ".join(settings.keep_sites) or _("none")
        self.keep_label = QLabel(_("Never touched (your keep list): {sites}").format(sites=keep))
        self.keep_label.setWordWrap(True)
        layout.addWidget(self.keep_label)
        self.status = QLabel()
        layout.addWidget(self.status)
        split = QSplitter()
        self.goes = self._tree(_("Will be deleted"))
        self.stays = self._tree(_("Will be kept"))
        for tree in (self.goes, self.stays):
            tree.itemExpanded.connect(self._fill)
        split.addWidget(self.goes)
        split.addWidget(self.stays)
        split.setSizes([560, 440])
        layout.addWidget(split, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm = QPushButton()
        self.confirm.setDefault(True)
        self.confirm.setObjectName("primary")
        self.buttons.addButton(self.confirm, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.keep_consent.toggled.connect(self.selection_changed)
        self.include_social.toggled.connect(self.selection_changed)
        self.show_busy()

    @staticmethod
    def _tree(title: str) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setHeaderLabels([title, _("Company"), _("Purpose"), _("Browser")])
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

    def show_busy(self) -> None:
        self.plan = None
        self.status.setText(_("Working out what would be deleted…"))
        self.confirm.setText(_("Delete"))
        self.confirm.setEnabled(False)

    def show_plan(self, plan: Plan, groups: PreviewGroups | None = None) -> None:
        """Show a plan; ``groups`` (computed off the GUI thread) when the caller has them."""
        chosen = (self.include_social.isChecked(), self.keep_consent.isChecked())
        if (plan.selection.include_social, plan.selection.keep_consent) != chosen:
            return  # an older preview, for choices changed since
        groups = groups or preview_groups(plan)
        self.plan = plan
        self._children.clear()
        self.goes.clear()
        items = [
            self._group(
                _("{site} ({count})").format(site=site, count=number(len(findings))), findings
            )
            for site, findings in groups.goes[:SHOWN_SITES]
        ]
        hidden = len(groups.goes) - SHOWN_SITES
        if hidden > 0:
            items.append(
                QTreeWidgetItem(
                    [
                        ngettext(
                            "… and {count} more site with fewer cookies",
                            "… and {count} more sites with fewer cookies",
                            hidden,
                        ).format(count=number(hidden))
                    ]
                )
            )
        self.goes.addTopLevelItems(items)
        self.stays.clear()
        for reason, count, findings in groups.stays:
            text = ngettext("{count} kept: {reason}", "{count} kept: {reason}", count).format(
                count=number(count), reason=reason
            )
            parent = self._group(text, findings, with_site=True)
            parent.setToolTip(0, reason)
            self.stays.addTopLevelItem(parent)
            parent.setFirstColumnSpanned(True)
        count = len(plan.delete)
        self.confirm.setText(
            ngettext("Delete {count} cookie", "Delete {count} cookies", count).format(
                count=number(count)
            )
        )
        self.confirm.setEnabled(count > 0)
        self.status.setText(
            "" if count else _("Nothing to delete: no analytics or advertising cookie was found.")
        )

    def _group(
        self, text: str, findings: list[Finding], with_site: bool = False
    ) -> QTreeWidgetItem:
        parent = QTreeWidgetItem([text])
        parent.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
        parent.setData(0, Qt.ItemDataRole.UserRole, with_site)
        self._children[id(parent)] = findings
        return parent

    def _fill(self, parent: QTreeWidgetItem) -> None:
        findings = self._children.pop(id(parent), None)
        if findings is None:
            return
        with_site = bool(parent.data(0, Qt.ItemDataRole.UserRole))
        ordered = sorted(findings, key=lambda f: (f.cookie.name.lower(), f.cookie.store.browser))
        parent.addChildren([_row(finding, with_site) for finding in ordered])


SHOWN_SITES = 300  # the preview's site lines; the count on the button is for all of them


@dataclass(frozen=True)
class PreviewGroups:
    """A plan's cookies grouped for the preview: sites by how many cookies go, reasons to
    keep by how many cookies they keep. Plain data, computed with the plan off the GUI
    thread."""

    goes: list[tuple[str, list[Finding]]]
    # each reason to keep, how many cookies it keeps and the first SHOWN_KEPT of them (most
    # of a large profile stays: a list of every one was held while the dialog was open)
    stays: list[tuple[str, int, list[Finding]]]


SHOWN_KEPT = 500  # the cookies listed under a reason to keep (its count is of all of them)


def preview_groups(plan: Plan) -> PreviewGroups:
    by_site: dict[str, list[Finding]] = defaultdict(list)
    for finding in plan.delete:
        by_site[finding.info.site].append(finding)
    counts: Counter[str] = Counter()
    shown: dict[str, list[Finding]] = defaultdict(list)
    for finding, reason in zip(plan.kept, plan.reasons, strict=True):
        counts[reason] += 1
        if counts[reason] <= SHOWN_KEPT:
            shown[reason].append(finding)
    by_reason: dict[str, tuple[int, list[Finding]]] = {}
    for reason, count in counts.items():  # translated once per reason
        text = _(REASONS[reason])
        before, found = by_reason.get(text, (0, []))
        by_reason[text] = (before + count, (found + shown[reason])[:SHOWN_KEPT])
    return PreviewGroups(
        sorted(by_site.items(), key=lambda item: (-len(item[1]), item[0])),
        sorted(
            ((text, count, found) for text, (count, found) in by_reason.items()),
            key=lambda item: -item[1],
        ),
    )


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to ``width`` × ``height``, or less when the screen is smaller."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, available.width() - 40)
        height = min(height, available.height() - 60)
    widget.resize(width, height)


def _row(finding: Finding, with_site: bool = False) -> QTreeWidgetItem:
    organization = finding.info.organization.name if finding.info.organization else ""
    name = (
        _("{name} — {site}").format(name=finding.cookie.name, site=finding.info.site)
        if with_site
        else finding.cookie.name
    )
    item = QTreeWidgetItem(
        [name, organization, finding.info.purpose.short_label, finding.cookie.store.browser]
    )
    item.setToolTip(0, f"{finding.cookie.host}{finding.cookie.path}")
    return item


def running_browser_dialog(parent: QWidget, message: str) -> bool:
    """Ask the person to close the browser; True when they press Retry."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Close the browser first"))
    box.setText(_("A browser is still open"))
    box.setInformativeText(
        _("{message}\n\nClose it completely, then press Retry.").format(message=message)
    )
    box.setStandardButtons(QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Retry)
    return box.exec() == QMessageBox.StandardButton.Retry


class HistoryDialog(QDialog):
    """Past deletions, with undo."""

    def __init__(
        self, paths: AppPaths, undo: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Undo history"))
        self.resize(760, 380)
        self.backups = BackupStore(paths)
        self.paths = paths
        self.undo = undo
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("When"), _("What"), _("Cookies"), _("State")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(_("Past deletions"))
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.undo_button = QPushButton(_("&Undo selected deletion"))
        self.undo_button.clicked.connect(self._undo)
        purge = QPushButton(_("Delete all &backups…"))
        purge.clicked.connect(self._purge)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        row.addWidget(purge)
        close = QPushButton(_("&Close"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        items = history(self.paths)  # interrupted deletions are settled from the stores first
        self.table.setRowCount(len(items))
        for row, backup in enumerate(items):
            cells = [
                format_datetime(backup.created.astimezone(), length="short"),
                backup.description,
                number(backup.count),
                describe_status(backup),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, backup.id)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.undo_button.setEnabled(any(b.status is BackupStatus.APPLIED for b in items))

    def _undo(self) -> None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is not None:
            self.undo(str(item.data(Qt.ItemDataRole.UserRole)))  # reload() follows when done

    def _purge(self) -> None:
        answer = QMessageBox.question(
            self,
            _("Delete all backups"),
            _("Delete every backup? Past deletions can then no longer be undone."),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.backups.purge(None)
            self.reload()


KEYRING_CHOICES = (
    ("ask", N_("Ask me first")),
    ("allow", N_("Yes, ask the keyring")),
    ("deny", N_("No, leave them unread")),
)


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Settings"))
        self.paths = paths
        self.imported = False
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                _("{title} — sites that deleting never touches, so you stay signed in:").format(
                    title="<b>{}</b>".format(escape(_("Keep list")))
                )
            )
        )
        self.keep = QListWidget()
        self.keep.setAccessibleName(_("Keep list"))
        self.keep.addItems(list(settings.keep_sites))
        layout.addWidget(self.keep)
        row = QHBoxLayout()
        add, remove = QPushButton(_("&Add site…")), QPushButton(_("&Remove"))
        add.clicked.connect(self._add)
        remove.clicked.connect(
            lambda: [self.keep.takeItem(self.keep.row(i)) for i in self.keep.selectedItems()]
        )
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        form = QFormLayout()
        self.keep_consent = QCheckBox(_("Keep &consent and refusal records when deleting"))
        self.keep_consent.setChecked(settings.keep_consent)
        form.addRow(self.keep_consent)
        self.retention = QSpinBox()
        self.retention.setRange(1, 3650)
        # Translators: after a number in a spin box ("30 days")
        self.retention.setSuffix(" " + _("days"))
        self.retention.setValue(settings.backup_retention_days)
        form.addRow(_("Keep backups for"), self.retention)
        self.keyring_access = QComboBox()
        self.keyring_access.setAccessibleName(_("Keyring access"))
        for value, label in KEYRING_CHOICES:
            self.keyring_access.addItem(_(label), value)
        self.keyring_access.setCurrentIndex(
            max(0, self.keyring_access.findData(settings.keyring_access))
        )
        self.keyring_access.setToolTip(
            _(
                "Consent records of Chrome-family browsers are encrypted with a key kept in "
                "your system keyring or Keychain; reading it may make your system ask you."
            )
        )
        form.addRow(_("Read encrypted consent records"), self.keyring_access)
        self.language = QComboBox()
        self.language.addItem(_("As the system ({language})").format(language=language_name()), "")
        for code in available_languages():
            self.language.addItem(language_name(code), code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.language.setAccessibleName(_("Language"))
        form.addRow(_("&Language"), self.language)
        self.country = QComboBox()
        system_country = user_country(None)
        self.country.addItem(
            _("As the system ({country})").format(
                country=territory_name(system_country) if system_country else _("not set")
            ),
            "",
        )
        for code, name in authority_countries():
            self.country.addItem(name, code)
        self.country.setCurrentIndex(max(0, self.country.findData(settings.country)))
        self.country.setAccessibleName(_("Country"))
        self.country.setToolTip(
            _("Decides which data-protection authority is named for complaints.")
        )
        form.addRow(_("C&ountry"), self.country)
        note = QLabel(_("A new language applies when Cookie Inspector starts again."))
        note.setWordWrap(True)
        form.addRow(note)
        layout.addLayout(form)
        importer = QPushButton(_("&Import a community catalogue…"))
        importer.setToolTip(
            _(
                "Open Cookie Database (CSV or JSON), Ghostery TrackerDB JSON or "
                "Disconnect services.json. Imported entries rank below Cookie "
                "Inspector's own."
            )
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
        site, ok = QInputDialog.getText(
            self, _("Add to keep list"), _("Site (for example mybank.com):")
        )
        if ok and normalise_site(site):
            self.keep.addItem(normalise_site(site))

    def _import(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import a catalogue"), str(Path.home()), _("Catalogues (*.csv *.json)")
        )
        if not name:
            return
        try:
            _target, document = import_file(Path(name), self.paths.imported_dir)
        except InspectorError as error:
            QMessageBox.warning(self, _("Import failed"), error.describe())
            return
        self.imported = True
        cookies, services = len(document["cookie"]), len(document["service"])
        imported = ngettext(
            "{cookies} cookie entry and {services} imported.",
            "{cookies} cookie entries and {services} imported.",
            cookies,
        ).format(
            cookies=number(cookies),
            services=ngettext("{n} service", "{n} services", services).format(n=number(services)),
        )
        licence = _("Licence: {licence}").format(licence=document["licence"])
        QMessageBox.information(self, _("Catalogue imported"), f"{imported}\n{licence}")

    def result_settings(self) -> Settings:
        sites = [self.keep.item(i).text() for i in range(self.keep.count())]
        updated = self.base.with_keep_sites(sites)
        from dataclasses import replace

        return replace(
            updated,
            keep_consent=self.keep_consent.isChecked(),
            backup_retention_days=self.retention.value(),
            keyring_access=str(self.keyring_access.currentData()),
            language=str(self.language.currentData() or ""),
            country=str(self.country.currentData() or ""),
        )
