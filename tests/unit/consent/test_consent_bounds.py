"""Consent decoders run in time and memory that follow their input (issue #12).

A 4 KB ``euconsent-v2`` full of publisher restrictions once expanded to 1.9 GB; ranges now
stay ranges (``IdSet``). The memory figures are measured with tracemalloc, the ids checked
against plain frozensets.
"""

from __future__ import annotations

import tracemalloc
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.consent.idset import IdSet
from inspector.consent.tcf import (
    MAX_LENGTH,
    PublisherRestriction,
    RestrictionType,
    TCString,
    VendorEncoding,
    VendorSection,
    decode_tc_string,
    encode_tc_string,
)
from inspector.errors import ConsentFormatError
from inspector.psl import MAX_NAME_LENGTH, domain_suffixes

NOW = datetime(2026, 11, 1, tzinfo=UTC)
EVERY_VENDOR = IdSet.from_ranges([(1, 65535)])


def bomb(restrictions: int, *, bitfield: bool = False) -> str:
    """A TC string of the kind a site can set in one cookie: every vendor, many times over."""
    section = (
        VendorSection(65535, IdSet.from_bitfield("10" * 32767 + "1"), VendorEncoding.BITFIELD)
        if bitfield
        else VendorSection(65535, EVERY_VENDOR, VendorEncoding.RANGE)
    )
    tc = TCString(
        created=datetime(2024, 1, 1, tzinfo=UTC),
        last_updated=datetime(2024, 1, 1, tzinfo=UTC),
        cmp_id=1,
        cmp_version=1,
        consent_screen=1,
        consent_language="EN",
        vendor_list_version=1,
        tcf_policy_version=4,
        is_service_specific=True,
        use_non_standard_texts=False,
        special_feature_opt_ins=frozenset(),
        purpose_consents=frozenset({1}),
        purpose_legitimate_interests=frozenset(),
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


def peak_bytes(text: str) -> tuple[int, TCString]:
    tracemalloc.start()
    try:
        decoded = decode_tc_string(text, now=NOW)
        return tracemalloc.get_traced_memory()[1], decoded
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    ("restrictions", "bitfield"),
    [
        pytest.param(600, False, id="4KB-of-restrictions-over-every-vendor"),
        pytest.param(4095, False, id="the-most-restrictions-the-format-allows"),
        pytest.param(0, True, id="alternating-bitfield-of-65535-vendors"),
    ],
)
def test_decoding_memory_follows_the_string(restrictions: int, bitfield: bool) -> None:
    text = bomb(restrictions, bitfield=bitfield)
    if len(text) > MAX_LENGTH:
        with pytest.raises(ConsentFormatError, match="longer than any real one"):
            decode_tc_string(text, now=NOW)
        return
    peak, decoded = peak_bytes(text)
    assert peak < 200 * len(text) + 2_000_000, (peak, len(text))  # was 65,535 ints each
    assert len(decoded.publisher_restrictions) == restrictions
    assert all(len(r.vendor_ids) == 65535 for r in decoded.publisher_restrictions)
    assert 65535 in decoded.vendor_consents.vendor_ids
    assert len(decoded.vendor_consents.vendor_ids) == (32768 if bitfield else 65535)
    assert decoded == decode_tc_string(encode_tc_string(decoded), now=NOW)


ids = st.frozensets(st.integers(1, 300), max_size=60)


@settings(max_examples=200, deadline=None, database=None)
@given(ids, ids, st.integers(-5, 310))
def test_idset_behaves_like_a_frozenset(
    first: frozenset[int], second: frozenset[int], x: int
) -> None:
    as_ranges = IdSet(first)
    as_bits = IdSet.from_bitfield("".join("1" if i in first else "0" for i in range(1, 301)))
    for candidate in (as_ranges, as_bits):
        assert candidate == first and first == candidate
        assert len(candidate) == len(first)
        assert sorted(candidate) == sorted(first)
        assert (x in candidate) == (x in first)
        assert candidate | IdSet(second) == first | second
        assert candidate | second == first | second
        assert candidate - second == first - second
        assert candidate.max == max(first, default=0) and candidate.min == min(first, default=0)
    assert as_ranges == as_bits and hash(as_ranges) == hash(as_bits)
    overlapping = [(i, i + 3) for i in sorted(first)]
    assert IdSet.from_ranges(overlapping) == {j for i in first for j in range(i, i + 4)}


@pytest.mark.parametrize(
    "host",
    [
        pytest.param("a." * 100_000 + "example.com", id="100k-labels"),
        pytest.param("." * 50_000 + "example.com", id="50k-empty-labels"),
        pytest.param("x" * 200_000 + ".example.com", id="one-200k-label"),
        pytest.param("a." * 50_000 + "github.io", id="100k-labels-private-suffix"),
    ],
)
def test_domain_walk_of_a_huge_host_is_bounded(host: str) -> None:
    suffixes = domain_suffixes(host)
    assert suffixes[0] == host.strip(".").lower()
    assert len(suffixes) <= MAX_NAME_LENGTH // 2 + 2
    assert all(len(suffix) <= MAX_NAME_LENGTH for suffix in suffixes[1:])
    assert suffixes[-1] in ("example.com", "a.github.io")


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        pytest.param("news.bbc.co.uk", ["news.bbc.co.uk", "bbc.co.uk"], id="public-suffix"),
        pytest.param(".www.example.com.", ["www.example.com", "example.com"], id="dots"),
        pytest.param(
            "a.b.user.github.io",
            ["a.b.user.github.io", "b.user.github.io", "user.github.io"],
            id="private-suffix",
        ),
        pytest.param("localhost", ["localhost"], id="single-label"),
        pytest.param("192.168.1.1", ["192.168.1.1"], id="ip-stays-whole"),
    ],
)
def test_domain_walk_unchanged_for_real_hosts(host: str, expected: list[str]) -> None:
    assert domain_suffixes(host) == expected
