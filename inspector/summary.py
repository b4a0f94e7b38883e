"""The one summary of an analysis: the figures, charts and per-site rows that the window and
every report show.

Computed in one pass over the findings, so the overview, the HTML, JSON, CSV and PDF reports
count the same things the same way; they only choose the words (the ``label`` properties give
the shared ones). Pure Python, no Qt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from inspector.analysis import Analysis, Finding
from inspector.classify import Attribution, Classification, Lifetime, Party
from inspector.consent.model import Role
from inspector.i18n import N_, _
from inspector.purposes import Purpose


class LifetimeBucket(StrEnum):
    """How long a cookie stays, in the buckets of the lifetime chart (total lifetime:
    expiry minus creation). ``PAST_13_MONTHS`` uses the classifier's calendar test."""

    SESSION = "session"
    UNDER_A_DAY = "under_a_day"
    UNDER_A_MONTH = "under_a_month"
    UNDER_A_YEAR = "under_a_year"
    UP_TO_13_MONTHS = "up_to_13_months"
    PAST_13_MONTHS = "past_13_months"

    @property
    def label(self) -> str:
        return _(_LIFETIME_LABELS[self])


_LIFETIME_LABELS: Mapping[LifetimeBucket, str] = {
    LifetimeBucket.SESSION: N_("Session"),
    LifetimeBucket.UNDER_A_DAY: N_("Under a day"),
    LifetimeBucket.UNDER_A_MONTH: N_("Under a month"),
    LifetimeBucket.UNDER_A_YEAR: N_("Under a year"),
    LifetimeBucket.UP_TO_13_MONTHS: N_("Up to 13 months"),
    LifetimeBucket.PAST_13_MONTHS: N_("Past 13 months"),
}

#: (upper limit in days, exclusive; bucket) for cookies with an expiry within 13 months.
_LIFETIME_LIMITS: tuple[tuple[float, LifetimeBucket], ...] = (
    (1.0, LifetimeBucket.UNDER_A_DAY),
    (31.0, LifetimeBucket.UNDER_A_MONTH),
    (366.0, LifetimeBucket.UNDER_A_YEAR),
)


def lifetime_bucket(info: Classification) -> LifetimeBucket:
    """The lifetime bucket of one classified cookie."""
    if info.lifetime is Lifetime.SESSION:
        return LifetimeBucket.SESSION
    if info.exceeds_13_months:
        return LifetimeBucket.PAST_13_MONTHS
    days = info.lifetime_days or 0.0
    for limit, bucket in _LIFETIME_LIMITS:
        if days < limit:
            return bucket
    return LifetimeBucket.UP_TO_13_MONTHS


def receiving_organization(info: Classification) -> str | None:
    """The organisation receiving data through the cookie, if any: every purpose counts but
    the strictly necessary ones and consent records."""
    purpose = info.purpose
    if info.organization is None or purpose.strictly_necessary or purpose is Purpose.CONSENT:
        return None
    return info.organization.name


def kept_too_long(info: Classification) -> bool:
    """A cookie that needs consent (analytics, advertising, social) kept past 13 months.

    The 13-month limit is for such cookies: a language preference, a consent record or an
    ad network's opt-out living longer is not counted.
    """
    return info.exceeds_13_months and info.purpose.needs_consent


class SiteConsent(StrEnum):
    """What a site's consent records say, in one word for the site list."""

    CONTRADICTED = "contradicted"
    NO_RECORD = "no_record"
    REFUSED = "refused"
    ACCEPTED = "accepted"
    PARTLY_REFUSED = "partly_refused"
    RECORDED = "recorded"

    @property
    def label(self) -> str:
        return _(_SITE_CONSENT_LABELS[self])


_SITE_CONSENT_LABELS: Mapping[SiteConsent, str] = {
    SiteConsent.CONTRADICTED: N_("Contradicted"),
    SiteConsent.NO_RECORD: N_("No record"),
    SiteConsent.REFUSED: N_("Refused"),
    SiteConsent.ACCEPTED: N_("Accepted"),
    SiteConsent.PARTLY_REFUSED: N_("Partly refused"),
    SiteConsent.RECORDED: N_("Recorded"),
}


def site_consent(roles: frozenset[Role], contradictions: int) -> SiteConsent:
    """The site's consent status from the roles of its records and its contradictions."""
    if contradictions:
        return SiteConsent.CONTRADICTED
    if not roles:
        return SiteConsent.NO_RECORD
    if roles == {Role.REFUSAL}:
        return SiteConsent.REFUSED
    if Role.REFUSAL in roles or Role.MIXED in roles:
        return SiteConsent.PARTLY_REFUSED
    if Role.CONSENT in roles:
        return SiteConsent.ACCEPTED
    return SiteConsent.RECORDED


@dataclass(frozen=True, slots=True)
class SiteSummary:
    """One site (registrable domain): its cookies and what they amount to."""

    site: str
    findings: tuple[Finding, ...]
    purposes: Counter[Purpose]
    organizations: frozenset[str]
    receiving_organizations: frozenset[str]
    consent_roles: frozenset[Role]
    violations: int
    browsers: frozenset[str]
    third_party: int
    kept_too_long: int

    @property
    def count(self) -> int:
        return len(self.findings)

    @property
    def trackers(self) -> int:
        return self.purposes[Purpose.ANALYTICS] + self.purposes[Purpose.ADVERTISING]

    @property
    def consent_status(self) -> SiteConsent:
        return site_consent(self.consent_roles, self.violations)


@dataclass(frozen=True, slots=True)
class Figures:
    """The headline numbers."""

    cookies: int
    sites: int
    trackers: int
    organizations: int  # companies receiving data (see receiving_organization)
    consent_records: int
    past_13_months: int  # cookies needing consent kept past 13 months (see kept_too_long)
    contradictions: int
    contradiction_sites: int
    third_party: int
    stores: int
    failed_stores: int


@dataclass(frozen=True, slots=True)
class Summary:
    """Everything the overview and the reports count, computed in one pass."""

    figures: Figures
    purposes: Counter[Purpose]
    organizations: Counter[str]  # cookies per company receiving data
    lifetimes: Counter[LifetimeBucket]
    browsers: Counter[str]
    sites: tuple[SiteSummary, ...]  # most cookies first, then by name


@dataclass(frozen=True, slots=True)
class ViewData(Summary):
    """The summary plus what the window's search-as-you-type compares against."""

    search_keys: tuple[str, ...] = ()


#: the purposes whose organisation receives data (see receiving_organization)
_RECEIVING = frozenset(p for p in Purpose if not p.strictly_necessary and p is not Purpose.CONSENT)
_NEEDS_CONSENT = frozenset(p for p in Purpose if p.needs_consent)


def _site_summary(
    site: str, findings: list[Finding], violations: int, shared: dict[Any, Any]
) -> SiteSummary:
    """One site's summary (the sets that many sites have alike are one shared set: tens of
    thousands of sites would otherwise hold as many copies)."""
    purposes: Counter[Purpose] = Counter()
    organizations: set[str] = set()
    receiving: set[str] = set()
    roles: set[Role] = set()
    browsers: set[str] = set()
    third_party = too_long = 0
    third = Party.THIRD
    for finding in findings:
        info = finding.info
        attribution = info.attribution
        purpose = attribution.purpose
        purposes[purpose] += 1
        organization = attribution.organization
        if organization is not None:
            organizations.add(organization.name)
            if purpose in _RECEIVING:  # receiving_organization, inlined
                receiving.add(organization.name)
        role = info.consent_role
        if role is not None:
            roles.add(role)
        browsers.add(finding.cookie.store.browser)
        if info.place.party is third:
            third_party += 1
        if info.exceeds_13_months and purpose in _NEEDS_CONSENT:  # kept_too_long, inlined
            too_long += 1
    return SiteSummary(
        site,
        tuple(findings),
        _counts(purposes, shared),
        _one(organizations, shared),
        _one(receiving, shared),
        _one(roles, shared),
        violations,
        _one(browsers, shared),
        third_party,
        too_long,
    )


def _counts(purposes: Counter[Purpose], shared: dict[Any, Any]) -> Counter[Purpose]:
    """The one counter of sites whose cookies have the same purposes, as many times each
    (about 8 MB fewer for 30,000 sites): read, never changed, by whoever uses a summary."""
    found: Counter[Purpose] = shared.setdefault(("purposes", frozenset(purposes.items())), purposes)
    return found


def _one(items: set[Any], shared: dict[Any, Any]) -> frozenset[Any]:
    frozen = frozenset(items)
    found: frozenset[Any] = shared.setdefault(frozen, frozen)
    return found


def summarise(analysis: Analysis, *, sites: bool = True) -> Summary:
    """The summary of an analysis; ``sites=False`` leaves :attr:`Summary.sites` empty (the
    figures are the same), for a caller that does not show the sites' rows."""
    if not sites:
        return _figures_only(analysis)
    groups: dict[str, list[Finding]] = {}
    organizations: Counter[str] = Counter()
    lifetimes: Counter[LifetimeBucket] = Counter()
    for finding in analysis.findings:
        info = finding.info
        site = info.place.site
        group = groups.get(site)
        if group is None:
            groups[site] = [finding]
        else:
            group.append(finding)
        lifetimes[lifetime_bucket(info)] += 1
        attribution = info.attribution
        if attribution.organization is not None and attribution.purpose in _RECEIVING:
            organizations[attribution.organization.name] += 1
    violations = Counter(violation.site for violation in analysis.violations)
    shared: dict[Any, Any] = {}
    summaries = sorted(
        (_site_summary(site, group, violations[site], shared) for site, group in groups.items()),
        key=lambda s: (-len(s.findings), s.site),
    )
    purposes: Counter[Purpose] = Counter()
    for site_summary in summaries:
        purposes.update(site_summary.purposes)
    figures = _figures(
        analysis,
        purposes,
        organizations,
        len(summaries),
        sum(site.kept_too_long for site in summaries),
        sum(site.third_party for site in summaries),
        len(violations),
    )
    return Summary(
        figures, purposes, organizations, lifetimes, by_browser(analysis), tuple(summaries)
    )


def _figures_only(analysis: Analysis) -> Summary:
    """:func:`summarise` without the sites' rows: the same counts, in one pass."""
    purposes: Counter[Purpose] = Counter()
    organizations: Counter[str] = Counter()
    lifetimes: Counter[LifetimeBucket] = Counter()
    sites: set[str] = set()
    too_long = third_party = 0
    third = Party.THIRD
    for finding in analysis.findings:
        info = finding.info
        attribution, place = info.attribution, info.place
        purpose = attribution.purpose
        purposes[purpose] += 1
        sites.add(place.site)
        lifetimes[lifetime_bucket(info)] += 1
        if attribution.organization is not None and purpose in _RECEIVING:
            organizations[attribution.organization.name] += 1
        if place.party is third:
            third_party += 1
        if info.exceeds_13_months and purpose in _NEEDS_CONSENT:
            too_long += 1
    violations = len({violation.site for violation in analysis.violations})
    figures = _figures(
        analysis, purposes, organizations, len(sites), too_long, third_party, violations
    )
    return Summary(figures, purposes, organizations, lifetimes, by_browser(analysis), ())


def _figures(
    analysis: Analysis,
    purposes: Counter[Purpose],
    organizations: Counter[str],
    sites: int,
    too_long: int,
    third_party: int,
    contradiction_sites: int,
) -> Figures:
    return Figures(
        cookies=len(analysis.findings),
        sites=sites,
        trackers=purposes[Purpose.ANALYTICS] + purposes[Purpose.ADVERTISING],
        organizations=len(organizations),
        consent_records=purposes[Purpose.CONSENT],
        past_13_months=too_long,
        contradictions=len(analysis.violations),
        contradiction_sites=contradiction_sites,
        third_party=third_party,
        stores=len(analysis.scan.results),
        failed_stores=len(analysis.scan.failed),
    )


def by_browser(analysis: Analysis) -> Counter[str]:
    """Cookies per browser (display name), failed stores counting none."""
    counts: Counter[str] = Counter()
    for result in analysis.scan.results:
        counts[result.store.browser] += len(result.cookies)
    return counts


def receiving_organizations(findings: Iterable[Finding]) -> Counter[str]:
    """Cookies per organisation receiving data through them (:func:`receiving_organization`)."""
    counts: Counter[str] = Counter()
    for finding in findings:
        receiving = receiving_organization(finding.info)
        if receiving is not None:
            counts[receiving] += 1
    return counts


def search_key(finding: Finding) -> str:
    """What search-as-you-type compares against: name, host, purpose, company, service."""
    attribution, cookie = finding.info.attribution, finding.cookie
    purpose = attribution.purpose
    parts = [cookie.name, cookie.host, purpose.value, purpose.label, purpose.short_label]
    if attribution.organization is not None:
        parts.append(attribution.organization.name)
    if attribution.service is not None:
        parts.append(attribution.service.name)
    return " ".join(parts).lower()


class CookieKeys:
    """What search-as-you-type compares the cookies against, lowercase: each cookie's own
    words (name and host), and its attribution's (purpose, company, service) as one string
    that every cookie with that attribution shares. One string per cookie holding both cost
    twice the memory (about 12 MB per 100,000 cookies), for no better answer."""

    __slots__ = ("_distinct", "own", "shared")

    def __init__(self, own: tuple[str, ...], shared: tuple[str, ...]) -> None:
        if len(own) != len(shared):
            raise ValueError("one own key and one shared key per cookie")
        self.own, self.shared = own, shared
        self._distinct = frozenset(shared)

    def __len__(self) -> int:
        return len(self.own)

    def find(self, text: str, items: Iterable[int]) -> list[int]:
        """The items (indices of cookies) whose words contain ``text``, in their order."""
        own, shared = self.own, self.shared
        wanted = {key for key in self._distinct if text in key}
        if not wanted:
            return [i for i in items if text in own[i]]
        return [i for i in items if text in own[i] or shared[i] in wanted]


def cookie_keys(findings: Iterable[Finding]) -> CookieKeys:
    """The :class:`CookieKeys` of ``findings``, in their order (:func:`search_key`'s words)."""
    own: list[str] = []
    shared: list[str] = []
    made: dict[int, tuple[object, str]] = {}  # by attribution (the classifier shares them)
    texts: dict[str, str] = {}
    for finding in findings:
        attribution, cookie = finding.info.attribution, finding.cookie
        found = made.get(id(attribution))
        if found is None or found[0] is not attribution:
            text = _attribution_words(attribution).lower()
            found = made[id(attribution)] = (attribution, texts.setdefault(text, text))
        own.append(f"{cookie.name} {cookie.host}".lower())
        shared.append(found[1])
    return CookieKeys(tuple(own), tuple(shared))


def _attribution_words(attribution: Attribution) -> str:
    purpose = attribution.purpose
    parts = [purpose.value, purpose.label, purpose.short_label]
    if attribution.organization is not None:
        parts.append(attribution.organization.name)
    if attribution.service is not None:
        parts.append(attribution.service.name)
    return " ".join(parts)


def view_data(analysis: Analysis) -> ViewData:
    """The summary and the search keys the window needs, computed off the GUI thread."""
    summary = summarise(analysis)
    return ViewData(
        summary.figures,
        summary.purposes,
        summary.organizations,
        summary.lifetimes,
        summary.browsers,
        summary.sites,
        tuple(search_key(finding) for finding in analysis.findings),
    )
