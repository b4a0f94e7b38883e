"""Keeping a table's selection honest when its rows change: the detail pane shows the
selected cookie only while that cookie is visible, and nothing otherwise."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel

from inspector.analysis import Finding
from inspector.gui.detail import DetailPane
from inspector.gui.models import CookieTableModel
from inspector.gui.pages.tables import ListTable


def selected_findings(table: ListTable) -> list[Finding]:
    model = table.model()
    assert isinstance(model, CookieTableModel)
    rows = sorted({index.row() for index in table.selectionModel().selectedRows()})
    return [model.finding(row) for row in rows if row < model.rowCount()]


def reselect(table: ListTable, ids: list[str]) -> None:
    """Select again the rows of these cookie ids that are still shown (after a filter)."""
    model = table.model()
    assert isinstance(model, CookieTableModel)
    wanted = set(ids)
    rows = [row for row in range(model.rowCount()) if model.finding(row).cookie.id in wanted]
    selection = table.selectionModel()
    selection.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        selection.select(model.index(row, 0), flags)
    if rows:
        selection.setCurrentIndex(
            model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate
        )


def sync_detail(table: ListTable, pane: DetailPane) -> None:
    """Show the current row's cookie if it is selected and visible; otherwise nothing."""
    model = table.model()
    assert isinstance(model, CookieTableModel)
    current = table.selectionModel().currentIndex()
    selected = table.selectionModel().isRowSelected(current.row()) if current.isValid() else False
    if current.isValid() and selected and current.row() < model.rowCount():
        finding = model.finding(current.row())
        if pane.finding is not finding:
            pane.show_finding(finding)
        return
    rows = table.selectionModel().selectedRows()
    if rows:
        pane.show_finding(model.finding(rows[0].row()))
    elif pane.finding is not None:
        pane.show_finding(None)
