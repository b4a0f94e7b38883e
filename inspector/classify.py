"""Classify each cookie: who is behind it, why it is there, and how long it stays."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, NamedTuple

from inspector.catalogue import Catalogue, CookieRule, Organization, Service, load_catalogue
from inspector.catalogue.matcher import DomainOwner, Matcher
from inspector.heuristics import Heuristic, Heuristics, load_heuristics
from inspector.model import Cookie
from inspector.psl import registrable_domain, site_of_origin
from inspector.purposes import Purpose
from inspector.speed import collection_paused
from inspector.timeconv import to_unix_micro

MONTHS_LIMIT = 13  # the longest lifetime the cookie policy allows
_DAY_US = 86_400_000_000


class Confidence:
    CATALOGUE = "catalogue"
    DOMAIN = "domain"
    HEURISTIC = "heuristic"
    NONE = "none"


class Verdict(NamedTuple):
    """What a cookie's name and address say: shared by every cookie with the same ones."""

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
    partitioned_under: str | None  # registrable domain of the top-level site, if partitioned


class Classification:
    """A cookie's verdict plus what depends on the cookie itself: lifetime and consent."""

    __slots__ = ("consent_record", "consent_role", "exceeds_13_months", "lifetime",
                 "lifetime_days", "remaining_days", "verdict")

    def __init__(self, verdict: Verdict, consent_role: str | None, consent_record: Any,
                 lifetime: str, lifetime_days: float | None, remaining_days: float | None,
                 exceeds_13_months: bool) -> None:
        self.verdict = verdict
        self.consent_role = consent_role
        self.consent_record = consent_record  # inspector.consent.ConsentRecord or None
        self.lifetime = lifetime  # "session" or "permanent"
        self.lifetime_days = lifetime_days  # expiry minus creation
        self.remaining_days = remaining_days
        self.exceeds_13_months = exceeds_13_months

    @property
    def site(self) -> str:
        return self.verdict.site

    @property
    def party(self) -> str:
        return self.verdict.party

    @property
    def organization(self) -> Organization | None:
        return self.verdict.organization

    @property
    def service(self) -> Service | None:
        return self.verdict.service

    @property
    def purpose(self) -> Purpose:
        return self.verdict.purpose

    @property
    def confidence(self) -> str:
        return self.verdict.confidence

    @property
    def rule(self) -> str | None:
        return self.verdict.rule

    @property
    def rule_entry(self) -> CookieRule | None:
        return self.verdict.rule_entry

    @property
    def heuristic(self) -> Heuristic | None:
        return self.verdict.heuristic

    @property
    def consent_platform(self) -> str | None:
        return self.verdict.consent_platform

    @property
    def partitioned_under(self) -> str | None:
        return self.verdict.partitioned_under


    @property
    def is_tracker(self) -> bool:
        return bool(self.verdict.purpose.is_tracking)


class _Missing:
    """Marks a host not looked up yet (None means: looked up, no owner)."""


_MISSING = _Missing()

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
        self._verdicts: dict[tuple[str, str, str | None, str | None], Verdict] = {}
        self._value_dependent = self.matcher.value_dependent_names
        self._owners: dict[str, DomainOwner | None] = {}

    def needs_value(self, cookie: Cookie) -> bool:
        """Whether the value would change or complete this cookie's classification."""
        if cookie.name in self.matcher.value_dependent_names:
            return True
        return self.verdict(cookie, None).purpose is Purpose.CONSENT

    def verdict(self, cookie: Cookie, value: str | None) -> Verdict:
        if cookie.name not in self._value_dependent:
            value = None
        key = (cookie.name, cookie.host, cookie.partition_key, value)
        found = self._verdicts.get(key)
        if found is None:
            found = self._verdicts[key] = self._decide(cookie, value)
        return found

    def _owner(self, host: str) -> DomainOwner | None:
        try:
            return self._owners[host]
        except KeyError:
            owner = self._owners[host] = self.matcher.owner(host)
            return owner

    def _decide(self, cookie: Cookie, value: str | None) -> Verdict:
        name, host = cookie.name, cookie.host
        site = registrable_domain(host)
        rule = self.matcher.rule_for(name, site, value)
        owner = self._owners.get(host, _MISSING)
        if owner is _MISSING:
            owner = self._owner(host)
        assert not isinstance(owner, _Missing)
        service: Service | None
        if rule is not None:  # the common case, without the general function's call
            service = rule.service
            organization, purpose = service.organization, rule.purpose
            confidence, heuristic = Confidence.CATALOGUE, None
        else:
            organization, service, purpose, confidence, heuristic = _attribution(
                rule, owner, name, self.heuristics)
        partition_site = site_of_origin(cookie.partition_key) if cookie.partition_key else None
        third = (partition_site is not None and partition_site != site) or (
            owner is not None and owner.organization is not None)
        return Verdict(site, "third" if third else "first", organization, service, purpose,
                       confidence, rule.id if rule else (heuristic.id if heuristic else None),
                       rule, heuristic, rule.consent_platform if rule else None, partition_site)

    def classify(self, cookie: Cookie, value: str | None = None) -> Classification:
        verdict = self.verdict(cookie, value)
        if verdict.purpose is Purpose.CONSENT:
            role, record = self._consent(cookie, verdict.purpose, verdict.consent_platform, value)
        else:
            role = record = None
        lifetime_days, remaining, exceeds = self._lifetime(cookie)
        return Classification(verdict, role, record,
                              "session" if cookie.expires_us is None else "permanent",
                              lifetime_days, remaining, exceeds)

    def _consent(self, cookie: Cookie, purpose: Purpose, platform: str | None,
                 value: str | None) -> tuple[str | None, Any]:
        if purpose is not Purpose.CONSENT:
            return None, None
        if self._decode is None:
            return "unknown", None
        # without a value the record is still listed: present, choice not readable
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
        return lifetime, remaining, exceeds

    def classify_all(self, cookies: list[Cookie], values: Mapping[str, str | None] | None = None
                     ) -> list[Classification]:
        with collection_paused():
            if not values:
                return [self.classify(cookie) for cookie in cookies]
            return [self.classify(cookie, values.get(cookie.id)) for cookie in cookies]


def _attribution(rule: CookieRule | None, owner: DomainOwner | None, name: str,
                 heuristics: Heuristics
                 ) -> tuple[Organization | None, Service | None, Purpose, str, Heuristic | None]:
    """Who and why: a catalogue entry first, then the domain's owner, then the name."""
    if rule is not None:
        return (rule.service.organization, rule.service, rule.purpose, Confidence.CATALOGUE,
                None)
    if owner is not None:
        purpose = owner.service.purpose if owner.service else None
        if purpose is None and owner.organization is not None:
            purpose = owner.organization.default_purpose
        if purpose is not None:
            return owner.organization, owner.service, purpose, Confidence.DOMAIN, None
        heuristic = heuristics.guess(name)
        if heuristic is not None:
            return (owner.organization, owner.service, heuristic.purpose, Confidence.HEURISTIC,
                    heuristic)
        return owner.organization, owner.service, Purpose.UNKNOWN, Confidence.DOMAIN, None
    heuristic = heuristics.guess(name)
    if heuristic is not None:
        return None, None, heuristic.purpose, Confidence.HEURISTIC, heuristic
    return None, None, Purpose.UNKNOWN, Confidence.NONE, None
