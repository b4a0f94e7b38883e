"""Reports put each cookie together from parts many cookies share: the result is exactly what
the plain way (every text made for each cookie) writes, on the sample stores and on a store of
awkward names, hosts, partitions and dates."""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from inspector.analysis import Analysis, Finding, analyse
from inspector.catalogue import load_catalogue
from inspector.classify import Classifier
from inspector.document import load
from inspector.explain import NAME, SITE, Explainer, explain, plain_site
from inspector.i18n import set_language
from inspector.localeformat import days_key, days_words, format_days
from inspector.report import childpart, html
from inspector.report.csv_report import iter_csv
from inspector.report.html import iter_html_bytes, render_html
from inspector.report.json_report import iter_json
from inspector.report.model import _finding_order, build_report, cookie_flags, site_groups
from inspector.resources import resource
from inspector.summary import summarise
from tests.support.analysis import REFUSAL
from tests.support.forks import Forks
from tests.support.storefactory import NOW, FakeCookie, make_chromium_store

GENERATED = datetime(2026, 12, 1, tzinfo=UTC)
AWKWARD_NAMES = (
    "<script>alert('x')</script>",
    "a..b",
    ".lead",
    "trail.",
    "x & y",
    NAME,
    SITE,
    '"quoted"',
    "{name}",
    "a,b",
    'q"uote',
    "line\nbreak",
    "=cmd()",
    "-1",
    "@at",
    "\ttab",
    " lead space",
    "trail space ",
    "semi;colon",
    "back\\slash",
    "cr\rreturn",
    "\0<1>",  # what a note's mark looks like before it is escaped (report.html)
)
AWKWARD_HOSTS = (
    'x"><img src=x onerror=alert(1)>.example',
    "..dots.example",
    "trail.example.",
    "a&b.example",
    "café.example",
    "a..b.example",  # a site with dots in a row: the plain way tidies them in sentences
    "www.cookieyes.com/privacy-policy/",  # a site holding the address the text links
)


def awkward_cookies() -> list[FakeCookie]:
    rng = random.Random(14)
    names = sorted({rule.name for rule in load_catalogue().rules if rule.name})[:150]
    names += ["pref_1", "sess_2", "u_3", "ab_4", "x_5"]
    cookies = [
        FakeCookie(".news.example", "OptanonConsent", value=REFUSAL),
        FakeCookie(".news.example", "_ga", created=NOW + timedelta(days=2)),  # contradiction
        FakeCookie("gone.example", "old", expires=NOW - timedelta(days=40)),  # expired
        FakeCookie("forever.example", "far", expires=datetime(9999, 12, 31, tzinfo=UTC)),
        FakeCookie("early.example", "first", created=datetime(1601, 1, 2, tzinfo=UTC)),
        FakeCookie("embedded.example", "_ga", partition="https://host.example"),
        FakeCookie("self.example", "_ga", partition="https://self.example"),
    ]
    for host in AWKWARD_HOSTS:
        cookies.extend(
            FakeCookie(host, name) for name in ("_ga", "IDE", "cart", "cookieyes-consent")
        )
    for name in AWKWARD_NAMES:
        cookies.append(FakeCookie("awkward.example", name))
    seen = {(c.host, c.name) for c in cookies}
    while len(cookies) < 1500:
        host = rng.choice(("", ".", "www.")) + f"site{rng.randrange(300)}.example"
        name = rng.choice(names)
        if (host, name) in seen:
            continue
        seen.add((host, name))
        created = NOW - timedelta(days=rng.randrange(400), seconds=rng.randrange(86_400))
        expires = None if rng.random() < 0.1 else created + timedelta(days=rng.randrange(1, 800))
        cookies.append(FakeCookie(host, name, created=created, expires=expires))
    return cookies


@pytest.fixture(scope="module")
def analysis(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    folder = tmp_path_factory.mktemp("shared-parts")
    store = make_chromium_store(folder / "Default" / "Cookies", awkward_cookies())
    sample = Path(str(resource("sample")))
    scanned = load([str(store), str(sample / "firefox"), str(sample / "chromium")])
    return analyse(scanned, Classifier(), all_values=True)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("values", [False, True], ids=["redacted", "values"])
def test_html_from_shared_parts_is_the_plain_page(
    analysis: Analysis, language: str, values: bool
) -> None:
    set_language(language)
    report = build_report(analysis, include_values=values, generated=GENERATED)
    fast = b"".join(iter_html_bytes(report)).decode("utf-8")
    plain = render_html(report, plain=True)
    assert fast.count('<tr id="cookie-') == len(report.cookies) > 1500
    assert fast == plain


needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="two processes need fork")


@needs_fork
@pytest.mark.parametrize("language", ["en", "fr"])
def test_html_in_two_processes_is_the_page_of_one(
    analysis: Analysis, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child's notes are numbered after this process's, as one process numbers them."""
    set_language(language)
    report = build_report(analysis, include_values=True, generated=GENERATED)
    one = b"".join(iter_html_bytes(report))
    forks = Forks()
    monkeypatch.setattr(os, "fork", forks)
    monkeypatch.setattr(html, "worth_two_processes", lambda cookies: True)
    two = b"".join(iter_html_bytes(report, parallel=True))
    assert forks.children == 1
    assert html._NOTE_MARK.search(two) is None  # every mark replaced
    assert b"<code>\0&lt;1&gt;</code>" in two  # a name that looks like one stays a name
    assert two.count(b'<a href="#note-') == one.count(b'<a href="#note-') > 1500
    assert two == one


@needs_fork
def test_html_when_the_child_fails(analysis: Analysis, monkeypatch: pytest.MonkeyPatch) -> None:
    """A child that fails leaves its half to this process: the same page."""
    report = build_report(analysis, generated=GENERATED)
    one = b"".join(iter_html_bytes(report))

    class Failing(html.Notes):
        def __init__(self, *, marks: bool = False) -> None:
            if marks:  # only the child makes marks
                raise RuntimeError("the child fails")
            super().__init__()

    forks = Forks()
    monkeypatch.setattr(os, "fork", forks)
    monkeypatch.setattr(html, "Notes", Failing)
    monkeypatch.setattr(html, "worth_two_processes", lambda cookies: True)
    assert b"".join(iter_html_bytes(report, parallel=True)) == one
    assert forks.children == 1


@needs_fork
@pytest.mark.parametrize("language", ["en", "fr"])
def test_html_with_the_child_started_before_the_report_is_the_page_of_one(
    analysis: Analysis, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line starts the child on the findings by site, then builds the report
    from the same groups: the child makes its sites' sections itself, and the page is the
    page one process writes."""
    set_language(language)
    one = b"".join(iter_html_bytes(build_report(analysis, generated=GENERATED)))
    forks = Forks()
    monkeypatch.setattr(os, "fork", forks)
    monkeypatch.setattr(html, "worth_two_processes", lambda cookies: True)
    groups = site_groups(analysis.findings)
    second = html.start_second_part(analysis, groups)
    assert second is not None and forks.children == 1
    assert 1 < second.middle < len(groups)  # each process writes some sites
    report = build_report(analysis, generated=GENERATED, groups=groups)
    two = b"".join(iter_html_bytes(report, parallel=True, second=second))
    assert forks.children == 1  # the page started no second child
    assert two.count(b'<a href="#note-') == one.count(b'<a href="#note-') > 1500
    assert two == one


@needs_fork
@pytest.mark.parametrize("other", ["a site fewer", "a cookie fewer"])
def test_a_child_started_for_another_report_is_ended_and_not_used(
    analysis: Analysis, monkeypatch: pytest.MonkeyPatch, other: str
) -> None:
    """Pages of another report's sites must never be spliced in: such a child is ended, and
    this report's sites written here."""
    monkeypatch.setattr(html, "worth_two_processes", lambda cookies: True)
    groups = site_groups(analysis.findings)
    if other == "a site fewer":
        groups = groups[:-1]
    else:
        # the last such site: in the child's part, which would otherwise lack a cookie
        index = max(i for i, (_site, found) in enumerate(groups) if len(found) > 1)
        groups[index] = (groups[index][0], groups[index][1][:-1])
    second = html.start_second_part(analysis, groups)
    assert second is not None
    report = build_report(analysis, generated=GENERATED)
    page = b"".join(iter_html_bytes(report, second=second))
    assert page == b"".join(iter_html_bytes(report))
    assert second.child is None and second.spill.closed


@needs_fork
def test_an_abandoned_page_ends_its_child(
    analysis: Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child starts before the top of the page is written; a page abandoned there (a
    failed write stops reading it) ends the child and removes its file at once."""
    report = build_report(analysis, generated=GENERATED)
    forks = Forks()
    files: list[object] = []
    spill_file = childpart.spill_file

    def kept(cookies: int = 0) -> object:
        files.append(spill_file(cookies))
        return files[-1]

    monkeypatch.setattr(os, "fork", forks)
    monkeypatch.setattr(childpart, "spill_file", kept)
    monkeypatch.setattr(html, "worth_two_processes", lambda cookies: True)
    page = iter_html_bytes(report, parallel=True)
    assert next(page).startswith(b"<!DOCTYPE html>")
    assert forks.children == 1 and len(files) == 1  # started before the first piece
    page.close()
    with pytest.raises(ChildProcessError):  # already waited for: no child left behind
        os.waitpid(forks.pids[0], os.WNOHANG)
    assert files[0].closed  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("values", [False, True], ids=["redacted", "values"])
def test_json_from_shared_parts_is_the_plain_document(
    analysis: Analysis, language: str, values: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_language(language)
    monkeypatch.setattr("secrets.token_hex", lambda _n: "0" * 16)  # the same marks
    report = build_report(analysis, include_values=values, generated=GENERATED)
    fast = b"".join(iter_json(report))
    assert fast.count(b'"explanation":{"what":') == len(report.cookies) > 1500
    assert fast == b"".join(iter_json(report, plain=True))


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("values", [False, True], ids=["redacted", "values"])
def test_csv_from_shared_parts_is_the_plain_table(
    analysis: Analysis, language: str, values: bool
) -> None:
    set_language(language)
    report = build_report(analysis, include_values=values, generated=GENERATED)
    fast = b"".join(iter_csv(report))
    assert fast.count(b"\r\n") > len(report.cookies) > 1500
    assert fast == b"".join(iter_csv(report, plain=True))


def test_report_order_is_the_finding_order(analysis: Analysis) -> None:
    """Sorting by site first, then each site's cookies, gives the order of the whole key,
    awkward names (a NUL, a quote, spaces) included."""
    report = build_report(analysis, generated=GENERATED)
    ordered = sorted(analysis.findings, key=_finding_order)
    assert [item.finding for item in report.cookies] == ordered
    grouped: dict[str, list[Finding]] = {}
    for finding in ordered:
        grouped.setdefault(finding.info.site, []).append(finding)
    assert [(s.site, [i.finding for i in s.cookies]) for s in report.sites] == sorted(
        grouped.items()
    )
    for item in report.cookies:
        contradicted = bool(item.contradictions)
        assert item.flags == cookie_flags(item.finding, contradicted)
        assert contradicted == any(
            v.cookie_id == item.finding.cookie.id for v in analysis.violations
        )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_explainer_explains_as_explain_does(analysis: Analysis, language: str) -> None:
    set_language(language)
    explainer = Explainer()
    shared = 0
    for finding in analysis.findings:
        cookie, info = finding.cookie, finding.info
        assert explainer.explain(cookie, info) == explain(cookie, info), cookie
        shared += plain_site(info.site) and not explainer.own_what(info)
    assert shared > 1000  # most came from the shared texts


def test_summary_without_sites_counts_the_same(analysis: Analysis) -> None:
    whole, counted = summarise(analysis), summarise(analysis, sites=False)
    assert counted.sites == () and len(whole.sites) > 300
    assert counted.figures == whole.figures
    assert counted.figures.past_13_months and counted.figures.third_party
    assert (counted.purposes, counted.organizations, counted.lifetimes, counted.browsers) == (
        whole.purposes,
        whole.organizations,
        whole.lifetimes,
        whole.browsers,
    )


def test_sites_that_cannot_fill_holes() -> None:
    assert plain_site("news.example")
    for site in ("..dots.example", "trail.example.", ".lead.example", "a:b", "a/b", "a\0b"):
        assert not plain_site(site), site


@pytest.mark.parametrize("days", [0.0001, 0.5, 1.2, 59.6, 200.0, 364.9, 400.2, 729.5, 1000.0])
def test_days_key_gives_the_words_of_format_days(days: float) -> None:
    assert days_words(days_key(days)) == format_days(days) == format_days(-days)
    assert days_key(days) != days_key(days * 3 + 1)
