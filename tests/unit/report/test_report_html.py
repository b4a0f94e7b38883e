"""The HTML report: self-contained, complete, escaped and accessible."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from inspector.analysis import analyse
from inspector.classify import Classifier
from inspector.explain import SITE, explain, general_text, site_stand_in
from inspector.report.charts import bar_chart
from inspector.report.html import link, render_html
from inspector.report.model import Bar, build_report
from inspector.scan import scan
from tests.support.analysis import REFUSAL, analysis_of
from tests.support.storefactory import NOW, FakeCookie

COOKIES = [
    FakeCookie(
        ".news.example",
        "_ga",
        value="GA1.1.5.6",
        created=NOW + timedelta(days=2),
        expires=NOW + timedelta(days=800),
    ),
    FakeCookie(".news.example", "OptanonConsent", value=REFUSAL),
    FakeCookie(".doubleclick.net", "IDE", value="xyz"),
    FakeCookie("shop.example", "cart", value="2 items", expires=None),
]
HOSTILE = [
    pytest.param(".news.example", "<script>alert('name')</script>", id="script-in-name"),
    pytest.param('x"><img src=x onerror=alert(1)>.example', "c", id="attribute-breakout-host"),
    pytest.param(".news.example", "<svg onload=alert(1)>", id="svg-in-name"),
    pytest.param(".news.example", "&lt;b&gt; & </style>", id="entities-and-style-end"),
    pytest.param(".news.example", "javascript:alert(1)", id="javascript-url-name"),
]
URL_IN_CSS = re.compile(r"url\(\s*['\"]?(?!data:|#)", re.IGNORECASE)
RESOURCE_ATTRIBUTES = {
    "src",
    "srcset",
    "poster",
    "data",
    "background",
    "xlink:href",
    "formaction",
    "action",
}


class Page(HTMLParser):
    """What a page would load, what it runs, and its text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.external: list[str] = []
        self.handlers: list[str] = []
        self.tags: Counter[str] = Counter()
        self.attributes: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._in_style = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        attributes = dict(attrs)
        self.attributes.append((tag, attributes))
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}")
            if name in RESOURCE_ATTRIBUTES and value and not value.startswith("data:"):
                self.external.append(f"{tag} {name}={value}")
            if name == "style" and value and URL_IN_CSS.search(value):
                self.external.append(f"{tag} style={value}")
        self._check_special(tag, attributes)
        self._in_style = tag == "style"

    def _check_special(self, tag: str, attributes: dict[str, str | None]) -> None:
        href = attributes.get("href") or ""
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").lower():
            self.external.append(f"link stylesheet {href}")
        if tag in {"image", "use", "feimage"} and href and not href.startswith(("#", "data:")):
            self.external.append(f"{tag} href={href}")
        if tag in {"iframe", "object", "embed", "frame", "base"}:
            self.external.append(tag)
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.external.append("meta refresh")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style and (URL_IN_CSS.search(data) or "@import" in data.lower()):
            self.external.append(f"style sheet: {data.strip()[:80]}")
        if not self._in_style:
            self.text.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)


@pytest.mark.parametrize(
    "snippet",
    [
        pytest.param('<img src="https://e.example/x.png">', id="image"),
        pytest.param('<script src="https://e.example/a.js"></script>', id="script"),
        pytest.param('<link rel="stylesheet" href="https://e.example/s.css">', id="style-sheet"),
        pytest.param('<div style="background: url(https://e.example/b.png)"></div>', id="css-url"),
        pytest.param(
            '<style>@font-face { src: url("//fonts.example/f.woff") }</style>', id="web-font"
        ),
        pytest.param('<style>@import "x.css";</style>', id="css-import"),
        pytest.param('<svg><image href="http://e.example/i.png"/></svg>', id="svg-image"),
        pytest.param('<iframe title="x"></iframe>', id="frame"),
    ],
)
def test_the_checker_catches_external_resources(snippet: str) -> None:
    assert Page(f"<html><body>{snippet}</body></html>").external


@pytest.mark.parametrize(
    "snippet",
    [
        pytest.param('<img src="data:image/png;base64,AAAA" alt="">', id="data-uri"),
        pytest.param('<a href="https://www.example/privacy">policy</a>', id="plain-link"),
        pytest.param("<style>a { color: red }</style>", id="inline-style"),
    ],
)
def test_the_checker_lets_self_contained_things_pass(snippet: str) -> None:
    assert Page(f"<html><body>{snippet}</body></html>").external == []


def test_the_report_loads_nothing_from_outside(tmp_path: Path) -> None:
    page = Page(render_html(build_report(analysis_of(tmp_path, COOKIES), include_values=True)))
    assert page.external == []
    assert page.tags["script"] == 0 and page.handlers == []
    assert page.tags["svg"] == 3  # purposes, organisations, lifetimes
    links = [attrs["href"] or "" for tag, attrs in page.attributes if tag == "a"]
    assert all(href.startswith(("#", "https://", "http://")) for href in links)
    csp = [
        attrs
        for tag, attrs in page.attributes
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")


def test_every_cookie_is_there_with_its_explanation(tmp_path: Path) -> None:
    report = build_report(analysis_of(tmp_path, COOKIES))
    page = Page(render_html(report))
    ids = {attrs.get("id") for _, attrs in page.attributes}
    for item in report.cookies:
        assert f"cookie-{item.finding.cookie.id}" in ids
        assert item.finding.cookie.name in page.all_text
        explanation = item.explanation
        for text in (explanation.what, explanation.how_long, explanation.why):
            assert text in page.all_text
    for violation in report.contradictions:
        assert violation.explanation() in page.all_text
    assert "Strong: the cookie was created after you refused" in page.all_text
    assert "✗ Refused" in page.all_text  # the decoded OneTrust refusal


def test_each_row_refers_to_the_note_saying_who_receives_it_and_how_to_object(
    tmp_path: Path,
) -> None:
    report = build_report(analysis_of(tmp_path, COOKIES))
    html = render_html(report)
    note = re.compile(r'<article class="card note" id="(note-\d+)">(.*?)</article>', re.S)
    notes = dict(note.findall(html))
    assert notes and len(set(notes.values())) == len(notes)  # each text written once
    for item in report.cookies:
        cookie, info = item.finding.cookie, item.finding.info
        [row] = re.findall(rf'<tr id="cookie-{cookie.id}">.*?</tr>', html)
        [target] = re.findall(r'<a href="#(note-\d+)">', row)
        # the note is the cookie's own explanation with "this site" where its site goes
        general = explain(cookie, site_stand_in(info))
        for text, own in (
            (general.who_receives, item.explanation.who_receives),
            (general.how_to_object, item.explanation.how_to_object),
        ):
            assert info.site.join(text.split(SITE)) == own
            said = Page(f"<p>{notes[target]}</p>").all_text
            assert general_text(text.split(SITE)) in said


def test_a_note_serves_the_cookies_of_many_sites(tmp_path: Path) -> None:
    cookies = [FakeCookie(f".site{n}.example", name) for n in range(40) for name in ("_ga", "x")]
    report = build_report(analysis_of(tmp_path, cookies))
    html = render_html(report)
    assert html.count('<tr id="cookie-') == 80 and len(report.sites) == 40
    assert html.count('<article class="card note"') == 2  # Google Analytics; the site's own
    notes = re.findall(r'<article class="card note".*?</article>', html, re.S)
    assert "site7.example" not in "".join(notes)


@pytest.mark.parametrize(
    ("pieces", "said"),
    [
        pytest.param(("Only ", " can read it."), "Only this site can read it.", id="in-a-sentence"),
        pytest.param(("", " is responsible."), "This site is responsible.", id="text-starts"),
        pytest.param(
            ("It is shared. ", " is responsible."),
            "It is shared. This site is responsible.",
            id="sentence-starts",
        ),
        pytest.param(("For ", ": yes."), "For this site: yes.", id="after-a-colon"),
        pytest.param(("Nothing here.",), "Nothing here.", id="no-site"),
        pytest.param(("", " and ", "."), "This site and this site.", id="twice"),
    ],
)
def test_this_site_stands_for_the_site(pieces: tuple[str, ...], said: str) -> None:
    assert general_text(pieces) == said


@pytest.mark.parametrize(("host", "name"), HOSTILE)
def test_hostile_names_and_hosts_are_shown_as_text(tmp_path: Path, host: str, name: str) -> None:
    cookies = [*COOKIES, FakeCookie(host, name, value=f"</code>{name}")]
    report = build_report(analysis_of(tmp_path, cookies), include_values=True)
    page = Page(render_html(report))
    assert page.tags["script"] == 0 and page.handlers == [] and page.external == []
    assert page.tags["img"] == 0
    assert name in page.all_text and host in page.all_text
    assert f"</code>{name}" in page.all_text  # the value, escaped too


def test_chart_labels_are_escaped() -> None:
    chart = bar_chart("chart-x", "<b>title</b>", (Bar("k", "<script>alert(1)</script>", 3),), {})
    page = Page(f"<html><body>{chart.svg}</body></html>")
    assert page.tags["script"] == 0 and "<script>alert(1)</script>" in page.all_text


@pytest.mark.parametrize(
    ("include_values", "warned"),
    [
        pytest.param(False, False, id="values-left-out"),
        pytest.param(True, True, id="values-included"),
    ],
)
def test_values_warning(tmp_path: Path, include_values: bool, warned: bool) -> None:
    report = build_report(analysis_of(tmp_path, COOKIES), include_values=include_values)
    page = Page(render_html(report))
    assert ("Cookie values are included." in page.all_text) is warned
    assert ("GA1.1.5.6" in page.all_text) is warned
    alerts = [attrs for _, attrs in page.attributes if attrs.get("role") == "alert"]
    assert bool(alerts) is warned


def test_structure_is_accessible_and_printable(tmp_path: Path) -> None:
    html = render_html(build_report(analysis_of(tmp_path, COOKIES)))
    page = Page(html)
    [root] = [attrs for tag, attrs in page.attributes if tag == "html"]
    assert root.get("lang") == "en"
    assert page.tags["h1"] == 1 and page.tags["h2"] >= 7 and page.tags["title"] >= 1
    assert page.tags["caption"] == page.tags["table"] > 0
    assert all(attrs.get("scope") for tag, attrs in page.attributes if tag == "th")
    svgs = [attrs for tag, attrs in page.attributes if tag == "svg"]
    assert all(attrs.get("role") == "img" and attrs.get("aria-labelledby") for attrs in svgs)
    assert "@media print" in html


def test_home_folder_is_written_as_tilde(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    page = Page(render_html(build_report(analysis_of(tmp_path, COOKIES))))
    assert "~/chromium/Default/Cookies" in page.all_text.replace("\\", "/")
    assert str(tmp_path) not in page.all_text


def test_an_empty_analysis_still_makes_a_page() -> None:
    analysis = analyse(scan([]), Classifier())
    page = Page(render_html(build_report(analysis)))
    assert "No cookie was found." in page.all_text and page.external == []


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        pytest.param("https://policies.example/privacy", True, id="https"),
        pytest.param("http://optout.example/", True, id="http"),
        pytest.param("javascript:alert(1)", False, id="javascript"),
        pytest.param("data:text/html,<script>", False, id="data"),
        pytest.param('https://x.example/"onmouseover="alert(1)', False, id="quote-breakout"),
        pytest.param("//cdn.example/x", False, id="protocol-relative"),
        pytest.param("", False, id="empty"),
    ],
)
def test_only_web_addresses_become_links(url: str, linked: bool) -> None:
    page = Page(f"<p>{link(url, 'policy')}</p>")
    assert (page.tags["a"] == 1) is linked
    assert "policy" in page.all_text and page.handlers == []
