"""The HTML report: one self-contained page a person can read, print, or attach to a complaint.

The page loads nothing: its style sheet is inlined, its charts are inline SVG, and a
Content-Security-Policy forbids any other source. Every piece of text that comes from a cookie
store (names, hosts, paths, values, errors) or a catalogue is escaped. Only ``http`` and
``https`` addresses from the catalogue become links.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from html import escape
from typing import Any

from inspector.analysis import Analysis, Finding
from inspector.catalogue import Organization
from inspector.classify import Attribution, Classification
from inspector.consent.model import Decision
from inspector.consent.model import Purpose as ConsentPurpose
from inspector.contradictions import SET_AFTER, Violation
from inspector.explain import (
    SITE,
    Explainer,
    attribution_key,
    explain,
    general_text,
    party_label,
    plain_site,
    site_stand_in,
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
from inspector.report.childpart import ChildPart, middle, worth_two_processes
from inspector.report.model import (
    ConsentItem,
    CookieItem,
    DeletionItem,
    OrganisationSection,
    Report,
    SiteSection,
    evidence_label,
    site_sections,
    violations_by_cookie,
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

    Each cookie's row is put together from parts shared by many cookies
    (:class:`SiteHtml`); ``plain`` writes each one from scratch instead, the slow way
    tests compare against.
    """
    for piece in _pieces(report, inline_svg, plain):
        yield piece if isinstance(piece, str) else piece.decode("utf-8")


def iter_html_bytes(
    report: Report, *, parallel: bool = False, second: SecondPart | None = None
) -> Iterator[bytes]:
    """:func:`iter_html` encoded as UTF-8 (the cookies' sections are made as bytes, which
    saves encoding the bulk of a large report a second time).

    ``parallel`` lets a large report's sites be written by two processes
    (:class:`SecondPart`); only a program with no other thread may ask. ``second``: that
    child process, already started before the report was built (:func:`start_second_part`).
    """
    for piece in _pieces(report, True, False, parallel, second):
        yield piece if isinstance(piece, bytes) else piece.encode("utf-8")


def _pieces(
    report: Report,
    inline_svg: bool,
    plain: bool,
    parallel: bool = False,
    second: SecondPart | None = None,
) -> Iterator[str | bytes]:
    sites = anchors([section.site for section in report.sites])
    notes = Notes()
    if second is not None and (plain or not second.writes(report, sites)):
        second.close()  # (not this report's: a caller's mistake) every site is written here
        second = None
    if second is None and parallel and not plain and _worth_a_second_part(report):
        # started first, so that it writes while this process writes what comes before
        sections = report.sites
        second = SecondPart(
            [len(section.cookies) for section in sections],
            lambda start: sections[start:],
            sites,
            _several_stores(report),
            LATE_SHARE,
        )
    try:
        yield from _joined(_parts(report, sites, notes, inline_svg, plain, second))
    finally:
        if second is not None:
            second.close()


def _parts(
    report: Report,
    sites: dict[str, str],
    notes: Notes,
    inline_svg: bool,
    plain: bool,
    second: SecondPart | None,
) -> list[Callable[[], str | Iterator[str | bytes]]]:
    return [
        lambda: _head(report),
        lambda: _cover(report),
        lambda: _contents(report),
        lambda: "<main>",
        lambda: _summary(report),
        lambda: _charts(report, inline_svg),
        lambda: _contradictions(report),
        lambda: _consent(report, sites),
        lambda: _organisations(report, sites),
        lambda: _sites(report, sites, notes, plain, second),
        lambda: _notes(notes),
        lambda: _stores(report),
        lambda: _deletions(report),
        _about,
        lambda: "</main>",
        lambda: _footer(report),
        lambda: "</body>\n</html>\n",
    ]


def _joined(parts: list[Callable[[], str | Iterator[str | bytes]]]) -> Iterator[str | bytes]:
    """The pieces each part makes, in order, separated by new lines."""
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
    ]
    if report.sites:
        entries.append(("notes", _(NOTES_TITLE)))
    entries.append(("stores", _("Browsers read")))
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


def _sites(
    report: Report,
    sites: dict[str, str],
    notes: Notes,
    plain: bool = False,
    second: SecondPart | None = None,
) -> Iterator[str | bytes]:
    """The section of every cookie, one site at a time (the bulk of a large report): as
    bytes, a few hundred sites a piece, unless ``plain``; the sites from ``second.middle``
    on written by a child process when ``second`` is given (:class:`SecondPart`)."""
    if not report.sites:
        yield _section("sites", _("Cookies site by site"), f"<p>{e(_('No cookie was found.'))}</p>")
        return
    intro = _(
        "Every cookie, grouped by the site it belongs to, with what it does in plain "
        "words. The labels mark trackers, cookies kept longer than 13 months (the longest "
        "a tracking cookie should last), consent records and contradictions."
    )
    notes_intro = e(
        _(
            "Who receives each cookie and how to object are explained in the numbered notes "
            "under “{notes}”, each written once for all the cookies it applies to."
        )
    ).format(notes=f'<a href="#notes">{e(_(NOTES_TITLE))}</a>')
    start, end = _section("sites", _("Cookies site by site"), "\0").split("\0")
    start += f"<p>{e(intro)}</p>\n<p>{notes_intro}</p>\n"
    several = _several_stores(report)
    first = report.sites[0]
    if plain:
        yield start + _site(first, sites[first.site], notes, several)
        for section in report.sites[1:]:
            yield _site(section, sites[section.site], notes, several)
    else:
        write = SiteHtml(notes, several).site
        yield start.encode("utf-8") + write(first, sites[first.site])
        if second is None:
            yield from _site_batches(report.sites[1:], sites, write)
        else:
            yield from _site_batches(report.sites[1 : second.middle], sites, write)
            yield from second.pages(notes, write)
    yield end.removeprefix("\n")


def _site_batches(
    sections: Sequence[SiteSection], anchors: dict[str, str], write: Callable[..., bytes]
) -> Iterator[bytes]:
    """The sites written, about a megabyte a piece (sites joined by new lines)."""
    batch: list[bytes] = []
    size = 0
    for section in sections:
        text = write(section, anchors[section.site])
        batch.append(text)
        size += len(text)
        if size > 1 << 20:
            yield b"\n".join(batch)
            batch, size = [], 0
    if batch:
        yield b"\n".join(batch)


def _worth_a_second_part(report: Report) -> bool:
    return len(report.sites) > 1 and worth_two_processes(len(report.cookies))


_NOTE_MARK = re.compile(rb"\0<(\d+)>")


# the child's part of the cookies: this process also writes the rest of the page and copies
# the child's pages, and when the child starts before the report is built (start_second_part)
# this process builds it meanwhile
LATE_SHARE = 0.55
EARLY_SHARE = 0.62


def anchors(sites: Sequence[str]) -> dict[str, str]:
    """Each site's anchor in the page, by its place in the report's order."""
    return {site: f"site-{index}" for index, site in enumerate(sites, 1)}


def start_second_part(
    analysis: Analysis, groups: Sequence[tuple[str, Sequence[Finding]]]
) -> SecondPart | None:
    """A child process writing the last sites of the HTML report of ``analysis``, whose
    findings by site are ``groups`` (:func:`inspector.report.model.site_groups`), while this
    process builds the report and writes the rest; None where that is not worth it or not
    safe (:func:`inspector.report.childpart.worth_two_processes`). For a report without
    values, built from the same ``groups``: pass it to :func:`iter_html_bytes` with that
    report."""
    if len(groups) < 2 or not worth_two_processes(len(analysis.findings)):
        return None
    several = sum(1 for result in analysis.scan.results if result.cookies) > 1

    def sections(start: int) -> Sequence[SiteSection]:  # the child's sites, made there
        return site_sections(groups[start:], violations_by_cookie(analysis.violations))

    return SecondPart(
        [len(findings) for _site, findings in groups],
        sections,
        anchors([site for site, _findings in groups]),
        several,
        EARLY_SHARE,
    )


class SecondPart:
    """The sites from :attr:`middle` on, written by a child process into a private temporary
    file while this process writes the top of the page and the sites before them. The child
    takes a little more than half of the cookies (``share``): this process has the rest of
    the page and the copy of the child's pages to do.

    ``sizes`` are the cookie counts of every site of the report, in order;
    ``sections(start)`` makes (in the child) the sections from the site at ``start`` on;
    ``anchors`` are every site's anchor (:func:`anchors`).

    Notes are numbered in the order rows first refer to them, which the child cannot know:
    it writes each reference as a mark (a NUL character, ``<``, its own number, ``>``: no
    text from a store can make one, since every ``<`` in it is escaped) and, after its
    pages, the texts of its notes in its order. Once this process has written its own sites,
    those notes are numbered after its own exactly as one process would have, and the marks
    are replaced as the child's pages are copied (:meth:`pages`). Should the child fail, its
    sites are written here. :meth:`close` ends a child whose pages are no longer wanted."""

    def __init__(
        self,
        sizes: Sequence[int],
        sections: Callable[[int], Sequence[SiteSection]],
        anchors: dict[str, str],
        several: bool,
        share: float,
    ) -> None:
        self.sizes, self.anchors = list(sizes), anchors
        self.middle = middle(sizes, share)  # the first site stays here
        self._sections = sections
        own: list[Notes] = []  # the child's notes, made and filled there

        def pages() -> Iterator[bytes]:
            own.append(Notes(marks=True))
            return _site_batches(sections(self.middle), anchors, SiteHtml(own[0], several).site)

        self._child = ChildPart(
            pages, lambda: json.dumps(own[0].bodies).encode("utf-8"), cookies=sum(sizes)
        )

    def writes(self, report: Report, anchors: dict[str, str]) -> bool:
        """Whether this part is of ``report``: the same sites in the same order, with as many
        cookies each."""
        sizes = [len(section.cookies) for section in report.sites]
        return anchors == self.anchors and sizes == self.sizes

    @property
    def child(self) -> int | None:
        """The child's process id until its pages are taken or it is ended."""
        return self._child.child

    @property
    def spill(self) -> Any:
        return self._child.spill

    def pages(self, notes: Notes, write: Callable[..., bytes]) -> Iterator[bytes]:
        """The child's pages, its notes numbered after those of ``notes``; once the child
        has ended (its sites written with ``write`` here if it failed)."""
        found = self._child.result()
        if found is None:
            yield from _site_batches(self._sections(self.middle), self.anchors, write)
            return
        pages, trailer = found
        texts = [str(body) for body in json.loads(trailer.decode("utf-8"))]
        links = [notes.link(notes.number(text)) for text in texts]

        def link(found: re.Match[bytes]) -> bytes:
            return links[int(found[1]) - 1]

        for page in pages:
            yield _NOTE_MARK.sub(link, page)

    def close(self) -> None:
        """End the child if its pages were not taken (the page was abandoned), and remove
        its file."""
        self._child.close()


NOTES_TITLE = N_("Who receives the cookies, and how to object")


class Notes:
    """Who receives cookies and how to object, each text written once in the notes after
    the sites and numbered in the order the cookies' rows first refer to it.

    On most sites these texts say nothing but the site that a cookie of another site does
    not say too: written with "this site" (:func:`general_text`), one note serves every
    site (a report of 100,000 cookies from 30,000 sites needs a few hundred notes).
    """

    def __init__(self, *, marks: bool = False) -> None:
        self.bodies: list[str] = []
        self._numbers: dict[str, int] = {}
        self._label = _("Note {n}")
        self._marks = marks  # refer with marks to replace later (see SecondPart)

    def refer(
        self, who_receives: str, how_to_object: str, organization: Organization | None
    ) -> str:
        """A link to the note saying these texts (numbered when first referred to)."""
        body = (
            f'<dl class="explanation"><dt>{e(_("Who receives it"))}</dt><dd>'
            f"{_explained_text(who_receives, organization, 'who_receives')}</dd>"
            f"<dt>{e(_('How to object'))}</dt><dd>"
            f"{_explained_text(how_to_object, organization, 'how_to_object')}</dd></dl>"
        )
        number = self.number(body)
        return f"\0<{number}>" if self._marks else self.link(number).decode("utf-8")

    def number(self, body: str) -> int:
        """The number of the note with this text, given it when first asked for."""
        number = self._numbers.get(body)
        if number is None:
            self.bodies.append(body)
            number = self._numbers[body] = len(self.bodies)
        return number

    def link(self, number: int) -> bytes:
        label = e(self._label.format(n=format_number(number)))
        return f'<a href="#note-{number}">{label}</a>'.encode()


def _notes(notes: Notes) -> str:
    if not notes.bodies:
        return ""
    intro = _(
        "Each cookie's row in “Cookies site by site” refers to one of these notes. Where a "
        "note says “this site”, it means the site under which the cookie is listed."
    )
    items = "\n".join(
        f'<article class="card note" id="note-{number}">'
        f"<h3>{e(_('Note {n}').format(n=format_number(number)))}</h3>\n{body}</article>"
        for number, body in enumerate(notes.bodies, 1)
    )
    return _section("notes", _(NOTES_TITLE), f"<p>{e(intro)}</p>\n{items}")


def _several_stores(report: Report) -> bool:
    """Whether the cookies come from more than one store (each row then says which)."""
    return sum(1 for result in report.analysis.scan.results if result.cookies) > 1


#: The columns of a site's table (their widths are in the style sheet).
SITE_COLUMNS = (
    N_("Cookie"),
    N_("What it is"),
    N_("How long it stays"),
    N_("Who receives it"),
)


def _site_head(section: SiteSection, anchor: str, counts: Sequence[str]) -> str:
    head = "".join(f'<th scope="col">{e(_(label))}</th>' for label in SITE_COLUMNS)
    return (
        f'<section class="site" id="{anchor}" aria-labelledby="{anchor}-h">\n'
        f'<h3 id="{anchor}-h">{e(section.site)}</h3>\n<table class="cookies">\n'
        f"<caption>{e(' · '.join(counts))}</caption>\n<thead><tr>{head}</tr></thead>\n<tbody>"
    )


_SITE_END = "</tbody>\n</table>\n</section>"
_SITE_END_BYTES = _SITE_END.encode()


def _site(section: SiteSection, anchor: str, notes: Notes, several: bool) -> str:
    counts = [counted(len(section.cookies), N_plural("{n} cookie", "{n} cookies"))]
    for flag, forms in SITE_COUNTS:
        if section.count(flag):
            counts.append(counted(section.count(flag), forms))
    rows = "".join(_cookie_row(item, notes, several) for item in section.cookies)
    return _site_head(section, anchor, counts) + rows + _SITE_END


def _cookie_row(item: CookieItem, notes: Notes, several: bool) -> str:
    """One cookie's row, every text made for it alone (the plain way)."""
    cookie, info = item.finding.cookie, item.finding.info
    where = cookie.host + cookie.path
    if several:
        where += f" · {cookie.store.browser} ({cookie.store.profile})"
    if cookie.partition_key:
        where += " · " + _("kept separately for {site}").format(site=cookie.partition_key)
    explanation = item.explanation
    extra = []
    if item.contradictions:
        text = " ".join(v.explanation() for v in item.contradictions)
        extra.append(f"<dt>{e(_('Contradiction'))}</dt><dd>{e(text)}</dd>")
    if info.consent_record is not None:
        text = info.consent_record.summary()
        extra.append(f"<dt>{e(_('What the record says'))}</dt><dd>{e(text)}</dd>")
    if item.value is not None:
        extra.append(f"<dt>{e(_('Value'))}</dt><dd>{_value(item)}</dd>")
    if plain_site(info.site):
        general = explain(cookie, site_stand_in(info))
        who = general_text(general.who_receives.split(SITE))
        how_to_object = general_text(general.how_to_object.split(SITE))
    else:
        who, how_to_object = explanation.who_receives, explanation.how_to_object
    note = notes.refer(who, how_to_object, info.organization)
    return (
        f'<tr id="cookie-{cookie.id}"><th scope="row"><code>{e(cookie.name)}</code>'
        f"<small>{e(where)}</small>{_labels(item.flags, info)}</th>"
        f"<td>{e(explanation.what)}{_extra(''.join(extra))}</td>"
        f"<td>{e(explanation.how_long)}</td>"
        f"<td>{_receiver_of(info.organization)}<br>{note}</td></tr>\n"
    )


def _extra(entries: str) -> str:
    return f'<dl class="extra">{entries}</dl>' if entries else ""


def _labels(flags: tuple[str, ...], info: Classification) -> str:
    """The cookie's labels, then its purpose and party."""
    badges = _badges_of(flags, info.consent_role, dash=False)
    return f"{badges}<small>{e(info.purpose.label)} · {e(party_label(info.party))}</small>"


_SPECIAL = re.compile("[&<>\"']").search
_ROW = (
    b'<tr id="cookie-%s"><th scope="row"><code>%s</code><small>%s%s%s</small>%s</th>'
    b"<td>%s%s</td><td>%s</td><td>%s</td></tr>\n"
)
_SENTENCES_KEPT = 1 << 16  # a report goes site by site, but expiry days are everywhere


def _utf8(text: str) -> bytes:
    """Store text escaped and encoded."""
    return (escape(text) if _SPECIAL(text) else text).encode("utf-8")


class SiteHtml:
    """Sites as :func:`_site` writes them (encoded as UTF-8), each cookie's row put
    together from parts made once per attribution, party and labels (labels, purpose,
    "what it is" with holes for the site and the name, receiver and note:
    :meth:`Explainer.shared`, :meth:`Explainer.general`), per store, per expiry day and
    per lifetime (:meth:`Explainer.how_long`). Only a cookie's id, name, host, path,
    value and record, and its site, are escaped for each cookie or site. A cookie with a
    contradiction, or on a site that cannot fill holes (:func:`plain_site`), is written
    the plain way (:func:`_cookie_row`)."""

    def __init__(self, notes: Notes, several: bool) -> None:
        self.explainer = Explainer()
        self.notes = notes
        self.several = several
        self._parts: dict[tuple[int, ...], tuple[Any, ...]] = {}
        self._texts: dict[tuple[int, ...], tuple[Any, ...]] = {}
        self._stores: dict[int, bytes] = {}
        self._kept: list[object] = []
        self._kinds: dict[int, int] = {}
        self._kind_numbers: dict[tuple[object, ...], int] = {}
        self._how_long: dict[str, bytes] = {}
        self._head = (
            _site_head(SiteSection("\0", ()), "\0", ["\0"])
            .encode()
            .replace(b"%", b"%%")
            .replace(b"\0", b"%s")
        )
        self._captions: dict[tuple[object, ...], bytes] = {}
        self._forms = dict(SITE_COUNTS) | {"cookie": N_plural("{n} cookie", "{n} cookies")}
        self._record = f"<dt>{e(_('What the record says'))}</dt><dd>".encode()
        self._value = f"<dt>{e(_('Value'))}</dt><dd>"
        self._where = " · " + _("kept separately for {site}")

    def site(self, section: SiteSection, anchor: str) -> bytes:
        site = section.site
        if not plain_site(site):
            return _site(section, anchor, self.notes, self.several).encode("utf-8")
        escaped_site = e(site).encode("utf-8")
        rows: list[bytes] = []
        flagsets: dict[tuple[str, ...], int] = {}
        explainer = self.explainer
        how_long_of = explainer.how_long
        parts_get, stores_get, how_long_get, kinds_get = (
            self._parts.get,
            self._stores.get,
            self._how_long.get,
            self._kinds.get,
        )
        special = _SPECIAL
        for item in section.cookies:
            flags = item.flags
            if flags:
                flagsets[flags] = flagsets.get(flags, 0) + 1
            if item.contradictions:
                rows.append(_cookie_row(item, self.notes, self.several).encode("utf-8"))
                continue
            finding = item.finding
            cookie, info = finding.cookie, finding.info
            place = info.place
            attribution = info.attribution
            # the report keeps every attribution, flags tuple, party and role alive while
            # it is written: their ids name them (and hash faster than the objects)
            kind = kinds_get(id(attribution))
            if kind is None:
                kind = self._kind(attribution)
            key = (kind, id(place.party), id(flags), id(info.consent_role))
            shared = parts_get(key) or self._shared(item, key)
            store = stores_get(id(cookie.store))
            if store is None:
                store = self._store(cookie)
            name_text, where_text = cookie.name, cookie.host + cookie.path
            name = (escape(name_text) if special(name_text) else name_text).encode("utf-8")
            where = (escape(where_text) if special(where_text) else where_text).encode("utf-8")
            record, partition = info.consent_record, place.partitioned_under
            if (record is not None and record.readable) or (
                partition is not None and partition != place.site
            ):  # Explainer.own_what
                what = _utf8(explainer.what(cookie, info))
            else:
                what = name.join([escaped_site.join(piece) for piece in shared[2]])
                if b".." in what:  # the plain way tidies full stops
                    what = _utf8(explainer.what(cookie, info))
            spans = how_long_of(cookie, info)
            if len(spans) == 1:
                how_long = how_long_get(spans[0]) or self._escape(spans[0])
            else:
                how_long = b" ".join([how_long_get(span) or self._escape(span) for span in spans])
            partition_key = cookie.partition_key
            extra = b"" if record is None and item.value is None else self._extra(item)
            rows.append(
                _ROW
                % (
                    cookie.id.encode(),
                    name,
                    where,
                    store,
                    _utf8(self._where.format(site=partition_key)) if partition_key else b"",
                    shared[1],
                    what,
                    extra,
                    how_long,
                    shared[3],
                )
            )
        rows.append(_SITE_END_BYTES)
        return self._site_head(section, anchor, escaped_site, flagsets) + b"".join(rows)

    def _site_head(
        self,
        section: SiteSection,
        anchor: str,
        escaped_site: bytes,
        flagsets: dict[tuple[str, ...], int],
    ) -> bytes:
        key = (len(section.cookies), *flagsets.items())
        caption = self._captions.get(key)
        if caption is None:
            caption = self._captions[key] = self._caption(len(section.cookies), flagsets)
        anchor_bytes = anchor.encode()
        return self._head % (anchor_bytes, anchor_bytes, anchor_bytes, escaped_site, caption)

    def _caption(self, cookies: int, flagsets: dict[tuple[str, ...], int]) -> bytes:
        """What a site's table holds: ``3 cookies · 1 tracker``."""
        counts = dict.fromkeys(FLAG_LABELS, 0)
        for flags, count in flagsets.items():
            for flag in flags:
                counts[flag] += count
        said = [counted(cookies, self._forms["cookie"])]
        said.extend(counted(counts[flag], forms) for flag, forms in SITE_COUNTS if counts[flag])
        return e(" · ".join(said)).encode("utf-8")

    def _extra(self, item: CookieItem) -> bytes:
        """The record's summary and the value, for a cookie with either."""
        record = item.finding.info.consent_record
        return b"".join(
            [
                b'<dl class="extra">',
                b"" if record is None else self._record + _utf8(record.summary()) + b"</dd>",
                b"" if item.value is None else self._value_entry(item),
                b"</dl>",
            ]
        )

    def _shared(self, item: CookieItem, key: tuple[int, ...]) -> tuple[Any, ...]:
        """The parts of the row shared by the cookies of one attribution, party and
        labels, escaped and encoded ("what it is" with holes for the site and name)."""
        info = item.finding.info
        texts = self._texts.get(key[:2]) or self._kind_texts(info, key[:2])
        found = (
            (item.flags, info.party, info.consent_role),  # alive while their ids name them
            _labels(item.flags, info).encode(),
            *texts,
        )
        self._parts[key] = found
        return found

    def _kind_texts(self, info: Classification, key: tuple[int, ...]) -> tuple[Any, ...]:
        """What it is, with holes for the site and the name, and the receiver with the
        note, for the cookies of one attribution and party."""
        who, how_to_object = self.explainer.general(info)
        note = self.notes.refer(who, how_to_object, info.organization)
        what = self.explainer.shared(info).what
        found = self._texts[key] = (
            tuple(tuple(e(text).encode() for text in part) for part in what),
            f"{_receiver_of(info.organization)}<br>{note}".encode(),
        )
        return found

    def _kind(self, attribution: Attribution) -> int:
        """A number for what the attribution is (:func:`attribution_key`)."""
        self._kept.append(attribution)
        numbers = self._kind_numbers
        found = numbers.setdefault(attribution_key(attribution), len(numbers))
        self._kinds[id(attribution)] = found
        return found

    def _store(self, cookie: Cookie) -> bytes:
        store = cookie.store
        where = f" · {store.browser} ({store.profile})" if self.several else ""
        self._kept.append(store)  # its id names it while the report is written
        found = self._stores[id(store)] = _utf8(where)
        return found

    def _escape(self, text: str) -> bytes:
        """A sentence of how long a cookie stays, escaped (remembered: few sentences, many
        cookies)."""
        if len(self._how_long) >= _SENTENCES_KEPT:
            self._how_long.clear()
        found = self._how_long[text] = e(text).encode()
        return found

    def _value_entry(self, item: CookieItem) -> bytes:
        return (self._value + _value(item) + "</dd>").encode("utf-8")


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


def _receiver_of(organization: Organization | None) -> str:
    if organization is not None:
        return e(organization.name)
    return f'<span class="muted">{e(_("the site itself"))}</span>'


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
