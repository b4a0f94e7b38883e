"""Plain-language explanations built from a cookie's classification and
``resources/explanations.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError

from inspector.authority import authority_for
from inspector.catalogue import Organization
from inspector.classify import Classification, Confidence, Party
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
from inspector.localeformat import format_date, format_days, territory_name
from inspector.model import Cookie
from inspector.purposes import Purpose
from inspector.resources import resource

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
        what=_tidy(_what(cookie, info)),
        why=why,
        how_long=_how_long(cookie, info, texts["lifetime"]),
        who_receives=who,
        how_to_object=how_to_object,
        your_rights=rights,
    )


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


def _what(cookie: Cookie, info: Classification) -> str:
    text = _describe(cookie, info)
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


def _describe(cookie: Cookie, info: Classification) -> str:
    texts = _texts()
    rule = info.rule_entry
    if rule is not None and not rule.description and rule.derived_from:
        derived = texts["derived"]
        service = info.service.display_name if info.service else info.site
        sentence = _(derived[info.purpose.value]).format(service=service)
        return "“{name}”: {sentence} {source}".format(
            name=cookie.name, sentence=sentence, source=_(derived["source"])
        )
    if rule is not None and rule.description:
        description = catalogue_text("cookie", rule.id, rule.description)
        if info.service:
            return _("“{name}” ({service}): {description}").format(
                name=cookie.name, service=info.service.display_name, description=description
            )
        return _("“{name}”: {description}").format(name=cookie.name, description=description)
    if info.service is not None or info.organization is not None:
        who = info.service.display_name if info.service else info.organization.name  # type: ignore[union-attr, unused-ignore]
        return _(
            "“{name}” is set on an address that belongs to {who}; our catalogue has "
            "no entry for this particular cookie."
        ).format(name=cookie.name, who=who)
    unknown = _("“{name}” is a cookie of {site} that our catalogue does not know.").format(
        name=cookie.name, site=info.site
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
    if info.remaining_days < 0:
        parts = [_(texts["expired"]).format(expires=_date(cookie.expires))]
    else:
        parts = [
            _(texts["permanent"]).format(
                expires=_date(cookie.expires), remaining=_span(info.remaining_days)
            )
        ]
    if info.lifetime_days is not None and cookie.created is not None:
        parts.append(_(texts["total"]).format(total=_span(info.lifetime_days)))
    if info.exceeds_13_months:
        parts.append(_(texts["too_long"]))
    return " ".join(parts)


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
