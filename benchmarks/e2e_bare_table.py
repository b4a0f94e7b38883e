"""The window's baseline: a bare QTableView over the same rows, read with sqlite3.

Run by bench_e2e.py as its own process: ``e2e_bare_table.py STORE FAMILY``. It reads the
columns a cookie list shows, puts them in the thinnest table model Qt allows, shows and paints
the view, writes ``populated <unix time>`` to ``$COOKIE_INSPECTOR_TIMINGS`` and exits.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QTableView

QUERIES = {
    "chromium": "SELECT host_key, name, path, expires_utc, is_secure, samesite FROM cookies",
    "firefox": "SELECT host, name, path, expiry, isSecure, sameSite FROM moz_cookies",
}
Index = QModelIndex | QPersistentModelIndex


class Rows(QAbstractTableModel):
    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 6

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self.rows[index.row()][index.column()])
        return None


def main() -> None:
    store, family = sys.argv[1], sys.argv[2]
    app = QApplication([sys.argv[0]])
    connection = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    rows = connection.execute(QUERIES[family]).fetchall()
    connection.close()
    view = QTableView()
    view.setModel(Rows(rows))
    view.resize(1320, 820)
    view.show()
    view.repaint()
    app.processEvents()
    with Path(os.environ["COOKIE_INSPECTOR_TIMINGS"]).open("a", encoding="utf-8") as handle:
        handle.write(f"populated {time.time():.6f}\n")


if __name__ == "__main__":
    main()
