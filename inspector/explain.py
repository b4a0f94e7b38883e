"""Plain-language explanations built from a cookie's classification and
``resources/explanations.toml``."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from itertools import pairwise
from typing import Any, NamedTuple

from babel import Locale, UnknownLocaleError

from inspector.authority import authority_for
from inspector.catalogue import Organization
from inspector.classify import Attribution, Classification, Confidence, Party
from inspector.i18n import (
    _,
    catalogue_text,
    current_language,
    data_category,
    formatting_locale,
    list_separator,
    pgettext,
    user_country,
)
from inspector.legal import in_eea, transfer_text
from inspector.localeformat import (
    days_key,
    days_words,
    format_date,
    format_days,
    territory_name,
)
from inspector.model import Cookie
from inspector.purposes import Purpose
from inspector.resources import resource
from inspector.timeconv import from_unix_micro

COUNTRIES = {
    "US": "the United States",
    "GB": "the United Kingdom",
    "IE": "Ireland",
    "FR": "France",
    "DE": "Germany",
    "NL": "the Netherlands",
    "CN": "China",
    "RU": "Russia",
    "IL": "Israel",
    "DK": "Denmark",
    "SE": "Sweden",
    "ES": "Spain",
    "IT": "Italy",
    "CH": "Switzerland",
    "CA": "Canada",
    "JP": "Japan",
    "KR": "South Korea",
    "SG": "Singapore",
    "AU": "Australia",
    "BE": "Belgium",
    "NO": "Norway",
    "FI": "Finland",
    "PL": "Poland",
    "AT": "Austria",
    "CZ": "Czechia",
    "LU": "Luxembourg",
    "IN": "India",
    "EE": "Estonia",
    "LT": "Lithuania",
    "PT": "Portugal",
    "HU": "Hungary",
}


def country_name(code: str) -> str:
    """A country's name for a sentence, in the user's language ("the United States",
    "États-Unis"); the code itself when nothing knows it."""
    if current_language() == "en" and code in COUNTRIES:
        return COUNTRIES[code]
    try:
        names = Locale.parse(formatting_locale()).territories
    except (UnknownLocaleError, ValueError):
        return COUNTRIES.get(code, code)
    return str(names.get(code, COUNTRIES.get(code, code)))


@dataclass(frozen=True, slots=True)
class Explanation:
    what: str
    why: str
    how_long: str
    who_receives: str
    how_to_object: str
    your_rights: str

    def as_dict(self) -> dict[str, str]:
        return {
            "what": self.what,
            "why": self.why,
            "how_long": self.how_long,
            "who_receives": self.who_receives,
            "how_to_object": self.how_to_object,
            "your_rights": self.your_rights,
        }

    def text(self) -> str:
        return "\n\n".join(self.as_dict().values())


@lru_cache(maxsize=1)
def _texts() -> dict[str, Any]:
    return tomllib.loads(resource("explanations.toml").read_text("utf-8"))


def _span(days: float) -> str:
    return format_days(days)


def _date(moment: datetime) -> str:
    return format_date(moment)


def party_label(party: Party) -> str:
    """First- or third-party, in words: "first party" / "third party"."""
    return _("first party") if party is Party.FIRST else _("third party")


def explain(cookie: Cookie, info: Classification, country: str | None = None) -> Explanation:
    """``country`` is the person's country setting (ISO code); without it, the system's."""
    texts = _texts()
    why, who, how_to_object, rights = _shared(info, user_country(country))
    return Explanation(
        what=_tidy(_what(cookie.name, info)),
        why=why,
        how_long=_how_long(cookie, info, texts["lifetime"]),
        who_receives=who,
        how_to_object=how_to_object,
        your_rights=rights,
    )


NAME = "\0name\0"  # stands for a cookie's name in a shared text
SITE = "\0site\0"  # stands for a cookie's site in a shared text
_DAY_US = 86_400_000_000
FIRST_DAY, LAST_DAY = -719_162, 2_932_896  # 0001-01-01 and 9999-12-31, days since 1970
_FIRST_US = FIRST_DAY * _DAY_US
_CACHE_LIMIT = 8192  # a report goes site by site: a window of entries keeps the hits
_DAYS_LIMIT = 1 << 16  # but expiry days come in any order: all of them (a few megabytes)


class Shared(NamedTuple):
    """The explanation texts shared by the cookies of one attribution and party, as pieces
    to join with the site (``site.join(who)``); "what it is" also has the name's holes:
    ``name.join([site.join(p) for p in what])``."""

    why: str
    what: tuple[tuple[str, ...], ...]
    who: tuple[str, ...]
    how_to_object: tuple[str, ...]
    rights: tuple[str, ...]


def plain_site(site: str) -> bool:
    """Whether a site can fill the holes of :class:`Shared` texts: one without dots at
    its ends or in a row (the tidying of full stops never touches it) and without ``:``
    or ``/`` (no web address of a text can be found inside it)."""
    return (
        not (site[:1] == "." or site[-1:] == "." or ".." in site or ":" in site or "/" in site)
        and "\0" not in site
    )


def site_stand_in(info: Classification) -> Classification:
    """``info`` with :data:`SITE` for its site and no partition: its texts have holes
    where the site goes."""
    return Classification(
        info.attribution,
        info.place._replace(site=SITE, partitioned_under=None),
        info.consent_role,
        None,
        info.lifetime,
        info.lifetime_days,
        info.remaining_days,
        info.exceeds_13_months,
    )


def general_text(pieces: Sequence[str]) -> str:
    """A text split where the site goes, joined with "this site" ("This site" where a
    sentence starts): said once for the cookies of many sites, under each of which it
    is read."""
    # Translators: stands for a site's name in an explanation written once for the cookies
    # of many sites ("Only this site can read it"); it must fit wherever {site} does
    this_site = pgettext("a site in general", "this site")
    # Translators: the same at the start of a sentence ("This site is ...")
    this_site_first = pgettext("a site in general", "This site")
    parts = [pieces[0]]
    for before, after in pairwise(pieces):
        ending = before.rstrip()
        parts.append(this_site_first if not ending or ending[-1] in ".!?" else this_site)
        parts.append(after)
    return "".join(parts)


def attribution_key(attribution: Attribution) -> tuple[object, ...]:
    """What an attribution is, as a key: equal for the equal attributions the classifier
    makes for many cookies (the catalogue's objects by identity: keep the attribution
    with the key so that they stay alive and no other object takes their identity)."""
    return (
        id(attribution.organization),
        id(attribution.service),
        attribution.purpose,
        attribution.confidence,
        attribution.rule,
        id(attribution.rule_entry),
        id(attribution.heuristic),
        attribution.consent_platform,
    )


class Explainer:
    """:func:`explain` for many cookies (reports): what cookies share is made once.

    The texts come in parts so that a writer can escape or encode each shared part once:
    :meth:`shared` gives the texts of an attribution with holes for the site and name (for
    a :func:`plain_site`), :meth:`how_long` the sentences of how long it stays.
    :meth:`explain` puts them together: the same explanation as :func:`explain` (a test
    compares them).
    """

    def __init__(self, country: str | None = None) -> None:
        self.country = user_country(country)
        self._texts = _texts()["lifetime"]
        self._session = _(self._texts["session"])
        self._too_long = _(self._texts["too_long"])
        self._shared: dict[tuple[object, ...], tuple[object, Shared]] = {}
        self._until: dict[tuple[int, object], str] = {}
        self._total: dict[object, str] = {}
        self._general: dict[tuple[object, ...], tuple[object, tuple[str, str]]] = {}

    def explain(self, cookie: Cookie, info: Classification) -> Explanation:
        site = info.site
        if not plain_site(site):
            return explain(cookie, info, self.country)
        shared = self.shared(info)
        return Explanation(
            what=self.what(cookie, info, shared),
            why=shared.why,
            how_long=" ".join(self.how_long(cookie, info)),
            who_receives=site.join(shared.who),
            how_to_object=site.join(shared.how_to_object),
            your_rights=site.join(shared.rights),
        )

    @staticmethod
    def own_what(info: Classification) -> bool:
        """Whether "what it is" is the cookie's own text, not :attr:`Shared.what`'s: a
        decoded consent record, or a cookie embedded in another site."""
        record = info.consent_record
        embedder = info.place.partitioned_under
        return (record is not None and record.readable) or (
            embedder is not None and embedder != info.place.site
        )

    def what(self, cookie: Cookie, info: Classification, shared: Shared | None = None) -> str:
        """What it is, from the shared texts where it can (``shared``: :meth:`shared`'s
        texts for this cookie, when the caller has them)."""
        if self.own_what(info):
            return _tidy(_what(cookie.name, info))
        site = info.site
        pieces = (shared or self.shared(info)).what
        what = cookie.name.join([site.join(piece) for piece in pieces])
        return _tidy(what) if ".." in what else what

    def shared(self, info: Classification) -> Shared:
        """The texts of the cookie's attribution and party, for a :func:`plain_site`."""
        attribution = info.attribution
        key = (attribution_key(attribution), info.party)
        found = self._shared.get(key)
        if found is not None:
            return found[1]
        if len(self._shared) >= _CACHE_LIMIT:
            self._shared.clear()
        stand_in = site_stand_in(info)
        why, who, how_to_object, rights = _shared(stand_in, self.country)
        made = Shared(
            why,
            tuple(tuple(part.split(SITE)) for part in _what(NAME, stand_in).split(NAME)),
            tuple(who.split(SITE)),
            tuple(how_to_object.split(SITE)),
            tuple(rights.split(SITE)),
        )
        self._shared[key] = (attribution, made)
        return made

    def general(self, info: Classification) -> tuple[str, str]:
        """Who receives the cookie and how to object, for a :func:`plain_site`, with "this
        site" where its site goes (:func:`general_text`): the same for cookies of many
        sites."""
        key = (attribution_key(info.attribution), info.party)
        found = self._general.get(key)
        if found is None:
            if len(self._general) >= _CACHE_LIMIT:
                self._general.clear()
            shared = self.shared(info)
            texts = (general_text(shared.who), general_text(shared.how_to_object))
            found = self._general[key] = (info.attribution, texts)
        return found[1]

    def how_long(self, cookie: Cookie, info: Classification) -> tuple[str, ...]:
        """How long it stays, as sentences to join with spaces (each shared by many
        cookies: the expiry day, the lifetime in the words :func:`format_days` uses)."""
        expires_us, remaining = cookie.expires_us, info.remaining_days
        if expires_us is None or remaining is None:
            return (self._session,)
        day = expires_us // _DAY_US
        created_us = cookie.created_us
        if not FIRST_DAY <= day <= LAST_DAY or (created_us is not None and created_us < _FIRST_US):
            return (_how_long(cookie, info, self._texts),)  # dates at the ends of time
        key = (day, None if remaining < 0 else days_key(remaining))
        until = self._until.get(key)
        if until is None:
            if len(self._until) >= _DAYS_LIMIT:
                self._until.clear()
            expires = from_unix_micro(expires_us)
            assert expires is not None
            until = self._until[key] = _until(expires, remaining, self._texts)
        lifetime = info.lifetime_days
        if lifetime is None or created_us is None:
            return (until, self._too_long) if info.exceeds_13_months else (until,)
        span = days_key(lifetime)
        total = self._total.get(span)
        if total is None:
            total = self._total[span] = _(self._texts["total"]).format(total=days_words(span))
        return (until, total, self._too_long) if info.exceeds_13_months else (until, total)


# the parts that do not depend on the cookie itself, remembered by what they depend on: a
# report of 100,000 cookies writes each of them once per site and catalogue entry, not once
# per cookie (keys hold the catalogue's shared objects by identity, the language and country)
_SHARED: dict[tuple[object, ...], tuple[object, object, tuple[str, str, str, str]]] = {}
_SHARED_LIMIT = 4096  # reports go site by site: a small window keeps the hits, not the memory


def _shared(info: Classification, country: str | None) -> tuple[str, str, str, str]:
    organization, service = info.organization, info.service
    key = (
        id(organization),
        id(service),
        id(info.rule_entry),  # what this cookie sends comes from its entry
        info.purpose,
        info.confidence,
        info.site,
        info.party,
        current_language(),
        country,
    )
    found = _SHARED.get(key)
    if found is not None and found[0] is organization and found[1] is service:
        return found[2]
    texts = _texts()
    controller, plural = _controller(info, country)
    parts = (
        purpose_reason(info.purpose),
        _tidy(_who(info, texts["receiver"], country)),
        _tidy(_object(info, texts["object"])),
        rights_text(controller, plural, country=country),
    )
    if len(_SHARED) >= _SHARED_LIMIT:
        _SHARED.clear()
    _SHARED[key] = (organization, service, parts)
    return parts


def purpose_reason(purpose: Purpose) -> str:
    """Why cookies of a purpose are there, in plain words."""
    reason: str = _texts()["purpose"][purpose.value]["why"]
    return _(reason)


def rights_text(controller: str, plural: bool = False, country: str | None = None) -> str:
    """The person's rights under the GDPR, towards ``controller``, and the authority of their
    country (``country``: the Country setting; without it, the locale's)."""
    text: str = _(_texts()["rights"]["text"])
    # Translators: completes "you may ask {controller} what data about you {holds}"
    holds = pgettext("rights", "they hold") if plural else pgettext("rights", "it holds")
    return _tidy(text.format(controller=controller, holds=holds)) + " " + authority_text(country)


def authority_text(country: str | None = None) -> str:
    """Where to complain: the authority of the person's country, with its complaint page."""
    authority = authority_for(country)
    if authority.country is None:
        return _("The European Data Protection Board lists every national authority: {url}").format(
            url=authority.url
        )
    return _("Your authority ({country}): {authority}, {url}").format(
        country=territory_name(authority.country), authority=authority.name, url=authority.complaint
    )


def _tidy(text: str) -> str:
    """Names like "Criteo S.A." end a sentence with their own full stop."""
    return text.replace("..", ".").replace(".. ", ". ")


def _what(name: str, info: Classification) -> str:
    text = _describe(name, info)
    embedder = info.partitioned_under
    if embedder is not None and embedder != info.site:
        # the partition key is the site of the tab: that site embeds this one
        embedded = _(_texts()["receiver"]["embedded"]).format(embedder=embedder, site=info.site)
        text = f"{text} {embedded}"
    record = info.consent_record
    if record is not None and record.readable:
        choice = _(_texts()["consent"]["choice"]).format(summary=record.summary())
        return f"{text} {choice}"
    return text


def _describe(name: str, info: Classification) -> str:
    texts = _texts()
    rule = info.rule_entry
    if rule is not None and not rule.description and rule.derived_from:
        derived = texts["derived"]
        service = info.service.display_name if info.service else info.site
        sentence = _(derived[info.purpose.value]).format(service=service)
        return "“{name}”: {sentence} {source}".format(
            name=name, sentence=sentence, source=_(derived["source"])
        )
    if rule is not None and rule.description:
        description = catalogue_text("cookie", rule.id, rule.description)
        if info.service:
            return _("“{name}” ({service}): {description}").format(
                name=name, service=info.service.display_name, description=description
            )
        return _("“{name}”: {description}").format(name=name, description=description)
    if info.service is not None or info.organization is not None:
        who = info.service.display_name if info.service else info.organization.name  # type: ignore[union-attr, unused-ignore]
        return _(
            "“{name}” is set on an address that belongs to {who}; our catalogue has "
            "no entry for this particular cookie."
        ).format(name=name, who=who)
    unknown = _("“{name}” is a cookie of {site} that our catalogue does not know.").format(
        name=name, site=info.site
    )
    if info.heuristic is not None:
        hint = _(texts["unknown"]["hint"]).format(hint=_(info.heuristic.hint))
        return f"{unknown} {hint}"
    if info.confidence is Confidence.GUESS:
        guess = _(texts["unknown"]["guess"]).format(purpose=info.purpose.label)
        return f"{unknown} {guess}"
    no_hint: str = _(texts["unknown"]["no_hint"])
    return f"{unknown} {no_hint}"


def _how_long(cookie: Cookie, info: Classification, texts: dict[str, str]) -> str:
    if cookie.expires is None or info.remaining_days is None:
        return _(texts["session"])
    parts = [_until(cookie.expires, info.remaining_days, texts)]
    if info.lifetime_days is not None and cookie.created is not None:
        parts.append(_total(info.lifetime_days, texts))
    if info.exceeds_13_months:
        parts.append(_(texts["too_long"]))
    return " ".join(parts)


def _until(expires: datetime, remaining_days: float, texts: dict[str, str]) -> str:
    if remaining_days < 0:
        return _(texts["expired"]).format(expires=_date(expires))
    return _(texts["permanent"]).format(expires=_date(expires), remaining=_span(remaining_days))


def _total(lifetime_days: float, texts: dict[str, str]) -> str:
    return _(texts["total"]).format(total=_span(lifetime_days))


def _who(info: Classification, texts: dict[str, str], country: str | None) -> str:
    organization, service = info.organization, info.service
    if organization is None:
        if service is not None and info.purpose is Purpose.CONSENT:
            return _(texts["consent_site"]).format(site=info.site, service=service.display_name)
        if service is not None and info.confidence is Confidence.CATALOGUE:
            return _(texts["framework"]).format(service=service.display_name)
        return _(texts["first_party_only"]).format(site=info.site)
    service_name = service.display_name if service else organization.name
    if info.purpose.strictly_necessary or info.purpose is Purpose.CONSENT:
        key = "provider" if info.purpose.strictly_necessary else "consent_platform"
        parts = [
            _(texts[key]).format(
                site=info.site, organization=organization.name, service=service_name
            )
        ]
        if info.rule_entry is not None and info.rule_entry.data:  # only its own list here
            parts.append(
                _(texts["data"]).format(organization=organization.name, data=_data_sent(info))
            )
    else:
        key = "third_party" if info.party is Party.THIRD else "first_party_vendor"
        parts = [
            _(texts[key]).format(
                site=info.site, organization=organization.name, service=service_name
            ),
            _(texts["data"]).format(organization=organization.name, data=_data_sent(info)),
        ]
    parts.extend(_where(organization, texts, country))
    return " ".join(parts)


def _data_sent(info: Classification) -> str:
    """What this cookie sends: the catalogue entry's own list, or what cookies of its purpose
    carry (never the company's whole list)."""
    rule = info.rule_entry
    if rule is not None and rule.data:
        return list_separator().join(data_category(phrase) for phrase in rule.data)
    return _(_texts()["data"][info.purpose.value])


def _where(organization: Organization, texts: dict[str, str], country: str | None) -> list[str]:
    """Where the company is, who answers for it in the EEA, and whether data leaves the EU."""
    parts = []
    european = country is None or in_eea(country)
    if european and organization.eu_name:
        parts.append(
            _(texts["eu_controller"]).format(
                eu_name=organization.eu_name, eu_country=country_name(organization.eu_country)
            )
        )
    if organization.country:
        name = country_name(organization.country)
        transfer = (
            transfer_text(organization.name, organization.country, name) if european else None
        )
        parts.append(
            transfer or _(texts["country"]).format(organization=organization.name, country=name)
        )
    return parts


def _object(info: Classification, texts: dict[str, str]) -> str:
    parts = [_(texts["browser"]).format(site=info.site)]
    organization = info.organization
    service = info.service
    # an organisation's opt-out is about its tracking: it has nothing to say on a cookie
    # the site needs, or on a consent record
    tracking = not (info.purpose.strictly_necessary or info.purpose is Purpose.CONSENT)
    if tracking and service is not None and service.opt_out:
        parts.append(
            _(texts["service_opt_out"]).format(service=service.display_name, url=service.opt_out)
        )
    if tracking and organization is not None and organization.opt_out:
        parts.append(
            _(texts["opt_out"]).format(organization=organization.name, url=organization.opt_out)
        )
    if organization is not None and organization.privacy_policy:
        parts.append(
            _(texts["privacy"]).format(
                organization=organization.name, url=organization.privacy_policy
            )
        )
    if info.purpose is Purpose.ADVERTISING:
        parts.append(_(texts["ads"]))
    elif info.purpose is Purpose.COMMUNICATION:
        parts.append(_(texts["communication"]))
    elif info.purpose is Purpose.REQUESTED_SERVICE:
        parts.append(_(texts["necessary"]))
    elif info.purpose is Purpose.CONSENT:
        parts.append(_(texts["consent"]))
    return " ".join(parts)


def _controller(info: Classification, country: str | None = None) -> tuple[str, bool]:
    """Who to ask, and whether that is more than one: for people in the EEA, the company's
    European entity where it has one."""
    organization = info.organization
    if organization is not None:
        name = organization.name
        if organization.eu_name and (country is None or in_eea(country)):
            name = organization.eu_name
        if info.party is Party.FIRST:
            return _("{site} and {organization}").format(site=info.site, organization=name), True
        return name, False
    return info.site, False
