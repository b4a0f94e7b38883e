"""The real window in its own process, for what only happens inside it: filter keystrokes and
the *Delete trackers* dialog. Run by bench_e2e.py: ``e2e_window_probe.py STORE HOME``; prints
one JSON line of measurements in milliseconds.

- each keystroke of a search typed into the search field, until the lists are repainted;
- the dialog: from the click to the dialog on screen, then to its preview filled, and the
  longest time the GUI thread did not answer (a 5 ms heartbeat) in between.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from inspector.gui.app import application
from inspector.gui.window import MainWindow
from inspector.paths import AppPaths

SEARCH = "google analytics"


def settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def wait_loaded(window: MainWindow, timeout_s: float = 600) -> None:
    loop = QEventLoop()
    window.analysis_loaded.connect(lambda _analysis: loop.quit())
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    window.load()
    loop.exec()


def keystrokes(app: QApplication, window: MainWindow) -> list[float]:
    window.show_view("cookies")
    settle(app)
    timings = []
    for length in range(1, len(SEARCH) + 1):
        start = time.perf_counter()
        window.search.setText(SEARCH[:length])
        window.repaint()
        settle(app)
        timings.append(time.perf_counter() - start)
    window.search.setText("")
    settle(app)
    return timings


def delete_dialog(app: QApplication, window: MainWindow) -> dict[str, float | None]:
    found: dict[str, float | None] = {"opened": None, "preview": None, "longest_freeze": 0.0}
    last_beat = [time.perf_counter()]
    heartbeat = QTimer()
    heartbeat.setInterval(5)

    def beat() -> None:
        now = time.perf_counter()
        found["longest_freeze"] = max(found["longest_freeze"] or 0.0, now - last_beat[0])
        last_beat[0] = now

    heartbeat.timeout.connect(beat)
    poll = QTimer()
    poll.setInterval(5)
    start = time.perf_counter()

    def check() -> None:
        dialog = app.activeModalWidget()
        if not isinstance(dialog, QDialog):
            if time.perf_counter() - start > 120:
                poll.stop()
            return
        now = time.perf_counter()
        if found["opened"] is None:
            found["opened"] = now - start
        tree = getattr(dialog, "goes", None)
        ready = tree is None or tree.topLevelItemCount() > 0
        if ready or now - start > 120:
            found["preview"] = now - start if ready else None
            poll.stop()
            heartbeat.stop()
            dialog.reject()

    poll.timeout.connect(check)
    heartbeat.start()
    poll.start()
    last_beat[0] = time.perf_counter()
    window.deletion.delete_trackers()  # returns when the dialog is closed
    heartbeat.stop()
    settle(app)
    return found


def main() -> None:
    store, home = sys.argv[1], sys.argv[2]
    app = application()
    window = MainWindow(AppPaths.resolve(home), [store])
    window.resize(1320, 820)
    window.show()
    wait_loaded(window)
    settle(app)
    typed = keystrokes(app, window)
    dialog = delete_dialog(app, window)
    print(
        json.dumps(
            {
                "keystroke_median_ms": statistics.median(typed) * 1000,
                "keystroke_worst_ms": max(typed) * 1000,
                "dialog_open_ms": _ms(dialog["opened"]),
                "dialog_preview_ms": _ms(dialog["preview"]),
                "dialog_longest_freeze_ms": _ms(dialog["longest_freeze"]),
            }
        )
    )
    window.close()


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


if __name__ == "__main__":
    main()
