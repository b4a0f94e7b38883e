"""The item models pass Qt's model tester and filter and sort correctly."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from inspector.gui.models import CookieTableModel, Filters, LifetimeChoice, SiteTableModel
from inspector.gui.window import MainWindow
from inspector.purposes import Purpose
from inspector.summary import view_data


def test_cookie_model(qtmodeltester: ModelTester, window: MainWindow) -> None:
    assert window.analysis is not None
    model = CookieTableModel()
    model.set_findings(window.analysis.findings)
    qtmodeltester.check(model)
    model.set_filters(Filters(text="google"))
    assert {
        model.finding(r).info.organization.name
        for r in range(model.rowCount())  # type: ignore[union-attr]
    } == {"Google LLC"}
    model.set_filters(Filters(purpose=Purpose.ADVERTISING))
    assert {model.finding(r).cookie.name for r in range(model.rowCount())} == {"IDE"}
    model.set_filters(Filters(lifetime=LifetimeChoice.SESSION))
    assert {model.finding(r).cookie.name for r in range(model.rowCount())} == {"_gid"}
    model.set_filters(Filters())
    model.sort(0, Qt.SortOrder.AscendingOrder)
    names = [model.finding(r).cookie.name.lower() for r in range(model.rowCount())]
    assert names == sorted(names)
    qtmodeltester.check(model)


def test_site_model(qtmodeltester: ModelTester, window: MainWindow) -> None:
    assert window.analysis is not None
    model = SiteTableModel()
    model.set_sites(view_data(window.analysis).sites)
    qtmodeltester.check(model)
    sites = {model.summary(r).site for r in range(model.rowCount())}
    assert (
        sites == {"news.example", "doubleclick.net", "facebook.com", "example"}
        or "news.example" in sites
    )
    model.set_filters(Filters(trackers_only=True))
    assert {model.summary(r).site for r in range(model.rowCount())} == {
        "news.example",
        "doubleclick.net",
    }
    model.sort(1, Qt.SortOrder.DescendingOrder)
    counts = [model.summary(r).count for r in range(model.rowCount())]
    assert counts == sorted(counts, reverse=True)


def test_site_companies_are_those_receiving_data_as_on_the_overview(window: MainWindow) -> None:
    """The consent platform whose record a site keeps receives nothing: the Companies column
    counts what the overview's Companies card and the reports count."""
    assert window.analysis is not None
    model = SiteTableModel()
    model.set_sites(view_data(window.analysis).sites)
    rows = {model.summary(r).site: r for r in range(model.rowCount())}
    news = model.summary(rows["news.example"])
    assert news.organizations == {"Google LLC", "OneTrust LLC"}  # the scene this test needs
    cell = model.index(rows["news.example"], 5)
    assert cell.data(Qt.ItemDataRole.DisplayRole) == "1"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == "Google LLC"


def test_rows_of_cookies_follow_filters_and_sorting(window: MainWindow) -> None:
    assert window.analysis is not None
    findings = window.analysis.findings
    model = CookieTableModel()
    model.set_findings(findings)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    for rows in ([1], [0, 3], [0, 2, 3, 5, 6, 9]):  # a few are looked up, many scanned
        ids = model.ids_of_rows(rows)
        assert model.rows_of(ids) == rows
    model.set_filters(Filters(text="google"))
    shown = [model.finding(r).cookie.id for r in range(model.rowCount())]
    assert 0 < len(shown) < len(findings)
    wanted = set(ids)
    assert model.rows_of(ids) == [r for r, i in enumerate(shown) if i in wanted]
    # ids the model never showed selected (from the overview, or before a rescan)
    fresh = CookieTableModel()
    fresh.set_findings(findings)
    fresh.set_filters(Filters(text="google"))
    fresh_shown = [fresh.finding(r).cookie.id for r in range(fresh.rowCount())]
    assert fresh.rows_of(ids) == [r for r, i in enumerate(fresh_shown) if i in wanted]
    assert fresh.rows_of(ids)
    assert fresh.rows_of(["no such cookie"]) == []


def test_rows_of_sites(window: MainWindow) -> None:
    assert window.analysis is not None
    model = SiteTableModel()
    model.set_sites(view_data(window.analysis).sites)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    names = [model.summary(r).site for r in range(model.rowCount())]
    assert model.rows_of([names[2], names[0]]) == [0, 2]
    model.set_filters(Filters(trackers_only=True))
    kept = [model.summary(r).site for r in range(model.rowCount())]
    assert model.rows_of(names) == list(range(len(kept))) and len(kept) < len(names)
    assert model.rows_of(["no.such.site"]) == []
