"""Quitting right after deletions, in a process of its own: it ends with status 0 and Qt
says nothing about objects deleted behind its back (the crash once seen was
"Fatal Python error: none_dealloc" after "shared QObject was deleted directly")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox
from inspector.gui.app import application
from inspector.gui.window import MainWindow
from inspector.paths import AppPaths

app = application(theme="light")
QMessageBox.question = lambda *a, **k: QMessageBox.StandardButton.Yes
window = MainWindow(AppPaths.resolve(sys.argv[1]), sys.argv[2:])
window.show()
steps = []

def next_step(_analysis=None):
    steps.append(1)
    trackers = [f for f in window.analysis.findings if f.info.purpose.is_tracking]
    if len(steps) <= 3 and trackers:
        window.deletion.delete_cookies(trackers[:1])  # its rescan calls next_step again
        window.rescan()  # and a rescan asked at once, while the deletion runs
    else:
        print(f"loaded {len(steps)} times")
        QTimer.singleShot(0, window.close)
        QTimer.singleShot(0, app.quit)

window.analysis_loaded.connect(next_step)
window.load()
sys.exit(app.exec())
"""


def test_quit_after_deletions(tmp_path: Path, gui_stores: list[str]) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONFAULTHANDLER": "1"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "home"), *gui_stores],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert "loaded 4 times" in done.stdout  # the first scan, then three deletions' rescans
    assert "QObject" not in done.stderr and "Fatal" not in done.stderr, done.stderr
