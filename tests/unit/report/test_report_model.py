"""The report model: figures, grouping, deletion history, values and home-folder hiding."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from inspector.contradictions import Evidence
from inspector.deletion.backup import Backup, BackupStore, StorePart
from inspector.paths import AppPaths
from inspector.report.model import build_report
from inspector.report.redact import tilde
from inspector.summary import LifetimeBucket
from tests.support.analysis import NEWS_COOKIES, analysis_of
from tests.support.storefactory import NOW, FakeCookie

COOKIES = [
    *NEWS_COOKIES[:2],
    FakeCookie(".news.example", "PHPSESSID", value="abc", expires=None),
    *NEWS_COOKIES[2:4],
    FakeCookie("shop.example", "cart", value="2 items", expires=NOW + timedelta(hours=5)),
]


def test_figures_count_what_the_summary_promises(tmp_path: Path) -> None:
    report = build_report(analysis_of(tmp_path, COOKIES))
    figures = report.figures
    assert (figures.cookies, figures.sites) == (6, 3)
    assert figures.trackers == 2  # _ga and IDE
    assert figures.organizations == 1  # Google; OneTrust only keeps the consent record
    assert figures.consent_records == 2  # OptanonConsent and the ad-network opt-out
    assert figures.past_13_months == 1  # _ga, 800 days
    assert figures.contradictions == len(report.contradictions) == 2
    assert (figures.stores, figures.failed_stores) == (1, 0)


def test_strong_evidence_comes_first(tmp_path: Path) -> None:
    report = build_report(analysis_of(tmp_path, COOKIES))
    assert [v.evidence for v in report.contradictions] == [
        Evidence.SET_AFTER_REFUSAL,
        Evidence.PRESENT_DESPITE_REFUSAL,
    ]
    assert report.contradictions[0].cookie_name == "_ga"


def test_sites_and_organisations_are_grouped(tmp_path: Path) -> None:
    report = build_report(analysis_of(tmp_path, COOKIES))
    assert [s.site for s in report.sites] == ["doubleclick.net", "news.example", "shop.example"]
    google = report.organisations[0]
    assert google.organization.name == "Google LLC"
    assert google.sites == ("doubleclick.net", "news.example")
    assert google.country_name == "the United States"
    news = next(s for s in report.sites if s.site == "news.example")
    assert (news.count("tracker"), news.count("contradiction")) == (1, 1)


def test_lifetime_chart_comes_from_the_summary(tmp_path: Path) -> None:
    report = build_report(analysis_of(tmp_path, COOKIES))
    assert {bar.key: bar.count for bar in report.lifetimes} == {
        LifetimeBucket.SESSION: 1,  # PHPSESSID
        LifetimeBucket.UNDER_A_DAY: 1,  # cart, five hours
        LifetimeBucket.UNDER_A_YEAR: 3,  # OptanonConsent, IDE, id: 365 days
        LifetimeBucket.PAST_13_MONTHS: 1,  # _ga, 800 days
    }


def test_values_are_left_out_unless_asked(tmp_path: Path) -> None:
    analysis = analysis_of(tmp_path, COOKIES)
    hidden = build_report(analysis)
    assert all(item.value is None for item in hidden.cookies) and hidden.warning is None
    shown = build_report(analysis, include_values=True)
    values = {i.finding.cookie.name: i.value.value for i in shown.cookies if i.value}
    assert values["cart"] == "2 items" and values["_ga"] == "GA1.1.5.6"
    assert shown.warning and "sign-in" in shown.warning


def test_deletion_history_lists_names_never_values(tmp_path: Path, private_home: Path) -> None:
    paths = AppPaths.resolve(private_home)
    part = StorePart(
        "Chromium",
        "chromium",
        "Default",
        "chromium",
        str(tmp_path / "Cookies"),
        str(tmp_path),
        None,
        table="cookies",
        columns=("host_key", "name", "value"),
        key=("host_key", "name"),
        rows=((".ads.example", "uid", "secret-1"),),
    )
    created = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    BackupStore(paths).write(
        Backup(
            "20261120T093000Z-abc123",
            created,
            "Delete trackers",
            "applied",
            (part,),
        )
    )
    report = build_report(analysis_of(tmp_path, COOKIES), history=BackupStore(paths).all())
    [deletion] = report.deletions
    assert (deletion.cookies, deletion.status, deletion.created) == (
        1,
        "applied",
        created,
    )
    assert deletion.stores[0].names == (".ads.example uid",)


@pytest.mark.parametrize(
    ("home", "text", "expected"),
    [
        pytest.param(
            "/home/ana",
            "/home/ana/.config/chromium/Default/Cookies",
            "~/.config/chromium/Default/Cookies",
            id="prefix",
        ),
        pytest.param("/home/ana", "/home/ana", "~", id="home-itself"),
        pytest.param("/home/ana", "/home/anabel/x", "/home/anabel/x", id="longer-name-untouched"),
        pytest.param(
            "/home/ana",
            "Cannot open /home/ana/x (locked).",
            "Cannot open ~/x (locked).",
            id="inside-a-message",
        ),
        pytest.param("/home/ana", "'/home/ana': gone", "'~': gone", id="quoted"),
        pytest.param("/", "/etc/x", "/etc/x", id="root-home-untouched"),
        pytest.param(
            "C:\\Users\\ana",
            "C:\\Users\\ana\\AppData\\Cookies",
            "~\\AppData\\Cookies",
            id="windows",
        ),
    ],
)
def test_home_folder_becomes_tilde(home: str, text: str, expected: str) -> None:
    assert tilde(text, home) == expected
