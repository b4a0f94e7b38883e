"""Hostile cookie values and hosts, shared by the fuzzing tests and benchmarks/bench_hostile.py.

Each value is something a website can set (a cookie value of at most 16 KB, the longest any
consent decoder accepts) and is built to make a decoder do as much work, or hold as much
memory, as its format allows: TCF ranges over every vendor repeated hundreds of times,
bitfields of 65,535 vendors, deeply nested JSON and JavaScript literals, thousands of
categories, percent-encoding inside base64 inside percent-encoding.
"""

from __future__ import annotations

import base64
import json
import struct
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import quote

from inspector.consent.idset import IdSet
from inspector.consent.tcf import (
    PublisherRestriction,
    RestrictionType,
    TCString,
    VendorEncoding,
    VendorSection,
    encode_tc_string,
)
from inspector.stores import binarycookies

LIMIT = 16 * 1024  # inspector.consent.parsing.MAX_VALUE_LENGTH
EVERY_VENDOR = IdSet.from_ranges([(1, 65535)])


def tc_string(restrictions: int = 0, *, bitfield_bits: int = 0) -> str:
    """A valid TC string: every vendor by range, or an alternating bitfield of that width."""
    if bitfield_bits:
        pattern = ("10" * (bitfield_bits // 2 + 1))[:bitfield_bits]
        if pattern.endswith("0"):
            pattern = pattern[:-1] + "1"
        section = VendorSection(bitfield_bits, IdSet.from_bitfield(pattern))
    else:
        section = VendorSection(65535, EVERY_VENDOR, VendorEncoding.RANGE)
    tc = TCString(
        created=datetime(2024, 1, 1, tzinfo=UTC),
        last_updated=datetime(2024, 1, 1, tzinfo=UTC),
        cmp_id=10,
        cmp_version=1,
        consent_screen=1,
        consent_language="EN",
        vendor_list_version=100,
        tcf_policy_version=4,
        is_service_specific=True,
        use_non_standard_texts=False,
        special_feature_opt_ins=frozenset({1}),
        purpose_consents=frozenset(range(1, 12)),
        purpose_legitimate_interests=frozenset(range(2, 12)),
        purpose_one_treatment=False,
        publisher_cc="FR",
        vendor_consents=section,
        vendor_legitimate_interests=section,
        publisher_restrictions=tuple(
            PublisherRestriction(1 + i % 24, RestrictionType(i % 3), EVERY_VENDOR)
            for i in range(restrictions)
        ),
    )
    return encode_tc_string(tc)


def _fill(prefix: str, item: str, suffix: str = "", limit: int = LIMIT) -> str:
    count = max(0, (limit - len(prefix) - len(suffix)) // len(item))
    return prefix + item * count + suffix


def _nested(opening: str, closing: str, depth: int) -> str:
    return opening * depth + closing * depth


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def consent_values() -> list[tuple[str, str]]:
    """(cookie name, value) pairs: one or more worst cases for every consent decoder."""
    deep_json = _nested("[", "]", 5000)
    wide_json = json.dumps({f"k{i}": [i, {"x": True}] for i in range(700)})[:LIMIT]
    tc = tc_string(600)
    values = [
        ("euconsent-v2", tc),  # ~5 KB: 600 restrictions over every vendor (the 1.9 GB cookie)
        ("euconsent-v2", tc_string(1500)[:LIMIT]),  # cut short: damaged, not a crash
        ("euconsent-v2", tc_string(bitfield_bits=48000)),  # two 48,000-bit fields
        ("eupubconsent-v2", quote(tc)),
        ("addtl_consent", _fill("2~", "65535.") + "~dv.1"),
        ("addtl_consent", _fill("1~", "9" * 30 + ".")),
        ("OptanonConsent", _fill("isGpcEnabled=0&groups=", "C0001%3A1%2C")),
        ("OptanonConsent", _fill("groups=", quote(quote("C0002:0,")))),
        ("OptanonConsent", "isIABGlobal=false&" + _fill("", "a=b&")),
        ("CookieConsent", _fill("{stamp:'x',necessary:true,", "a:{b:[", "}")),
        ("CookieConsent", "{" + _nested("[", "]", 4000) + "}"),
        ("CookieConsent", quote(_fill("{marketing:true,", "'x\\u0041':'\\\\',", "}"))),
        ("didomi_token", _b64(deep_json)[:LIMIT]),
        ("didomi_token", _b64(wide_json)[:LIMIT]),
        ("didomi_token", _b64(json.dumps({"purposes": {"enabled": ["x"] * 2000}}))[:LIMIT]),
        ("cookieyes-consent", _fill("consentid:x,", "analytics:yes,")),
        ("cmplz_marketing", "allow" * 3000),
        ("borlabs-cookie", quote(deep_json)[:LIMIT]),
        ("notice_preferences", _fill("", "2:")),
        ("FCCDCF", quote(deep_json)[:LIMIT]),
        ("FCCDCF", quote(json.dumps([None, None, None, [tc, "1~"]]))),
        ("klaro", quote(wide_json)[:LIMIT]),
        ("cc_cookie", deep_json[:LIMIT]),
        ("CONSENT", _fill("YES+", "cb.20210328-17-p0.en+FX+")),
        ("SOCS", _b64("\x08\x01\x12" + "\xff" * 8000)[:LIMIT]),
        ("uc_settings", quote(wide_json)[:LIMIT]),
        ("osano_consentmanager", _b64(wide_json)[:LIMIT]),
        ("_iub_cs-123", quote(deep_json)[:LIMIT]),
        ("CookieControl", quote(deep_json)[:LIMIT]),
        ("__cmpcc", _fill("", "1~")),
        ("_sp_v1_consent", _fill("", "1!")),
        ("id", "OPT_OUT" + "\x00" * 100),
    ]
    return [(name, value[:LIMIT]) for name, value in values]


def hosts() -> Iterator[str]:
    """Hosts no browser would write but a crafted store can hold."""
    yield "a." * 2000 + "example.com"
    yield "." * 3000 + "example.com"
    yield "x" * 4000 + ".example.com"
    yield "\x1b[2K\u202eevil.example"
    yield "EXAMPLE.COM."
    yield "[::1]"
    yield "127.0.0.1"


def safari_record(
    domain: bytes,
    name: bytes,
    expires: float,
    created: float,
    path: bytes = b"/",
    value: bytes = b"v",
    flags: int = 0,
) -> bytes:
    """One Cookies.binarycookies record holding exactly these bytes and numbers."""
    strings = [domain, name, path, value]
    offsets, position = [], 56
    for raw in strings:
        offsets.append(position)
        position += len(raw) + 1
    header = struct.pack("<10I2d", position, 0, flags, 0, *offsets, 0, 0, expires, created)
    return header + b"".join(raw + b"\x00" for raw in strings)


def safari_file(records: list[bytes]) -> bytes:
    """A whole file with one page holding ``records``."""
    table = 8 + 4 * len(records) + 4
    offsets, position = [], table
    for record in records:
        offsets.append(position)
        position += len(record)
    page = b"\x00\x00\x01\x00" + struct.pack(f"<I{len(records)}I", len(records), *offsets)
    page += bytes(4) + b"".join(records)
    checksum = binarycookies.page_checksum(page)
    return (
        b"cook"
        + struct.pack(">II", 1, len(page))
        + page
        + struct.pack(">I", checksum)
        + binarycookies.FOOTER
        + binarycookies.DEFAULT_PLIST
    )
