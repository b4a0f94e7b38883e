"""Many cookies are shown progressively: the figures and the cookie list of the cookies
classified so far first, marked as such, then every cookie (issue #14).

The portion classified before each update is made tiny here (a few cookies) so that a store
of a dozen cookies goes through several partial states."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from inspector.analysis import Analysis, analyse
from inspector.classify import Classifier
from inspector.document import load
from inspector.gui.controllers import scan
from inspector.gui.controllers.scan import Classifying, ScanController, Scanned
from inspector.gui.viewdata import overview_summary
from inspector.gui.window import MainWindow
from inspector.localeformat import format_number
from inspector.paths import AppPaths
from tests.gui.conftest import COOKIES


@pytest.fixture
def small_portions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan, "STEP", 3)
    monkeypatch.setattr(scan, "PART_LEFT", 3)
    monkeypatch.setattr(ScanController, "FIRST_SECONDS", 0.0)
    monkeypatch.setattr(ScanController, "UPDATE_SECONDS", 0.0)


@pytest.fixture
def new_window(qtbot: QtBot, private_home: Path, gui_stores: list[str]) -> Iterator[MainWindow]:
    window = MainWindow(AppPaths.resolve(private_home), gui_stores)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    yield window
    window.close()


def _state(window: MainWindow) -> dict[str, object]:
    overview = window.overview
    return {
        "rows": window.cookies_page.model.rowCount(),
        "classified": len(window.analysis.findings) if window.analysis else 0,
        "contradictions": overview.contradictions_title.text(),
        "headline": overview.headline.text(),
        "cookies_card": overview.cards["cookies"].number.text(),
        "count_label": window.cookies_page.count_label.text(),
        "status": window.statusBar().currentMessage(),
        "delete": window.delete_button.isEnabled(),
        "export": window.export_action.isEnabled(),
        "may_delete": window.deletion.allowed(),
    }


def test_a_large_store_shows_the_cookies_classified_so_far_then_all(
    qtbot: QtBot, small_portions: None, new_window: MainWindow, gui_stores: list[str]
) -> None:
    window = new_window
    independent = analyse(load(gui_stores), Classifier())
    total = len(independent.findings)
    figures = overview_summary(independent).figures
    assert figures.contradictions > 0  # the final state has some: "none" would be wrong
    partial_states: list[dict[str, object]] = []
    show_classifying = window.show_classifying

    def spy(classifying: Classifying) -> None:
        show_classifying(classifying)
        partial_states.append(_state(window))

    window.show_classifying = spy  # type: ignore[method-assign]
    with qtbot.waitSignal(window.analysis_loaded, timeout=30000):
        window.load()

    assert len(partial_states) >= 2
    first = partial_states[0]
    assert 0 < int(str(first["rows"])) == first["classified"] < total
    assert first["cookies_card"] == format_number(int(str(first["classified"])))
    for state in partial_states:
        assert "none" not in str(state["contradictions"]).lower()
        assert state["contradictions"] == "Contradictions: being checked…"
        assert f"of {format_number(total)} cookies…" in str(state["status"])
        assert str(state["status"]).startswith("Classifying ")
        assert "classified so far" in str(state["count_label"])
        assert "Classifying" in str(state["headline"])
        assert not state["delete"] and not state["export"] and not state["may_delete"]
    classified = [int(str(state["classified"])) for state in partial_states]
    assert classified == sorted(classified) and classified[-1] < total

    final = _state(window)
    assert window.classifying is None
    assert final["rows"] == final["classified"] == total
    analysis = window.analysis
    assert analysis is not None
    assert [(f.cookie.id, f.info.purpose) for f in analysis.findings] == [
        (f.cookie.id, f.info.purpose) for f in independent.findings
    ]
    assert len(analysis.violations) == figures.contradictions
    assert final["cookies_card"] == format_number(figures.cookies)
    assert window.overview.cards["trackers"].number.text() == format_number(figures.trackers)
    assert window.overview.cards["sites"].number.text() == format_number(figures.sites)
    assert str(final["contradictions"]).startswith(
        f"Contradictions: {figures.contradictions} cookie"
    )
    assert "classifying" not in str(final["count_label"]).lower()
    assert "Classifying" not in str(final["headline"])
    assert final["delete"] and final["export"] and final["may_delete"]


def test_a_browser_chosen_while_classifying_stays_chosen(
    qtbot: QtBot, small_portions: None, new_window: MainWindow, gui_stores: list[str]
) -> None:
    window = new_window
    chromium = sum(
        1
        for f in analyse(load(gui_stores), Classifier()).findings
        if f.cookie.store.browser == "Chromium"
    )
    show_classifying = window.show_classifying
    chosen: list[str] = []

    def spy(classifying: Classifying) -> None:
        show_classifying(classifying)
        if not chosen:
            item = window.sidebar.topLevelItem(1)
            chosen.append(item.text(0))
            window.sidebar.setCurrentItem(item)

    window.show_classifying = spy  # type: ignore[method-assign]
    with qtbot.waitSignal(window.analysis_loaded, timeout=30000):
        window.load()
    assert chosen and chosen[0].startswith("Chromium")
    current = window.sidebar.currentItem()
    assert current is not None and current.text(0) == chosen[0]
    assert window.cookies_page.model.rowCount() == chromium == len(COOKIES)


def test_a_search_typed_while_classifying_still_filters_the_final_list(
    qtbot: QtBot, small_portions: None, new_window: MainWindow, gui_stores: list[str]
) -> None:
    window = new_window
    independent = analyse(load(gui_stores), Classifier())
    rows: list[int] = []
    show_classifying = window.show_classifying

    def spy(classifying: Classifying) -> None:
        show_classifying(classifying)
        if not rows:
            window.search.setText("_ga")
        rows.append(window.cookies_page.model.rowCount())

    window.show_classifying = spy  # type: ignore[method-assign]
    with qtbot.waitSignal(window.analysis_loaded, timeout=30000):
        window.load()
    wanted = sum("_ga" in f.cookie.name for f in independent.findings)
    assert len(rows) >= 2 and max(rows) <= wanted
    assert window.cookies_page.model.rowCount() == wanted == 2


def test_a_rescan_while_classifying_drops_the_stale_parts(
    qtbot: QtBot, small_portions: None, new_window: MainWindow
) -> None:
    window = new_window
    shown: list[Analysis] = []
    finals: list[Analysis] = []
    show_classifying, show_scan = window.show_classifying, window.show_scan

    def spy(classifying: Classifying) -> None:
        show_classifying(classifying)
        shown.append(classifying.analysis)
        if len(shown) == 1:
            window.rescan()

    def final_spy(scanned: Scanned) -> None:
        finals.append(scanned.analysis)
        show_scan(scanned)

    window.show_classifying = spy  # type: ignore[method-assign]
    window.show_scan = final_spy  # type: ignore[method-assign]
    with qtbot.waitSignal(window.analysis_loaded, timeout=30000):
        window.load()
    window.wait_for_work()
    stale = shown[0].scan
    assert len(shown) >= 2
    # after the rescan, only the new scan's parts and final analysis are shown
    assert all(analysis.scan is not stale for analysis in shown[1:])
    assert len(finals) == 1 and finals[0].scan is not stale
    assert window.analysis is finals[0] and window.classifying is None


def test_the_next_part_is_classified_only_once_the_part_shown_is_painted(
    qtbot: QtBot, small_portions: None, new_window: MainWindow
) -> None:
    """The job for the next part competes with painting for Python's lock: it is asked for
    only after the window painted the cookies just shown (which halved the wait for the
    first figures of a large profile)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from inspector.gui.jobs import Job, JobKind

    window = new_window
    events: list[str] = []

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                events.append("paint")
            return False

    paints = Paints()
    application = QApplication.instance()
    assert application is not None
    application.installEventFilter(paints)  # whichever page shows, its widgets paint
    show_classifying = window.show_classifying

    def spy(classifying: Classifying) -> None:
        show_classifying(classifying)
        events.append("shown")

    submit = window.runner.submit

    def submit_spy(job: Job, **options: bool) -> Job | None:
        if job.kind is JobKind.CLASSIFY:
            events.append("next part")
        return submit(job, **options)

    window.show_classifying = spy  # type: ignore[method-assign]
    window.runner.submit = submit_spy  # type: ignore[method-assign]
    try:
        with qtbot.waitSignal(window.analysis_loaded, timeout=30000):
            window.load()
    finally:
        application.removeEventFilter(paints)
    asked = [index for index, event in enumerate(events) if event == "next part"]
    assert len(asked) >= 2
    for index in asked:
        shown = max(i for i, event in enumerate(events[:index]) if event == "shown")
        assert "paint" in events[shown:index], events


def test_a_profile_classified_in_a_moment_is_shown_once(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, new_window: MainWindow
) -> None:
    """With less left to classify than a part is worth (``PART_LEFT``), the window shows the
    whole analysis at once, not a part then the rest a moment later."""
    monkeypatch.setattr(scan, "STEP", 3)
    monkeypatch.setattr(ScanController, "FIRST_SECONDS", 0.0)
    monkeypatch.setattr(ScanController, "UPDATE_SECONDS", 0.0)
    window = new_window
    parts: list[int] = []
    show_classifying = window.show_classifying

    def spy(classifying: Classifying) -> None:
        parts.append(classifying.done)
        show_classifying(classifying)

    window.show_classifying = spy  # type: ignore[method-assign]
    with qtbot.waitSignal(window.analysis_loaded, timeout=30000):
        window.load()
    assert parts == []
    assert window.analysis is not None and len(window.analysis.findings) > 3 * 3


@pytest.fixture
def tiny_preview(small_portions: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stores holding more than 5 cookies are first shown by their first 5 rows."""
    monkeypatch.setattr(scan, "PREVIEW", 5)


def test_large_stores_show_their_first_rows_then_every_cookie_classified_anew(
    qtbot: QtBot, tiny_preview: None, new_window: MainWindow, gui_stores: list[str]
) -> None:
    parts: list[tuple[bool, int, int, list[str], str]] = []
    window, show_classifying = new_window, new_window.show_classifying

    def spy(classifying: Classifying) -> None:
        show_classifying(classifying)
        sidebar = window.sidebar
        lines = [sidebar.topLevelItem(i).text(0) for i in range(sidebar.topLevelItemCount())]
        status = window.statusBar().currentMessage()
        parts.append((classifying.preview, classifying.done, classifying.total, lines, status))

    window.show_classifying = spy  # type: ignore[method-assign]
    with qtbot.waitSignal(window.analysis_loaded, timeout=30000):
        window.load()

    independent = analyse(load(gui_stores), Classifier())  # a scan without preview
    total = len(independent.findings)
    preview, *rest = parts
    assert preview[:3] == (True, 5, total)  # the first 5 rows, of every row the stores hold
    assert preview[3] == ["Reading…"]  # the stores are listed once read whole, not with 5
    assert f"Classifying 5 of {format_number(total)} cookies…" == preview[4]
    assert rest and not any(part[0] for part in rest)
    assert all(5 < part[1] < total for part in rest)  # never fewer cookies than shown
    assert all(part[3][0].startswith("All browsers") for part in rest)
    # every cookie classified anew, knowing every site visited: as a scan without preview
    analysis = window.analysis
    assert analysis is not None and window.classifying is None
    assert [(f.cookie.id, f.info.purpose, f.info.party) for f in analysis.findings] == [
        (f.cookie.id, f.info.purpose, f.info.party) for f in independent.findings
    ]
    assert len(analysis.violations) == len(independent.violations) > 0
    assert window.sidebar.topLevelItem(0).text(0).startswith("All browsers")
    assert format_number(total) in window.sidebar.topLevelItem(0).text(0)


def test_a_preview_asks_the_keyring_once(
    qtbot: QtBot, tiny_preview: None, new_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview's key ring goes on to the whole scan: a person asked for the keyring's
    password (macOS asks each time) is asked once."""
    rings: list[object] = []
    analyser = scan.Analyser

    def spy(*args: object, **options: object) -> object:
        made = analyser(*args, **options)  # type: ignore[arg-type]
        rings.append(made.keyring)
        return made

    monkeypatch.setattr(scan, "Analyser", spy)
    with qtbot.waitSignal(new_window.analysis_loaded, timeout=30000):
        new_window.load()
    assert len(rings) == 2 and rings[0] is rings[1]


def test_focus_stays_where_the_person_put_it_after_the_preview(
    qtbot: QtBot, tiny_preview: None, new_window: MainWindow
) -> None:
    window = new_window
    show_classifying = window.show_classifying
    typed: list[bool] = []

    def spy(classifying: Classifying) -> None:
        show_classifying(classifying)
        if classifying.preview:  # the person starts typing a search at once
            window.search.setFocus()
            window.search.setText("_ga")
            typed.append(True)

    window.show_classifying = spy  # type: ignore[method-assign]
    with qtbot.waitSignal(window.analysis_loaded, timeout=30000):
        window.load()
    assert typed
    assert window.search.hasFocus() and window.search.text() == "_ga"


def test_a_rescan_during_the_preview_drops_it(
    qtbot: QtBot, tiny_preview: None, new_window: MainWindow
) -> None:
    window = new_window
    shown: list[Classifying] = []
    show_classifying = window.show_classifying

    def spy(classifying: Classifying) -> None:
        show_classifying(classifying)
        shown.append(classifying)
        if len(shown) == 1:
            window.rescan()

    window.show_classifying = spy  # type: ignore[method-assign]
    with qtbot.waitSignal(window.analysis_loaded, timeout=30000):
        window.load()
    window.wait_for_work()
    stale = shown[0]
    assert stale.preview
    # the stale preview's own continuation never shows: the next part shown is the new
    # scan's preview
    assert len(shown) >= 2 and shown[1].preview
    assert shown[1].analysis.scan is not stale.analysis.scan
    assert window.analysis is not None and window.classifying is None
    assert len(window.analysis.findings) == len(COOKIES) + 6


def test_parts_come_less_often_as_more_cookies_are_shown() -> None:
    """Each part redraws every cookie shown: at a million, thirty parts made the last one
    come 17 s later than five."""
    assert scan.update_seconds(None, 10**6) is None  # every cookie in one job
    assert scan.update_seconds(0.6, 0) == scan.update_seconds(0.6, 50_000) == 0.6
    assert scan.update_seconds(0.6, 500_000) == pytest.approx(5.0)
    assert scan.update_seconds(0.0, 3) == pytest.approx(3e-5)  # tiny portions stay tiny
