"""The HTML report: one self-contained page a person can read, print, or attach to a complaint.

The page loads nothing: its style sheet is inlined, its charts are inline SVG, and a
Content-Security-Policy forbids any other source. Every piece of text that comes from a cookie
store (names, hosts, paths, values, errors) or a catalogue is escaped. Only ``http`` and
``https`` addresses from the catalogue become links.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from html import escape
from typing import Any

from inspector.catalogue import Organization
from inspector.consent.model import Decision
from inspector.consent.model import Purpose as ConsentPurpose
from inspector.contradictions import SET_AFTER, Violation
from inspector.explain import (
    FIRST_DAY,
    LAST_DAY,
    SITE,
    Explainer,
    Explanation,
    attribution_key,
    party_label,
    plain_site,
)
from inspector.i18n import (
    N_,
    N_plural,
    _,
    current_language,
    data_category,
    list_separator,
    ngettext,
)
from inspector.localeformat import format_date, format_number
from inspector.model import Cookie
from inspector.purposes import Purpose
from inspector.report.charts import Chart, report_charts
from inspector.report.model import (
    ConsentItem,
    CookieItem,
    DeletionItem,
    OrganisationSection,
    Report,
    SiteSection,
    evidence_label,
)
from inspector.report.redact import tilde
from inspector.resources import resource

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

FLAG_LABELS = {
    "tracker": N_("Tracker"),
    "past_13_months": N_("Longer than 13 months"),
    "consent_record": N_("Consent record"),
    "contradiction": N_("Contradicts your refusal"),
}

CONSENT_COLUMNS = (
    (ConsentPurpose.ANALYTICS, N_("Analytics")),
    (ConsentPurpose.ADVERTISING, N_("Advertising")),
    (ConsentPurpose.INTERACTIVE, N_("Social and embeds")),
    (ConsentPurpose.REQUESTED_SERVICE, N_("Features you asked for")),
)

# Per cookie; why each purpose is there and your rights are the same for many cookies, so
# they are said once, in "How to read this report" (shorter reports, faster PDFs).
EXPLANATION_LABELS = (
    ("what", N_("What it is")),
    ("how_long", N_("How long it stays")),
    ("who_receives", N_("Who receives it")),
    ("how_to_object", N_("How to object")),
)

#: What a site's one-line summary counts: (flag, one, several), each with {n}.
SITE_COUNTS = (
    ("tracker", N_plural("{n} tracker", "{n} trackers")),
    ("past_13_months", N_plural("{n} kept past 13 months", "{n} kept past 13 months")),
    ("consent_record", N_plural("{n} consent record", "{n} consent records")),
    ("contradiction", N_plural("{n} contradiction", "{n} contradictions")),
)

NUMBER_CLASS = ' class="number"'

CONSENT_BADGES = {
    "consent": N_("Consent record: accepted"),
    "refusal": N_("Consent record: refused"),
    "mixed": N_("Consent record: partly refused"),
}


def e(text: object) -> str:
    """Escaped text, safe inside an element and inside a quoted attribute."""
    text = str(text)
    # most text has nothing to escape: five searches cost less than five replacements
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return escape(text, quote=True)
    return text


def safe_url(url: str) -> str | None:
    """The address when it is a plain web address, otherwise None (never a link)."""
    cleaned = url.strip()
    lowered = cleaned.lower()
    if lowered.startswith(("https://", "http://")) and not any(c in cleaned for c in " \"'<>"):
        return cleaned
    return None


def link(url: str, text: str, *, css: str = "") -> str:
    """A link to a web address, or just the text when the address is not a web address."""
    target = safe_url(url)
    if target is None:
        return e(text)
    css_attr = f' class="{css}"' if css else ""
    return f'<a href="{e(target)}"{css_attr} rel="noreferrer">{e(text)}</a>'


def utc(moment: datetime) -> datetime:
    """The moment in UTC (a time without a zone is taken to be UTC already)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def day(moment: datetime | None) -> str:
    """``27 November 2026`` (in UTC, in the user's language), or a dash."""
    if moment is None:
        return "—"
    return format_date(utc(moment))


def when(moment: datetime | None) -> str:
    """A ``<time>`` element with the day and the UTC time."""
    if moment is None:
        return "—"
    moment = utc(moment)
    shown = _("{date}, {time} UTC").format(date=day(moment), time=f"{moment:%H:%M}")
    return f'<time datetime="{moment:%Y-%m-%dT%H:%M:%SZ}">{e(shown)}</time>'


def counted(count: int, forms: tuple[str, str]) -> str:
    """``1 cookie``, ``2 cookies``: ``ngettext`` with the number written the local way;
    ``forms`` is an ``N_plural`` pair holding ``{n}``."""
    return ngettext(*forms, count).format(n=format_number(count))


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The report's style sheet, read from the bundled resources."""
    return resource("report", "report.css").read_text("utf-8")


def render_html(report: Report, *, inline_svg: bool = True, plain: bool = False) -> str:
    """The whole report as one HTML page (see :func:`iter_html`).

    With ``inline_svg=False`` each chart is an ``<img>`` whose source is the chart id, for a
    renderer that draws the charts itself from :attr:`Chart.titled_svg`.
    """
    return "".join(iter_html(report, inline_svg=inline_svg, plain=plain))


def iter_html(report: Report, *, inline_svg: bool = True, plain: bool = False) -> Iterator[str]:
    """The page in pieces, site by site, so that a large report is written as it is made
    and never held whole (the same text :func:`render_html` joins).

    Each cookie's row and card are put together from parts shared by many cookies
    (:class:`SiteHtml`); ``plain`` writes each one from scratch instead, the slow way
    tests compare against.
    """
    for piece in _pieces(report, inline_svg, plain):
        yield piece if isinstance(piece, str) else piece.decode("utf-8")


def iter_html_bytes(report: Report) -> Iterator[bytes]:
    """:func:`iter_html` encoded as UTF-8 (the cookies' sections are made as bytes, which
    saves encoding the bulk of a large report a second time)."""
    for piece in _pieces(report, True, False):
        yield piece if isinstance(piece, bytes) else piece.encode("utf-8")


def _pieces(report: Report, inline_svg: bool, plain: bool) -> Iterator[str | bytes]:
    sites = {section.site: f"site-{index}" for index, section in enumerate(report.sites, 1)}
    parts: list[Callable[[], str | Iterator[str | bytes]]] = [
        lambda: _head(report),
        lambda: _cover(report),
        lambda: _contents(report),
        lambda: "<main>",
        lambda: _summary(report),
        lambda: _charts(report, inline_svg),
        lambda: _contradictions(report),
        lambda: _consent(report, sites),
        lambda: _organisations(report, sites),
        lambda: _sites(report, sites, plain),
        lambda: _stores(report),
        lambda: _deletions(report),
        _about,
        lambda: "</main>",
        lambda: _footer(report),
        lambda: "</body>\n</html>\n",
    ]
    first = True
    for make in parts:
        made = make()
        pieces = [made] if isinstance(made, str) else made
        for piece in pieces:
            if piece:
                if first:
                    yield piece
                else:
                    yield ("\n" + piece) if isinstance(piece, str) else (b"\n" + piece)
                first = False


def _head(report: Report) -> str:
    title = _("Cookie report, {date}").format(date=day(report.generated))
    return (
        f'<!DOCTYPE html>\n<html lang="{current_language()}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="Cookie Inspector {e(report.program_version)}">\n'
        f"<title>{e(title)}</title>\n<style>\n{stylesheet()}</style>\n</head>\n<body>"
    )


def _cover(report: Report) -> str:
    profiles = sorted(
        {f"{r.store.browser} ({r.store.profile})" for r in report.analysis.scan.results}
    )
    meta = [
        (_("Made on"), when(report.generated)),
        (_("Program"), f"Cookie Inspector {e(report.program_version)}"),
        (_("Catalogue"), e(_("version {version}").format(version=report.catalogue_version))),
        (_("Browsers read"), e(", ".join(profiles)) if profiles else e(_("none found"))),
    ]
    items = "".join(f"<div><dt>{label}</dt><dd>{value}</dd></div>" for label, value in meta)
    warning = ""
    if report.warning:
        warning = (
            f'<div class="warning" role="alert"><p><strong>{e(_("Cookie values are included."))}'
            f"</strong> {e(report.warning)}</p></div>"
        )
    lead = _(
        "What the web sites you visited left on this computer, what each cookie is for, who "
        "receives the data, and whether it matches the choices you made on those sites."
    )
    return (
        f'<header class="cover">\n<p class="kicker">{e(_("Cookie Inspector report"))}</p>\n'
        f"<h1>{e(_('The cookies in your browsers'))}</h1>\n"
        f'<p class="lead">{e(lead)}</p>\n'
        f'<dl class="meta">{items}</dl>\n{warning}</header>'
    )


def _contents(report: Report) -> str:
    entries = [
        ("summary", _("Summary")),
        ("charts", _("At a glance")),
        ("contradictions", _("Where your refusals were not respected")),
        ("consent", _("Your consent choices")),
        ("organisations", _("Who receives data")),
        ("sites", _("Cookies site by site")),
        ("stores", _("Browsers read")),
    ]
    if report.deletions:
        entries.append(("deletions", _("Deletion history")))
    entries.append(("about", _("How to read this report")))
    items = "".join(f'<li><a href="#{anchor}">{e(label)}</a></li>' for anchor, label in entries)
    return (
        f'<nav aria-labelledby="contents-h">\n<h2 id="contents-h">{e(_("Contents"))}</h2>\n'
        f"<ol>{items}</ol>\n</nav>"
    )


def _section(anchor: str, title: str, body: str) -> str:
    return (
        f'<section id="{anchor}" aria-labelledby="{anchor}-h">\n'
        f'<h2 id="{anchor}-h">{e(title)}</h2>\n{body}\n</section>'
    )


def _summary(report: Report) -> str:
    f = report.figures
    # Translators: labels under big figures ("12" / "cookies"); plural by the figure
    figures = [
        (f.cookies, ngettext("cookie", "cookies", f.cookies), False),
        (f.sites, ngettext("site", "sites", f.sites), False),
        (
            f.trackers,
            ngettext(
                "tracker (analytics or advertising)",
                "trackers (analytics or advertising)",
                f.trackers,
            ),
            f.trackers > 0,
        ),
        (
            f.organizations,
            ngettext(
                "organisation receiving data", "organisations receiving data", f.organizations
            ),
            False,
        ),
        (
            f.consent_records,
            ngettext("consent record", "consent records", f.consent_records),
            False,
        ),
        (
            f.past_13_months,
            ngettext(
                "cookie needing consent kept past 13 months",
                "cookies needing consent kept past 13 months",
                f.past_13_months,
            ),
            f.past_13_months > 0,
        ),
        (
            f.contradictions,
            ngettext(
                "contradiction with your refusals",
                "contradictions with your refusals",
                f.contradictions,
            ),
            f.contradictions > 0,
        ),
    ]
    items = "".join(
        f'<li class="figure{" alert" if alert else ""}"><span class="number">'
        f"{format_number(number)}</span> "
        f'<span class="label">{e(label)}</span></li>'
        for number, label, alert in figures
    )
    return _section(
        "summary",
        _("Summary"),
        f'<ul class="figures">{items}</ul>\n<p>{e(_summary_text(report))}</p>'
        + _failed_stores_note(report),
    )


def _summary_text(report: Report) -> str:
    f = report.figures
    # the sentences are whole, each with one count, so that every language can agree its
    # words with the number
    sentences = [
        ngettext(
            "Your browsers hold {cookies} cookie from {sites}.",
            "Your browsers hold {cookies} cookies from {sites}.",
            f.cookies,
        ).format(
            cookies=format_number(f.cookies),
            sites=counted(f.sites, N_plural("{n} site", "{n} sites")),
        ),
        ngettext(
            "{n} cookie is a tracker (analytics or advertising).",
            "{n} cookies are trackers (analytics or advertising).",
            f.trackers,
        ).format(n=format_number(f.trackers)),
        ngettext(
            "{n} organisation receives data through cookies.",
            "{n} organisations receive data through cookies.",
            f.organizations,
        ).format(n=format_number(f.organizations)),
    ]
    if f.past_13_months:
        sentences.append(
            ngettext(
                "{n} cookie that needs your consent is set to last longer than 13 months.",
                "{n} cookies that need your consent are set to last longer than 13 months.",
                f.past_13_months,
            ).format(n=format_number(f.past_13_months))
        )
    if f.contradictions:
        sentences.append(
            ngettext(
                "{n} cookie contradicts a refusal you made: see “Where your refusals were "
                "not respected”.",
                "{n} cookies contradict a refusal you made: see “Where your refusals were "
                "not respected”.",
                f.contradictions,
            ).format(n=format_number(f.contradictions))
        )
    elif f.consent_records:
        sentences.append(_("No cookie contradicts the refusals that could be read."))
    return " ".join(sentences)


def _failed_stores_note(report: Report) -> str:
    failed = report.figures.failed_stores
    if not failed:
        return ""
    text = ngettext(
        "{n} browser profile could not be read; its cookies are missing from this report. "
        "The reasons are under {link}.",
        "{n} browser profiles could not be read; their cookies are missing from this report. "
        "The reasons are under {link}.",
        failed,
    )
    return '<p class="warning">{}</p>'.format(
        e(text).format(
            n=format_number(failed), link=f'<a href="#stores">{e(_("Browsers read"))}</a>'
        )
    )


def _charts(report: Report, inline_svg: bool) -> str:
    charts = report_charts(report)
    if not charts:
        return _section(
            "charts", _("At a glance"), f"<p>{e(_('There are no cookies to chart.'))}</p>"
        )
    figures = "\n".join(_figure(chart, inline_svg) for chart in charts)
    return _section("charts", _("At a glance"), f'<div class="charts">{figures}</div>')


def _figure(chart: Chart, inline_svg: bool) -> str:
    if not inline_svg:  # the image shows its own title, so nothing can part them
        return (
            f'<figure><img src="{chart.id}" width="{chart.width}" '
            f'height="{chart.titled_height}" alt="{e(chart.title)}: '
            f'{e(chart.description)}"></figure>'
        )
    return (
        f'<figure aria-labelledby="{chart.id}-caption">'
        f'<figcaption id="{chart.id}-caption">{e(chart.title)}</figcaption>'
        f"{chart.svg}</figure>"
    )


def _contradictions(report: Report) -> str:
    intro = "<p>{}</p>".format(
        e(
            _(
                "A consent banner stores your choice in a cookie. Where that record says you "
                "refused a purpose (or an advertising vendor), any cookie of that purpose on "
                "the same site contradicts it. The evidence is {strong} when the cookie was "
                "created after your choice, and {weaker} when it is older but was not removed "
                "(the site may simply not have cleaned up)."
            )
        ).format(
            strong=f"<strong>{e(_('strong'))}</strong>",
            weaker=f"<strong>{e(_('weaker'))}</strong>",
        )
    )
    title = _("Where your refusals were not respected")
    if not report.contradictions:
        body = "<p>{}</p>".format(
            e(
                _(
                    "No contradiction was found: no cookie of a refused purpose was found on "
                    "the sites whose consent records could be read."
                )
            )
        )
        return _section("contradictions", title, body + _unread(report))
    cards = "\n".join(_contradiction(v) for v in report.contradictions)
    return _section("contradictions", title, intro + "\n" + cards + _unread(report))


def _unread(report: Report) -> str:
    note = report.unread_note
    return "" if note is None else f"\n<p><strong>{e(note)}</strong></p>"


def _contradiction(violation: Violation) -> str:
    strength = "strong" if violation.evidence == SET_AFTER else "weaker"
    cookie = violation.finding.cookie
    organization = violation.finding.info.organization
    facts = [
        (_("Evidence"), e(evidence_label(violation))),
        (_("Refused"), e(violation.vendor or _purpose_label(violation.refused_purpose))),
        (_("Choice recorded by"), e(violation.cmp)),
        (_("Choice made on"), when(violation.choice_time)),
        (_("Cookie created on"), when(cookie.created)),
        (_("Receives the data"), e(organization.name) if organization else e(violation.site)),
        (_("Browser"), e(f"{cookie.store.browser} ({cookie.store.profile})")),
    ]
    heading = e(_("{cookie} on {site}")).format(
        cookie=f"<code>{e(violation.cookie_name)}</code>", site=e(violation.site)
    )
    return (
        f'<article class="card {strength}">\n'
        f"<h3>{heading}</h3>\n"
        f"<p>{e(violation.explanation())}</p>\n{_facts(facts)}\n"
        f'<p class="small"><a href="#cookie-{e(violation.cookie_id)}">'
        f"{e(_('See this cookie in detail'))}</a></p>\n</article>"
    )


def _table(
    caption: str, columns: Sequence[tuple[str, int] | tuple[str, int, bool]], rows: Iterable[str]
) -> str:
    """A table with a caption (plain text) and fixed column widths (in percent of the page);
    a column marked True holds numbers.

    The ``width`` attribute is for Qt's rich text, which ignores the CSS width.
    """
    head = "".join(
        f'<th scope="col" style="width: {column[1]}%" width="{column[1]}%"'
        f"{NUMBER_CLASS if len(column) > 2 and column[2] else ''}>{e(column[0])}</th>"
        for column in columns
    )
    return (
        f'<table width="100%">\n<caption>{e(caption)}</caption>\n<thead><tr>{head}</tr></thead>'
        f"\n<tbody>{''.join(rows)}</tbody>\n</table>"
    )


def _purpose_label(value: str) -> str:
    try:
        return Purpose(value).label
    except ValueError:
        return value


def _facts(facts: Iterable[tuple[str, str]]) -> str:
    """A definition list of already-escaped values."""
    rows = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in facts)
    return f'<dl class="facts">{rows}</dl>'


def _consent(report: Report, sites: dict[str, str]) -> str:
    if not report.consent:
        return _section(
            "consent",
            _("Your consent choices"),
            f"<p>{e(_('No consent or refusal record was found among the cookies.'))}</p>",
        )
    columns: list[tuple[str, int]] = [(_("Site and record"), 26), (_("Choice made on"), 14)]
    columns += [(_(label), 15) for _purpose, label in CONSENT_COLUMNS]
    table = _table(
        _(
            "Consent records decoded, one per row: for each purpose, what the record "
            "says you chose (“not asked” when the record does not cover it)"
        ),
        columns,
        (_consent_row(item, sites) for item in report.consent),
    )
    intro = "<p>{}</p>".format(
        e(
            _(
                "These cookies hold the answers you gave to cookie banners. Cookie Inspector "
                "keeps them when it deletes trackers, so that sites remember your refusals."
            )
        )
    )
    return _section("consent", _("Your consent choices"), intro + table)


def _consent_row(item: ConsentItem, sites: dict[str, str]) -> str:
    cookie, info, record = item.finding.cookie, item.finding.info, item.record
    platform = e(record.platform_name) if record else e(_("Unknown platform"))
    site = (
        f'<a href="#{sites[info.site]}">{e(info.site)}</a><br>{platform}: '
        f'<code class="small">{e(cookie.name)}</code><br>'
        f'<span class="small muted">{e(cookie.store.browser)} '
        f"({e(cookie.store.profile)})</span>"
    )
    if record is None or not record.readable or not record.decisions:
        reason = record.summary() if record else _("Its value could not be read.")
        chosen = when(record.choice_time) if record else "—"
        cells = f'<td colspan="{len(CONSENT_COLUMNS)}">{e(reason)}</td>'
        return f'<tr><th scope="row">{site}</th><td>{chosen}</td>{cells}</tr>\n'
    cells = "".join(
        _decision_cell(record.decisions.get(purpose)) for purpose, _label in CONSENT_COLUMNS
    )
    return f'<tr><th scope="row">{site}</th><td>{when(record.choice_time)}</td>{cells}</tr>\n'


def _decision_cell(decision: Decision | None) -> str:
    if decision is Decision.ACCEPTED:
        return f'<td class="accepted">✓ {e(_("Accepted"))}</td>'
    if decision is Decision.REFUSED:
        return f'<td class="refused">✗ {e(_("Refused"))}</td>'
    return f'<td class="muted">{e(_("not asked"))}</td>'


def _organisations(report: Report, sites: dict[str, str]) -> str:
    if not report.organisations:
        text = _(
            "No cookie sends data to an organisation other than the site itself, as far as "
            "the catalogue knows."
        )
        return _section("organisations", _("Who receives data"), f"<p>{e(text)}</p>")
    intro = _(
        "These organisations receive what their cookies carry, according to Cookie "
        "Inspector's catalogue. Each entry says what they receive, where they are based, "
        "and how to object."
    )
    cards = "\n".join(_organisation(section, sites) for section in report.organisations)
    return _section("organisations", _("Who receives data"), f"<p>{e(intro)}</p>" + cards)


def _organisation(section: OrganisationSection, sites: dict[str, str]) -> str:
    organization = section.organization
    site_links = ", ".join(f'<a href="#{sites[site]}">{e(site)}</a>' for site in section.sites)
    trackers = counted(section.trackers, N_plural("{n} tracker", "{n} trackers"))
    facts = [
        (_("Cookies"), e(f"{format_number(section.cookies)} ({trackers})")),
        (_("Purposes"), e(", ".join(p.label for p in section.purposes))),
        (_("Based in"), e(section.country_name) if section.country_name else e(_("not known"))),
        (_("Receives"), _categories(organization)),
        (_("Found on"), site_links),
        (_("How to object"), _objection(organization)),
    ]
    return (
        f'<article class="card organisation">\n<h3>{e(organization.name)}</h3>\n'
        f"{_facts(facts)}\n</article>"
    )


def _categories(organization: Organization) -> str:
    if not organization.data_categories:
        return e(_("not described in the catalogue"))
    return e(list_separator().join(data_category(c) for c in organization.data_categories))


def _objection(organization: Organization) -> str:
    parts = []
    if safe_url(organization.opt_out):
        parts.append(
            link(
                organization.opt_out,
                _("Object or opt out with {organization}").format(organization=organization.name),
            )
        )
    if safe_url(organization.privacy_policy):
        parts.append(link(organization.privacy_policy, _("Its privacy policy")))
    parts.append(e(_("Delete its cookies, or block them in your browser's settings.")))
    return "<br>".join(parts)


def _sites(report: Report, sites: dict[str, str], plain: bool = False) -> Iterator[str | bytes]:
    """The section of every cookie, one site at a time (the bulk of a large report): as
    bytes, a few hundred sites a piece, unless ``plain``."""
    if not report.sites:
        yield _section("sites", _("Cookies site by site"), f"<p>{e(_('No cookie was found.'))}</p>")
        return
    intro = _(
        "Every cookie, grouped by the site it belongs to, with what it does in plain "
        "words. The labels mark trackers, cookies kept longer than 13 months (the longest "
        "a tracking cookie should last), consent records and contradictions."
    )
    start, end = _section("sites", _("Cookies site by site"), "\0").split("\0")
    first = report.sites[0]
    if plain:
        yield start + f"<p>{e(intro)}</p>" + _site(first, sites[first.site])
        for section in report.sites[1:]:
            yield _site(section, sites[section.site])
    else:
        write = SiteHtml().site
        yield (start + f"<p>{e(intro)}</p>").encode("utf-8") + write(first, sites[first.site])
        batch: list[bytes] = []
        size = 0
        for section in report.sites[1:]:
            text = write(section, sites[section.site])
            batch.append(text)
            size += len(text)
            if size > 1 << 20:
                yield b"\n".join(batch)
                batch, size = [], 0
        if batch:
            yield b"\n".join(batch)
    yield end.removeprefix("\n")


SITE_COLUMNS = (
    (N_("Cookie"), 27),
    (N_("Purpose"), 17),
    (N_("Who receives it"), 20),
    (N_("Expires"), 14),
    (N_("Labels"), 22),
)


def _site(section: SiteSection, anchor: str) -> str:
    counts = [counted(len(section.cookies), N_plural("{n} cookie", "{n} cookies"))]
    for flag, forms in SITE_COUNTS:
        if section.count(flag):
            counts.append(counted(section.count(flag), forms))
    table = _table(
        _("Cookies of {site}").format(site=section.site),
        [(_(label), width) for label, width in SITE_COLUMNS],
        (_cookie_row(item) for item in section.cookies),
    )
    cookies = "\n".join(_cookie(item) for item in section.cookies)
    return (
        f'<section class="site" id="{anchor}" aria-labelledby="{anchor}-h">\n'
        f'<h3 id="{anchor}-h">{e(section.site)}</h3>\n'
        f'<p class="muted">{e(" · ".join(counts))}</p>\n{table}\n{cookies}\n</section>'
    )


_SPECIAL = re.compile("[&<>\"']").search
_ROW = (
    b'<tr><th scope="row"><a href="#cookie-%s"><code>%s</code></a><br>'
    b'<span class="small muted">%s</span></th>%s%s%s'
)
_CARD = (
    b'<article class="card cookie" id="cookie-%s">\n<h4><code>%s</code></h4>\n'
    b'<p class="small muted">%s%s%s%s%s%s%s%s%s%s</dl>\n</article>'
)
_DAY_US = 86_400_000_000


def _utf8(text: str) -> bytes:
    """Store text escaped and encoded."""
    return (escape(text) if _SPECIAL(text) else text).encode("utf-8")


class SiteHtml:
    """Sites as :func:`_site` writes them (encoded as UTF-8), each cookie's row and card
    put together from parts made once per attribution, party and labels (purpose,
    receiver, labels, what it is, who receives it, how to object: :meth:`Explainer.shared`,
    with holes for the site and the name), per store, per expiry day and per lifetime
    (:meth:`Explainer.how_long`). Only a cookie's id, name, host, path, value and record,
    and its site, are escaped for each cookie or site. A cookie with a contradiction, or
    on a site that cannot fill holes (:func:`plain_site`), is written the plain way
    (:func:`_cookie_row`, :func:`_cookie`)."""

    def __init__(self) -> None:
        self.explainer = Explainer()
        self._parts: dict[tuple[object, ...], tuple[Any, ...]] = {}
        self._stores: dict[int, tuple[object, bytes]] = {}
        self._expiry: dict[int | None, bytes] = {}
        self._escaped: dict[str, bytes] = {}
        self._counted: dict[tuple[int, str], str] = {}
        self._forms = dict(SITE_COUNTS) | {"cookie": N_plural("{n} cookie", "{n} cookies")}
        head = "".join(
            f'<th scope="col" style="width: {width}%" width="{width}%">{e(_(label))}</th>'
            for label, width in SITE_COLUMNS
        )
        self._table = (
            '<table width="100%">\n<caption>{caption}</caption>\n<thead><tr>'
            + head.replace("{", "{{").replace("}", "}}")
            + "</tr></thead>\n<tbody>"
        )
        self._caption = _("Cookies of {site}")
        self._labels = tuple(e(_(label)) for _key, label in EXPLANATION_LABELS)
        self._record = f"</dd><dt>{e(_('What the record says'))}</dt><dd>".encode()
        self._value = f"<dt>{e(_('Value'))}</dt><dd>"
        self._where = " · " + _("kept separately for {site}")

    def site(self, section: SiteSection, anchor: str) -> bytes:
        site = section.site
        if not plain_site(site):
            return _site(section, anchor).encode("utf-8")
        escaped_site = e(site).encode("utf-8")
        rows: list[bytes] = []
        cards: list[bytes] = []
        flagsets: dict[tuple[str, ...], int] = {}
        explainer = self.explainer
        how_long_of, own_what = explainer.how_long, explainer.own_what
        parts_get, stores_get, expiry_get = self._parts.get, self._stores.get, self._expiry.get
        escaped_get = self._escaped.get
        for item in section.cookies:
            flags = item.flags
            if flags:
                flagsets[flags] = flagsets.get(flags, 0) + 1
            if item.contradictions:
                rows.append(_cookie_row(item).encode("utf-8"))
                cards.append(_cookie(item).encode("utf-8"))
                continue
            finding = item.finding
            cookie, info = finding.cookie, finding.info
            attribution = info.attribution
            key = (attribution_key(attribution), info.party, flags, info.consent_role)
            shared = parts_get(key) or self._shared(item, key)
            store = stores_get(id(cookie.store))
            if store is None or store[0] is not cookie.store:
                store = self._store(cookie)
            expires_us = cookie.expires_us
            day_number = None if expires_us is None else expires_us // _DAY_US
            expires = expiry_get(day_number) or self._expires(cookie, day_number)
            name, host = _utf8(cookie.name), _utf8(cookie.host)
            identifier = cookie.id.encode()
            rows.append(
                _ROW % (identifier, name, host, escaped_site.join(shared[1]), expires, shared[2])
            )
            if own_what(info):
                what = _utf8(explainer.what(cookie, info))
            else:
                what = name.join([escaped_site.join(piece) for piece in shared[4]])
                if b".." in what:  # the plain way tidies full stops
                    what = _utf8(explainer.what(cookie, info))
            spans = how_long_of(cookie, info)
            if len(spans) == 1:
                how_long = escaped_get(spans[0]) or self._escape(spans[0])
            else:
                how_long = b" ".join([escaped_get(span) or self._escape(span) for span in spans])
            partition, record = cookie.partition_key, info.consent_record
            cards.append(
                _CARD
                % (
                    identifier,
                    name,
                    host,
                    _utf8(cookie.path),
                    store[1],
                    _utf8(self._where.format(site=partition)) if partition else b"",
                    shared[3],
                    what,
                    b"" if record is None else self._record + _utf8(record.summary()),
                    shared[5] + how_long,
                    escaped_site.join(shared[6]),
                    b"" if item.value is None else self._value_entry(item),
                )
            )
        counts = dict.fromkeys(FLAG_LABELS, 0)
        for flags, count in flagsets.items():
            for flag in flags:
                counts[flag] += count
        said = [self._count(len(section.cookies), "cookie")]
        said.extend(self._count(counts[flag], flag) for flag, _forms in SITE_COUNTS if counts[flag])
        head = (
            f'<section class="site" id="{anchor}" aria-labelledby="{anchor}-h">\n'
            f'<h3 id="{anchor}-h">{e(site)}</h3>\n'
            f'<p class="muted">{e(" · ".join(said))}</p>\n'
            + self._table.format(caption=e(self._caption.format(site=site)))
        )
        return b"".join(
            [
                head.encode("utf-8"),
                b"".join(rows),
                b"</tbody>\n</table>\n",
                b"\n".join(cards),
                b"\n</section>",
            ]
        )

    def _count(self, count: int, flag: str) -> str:
        key = (count, flag)
        found = self._counted.get(key)
        if found is None:
            found = self._counted[key] = counted(count, self._forms[flag])
        return found

    def _shared(self, item: CookieItem, key: tuple[object, ...]) -> tuple[Any, ...]:
        """The parts of the row and card shared by the cookies of one attribution, party
        and labels, escaped and encoded, with holes for the site (and the name)."""
        info = item.finding.info
        shared = self.explainer.shared(info)
        organization = info.organization
        purpose = e(info.purpose.label)
        what, how_long, who_label, object_label = self._labels
        who = _explained_text(SITE.join(shared.who), organization, "who_receives")
        how_to_object = _explained_text(
            SITE.join(shared.how_to_object), organization, "how_to_object"
        )
        site = SITE.encode()
        found = (
            info.attribution,  # keeps the objects whose identities the key holds alive
            tuple(
                f"<td>{purpose}</td><td>{_receiver_of(organization, SITE)}</td><td>".encode().split(
                    site
                )
            ),
            f"</td><td>{_badges_of(item.flags, info.consent_role)}</td></tr>\n".encode(),
            (
                f"</p>\n<p>{_badges_of(item.flags, info.consent_role, dash=False)} "
                f'<span class="badge">{purpose}</span> '
                f'<span class="badge">{e(party_label(info.party))}</span></p>\n'
                f'<dl class="explanation"><dt>{what}</dt><dd>'
            ).encode(),
            tuple(tuple(e(text).encode() for text in part) for part in shared.what),
            f"</dd><dt>{how_long}</dt><dd>".encode(),
            tuple(
                (
                    f"</dd><dt>{who_label}</dt><dd>{who}</dd><dt>{object_label}</dt><dd>"
                    f"{how_to_object}</dd>"
                )
                .encode()
                .split(site)
            ),
        )
        if len(self._parts) >= 4096:
            self._parts.clear()
        self._parts[key] = found
        return found

    def _store(self, cookie: Cookie) -> tuple[object, bytes]:
        where = f" · {cookie.store.browser} ({cookie.store.profile})"
        found = self._stores[id(cookie.store)] = (cookie.store, _utf8(where))
        return found

    def _expires(self, cookie: Cookie, day_number: int | None) -> bytes:
        moment = cookie.expires
        text = _("when the browser closes") if moment is None else day(moment)
        found = e(text).encode()
        if day_number is None or FIRST_DAY <= day_number <= LAST_DAY:  # one text a day
            self._expiry[day_number] = found
        return found

    def _escape(self, text: str) -> bytes:
        """A shared text escaped (remembered: few texts, many cookies)."""
        if len(self._escaped) >= 8192:
            self._escaped.clear()
        found = self._escaped[text] = e(text).encode()
        return found

    def _value_entry(self, item: CookieItem) -> bytes:
        return (self._value + _value(item) + "</dd>").encode("utf-8")


def _badges(item: CookieItem, *, dash: bool = True) -> str:
    return _badges_of(item.flags, item.finding.info.consent_role, dash=dash)


def _badges_of(flags: tuple[str, ...], consent_role: str | None, *, dash: bool = True) -> str:
    labels = []
    for flag in flags:
        label = FLAG_LABELS[flag]
        if flag == "consent_record":
            label = CONSENT_BADGES.get(consent_role or "", label)
        labels.append(f'<span class="badge {flag}">{e(_(label))}</span>')
    if not labels and dash:
        return '<span class="muted">—</span>'
    return " ".join(labels)


def _receiver(item: CookieItem) -> str:
    info = item.finding.info
    return _receiver_of(info.organization, info.site)


def _receiver_of(organization: Organization | None, site: str) -> str:
    if organization is not None:
        return e(organization.name)
    return f'{e(site)} <span class="muted">{e(_("(the site itself)"))}</span>'


def _cookie_row(item: CookieItem) -> str:
    cookie, info = item.finding.cookie, item.finding.info
    expires = _("when the browser closes") if cookie.expires is None else day(cookie.expires)
    return (
        f'<tr><th scope="row"><a href="#cookie-{cookie.id}"><code>{e(cookie.name)}</code>'
        f'</a><br><span class="small muted">{e(cookie.host)}</span></th>'
        f"<td>{e(info.purpose.label)}</td><td>{_receiver(item)}</td>"
        f"<td>{e(expires)}</td><td>{_badges(item)}</td></tr>\n"
    )


def _cookie(item: CookieItem) -> str:
    cookie, info = item.finding.cookie, item.finding.info
    where = f"{cookie.host}{cookie.path} · {cookie.store.browser} ({cookie.store.profile})"
    if cookie.partition_key:
        where += " · " + _("kept separately for {site}").format(site=cookie.partition_key)
    explanation = item.explanation
    entries = [(_(label), _explained(item, explanation, key)) for key, label in EXPLANATION_LABELS]
    record = info.consent_record
    if record is not None:
        entries.insert(1, (_("What the record says"), e(record.summary())))
    if item.contradictions:
        entries.insert(
            0, (_("Contradiction"), e(" ".join(v.explanation() for v in item.contradictions)))
        )
    if item.value is not None:
        entries.append((_("Value"), _value(item)))
    rows = "".join(f"<dt>{e(label)}</dt><dd>{value}</dd>" for label, value in entries)
    return (
        f'<article class="card cookie" id="cookie-{cookie.id}">\n'
        f"<h4><code>{e(cookie.name)}</code></h4>\n"
        f'<p class="small muted">{e(where)}</p>\n<p>{_badges(item, dash=False)} '
        f'<span class="badge">{e(info.purpose.label)}</span> '
        f'<span class="badge">{e(party_label(info.party))}</span></p>\n'
        f'<dl class="explanation">{rows}</dl>\n</article>'
    )


def _explained(item: CookieItem, explanation: Explanation, key: str) -> str:
    return _explained_text(getattr(explanation, key), item.finding.info.organization, key)


def _explained_text(text: str, organization: Organization | None, key: str) -> str:
    """One part of an explanation escaped, with the organisation's addresses as links in
    "how to object"."""
    text = e(text)
    if key != "how_to_object" or organization is None:
        return text
    for url in (organization.opt_out, organization.privacy_policy):
        target = safe_url(url)
        if target:
            text = text.replace(e(target), link(target, target, css="url"), 1)
    return text


def _value(item: CookieItem) -> str:
    value = item.value
    if value is None:
        return e(_("not read"))
    if value.value is None:
        reason = value.reason or _("unknown reason")
        return f'<span class="muted">{e(_("unavailable: {reason}").format(reason=reason))}</span>'
    return f'<code class="value">{e(value.value)}</code>'


def _stores(report: Report) -> str:
    rows = [
        f"<tr><td>{e(r.store.browser)}</td><td>{e(r.store.profile)}</td>"
        f'<td><code class="small">{e(tilde(str(r.store.path)))}</code></td>'
        f'<td class="number">{len(r.cookies)}</td>'
        f"<td>{e(tilde(r.error)) if r.error else e(_('read'))}"
        f"{''.join('<br>' + e(tilde(w)) for w in r.warnings)}</td></tr>\n"
        for r in report.analysis.scan.results
    ]
    if not rows:
        text = _("No browser profile was found on this computer.")
        return _section("stores", _("Browsers read"), f"<p>{e(text)}</p>")
    table = _table(
        _("Cookie stores read for this report (~ is your home folder)"),
        [
            (_("Browser"), 14),
            (_("Profile"), 14),
            (_("File"), 40),
            (_("Cookies"), 10, True),
            (_("Result"), 22),
        ],
        rows,
    )
    return _section("stores", _("Browsers read"), table)


def _deletions(report: Report) -> str:
    if not report.deletions:
        return ""
    table = _table(
        _("Deletions made with Cookie Inspector whose backups are still kept, newest first"),
        [
            (_("Date"), 16),
            (_("What"), 22),
            (_("Status"), 12),
            (_("Cookies"), 10, True),
            (_("Removed"), 40),
        ],
        (_deletion_row(item) for item in report.deletions),
    )
    return _section("deletions", _("Deletion history"), table)


def _deletion_row(item: DeletionItem) -> str:
    removed = "<br>".join(
        f"{e(s.browser)} ({e(s.profile)}): "
        f'<span class="small mono">{e(_names(s.names, s.cookies))}</span>'
        for s in item.stores
    )
    status = e(item.status) + (
        f'<br><span class="small">{e(item.note)}</span>' if item.note else ""
    )
    return (
        f"<tr><td>{when(item.created)}</td><td>{e(item.description)}</td>"
        f'<td>{status}</td><td class="number">{item.cookies}</td><td>{removed}</td></tr>\n'
    )


def _names(names: Sequence[str], count: int) -> str:
    text = ", ".join(names)
    if count > len(names):
        more = count - len(names)
        return ngettext("{names} and {n} more", "{names} and {n} more", more).format(
            names=text, n=format_number(more)
        )
    return text


def _about() -> str:
    paragraphs = [
        _(
            "Each cookie's purpose and owner come from Cookie Inspector's own catalogue, "
            "from the organisation that owns the address the cookie belongs to, or, as a guess, "
            "from its name; “Unknown” means none of them tells. The purposes are those of the "
            "cookie rules: cookies needed to communicate or for a service you asked for may be "
            "set without asking you; analytics, advertising and social cookies need your "
            "consent."
        ),
        _(
            "The report shows what was stored on this computer when it was made. It does not "
            "show what your browser sent, nor data collected in other ways. A contradiction "
            "claims no more than the records show: a site's record of your refusal next to a "
            "cookie of the refused purpose."
        ),
        _(
            "To complain to a data-protection authority, attach this report, say which site "
            "and which contradiction you mean, and keep the consent records: deleting them "
            "erases the proof of your refusal."
        ),
    ]
    body = "".join(f"<p>{e(text)}</p>\n" for text in paragraphs) + _purposes_explained()
    return _section("about", _("How to read this report"), body)


def _linked_authority(text: str) -> str:
    """Escaped ``text`` with the complaint page of the person's authority as a link."""
    from inspector.authority import authority_for

    target = safe_url(authority_for().complaint)
    escaped = e(text)
    return escaped.replace(e(target), link(target, target, css="url"), 1) if target else escaped


WHO_TO_ASK = N_("the site or the company behind a cookie")


def _purposes_explained() -> str:
    """Why cookies of each purpose are there, and your rights: once for the whole report."""
    from inspector.explain import purpose_reason, rights_text
    from inspector.purposes import Purpose

    rows = "".join(
        f"<dt>{e(purpose.label)}</dt><dd>{e(purpose_reason(purpose))}</dd>" for purpose in Purpose
    )
    return (
        f'<h3>{e(_("Why cookies are there"))}</h3>\n<dl class="explanation">{rows}</dl>\n'
        f"<h3>{e(_('Your rights'))}</h3>\n<p>{_linked_authority(rights_text(_(WHO_TO_ASK)))}</p>"
    )


def _footer(report: Report) -> str:
    text = e(
        _(
            "Made by Cookie Inspector {version} with catalogue {catalogue} on {date}. This "
            "file loads nothing from the internet."
        )
    ).format(
        version=e(report.program_version),
        catalogue=e(report.catalogue_version),
        date=when(report.generated),
    )
    return f"<footer><p>{text}</p></footer>"
