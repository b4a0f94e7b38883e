"""Platforms whose cookies mostly prove a record exists: Sourcepoint, consentmanager.net,
Quantcast, Osano, Usercentrics; the ad networks' opt-out cookies; and the generic fallback.

Where one of these cookies carries a TC string it is decoded; otherwise the record is present
and its choice is not readable.
"""

from __future__ import annotations

from inspector.consent.model import Choice, ConsentRecord, Purpose
from inspector.consent.parsing import maybe_percent_decode
from inspector.consent.platform_base import clean, find_tc_string, no_choice, record, unreadable
from inspector.consent.tcf_cookies import tcf_record
from inspector.consent.vendorlist import TcfVocabulary
from inspector.errors import ConsentFormatError
from inspector.i18n import _

#: Values that ad networks store when a person opts out (upper-cased before comparing).
OPT_OUT_MARKERS = frozenset({"OPT_OUT", "OPTOUT", "OPT-OUT"})
#: Cookie names whose opt-out value is special.
_OPT_OUT_VALUES = {"uuid2": "-1"}


def _tc_or(platform: str, value: str, vocab: TcfVocabulary, reason: str) -> ConsentRecord:
    tc = find_tc_string(maybe_percent_decode(clean(value)))
    if tc is None:
        return unreadable(platform, reason)
    return tcf_record(tc, vocab, platform)


def decode_sourcepoint(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """consentUUID, _sp_v1_*: identifiers of a record kept on Sourcepoint's servers."""
    return _tc_or(
        "sourcepoint",
        value,
        vocab,
        "Sourcepoint keeps the choice on its servers and in the euconsent-v2 cookie; "
        "this cookie only identifies the record",
    )


def decode_consentmanager(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """__cmpconsentx*, __cmpcvc, __cmpcpc ...: TC-string-like where it is one."""
    return _tc_or(
        "consentmanager",
        value,
        vocab,
        "this consentmanager.net cookie uses a private format",
    )


def decode_quantcast(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """Quantcast Choice stores the TCF string; other cookies are bookkeeping."""
    return _tc_or("quantcast", value, vocab, "this Quantcast Choice cookie holds no TC string")


def decode_osano(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """osano_consentmanager is an opaque blob; cookieconsent_status is allow/deny/dismiss."""
    if name == "cookieconsent_status":
        text = clean(value)
        if text == "dismiss":
            return no_choice("osano", _("it only says the banner was dismissed"), interacted=True)
        if text in ("allow", "deny"):
            choice = Choice("all optional cookies", text == "allow")
            return record("osano", [choice], interacted=True)
        raise ConsentFormatError(_("The value is not allow, deny or dismiss."))
    return unreadable("osano", "Osano stores the choice in an opaque form")


def decode_usercentrics(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """Usercentrics keeps choices in the browser's local storage, not in cookies."""
    if name == "uc_user_interaction" and clean(value) in ("true", "false"):
        answered = clean(value) == "true"
        note = _("it only says whether you answered the banner")
        return no_choice("usercentrics", note, interacted=answered)
    return unreadable(
        "usercentrics", "Usercentrics keeps the choice in the browser's local storage"
    )


def is_opt_out(name: str, value: str) -> bool:
    """Whether the value is an ad network's opt-out marker."""
    text = clean(value)
    return text.upper() in OPT_OUT_MARKERS or _OPT_OUT_VALUES.get(name) == text


def decode_opt_out(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """id=OPT_OUT (DoubleClick), ANID=OPT_OUT, uuid2=-1 ...: a refusal of advertising."""
    if is_opt_out(name, value):
        choice = Choice("personalised advertising", False, (Purpose.ADVERTISING,))
        note = _("deleting this cookie cancels the opt-out")
        return record("opt-out", [choice], interacted=True, note=note)
    if name == "GA_OPT_OUT" or name.startswith("ga-disable-"):
        # a cookie that exists only to say "no": its presence is the refusal
        choice = Choice("Google Analytics measurement", False, (Purpose.ANALYTICS,))
        note = _("deleting this cookie cancels the opt-out")
        return record("opt-out", [choice], interacted=True, note=note)
    return no_choice("opt-out", _("the value is not an opt-out marker"))


def decode_other(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """The generic fallback: a consent record this program cannot read."""
    tc = find_tc_string(clean(value)) if len(value) < 4096 else None
    if tc is not None:
        return tcf_record(tc, vocab, "other")
    return unreadable("other", "this program does not know how this site stores the choice")
