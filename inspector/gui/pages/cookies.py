"""The Cookies page: every cookie, searchable and filterable, with its explanation."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from inspector.analysis import Analysis, Finding
from inspector.gui.detail import DetailPane
from inspector.gui.models import CookieTableModel, Filters
from inspector.gui.numbers import number
from inspector.gui.pages.selection import (
    reselect,
    selected_findings,
    selected_ids,
    sync_detail,
)
from inspector.gui.pages.sites import cookie_menu
from inspector.gui.pages.tables import cookie_table
from inspector.i18n import _, ngettext
from inspector.summary import CookieKeys


class CookiesPage(QWidget):
    delete_cookies_requested = Signal(object)  # list[Finding]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._deleting_allowed = True
        self._total = 0
        # (classified, total) while the list holds only the cookies classified so far
        self.classifying: tuple[int, int] | None = None
        # the cookies the person selected: selected again when a filter shows them again
        self._wanted: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)
        split = QSplitter()
        split.setChildrenCollapsible(False)
        self.model = CookieTableModel()
        self.table = cookie_table(_("All cookies"), self.model)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.table.delete_pressed.connect(self._delete)
        self.table.customContextMenuRequested.connect(self._menu)
        split.addWidget(self.table)
        self.detail = DetailPane()
        split.addWidget(self.detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        split.setSizes([700, 360])
        layout.addWidget(split, 1)

    def show_findings(
        self, findings: Sequence[Finding], search_keys: CookieKeys | None, analysis: Analysis
    ) -> None:
        self.detail.analysis = analysis
        self._total = len(findings)
        self.model.set_findings(findings, search_keys)
        self.apply_filters(self.model.filters)

    def apply_filters(self, filters: Filters) -> None:
        self.table.selectionModel().blockSignals(True)
        self.model.set_filters(filters)
        if self._wanted:
            reselect(self.table, self._wanted)
        self.table.selectionModel().blockSignals(False)
        self.table.rows_changed()
        shown = self.model.rowCount()
        if self.classifying is None:
            text = ngettext(
                "{shown} of {total} cookie", "{shown} of {total} cookies", self._total
            ).format(shown=number(shown), total=number(self._total))
        else:
            text = ngettext(
                "{shown} of {done} cookie classified so far ({total} in all) — classifying "
                "the rest…",
                "{shown} of {done} cookies classified so far ({total} in all) — classifying "
                "the rest…",
                self._total,
            ).format(
                shown=number(shown),
                done=number(self._total),
                total=number(self.classifying[1]),
            )
        self.count_label.setText(text)
        sync_detail(self.table, self.detail)

    def select_cookie(self, cookie_id: str) -> bool:
        self._wanted = [cookie_id]
        reselect(self.table, [cookie_id])
        self.table.scrollTo(self.table.selectionModel().currentIndex())
        sync_detail(self.table, self.detail)
        return self.detail.finding is not None

    def selected_cookies(self) -> list[Finding]:
        return selected_findings(self.table)

    def set_deleting_allowed(self, allowed: bool) -> None:
        self._deleting_allowed = allowed
        self.detail.set_delete_allowed(allowed)

    def _selection_changed(self, *_args: object) -> None:
        self._wanted = selected_ids(self.table)
        sync_detail(self.table, self.detail)

    def _delete(self) -> None:
        findings = self.selected_cookies()
        if findings and self._deleting_allowed:
            self.delete_cookies_requested.emit(findings)

    def _menu(self, point: QPoint) -> None:
        findings = self.selected_cookies()
        if findings:
            cookie_menu(self, findings, self._deleting_allowed, self._delete).exec(
                self.table.viewport().mapToGlobal(point)
            )
