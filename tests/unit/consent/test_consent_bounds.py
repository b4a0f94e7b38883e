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
    TCString,
    decode_tc_string,
    encode_tc_string,
)
from inspector.errors import ConsentFormatError
from inspector.psl import MAX_NAME_LENGTH, domain_suffixes
from tests.support.hostile import tc_string

NOW = datetime(2026, 11, 1, tzinfo=UTC)
EVERY_VENDOR = IdSet.from_ranges([(1, 65535)])


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
    text = tc_string(restrictions, bitfield_bits=65535 if bitfield else 0)
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
