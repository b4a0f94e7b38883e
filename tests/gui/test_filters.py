"""Every filter, alone and combined, through the real widgets, against counts computed here
from the same analysis with plain predicates (not the model's ``Filters.accepts``)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from inspector.analysis import Finding
from inspector.gui.window import MainWindow
from inspector.purposes import Purpose
from tests.gui.conftest import COOKIES, open_window
from tests.support.storefactory import NOW, FakeCookie, make_chromium_store, make_firefox_store

EXTRA = [
    FakeCookie(".news.example", "lang", value="fr", expires=NOW + timedelta(days=400)),
    FakeCookie(".news.example", "_fbp", value="fb.1.2.3", expires=NOW + timedelta(days=800)),
    FakeCookie("shop.example", "csrf", value="x", expires=NOW + timedelta(minutes=15)),
    FakeCookie(".google-analytics.com", "_ga", value="GA1.2.3.4"),
    FakeCookie(".youtube.com", "VISITOR_INFO1_LIVE", value="y", expires=None),
]

Predicate = Callable[[Finding], bool]


@pytest.fixture
def rich_window(qtbot: QtBot, private_home: Path, tmp_path: Path) -> MainWindow:
    chromium = make_chromium_store(tmp_path / "chromium" / "Default" / "Cookies", COOKIES + EXTRA)
    firefox = make_firefox_store(tmp_path / "firefox" / "cookies.sqlite", COOKIES[:6] + EXTRA[:2])
    return open_window(qtbot, private_home, [str(chromium.parent.parent), str(firefox)])


def choices(window: MainWindow) -> dict[str, list[tuple[int, Predicate]]]:
    """Each combo box's entries (by index) with the predicate that entry means."""
    assert window.analysis is not None
    contradicted = {v.cookie_id for v in window.analysis.violations}
    purposes = [(0, lambda f: True)] + [
        (index, lambda f, p=purpose: f.info.purpose.value == p.value)
        for index, purpose in enumerate(Purpose, start=1)
    ]
    return {
        "purpose": purposes,
        "party": [
            (0, lambda f: True),
            (1, lambda f: str(f.info.party) == "first"),
            (2, lambda f: str(f.info.party) == "third"),
        ],
        "lifetime": [
            (0, lambda f: True),
            (1, lambda f: f.cookie.expires is None),
            (2, lambda f: f.cookie.expires is not None),
            (3, lambda f: bool(f.info.exceeds_13_months)),
        ],
        "flag": [
            (0, lambda f: True),
            (1, lambda f: f.info.consent_role is not None),
            (2, lambda f: f.cookie.id in contradicted),
        ],
    }


def shown_cookies(window: MainWindow) -> set[str]:
    model = window.cookies_page.model
    return {model.finding(row).cookie.id for row in range(model.rowCount())}


def shown_sites(window: MainWindow) -> set[str]:
    model = window.sites_page.model
    return {model.summary(row).site for row in range(model.rowCount())}


def test_every_filter_alone_and_combined(rich_window: MainWindow) -> None:
    window = rich_window
    assert window.analysis is not None
    findings = window.analysis.findings
    bar = window.filter_bar
    combos = {
        "purpose": bar.purpose,
        "party": bar.party,
        "lifetime": bar.lifetime,
        "flag": bar.flag,
    }
    table = choices(window)
    for name, combo in combos.items():  # the widgets offer exactly these entries
        assert combo.count() == len(table[name]), name
    nonempty = 0
    for trackers_only in (False, True):
        bar.trackers_only.setChecked(trackers_only)
        for picks in itertools.product(*(table[name] for name in combos)):
            for combo, (index, _predicate) in zip(combos.values(), picks, strict=True):
                combo.setCurrentIndex(index)
            expected = {
                f.cookie.id
                for f in findings
                if all(predicate(f) for _index, predicate in picks)
                and (
                    not trackers_only or f.info.purpose in (Purpose.ANALYTICS, Purpose.ADVERTISING)
                )
            }
            label = f"{[index for index, _p in picks]} trackers_only={trackers_only}"
            assert shown_cookies(window) == expected, label
            expected_sites = {f.info.site for f in findings if f.cookie.id in expected}
            assert shown_sites(window) == expected_sites, label
            nonempty += bool(expected)
    assert nonempty > 40  # the data exercises the filters: many combinations match something


@pytest.mark.parametrize(
    ("name", "index", "expected_names"),
    [
        ("purpose", 4, {"IDE"}),  # advertising: the purpose filter once matched nothing
        ("purpose", 3, {"_ga", "_gid"}),  # analytics
        ("lifetime", 1, {"_gid", "VISITOR_INFO1_LIVE"}),  # session
        ("lifetime", 3, {"_fbp", "lang"}),  # past 13 months
    ],
)
def test_single_filters_by_name(
    rich_window: MainWindow, name: str, index: int, expected_names: set[str]
) -> None:
    combo = getattr(rich_window.filter_bar, name)
    combo.setCurrentIndex(index)
    model = rich_window.cookies_page.model
    names = {model.finding(row).cookie.name for row in range(model.rowCount())}
    assert expected_names <= names
    assert model.rowCount() > 0


def test_search_combined_with_filters(rich_window: MainWindow, qtbot: QtBot) -> None:
    window = rich_window
    assert window.analysis is not None
    window.filter_bar.trackers_only.setChecked(True)
    qtbot.keyClicks(window.search, "google")
    expected = {
        f.cookie.id
        for f in window.analysis.findings
        if f.info.purpose in (Purpose.ANALYTICS, Purpose.ADVERTISING)
        and "google"
        in " ".join(
            [f.cookie.name, f.cookie.host, f.info.organization.name if f.info.organization else ""]
        ).lower()
    }
    assert expected and shown_cookies(window) == expected
