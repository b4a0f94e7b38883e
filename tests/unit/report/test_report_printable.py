"""The printed report's content (what the PDF says), checked without Qt: figures from the one
summary, every contradiction with its evidence, one row per site, purposes and rights once."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from inspector.deletion.backup import Backup, StorePart
from inspector.explain import purpose_reason
from inspector.report.model import Report, build_report
from inspector.report.printable import (
    Chart,
    FigureGrid,
    Heading,
    Paragraph,
    Table,
    Terms,
    Tone,
    printable,
)
from tests.support.analysis import NEWS_COOKIES, analysis_of
from tests.support.storefactory import NOW, FakeCookie

COOKIES = [
    *NEWS_COOKIES,
    FakeCookie(".news.example", "lang", value="fr", expires=NOW + timedelta(days=800)),
]


@pytest.fixture
def report(tmp_path: Path) -> Report:
    return build_report(analysis_of(tmp_path, COOKIES))


def section(report: Report, title: str) -> list[object]:
    """The blocks under the heading ``title``, up to the next heading."""
    blocks = list(printable(report).blocks)
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == title)
    after = blocks[start + 1 :]
    end = next((i for i, b in enumerate(after) if isinstance(b, Heading) and b.level <= 1), None)
    return after[:end]


def table_under(report: Report, title: str) -> Table:
    return next(b for b in section(report, title) if isinstance(b, Table))


def test_figures_are_the_summary_figures(report: Report) -> None:
    [grid] = [b for b in section(report, "Summary") if isinstance(b, FigureGrid)]
    shown = {figure.label: figure.number for figure in grid.figures}
    figures = report.figures
    assert shown["cookies"] == figures.cookies == 6
    assert shown["companies receiving data"] == figures.organizations == 1  # Google only
    assert shown["cookies needing consent kept past 13 months"] == 1  # _ga, not lang
    assert shown["cookies contradicting your refusals"] == 2
    alerts = {f.label for f in grid.figures if f.tone is Tone.ALERT}
    assert "cookies contradicting your refusals" in alerts and "cookies" not in alerts


def test_every_contradiction_is_a_row_with_its_evidence(report: Report) -> None:
    table = table_under(report, "Where your refusals were not respected")
    headers = [column.header for column in table.columns]
    assert len(table.rows) == len(report.contradictions) == 2
    by_cookie = {row.cells[headers.index("Cookie")].split("\n")[0]: row for row in table.rows}
    ga, ide = by_cookie["_ga"], by_cookie["IDE"]
    assert ga.cells[headers.index("Evidence")] == "Strong" and ga.tone is Tone.ALERT
    assert ide.cells[headers.index("Evidence")] == "Weaker" and ide.tone is Tone.NORMAL
    assert "OneTrust" in ga.cells[headers.index("Refusal recorded")]
    assert ga.cells[headers.index("You refused")] == "Analytics"
    # IDE is older than DoubleClick's own opt-out cookie: a weaker contradiction there
    assert ide.cells[headers.index("Site")] == "doubleclick.net"
    assert "opt-out" in ide.cells[headers.index("Refusal recorded")]


def test_one_row_per_site_in_alphabetical_order(report: Report) -> None:
    table = table_under(report, "Sites")
    sites = [row.cells[0] for row in table.rows]
    assert sites == sorted({f.info.site for f in report.analysis.findings})
    news = next(row for row in table.rows if row.cells[0] == "news.example")
    headers = [column.header for column in table.columns]
    assert news.cells[headers.index("Cookies")] == "3"  # _ga, OptanonConsent, lang
    assert news.cells[headers.index("Your choice")] == "Contradicted"
    assert news.tone is Tone.ALERT


def test_purposes_and_rights_are_said_once(report: Report) -> None:
    texts: Counter[str] = Counter()
    for block in printable(report).blocks:
        if isinstance(block, Paragraph):
            texts[block.text] += 1
        elif isinstance(block, Terms):
            texts.update(text for _, text in block.items)
        elif isinstance(block, Table):
            texts.update(cell for row in block.rows for cell in row.cells)
    for purpose in {f.info.purpose for f in report.analysis.findings}:
        assert texts[purpose_reason(purpose)] == 1, purpose
    rights = [text for text in texts if text.startswith("Under the GDPR")]
    assert len(rights) == 1 and texts[rights[0]] == 1


def test_charts_carry_the_summary_counts(report: Report) -> None:
    charts = {b.title: b for b in printable(report).blocks if isinstance(b, Chart)}
    purposes = charts["Cookies by purpose"]
    assert sum(bar.count for bar in purposes.bars) == report.figures.cookies
    assert all(bar.colour.startswith("#") for bar in purposes.bars)
    companies = charts["Companies receiving data through the most cookies"]
    assert [(b.label, b.count) for b in companies.bars] == [("Google LLC", 2)]


def test_an_empty_report_still_reads(tmp_path: Path) -> None:
    report = build_report(analysis_of(tmp_path, []))
    paragraphs = [b.text for b in printable(report).blocks if isinstance(b, Paragraph)]
    assert "No cookie was found." in paragraphs
    assert not any(isinstance(b, Chart) for b in printable(report).blocks)


def test_deletions_say_their_status_in_words(tmp_path: Path, private_home: Path) -> None:
    part = StorePart(
        "Chromium",
        "chromium",
        "Default",
        "chromium",
        str(tmp_path / "Cookies"),
        str(tmp_path),
        None,
        table="cookies",
        columns=("host_key", "name"),
        key=("host_key", "name"),
        rows=((".ads.example", "uid"),),
    )
    created = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    backup = Backup("20261120T093000Z-abc123", created, "Delete trackers", "applied", (part,))
    report = build_report(analysis_of(tmp_path, COOKIES), history=[backup])
    [row] = table_under(report, "Deletions made with Cookie Inspector").rows
    assert row.cells[1:] == ("Delete trackers", "Can be undone", "1")


def test_companies_are_ranked_by_the_cookies_that_send_them_data(tmp_path: Path) -> None:
    cookies = [
        *COOKIES,
        # Microsoft: one advertising cookie, and six Azure load-balancer cookies (necessary,
        # they send it nothing) that make it the company with the most cookies
        FakeCookie(".bing.com", "MUID", value="x"),
        *(FakeCookie(f"app{i}.example", "ARRAffinity") for i in range(6)),
        FakeCookie(".news.example", "_gid", value="GA1.1.9.9"),
    ]
    report = build_report(analysis_of(tmp_path, cookies))
    table = table_under(report, "Companies receiving data")
    assert [(row.cells[0], row.cells[2]) for row in table.rows] == [
        ("Google LLC", "3"),  # _ga, _gid, IDE
        ("Microsoft Corporation", "1"),
    ]
