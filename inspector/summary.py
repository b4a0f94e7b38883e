"""Figures and per-site summaries of an analysis, for the window's overview and site list."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from inspector.analysis import Analysis, Finding
from inspector.purposes import Purpose

LIFETIME_BUCKETS = (
    "Session",
    "Under a day",
    "Under a month",
    "Under a year",
    "Up to 13 months",
    "Past 13 months",
)


@dataclass
class SiteSummary:
    site: str
    findings: list[Finding] = field(default_factory=list)
    purposes: Counter[Purpose] = field(default_factory=Counter)
    organizations: set[str] = field(default_factory=set)
    consent_roles: set[str] = field(default_factory=set)
    violations: int = 0
    browsers: set[str] = field(default_factory=set)

    @property
    def count(self) -> int:
        return len(self.findings)

    @property
    def trackers(self) -> int:
        return self.purposes[Purpose.ANALYTICS] + self.purposes[Purpose.ADVERTISING]

    @property
    def consent_status(self) -> str:
        """A few words for the site list: what the site's consent records say."""
        if self.violations:
            return "Contradicted"
        roles = self.consent_roles
        if not roles:
            return "No record"
        if roles == {"refusal"}:
            return "Refused"
        if roles == {"consent"}:
            return "Accepted"
        if "refusal" in roles or "mixed" in roles:
            return "Partly refused"
        if "consent" in roles:
            return "Accepted"
        return "Recorded"


@dataclass(frozen=True)
class Figures:
    cookies: int
    sites: int
    trackers: int
    organizations: int
    consent_records: int
    past_13_months: int
    contradictions: int
    third_party: int
    stores: int
    failed_stores: int


def lifetime_bucket(finding: Finding) -> str:
    info = finding.info
    if info.lifetime == "session":
        return LIFETIME_BUCKETS[0]
    if info.exceeds_13_months:
        return LIFETIME_BUCKETS[5]
    days = info.lifetime_days or 0.0
    if days < 1:
        return LIFETIME_BUCKETS[1]
    if days < 31:
        return LIFETIME_BUCKETS[2]
    if days < 366:
        return LIFETIME_BUCKETS[3]
    return LIFETIME_BUCKETS[4]


def receiving_organizations(findings: Iterable[Finding]) -> Counter[str]:
    """Organisations that receive data through cookies other than strictly necessary ones."""
    counts: Counter[str] = Counter()
    for finding in findings:
        info = finding.info
        if (
            info.organization is not None
            and not info.purpose.strictly_necessary
            and info.purpose is not Purpose.CONSENT
        ):
            counts[info.organization.name] += 1
    return counts


def by_browser(analysis: Analysis) -> Counter[str]:
    counts: Counter[str] = Counter()
    for result in analysis.scan.results:
        counts[result.store.browser] += len(result.cookies)
    return counts


def search_key(finding: Finding) -> str:
    """What search-as-you-type compares against: name, host, purpose, company, service."""
    attribution, cookie = finding.info.attribution, finding.cookie
    parts = [cookie.name, cookie.host, attribution.purpose.value, attribution.purpose.label]
    if attribution.organization is not None:
        parts.append(attribution.organization.name)
    if attribution.service is not None:
        parts.append(attribution.service.name)
    return " ".join(parts).lower()


@dataclass
class ViewData:
    """Everything the window shows, computed in one pass off the GUI thread."""

    figures: Figures
    purposes: Counter[Purpose]
    organizations: Counter[str]
    lifetimes: Counter[str]
    browsers: Counter[str]
    sites: list[SiteSummary]
    search_keys: list[str]


def view_data(analysis: Analysis) -> ViewData:
    purposes: Counter[Purpose] = Counter()
    organizations: Counter[str] = Counter()
    lifetimes: Counter[str] = Counter()
    sites: dict[str, SiteSummary] = {}
    keys: list[str] = []
    long_lived = third = 0
    for finding in analysis.findings:
        info = finding.info
        attribution, place = info.attribution, info.place
        purpose = attribution.purpose
        purposes[purpose] += 1
        lifetimes[lifetime_bucket(finding)] += 1
        long_lived += info.exceeds_13_months
        third += place.party == "third"
        organization = attribution.organization
        if (
            organization is not None
            and not purpose.strictly_necessary
            and purpose is not Purpose.CONSENT
        ):
            organizations[organization.name] += 1
        summary = sites.get(place.site)
        if summary is None:
            summary = sites[place.site] = SiteSummary(place.site)
        summary.findings.append(finding)
        summary.purposes[purpose] += 1
        if organization is not None:
            summary.organizations.add(organization.name)
        if info.consent_role:
            summary.consent_roles.add(info.consent_role)
        summary.browsers.add(finding.cookie.store.browser)
        keys.append(search_key(finding))
    for violation in analysis.violations:
        if violation.site in sites:
            sites[violation.site].violations += 1
    numbers = Figures(
        cookies=len(analysis.findings),
        sites=len(sites),
        trackers=purposes[Purpose.ANALYTICS] + purposes[Purpose.ADVERTISING],
        organizations=len(organizations),
        consent_records=purposes[Purpose.CONSENT],
        past_13_months=long_lived,
        contradictions=len(analysis.violations),
        third_party=third,
        stores=len(analysis.scan.results),
        failed_stores=len(analysis.scan.failed),
    )
    return ViewData(
        numbers,
        purposes,
        organizations,
        lifetimes,
        by_browser(analysis),
        sorted(sites.values(), key=lambda s: (-s.count, s.site)),
        keys,
    )
