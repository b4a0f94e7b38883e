"""Complianz (WordPress): one cookie per category, ``cmplz_<category>=allow|deny``, plus
``cmplz_banner-status=dismissed`` and bookkeeping cookies (policy id, consented services ...).
Complianz's "functional" category is always on, so it counts as necessary."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from inspector.consent.model import Choice, ChoiceKind, ConsentRecord, Purpose
from inspector.consent.parsing import maybe_percent_decode
from inspector.consent.platform_base import clean, no_choice, record
from inspector.consent.vendorlist import TcfVocabulary
from inspector.errors import ConsentFormatError
from inspector.i18n import _

PREFIX = "cmplz_"
CATEGORIES: Mapping[str, tuple[ChoiceKind, tuple[Purpose, ...]]] = MappingProxyType(
    {
        "functional": (ChoiceKind.NECESSARY, ()),
        "preferences": (ChoiceKind.OPTIONAL, (Purpose.REQUESTED_SERVICE,)),
        "statistics": (ChoiceKind.OPTIONAL, (Purpose.ANALYTICS,)),
        "statistics-anonymous": (ChoiceKind.OPTIONAL, (Purpose.ANALYTICS,)),
        "marketing": (ChoiceKind.OPTIONAL, (Purpose.ADVERTISING,)),
    }
)
_STATES = {"allow": True, "deny": False}
_WORD = re.compile(r"[a-z-]{1,20}")


def decode_complianz(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """Decode one Complianz cookie; which category it is comes from its name."""
    text = maybe_percent_decode(clean(value))
    category = name[len(PREFIX) :] if name.startswith(PREFIX) else name
    if category == "banner-status":
        if not _WORD.fullmatch(text):
            raise ConsentFormatError(_("The banner status is not a single word."))
        return no_choice(
            "complianz", f"it only says the banner is {text!r}", interacted=text == "dismissed"
        )
    if text in _STATES and (category in CATEGORIES or _WORD.fullmatch(category)):
        kind, purposes = CATEGORIES.get(category, (ChoiceKind.OPTIONAL, ()))
        return record("complianz", [Choice(category, _STATES[text], purposes, kind)])
    if category in CATEGORIES:
        raise ConsentFormatError(_("The value is not allow or deny."))
    return no_choice("complianz", _("this Complianz cookie is bookkeeping and holds no choice"))
