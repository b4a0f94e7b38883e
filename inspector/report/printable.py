"""The printed report (PDF): a document a person or an authority reads, not a data dump.

It says what was found in figures and charts, lists every contradiction with its evidence,
the consent choices that could be read, the companies receiving data and one row per site,
and explains the purposes and the reader's rights once. Each cookie explained in full stays
in the HTML, JSON and CSV reports.

This module only decides what the document says, as typed blocks; ``inspector.gui.pdf_report``
lays them out on pages with Qt. No Qt here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from inspector.consent.model import Role
from inspector.contradictions import Evidence, Violation
from inspector.explain import purpose_reason, rights_text
from inspector.i18n import N_, _, ngettext
from inspector.localeformat import format_date, format_number
from inspector.purposes import Purpose
from inspector.report.charts import LIFETIME_COLOURS, ORGANISATION_COLOUR, PURPOSE_COLOURS
from inspector.report.model import (
    Bar,
    ConsentItem,
    DeletionItem,
    OrganisationSection,
    Report,
)
from inspector.report.redact import tilde
from inspector.summary import SiteSummary, summarise

#: Companies named in a site's row; the others are counted.
COMPANIES_PER_SITE = 3
#: Sites named in a company's row; the others are counted.
SITES_PER_COMPANY = 4


class Tone(StrEnum):
    """How a paragraph, a figure or a table row stands out."""

    NORMAL = "normal"
    ALERT = "alert"
    MUTED = "muted"


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    tone: Tone = Tone.NORMAL


@dataclass(frozen=True, slots=True)
class Figure:
    number: int
    label: str
    tone: Tone = Tone.NORMAL


@dataclass(frozen=True, slots=True)
class FigureGrid:
    figures: tuple[Figure, ...]


@dataclass(frozen=True, slots=True)
class ChartBar:
    label: str
    count: int
    colour: str  # "#rrggbb"


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    bars: tuple[ChartBar, ...]


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    weight: float  # share of the page width, relative to the other columns
    numeric: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[str, ...]
    tone: Tone = Tone.NORMAL


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Terms:
    """Terms and what they mean (a definition list)."""

    items: tuple[tuple[str, str], ...]


Block = Heading | Paragraph | FigureGrid | Chart | Table | Terms


@dataclass(frozen=True, slots=True)
class PrintedReport:
    title: str
    footer: str  # on every page, beside the page number
    blocks: tuple[Block, ...]


def day(moment: datetime | None) -> str:
    """The day in UTC, as the user's language writes it (``27 November 2026``), or a dash."""
    if moment is None:
        return "—"
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return format_date(moment.date())


def printable(report: Report) -> PrintedReport:
    """What the PDF says, in reading order."""
    blocks: list[Block] = []
    for section in (
        _introduction,
        _summary,
        _charts,
        _contradictions,
        _consent,
        _companies,
        _sites,
        _purposes_and_rights,
        _deletions,
        _stores,
    ):
        blocks.extend(section(report))
    title = _("Cookie report, {date}").format(date=day(report.generated))
    footer = _("Cookie Inspector {version} · catalogue {catalogue} · {date}").format(
        version=report.program_version,
        catalogue=report.catalogue_version,
        date=day(report.generated),
    )
    return PrintedReport(title, footer, tuple(blocks))


def _introduction(report: Report) -> Iterable[Block]:
    yield Heading(_("The cookies in your browsers"), 0)
    profiles = len(report.analysis.scan.results)
    yield Paragraph(
        ngettext(
            "Made on {date} from {count} browser profile on this computer; nothing was "
            "changed. It shows what sites left there, who receives data through it, and "
            "whether it matches the choices you made on those sites.",
            "Made on {date} from {count} browser profiles on this computer; nothing was "
            "changed. It shows what sites left there, who receives data through it, and "
            "whether it matches the choices you made on those sites.",
            profiles,
        ).format(date=day(report.generated), count=profiles)
    )
    if report.include_values:
        yield Paragraph(
            _("Cookie values are never printed; the HTML, JSON and CSV reports can hold them."),
            Tone.MUTED,
        )


def _summary(report: Report) -> Iterable[Block]:
    f = report.figures
    yield Heading(_("Summary"))
    yield FigureGrid(
        (
            Figure(f.cookies, _("cookies")),
            Figure(f.sites, _("sites")),
            Figure(f.trackers, _("trackers (analytics or advertising)"), _alert(f.trackers)),
            Figure(f.organizations, _("companies receiving data")),
            Figure(f.consent_records, _("consent records")),
            Figure(
                f.past_13_months,
                _("cookies needing consent kept past 13 months"),
                _alert(f.past_13_months),
            ),
            Figure(
                f.contradictions,
                _("cookies contradicting your refusals"),
                _alert(f.contradictions),
            ),
            Figure(f.third_party, _("third-party cookies")),
        )
    )
    if f.failed_stores:
        yield Paragraph(
            ngettext(
                "{count} browser profile could not be read; its cookies are missing. The "
                "reason is under “Browsers read”.",
                "{count} browser profiles could not be read; their cookies are missing. The "
                "reasons are under “Browsers read”.",
                f.failed_stores,
            ).format(count=f.failed_stores),
            Tone.ALERT,
        )


def _alert(count: int) -> Tone:
    return Tone.ALERT if count else Tone.NORMAL


def _charts(report: Report) -> Iterable[Block]:
    if not report.figures.cookies:
        return
    yield Heading(_("At a glance"))
    yield Chart(_("Cookies by purpose"), _bars(report.by_purpose, PURPOSE_COLOURS))
    if report.top_organisations:
        yield Chart(
            _("Companies receiving data through the most cookies"),
            _bars(report.top_organisations, {}),
        )
    yield Chart(_("How long cookies are set to last"), _bars(report.lifetimes, LIFETIME_COLOURS))


def _bars(bars: Sequence[Bar], colours: dict[str, str]) -> tuple[ChartBar, ...]:
    return tuple(ChartBar(b.label, b.count, colours.get(b.key, ORGANISATION_COLOUR)) for b in bars)


def _contradictions(report: Report) -> Iterable[Block]:
    yield Heading(_("Where your refusals were not respected"))
    if report.unread_note is not None:
        yield Paragraph(report.unread_note)
    if not report.contradictions:
        yield Paragraph(
            _(
                "No contradiction was found: on the sites whose consent records could be "
                "read, no cookie of a refused purpose is stored."
            )
        )
        return
    yield Paragraph(
        _(
            "A consent banner stores your answer in a cookie. Where that record says you "
            "refused a purpose (or an advertising vendor), a cookie of that purpose on the same "
            "site contradicts it. Each row names the record, the dates and the cookie."
        )
    )
    yield Terms(tuple((_evidence_word(e), _(_EVIDENCE_TERMS[e])) for e in Evidence))
    yield Table(
        (
            Column(_("Site"), 15),
            Column(_("Cookie"), 14),
            Column(_("Company"), 11),
            Column(_("You refused"), 11),
            Column(_("Refusal recorded"), 15),
            Column(_("Cookie created"), 11),
            Column(_("Evidence"), 8),
            Column(_("Browser"), 15),
        ),
        tuple(_contradiction_row(v) for v in report.contradictions),
    )


_EVIDENCE_TERMS = {
    Evidence.SET_AFTER_REFUSAL: N_("the cookie was created after your refusal was recorded."),
    Evidence.PRESENT_DESPITE_REFUSAL: N_(
        "the cookie is older than your refusal and was not removed (the site may simply not "
        "have cleaned up)."
    ),
}


def _evidence_word(evidence: Evidence) -> str:
    return _("Strong") if evidence is Evidence.SET_AFTER_REFUSAL else _("Weaker")


def _contradiction_row(violation: Violation) -> Row:
    cookie, info = violation.finding.cookie, violation.finding.info
    organization = info.organization
    # the host only when the cookie belongs to another site (partitioned under this one)
    name = cookie.name if info.site == violation.site else f"{cookie.name}\n{cookie.host}"
    refused = violation.vendor or violation.refused_purpose.short_label
    strong = violation.evidence is Evidence.SET_AFTER_REFUSAL
    return Row(
        (
            violation.site,
            name,
            organization.name if organization else "—",
            refused,
            f"{violation.cmp}\n{day(violation.choice_time)}",
            day(cookie.created),
            _evidence_word(violation.evidence),
            f"{cookie.store.browser}\n{cookie.store.profile}",
        ),
        Tone.ALERT if strong else Tone.NORMAL,
    )


def _consent(report: Report) -> Iterable[Block]:
    yield Heading(_("Your consent choices"))
    readable = [item for item in report.consent if _stated(item)]
    if not report.consent:
        yield Paragraph(_("No consent or refusal record was found among the cookies."))
        return
    yield Paragraph(
        _(
            "The answers you gave to cookie banners, as the sites stored them. Cookie "
            "Inspector keeps these records when it deletes trackers, so that sites remember "
            "your refusals."
        )
    )
    if readable:
        yield Table(
            (
                Column(_("Site"), 18),
                Column(_("Recorded by"), 16),
                Column(_("What the record says"), 40),
                Column(_("Recorded on"), 12),
                Column(_("Browser"), 14),
            ),
            tuple(_consent_row(item) for item in readable),
        )
    unread = len(report.consent) - len(readable)
    if unread:
        yield Paragraph(
            ngettext(
                "{count} more consent record could not be read or states no choice.",
                "{count} more consent records could not be read or state no choice.",
                unread,
            ).format(count=unread),
            Tone.MUTED,
        )


def _stated(item: ConsentItem) -> bool:
    record = item.record
    return record is not None and record.readable and record.role is not Role.UNKNOWN


def _consent_row(item: ConsentItem) -> Row:
    record, cookie = item.record, item.finding.cookie
    assert record is not None
    return Row(
        (
            item.finding.info.site,
            f"{record.platform_name}\n{cookie.name}",
            record.summary(),
            day(record.choice_time),
            f"{cookie.store.browser}\n{cookie.store.profile}",
        ),
        Tone.NORMAL,
    )


def _companies(report: Report) -> Iterable[Block]:
    receiving = report.summary.organizations
    sections = sorted(
        (s for s in report.organisations if s.organization.name in receiving),
        key=lambda s: (-receiving[s.organization.name], s.organization.name),
    )  # most cookies sending data first, as the chart
    yield Heading(_("Companies receiving data"))
    if not sections:
        yield Paragraph(
            _(
                "As far as the catalogue knows, no cookie sends data to a company other than "
                "the site."
            )
        )
        return
    yield Paragraph(
        _(
            "Companies that receive what their cookies carry (necessary cookies and consent "
            "records left out), where they are based, and where to object."
        )
    )
    yield Table(
        (
            Column(_("Company"), 17),
            Column(_("Based in"), 11),
            Column(_("Cookies"), 8, numeric=True),
            Column(_("Purposes"), 17),
            Column(_("Found on"), 22),
            Column(_("How to object"), 25),
        ),
        tuple(_company_row(section, receiving[section.organization.name]) for section in sections),
    )


def _company_row(section: OrganisationSection, cookies: int) -> Row:
    organization = section.organization
    purposes = ", ".join(
        p.short_label
        for p in section.purposes
        if not p.strictly_necessary and p is not Purpose.CONSENT
    )
    return Row(
        (
            organization.name,
            section.country_name or "—",
            format_number(cookies),
            purposes,
            _named(section.sites, SITES_PER_COMPANY),
            organization.opt_out or organization.privacy_policy or "—",
        )
    )


def _named(names: Sequence[str], shown: int) -> str:
    if len(names) <= shown:
        return ", ".join(names)
    rest = len(names) - shown
    return ngettext("{names} and {count} more", "{names} and {count} more", rest).format(
        names=", ".join(names[:shown]), count=rest
    )


def _sites(report: Report) -> Iterable[Block]:
    # the report's summary leaves the sites' rows out (other formats list every cookie)
    sites = sorted(report.summary.sites or summarise(report.analysis).sites, key=lambda s: s.site)
    yield Heading(_("Sites"))
    if not sites:
        yield Paragraph(_("No cookie was found."))
        return
    yield Paragraph(
        _(
            "One row per site (registrable domain), in alphabetical order: its cookies by "
            "purpose, the companies receiving data through them, what its consent records "
            "say, cookies needing consent kept past 13 months, and contradictions."
        )
    )
    yield Table(
        (
            Column(_("Site"), 19),
            Column(_("Cookies"), 8, numeric=True),
            Column(_("Purposes"), 25),
            Column(_("Companies"), 18),
            Column(_("Your choice"), 11),
            Column(_("Past 13 months"), 8, numeric=True),
            Column(_("Contradictions"), 11, numeric=True),
        ),
        tuple(_site_row(site) for site in sites),
    )


def _site_row(site: SiteSummary) -> Row:
    purposes = ", ".join(
        f"{purpose.short_label} {format_number(count)}"
        for purpose, count in site.purposes.most_common()
    )
    return Row(
        (
            site.site,
            format_number(site.count),
            purposes,
            _named(sorted(site.receiving_organizations), COMPANIES_PER_SITE) or "—",
            site.consent_status.label,
            format_number(site.kept_too_long) if site.kept_too_long else "—",
            format_number(site.violations) if site.violations else "—",
        ),
        Tone.ALERT if site.violations else Tone.NORMAL,
    )


def _purposes_and_rights(report: Report) -> Iterable[Block]:
    present = [p for p in Purpose if report.summary.purposes[p]]
    yield Heading(_("What the purposes mean"))
    yield Terms(tuple((p.short_label, purpose_reason(p)) for p in present or Purpose))
    yield Heading(_("Your rights"))
    yield Paragraph(rights_text(_("each site and company in this report"), plural=True))
    yield Paragraph(
        _(
            "To complain to a data-protection authority, attach this report, say which site "
            "and which contradiction you mean, and keep the consent records: deleting them "
            "erases the proof of your refusal. The report shows what was stored on this "
            "computer when it was made, not what your browser sent."
        )
    )


def _deletions(report: Report) -> Iterable[Block]:
    if not report.deletions:
        return
    yield Heading(_("Deletions made with Cookie Inspector"))
    yield Table(
        (
            Column(_("Date"), 18),
            Column(_("What"), 34),
            Column(_("Status"), 30),
            Column(_("Cookies"), 10, numeric=True),
        ),
        tuple(_deletion_row(item) for item in report.deletions),
    )


def _deletion_row(item: DeletionItem) -> Row:
    words = item.status_words or item.status
    status = f"{words}\n{item.note}" if item.note else words
    return Row((day(item.created), item.description, status, format_number(item.cookies)))


def _stores(report: Report) -> Iterable[Block]:
    results = report.analysis.scan.results
    yield Heading(_("Browsers read"))
    if not results:
        yield Paragraph(_("No browser profile was found on this computer."))
        return
    yield Table(
        (
            Column(_("Browser"), 16),
            Column(_("Profile"), 14),
            Column(_("File (~ is your home folder)"), 42),
            Column(_("Cookies"), 9, numeric=True),
            Column(_("Result"), 19),
        ),
        tuple(
            Row(
                (
                    r.store.browser,
                    r.store.profile,
                    tilde(str(r.store.path)),
                    format_number(len(r.cookies)),
                    tilde(r.error) if r.error else _("read"),
                ),
                Tone.ALERT if r.error else Tone.NORMAL,
            )
            for r in results
        ),
    )
