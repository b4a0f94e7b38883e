"""The overview and the cookie list come first; the site list follows from a job of its own.

The figures are checked against counts made from the findings here, and against the one
summary the reports use."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from inspector.analysis import Analysis, analyse
from inspector.classify import Classifier
from inspector.document import load
from inspector.gui import models
from inspector.gui.controllers import scan
from inspector.gui.jobs import Job, JobContext, JobKind
from inspector.gui.viewdata import Lists, overview_summary, prepare_lists
from inspector.gui.window import MainWindow
from inspector.paths import AppPaths
from inspector.purposes import Purpose
from inspector.summary import summarise
from tests.gui.conftest import COOKIES

SAMPLE = Path(__file__).parents[2] / "resources" / "sample"


@pytest.fixture(scope="module")
def sample() -> Analysis:
    stores = [str(SAMPLE / "chromium"), str(next((SAMPLE / "firefox").glob("*.sample")))]
    return analyse(load(stores), Classifier())


def test_overview_counts_what_the_summary_counts(sample: Analysis) -> None:
    fast, full = overview_summary(sample), summarise(sample)
    assert fast.figures == full.figures
    assert fast.purposes == full.purposes
    assert fast.organizations == full.organizations
    assert fast.lifetimes == full.lifetimes
    assert fast.browsers == full.browsers
    infos = [finding.info for finding in sample.findings]
    assert fast.figures.sites == len({info.site for info in infos}) > 5
    assert fast.figures.trackers == sum(info.purpose.is_tracking for info in infos) > 0
    assert fast.figures.third_party == sum(info.party.value == "third" for info in infos) > 0
    assert fast.figures.past_13_months == sum(
        info.exceeds_13_months and info.purpose.needs_consent for info in infos
    )
    assert fast.purposes[Purpose.CONSENT] == sum(info.consent_role is not None for info in infos)


def test_lists_job_builds_the_sites_and_search_keys(sample: Analysis) -> None:
    lists = prepare_lists(JobContext(lambda _progress: None), sample)
    assert lists.sites == summarise(sample).sites
    assert len(lists.cookie_keys) == len(sample.findings)
    assert len(lists.site_keys) == len(lists.sites)
    first = sample.findings[0]
    assert first.cookie.name.lower() in lists.cookie_keys.own[0]
    assert first.info.purpose.value in lists.cookie_keys.shared[0]
    keys = lists.cookie_keys
    assert all(key == key.lower() for key in (*keys.own, *keys.shared))


@pytest.fixture
def held_lists(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The lists job waits until the test lets it go."""
    release = threading.Event()

    def held(context: JobContext, analysis: Analysis) -> Lists:
        release.wait(30)
        return prepare_lists(context, analysis)

    monkeypatch.setattr(scan, "prepare_lists", held)
    yield release
    release.set()


def start(qtbot: QtBot, home: Path, stores: list[str]) -> MainWindow:
    window = MainWindow(AppPaths.resolve(home), stores)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.load()
    qtbot.waitUntil(lambda: window.analysis is not None, timeout=30000)
    return window


def test_overview_and_cookies_before_the_site_list(
    qtbot: QtBot, private_home: Path, gui_stores: list[str], held_lists: threading.Event
) -> None:
    window = start(qtbot, private_home, gui_stores)
    chromium_and_firefox = len(COOKIES) + len(COOKIES[:6])
    assert window.stack.currentWidget() is window.main
    assert window.overview.cards["cookies"].number.text() == str(chromium_and_firefox)
    assert window.cookies_page.model.rowCount() == chromium_and_firefox
    assert window.sites_page.model.rowCount() == 0
    assert window.sites_page.count_label.text() == "Preparing the list of sites…"
    assert window.runner.is_active(JobKind.LISTS)
    # a search typed meanwhile works on the cookies (their search text made on the spot)
    window.search.setText("doubleclick")
    assert {
        window.cookies_page.model.finding(r).cookie.name
        for r in range(window.cookies_page.model.rowCount())
    } == {"IDE", "id"}
    with qtbot.waitSignal(window.analysis_loaded, timeout=30000):
        held_lists.set()
    assert not window.runner.is_busy()
    # the search typed before narrows the site list, now built
    sites = window.sites_page.model
    assert [sites.summary(r).site for r in range(sites.rowCount())] == ["doubleclick.net"]
    window.search.setText("")
    expected = Counter(f.info.site for f in window.analysis.findings)  # type: ignore[union-attr]
    shown = {
        window.sites_page.model.summary(r).site: window.sites_page.model.summary(r).count
        for r in range(window.sites_page.model.rowCount())
    }
    assert shown == expected
    assert window.sites_page.count_label.text() == f"{len(expected)} sites"
    window.close()


def test_a_contradiction_opened_early_is_shown_once_the_sites_are_there(
    qtbot: QtBot, private_home: Path, gui_stores: list[str], held_lists: threading.Event
) -> None:
    window = start(qtbot, private_home, gui_stores)
    violation = window.analysis.violations[0] if window.analysis else None
    assert violation is not None
    window.open_cookie(violation.site, violation.cookie_id)
    assert window.tabs.currentIndex() == 1
    assert window.sites_page.detail.finding is None
    with qtbot.waitSignal(window.analysis_loaded, timeout=30000):
        held_lists.set()
    assert window.sites_page.title.text().startswith(violation.site)
    assert window.sites_page.detail.finding is not None
    assert window.sites_page.detail.finding.cookie.id == violation.cookie_id
    window.close()


def test_an_older_analysis_lists_are_not_shown(window: MainWindow, sample: Analysis) -> None:
    assert window.analysis is not None
    before = window.sites_page.model.rowCount()
    other = prepare_lists(JobContext(lambda _progress: None), sample)
    window.show_lists(other)
    assert window.sites_page.model.rowCount() == before
    mine = prepare_lists(JobContext(lambda _progress: None), window.analysis)
    window.show_lists(replace(mine, sites=mine.sites[:1], site_keys=mine.site_keys[:1]))
    assert window.sites_page.model.rowCount() == 1  # the window's own analysis: shown


def test_long_lists_are_sorted_off_the_gui_thread(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(models, "SORT_IN_BACKGROUND_FROM", 1)  # every list counts as long
    model = window.cookies_page.model
    window.show_view("cookies")
    before = [model.finding(r).cookie.name for r in range(model.rowCount())]
    jobs: list[Job] = []
    window.runner.started.connect(jobs.append)
    window.cookies_page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [job.kind for job in jobs] == [JobKind.SORT]
    assert [model.finding(r).cookie.name for r in range(model.rowCount())] == before  # not yet
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=30000)
    names = [model.finding(r).cookie.name for r in range(model.rowCount())]
    assert [n.casefold() for n in names] == sorted((n.casefold() for n in before), reverse=True)
    assert names != before
    # the order is kept: sorting the other way needs no second job, nor does a search
    window.cookies_page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    window.search.setText("g")
    assert len(jobs) == 1
    shown = [model.finding(r).cookie.name.casefold() for r in range(model.rowCount())]
    assert shown == sorted(shown) and 0 < len(shown) < len(names)


def test_ranks_of_other_items_are_not_used(window: MainWindow) -> None:
    model = window.cookies_page.model
    rows = model.rowCount()
    order = [model.finding(r).cookie.id for r in range(rows)]
    reverse = models.Ranks(list(model._items()), 0, list(range(rows))[::-1])
    model.sort(0, Qt.SortOrder.AscendingOrder)
    sorted_order = [model.finding(r).cookie.id for r in range(rows)]
    model.set_ranks(reverse)  # equal items, not the same sequence: a stale job's
    assert [model.finding(r).cookie.id for r in range(rows)] == sorted_order
    assert rows >= 2, "the test needs rows whose order can change"
    assert sorted_order != order  # the sort itself happened: what the stale ranks would undo


def test_a_failed_site_list_leaves_the_rest_usable(
    qtbot: QtBot,
    private_home: Path,
    gui_stores: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(context: JobContext, analysis: Analysis) -> Lists:
        raise RuntimeError("broken on purpose")

    said: list[str] = []
    monkeypatch.setattr(scan, "prepare_lists", broken)
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **_k: said.append(a[2]))
    window = MainWindow(AppPaths.resolve(private_home), gui_stores)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.analysis_loaded, timeout=30000):
        window.load()
    assert window.sites_page.count_label.text() == "The site list could not be built."
    assert window.cookies_page.model.rowCount() == len(COOKIES) + len(COOKIES[:6])
    assert len(said) == 1 and "RuntimeError" in said[0]
    window.close()


def test_the_windows_classifier_keeps_the_guess_model_compiled(tmp_path: Path) -> None:
    """The window's classifier reads the second opinion's model the way the command line
    does: compiled once in the data folder, then from there at every start (it read the
    shipped model again at each window start)."""
    from inspector import guess
    from inspector.gui.controllers.scan import load_classifier
    from inspector.paths import AppPaths

    paths = AppPaths.resolve(tmp_path / "home")
    classifier, problem = load_classifier(paths)
    assert problem is None
    assert classifier.guesser is not None  # read on first use
    kept = list((paths.data_dir / "cache").glob(guess.COMPILED + "*"))
    assert kept, "the compiled model was not kept in the data folder"
