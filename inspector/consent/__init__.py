"""Consent-record decoders: turn a consent-management cookie's value into a structured choice.

Pure Python, no Qt; the only file read is the TCF vocabulary (resources/consent/tcf.toml).

    >>> record = decode_consent("CONSENT", "YES+cb.20210328-17-p0.en+FX+667")
    >>> record.role
    <Role.CONSENT: 'consent'>
"""

from __future__ import annotations

from inspector.consent.decode import COOKIE_NAMES, COOKIE_PREFIXES, decode_consent, recognise
from inspector.consent.model import (
    Choice,
    ChoiceKind,
    ConsentRecord,
    Decision,
    Purpose,
    Role,
)
from inspector.consent.platforms import DECODERS, PLATFORM_NAMES
from inspector.consent.tcf import (
    PublisherRestriction,
    PublisherTC,
    RestrictionType,
    TCString,
    VendorEncoding,
    VendorSection,
    decode_tc_string,
    encode_tc_string,
)
from inspector.consent.vendorlist import (
    DEFAULT_PATH,
    NamedId,
    TcfPurposeInfo,
    TcfVocabulary,
    VendorInfo,
    load_vocabulary,
)

__all__ = [
    "COOKIE_NAMES",
    "COOKIE_PREFIXES",
    "DECODERS",
    "DEFAULT_PATH",
    "PLATFORM_NAMES",
    "Choice",
    "ChoiceKind",
    "ConsentRecord",
    "Decision",
    "NamedId",
    "PublisherRestriction",
    "PublisherTC",
    "Purpose",
    "RestrictionType",
    "Role",
    "TCString",
    "TcfPurposeInfo",
    "TcfVocabulary",
    "VendorEncoding",
    "VendorInfo",
    "VendorSection",
    "decode_consent",
    "decode_tc_string",
    "encode_tc_string",
    "load_vocabulary",
    "recognise",
]
