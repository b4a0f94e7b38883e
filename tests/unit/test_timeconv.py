"""Dates formatted from integers say what the datetime route says, edges included."""

from __future__ import annotations

import json
import random

import pytest

from inspector.timeconv import from_unix_micro, iso, iso_micro, quoted_iso_micro

EDGES = [
    (0, "the epoch"),
    (-1, "a microsecond before it (floor, not truncation)"),
    (1_793_534_399_999_999, "the last microsecond of a day"),
    (253_402_300_799_999_999, "the last moment of year 9999"),
    (253_402_300_800_000_000, "past year 9999: clamped like from_unix_micro"),
    (-62_135_596_800_000_000, "the first moment of year 1"),
    (-62_135_596_800_000_001, "before year 1: none"),
]


@pytest.mark.parametrize(("micro", "reason"), EDGES, ids=[reason for _, reason in EDGES])
def test_edges(micro: int, reason: str) -> None:
    assert iso_micro(micro) == iso(from_unix_micro(micro)), reason
    assert quoted_iso_micro(micro) == json.dumps(iso(from_unix_micro(micro))), reason


def test_many_moments_and_none() -> None:
    rng = random.Random(14)
    moments = [rng.randrange(-(10**17), 10**17) for _ in range(20_000)]
    assert [iso_micro(m) for m in moments] == [iso(from_unix_micro(m)) for m in moments]
    assert iso_micro(None) is None
    assert [quoted_iso_micro(m) for m in moments] == [
        json.dumps(iso(from_unix_micro(m))) for m in moments
    ]
    assert quoted_iso_micro(None) == "null"
