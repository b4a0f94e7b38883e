"""Didomi's didomi_token: base64 of a JSON object
``{user_id, created, updated, purposes:{enabled,disabled}, purposes_li:{...},
vendors:{enabled,disabled}, vendors_li:{...}, version}``.

Since TCF v2 the token holds the site's custom purposes and vendors; the standard TCF ones are
in the euconsent-v2 cookie. Custom purpose ids (``analytics-NGqxWbmn``) are site-specific and
kept by their raw id; only Didomi's own fixed ids are mapped.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from inspector.consent.model import Choice, ChoiceKind, ConsentRecord, Purpose
from inspector.consent.parsing import (
    b64decode,
    iso_datetime,
    json_object,
    load_json,
    maybe_percent_decode,
    utf8,
)
from inspector.consent.platform_base import clean, record
from inspector.consent.vendorlist import TcfVocabulary
from inspector.errors import ConsentFormatError
from inspector.i18n import _

_AD = (Purpose.ADVERTISING,)
_AN = (Purpose.ANALYTICS,)

#: Didomi's fixed purpose ids (TCF v2 names and the older Didomi ones).
PURPOSES: Mapping[str, tuple[Purpose, ...]] = MappingProxyType(
    {
        "select_basic_ads": _AD,
        "create_ads_profile": _AD,
        "select_personalized_ads": _AD,
        "measure_ad_performance": _AD,
        "advertising_personalization": _AD,
        "ad_delivery": _AD,
        "measure_content_performance": _AN,
        "market_research": _AN,
        "improve_products": _AN,
        "analytics": _AN,
    }
)
_MAX_IDS = 2000


def decode_didomi(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """Decode didomi_token."""
    data = json_object(load_json(utf8(b64decode(maybe_percent_decode(clean(value))))))
    purposes = _states(data, "purposes", "purpose")
    vendors = _states(data, "vendors", "vendor")
    choices = [Choice(label, accepted, PURPOSES.get(raw, ())) for label, raw, accepted in purposes]
    # Vendors decide the role only when the token lists no purposes.
    vendor_kind = ChoiceKind.INFO if purposes else ChoiceKind.OPTIONAL
    choices += [Choice(label, accepted, (), vendor_kind) for label, _, accepted in vendors]
    moment = iso_datetime(data.get("updated")) or iso_datetime(data.get("created"))
    note = "" if choices else _("the standard TCF purposes, if any, are in the euconsent-v2 cookie")
    return record("didomi", choices, choice_time=moment, note=note)


def _states(data: dict[str, Any], key: str, word: str) -> list[tuple[str, str, bool]]:
    section = data.get(key)
    if section is None:
        return []
    if not isinstance(section, dict):
        raise ConsentFormatError(_("Didomi's {key} is not an object.").format(key=key))
    result: list[tuple[str, str, bool]] = []
    for state, accepted in (("enabled", True), ("disabled", False)):
        ids = section.get(state, [])
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise ConsentFormatError(
                _("Didomi's {key}.{state} is not a list of ids.").format(key=key, state=state)
            )
        if len(ids) > _MAX_IDS:
            raise ConsentFormatError(
                _("Didomi's {key}.{state} is far longer than any real one.").format(
                    key=key, state=state
                )
            )
        result += [(f"{word} {i}", i, accepted) for i in ids]
    return result
