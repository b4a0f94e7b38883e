"""The tables of sites and cookies: the Delete key and the context menu ask the window (which
refuses while a deletion or a scan runs); columns sized to fit a small screen."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from inspector.gui.delegates import PurposeChipDelegate
from inspector.gui.models import CookieTableModel

# Name, Site, Purpose, Organisation, Lifetime, Expires, Flags, Party, Browser
COOKIE_COLUMN_WIDTHS = (140, 120, 165, 130, 110, 100, 150, 90, 150)
# which columns a narrow table keeps, most important first (the detail pane shows the rest)
COOKIE_COLUMN_PRIORITY = (0, 1, 2, 4, 3, 5, 8, 6, 7)


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
        # the header's arrow is the one source of the order: a click moves the arrow, and the
        # view sorts the model by what the arrow says. No arrow until the person sorts: the
        # list starts in the model's own order.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._priority: tuple[int, ...] = ()
        self._widths: dict[int, int] = {}

    def fit_columns(self, priority: tuple[int, ...], widths: dict[int, int]) -> None:
        """Show as many columns as fit, in this order of importance, at these widths; the
        others are hidden until the table is wider (no sideways scrolling to find them)."""
        self._priority, self._widths = priority, widths
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if not self._priority:
            return
        room = self.viewport().width()
        used = 0
        full = False
        for column in self._priority:
            width = self._widths[column]
            full = full or (used + width > room and column != self._priority[0])
            self.setColumnHidden(column, full)
            used += width

    def rows_changed(self) -> None:
        """Lay the new rows out now (the scroll bar's range with them): left to Qt's delayed
        layout, it would come after the first paint and paint the whole table again."""
        self.executeDelayedItemsLayout()

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
    header.setStretchLastSection(True)
    widths = dict(enumerate(COOKIE_COLUMN_WIDTHS))
    for column, width in widths.items():
        table.setColumnWidth(column, width)
    table.fit_columns(COOKIE_COLUMN_PRIORITY, widths)
    return table
