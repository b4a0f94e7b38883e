"""The report model: everything a report shows, built once from an :class:`Analysis`.

The HTML, JSON, CSV and PDF writers all read this model, so the four formats tell the same
story. Nothing here formats text for a particular output; it only selects, groups and counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any, NamedTuple

from inspector import __version__
from inspector.analysis import Analysis, Finding, unread_summary
from inspector.catalogue import Organization
from inspector.consent.model import ConsentRecord
from inspector.contradictions import Evidence, Violation
from inspector.deletion.backup import Backup, StorePart
from inspector.deletion.recovery import describe_status
from inspector.explain import Explanation, country_name, explain
from inspector.i18n import N_, _
from inspector.purposes import Purpose
from inspector.report.redact import tilde
from inspector.summary import Figures, LifetimeBucket, Summary, kept_too_long, summarise
from inspector.values import CookieValue, read_values

TOP_ORGANISATIONS = 10
DELETED_NAMES_SHOWN = 40

UNREAD_RETRY = N_(
    "Make the report again with --decrypt, or choose Allow in the window, to read them (your "
    "system may ask for permission)."
)
VALUES_WARNING = N_(
    "This report contains the values of your cookies. Some of them are sign-in tokens: anyone "
    "who gets this file may be able to use your accounts on those sites. Keep it private, "
    "share it only with people you trust, and delete it when you no longer need it."
)

EVIDENCE_LABELS: Mapping[Evidence, str] = {
    Evidence.SET_AFTER_REFUSAL: N_("Strong: the cookie was created after you refused"),
    Evidence.PRESENT_DESPITE_REFUSAL: N_(
        "Weaker: the cookie is older than your refusal and was not removed"
    ),
}


@dataclass(slots=True, unsafe_hash=True)
class CookieItem:
    """One cookie with its classification, explanation, value and contradictions. Treat as
    immutable: not frozen only because a frozen dataclass takes twice as long to build, and
    one is built per cookie."""

    finding: Finding
    value: CookieValue | None
    contradictions: tuple[Violation, ...]
    flags: tuple[str, ...] = ()  # what deserves attention (see :func:`cookie_flags`)

    @property
    def explanation(self) -> Explanation:
        """Made when a writer asks, never kept: 100,000 explanations would take most of a
        large report's memory."""
        return explain(self.finding.cookie, self.finding.info)


_FLAGS: dict[tuple[bool, ...], tuple[str, ...]] = {}


def cookie_flags(finding: Finding, contradicted: bool) -> tuple[str, ...]:
    """Short ids of what deserves attention: tracker, past_13_months, consent, ... (one
    shared tuple per combination)."""
    info = finding.info
    key = (info.is_tracker, kept_too_long(info), info.consent_role is not None, contradicted)
    found = _FLAGS.get(key)
    if found is None:
        names = ("tracker", "past_13_months", "consent_record", "contradiction")
        found = _FLAGS[key] = tuple(name for name, on in zip(names, key, strict=True) if on)
    return found


@dataclass(frozen=True, slots=True)
class SiteSection:
    """The cookies stored under one registrable domain."""

    site: str
    cookies: tuple[CookieItem, ...]

    def count(self, flag: str) -> int:
        """How many of this site's cookies carry ``flag``."""
        return sum(1 for item in self.cookies if flag in item.flags)


@dataclass(frozen=True, slots=True)
class OrganisationSection:
    """An organisation that receives data through cookies, and where its cookies were found."""

    organization: Organization
    cookies: int
    trackers: int
    sites: tuple[str, ...]
    purposes: tuple[Purpose, ...]

    @property
    def country_name(self) -> str:
        code = self.organization.country
        return country_name(code) if code else code


@dataclass(frozen=True, slots=True)
class ConsentItem:
    """A consent or refusal record found among the cookies (decoded when it could be)."""

    finding: Finding
    record: ConsentRecord | None


@dataclass(frozen=True, slots=True)
class DeletedStore:
    """What one deletion removed from one store."""

    browser: str
    profile: str
    path: str
    cookies: int
    names: tuple[str, ...]  # "host name" of the first few cookies removed


@dataclass(frozen=True, slots=True)
class DeletionItem:
    """One deletion kept in the backup folder."""

    id: str
    created: datetime
    description: str
    status: str  # a deletion.backup.BackupStatus value
    note: str
    stores: tuple[DeletedStore, ...]
    status_words: str = ""  # the status as the history dialog says it

    @property
    def cookies(self) -> int:
        return sum(store.cookies for store in self.stores)


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of a chart."""

    key: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a report shows."""

    analysis: Analysis
    generated: datetime
    program_version: str
    catalogue_version: str
    include_values: bool
    summary: Summary
    cookies: tuple[CookieItem, ...]
    sites: tuple[SiteSection, ...]
    organisations: tuple[OrganisationSection, ...]
    consent: tuple[ConsentItem, ...]
    contradictions: tuple[Violation, ...]
    deletions: tuple[DeletionItem, ...]
    by_purpose: tuple[Bar, ...]
    top_organisations: tuple[Bar, ...]
    lifetimes: tuple[Bar, ...]

    @property
    def figures(self) -> Figures:
        return self.summary.figures

    @property
    def warning(self) -> str | None:
        """The warning shown at the top when values are included."""
        return _(VALUES_WARNING) if self.include_values else None

    @property
    def unread_note(self) -> str | None:
        """Where consent choices could not be read (a missing key), and why — shown with the
        contradictions, so that their absence there is never read as "none"."""
        if not self.analysis.unread:
            return None
        return unread_summary(self.analysis, retry=UNREAD_RETRY)


def build_report(
    analysis: Analysis,
    *,
    history: Sequence[Backup] = (),
    include_values: bool = False,
    generated: datetime | None = None,
    program_version: str = __version__,
    groups: Sequence[tuple[str, Sequence[Finding]]] | None = None,
) -> Report:
    """The report model of an analysis, with the deletion history when one is given.

    With ``include_values``, values the analysis did not read are read now, never asking the
    system keyring (so no permission prompt can appear). ``groups``: the findings by site
    when already made (:func:`site_groups`).
    """
    values = _values(analysis) if include_values else {}
    by_cookie = violations_by_cookie(analysis.violations)
    summary = summarise(analysis, sites=False)  # the PDF makes its own rows
    if groups is None:
        groups = site_groups(analysis.findings)
    built = _items(groups, values, by_cookie)
    items = built.cookies
    return Report(
        analysis=analysis,
        generated=(generated or datetime.now(UTC)).astimezone(UTC),
        program_version=program_version,
        catalogue_version=analysis.catalogue_version,
        include_values=include_values,
        summary=summary,
        cookies=items,
        sites=built.sites,
        organisations=_organisations(built.by_organisation),
        consent=tuple(
            ConsentItem(i.finding, _record(i.finding))
            for i in items
            if i.finding.info.consent_role is not None
        ),
        contradictions=tuple(sorted(analysis.violations, key=_violation_order)),
        deletions=tuple(_deletion(backup) for backup in history),
        by_purpose=_by_purpose(summary),
        top_organisations=_top_organisations(summary, built.by_organisation),
        lifetimes=_lifetimes(summary),
    )


def violations_by_cookie(violations: Iterable[Violation]) -> dict[str, list[Violation]]:
    """The violations of each cookie, by its id."""
    by_cookie: dict[str, list[Violation]] = defaultdict(list)
    for violation in violations:
        by_cookie[violation.cookie_id].append(violation)
    return by_cookie


def site_sections(
    groups: Iterable[tuple[str, Sequence[Finding]]], by_cookie: Mapping[str, list[Violation]]
) -> tuple[SiteSection, ...]:
    """The sections of the sites of ``groups`` as :func:`build_report` makes them for a
    report without values (a process writing part of a report makes only its own)."""
    return _items(groups, {}, by_cookie).sites


class _Built(NamedTuple):
    cookies: tuple[CookieItem, ...]
    sites: tuple[SiteSection, ...]
    by_organisation: list[list[CookieItem]]


def _items(
    groups: Iterable[tuple[str, Sequence[Finding]]],
    values: Mapping[str, CookieValue],
    by_cookie: Mapping[str, list[Violation]],
) -> _Built:
    """Every cookie's item, site by site, in one loop that also groups them by organisation:
    the flags come from a table of what they depend on (purpose, past 13 months, consent
    role, contradicted), not from each cookie's properties."""
    flags_of: dict[tuple[object, ...], tuple[str, ...]] = {}
    by_organisation: dict[int, list[CookieItem]] = {}
    items: list[CookieItem] = []
    sites = []
    append = items.append
    # a cookie's id is a hash worked out when first asked for: only the cookies a violation
    # may name (by their name) need it here, the others' are worked out as they are written
    # (by two processes for a large HTML report)
    contradicted_names = {v.cookie_name for found in by_cookie.values() for v in found}
    for site, findings in groups:
        start = len(items)
        for finding in findings:
            info = finding.info
            attribution = info.attribution
            contradicted = False
            contradictions: tuple[Violation, ...] = ()
            value = None
            if values or (contradicted_names and finding.cookie.name in contradicted_names):
                cookie_id = finding.cookie.id
                found = by_cookie.get(cookie_id)
                if found:
                    contradictions, contradicted = tuple(found), True
                value = values.get(cookie_id)
            key = (
                attribution.purpose,
                info.exceeds_13_months,
                info.consent_role is None,
                contradicted,
            )
            flags = flags_of.get(key)
            if flags is None:
                flags = flags_of[key] = cookie_flags(finding, contradicted)
            item = CookieItem(finding, value, contradictions, flags)
            append(item)
            organization = attribution.organization
            if organization is not None:
                group = by_organisation.get(id(organization))
                if group is None:
                    by_organisation[id(organization)] = [item]
                else:
                    group.append(item)
        sites.append((site, start, len(items)))
    cookies = tuple(items)
    sections = tuple(SiteSection(site, cookies[start:end]) for site, start, end in sites)
    return _Built(cookies, sections, list(by_organisation.values()))


def _rest_of_order(finding: Finding, store_keys: dict[int, str]) -> tuple[str, str, str, str]:
    """:func:`_finding_order` without the site (``store_keys`` remembers each store's key)."""
    cookie = finding.cookie
    store = cookie.store
    store_key = store_keys.get(id(store))
    if store_key is None:
        store_key = store_keys[id(store)] = store.key
    return (cookie.name, cookie.host.lstrip(".").lower(), cookie.path, store_key)


def site_groups(findings: Sequence[Finding]) -> list[tuple[str, list[Finding]]]:
    """The findings by site, then by name, domain, path and store (:func:`_finding_order`):
    sorted by site alone first (comparing strings costs a third of comparing tuples), then
    each site's few cookies by the whole order."""
    sites = [finding.info.place.site for finding in findings]
    order = sorted(range(len(sites)), key=sites.__getitem__)
    groups: list[tuple[str, list[Finding]]] = []
    current = None
    group: list[Finding] = []
    for index in order:
        site = sites[index]
        if site != current or not groups:
            group = []
            groups.append((site, group))
            current = site
        group.append(findings[index])
    name_of = attrgetter("cookie.name")
    store_keys: dict[int, str] = {}
    for _site, group in groups:
        if len(group) > 1:  # the site is the same: the rest of the order
            names = list(map(name_of, group))
            if len(set(names)) == len(names):  # the names decide
                group.sort(key=name_of)
            else:
                group.sort(key=lambda finding: _rest_of_order(finding, store_keys))
    return groups


def _values(analysis: Analysis) -> dict[str, CookieValue]:
    values = dict(analysis.values)
    missing = [f.cookie for f in analysis.findings if f.cookie.id not in values]
    if missing:
        values.update(read_values(missing, allow_keyring=False))
    return values


def _finding_order(finding: Finding) -> tuple[str, str, str, str, str]:
    """The order of cookies in a report (:func:`site_groups` sorts by it)."""
    cookie = finding.cookie
    return (finding.info.site, cookie.name, cookie.domain, cookie.path, cookie.store.key)


def _violation_order(violation: Violation) -> tuple[int, str, str, str]:
    strength = 0 if violation.evidence is Evidence.SET_AFTER_REFUSAL else 1
    return (strength, violation.site, violation.cookie_name, violation.cookie_id)


def _record(finding: Finding) -> ConsentRecord | None:
    return finding.info.consent_record


def _organisations(groups: Iterable[list[CookieItem]]) -> tuple[OrganisationSection, ...]:
    """``groups``: the items of each organisation object, in report order."""
    merged: dict[str, list[CookieItem]] = {}  # equal organisations held twice make one
    for group in groups:
        organization = group[0].finding.info.organization
        assert organization is not None
        merged.setdefault(organization.id, []).extend(group)
    sections = [_organisation(group) for group in merged.values()]
    return tuple(sorted(sections, key=lambda s: (-s.cookies, s.organization.name)))


def _organisation(group: Sequence[CookieItem]) -> OrganisationSection:
    organization = group[0].finding.info.organization
    assert organization is not None
    purposes = {item.finding.info.purpose for item in group}
    return OrganisationSection(
        organization=organization,
        cookies=len(group),
        trackers=sum(1 for item in group if item.finding.info.is_tracker),
        sites=tuple(sorted({item.finding.info.site for item in group})),
        purposes=tuple(p for p in Purpose if p in purposes),
    )


def _by_purpose(summary: Summary) -> tuple[Bar, ...]:
    counts = summary.purposes
    return tuple(Bar(p.value, p.short_label, counts[p]) for p in Purpose if counts[p])


def _top_organisations(summary: Summary, groups: Iterable[Sequence[CookieItem]]) -> tuple[Bar, ...]:
    """The companies receiving data through the most cookies (as the window's chart);
    ``groups``: the items of each organisation, in report order."""
    ranked = sorted(summary.organizations.items(), key=lambda pair: (-pair[1], pair[0]))
    shown = dict(ranked[:TOP_ORGANISATIONS])
    ids: dict[str, str] = {}
    for group in groups:
        organization = group[0].finding.info.organization
        if organization is not None and organization.name in shown:
            ids.setdefault(organization.name, organization.id)
    return tuple(Bar(ids.get(name, name), name, count) for name, count in shown.items())


def _lifetimes(summary: Summary) -> tuple[Bar, ...]:
    counts = summary.lifetimes
    return tuple(Bar(b.value, b.label, counts[b]) for b in LifetimeBucket if counts[b])


def _deletion(backup: Backup) -> DeletionItem:
    stores = tuple(
        DeletedStore(part.browser, part.profile, tilde(part.path), part.count, _deleted_names(part))
        for part in backup.stores
    )
    return DeletionItem(
        backup.id,
        backup.created.astimezone(UTC),
        backup.description,
        backup.status,
        backup.note,
        stores,
        describe_status(backup),
    )


def _deleted_names(part: StorePart) -> tuple[str, ...]:
    """Host and name of the cookies a deletion removed (never their values)."""
    names: list[str] = []
    columns = list(part.columns)
    host_column = next((c for c in ("host_key", "host") if c in columns), None)
    if host_column is not None and "name" in columns:
        host_at, name_at = columns.index(host_column), columns.index("name")
        names.extend(f"{row[host_at]} {row[name_at]}" for row in part.rows)
    for entries in part.session_entries.values():
        names.extend(_entry_name(entry, "host") for entry in entries)
    names.extend(_entry_name(record, "domain") for record in part.safari_records)
    return tuple(names[:DELETED_NAMES_SHOWN])


def _entry_name(entry: Mapping[str, Any], host_key: str) -> str:
    return f"{entry.get(host_key, '')} {entry.get('name', '')}".strip()


def evidence_label(violation: Violation) -> str:
    """How strong the evidence of a contradiction is, in plain words."""
    return _(EVIDENCE_LABELS[violation.evidence])
