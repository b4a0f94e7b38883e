"""What every platform decoder shares: platform names, the decoder type, record shortcuts."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from types import MappingProxyType

from inspector.consent.model import Choice, ConsentRecord, build_record, unreadable_record
from inspector.consent.tcf import TCString, decode_tc_string
from inspector.consent.vendorlist import TcfVocabulary
from inspector.errors import ConsentFormatError
from inspector.i18n import N_, _

#: Platform id -> the name people know it by.
PLATFORM_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "tcf": "IAB TCF",
        "onetrust": "OneTrust",
        "cookiebot": "Cookiebot",
        "didomi": "Didomi",
        "cookieyes": "CookieYes",
        "complianz": "Complianz",
        "borlabs": "Borlabs Cookie",
        "trustarc": "TrustArc",
        "sourcepoint": "Sourcepoint",
        "consentmanager": "consentmanager.net",
        "funding-choices": "Google Funding Choices",
        "klaro": "Klaro",
        "cc-cookie": "CookieConsent",
        "google-consent": N_("Google consent"),
        "google-socs": N_("Google consent"),
        "opt-out": N_("ad-network opt-out"),
        "osano": "Osano",
        "usercentrics": "Usercentrics",
        "quantcast": "Quantcast Choice",
        "iubenda": "iubenda",
        "civic": "Civic Cookie Control",
        "other": N_("consent"),
    }
)

#: A platform decoder: (cookie name, value, vocabulary) -> record. It may raise
#: ConsentFormatError; :func:`run_decoder` turns that into an unreadable record.
Decoder = Callable[[str, str, TcfVocabulary], ConsentRecord]

_TC_CANDIDATE = re.compile(r"(?<![A-Za-z0-9_-])C[A-Za-z0-9_-]{19,}(?:\.[A-Za-z0-9_-]+)*")
_MAX_CANDIDATES = 8


def record(
    platform: str,
    choices: Sequence[Choice],
    *,
    choice_time: datetime | None = None,
    tcf: TCString | None = None,
    interacted: bool | None = None,
    note: str = "",
) -> ConsentRecord:
    """A readable record for ``platform`` built from its categories."""
    return build_record(
        platform,
        _(PLATFORM_NAMES[platform]),
        choices,
        choice_time=choice_time,
        tcf=tcf,
        interacted=interacted,
        note=note,
    )


def no_choice(
    platform: str,
    note: str,
    *,
    choice_time: datetime | None = None,
    interacted: bool | None = None,
) -> ConsentRecord:
    """A readable record that states no choice (a dismissed banner, bookkeeping data ...)."""
    return record(platform, (), choice_time=choice_time, interacted=interacted, note=note)


def unreadable(platform: str, reason: str) -> ConsentRecord:
    """A record that is present but whose choice cannot be read."""
    return unreadable_record(platform, _(PLATFORM_NAMES[platform]), reason)


def run_decoder(
    decoder: Decoder, platform: str, name: str, value: str, vocab: TcfVocabulary
) -> ConsentRecord:
    """Run a decoder; a ConsentFormatError becomes an unreadable record with its message."""
    try:
        return decoder(name, value, vocab)
    except ConsentFormatError as exc:
        return unreadable(platform, exc.message)
    except (
        RecursionError,
        MemoryError,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
        OverflowError,
        UnicodeError,
    ):
        # a value of a shape no check foresaw: this record is unreadable, the scan goes on
        return unreadable(platform, _("The value has a form Cookie Inspector cannot read."))


def clean(value: str) -> str:
    """Strip blanks and one pair of surrounding double quotes (RFC 6265 quoted values)."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1].strip()
    return value


def find_tc_string(text: str) -> TCString | None:
    """The first embedded string that decodes as a valid TC string, or None."""
    for candidate in _TC_CANDIDATE.findall(text)[:_MAX_CANDIDATES]:
        try:
            return decode_tc_string(candidate)
        except ConsentFormatError:
            continue
    return None
