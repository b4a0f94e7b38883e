"""What a person hit in the window: the detail pane after filtering, a damaged settings
file, sample-data deletions, focus after a rescan, shortcuts from the search box, the
contradiction list, and the window with no browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from inspector.deletion.backup import BackupStore
from inspector.gui.app import demo_paths, sample_store_paths
from inspector.gui.window import MainWindow
from inspector.paths import AppPaths
from tests.gui.conftest import open_window


def test_detail_pane_follows_the_visible_selection(window: MainWindow, qtbot: QtBot) -> None:
    window.show_view("cookies")
    page = window.cookies_page
    row = next(
        r for r in range(page.model.rowCount()) if page.model.finding(r).cookie.name == "cart"
    )
    page.table.selectRow(row)
    assert page.detail.finding is not None and page.detail.finding.cookie.name == "cart"
    qtbot.keyClicks(window.search, "doubleclick")  # hides "cart"
    assert page.detail.finding is None
    assert not page.detail.delete.isEnabled()
    window.search.clear()  # "cart" visible again, still selected
    assert page.detail.finding is not None and page.detail.finding.cookie.name == "cart"


def test_site_detail_pane_never_shows_a_hidden_cookie(window: MainWindow) -> None:
    window.open_site("news.example")
    sites = window.sites_page
    assert sites.detail.finding is not None
    window.filter_bar.flag.setCurrentIndex(window.filter_bar.flag.findData("consent"))
    shown = {sites.cookie_model.finding(r).cookie.id for r in range(sites.cookie_model.rowCount())}
    assert sites.detail.finding is None or sites.detail.finding.cookie.id in shown
    window.filter_bar.trackers_only.setChecked(True)  # consent records and trackers: none
    assert sites.cookie_model.rowCount() == 0 and sites.detail.finding is None


def test_damaged_settings_are_explained_and_defaults_used(
    qtbot: QtBot, private_home: Path, gui_stores: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = AppPaths.resolve(private_home).settings_file
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("{ not json")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    window = open_window(qtbot, private_home, gui_stores)
    assert window.settings.keep_sites == ()
    assert warned and str(settings) in warned[0] and "keep list" in warned[0]
    assert settings.read_text() == "{ not json"  # not overwritten behind the person's back


def test_sample_deletions_stay_out_of_the_undo_history(
    qtbot: QtBot, private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = AppPaths.resolve(private_home)
    window = MainWindow(paths, sample_store_paths(), demo=True, deletion_paths=demo_paths(paths))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.analysis_loaded, timeout=60000):
        window.load()
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    window.show_view("cookies")
    window.cookies_page.table.selectRow(0)
    with qtbot.waitSignal(window.analysis_loaded, timeout=60000):
        window.cookies_page.detail.delete.click()
    assert BackupStore(paths).all() == []
    assert len(BackupStore(demo_paths(paths)).all()) == 1
    assert "sample" in window.overview.headline.text()
    window.close()


def test_focus_stays_put_after_a_rescan(window: MainWindow, qtbot: QtBot) -> None:
    window.show_view("cookies")
    window.activateWindow()
    window.cookies_page.table.setFocus()
    qtbot.waitUntil(lambda: window.cookies_page.table.hasFocus())
    with qtbot.waitSignal(window.analysis_loaded, timeout=30000):
        window.rescan()
    assert QApplication.focusWidget() is not window.search


def test_export_shortcut_works_from_the_search_box(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []
    monkeypatch.setattr(window.exporting, "export", lambda: asked.append(True))
    window.export_action.triggered.disconnect()
    window.export_action.triggered.connect(window.exporting.export)
    window.activateWindow()
    window.focus_search()
    qtbot.waitUntil(lambda: window.search.hasFocus())
    qtbot.keyClick(window.search, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked


def test_double_clicking_a_contradiction_selects_that_cookie(window: MainWindow) -> None:
    item = window.overview.contradictions_list.item(0)
    assert item is not None
    site, cookie_id = item.data(Qt.ItemDataRole.UserRole)
    window.overview.contradictions_list.itemDoubleClicked.emit(item)
    assert window.tabs.currentWidget() is window.sites_page
    assert [s.site for s in window.sites_page.selected_sites()] == [site]
    detail = window.sites_page.detail.finding
    assert detail is not None and detail.cookie.id == cookie_id
    assert window.search.text() == ""  # no longer just typed into the search box


def test_no_raw_purpose_ids_in_the_contradiction_list(window: MainWindow) -> None:
    lines = [
        window.overview.contradictions_list.item(i).text()  # type: ignore[union-attr]
        for i in range(window.overview.contradictions_list.count())
    ]
    assert lines and not any("interactive" in line or "analytics," in line for line in lines)


def test_no_browser_means_delete_trackers_is_off(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    window = open_window(qtbot, tmp_path / "home", [])
    assert window.stack.currentWidget() is window.empty
    assert not window.delete_button.isEnabled()
    assert "nothing to delete" in window.delete_button.toolTip()


def test_counts_use_plurals_and_separators(window: MainWindow) -> None:
    window.search.setText("shop.example")
    window.show_view("sites")
    assert window.sites_page.count_label.text() == "1 site"
    assert window.cookies_page.count_label.text() == "1 of 14 cookies"


@pytest.mark.parametrize("size", [(1024, 600), (1366, 768)])
def test_small_screens_keep_tabs_and_key_columns(
    window: MainWindow, qtbot: QtBot, size: tuple[int, int]
) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().width() == size[0])
    bar = window.tabs.tabBar()
    for index in range(bar.count()):  # whole titles, no scroll arrows
        text = bar.tabText(index).replace("&", "")
        assert bar.tabRect(index).width() >= bar.fontMetrics().horizontalAdvance(text)
    assert bar.tabRect(bar.count() - 1).right() <= bar.width()
    for view, table, kept in (
        ("cookies", window.cookies_page.table, (0, 1, 2, 4)),
        ("sites", window.sites_page.table, (0, 1, 2, 4)),
    ):
        window.show_view(view)
        qtbot.wait(10)
        visible = [c for c in range(table.model().columnCount()) if not table.isColumnHidden(c)]
        assert set(kept) <= set(visible), (view, visible)
        shown = sum(table.columnWidth(c) for c in visible)
        assert shown <= table.viewport().width() + table.columnWidth(visible[-1]), view


def test_the_window_opens_within_the_screen(qtbot: QtBot, private_home: Path) -> None:
    window = MainWindow(AppPaths.resolve(private_home), [])
    qtbot.addWidget(window)
    screen = window.screen().availableGeometry()
    assert window.width() <= screen.width() and window.height() <= screen.height()


def test_sort_arrows_tell_the_truth(window: MainWindow, qtbot: QtBot) -> None:
    window.show_view("cookies")
    table = window.cookies_page.table
    header = table.horizontalHeader()
    assert header.sortIndicatorSection() == -1  # the list starts unsorted: no arrow says so

    def click() -> None:
        where = QPoint(header.sectionViewportPosition(0) + 5, 5)
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)

    click()
    model = window.cookies_page.model
    names = [model.finding(r).cookie.name for r in range(model.rowCount())]
    assert header.sortIndicatorSection() == 0
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert [n.casefold() for n in names] == sorted(n.casefold() for n in names)
    click()  # the second click: descending, and the arrow says so
    names = [model.finding(r).cookie.name for r in range(model.rowCount())]
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert [n.casefold() for n in names] == sorted((n.casefold() for n in names), reverse=True)
    window.search.setText("o")  # filtering keeps the order the arrow shows
    names = [model.finding(r).cookie.name for r in range(model.rowCount())]
    assert [n.casefold() for n in names] == sorted((n.casefold() for n in names), reverse=True)


def test_french_fits_a_1024_pixel_screen(
    qtbot: QtBot, private_home: Path, gui_stores: list[str]
) -> None:
    from inspector.i18n import set_language

    set_language("fr")  # the longest strings we ship; conftest puts English back
    window = open_window(qtbot, private_home, gui_stores)
    for view in ("overview", "sites", "cookies"):
        window.show_view(view)
        window.resize(1024, 600)
        qtbot.wait(10)
        assert window.minimumSizeHint().width() <= 1024, view
        assert window.width() == 1024, view
