"""CookieYes: ``cookieyes-consent`` (``consentid:..,consent:no,action:yes,necessary:yes,
functional:no,analytics:no,performance:no,advertisement:no,other:no``) and the legacy
"GDPR Cookie Consent" plugin's ``cookielawinfo-checkbox-<category>=yes|no`` and
``viewed_cookie_policy=yes|no``."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from inspector.consent.model import Choice, ChoiceKind, ConsentRecord, Purpose
from inspector.consent.parsing import maybe_percent_decode, split_pairs
from inspector.consent.platform_base import clean, no_choice, record
from inspector.consent.vendorlist import TcfVocabulary
from inspector.errors import ConsentFormatError
from inspector.i18n import _

CATEGORIES: Mapping[str, tuple[ChoiceKind, tuple[Purpose, ...]]] = MappingProxyType(
    {
        "necessary": (ChoiceKind.NECESSARY, ()),
        "functional": (ChoiceKind.OPTIONAL, (Purpose.REQUESTED_SERVICE,)),
        "analytics": (ChoiceKind.OPTIONAL, (Purpose.ANALYTICS,)),
        "performance": (ChoiceKind.OPTIONAL, (Purpose.ANALYTICS,)),
        "advertisement": (ChoiceKind.OPTIONAL, (Purpose.ADVERTISING,)),
    }
)
_CHECKBOX = "cookielawinfo-checkbox-"
_META = {"consent", "action"}
_YES_NO = {"yes": True, "no": False}


def decode_cookieyes(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """Dispatch on the cookie name."""
    text = maybe_percent_decode(clean(value))
    if name.startswith(_CHECKBOX):
        return record("cookieyes", [_choice(name[len(_CHECKBOX) :], _yes_no(text))])
    if name == "viewed_cookie_policy":
        seen = _yes_no(text)
        note = (
            _("it only says you saw the banner")
            if seen
            else _("it says you have not seen the banner")
        )
        return no_choice("cookieyes", note, interacted=seen)
    if name == "cookieyes-consent":
        return _consent(text)
    return no_choice("cookieyes", _("this CookieYes cookie holds no choice"))


def _yes_no(text: str) -> bool:
    if text not in _YES_NO:
        raise ConsentFormatError(_("The value is not yes or no."))
    return _YES_NO[text]


def _choice(category: str, accepted: bool) -> Choice:
    kind, purposes = CATEGORIES.get(category, (ChoiceKind.OPTIONAL, ()))
    return Choice(category, accepted, purposes, kind)


def _consent(text: str) -> ConsentRecord:
    pairs = dict(split_pairs(text, ",", ":"))
    choices = [
        _choice(key, _YES_NO[state])
        for key, state in pairs.items()
        if key not in _META and state in _YES_NO
    ]
    action = pairs.get("action")
    interacted = _YES_NO.get(action) if action is not None else None
    note = (
        _("you did not answer the banner, so these are the site's defaults")
        if interacted is False
        else ""
    )
    return record("cookieyes", choices, interacted=interacted, note=note)
