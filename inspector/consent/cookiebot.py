"""Cookiebot's CookieConsent: a URL-encoded JavaScript object literal (not JSON), e.g.
``{stamp:'...',necessary:true,preferences:false,statistics:false,marketing:false,
method:'explicit',ver:1,utc:1705162226478,region:'de'}``. The value ``-1`` (or ``stamp:'-1'``)
means the visitor is in a region where the site asks no consent. ``iab2`` may carry a TC string.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from inspector.consent.jsliteral import parse_js_literal
from inspector.consent.model import Choice, ChoiceKind, ConsentRecord, Purpose
from inspector.consent.parsing import epoch_datetime, maybe_percent_decode
from inspector.consent.platform_base import clean, no_choice, record
from inspector.consent.tcf import TCString, decode_tc_string
from inspector.consent.vendorlist import TcfVocabulary
from inspector.errors import ConsentFormatError
from inspector.i18n import N_, _, list_separator

CATEGORIES: Mapping[str, tuple[ChoiceKind, tuple[Purpose, ...]]] = MappingProxyType(
    {
        "necessary": (ChoiceKind.NECESSARY, ()),
        "preferences": (ChoiceKind.OPTIONAL, (Purpose.REQUESTED_SERVICE,)),
        "statistics": (ChoiceKind.OPTIONAL, (Purpose.ANALYTICS,)),
        "marketing": (ChoiceKind.OPTIONAL, (Purpose.ADVERTISING,)),
    }
)
_NO_CONSENT_REGION = N_("the site asks no consent in your region and sets every cookie")


def decode_cookiebot(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """Decode CookieConsent."""
    text = maybe_percent_decode(clean(value))
    if text == "-1":
        return no_choice("cookiebot", _(_NO_CONSENT_REGION))
    data = parse_js_literal(text)
    if not isinstance(data, dict):
        raise ConsentFormatError(_("The value is not Cookiebot's object literal."))
    choices = []
    for key, (kind, purposes) in CATEGORIES.items():
        if key not in data:
            continue
        state = data[key]
        if not isinstance(state, bool):
            raise ConsentFormatError(
                _("Cookiebot's {key} is not true or false.").format(key=repr(key))
            )
        choices.append(Choice(key, state, purposes, kind))
    notes = []
    if data.get("stamp") == "-1":
        notes.append(_(_NO_CONSENT_REGION))
    tc, tc_note = _embedded_tc(data.get("iab2"))
    if tc_note:
        notes.append(tc_note)
    if not choices:
        notes.append(_("it lists no cookie categories"))
    return record(
        "cookiebot",
        choices,
        choice_time=epoch_datetime(data.get("utc"), scale=1000),
        tcf=tc,
        interacted=_method(data.get("method")),
        note=list_separator().join(notes),
    )


def _method(method: Any) -> bool | None:
    if method == "explicit":
        return True
    if method == "implied":
        return False
    return None


def _embedded_tc(text: Any) -> tuple[TCString | None, str]:
    if not isinstance(text, str) or not text:
        return None, ""
    try:
        return decode_tc_string(text), "it also carries an IAB TCF string"
    except ConsentFormatError:
        return None, "its IAB TCF string is damaged"
