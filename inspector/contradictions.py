"""Where trackers contradict the consent and refusal choices a site recorded.

For each browser profile and site, the readable consent records say which purposes the
person refused. Every cookie of a refused purpose under the same registrable domain (or
partitioned under it) is a contradiction: ``set_after_refusal`` when the cookie was created
after the choice, ``present_despite_refusal`` when it is older but still there. A purpose
that any record of the site says was accepted is left out, so nothing is claimed on mixed
evidence. For IAB TCF records, cookies of refused vendors (by their organisation) count too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from inspector.consent.model import ConsentRecord, Decision, purpose_words
from inspector.consent.vendorlist import TcfVocabulary, load_vocabulary
from inspector.i18n import _
from inspector.purposes import Purpose
from inspector.timeconv import to_unix_micro

if TYPE_CHECKING:
    from inspector.analysis import Finding

CONSENT_PURPOSES = (Purpose.ANALYTICS, Purpose.ADVERTISING, Purpose.INTERACTIVE)


class Evidence(StrEnum):
    """How strongly a cookie contradicts a refusal."""

    SET_AFTER_REFUSAL = "set_after_refusal"
    """Strong: the cookie was created after the refusal was recorded."""
    PRESENT_DESPITE_REFUSAL = "present_despite_refusal"
    """Weaker: the cookie is older than the refusal and was not removed."""


SET_AFTER = Evidence.SET_AFTER_REFUSAL
PRESENT_DESPITE = Evidence.PRESENT_DESPITE_REFUSAL


@dataclass(frozen=True, slots=True)
class Violation:
    site: str
    cmp: str  # platform name(s) of the refusing record(s)
    refused_purpose: Purpose
    cookie_id: str
    cookie_name: str
    evidence: Evidence
    choice_time: datetime | None
    finding: Finding
    vendor: str | None = None  # for TCF vendor refusals: the vendor's name

    def as_dict(self) -> dict[str, object]:
        created = self.finding.cookie.created
        return {
            "site": self.site,
            "cmp": self.cmp,
            "refused_purpose": self.refused_purpose,
            "cookie_id": self.cookie_id,
            "cookie_name": self.cookie_name,
            "evidence": self.evidence,
            "vendor": self.vendor,
            "choice_time": _iso(self.choice_time),
            "cookie_created": _iso(created),
            "organization": self.finding.info.organization.name
            if self.finding.info.organization
            else None,
            "browser": self.finding.cookie.store.browser,
            "profile": self.finding.cookie.store.profile,
        }

    def explanation(self) -> str:
        """Plain words, claiming no more than the evidence shows."""
        from inspector.localeformat import format_date, format_list  # Babel: only to write

        who = self.finding.info.organization.name if self.finding.info.organization else self.site
        what = (
            _("the vendor {vendor}").format(vendor=self.vendor)
            if self.vendor
            else purpose_words([self.refused_purpose]) or self.refused_purpose.label
        )
        platforms = self.cmp.split(", ")
        if len(platforms) == 1:
            source = _("the {platform} record").format(platform=platforms[0])
        else:
            source = _("the consent records of {platforms}").format(
                platforms=format_list(platforms)
            )
        if self.choice_time:
            refused = _("According to {source}, you refused {what} on {site} on {date}.").format(
                source=source, what=what, site=self.site, date=format_date(self.choice_time)
            )
        else:
            refused = _("According to {source}, you refused {what} on {site}.").format(
                source=source, what=what, site=self.site
            )
        if self.evidence == SET_AFTER:
            fact = _(
                "The cookie “{cookie}” ({organization}) was created after that choice, so it "
                "was set despite your refusal."
            )
        else:
            fact = _(
                "The cookie “{cookie}” ({organization}) is older than that choice but is still "
                "stored; the site did not remove it."
            )
        advice = _(
            "You can delete it here (your refusal record is kept), and if you believe the site "
            "ignored your choice you can complain to your data-protection authority, with an "
            "exported report as evidence."
        )
        return " ".join([refused, fact.format(cookie=self.cookie_name, organization=who), advice])


def _iso(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


@dataclass
class _SiteChoices:
    refused: dict[Purpose, list[ConsentRecord]]
    accepted: set[Purpose]
    refused_vendors: dict[str, tuple[str, ConsentRecord]]  # organization id → (vendor, record)


def _choices(records: Iterable[ConsentRecord], vocabulary: TcfVocabulary) -> _SiteChoices:
    choices = _SiteChoices(defaultdict(list), set(), {})
    for record in records:
        if not record.readable:
            continue
        for purpose, decision in record.decisions.items():
            app_purpose = _app_purpose(str(purpose))
            if app_purpose is None:
                continue
            if decision == Decision.ACCEPTED:
                choices.accepted.add(app_purpose)
            elif decision == Decision.REFUSED:
                choices.refused[app_purpose].append(record)
        tc = record.tcf
        if tc is not None:
            granted = tc.vendor_consents.vendor_ids | tc.vendor_legitimate_interests.vendor_ids
            for vendor in vocabulary.vendors.values():
                if vendor.id not in granted:
                    choices.refused_vendors.setdefault(vendor.organization, (vendor.name, record))
    return choices


def _app_purpose(value: str) -> Purpose | None:
    try:
        purpose = Purpose(value)
    except ValueError:
        return None
    return purpose if purpose in CONSENT_PURPOSES else None


def _evidence(
    finding: Finding, records: Sequence[ConsentRecord]
) -> tuple[Evidence, datetime | None]:
    times = [r.choice_time for r in records if r.choice_time is not None]
    latest = max(times) if times else None
    created = finding.cookie.created_us
    if latest is not None and created is not None and created > to_unix_micro(latest):
        return SET_AFTER, latest
    return PRESENT_DESPITE, latest


def find_violations(
    findings: Sequence[Finding], vocabulary: TcfVocabulary | None = None
) -> list[Violation]:
    """Every contradiction between a site's refusals and its cookies, per browser profile."""
    vocabulary = vocabulary or load_vocabulary()
    # grouped by store object (one per scanned store): cheaper than its path as text; only
    # the sites that hold a readable record are grouped at all
    records: dict[tuple[int, str], list[ConsentRecord]] = defaultdict(list)
    for finding in findings:
        record = finding.info.consent_record
        if record is not None:
            records[(id(finding.cookie.store), finding.info.place.site)].append(record)
    if not records:
        return []
    groups: dict[tuple[int, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        store, place = id(finding.cookie.store), finding.info.place
        key = (store, place.site)
        if key in records:
            groups[key].append(finding)
        under = place.partitioned_under
        if under and under != place.site and (store, under) in records:
            groups[(store, under)].append(finding)
    violations: list[Violation] = []
    for key, site_records in records.items():
        choices = _choices(site_records, vocabulary)
        violations.extend(_site_violations(key[1], groups[key], choices))
    return violations


def _site_violations(
    site: str, findings: list[Finding], choices: _SiteChoices
) -> Iterable[Violation]:
    seen: set[str] = set()
    for finding in findings:
        purpose = finding.info.purpose
        refusing = choices.refused.get(purpose) if purpose not in choices.accepted else None
        vendor = None
        if not refusing and purpose in CONSENT_PURPOSES and finding.info.organization:
            refused_vendor = choices.refused_vendors.get(finding.info.organization.id)
            if refused_vendor is not None:
                vendor, record = refused_vendor
                refusing = [record]
        if not refusing or finding.cookie.id in seen:
            continue
        seen.add(finding.cookie.id)
        evidence, when = _evidence(finding, refusing)
        cmp = ", ".join(sorted({r.platform_name for r in refusing}))
        yield Violation(
            site,
            cmp,
            purpose,
            finding.cookie.id,
            finding.cookie.name,
            evidence,
            when,
            finding,
            vendor,
        )
