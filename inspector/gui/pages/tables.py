"""The tables of sites and cookies: the Delete key and the context menu ask the window (which
refuses while a deletion or a scan runs); columns sized to fit a small screen."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from inspector.gui.delegates import PurposeChipDelegate
from inspector.gui.models import CookieTableModel

# Name, Site, Purpose, Organisation, Lifetime, Expires, Flags, Party, Browser: what a
# 1024-pixel-wide window can show beside the detail pane, the rest scrolls sideways
COOKIE_COLUMN_WIDTHS = (150, 130, 150, 140, 90, 100, 150, 90, 150)


class ListTable(QTableView):
    """A read-only table of whole rows; Delete asks for a deletion (``delete_pressed``)."""

    delete_pressed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(28)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        # no arrow until the person sorts: the list starts in the order the model gives
        header.setSortIndicatorShown(False)
        header.sortIndicatorChanged.connect(lambda *_: header.setSortIndicatorShown(True))
        self.setSortingEnabled(False)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self._sort_by)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def _sort_by(self, column: int) -> None:
        header = self.horizontalHeader()
        order = (
            Qt.SortOrder.DescendingOrder
            if header.isSortIndicatorShown()
            and header.sortIndicatorSection() == column
            and header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
            else Qt.SortOrder.AscendingOrder
        )
        header.setSortIndicator(column, order)
        self.model().sort(column, order)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete:
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


def cookie_table(name: str, model: CookieTableModel) -> ListTable:
    table = ListTable(name)
    table.setModel(model)
    table.setItemDelegateForColumn(2, PurposeChipDelegate(table))
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column, width in enumerate(COOKIE_COLUMN_WIDTHS):
        table.setColumnWidth(column, width)
    return table
