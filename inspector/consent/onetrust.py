"""OneTrust: OptanonConsent (a query string) and OptanonAlertBoxClosed (an ISO date).

OptanonConsent looks like ``isGpcEnabled=0&datestamp=...&interactionCount=1&groups=C0001:1,
C0002:0,...`` (values percent-encoded, ``+`` for spaces). Older sites use numeric group ids
(``1:1,2:0``); sites may add their own groups (``STACK42``, ``BG57``, ``C0035``), which are
kept by their raw id. The meaning of the standard groups is configurable per site; the usual
one is used here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from inspector.consent.model import Choice, ChoiceKind, ConsentRecord, Purpose
from inspector.consent.parsing import http_or_js_date, iso_datetime, percent_decode
from inspector.consent.platform_base import clean, no_choice, record
from inspector.consent.vendorlist import TcfVocabulary
from inspector.errors import ConsentFormatError
from inspector.i18n import _, list_separator

_Group = tuple[str, ChoiceKind, tuple[Purpose, ...]]
_NECESSARY: _Group = ("strictly necessary", ChoiceKind.NECESSARY, ())
_PERFORMANCE: _Group = ("performance", ChoiceKind.OPTIONAL, (Purpose.ANALYTICS,))
_FUNCTIONAL: _Group = ("functional", ChoiceKind.OPTIONAL, (Purpose.REQUESTED_SERVICE,))
_TARGETING: _Group = ("targeting", ChoiceKind.OPTIONAL, (Purpose.ADVERTISING,))
_SOCIAL: _Group = ("social media", ChoiceKind.OPTIONAL, (Purpose.INTERACTIVE,))

#: The usual meaning of OneTrust's standard groups, new (C000n) and old (numeric) ids.
GROUPS: Mapping[str, _Group] = MappingProxyType(
    {
        "C0001": _NECESSARY,
        "C0002": _PERFORMANCE,
        "C0003": _FUNCTIONAL,
        "C0004": _TARGETING,
        "C0005": _SOCIAL,
        "1": _NECESSARY,
        "2": _PERFORMANCE,
        "3": _FUNCTIONAL,
        "4": _TARGETING,
    }
)
_MAX_GROUPS = 200


def decode_onetrust(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """Dispatch on the cookie name."""
    if name == "OptanonAlertBoxClosed":
        return _alert_box_closed(value)
    if name == "OptanonConsent":
        return _optanon_consent(value)
    return no_choice("onetrust", _("this OneTrust cookie holds no choice"))


def _alert_box_closed(value: str) -> ConsentRecord:
    moment = iso_datetime(percent_decode(clean(value)))
    if moment is None:
        raise ConsentFormatError(_("The value is not the date the banner was closed."))
    return no_choice(
        "onetrust",
        _("it only says when the banner was closed; the choices are in OptanonConsent"),
        choice_time=moment,
        interacted=True,
    )


def _fields(value: str) -> dict[str, str]:
    text = clean(value)
    if "=" not in text and "%3d" in text.lower():
        text = percent_decode(text)
    fields: dict[str, str] = {}
    for item in text.split("&"):
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise ConsentFormatError(_("The value is not OneTrust's key=value list."))
        fields[key] = percent_decode(raw, plus_is_space=True)
    return fields


def _optanon_consent(value: str) -> ConsentRecord:
    fields = _fields(value)
    choices = _groups(fields.get("groups", ""))
    moment = http_or_js_date(fields.get("datestamp", ""))
    count = fields.get("interactionCount", "")
    interacted = int(count) > 0 if count.isdigit() and len(count) < 10 else None
    notes = []
    if fields.get("isGpcEnabled") == "1":
        notes.append(_("your browser's Global Privacy Control signal was on"))
    if fields.get("AwaitingReconsent", "").lower() == "true":
        notes.append(_("the site is waiting to ask you again"))
    if interacted is False:
        notes.append(_("you did not answer the banner, so these are the site's defaults"))
    if not choices:
        notes.append(_("it lists no cookie groups"))
    return record(
        "onetrust",
        choices,
        choice_time=moment,
        interacted=interacted,
        note=list_separator().join(notes),
    )


def _groups(text: str) -> list[Choice]:
    states: dict[str, bool] = {}
    for item in text.split(","):
        if not item.strip():
            continue
        group, sep, state = item.strip().partition(":")
        if not sep or not group or state not in ("0", "1"):
            raise ConsentFormatError(_("The groups list is not group:0/1 pairs."))
        states[group] = state == "1"
        if len(states) > _MAX_GROUPS:
            raise ConsentFormatError(_("The groups list is far longer than any real one."))
    choices = []
    for group, accepted in states.items():
        known = GROUPS.get(group)
        if known:
            label, kind, purposes = known
            choices.append(Choice(f"{group} {label}", accepted, purposes, kind))
        else:
            choices.append(Choice(group, accepted))
    return choices
