"""TrustArc: three cookie levels - required, functional, advertising.

* ``notice_preferences=N:`` - the highest level accepted: 0 required only, 1 adds functional,
  2 adds advertising (levels are cumulative);
* ``notice_gdpr_prefs=0,1,2:`` - the accepted levels, listed;
* ``cmapi_cookie_privacy=permit 1,2,3`` - the same, counted from 1 (``permit 1 required``);
* ``notice_behavior=implied,eu`` / ``expressed,eu`` - the consent rule for the region only.

TrustArc's "functional" level usually covers site features and usage statistics, so it maps
to both requested_service and analytics.
"""

from __future__ import annotations

import re

from inspector.consent.model import Choice, ChoiceKind, ConsentRecord, Purpose
from inspector.consent.parsing import maybe_percent_decode
from inspector.consent.platform_base import clean, no_choice, record
from inspector.consent.vendorlist import TcfVocabulary
from inspector.errors import ConsentFormatError
from inspector.i18n import _

_LEVELS: tuple[tuple[str, ChoiceKind, tuple[Purpose, ...]], ...] = (
    ("required", ChoiceKind.NECESSARY, ()),
    ("functional", ChoiceKind.OPTIONAL, (Purpose.REQUESTED_SERVICE, Purpose.ANALYTICS)),
    ("advertising", ChoiceKind.OPTIONAL, (Purpose.ADVERTISING,)),
)
_PREFERENCES = re.compile(r"([0-2]):.{0,64}")
_GDPR_PREFS = re.compile(r"(\d{1,2}(?:,\d{1,2}){0,20}):.{0,64}")
_CMAPI = re.compile(r"permit\s+(\d{1,2}(?:,\d{1,2}){0,20})(?:\s+[a-z]{1,20})?")
_BEHAVIOR = re.compile(r"[a-z]{1,20}(?:,[a-z]{1,20}){0,5}")


def decode_trustarc(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """Dispatch on the cookie name."""
    text = maybe_percent_decode(clean(value))
    if name == "notice_preferences":
        match = _PREFERENCES.fullmatch(text)
        if not match:
            raise ConsentFormatError(_("The value is not TrustArc's level (0:, 1: or 2:)."))
        return _levels(set(range(int(match.group(1)) + 1)))
    if name == "notice_gdpr_prefs":
        match = _GDPR_PREFS.fullmatch(text)
        if not match:
            raise ConsentFormatError(_("The value is not TrustArc's list of levels."))
        return _levels({int(i) for i in match.group(1).split(",")})
    if name == "cmapi_cookie_privacy":
        match = _CMAPI.fullmatch(text)
        if not match:
            raise ConsentFormatError(_("The value is not TrustArc's 'permit' list."))
        return _levels({int(i) - 1 for i in match.group(1).split(",")})
    if name == "notice_behavior":
        if not _BEHAVIOR.fullmatch(text):
            raise ConsentFormatError(_("The value is not TrustArc's region rule."))
        return no_choice("trustarc", f"it only records the consent rule for your region ({text})")
    return no_choice("trustarc", _("this TrustArc cookie holds no choice"))


def _levels(accepted: set[int]) -> ConsentRecord:
    choices = [
        Choice(label, index in accepted, purposes, kind)
        for index, (label, kind, purposes) in enumerate(_LEVELS)
    ]
    choices += [Choice(f"level {i}", True) for i in sorted(accepted) if i >= len(_LEVELS)]
    return record("trustarc", choices)
