"""The Sites page: every site with its cookies; select one to see its cookies, the choice
recorded there, and each cookie explained."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from html import escape

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHeaderView,
    QLabel,
    QMenu,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector.analysis import Analysis, Finding
from inspector.gui.controllers.keyring import RETRY_HINT
from inspector.gui.delegates import PurposeBarDelegate
from inspector.gui.detail import DetailPane
from inspector.gui.models import CookieTableModel, Filters, SiteTableModel
from inspector.gui.numbers import number
from inspector.gui.pages.selection import (
    reselect,
    select_rows,
    selected_findings,
    selected_ids,
    sync_detail,
)
from inspector.gui.pages.tables import ListTable, cookie_table
from inspector.gui.theme import ACCENT, pick
from inspector.i18n import _, ngettext
from inspector.keys import KeyProblem
from inspector.summary import SiteSummary


class SitesPage(QWidget):
    delete_sites_requested = Signal(object)  # list[str]: the sites
    delete_cookies_requested = Signal(object)  # list[Finding]
    keep_sites_requested = Signal(object)  # list[str]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.analysis: Analysis | None = None
        self.filters = Filters()
        self._deleting_allowed = True
        self._ready = False  # the site list of the analysis shown is built
        # the sites and cookies the person selected: selected again when a filter shows them
        self._wanted_sites: list[str] = []
        self._wanted_cookies: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        split = QSplitter()
        split.setChildrenCollapsible(False)
        self.model = SiteTableModel()
        self.table = ListTable(_("Sites"))
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(2, PurposeBarDelegate(self.table))
        self.table.selectionModel().selectionChanged.connect(self._person_selected_sites)
        self.table.delete_pressed.connect(self._delete_sites)
        self.table.customContextMenuRequested.connect(self._site_menu)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        widths = {0: 150, 1: 56, 2: 60, 3: 64, 4: 100, 5: 84}
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        self.table.fit_columns((0, 1, 2, 4, 3, 5), widths)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.count_label = QLabel()
        self.count_label.setObjectName("sectionTitle")
        left_layout.addWidget(self.count_label)
        left_layout.addWidget(self.table)
        split.addWidget(left)
        right = QSplitter(Qt.Orientation.Vertical)
        right.setChildrenCollapsible(False)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(_("Select a site to see its cookies"))
        self.title.setObjectName("sectionTitle")
        self.consent_panel = QLabel()
        self.consent_panel.setObjectName("consentPanel")
        self.consent_panel.setWordWrap(True)
        self.consent_panel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # a few lines, scrolling past that: the cookie list below must stay usable at 600 px
        self.consent_box = QScrollArea()
        self.consent_box.setWidget(self.consent_panel)
        self.consent_box.setWidgetResizable(True)
        self.consent_box.setFrameShape(QFrame.Shape.NoFrame)
        self.consent_box.setMaximumHeight(84)
        self.consent_box.hide()
        top_layout.addWidget(self.title)
        top_layout.addWidget(self.consent_box)
        self.cookie_model = CookieTableModel()
        self.cookies = cookie_table(_("Cookies of the selected sites"), self.cookie_model)
        self.cookies.selectionModel().selectionChanged.connect(self._cookie_selection_changed)
        self.cookies.selectionModel().currentRowChanged.connect(self._cookie_selection_changed)
        self.cookies.delete_pressed.connect(self._delete_cookies)
        self.cookies.customContextMenuRequested.connect(self._cookie_menu)
        top_layout.addWidget(self.cookies)
        right.addWidget(top)
        self.detail = DetailPane()
        right.addWidget(self.detail)
        right.setSizes([360, 300])
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([440, 520])
        layout.addWidget(split, 1)

    # ------------------------------------------------------------------ data
    def show_sites(
        self,
        sites: Sequence[SiteSummary],
        analysis: Analysis,
        search_keys: Sequence[str] | None = None,
    ) -> None:
        self.analysis = analysis
        self.detail.analysis = analysis
        self._ready = True
        self.model.set_sites(sites, search_keys or None)
        self.apply_filters(self.filters)

    def show_preparing(self, analysis: Analysis) -> None:
        """A new analysis is shown; its site list is being built (``show_sites`` follows).
        The sites the person selected are selected again then."""
        self._show_empty(analysis, _("Preparing the list of sites…"))

    def show_failed(self) -> None:
        self._show_empty(self.analysis, _("The site list could not be built."))

    def _show_empty(self, analysis: Analysis | None, text: str) -> None:
        self.analysis = analysis
        self.detail.analysis = analysis
        self._ready = False
        self.table.selectionModel().blockSignals(True)
        self.model.set_sites(())
        self.table.selectionModel().blockSignals(False)
        self._sites_selected()
        self.count_label.setText(text)

    def apply_filters(self, filters: Filters, with_cookies: frozenset[str] | None = None) -> None:
        """``with_cookies``: the sites with a cookie the filters let through, when known."""
        kept = self._wanted_sites
        self.filters = filters
        if not self._ready:
            return  # applied when the list is built
        self.table.selectionModel().blockSignals(True)
        self.model.set_filters(filters, with_cookies)
        self.table.selectionModel().blockSignals(False)
        self.table.rows_changed()
        count = self.model.rowCount()
        self.count_label.setText(
            ngettext("{count} site", "{count} sites", count).format(count=number(count))
        )
        self._select_names(kept)

    def select_site(self, site: str) -> bool:
        """Select one site (from the overview); False when the filters hide it."""
        self._wanted_sites = [site]
        return self._select_names([site])

    def select_cookie(self, cookie_id: str) -> None:
        self._wanted_cookies = [cookie_id]
        reselect(self.cookies, [cookie_id])
        self.cookies.scrollTo(self.cookies.selectionModel().currentIndex())
        sync_detail(self.cookies, self.detail)

    def _selected_names(self) -> list[str]:
        return [s.site for s in self.selected_sites()]

    def _select_names(self, names: list[str]) -> bool:
        if not names and not self.table.selectionModel().hasSelection():
            self._sites_selected()
            return False
        rows = self.model.rows_of(names)
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        select_rows(self.table, rows)
        selection.blockSignals(False)
        if rows:
            self.table.scrollTo(self.model.index(rows[0], 0))
        self._sites_selected()
        return bool(rows)

    def selected_sites(self) -> list[SiteSummary]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.summary(row) for row in rows if row < self.model.rowCount()]

    def selected_cookies(self) -> list[Finding]:
        return selected_findings(self.cookies)

    def set_deleting_allowed(self, allowed: bool) -> None:
        self._deleting_allowed = allowed
        self.detail.set_delete_allowed(allowed)

    # ------------------------------------------------------------------ selection
    def _person_selected_sites(self, *_args: object) -> None:
        self._wanted_sites = self._selected_names()
        self._sites_selected()

    def _sites_selected(self, *_args: object) -> None:
        summaries = self.selected_sites()
        if not summaries:
            self.title.setText(_("Select a site to see its cookies"))
            self.cookie_model.set_findings([])
            self.consent_box.hide()
            self.detail.show_finding(None, self.analysis)
            return
        kept = self._wanted_cookies
        findings = [f for s in summaries for f in s.findings]
        self.cookies.selectionModel().blockSignals(True)
        self.cookie_model.set_findings(findings)
        self.cookie_model.set_filters(replace(self.filters, text=""))
        self.cookies.selectionModel().blockSignals(False)
        count = self.cookie_model.rowCount()
        if len(summaries) == 1:
            title = ngettext("{site} — {count} cookie", "{site} — {count} cookies", count).format(
                site=summaries[0].site, count=number(count)
            )
        else:
            title = ngettext(
                "{sites} sites — {count} cookie", "{sites} sites — {count} cookies", count
            ).format(sites=number(len(summaries)), count=number(count))
        self.title.setText(title)
        self._show_consent(summaries)
        if kept:
            self.cookies.selectionModel().blockSignals(True)
            reselect(self.cookies, kept)
            self.cookies.selectionModel().blockSignals(False)
        if not self.cookies.selectionModel().selectedRows() and count:
            contradicted = self.filters.contradicted
            first = next(
                (r for r in range(count) if self.cookie_model.finding(r).cookie.id in contradicted),
                0,
            )  # the evidence first, when there is some
            self.cookies.selectRow(first)
        sync_detail(self.cookies, self.detail)

    def _cookie_selection_changed(self, *_args: object) -> None:
        self._wanted_cookies = selected_ids(self.cookies)
        sync_detail(self.cookies, self.detail)

    def _show_consent(self, summaries: list[SiteSummary]) -> None:
        """The consent panel: each distinct recorded choice once, with its browsers."""
        choices: dict[tuple[str, str], set[str]] = {}
        for summary in summaries:
            for finding in summary.findings:
                record = finding.info.consent_record
                if record is not None and record.decisions:
                    key = (summary.site, record.summary())
                    choices.setdefault(key, set()).add(finding.cookie.store.browser)
        lines = [
            _("<b>{site}</b> ({browsers}): {choice}").format(
                site=escape(site), browsers=escape(", ".join(sorted(browsers))), choice=escape(text)
            )
            for (site, text), browsers in choices.items()
        ]
        if len(lines) > 4:
            more = len(lines) - 4
            lines = [
                *lines[:4],
                ngettext("… and {count} more record", "… and {count} more records", more).format(
                    count=number(more)
                ),
            ]
        lines.extend(self._unread_lines({summary.site for summary in summaries}))
        violations = sum(s.violations for s in summaries)
        if violations:
            text = ngettext(
                "{count} cookie contradicts a refusal recorded here — select it below to see "
                "the evidence.",
                "{count} cookies contradict a refusal recorded here — select them below to see "
                "the evidence.",
                violations,
            ).format(count=number(violations))
            lines.append(f"<b style='color:{pick(ACCENT).name()}'>{escape(text)}</b>")
        self.consent_panel.setText("<br>".join(lines))
        self.consent_box.setVisible(bool(lines))

    def _unread_lines(self, sites: set[str]) -> list[str]:
        """Where a consent record of these sites could not be read: say so, and why."""
        if self.analysis is None:
            return []
        lines = []
        for group in self.analysis.unread:
            for site in sorted(sites.intersection(group.sites)):
                reason = _(RETRY_HINT) if group.problem is KeyProblem.NOT_ASKED else group.reason
                text = _("The consent choices recorded on {site} could not be read. {reason}")
                lines.append(f"<i>{escape(text.format(site=site, reason=reason))}</i>")
        return lines

    # ------------------------------------------------------------------ asking to delete
    def _delete_sites(self) -> None:
        sites = self._selected_names()
        if sites and self._deleting_allowed:
            self.delete_sites_requested.emit(sites)

    def _delete_cookies(self) -> None:
        findings = self.selected_cookies()
        if findings and self._deleting_allowed:
            self.delete_cookies_requested.emit(findings)

    def _site_menu(self, point: QPoint) -> None:
        sites = self._selected_names()
        if not sites:
            return
        menu = QMenu(self)
        delete = menu.addAction(
            ngettext(
                "&Delete the cookies of {count} site…",
                "&Delete the cookies of {count} sites…",
                len(sites),
            ).format(count=number(len(sites))),
            self._delete_sites,
        )
        delete.setEnabled(self._deleting_allowed)
        menu.addAction(_("Add to &keep list"), lambda: self.keep_sites_requested.emit(sites))
        menu.exec(self.table.viewport().mapToGlobal(point))

    def _cookie_menu(self, point: QPoint) -> None:
        findings = self.selected_cookies()
        if not findings:
            return
        cookie_menu(self, findings, self._deleting_allowed, self._delete_cookies).exec(
            self.cookies.viewport().mapToGlobal(point)
        )


def cookie_menu(
    parent: QWidget, findings: list[Finding], allowed: bool, delete: Callable[[], None]
) -> QMenu:
    menu = QMenu(parent)
    action = menu.addAction(
        ngettext("&Delete {count} cookie…", "&Delete {count} cookies…", len(findings)).format(
            count=number(len(findings))
        ),
        delete,
    )
    action.setEnabled(allowed)
    return menu
