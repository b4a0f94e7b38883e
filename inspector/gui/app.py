"""Starting the window, from ``cookie-inspector`` (no arguments), ``--demo`` or ``gui``."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from inspector.i18n import _
from inspector.paths import AppPaths
from inspector.resources import as_file, resource
from inspector.speed import one_malloc_arena

if TYPE_CHECKING:
    from inspector.gui.window import MainWindow

_demo_folder: tempfile.TemporaryDirectory[str] | None = None


def sample_store_paths() -> list[str]:
    """A private copy of the bundled sample stores, so that trying deletion on them never
    changes the program's own files."""
    global _demo_folder
    if _demo_folder is None:
        _demo_folder = tempfile.TemporaryDirectory(prefix="cookie-inspector-sample-")
        with as_file(resource("sample")) as source:
            shutil.copytree(
                source,
                Path(_demo_folder.name) / "sample",
                ignore=shutil.ignore_patterns("README.md", "__init__.py"),
            )
    root = Path(_demo_folder.name) / "sample"
    return [str(path) for path in sorted(root.iterdir()) if path.is_dir()]


def demo_paths(paths: AppPaths) -> AppPaths:
    """Where the sample data's deletions keep their backups: beside the private copy, never
    in the person's own undo history (settings stay the person's)."""
    sample_store_paths()
    assert _demo_folder is not None
    return AppPaths(paths.config_dir, Path(_demo_folder.name) / "data")


GUI_SWITCH_INTERVAL = 0.00005  # seconds (Python's default is 0.005)


def application(argv: Sequence[str] = (), theme: str = "system") -> QApplication:
    """The application object, created once; the GUI-thread garbage collector lives as long
    as it does."""
    from inspector.gui.collector import install
    from inspector.gui.theme import apply_theme

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        one_malloc_arena()  # before Qt and the jobs start their threads
        app = QApplication([sys.argv[0], *argv])
        app.setApplicationName("Cookie Inspector")
        app.setOrganizationName("Cookie Inspector")
        app.setDesktopFileName("io.github.cookie_inspector.CookieInspector")
        from inspector.gui.translation import install_qt_translator

        install_qt_translator(app)
        apply_theme(app, theme)
    install(app)
    # Every Python slot, model call and paint Qt makes on the GUI thread takes the GIL back
    # from a job's thread, which gives it up only at the end of its switch interval, and
    # opening a dialog while its preview job runs makes hundreds of such calls: at the
    # default 5 ms that froze the window for seconds; at 0.5 ms the *Delete trackers* dialog
    # of 100,000 cookies still stalled the GUI thread for 190-220 ms; at 50 µs, 55-75 ms, and
    # the dialog is on screen in 14 ms instead of 31 (benchmarks/e2e_window_probe.py). The
    # job loses nothing measurable: it is only asked to switch while the GUI thread waits.
    sys.setswitchinterval(GUI_SWITCH_INTERVAL)
    return app


def run(
    store_paths: Sequence[str] = (),
    *,
    demo: bool = False,
    screenshot: str | None = None,
    view: str = "overview",
    theme: str = "system",
    home: str | None = None,
    size: tuple[int, int] | None = None,
) -> int:
    app = application(theme=theme)
    from inspector.gui.icons import app_icon
    from inspector.gui.window import MainWindow

    app.setWindowIcon(app_icon())
    paths = AppPaths.resolve(home)
    from inspector.deletion.recovery import settle

    settle(demo_paths(paths) if demo else paths)  # a deletion killed last time is settled now
    stores = list(store_paths) + (sample_store_paths() if demo else [])
    window = MainWindow(
        paths, stores, demo=demo, deletion_paths=demo_paths(paths) if demo else None
    )
    if size is not None:
        window.resize(*size)
    if screenshot:
        window.analysis_loaded.connect(lambda _a: _capture(window, screenshot, view))
    window.show()
    window.load()
    return app.exec()


def _capture(window: MainWindow, target: str, view: str) -> None:
    window.show_view(view)
    sites = window.sites_page
    if view == "sites" and sites.model.rowCount():
        sites.table.selectRow(_interesting_site(window))
    cookies = window.cookies_page
    if view == "cookies" and cookies.model.rowCount():
        cookies.table.selectRow(0)

    def grab() -> None:
        saved = window.grab().save(target, "PNG")
        if saved:
            print(_("Screenshot written to {path}").format(path=target))
        else:
            sys.stderr.write(
                _("cookie-inspector: the screenshot could not be written to {path}.").format(
                    path=target
                )
                + "\n"
            )
        window.close()
        app = QApplication.instance()
        if app is not None:
            app.exit(0 if saved else 1)

    QTimer.singleShot(300, grab)


def _interesting_site(window: MainWindow) -> int:
    """The row of the site with the most contradictions, else the most trackers."""
    model = window.sites_page.model
    rows = range(model.rowCount())
    return max(rows, key=lambda r: (model.summary(r).violations, model.summary(r).trackers))
