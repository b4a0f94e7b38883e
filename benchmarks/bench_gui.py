"""The window with 100,000 cookies, against an empty PySide6 window in the same run.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_gui.py``

Measures (best of 3):
- an empty QMainWindow (toolbar, tabs, a table view) constructed, shown and painted;
- Cookie Inspector's window constructed, given an analysis of 100,000 cookies (already read
  and classified, which bench_read.py measures), shown and painted;
- filter-as-you-type: each keystroke of a search typed into the search field, until the
  lists are updated and repainted.
Targets: populated window within 2x the empty window; each keystroke under 100 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_read import realistic  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QMainWindow,
    QTableView,
    QTabWidget,
    QToolBar,
)

from inspector.analysis import Analysis, analyse  # noqa: E402
from inspector.classify import Classifier  # noqa: E402
from inspector.gui.app import application  # noqa: E402
from inspector.gui.controllers.scan import Scanned  # noqa: E402
from inspector.gui.window import MainWindow  # noqa: E402
from inspector.paths import AppPaths  # noqa: E402
from inspector.scan import resolve_stores, scan  # noqa: E402
from inspector.summary import ViewData, view_data  # noqa: E402
from tests.support.storefactory import make_chromium_store  # noqa: E402

CLASSIFIER: Classifier | None = None


def settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def shown(app: QApplication, window: QMainWindow) -> None:
    window.resize(1320, 820)
    window.show()
    window.repaint()
    settle(app)


def closed(app: QApplication, window: QMainWindow) -> None:
    window.close()
    window.deleteLater()
    settle(app)


def empty_window(app: QApplication) -> float:
    start = time.perf_counter()
    window = QMainWindow()
    window.addToolBar(QToolBar("Main"))
    tabs = QTabWidget()
    tabs.addTab(QTableView(), "Table")
    window.setCentralWidget(tabs)
    shown(app, window)
    seconds = time.perf_counter() - start
    closed(app, window)
    return seconds


def populated_window(
    app: QApplication, analysis: Analysis, data: ViewData, home: Path
) -> tuple[float, MainWindow]:
    start = time.perf_counter()
    window = MainWindow(AppPaths.resolve(home), [], classifier=CLASSIFIER)
    window.show_scan(Scanned(analysis, data, CLASSIFIER))  # what a scan job hands over
    shown(app, window)
    return time.perf_counter() - start, window


def own_empty_window(app: QApplication, home: Path) -> float:
    """Cookie Inspector's own window with nothing loaded: what the data adds is the rest."""
    start = time.perf_counter()
    window = MainWindow(AppPaths.resolve(home), [], classifier=CLASSIFIER)
    window.stack.setCurrentWidget(window.main)
    shown(app, window)
    seconds = time.perf_counter() - start
    closed(app, window)
    return seconds


def typing(app: QApplication, window: MainWindow, text: str) -> list[float]:
    window.show_view("cookies")
    settle(app)
    timings = []
    for length in range(1, len(text) + 1):
        start = time.perf_counter()
        window.search.setText(text[:length])
        window.repaint()
        settle(app)
        timings.append(time.perf_counter() - start)
    return timings


def main() -> None:
    app = application()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        global CLASSIFIER
        classifier = CLASSIFIER = Classifier()
        names = sorted({r.name for r in classifier.catalogue.rules if r.name})
        store = make_chromium_store(
            base / "chromium" / "Default" / "Cookies", realistic(100_000, names)
        )
        stores, _ = resolve_stores([str(store.parent.parent)])
        analysis = analyse(scan(stores), classifier)
        start = time.perf_counter()
        data = view_data(analysis)
        prepare = time.perf_counter() - start
        print(
            f"Analysis of {len(analysis.findings):,} cookies ready; preparing the view's "
            f"figures, site list and search index (scan thread): {prepare * 1000:.0f} ms"
        )
        empty_window(app)  # warm up Qt's style and fonts once
        empty = min(empty_window(app) for _ in range(3))
        own = min(own_empty_window(app, base / "home") for _ in range(3))
        populated = []
        window = None
        for _ in range(3):
            seconds, window = populated_window(app, analysis, data, base / "home")
            populated.append(seconds)
            if _ < 2:
                closed(app, window)
        assert window is not None
        best = min(populated)
        print(f"\nEmpty PySide6 window shown:              {empty * 1000:8.1f} ms")
        print(f"Cookie Inspector's window, no data:       {own * 1000:8.1f} ms")
        print(
            f"Window built and populated with 100,000 cookies (GUI thread): "
            f"{best * 1000:.1f} ms  "
            f"({best / empty:.1f}x the empty PySide6 window, {best / own:.1f}x the same "
            "window without data)"
        )
        keystrokes = typing(app, window, "google analytics")
        print(
            f"Filter as you type, {len(keystrokes)} keystrokes over 100,000 cookies: "
            f"median {statistics.median(keystrokes) * 1000:.1f} ms, "
            f"worst {max(keystrokes) * 1000:.1f} ms"
        )
        print("\nTargets: populated window within 2x the empty window; keystroke < 100 ms")
        window.close()


if __name__ == "__main__":
    main()
