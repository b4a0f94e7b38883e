"""Consent tools that store JSON with category or service names the site chooses:
Klaro, orestbida's cookieconsent (cc_cookie), iubenda and Civic Cookie Control.

Names are mapped only when they are well known (see :mod:`inspector.consent.categories`);
the others are kept raw and still count for the role.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from types import MappingProxyType
from typing import Any

from inspector.consent.categories import SERVICE_NAMES, choice_for
from inspector.consent.model import Choice, ChoiceKind, ConsentRecord, Purpose
from inspector.consent.parsing import (
    epoch_datetime,
    iso_datetime,
    json_object,
    load_json,
    maybe_percent_decode,
)
from inspector.consent.platform_base import clean, record
from inspector.consent.vendorlist import TcfVocabulary
from inspector.errors import ConsentFormatError
from inspector.i18n import N_, _

_MAX_ITEMS = 500
_ONLY_ACCEPTED = N_("the record lists only what you accepted")
_OTHERS = N_("all optional categories")

#: iubenda's standard purposes.
IUBENDA_PURPOSES: Mapping[str, tuple[str, ChoiceKind, tuple[Purpose, ...]]] = MappingProxyType(
    {
        "1": ("strictly necessary", ChoiceKind.NECESSARY, ()),
        "2": (
            "basic interactions and functionalities",
            ChoiceKind.OPTIONAL,
            (Purpose.REQUESTED_SERVICE,),
        ),
        "3": ("experience enhancement", ChoiceKind.OPTIONAL, (Purpose.INTERACTIVE,)),
        "4": ("measurement", ChoiceKind.OPTIONAL, (Purpose.ANALYTICS,)),
        "5": ("targeting and advertising", ChoiceKind.OPTIONAL, (Purpose.ADVERTISING,)),
    }
)


def _json(value: str) -> dict[str, Any]:
    return json_object(load_json(maybe_percent_decode(clean(value))))


def _names(value: Any, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConsentFormatError(_("The {what} are not a list of names.").format(what=what))
    if len(value) > _MAX_ITEMS:
        raise ConsentFormatError(
            _("The {what} are far more than any real record holds.").format(what=what)
        )
    return list(dict.fromkeys(value))


def decode_klaro(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """Klaro: {"service-name": true/false, ...}."""
    data = _json(value)
    if len(data) > _MAX_ITEMS:
        raise ConsentFormatError(_("The value lists far more services than any real record."))
    choices = []
    for service, state in data.items():
        if not isinstance(state, bool):
            raise ConsentFormatError(_("A Klaro service is not true or false."))
        choices.append(choice_for(service, state, SERVICE_NAMES))
    return record("klaro", choices)


def decode_cc_cookie(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """orestbida cookieconsent: v3 {"categories": [...], "services": {...}, ...},
    v2 {"level": [...], ...}. Only "necessary" accepted is a refusal."""
    data = _json(value)
    if "categories" in data:
        accepted = _names(data["categories"], "categories")
        services = data.get("services")
        known = list(services) if isinstance(services, dict) else []
        moment = iso_datetime(data.get("lastConsentTimestamp")) or iso_datetime(
            data.get("consentTimestamp")
        )
    elif "level" in data:
        accepted = _names(data["level"], "levels")
        known = []
        moment = iso_datetime(data.get("last_consent_update")) or iso_datetime(
            data.get("consent_date")
        )
    else:
        raise ConsentFormatError(_("The value has neither categories nor level."))
    return _listed("cc-cookie", accepted, known, moment)


def _listed(
    platform: str, accepted: Iterable[str], known: Iterable[str], moment: datetime | None
) -> ConsentRecord:
    """Records that list what was accepted, and maybe (``known``) every category there is.

    Without the full list, "nothing optional accepted" still reads as a refusal of every
    optional category; anything else is reported as listed.
    """
    accepted = list(accepted)
    refused = [k for k in known if k not in accepted]
    choices = [choice_for(n, True) for n in accepted] + [choice_for(n, False) for n in refused]
    note = ""
    if not refused:
        if any(c.kind is ChoiceKind.OPTIONAL for c in choices):
            note = _(_ONLY_ACCEPTED)
        else:
            choices.append(Choice(_(_OTHERS), False))
    return record(platform, choices, choice_time=moment, note=note)


def decode_iubenda(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """iubenda _iub_cs-*: {"timestamp": ..., "purposes": {"1": true, ...}} or the older
    {"consent": true, "timestamp": ...}."""
    data = _json(value)
    moment = iso_datetime(data.get("timestamp"))
    purposes = data.get("purposes")
    choices: list[Choice] = []
    if isinstance(purposes, dict):
        for key, state in purposes.items():
            if not isinstance(state, bool):
                raise ConsentFormatError(_("An iubenda purpose is not true or false."))
            label, kind, mapped = IUBENDA_PURPOSES.get(
                key, (f"purpose {key}", ChoiceKind.OPTIONAL, ())
            )
            choices.append(Choice(label, state, mapped, kind))
    elif isinstance(data.get("consent"), bool):
        choices.append(Choice("all optional cookies", data["consent"]))
    elif purposes is not None or "consent" in data:
        raise ConsentFormatError(_("iubenda's purposes are not an object of true/false."))
    return record("iubenda", choices, choice_time=moment)


def decode_civic(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """Civic Cookie Control: {"optionalCookies": {"analytics": "accepted"|"revoked"}, ...}
    or {"acceptedCategories": [...], "interactedWith": true}."""
    data = _json(value)
    interacted = data.get("interactedWith")
    interacted = interacted if isinstance(interacted, bool) else None
    moment = epoch_datetime(data.get("consentDate"), scale=1000)
    optional = data.get("optionalCookies")
    if isinstance(optional, dict):
        choices = []
        for category, state in optional.items():
            if state not in ("accepted", "revoked"):
                raise ConsentFormatError(_("A Civic category is not accepted or revoked."))
            choices.append(choice_for(category, state == "accepted"))
        return record("civic", choices, choice_time=moment, interacted=interacted)
    if "acceptedCategories" in data:
        accepted = _names(data["acceptedCategories"], "accepted categories")
        return replace(_listed("civic", accepted, [], moment), interacted=interacted)
    raise ConsentFormatError(_("The value has neither optionalCookies nor acceptedCategories."))
