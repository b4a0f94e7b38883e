"""The browsers-and-profiles list with counts; stores that failed say why and what to do."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QStyle, QTreeWidget, QTreeWidgetItem, QWidget

from inspector.i18n import _
from inspector.localeformat import format_number as number
from inspector.model import StoreResult

STORES_ROLE = Qt.ItemDataRole.UserRole + 10
ERROR_ROLE = Qt.ItemDataRole.UserRole + 11


class BrowserSidebar(QTreeWidget):
    """Selecting a line narrows every list to those stores (None: all of them)."""

    stores_selected = Signal(object)  # frozenset[str] | None
    error_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setAccessibleName(_("Browsers and profiles"))
        self.setMinimumWidth(150)
        self.setIndentation(14)
        self.itemSelectionChanged.connect(self._selected)

    def show_reading(self) -> None:
        """One line saying the stores are still being read (a scan's preview: its counts
        would be those of the first rows only)."""
        self.blockSignals(True)
        self.clear()
        item = QTreeWidgetItem([_("Reading…")])  # (a narrow list: the whole words on hover)
        item.setToolTip(0, _("Reading cookie stores…"))
        item.setFlags(Qt.ItemFlag.NoItemFlags)  # nothing to choose yet
        item.setData(0, STORES_ROLE, None)
        self.addTopLevelItem(item)
        self.blockSignals(False)

    def show_results(self, results: tuple[StoreResult, ...]) -> None:
        self.blockSignals(True)
        self.clear()
        total = sum(len(r.cookies) for r in results)
        everything = QTreeWidgetItem([_("All browsers  ({count})").format(count=number(total))])
        everything.setData(0, STORES_ROLE, None)
        everything.setToolTip(0, everything.text(0))  # the full text where a narrow list elides
        self.addTopLevelItem(everything)
        by_browser: dict[str, list[StoreResult]] = defaultdict(list)
        for result in results:
            by_browser[result.store.browser].append(result)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for browser, items in sorted(by_browser.items()):
            count = sum(len(r.cookies) for r in items)
            parent = QTreeWidgetItem([f"{browser}  ({number(count)})"])
            parent.setData(0, STORES_ROLE, frozenset(str(r.store.path) for r in items))
            parent.setToolTip(0, parent.text(0))
            for result in sorted(items, key=lambda r: r.store.profile.lower()):
                install = f" · {result.store.install}" if result.store.install != "native" else ""
                if result.error:
                    child = QTreeWidgetItem(
                        [
                            _("{profile} — not read").format(
                                profile=f"{result.store.profile}{install}"
                            )
                        ]
                    )
                    child.setIcon(0, warning)
                    child.setToolTip(0, result.error)
                    child.setData(0, ERROR_ROLE, result.error)
                else:
                    child = QTreeWidgetItem(
                        [f"{result.store.profile}{install}  ({number(len(result.cookies))})"]
                    )
                    child.setToolTip(0, str(result.store.path))
                child.setData(0, STORES_ROLE, frozenset({str(result.store.path)}))
                parent.addChild(child)
            self.addTopLevelItem(parent)
        self.expandAll()
        self.setCurrentItem(everything)
        self.blockSignals(False)

    def _selected(self) -> None:
        items = self.selectedItems()
        if not items:
            return
        error = items[0].data(0, ERROR_ROLE)
        if error:
            self.error_selected.emit(str(error))
        self.stores_selected.emit(items[0].data(0, STORES_ROLE))
