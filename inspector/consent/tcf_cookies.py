"""Cookies holding an IAB TCF v2 TC string (euconsent-v2 and friends) and Google's
Additional Consent string (addtl_consent)."""

from __future__ import annotations

import re

from inspector.consent.model import (
    Choice,
    ChoiceKind,
    ConsentRecord,
    Decision,
    Purpose,
    build_record,
)
from inspector.consent.parsing import maybe_percent_decode
from inspector.consent.platform_base import PLATFORM_NAMES, clean
from inspector.consent.tcf import TCString, decode_tc_string
from inspector.consent.vendorlist import TcfVocabulary
from inspector.errors import ConsentFormatError
from inspector.i18n import _, list_separator, ngettext

#: TCF policy version that introduced purpose 11 (TCF 2.2).
_POLICY_WITH_PURPOSE_11 = 4
_AC_V1 = re.compile(r"1~((?:\d+(?:\.\d+)*)?)")
_AC_V2 = re.compile(r"2~((?:\d+(?:\.\d+)*)?)~dv\.((?:\d+(?:\.\d+)*)?)")


def decode_tcf_cookie(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """euconsent-v2, eupubconsent-v2, dm-euconsent-v2 ...: a TC string."""
    if name == "addtl_consent":
        return decode_additional_consent(name, value, vocab)
    tc = decode_tc_string(maybe_percent_decode(clean(value)))
    return tcf_record(tc, vocab, "tcf")


def tcf_record(
    tc: TCString,
    vocab: TcfVocabulary,
    platform: str,
    *,
    note: str = "",
    interacted: bool | None = None,
) -> ConsentRecord:
    """The record for a decoded TC string, reported under ``platform``.

    Purposes count for the role; special features are shown but do not. When purpose 1
    ("store or read information on your device") is refused, the app purposes it covers are
    refused too. When PurposeOneTreatment says purpose 1 was not asked, it is left out.
    """
    last_purpose = 11 if tc.tcf_policy_version >= _POLICY_WITH_PURPOSE_11 else 10
    choices = [
        Choice(f"Purpose {pid}: {info.name}", pid in tc.purpose_consents, info.app_purposes)
        for pid, info in sorted(vocab.purposes.items())
        if pid <= last_purpose and not (pid == 1 and tc.purpose_one_treatment)
    ]
    choices += [
        Choice(
            f"Special feature {fid}: {info.name}",
            fid in tc.special_feature_opt_ins,
            (),
            ChoiceKind.INFO,
        )
        for fid, info in sorted(vocab.special_features.items())
    ]
    overrides: dict[Purpose, Decision] = {}
    first = vocab.purposes.get(1)
    if first and not tc.purpose_one_treatment and 1 not in tc.purpose_consents:
        overrides = {purpose: Decision.REFUSED for purpose in first.refusal_covers}
    return build_record(
        platform,
        _(PLATFORM_NAMES[platform]),
        choices,
        choice_time=tc.last_updated,
        tcf=tc,
        interacted=interacted,
        note=_tcf_note(tc, vocab, note),
        overrides=overrides,
    )


def _tcf_note(tc: TCString, vocab: TcfVocabulary, extra: str) -> str:
    parts = [_("set by {platform}").format(platform=vocab.cmp_name(tc.cmp_id))]
    count = len(tc.vendor_consents.vendor_ids)
    consented = tc.vendor_consents.vendor_ids  # walk the known vendors, not 65,535 ids
    known = [vocab.vendors[v].name for v in sorted(vocab.vendors) if v in consented]
    vendors = ngettext(
        "{count} ad-tech vendor has your consent",
        "{count} ad-tech vendors have your consent",
        count,
    ).format(count=count)
    if known:
        if len(known) > 3:
            including = _("including {names} and others").format(names=", ".join(known[:3]))
        else:
            from inspector.localeformat import format_list  # Babel: only for this sentence

            including = _("including {names}").format(names=format_list(known))
        vendors += f" ({including})"
    parts.append(vendors)
    claimed = sorted(tc.purpose_legitimate_interests - tc.purpose_consents)
    if claimed:
        parts.append(
            ngettext(
                "{count} purpose is still claimed as a legitimate interest unless you object",
                "{count} purposes are still claimed as a legitimate interest unless you object",
                len(claimed),
            ).format(count=len(claimed))
        )
    if extra:
        parts.append(extra)
    return list_separator().join(parts)


def decode_additional_consent(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """Google's Additional Consent string: "1~id.id" or "2~id.id~dv.id.id".

    The ids are Google ad-technology providers outside the TCF; none consented means a
    refusal of advertising through them.
    """
    text = maybe_percent_decode(clean(value))
    match = _AC_V1.fullmatch(text) or _AC_V2.fullmatch(text)
    if not match:
        raise ConsentFormatError(
            _("The value is not an Additional Consent string (starting 1~ or 2~).")
        )
    consented = [int(i) for i in match.group(1).split(".") if i]
    count = len(consented)
    label = _("Google ad-tech providers outside the TCF")
    choice = Choice(label, count > 0, (Purpose.ADVERTISING,))
    note = ngettext(
        "{count} provider has your consent", "{count} providers have your consent", count
    ).format(count=count)
    return build_record("tcf", "Google Additional Consent", [choice], note=note)
