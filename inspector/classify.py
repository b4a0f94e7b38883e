"""Classify each cookie: who is behind it, why it is there, and how long it stays."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from sys import intern
from typing import Any, NamedTuple

from inspector.catalogue import Catalogue, CookieRule, Organization, Service, load_catalogue
from inspector.catalogue.consent_names import ConsentNames
from inspector.catalogue.matcher import DomainOwner, Matcher
from inspector.consent.model import ConsentRecord, Role
from inspector.guess import SHARED_SITES, Guess, GuessModel, lifetime_bucket, load_guess_model
from inspector.heuristics import Heuristic, Heuristics, load_heuristics
from inspector.model import Cookie, SameSite
from inspector.psl import registrable_domain, site_of_origin
from inspector.purposes import Purpose
from inspector.speed import collection_paused
from inspector.timeconv import to_unix_micro

_NOT_ASKED: Any = object()  # a guess not asked for yet (None is an answer: no guess)
MONTHS_LIMIT = 13  # the longest lifetime the cookie policy allows
_DAY_US = 86_400_000_000


class Confidence(StrEnum):
    """Where the attribution comes from, from the surest to the least sure."""

    CATALOGUE = "catalogue"
    DOMAIN = "domain"
    HEURISTIC = "heuristic"  # the words of the name (resources/heuristics.toml)
    GUESS = "guess"  # the second opinion learnt from the catalogue (inspector/guess.py)
    NONE = "none"


#: answers good enough for a bulk deletion; heuristics and guesses never are
FIRM_CONFIDENCE = frozenset({Confidence.CATALOGUE, Confidence.DOMAIN})


class Party(StrEnum):
    """Whether the cookie belongs to the site itself or to another company."""

    FIRST = "first"
    THIRD = "third"


class Lifetime(StrEnum):
    """Whether the cookie ends with the browser session or has an expiry date."""

    SESSION = "session"
    PERMANENT = "permanent"


class Attribution(NamedTuple):
    """Who and why, from the cookie's name (and, without a catalogue entry, its domain's
    owner): shared by every cookie with the same name on the same kind of address."""

    organization: Organization | None
    service: Service | None
    purpose: Purpose
    confidence: Confidence
    rule: str | None
    rule_entry: CookieRule | None
    heuristic: Heuristic | None
    consent_platform: str | None


class Place(NamedTuple):
    """Where: the registrable domain, the owner of the host, and the partition."""

    site: str
    owner: DomainOwner | None
    party: Party
    partitioned_under: str | None  # registrable domain of the top-level site, if partitioned


class Classification:
    """A cookie's attribution and place plus what depends on the cookie itself: its lifetime
    and, for consent records, the decoded choice."""

    __slots__ = (
        "attribution",
        "consent_record",
        "consent_role",
        "exceeds_13_months",
        "lifetime",
        "lifetime_days",
        "place",
        "remaining_days",
    )

    def __init__(
        self,
        attribution: Attribution,
        place: Place,
        consent_role: Role | None,
        consent_record: ConsentRecord | None,
        lifetime: Lifetime,
        lifetime_days: float | None,
        remaining_days: float | None,
        exceeds_13_months: bool,
    ) -> None:
        self.attribution = attribution
        self.place = place
        self.consent_role = consent_role
        self.consent_record = consent_record
        self.lifetime = lifetime
        self.lifetime_days = lifetime_days  # expiry minus creation
        self.remaining_days = remaining_days
        self.exceeds_13_months = exceeds_13_months

    @property
    def site(self) -> str:
        return self.place.site

    @property
    def party(self) -> Party:
        return self.place.party

    @property
    def partitioned_under(self) -> str | None:
        return self.place.partitioned_under

    @property
    def organization(self) -> Organization | None:
        return self.attribution.organization

    @property
    def service(self) -> Service | None:
        return self.attribution.service

    @property
    def purpose(self) -> Purpose:
        return self.attribution.purpose

    @property
    def confidence(self) -> Confidence:
        return self.attribution.confidence

    @property
    def rule(self) -> str | None:
        return self.attribution.rule

    @property
    def rule_entry(self) -> CookieRule | None:
        return self.attribution.rule_entry

    @property
    def heuristic(self) -> Heuristic | None:
        return self.attribution.heuristic

    @property
    def consent_platform(self) -> str | None:
        return self.attribution.consent_platform

    @property
    def is_tracker(self) -> bool:
        return bool(self.attribution.purpose.is_tracking)

    @property
    def is_firm(self) -> bool:
        """Whether the purpose comes from the catalogue or a known domain, not a guess."""
        return self.attribution.confidence in FIRM_CONFIDENCE


ConsentDecoder = Callable[[str, str | None, str | None], ConsentRecord | None]


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

    def decode(name: str, value: str | None, platform: str | None) -> ConsentRecord | None:
        return decode_consent(name, value, platform=platform)

    return decode


class Classifier:
    """Classifies cookies against a catalogue; cheap to call once per cookie."""

    def __init__(
        self,
        catalogue: Catalogue | None = None,
        heuristics: Heuristics | None = None,
        now: datetime | None = None,
        consent_decoder: ConsentDecoder | None = None,
        guesser: GuessModel | None = None,
        *,
        use_guess: bool = True,
        data_dir: Path | None = None,
    ) -> None:
        """``data_dir``: the person's data folder, where what is derived from the program's
        own files is kept between runs (the compiled guess model: inspector.guess)."""
        self.catalogue = catalogue or load_catalogue()
        # the second opinion for what nothing else knows (confidence "guess"): the shipped
        # model is read when a cookie first needs it (see ``guesser``)
        self._data_dir = data_dir
        if guesser is not None or not use_guess:
            self.__dict__["guesser"] = guesser if use_guess else None
        self.matcher = Matcher(self.catalogue)
        self.heuristics = heuristics or load_heuristics()
        self.now = now or datetime.now(UTC)
        self._now_us = to_unix_micro(self.now)
        self._decode = consent_decoder or _default_consent_decoder()
        self.consent_names = ConsentNames(self.catalogue)
        self.visited_sites: frozenset[str] | None = None
        # names held by cookies of several sites in the last scan (a feature of the guess)
        self.shared_names: frozenset[str] = frozenset()
        self._places: dict[tuple[str, str | None], Place] = {}
        self._attributions: dict[tuple[str, str, DomainOwner | None, str | None], Attribution] = {}
        self._value_dependent = self.matcher.value_dependent_names
        self._owners: dict[str, DomainOwner | None] = {}
        # a host's registrable domain and owner: unlike places, independent of the sites
        # visited, so kept across note_visits (and between runs, see inspector.classcache)
        self._hosts: dict[str, tuple[str, DomainOwner | None]] = {}
        self._partitions: dict[str, str] = {}
        # what the scans noted so far hold (see forget_unseen)
        self.seen_hosts: set[str] = set()
        self.seen_names: set[str] = set()
        self.seen_partitions: set[str] = set()
        self.remembered = 0  # facts taken from an earlier run (inspector.classcache)
        self._guessed: dict[tuple[int, int], tuple[Attribution, object, Attribution]] = {}
        # the guess per (name, lifetime bucket, shared): learnt, and kept between runs
        # (inspector.classcache), so that a warm run neither reads the model nor asks it
        self._use_guess = use_guess
        self._guesses: dict[tuple[str, str, bool], Guess | None] = {}

    @cached_property
    def guesser(self) -> GuessModel | None:
        """The second opinion (None: not used). Read on first use, then an attribute like
        any other: the per-cookie code pays nothing for it being lazy."""
        if self._data_dir is None:
            return load_guess_model()  # the one already read, if any (memoised by arguments)
        return load_guess_model(self._data_dir)

    def needs_value(self, cookie: Cookie) -> bool:
        """Whether the value would change or complete this cookie's classification."""
        if cookie.name in self._value_dependent:
            return True
        return self.attribution(cookie, self.place(cookie), None).purpose is Purpose.CONSENT

    def note_visits(self, cookies: Iterable[Cookie]) -> frozenset[str]:
        """Learn from a whole store which sites the person opened themselves, so that a
        site's own cookies are first-party there (see ``visited_sites``)."""
        cookies = cookies if isinstance(cookies, (list, tuple)) else list(cookies)
        self.seen_hosts.update({cookie.host for cookie in cookies})
        self.seen_names.update({cookie.name for cookie in cookies})
        self.seen_partitions.update({c.partition_key for c in cookies if c.partition_key})
        self.visited_sites = visited_sites(cookies, self._site_of_host, self._site_of_partition)
        self.shared_names = shared_names(cookies, self._site_of_host)
        self._places.clear()
        return self.visited_sites

    def forget_places(self) -> None:
        """Drop the places worked out for the cookies classified so far (a cache: a place
        asked for again is worked out again, from the hosts' facts that are kept)."""
        self._places = {}

    def _site_of_host(self, host: str) -> str:
        facts = self._hosts.get(host)
        return facts[0] if facts is not None else registrable_domain(host)

    def _site_of_partition(self, partition_key: str) -> str:
        """The registrable domain of a partition's top-level site (kept between runs with the
        hosts' facts: a warm scan need not read the Public Suffix List at all)."""
        site = self._partitions.get(partition_key)
        if site is None:
            site = self._partitions[partition_key] = site_of_origin(partition_key)
        return site

    def forget_unseen(self) -> None:
        """Drop what was learnt (or remembered from earlier runs) about hosts, cookie names
        and partitions that no scan noted by this classifier holds: the facts kept between
        runs then follow the stores as they are, instead of growing with every host ever
        met. Only caches are dropped; a fact needed again is worked out again."""
        hosts, names, partitions = self.seen_hosts, self.seen_names, self.seen_partitions
        self._hosts = {host: facts for host, facts in self._hosts.items() if host in hosts}
        # a name whose meaning depends on the site is kept per site: only for these sites
        sites = {facts[0] for facts in self._hosts.values()}
        self._attributions = {
            key: found
            for key, found in self._attributions.items()
            if key[0] in names and (not key[1] or key[1] in sites)
        }
        self._guesses = {key: found for key, found in self._guesses.items() if key[0] in names}
        self._partitions = {
            key: site for key, site in self._partitions.items() if key in partitions
        }

    def known_partitions(self) -> dict[str, str]:
        """What was learnt per partition key: its top-level site's registrable domain."""
        return self._partitions

    def remember_partitions(self, partitions: Mapping[str, str]) -> None:
        self._partitions.update(partitions)

    def known_hosts(self) -> dict[str, tuple[str, DomainOwner | None]]:
        """What was learnt per host: registrable domain and owner (see inspector.classcache)."""
        return self._hosts

    def known_guesses(self) -> dict[tuple[str, str, bool], Guess | None]:
        """What the second opinion answered per (name, lifetime bucket, shared)."""
        return self._guesses

    def remember_guesses(self, guesses: Mapping[tuple[str, str, bool], Guess | None]) -> None:
        self._guesses.update(guesses)

    def remember_hosts(self, hosts: Mapping[str, tuple[str, DomainOwner | None]]) -> None:
        self._hosts.update(hosts)

    def known_attributions(
        self,
    ) -> Iterable[tuple[tuple[str, str, DomainOwner | None, str | None], Attribution]]:
        """What was learnt per (name, site key, owner, value) (see inspector.classcache)."""
        return self._attributions.items()

    def remember_attributions(
        self, attributions: Mapping[tuple[str, str, DomainOwner | None, str | None], Attribution]
    ) -> None:
        self._attributions.update(attributions)

    def place(self, cookie: Cookie) -> Place:
        key = (cookie.host, cookie.partition_key)
        found = self._places.get(key)
        if found is None:
            found = self._places[key] = self._locate(cookie.host, cookie.partition_key)
        return found

    def _locate(self, host: str, partition_key: str | None) -> Place:
        """Party relative to the site the person visits: partitioned under another site is
        third-party; a site the person opened (``visited_sites``) is first-party for its own
        cookies; otherwise a domain the catalogue knows as some company's (an embed or a
        tracker seen under many sites) is third-party, anything else first-party."""
        facts = self._hosts.get(host)
        if facts is None:
            facts = self._hosts[host] = (intern(registrable_domain(host)), self.matcher.owner(host))
        site, owner = facts
        partition_site = self._site_of_partition(partition_key) if partition_key else None
        if partition_site is not None:
            third = partition_site != site
        elif self.visited_sites is not None and site in self.visited_sites:
            third = False
        else:
            third = owner is not None and owner.organization is not None
        return Place(site, owner, Party.THIRD if third else Party.FIRST, partition_site)

    def attribution(self, cookie: Cookie, place: Place, value: str | None) -> Attribution:
        name = cookie.name
        if name not in self._value_dependent:
            value = None
        site_key = place.site if self.matcher.depends_on_site(name) else ""
        key = (name, site_key, place.owner, value)
        found = self._attributions.get(key)
        if found is None:
            found = self._attributions[key] = self._attribute(name, place, value)
        return found

    def _attribute(self, name: str, place: Place, value: str | None) -> Attribution:
        rule = self.matcher.rule_for(name, place.site, value)
        organization, service, purpose, confidence, heuristic = _attribution(
            rule, place.owner, name, self.heuristics
        )
        platform = rule.consent_platform if rule else None
        if purpose is not Purpose.CONSENT:
            # a consent or opt-out record stays one, whatever matched it as something else
            recognised = self.consent_names.platform(name, value)
            if recognised is not None:
                purpose, platform, heuristic = Purpose.CONSENT, recognised, None
                confidence = Confidence.CATALOGUE if rule else confidence
                if confidence == Confidence.NONE:
                    confidence = Confidence.HEURISTIC
        return Attribution(
            organization,
            service,
            purpose,
            confidence,
            rule.id if rule else (heuristic.id if heuristic else None),
            rule,
            heuristic,
            platform,
        )

    def classify(self, cookie: Cookie, value: str | None = None) -> Classification:
        # place(), attribution() and _lifetime() written out: this runs once per cookie
        key = (cookie.host, cookie.partition_key)
        place = self._places.get(key)
        if place is None:
            place = self._places[key] = self._locate(cookie.host, cookie.partition_key)
        name = cookie.name
        # the value decides the attribution of a few names only (it always feeds the consent
        # decoder below)
        deciding = value if name in self._value_dependent else None
        matcher = self.matcher
        site_dependent = matcher._site_dependent.get(name)
        if site_dependent is None:
            site_dependent = matcher.depends_on_site(name)
        found_key = (name, place.site if site_dependent else "", place.owner, deciding)
        attribution = self._attributions.get(found_key)
        if attribution is None:
            attribution = self._attributions[found_key] = self._attribute(name, place, deciding)
        expires = cookie.expires_us
        if expires is None:
            lifetime_days = remaining = None
            exceeds = False
        else:
            created = cookie.created_us
            lifetime = (expires - (created if created is not None else self._now_us)) / _DAY_US
            if 13 * 28 <= lifetime <= 13 * 31 + 1:  # near the limit: calendar months
                lifetime_days, remaining, exceeds = self._lifetime(cookie)
            else:
                lifetime_days, exceeds = lifetime, lifetime > 13 * 31 + 1
                remaining = (expires - self._now_us) / _DAY_US
        if attribution.purpose is Purpose.UNKNOWN and self._use_guess:
            attribution = self._second_opinion(cookie, attribution, lifetime_days)
        if attribution.purpose is Purpose.CONSENT:
            role, record = self._consent(
                cookie, attribution.purpose, attribution.consent_platform, value
            )
        else:
            role = record = None
        return Classification(
            attribution,
            place,
            role,
            record,
            Lifetime.SESSION if cookie.expires_us is None else Lifetime.PERMANENT,
            lifetime_days,
            remaining,
            exceeds,
        )

    def _second_opinion(
        self, cookie: Cookie, attribution: Attribution, lifetime_days: float | None
    ) -> Attribution:
        """The learnt guess for a cookie nothing else knows; a session cookie counts as
        lasting zero days."""
        days = 0.0 if cookie.expires_us is None else lifetime_days
        name = cookie.name
        asked = (name, lifetime_bucket(days), name in self.shared_names)
        found = self._guesses.get(asked, _NOT_ASKED)
        if found is _NOT_ASKED:
            guesser = self.guesser
            found = self._guesses[asked] = (
                guesser.guess(name, days, asked[2]) if guesser is not None else None
            )
        if found is None:
            return attribution
        # one object per (attribution, guess), shared like every other attribution: both are
        # kept alive by their caches, so their identities are stable keys
        key = (id(attribution), id(found))
        known = self._guessed.get(key)
        if known is not None and known[0] is attribution and known[1] is found:
            return known[2]
        guessed = attribution._replace(
            purpose=found.purpose,
            confidence=Confidence.GUESS,
            rule=f"guess:{round(found.probability * 100)}",
        )
        self._guessed[key] = (attribution, found, guessed)
        return guessed

    def _consent(
        self, cookie: Cookie, purpose: Purpose, platform: str | None, value: str | None
    ) -> tuple[Role | None, ConsentRecord | None]:
        if purpose is not Purpose.CONSENT:
            return None, None
        if self._decode is None:
            return Role.UNKNOWN, None
        # without a value the record is still listed: present, choice not readable
        record = self._decode(cookie.name, value, platform)
        return (record.role if record is not None else Role.UNKNOWN), record

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

    def classify_all(
        self, cookies: list[Cookie], values: Mapping[str, str | None] | None = None
    ) -> list[Classification]:
        with collection_paused():
            if not values:
                return [self.classify(cookie) for cookie in cookies]
            return [self.classify(cookie, values.get(cookie.id)) for cookie in cookies]


def shared_names(
    cookies: Iterable[Cookie], site_of_host: Callable[[str], str] = registrable_domain
) -> frozenset[str]:
    """Cookie names held under at least ``guess.SHARED_SITES`` different sites."""
    hosts_of: dict[str, set[str]] = {}
    for cookie in cookies:
        hosts_of.setdefault(cookie.name, set()).add(cookie.host)
    site: dict[str, str] = {}
    shared = set()
    for name, hosts in hosts_of.items():
        if len(hosts) < SHARED_SITES:
            continue
        sites = set()
        for host in hosts:
            if host not in site:
                site[host] = site_of_host(host)
            sites.add(site[host])
            if len(sites) >= SHARED_SITES:
                shared.add(name)
                break
    return frozenset(shared)


def visited_sites(
    cookies: Iterable[Cookie],
    site_of_host: Callable[[str], str] = registrable_domain,
    site_of_partition: Callable[[str], str] = site_of_origin,
) -> frozenset[str]:
    """Sites the person opened as the page itself, as the store shows it: a site that holds a
    cookie restricted to same-site use (SameSite Lax or Strict; browsers refuse to store such
    a cookie from a request made by another site), or that other sites' cookies are
    partitioned under (the partition key is the top-level site of the tab)."""
    partitions: set[str] = set()
    hosts: set[str] = set()  # each host's registrable domain is looked up once
    lax, strict = SameSite.LAX, SameSite.STRICT
    for cookie in cookies:
        if cookie.partition_key:
            partitions.add(cookie.partition_key)
        elif cookie.same_site is lax or cookie.same_site is strict:
            hosts.add(cookie.host)
    sites = {site_of_partition(partition) for partition in partitions}
    sites.update(site_of_host(host) for host in hosts)
    return frozenset(sites)


def _attribution(
    rule: CookieRule | None, owner: DomainOwner | None, name: str, heuristics: Heuristics
) -> tuple[Organization | None, Service | None, Purpose, Confidence, Heuristic | None]:
    """Who and why: a catalogue entry first, then the domain's owner, then the name."""
    if rule is not None:
        return (rule.service.organization, rule.service, rule.purpose, Confidence.CATALOGUE, None)
    if owner is not None:
        purpose = owner.service.purpose if owner.service else None
        if purpose is None and owner.organization is not None:
            purpose = owner.organization.default_purpose
        if purpose is not None:
            return owner.organization, owner.service, purpose, Confidence.DOMAIN, None
        heuristic = heuristics.guess(name)
        if heuristic is not None:
            return (
                owner.organization,
                owner.service,
                heuristic.purpose,
                Confidence.HEURISTIC,
                heuristic,
            )
        return owner.organization, owner.service, Purpose.UNKNOWN, Confidence.DOMAIN, None
    heuristic = heuristics.guess(name)
    if heuristic is not None:
        return None, None, heuristic.purpose, Confidence.HEURISTIC, heuristic
    return None, None, Purpose.UNKNOWN, Confidence.NONE, None
