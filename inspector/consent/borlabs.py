"""Borlabs Cookie (WordPress): ``borlabs-cookie`` is URL-encoded JSON
``{"consents":{"essential":[...],"statistics":[...],"marketing":[...],"external-media":[...]},
"domainPath":...,"expires":...,"uid":...,"version":...}``.

Borlabs writes only the groups the person accepted, each with its accepted services. The
standard groups missing from the list therefore have no consent and count as refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from inspector.consent.model import Choice, ChoiceKind, ConsentRecord, Purpose
from inspector.consent.parsing import json_object, load_json, maybe_percent_decode
from inspector.consent.platform_base import clean, record
from inspector.consent.vendorlist import TcfVocabulary
from inspector.errors import ConsentFormatError
from inspector.i18n import _

GROUPS: Mapping[str, tuple[ChoiceKind, tuple[Purpose, ...]]] = MappingProxyType(
    {
        "essential": (ChoiceKind.NECESSARY, ()),
        "statistics": (ChoiceKind.OPTIONAL, (Purpose.ANALYTICS,)),
        "marketing": (ChoiceKind.OPTIONAL, (Purpose.ADVERTISING,)),
        "external-media": (ChoiceKind.OPTIONAL, (Purpose.INTERACTIVE,)),
    }
)


def decode_borlabs(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """Decode borlabs-cookie."""
    data = json_object(load_json(maybe_percent_decode(clean(value))))
    consents = data.get("consents")
    if not isinstance(consents, dict):
        raise ConsentFormatError(_("Borlabs' value has no consents object."))
    choices = []
    for group, services in consents.items():
        if not isinstance(services, list):
            raise ConsentFormatError(_("A Borlabs group does not list its services."))
        kind, purposes = GROUPS.get(group, (ChoiceKind.OPTIONAL, ()))
        choices.append(Choice(group, True, purposes, kind))
    for group, (kind, purposes) in GROUPS.items():
        if group not in consents and kind is ChoiceKind.OPTIONAL:
            choices.append(Choice(group, False, purposes, kind))
    return record("borlabs", choices)
