"""IAB TCF v2 TC strings: real strings from public documents, damaged strings, round trips."""

from __future__ import annotations

import base64
import contextlib
import string
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
from inspector.errors import ConsentFormatError

ALPHABET = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"

# Published in Adobe Experience League ("IAB TCF 2.0 support", Web SDK setConsent example) and
# used as the reference string of the CPAN module GDPR::IAB::TCFv2, whose test suite lists
# the expected values checked below.
ADOBE_EXAMPLE = (
    "CLcVDxRMWfGmWAVAHCENAXCkAKDAADnAABRgA5mdfCKZuYJez-NQm0TBMYA4oCAAGQYIAAAAAAEAIAEgAA"
    ".argAC0gAAAAAAAAAAAA"
)
ADOBE_VENDORS = frozenset(
    {2, 3, 6, 7, 8, 10, 12, 13, 14, 15, 16, 21, 25, 27, 30, 31, 34, 35, 37, 38, 39, 42, 43}
    | {49, 52, 54, 55, 56, 57, 59, 60, 63, 64, 65, 66, 67, 68, 69, 73, 74, 76, 78, 83, 86}
    | {87, 89, 90, 92, 96, 99, 100, 106, 109, 110, 114, 115}
)
ADOBE_VENDOR_LI = frozenset({1, 9, 26, 27, 30, 36, 37, 43, 86, 97, 110, 113})

# Axeptio headless API documentation, "Decode a TC string" (GET /mobile/tcf/decode) example,
# with the decoded fields the documentation shows (TCF 2.3, policy version 5).
AXEPTIO_EXAMPLE = "CQrQMwAQrQMwAEEABAENCyFoAOAAAEIAAAqIF5wAgAAgLzAvOACAvMAA.IAAA.YAAAAAAAAAAA"

# uBlock Origin Lite, rulesets/scripting/scriptlet/annoyances-cookies.trusted-set-cookie.js
# (uBlockOrigin/uBOL-home): the "reject all" euconsent-v2 value it writes for some sites.
UBOL_REJECT = "CPt3fQAPt3fQACNAFAENDLCgAAAAAAAAACiQAAAOCgDAB-AIsAZ8A6QDBAHBAAAA.YAAAAAAAAAAA"

NOW = datetime(2026, 11, 26, tzinfo=UTC)


def decode(text: str) -> TCString:
    return decode_tc_string(text, now=NOW)


# ------------------------------------------------------------------------------ real strings


def test_adobe_example_matches_published_values() -> None:
    # Reason: every core field of a real string against an independent decoder's test suite.
    tc = decode(ADOBE_EXAMPLE)
    assert int(tc.created.timestamp()) == 1228644257
    assert int(tc.last_updated.timestamp()) == 1326215413
    assert (tc.cmp_id, tc.cmp_version, tc.consent_screen) == (21, 7, 2)
    assert (tc.consent_language, tc.publisher_cc) == ("EN", "KM")
    assert (tc.vendor_list_version, tc.tcf_policy_version) == (23, 2)
    assert tc.is_service_specific and not tc.use_non_standard_texts
    assert not tc.purpose_one_treatment
    assert tc.purpose_consents == {1, 3, 9, 10}
    assert tc.purpose_legitimate_interests == {3, 4, 5, 8, 9, 10}
    assert tc.special_feature_opt_ins == {2}
    assert tc.vendor_consents.max_vendor_id == 115
    assert tc.vendor_consents.vendor_ids == ADOBE_VENDORS
    assert tc.vendor_legitimate_interests.vendor_ids == ADOBE_VENDOR_LI
    assert tc.publisher_tc is not None


def test_axeptio_example_matches_documented_decoding() -> None:
    # Reason: a TCF 2.3 string with range-encoded vendors and a disclosed-vendors segment.
    tc = decode(AXEPTIO_EXAMPLE)
    assert tc.created == tc.last_updated == datetime(2026, 9, 28, tzinfo=UTC)
    assert (tc.cmp_id, tc.cmp_version, tc.vendor_list_version) == (260, 1, 178)
    assert (tc.tcf_policy_version, tc.publisher_cc, tc.consent_language) == (5, "FR", "EN")
    assert tc.purpose_consents == {1, 2, 3}
    assert tc.purpose_legitimate_interests == {2, 7}
    assert tc.special_feature_opt_ins == {1}
    assert tc.vendor_consents.vendor_ids == {1, 755}
    assert tc.vendor_consents.encoding is VendorEncoding.RANGE
    assert tc.vendor_legitimate_interests.vendor_ids == {755}
    assert tc.disclosed_vendors is not None and tc.disclosed_vendors.vendor_ids == frozenset()
    assert tc.publisher_tc == PublisherTC()


def test_ublock_reject_string_has_no_consent() -> None:
    # Reason: a real "reject all" string: nothing consented, publisher TC segment present.
    tc = decode(UBOL_REJECT)
    assert tc.purpose_consents == frozenset()
    assert tc.vendor_consents.vendor_ids == frozenset()
    assert tc.special_feature_opt_ins == frozenset()
    assert tc.publisher_tc is not None


@pytest.mark.parametrize(
    "text",
    [ADOBE_EXAMPLE, AXEPTIO_EXAMPLE, UBOL_REJECT],
    ids=["adobe", "axeptio", "ublock-reject"],
)
def test_real_strings_reencode_to_an_equal_decoding(text: str) -> None:
    # Reason: our encoder writes what the decoder reads, for real inputs too.
    tc = decode(text)
    assert decode(encode_tc_string(tc)) == tc


# ------------------------------------------------------------------------------ bad strings


def _bits(*fields: tuple[int, int]) -> str:
    """Our own tiny encoder for hand-built bit streams: (value, width) pairs."""
    bits = "".join(format(value, f"0{width}b") for value, width in fields)
    bits += "0" * (-len(bits) % 6)
    return "".join(ALPHABET[int(bits[i : i + 6], 2)] for i in range(0, len(bits), 6))


def _core_prefix(created: int = 16_000_000_000) -> list[tuple[int, int]]:
    """Version .. PublisherCC of a plausible core segment (2020-09-13)."""
    return [
        (2, 6), (created, 36), (created, 36), (10, 12), (1, 12), (1, 6), (4, 6), (13, 6),
        (50, 12), (4, 6), (0, 1), (0, 1), (0, 12), (0, 24), (0, 24), (0, 1), (3, 6), (4, 6),
    ]  # fmt: skip


def _range_core(entries: list[tuple[int, int]], max_id: int) -> str:
    fields = [*_core_prefix(), (max_id, 16), (1, 1), (len(entries), 12)]
    for start, end in entries:
        fields += [(1, 1), (start, 16), (end, 16)] if end != start else [(0, 1), (start, 16)]
    fields += [(0, 16), (0, 1), (0, 12)]
    return _bits(*fields)


def test_hand_built_core_decodes() -> None:
    # Reason: the hand encoder used by the damage cases below produces a valid string.
    tc = decode(_range_core([(1, 3), (7, 7)], 10))
    assert tc.vendor_consents.vendor_ids == {1, 2, 3, 7}


BAD_STRINGS = [
    pytest.param("", id="empty"),
    pytest.param("BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASAAAAAAAAAA", id="tcf-v1"),
    pytest.param("DOEFEAyOEFEAyAHABDENAI4AAAB9vABAASAAAAAAAAAA", id="version-3"),
    pytest.param("BObdrPUOevsguAfDqFENCNAAAAAmeAAA.PVAfDObdrA", id="iab-spec-v1-example"),
    pytest.param("Clc", id="three-characters"),
    pytest.param("C" + "A" * 60, id="all-zero-dates"),
    pytest.param(ADOBE_EXAMPLE[:40], id="truncated-core"),
    pytest.param(ADOBE_EXAMPLE.split(".")[0][:-2], id="core-missing-last-characters"),
    pytest.param(UBOL_REJECT.split(".")[0] + ".Y", id="truncated-publisher-segment"),
    pytest.param(UBOL_REJECT + ".", id="empty-trailing-segment"),
    pytest.param(UBOL_REJECT.replace(".", ".."), id="empty-middle-segment"),
    pytest.param(UBOL_REJECT + ".YAAAAAAAAAAA", id="duplicate-publisher-segment"),
    pytest.param(UBOL_REJECT.split(".")[0] + "." + UBOL_REJECT.split(".")[0], id="second-core"),
    pytest.param(UBOL_REJECT.replace("-", "+"), id="standard-base64-alphabet"),
    pytest.param(UBOL_REJECT + "=", id="padding"),
    pytest.param(UBOL_REJECT.split(".")[0][:-1] + "_", id="nonzero-padding-bits"),
    pytest.param(" " + UBOL_REJECT, id="leading-space"),
    pytest.param("C" + "_" * 200_000, id="huge"),
    pytest.param(_range_core([(3, 5), (1, 2)], 10), id="ranges-out-of-order"),
    pytest.param(_range_core([(1, 4), (4, 6)], 10), id="ranges-overlap"),
    pytest.param(_range_core([(1, 12)], 10), id="range-beyond-max-vendor-id"),
    pytest.param(_range_core([(0, 0)], 10), id="vendor-id-zero"),
    pytest.param(_range_core([(5, 3)], 10), id="range-end-before-start"),
    pytest.param(_bits(*_core_prefix(created=40_000_000_000), (0, 16), (0, 1)), id="far-future"),
    pytest.param(
        _bits(*[(2, 6), (16_000_000_000, 36), (15_000_000_000, 36)], *_core_prefix()[3:]),
        id="updated-before-created",
    ),
    pytest.param(
        _bits(*_core_prefix()[:6], (26, 6), (13, 6), *_core_prefix()[8:]), id="language-not-letter"
    ),
]


@pytest.mark.parametrize("text", BAD_STRINGS)
def test_damaged_strings_are_unreadable(text: str) -> None:
    # Reason: a damaged or foreign string must never decode, in particular not as zeros.
    with pytest.raises(ConsentFormatError):
        decode(text)


def test_unknown_segment_types_are_skipped() -> None:
    # Reason: the spec allows segment types we do not know; they are skipped, not fatal.
    unknown = _bits((5, 3), (1234, 16))
    tc = decode(UBOL_REJECT + "." + unknown)
    assert tc.skipped_segment_types == (5,)
    assert tc.purpose_consents == frozenset()


# ------------------------------------------------------------------------------ round trips


def _base(**changes: object) -> TCString:
    tc = TCString(
        created=datetime(2024, 3, 1, 12, 30, tzinfo=UTC),
        last_updated=datetime(2024, 3, 2, 8, 0, 0, 500_000, tzinfo=UTC),
        cmp_id=300,
        cmp_version=2,
        consent_screen=1,
        consent_language="DE",
        vendor_list_version=120,
        tcf_policy_version=4,
        is_service_specific=True,
        use_non_standard_texts=False,
        special_feature_opt_ins=frozenset({1}),
        purpose_consents=frozenset({1, 2, 7, 8}),
        purpose_legitimate_interests=frozenset({2, 7, 9, 10}),
        purpose_one_treatment=False,
        publisher_cc="AT",
        vendor_consents=VendorSection.of({1, 2, 3, 755}),
        vendor_legitimate_interests=VendorSection.of({755}),
    )
    return replace(tc, **changes)  # type: ignore[arg-type]


ROUND_TRIPS = [
    pytest.param(_base(), id="bitfield-vendors"),
    pytest.param(
        _base(
            vendor_consents=VendorSection.of({1, 2, 3, 10, 755, 756}, VendorEncoding.RANGE),
            vendor_legitimate_interests=VendorSection(800, frozenset(), VendorEncoding.RANGE),
        ),
        id="range-vendors",
    ),
    pytest.param(_base(vendor_consents=VendorSection(0)), id="no-vendors"),
    pytest.param(
        _base(
            publisher_restrictions=(
                PublisherRestriction(2, RestrictionType.NOT_ALLOWED, frozenset({8, 9, 10, 755})),
                PublisherRestriction(7, RestrictionType.REQUIRE_CONSENT, frozenset({1})),
            )
        ),
        id="publisher-restrictions",
    ),
    pytest.param(
        _base(
            disclosed_vendors=VendorSection.of(range(1, 900), VendorEncoding.RANGE),
            allowed_vendors=VendorSection.of({5, 6}),
        ),
        id="disclosed-and-allowed-segments",
    ),
    pytest.param(
        _base(
            publisher_tc=PublisherTC(
                purpose_consents=frozenset({1, 3}),
                purpose_legitimate_interests=frozenset({2}),
                custom_purpose_count=3,
                custom_purpose_consents=frozenset({1, 3}),
                custom_purpose_legitimate_interests=frozenset({2}),
            )
        ),
        id="publisher-tc-with-custom-purposes",
    ),
    pytest.param(_base(purpose_one_treatment=True, is_service_specific=True), id="purpose-one"),
]


@pytest.mark.parametrize("tc", ROUND_TRIPS)
def test_encode_then_decode_is_identity(tc: TCString) -> None:
    # Reason: the encoder is the reference for building test strings; it must be exact.
    assert decode(encode_tc_string(tc)) == tc


def test_encoder_rejects_values_that_do_not_fit() -> None:
    # Reason: the encoder must not silently truncate fields.
    with pytest.raises(ValueError):
        encode_tc_string(_base(cmp_id=5000))
    with pytest.raises(ValueError):
        encode_tc_string(_base(consent_language="D1"))
    with pytest.raises(ValueError):
        VendorSection(3, frozenset({4}))


_DS_2000 = int(datetime(2000, 1, 1, tzinfo=UTC).timestamp() * 10)
_DS_2025 = int(datetime(2025, 12, 31, tzinfo=UTC).timestamp() * 10)


def _from_ds(ds: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=100 * ds)


@st.composite
def vendor_sections(draw: st.DrawFn, limit: int = 1500) -> VendorSection:
    max_id = draw(st.integers(0, limit))
    ids = draw(st.frozensets(st.integers(1, max_id), max_size=60)) if max_id else frozenset()
    return VendorSection(max_id, ids, draw(st.sampled_from(VendorEncoding)))


@st.composite
def tc_strings(draw: st.DrawFn) -> TCString:
    created = draw(st.integers(_DS_2000, _DS_2025))
    updated = draw(st.integers(created, _DS_2025))
    letters = st.text(string.ascii_uppercase, min_size=2, max_size=2)
    custom = draw(st.integers(0, 63))
    custom_ids = st.frozensets(st.integers(1, custom)) if custom else st.just(frozenset[int]())
    publisher = draw(
        st.none()
        | st.builds(
            PublisherTC,
            purpose_consents=st.frozensets(st.integers(1, 24)),
            purpose_legitimate_interests=st.frozensets(st.integers(1, 24)),
            custom_purpose_count=st.just(custom),
            custom_purpose_consents=custom_ids,
            custom_purpose_legitimate_interests=custom_ids,
        )
    )
    restriction = st.builds(
        PublisherRestriction,
        purpose_id=st.integers(1, 63),
        restriction_type=st.sampled_from(RestrictionType),
        vendor_ids=st.frozensets(st.integers(1, 65535), max_size=20),
    )
    return TCString(
        created=_from_ds(created),
        last_updated=_from_ds(updated),
        cmp_id=draw(st.integers(1, 4095)),
        cmp_version=draw(st.integers(0, 4095)),
        consent_screen=draw(st.integers(0, 63)),
        consent_language=draw(letters),
        vendor_list_version=draw(st.integers(1, 4095)),
        tcf_policy_version=draw(st.integers(0, 63)),
        is_service_specific=draw(st.booleans()),
        use_non_standard_texts=draw(st.booleans()),
        special_feature_opt_ins=draw(st.frozensets(st.integers(1, 12))),
        purpose_consents=draw(st.frozensets(st.integers(1, 24))),
        purpose_legitimate_interests=draw(st.frozensets(st.integers(1, 24))),
        purpose_one_treatment=draw(st.booleans()),
        publisher_cc=draw(letters),
        vendor_consents=draw(vendor_sections()),
        vendor_legitimate_interests=draw(vendor_sections()),
        publisher_restrictions=tuple(draw(st.lists(restriction, max_size=4))),
        disclosed_vendors=draw(st.none() | vendor_sections()),
        allowed_vendors=draw(st.none() | vendor_sections()),
        publisher_tc=publisher,
    )


@given(tc_strings())
@settings(max_examples=200, deadline=None)
def test_round_trip_property(tc: TCString) -> None:
    # Reason: any model the encoder accepts decodes back to an equal model.
    assert decode(encode_tc_string(tc)) == tc


@given(tc_strings(), st.data())
@settings(max_examples=100, deadline=None)
def test_every_truncation_of_a_core_segment_is_unreadable(
    tc: TCString, data: st.DataObject
) -> None:
    # Reason: "never decode as zeros": cutting characters off must always be detected.
    core = encode_tc_string(
        replace(tc, disclosed_vendors=None, allowed_vendors=None, publisher_tc=None)
    )
    cut = data.draw(st.integers(1, len(core) - 1))
    with pytest.raises(ConsentFormatError):
        decode(core[:cut])


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_arbitrary_text_decodes_or_is_unreadable(text: str) -> None:
    # Reason: decode_tc_string raises nothing but ConsentFormatError, whatever the input.
    with contextlib.suppress(ConsentFormatError):
        decode(text)


@given(st.binary(max_size=400))
@settings(max_examples=300, deadline=None)
def test_arbitrary_bytes_as_base64url_decode_or_are_unreadable(data: bytes) -> None:
    # Reason: random but well-formed base64url (starting like version 2) must not crash.
    text = base64.urlsafe_b64encode(b"\x08" + data).decode().rstrip("=")
    try:
        tc = decode(text)
    except ConsentFormatError:
        return
    assert tc.version == 2
    assert datetime(2000, 1, 1, tzinfo=UTC) <= tc.created <= tc.last_updated
