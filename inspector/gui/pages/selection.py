"""Keeping a table's selection honest when its rows change: the detail pane shows the
selected cookie only while that cookie is visible, and nothing otherwise."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel

from inspector.analysis import Finding
from inspector.gui.detail import DetailPane
from inspector.gui.models import CookieTableModel
from inspector.gui.pages.tables import ListTable


def selected_findings(table: ListTable) -> list[Finding]:
    model = table.model()
    assert isinstance(model, CookieTableModel)
    rows = sorted({index.row() for index in table.selectionModel().selectedRows()})
    return [model.finding(row) for row in rows if row < model.rowCount()]


def selected_ids(table: ListTable) -> list[str]:
    """The cookie ids of the selected rows (the model remembers where they are)."""
    model = table.model()
    assert isinstance(model, CookieTableModel)
    rows = sorted({index.row() for index in table.selectionModel().selectedRows()})
    return model.ids_of_rows(row for row in rows if row < model.rowCount())


def reselect(table: ListTable, ids: list[str]) -> None:
    """Select again the rows of these cookie ids that are still shown (after a filter)."""
    model = table.model()
    assert isinstance(model, CookieTableModel)
    select_rows(table, model.rows_of(ids))


def select_rows(table: ListTable, rows: list[int]) -> None:
    """Select these rows (in row order) and nothing else, in runs of consecutive rows."""
    model = table.model()
    selection = table.selectionModel()
    runs = QItemSelection()
    last = model.columnCount() - 1
    start = 0
    for position, row in enumerate(rows):
        if position + 1 == len(rows) or rows[position + 1] != row + 1:
            runs.select(model.index(rows[start], 0), model.index(row, last))
            start = position + 1
    selection.select(runs, QItemSelectionModel.SelectionFlag.ClearAndSelect)
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
