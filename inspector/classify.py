"""Classify each cookie: who is behind it, why it is there, and how long it stays."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from inspector.catalogue import Catalogue, CookieRule, Organization, Service, load_catalogue
from inspector.catalogue.matcher import DomainOwner, Matcher
from inspector.heuristics import Heuristic, Heuristics, load_heuristics
from inspector.model import Cookie
from inspector.psl import registrable_domain, site_of_origin
from inspector.purposes import Purpose
from inspector.timeconv import to_unix_micro

MONTHS_LIMIT = 13  # the longest lifetime the cookie policy allows
_DAY_US = 86_400_000_000


class Confidence:
    CATALOGUE = "catalogue"
    DOMAIN = "domain"
    HEURISTIC = "heuristic"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Classification:
    site: str
    party: str  # "first" or "third"
    organization: Organization | None
    service: Service | None
    purpose: Purpose
    confidence: str
    rule: str | None
    rule_entry: CookieRule | None
    heuristic: Heuristic | None
    consent_platform: str | None
    consent_role: str | None
    consent_record: Any  # inspector.consent.ConsentRecord, for consent cookies with a value
    lifetime: str  # "session" or "permanent"
    lifetime_days: float | None  # expiry minus creation
    remaining_days: float | None
    exceeds_13_months: bool
    partitioned_under: str | None  # registrable domain of the top-level site, if partitioned

    @property
    def is_tracker(self) -> bool:
        return self.purpose.is_tracking


ConsentDecoder = Callable[[str, str | None, str | None], Any]


def add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError(moment)  # pragma: no cover - day 28 exists in every month


def _default_consent_decoder() -> ConsentDecoder | None:
    try:
        from inspector.consent import decode_consent
    except ImportError:  # pragma: no cover - the package ships with the program
        return None

    def decode(name: str, value: str | None, platform: str | None) -> Any:
        return decode_consent(name, value, platform=platform)

    return decode


class Classifier:
    """Classifies cookies against a catalogue; cheap to call once per cookie."""

    def __init__(self, catalogue: Catalogue | None = None, heuristics: Heuristics | None = None,
                 now: datetime | None = None, consent_decoder: ConsentDecoder | None = None
                 ) -> None:
        self.catalogue = catalogue or load_catalogue()
        self.matcher = Matcher(self.catalogue)
        self.heuristics = heuristics or load_heuristics()
        self.now = now or datetime.now(UTC)
        self._now_us = to_unix_micro(self.now)
        self._decode = consent_decoder or _default_consent_decoder()
        self._cache: dict[tuple[str, str, str], tuple[CookieRule | None, DomainOwner | None,
                                                     Heuristic | None]] = {}

    def needs_value(self, cookie: Cookie) -> bool:
        """Whether the value would change or complete this cookie's classification."""
        if cookie.name in self.matcher.value_dependent_names:
            return True
        rule, _, heuristic = self._lookup(cookie.name, cookie.host, None)
        purpose = rule.purpose if rule else heuristic.purpose if heuristic else None
        return purpose is Purpose.CONSENT

    def _lookup(self, name: str, host: str, value: str | None
                ) -> tuple[CookieRule | None, DomainOwner | None, Heuristic | None]:
        key = (name, host, value if name in self.matcher.value_dependent_names else "")
        found = self._cache.get(key)  # type: ignore[arg-type]
        if found is None:
            site = registrable_domain(host)
            rule = self.matcher.rule_for(name, site, value)
            owner = self.matcher.owner(host)
            heuristic = self.heuristics.guess(name) if rule is None else None
            found = (rule, owner, heuristic)
            self._cache[key] = found  # type: ignore[index]
        return found

    def classify(self, cookie: Cookie, value: str | None = None) -> Classification:
        site = registrable_domain(cookie.host)
        rule, owner, heuristic = self._lookup(cookie.name, cookie.host, value)
        organization, service, purpose, confidence = _attribution(rule, owner, heuristic)
        partition_site = site_of_origin(cookie.partition_key) if cookie.partition_key else None
        third = (partition_site is not None and partition_site != site) or (
            owner is not None and owner.organization is not None)
        platform = rule.consent_platform if rule else None
        role, record = self._consent(cookie, purpose, platform, value)
        lifetime_days, remaining, exceeds = self._lifetime(cookie)
        return Classification(
            site=site,
            party="third" if third else "first",
            organization=organization,
            service=service,
            purpose=purpose,
            confidence=confidence,
            rule=rule.id if rule else (heuristic.id if heuristic else None),
            rule_entry=rule,
            heuristic=heuristic,
            consent_platform=platform,
            consent_role=role,
            consent_record=record,
            lifetime="session" if cookie.session else "permanent",
            lifetime_days=lifetime_days,
            remaining_days=remaining,
            exceeds_13_months=exceeds,
            partitioned_under=partition_site,
        )

    def _consent(self, cookie: Cookie, purpose: Purpose, platform: str | None,
                 value: str | None) -> tuple[str | None, Any]:
        if purpose is not Purpose.CONSENT:
            return None, None
        if self._decode is None or value is None:
            return "unknown", None
        record = self._decode(cookie.name, value, platform)
        role = getattr(record, "role", None) if record is not None else None
        return (str(role) if role else "unknown"), record

    def _lifetime(self, cookie: Cookie) -> tuple[float | None, float | None, bool]:
        expires = cookie.expires_us
        if expires is None:
            return None, None, False
        start = cookie.created_us if cookie.created_us is not None else self._now_us
        lifetime = (expires - start) / _DAY_US
        remaining = (expires - self._now_us) / _DAY_US
        if lifetime < 13 * 28:
            exceeds = False
        elif lifetime > 13 * 31 + 1:
            exceeds = True
        else:  # near the limit: count calendar months exactly
            created = cookie.created or self.now
            exceeds = cookie.expires > add_months(created, MONTHS_LIMIT)  # type: ignore[operator]
        return round(lifetime, 2), round(remaining, 2), exceeds

    def classify_all(self, cookies: list[Cookie], values: Mapping[str, str | None] | None = None
                     ) -> list[Classification]:
        values = values or {}
        return [self.classify(cookie, values.get(cookie.id)) for cookie in cookies]


def _attribution(rule: CookieRule | None, owner: DomainOwner | None, heuristic: Heuristic | None
                 ) -> tuple[Organization | None, Service | None, Purpose, str]:
    if rule is not None:
        return rule.service.organization, rule.service, rule.purpose, Confidence.CATALOGUE
    if owner is not None:
        purpose = owner.service.purpose if owner.service else None
        if purpose is None and owner.organization is not None:
            purpose = owner.organization.default_purpose
        if purpose is not None:
            return owner.organization, owner.service, purpose, Confidence.DOMAIN
        if heuristic is not None:
            return owner.organization, owner.service, heuristic.purpose, Confidence.HEURISTIC
        return owner.organization, owner.service, Purpose.UNKNOWN, Confidence.DOMAIN
    if heuristic is not None:
        return None, None, heuristic.purpose, Confidence.HEURISTIC
    return None, None, Purpose.UNKNOWN, Confidence.NONE
