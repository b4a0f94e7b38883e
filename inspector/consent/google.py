"""Google's own consent cookies and Funding Choices.

* ``CONSENT``: ``YES+...`` accepted, ``NO+...`` refused, ``PENDING+...`` not decided yet.
* ``SOCS``: base64 of a protobuf message. Field 1 (varint) is the choice: 1 = rejected
  ("CAE..."), 2 = accepted ("CAI..."). Field 2 holds the server build and language; field 3 is
  a message whose field 1 is the Unix time of the choice.
* ``FCCDCF`` (Funding Choices): URL-encoded JSON array; in Europe one entry holds a TC string.

Google's choice concerns personalised ads (and content); the measurement Google does in
either case is not a choice here, so these records speak about advertising only.
"""

from __future__ import annotations

from typing import Any

from inspector.consent.model import Choice, ConsentRecord, Purpose
from inspector.consent.parsing import b64decode, epoch_datetime, load_json, maybe_percent_decode
from inspector.consent.platform_base import clean, no_choice, record
from inspector.consent.tcf import TCString, decode_tc_string
from inspector.consent.tcf_cookies import tcf_record
from inspector.consent.vendorlist import TcfVocabulary
from inspector.errors import ConsentFormatError
from inspector.i18n import N_, _

_LABEL = N_("personalised ads and content")
_MAX_VARINT_BYTES = 10
_MAX_NESTING = 8


def decode_google_consent(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """Decode the old CONSENT cookie."""
    head = clean(value).partition("+")[0]
    if head == "YES":
        return record("google-consent", [Choice(_(_LABEL), True, (Purpose.ADVERTISING,))])
    if head == "NO":
        return record("google-consent", [Choice(_(_LABEL), False, (Purpose.ADVERTISING,))])
    if head == "PENDING":
        return no_choice(
            "google-consent", _("you have not answered Google's banner yet"), interacted=False
        )
    raise ConsentFormatError(_("The value does not start with YES+, NO+ or PENDING+."))


def decode_socs(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """Decode the SOCS cookie."""
    fields = _message(b64decode(maybe_percent_decode(clean(value))), 0)
    choice = fields.get(1)
    if choice not in (1, 2):
        raise ConsentFormatError(_("SOCS does not hold a known choice (1 or 2)."))
    moment = None
    when = fields.get(3)
    if isinstance(when, bytes):
        seconds = _message(when, 1).get(1)
        moment = epoch_datetime(seconds) if isinstance(seconds, int) else None
    accepted = choice == 2
    return record(
        "google-socs",
        [Choice(_(_LABEL), accepted, (Purpose.ADVERTISING,))],
        choice_time=moment,
        interacted=True,
    )


def _message(data: bytes, depth: int) -> dict[int, int | bytes]:
    """Read one protobuf message's top-level fields (last value wins)."""
    if depth > _MAX_NESTING:
        raise ConsentFormatError(_("The protobuf value is nested too deeply."))
    fields: dict[int, int | bytes] = {}
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if number == 0:
            raise ConsentFormatError(_("The protobuf value has a field number 0."))
        if wire == 0:
            fields[number], pos = _varint(data, pos)
        elif wire == 2:
            length, pos = _varint(data, pos)
            if pos + length > len(data):
                raise ConsentFormatError(_("The protobuf value is truncated."))
            fields[number] = data[pos : pos + length]
            pos += length
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            if pos + size > len(data):
                raise ConsentFormatError(_("The protobuf value is truncated."))
            fields[number] = int.from_bytes(data[pos : pos + size], "little")
            pos += size
        else:
            raise ConsentFormatError(_("The protobuf value uses an unknown wire type."))
    return fields


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    for count in range(_MAX_VARINT_BYTES):
        if pos + count >= len(data):
            raise ConsentFormatError(_("The protobuf value is truncated."))
        byte = data[pos + count]
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, pos + count + 1
    raise ConsentFormatError(_("The protobuf value has an overlong number."))


def decode_fccdcf(name: str, value: str, vocab: TcfVocabulary) -> ConsentRecord:
    """Decode Funding Choices' FCCDCF: find the TC string among the array's entries."""
    data = load_json(maybe_percent_decode(clean(value)))
    if not isinstance(data, list):
        raise ConsentFormatError(_("The value is not Funding Choices' JSON array."))
    strings = list(_strings(data, 0))
    error: ConsentFormatError | None = None
    for text in strings:
        if not text.startswith("C") or len(text) < 20:
            continue
        try:
            tc: TCString = decode_tc_string(text)
        except ConsentFormatError as exc:
            error = exc
            continue
        return tcf_record(tc, vocab, "funding-choices")
    if error is not None:
        raise error
    raise ConsentFormatError(
        _("It holds no TC string (outside Europe Funding Choices keeps other data).")
    )


def _strings(value: Any, depth: int) -> list[str]:
    if depth > _MAX_NESTING:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item, depth + 1)]
    return []
