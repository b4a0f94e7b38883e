"""Render the window offscreen from the bundled sample data, to look at and for the README.

Run: ``.venv/bin/python scripts/screenshots.py [FOLDER]`` — the README's set, into
docs/screenshots/ by default. ``--all FOLDER`` renders every view at 1024×600 and 1366×768,
light and dark, in English and French (to look at each before a release).
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
VIEWS = ("overview", "sites", "cookies")
SIZES = ((1024, 600), (1366, 768))
THEMES = ("light", "dark")
LANGUAGES = ("en", "fr")
# (file name, view, theme, size): what the README shows
README = (
    ("overview.png", "overview", "light", (1366, 768)),
    ("sites.png", "sites", "light", (1366, 768)),
    ("cookies.png", "cookies", "light", (1366, 768)),
    ("sites-dark.png", "sites", "dark", (1366, 768)),
    ("overview-1024x600.png", "overview", "light", (1024, 600)),
    ("cookies-1024x600-dark.png", "cookies", "dark", (1024, 600)),
)


def shoot(target: Path, home: str, view: str, theme: str, size: tuple[int, int], lang: str) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "inspector",
            "--home",
            home,
            "--lang",
            lang,
            "gui",
            "--demo",
            "--theme",
            theme,
            "--view",
            view,
            "--size",
            f"{size[0]}x{size[1]}",
            "--screenshot",
            str(target),
        ],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


def dialog_shot(folder: Path, home: str, lang: str = "en") -> None:
    """The one-click action's preview, as a person sees it before confirming."""
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from inspector.deletion.plan import make_plan
    from inspector.gui.app import application, demo_paths, sample_store_paths
    from inspector.gui.dialogs import DeleteTrackersDialog
    from inspector.gui.window import MainWindow
    from inspector.i18n import set_language
    from inspector.paths import AppPaths

    set_language(lang)
    application(theme="light")
    paths = AppPaths.resolve(home)
    window = MainWindow(paths, sample_store_paths(), demo=True, deletion_paths=demo_paths(paths))
    loop = QEventLoop()
    window.analysis_loaded.connect(loop.quit)
    window.load()
    loop.exec()
    assert window.analysis is not None
    dialog = DeleteTrackersDialog(window.settings, window)
    dialog.resize(1000, 580)
    dialog.show_plan(make_plan(window.analysis, dialog.selection()))
    dialog.goes.expandToDepth(0)
    dialog.show()
    for _ in range(5):
        QApplication.processEvents()
    dialog.grab().save(str(folder / "delete-trackers.png"), "PNG")
    window.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--all", action="store_true", help="every view, size, theme, language")
    parser.add_argument("--lang", default="en", help="the README's set in this language")
    args = parser.parse_args()
    folder: Path = args.folder
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        if args.all:
            for view, (width, height), theme, lang in itertools.product(
                VIEWS, SIZES, THEMES, LANGUAGES
            ):
                name = f"{view}-{width}x{height}-{theme}-{lang}.png"
                shoot(folder / name, home, view, theme, (width, height), lang)
        else:
            for name, view, theme, size in README:
                shoot(folder / name, home, view, theme, size, args.lang)
            dialog_shot(folder, home, args.lang)
    print(f"Screenshots written to {folder}")


if __name__ == "__main__":
    main()
