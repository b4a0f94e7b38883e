"""Render the README's screenshots offscreen from the bundled sample data.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [FOLDER]``
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
VIEWS = (("overview", "light"), ("sites", "light"), ("cookies", "light"), ("sites", "dark"))


def window_shots(folder: Path, home: str) -> None:
    for view, theme in VIEWS:
        name = f"{view}{'-dark' if theme == 'dark' else ''}.png"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "inspector",
                "--home",
                home,
                "gui",
                "--demo",
                "--theme",
                theme,
                "--view",
                view,
                "--screenshot",
                str(folder / name),
            ],
            check=True,
            cwd=ROOT,
        )


def dialog_shot(folder: Path, home: str) -> None:
    """The one-click action's preview, as a person sees it before confirming."""
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from inspector.deletion.plan import make_plan
    from inspector.gui.app import application, sample_store_paths
    from inspector.gui.dialogs import DeleteTrackersDialog
    from inspector.gui.window import MainWindow
    from inspector.paths import AppPaths

    application(theme="light")
    from PySide6.QtCore import QEventLoop

    window = MainWindow(AppPaths.resolve(home), sample_store_paths(), demo=True)
    loop = QEventLoop()
    window.analysis_loaded.connect(loop.quit)
    window.load()
    loop.exec()
    assert window.analysis is not None
    dialog = DeleteTrackersDialog(window.settings, window)
    dialog.show_plan(make_plan(window.analysis, dialog.selection()))
    dialog.goes.expandToDepth(0)
    dialog.show()
    for _ in range(5):
        QApplication.processEvents()
    dialog.grab().save(str(folder / "delete-trackers.png"), "PNG")
    window.close()


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        window_shots(folder, home)
        dialog_shot(folder, home)
    print(f"Screenshots written to {folder}")


if __name__ == "__main__":
    main()
