"""Tests of the Safari ``Cookies.binarycookies`` codec.

Most files here are made by ``HandFile``, a minimal builder written with ``struct.pack``
straight from the format description, so the parser is checked against bytes that the
module's own serializer did not make; the serializer is then checked against the same bytes.
"""

from __future__ import annotations

import math
import plistlib
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.errors import CorruptStoreError, EmptyStoreFileError, NotACookieStoreError
from inspector.stores import binarycookies as bc

FILE = "/Users/someone/Library/Cookies/Cookies.binarycookies"
TYPED_ERRORS = (EmptyStoreFileError, NotACookieStoreError, CorruptStoreError)
FUZZ = settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
HYPOTHESIS = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# --------------------------------------------------------------------------- hand builder

PLIST = plistlib.dumps({"NSHTTPCookieAcceptPolicy": 2}, fmt=plistlib.FMT_BINARY)
CANONICAL_ORDER = ("comment", "comment_url", "domain", "name", "path", "value")


@dataclass(frozen=True)
class Rec:
    """What ``hand_record`` writes; strings may be bytes to write invalid UTF-8."""

    domain: str | bytes = ".example.com"
    name: str | bytes = "sid"
    path: str | bytes = "/"
    value: str | bytes = "abc"
    flags: int = 0
    expires: float = 800_000_000.0
    created: float = 700_000_000.5
    comment: str | bytes | None = None
    comment_url: str | bytes | None = None
    field_at_4: int = 0
    field_at_12: int = 0
    extra_after_header: bytes = b""
    extra_after_strings: bytes = b""
    order: tuple[str, ...] = CANONICAL_ORDER

    def expected(self) -> bc.SafariRecord:
        """The record the parser should return for these bytes."""

        def text(raw: str | bytes | None) -> str | None:
            return raw.decode("utf-8", "surrogateescape") if isinstance(raw, bytes) else raw

        return bc.SafariRecord(
            domain=str(text(self.domain)),
            name=str(text(self.name)),
            path=str(text(self.path)),
            value=str(text(self.value)),
            expires=self.expires,
            created=self.created,
            flags=self.flags,
            comment=text(self.comment),
            comment_url=text(self.comment_url),
            field_at_4=self.field_at_4,
            field_at_12=self.field_at_12,
            extra_after_header=self.extra_after_header,
            extra_after_strings=self.extra_after_strings,
        )


def hand_record(rec: Rec) -> bytes:
    """One record: 56-byte little-endian header, extra bytes, NUL-terminated strings."""
    position = 56 + len(rec.extra_after_header)
    offsets = {"comment": 0, "comment_url": 0}
    body = b""
    for key in rec.order:
        raw = getattr(rec, key)
        if raw is None:
            continue
        encoded = (raw if isinstance(raw, bytes) else raw.encode("utf-8")) + b"\x00"
        offsets[key] = position
        body += encoded
        position += len(encoded)
    size = position + len(rec.extra_after_strings)
    header = struct.pack("<I", size)
    header += struct.pack("<I", rec.field_at_4)
    header += struct.pack("<I", rec.flags)
    header += struct.pack("<I", rec.field_at_12)
    for key in ("domain", "name", "path", "value", "comment", "comment_url"):
        header += struct.pack("<I", offsets[key])
    header += struct.pack("<d", rec.expires) + struct.pack("<d", rec.created)
    assert len(header) == 56
    return header + rec.extra_after_header + body + rec.extra_after_strings


@dataclass(frozen=True)
class HandPage:
    """A page and the ways a non-canonical writer might lay it out."""

    records: tuple[Rec, ...]
    gap: bytes = b""  # bytes between the records
    terminator: bytes = b"\x00\x00\x00\x00"
    reverse_table: bool = False  # list the offsets last record first


def hand_page(page: HandPage) -> bytes:
    """``00 00 01 00``, LE count, LE offsets, terminator, records."""
    blobs = [hand_record(rec) for rec in page.records]
    position = 4 + 4 + 4 * len(blobs) + 4
    offsets = []
    for blob in blobs:
        offsets.append(position)
        position += len(blob) + len(page.gap)
    if page.reverse_table:
        offsets.reverse()
    table = b"".join(struct.pack("<I", offset) for offset in offsets)
    body = b"".join(blob + page.gap for blob in blobs)
    return b"\x00\x00\x01\x00" + struct.pack("<I", len(blobs)) + table + page.terminator + body


def hand_checksum(pages: Sequence[bytes]) -> int:
    total = 0
    for page in pages:
        for index in range(0, len(page), 4):
            total += page[index]
    return total % 2**32


@dataclass(frozen=True)
class HandFile:
    """A whole file; ``checksum`` None means the correct one."""

    pages: tuple[HandPage, ...]
    plist: bytes = PLIST
    plist_length: int | None = None  # the footer's length field; None: len(plist)
    checksum: int | None = None

    def bytes(self) -> bytes:
        pages = [hand_page(page) for page in self.pages]
        checksum = hand_checksum(pages) if self.checksum is None else self.checksum
        length = len(self.plist) if self.plist_length is None else self.plist_length
        return (
            b"cook"
            + struct.pack(">I", len(pages))
            + b"".join(struct.pack(">I", len(page)) for page in pages)
            + b"".join(pages)
            + struct.pack(">I", checksum)
            + b"\x07\x17\x20\x05"
            + struct.pack(">I", length)
            + self.plist
        )

    def expected(self) -> bc.BinaryCookies:
        length = len(self.plist) if self.plist_length is None else self.plist_length
        return bc.BinaryCookies(
            pages=tuple(tuple(rec.expected() for rec in page.records) for page in self.pages),
            footer=b"\x07\x17\x20\x05" + struct.pack(">I", length),
            plist=self.plist,
        )


def one(*recs: Rec) -> HandFile:
    return HandFile((HandPage(recs),))


def patched(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    packed = struct.pack(fmt, value)
    return data[:offset] + packed + data[offset + len(packed) :]


# A one-page, one-record file. Byte map: 0 "cook", 4 page count, 8 page size, 12 page tag,
# 16 record count, 20 record offset, 24 terminator, 28 record (28 size, 36 flags,
# 44..64 string offsets, 68 expiry, 76 creation, 84 strings).
BASE = one(Rec()).bytes()
PAGE_END = 12 + struct.unpack_from(">I", BASE, 8)[0]

# A small file with everything optional present, for the truncation test.
SMALL = HandFile(
    (
        HandPage((Rec(comment="c", comment_url="u"), Rec(name="b"))),
        HandPage((Rec(domain="x.org", extra_after_header=b"\x50\x00", field_at_12=1),)),
    )
).bytes()

# --------------------------------------------------------------------------- valid files


@dataclass(frozen=True)
class ValidCase:
    file: HandFile
    reason: str


CANONICAL = [
    pytest.param(ValidCase(one(Rec()), "the simplest real layout"), id="one-record"),
    pytest.param(
        ValidCase(
            HandFile(
                (
                    HandPage((Rec(name="a"), Rec(name="b", flags=5))),
                    HandPage((Rec(domain="other.net"),)),
                    HandPage((Rec(domain=".third.org", value=""),)),
                )
            ),
            "Safari splits large jars into several pages",
        ),
        id="three-pages",
    ),
    pytest.param(
        ValidCase(
            one(Rec(comment="why", comment_url="https://example.com/policy")),
            "comment and comment URL come before the domain in real files",
        ),
        id="comment-and-url",
    ),
    pytest.param(
        ValidCase(one(Rec(comment="")), "an empty comment is not the same as no comment"),
        id="empty-comment",
    ),
    pytest.param(
        ValidCase(
            one(Rec(field_at_12=1, extra_after_header=struct.pack("<H", 8443))),
            "a port stored after the header must survive a rewrite untouched",
        ),
        id="port-bytes",
    ),
    pytest.param(
        ValidCase(
            one(Rec(field_at_4=1, extra_after_strings=b"\x01\x02\x03")),
            "unknown fields and trailing record bytes are kept raw",
        ),
        id="unknown-fields",
    ),
    pytest.param(ValidCase(HandFile(()), "a jar with no cookies at all"), id="zero-pages"),
    pytest.param(ValidCase(HandFile((HandPage(()),)), "an empty page is legal"), id="empty-page"),
    pytest.param(
        ValidCase(
            HandFile((HandPage((Rec(),)),), plist=PLIST + b"more"),
            "bytes after the plist are kept, not rejected",
        ),
        id="plist-with-trailing-bytes",
    ),
    pytest.param(
        ValidCase(HandFile((HandPage((Rec(),)),), plist=b""), "a footer length of 0 with no plist"),
        id="no-plist",
    ),
    pytest.param(
        ValidCase(
            one(Rec(domain="bücher.de", name="naïve", value="€ ✓ 🍪", path="/ü")),
            "non-ASCII text is UTF-8",
        ),
        id="unicode",
    ),
    pytest.param(
        ValidCase(
            one(Rec(value=b"\xff\xfe latin-1 \xe9")),
            "a value that is not UTF-8 is read, and kept byte for byte",
        ),
        id="value-not-utf8",
    ),
    pytest.param(
        ValidCase(
            one(Rec(flags=0xFFFF_FFFF, expires=-1.5, created=math.inf)),
            "extreme numbers are stored, not judged",
        ),
        id="extreme-numbers",
    ),
]


@pytest.mark.parametrize("case", CANONICAL)
def test_parse_hand_built_file(case: ValidCase) -> None:
    assert bc.parse(case.file.bytes()) == case.file.expected(), case.reason


@pytest.mark.parametrize("case", CANONICAL)
def test_serialize_matches_hand_built_bytes(case: ValidCase) -> None:
    assert bc.serialize(case.file.expected()) == case.file.bytes(), case.reason


@pytest.mark.parametrize("case", CANONICAL)
def test_canonical_file_round_trips_byte_for_byte(case: ValidCase) -> None:
    data = case.file.bytes()
    parsed = bc.parse(data)
    assert parsed.checksum_ok, case.reason
    assert parsed.stored_checksum == hand_checksum([hand_page(p) for p in case.file.pages])
    assert bc.serialize(parsed) == data, case.reason


NON_CANONICAL = [
    pytest.param(
        ValidCase(
            one(Rec(comment="c", order=("domain", "name", "path", "value", "comment"))),
            "another writer puts the comment after the value",
        ),
        id="strings-reordered",
    ),
    pytest.param(
        ValidCase(
            HandFile((HandPage((Rec(name="a"), Rec(name="b")), gap=b"\xee" * 4),)),
            "padding between records is allowed when reading",
        ),
        id="gap-between-records",
    ),
    pytest.param(
        ValidCase(
            HandFile((HandPage((Rec(),), terminator=b"\x01\x00\x00\x00"),)),
            "the offset-table terminator is not checked",
        ),
        id="nonzero-terminator",
    ),
    pytest.param(
        ValidCase(
            HandFile((HandPage((Rec(name="a"), Rec(name="b")), reverse_table=True),)),
            "records are returned in offset-table order, not file order",
        ),
        id="table-out-of-order",
    ),
    pytest.param(
        ValidCase(
            HandFile((HandPage((Rec(),)),), checksum=12345),
            "a wrong checksum does not hide readable cookies",
        ),
        id="wrong-checksum",
    ),
]


@pytest.mark.parametrize("case", NON_CANONICAL)
def test_non_canonical_file_is_read_and_normalised(case: ValidCase) -> None:
    data = case.file.bytes()
    parsed = bc.parse(data)
    expected = case.file.expected()
    if case.file.pages and case.file.pages[0].reverse_table:
        expected = bc.BinaryCookies((tuple(reversed(expected.pages[0])),))
    assert parsed == expected, case.reason
    rewritten = bc.serialize(parsed)
    assert rewritten != data, case.reason
    again = bc.parse(rewritten, verify_checksum=True)
    assert again == parsed, case.reason
    assert bc.serialize(again) == rewritten, case.reason


# --------------------------------------------------------------------------- fields


@pytest.mark.parametrize(
    ("flags", "secure", "http_only", "reason"),
    [
        pytest.param(0, False, False, "no attributes", id="none"),
        pytest.param(1, True, False, "bit 0 is Secure", id="secure"),
        pytest.param(4, False, True, "bit 2 is HttpOnly", id="httponly"),
        pytest.param(5, True, True, "both bits", id="both"),
        pytest.param(2, False, False, "bit 1 is neither", id="bit1-only"),
        pytest.param(0x18, False, False, "unknown bits 3 and 4 are neither", id="unknown-bits"),
        pytest.param(0x1D, True, True, "known bits read among unknown ones", id="mixed"),
    ],
)
def test_flags(flags: int, secure: bool, http_only: bool, reason: str) -> None:
    record = next(bc.parse(one(Rec(flags=flags)).bytes()).records())
    assert (record.secure, record.http_only, record.flags) == (secure, http_only, flags), reason


@pytest.mark.parametrize(
    ("seconds", "moment", "reason"),
    [
        pytest.param(0.0, datetime(2001, 1, 1, tzinfo=UTC), "the epoch itself", id="epoch"),
        pytest.param(
            721_692_800.0,
            datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC),
            "Unix 1700000000 minus the 978307200 s between 1970 and 2001",
            id="unix-1.7e9",
        ),
        pytest.param(
            -978_307_200.0, datetime(1970, 1, 1, tzinfo=UTC), "before 2001", id="unix-epoch"
        ),
        pytest.param(
            0.25,
            datetime(2001, 1, 1, 0, 0, 0, 250_000, tzinfo=UTC),
            "fractions of a second are kept",
            id="fraction",
        ),
        pytest.param(math.nan, None, "NaN is no time", id="nan"),
        pytest.param(math.inf, None, "infinity is no time", id="inf"),
        pytest.param(1e300, None, "beyond year 9999", id="huge"),
    ],
)
def test_time_conversion(seconds: float, moment: datetime | None, reason: str) -> None:
    record = next(bc.parse(one(Rec(expires=seconds, created=seconds)).bytes()).records())
    assert record.expires_utc == moment, reason
    assert record.created_utc == moment, reason
    assert bc.from_safari_time(seconds) == moment, reason
    if moment is not None:
        assert bc.to_safari_time(moment) == seconds, reason
        assert record.expires_utc is not None and record.expires_utc.tzinfo is not None


def test_to_safari_time_refuses_naive_datetime() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        bc.to_safari_time(datetime(2024, 1, 1))  # naive on purpose


def test_records_iterates_pages_in_order() -> None:
    names = ("a", "b", "c", "d")
    data = HandFile(
        (
            HandPage((Rec(name="a"), Rec(name="b"))),
            HandPage((Rec(name="c"),)),
            HandPage((Rec(name="d"),)),
        )
    ).bytes()
    parsed = bc.parse(data)
    assert tuple(record.name for record in parsed.records()) == names
    assert [len(page) for page in parsed.pages] == [2, 1, 1]


def test_value_that_is_not_utf8_is_kept_and_displayable() -> None:
    record = next(bc.parse(one(Rec(value=b"ok\xff")).bytes()).records())
    assert record.value_bytes == b"ok\xff"
    assert record.display_value == "ok\ufffd"


def test_default_plist_is_safaris_accept_policy() -> None:
    assert bc.DEFAULT_PLIST == PLIST
    assert len(PLIST) == struct.unpack(">I", bc.FOOTER[4:])[0] == 0x4B
    empty = bc.serialize(bc.BinaryCookies())
    assert empty == HandFile(()).bytes()
    assert bc.parse(empty) == bc.BinaryCookies()


# --------------------------------------------------------------------------- checksum


def test_checksum_mismatch_is_reported_not_fatal_by_default() -> None:
    good = BASE
    stored = struct.unpack_from(">I", good, PAGE_END)[0]
    bad = patched(good, PAGE_END, ">I", stored ^ 0xFF)
    parsed = bc.parse(bad, path=FILE)
    assert not parsed.checksum_ok
    assert parsed.stored_checksum == stored ^ 0xFF
    assert parsed == bc.parse(good)
    assert bc.serialize(parsed) == good  # a rewrite writes the right checksum


def test_checksum_mismatch_is_corrupt_when_verified() -> None:
    stored = struct.unpack_from(">I", BASE, PAGE_END)[0]
    bad = patched(BASE, PAGE_END, ">I", stored + 1)
    with pytest.raises(CorruptStoreError, match="checksum") as caught:
        bc.parse(bad, path=FILE, verify_checksum=True)
    assert FILE in str(caught.value)
    assert bc.parse(BASE, verify_checksum=True).checksum_ok


@pytest.mark.parametrize(
    ("page", "expected", "reason"),
    [
        pytest.param(b"", 0, "no bytes", id="empty"),
        pytest.param(bytes(range(1, 10)), 1 + 5 + 9, "bytes 0, 4 and 8", id="nine-bytes"),
        pytest.param(b"\xff" * 8, 0xFF * 2, "bytes are unsigned", id="high-bytes"),
    ],
)
def test_page_checksum(page: bytes, expected: int, reason: str) -> None:
    assert bc.page_checksum(page) == expected, reason


# --------------------------------------------------------------------------- bad files


def test_empty_file() -> None:
    with pytest.raises(EmptyStoreFileError) as caught:
        bc.parse(b"", path=FILE)
    assert FILE in str(caught.value)
    assert caught.value.path == Path(FILE)
    assert "quit Safari" in caught.value.describe()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"SQLite format 3\x00" + bytes(84), "a Chromium/Firefox DB", id="sqlite"),
        pytest.param(b"COOK" + BASE[4:], "the magic is case-sensitive", id="upper-case"),
        pytest.param(PLIST, "a plist, e.g. the wrong file in the folder", id="plist"),
        pytest.param(bytes(64), "zeros, e.g. a sparse file after a crash", id="zeros"),
        pytest.param(b"x", "one byte that cannot start 'cook'", id="one-byte"),
        pytest.param(b"\xef\xbb\xbfcook", "a BOM before the magic", id="bom"),
    ],
)
def test_wrong_magic(data: bytes, reason: str) -> None:
    with pytest.raises(NotACookieStoreError) as caught:
        bc.parse(data, path=FILE)
    assert FILE in str(caught.value), reason
    assert caught.value.advice, reason


def test_truncated_at_every_offset_is_corrupt() -> None:
    assert bc.parse(SMALL).checksum_ok
    tail = len(bc.FOOTER) + len(bc.DEFAULT_PLIST)
    # the two places where files of older systems end: after 07 17 20 05, and after the footer
    older_layouts = {len(SMALL) - tail + 4, len(SMALL) - tail + 8}
    for length in range(1, len(SMALL)):
        if length in older_layouts:
            continue
        with pytest.raises(CorruptStoreError) as caught:
            bc.parse(SMALL[:length], path=FILE)
        assert FILE in str(caught.value), f"cut at {length}"
        assert "quit Safari" in caught.value.describe(), f"cut at {length}"


def _overlapping() -> bytes:
    """One page whose offset table lists the same record twice."""
    record = hand_record(Rec())
    header_size = 4 + 4 + 2 * 4 + 4
    page = b"\x00\x00\x01\x00" + struct.pack("<III", 2, header_size, header_size) + bytes(4)
    page += record
    return (
        b"cook"
        + struct.pack(">II", 1, len(page))
        + page
        + struct.pack(">I", hand_checksum([page]))
        + bc.FOOTER
        + PLIST
    )


def _record_in_table() -> bytes:
    """A record that starts at the page's table terminator and otherwise looks plausible."""
    real = hand_record(Rec(field_at_12=56, created=0.0))
    page = b"\x00\x00\x01\x00" + struct.pack("<III", 1, 12, 4 + len(real)) + real
    return (
        b"cook"
        + struct.pack(">II", 1, len(page))
        + page
        + struct.pack(">I", hand_checksum([page]))
        + bc.FOOTER
        + PLIST
    )


NUL_FREE_END = BASE[: PAGE_END - 1] + b"x" + BASE[PAGE_END:]

CORRUPT = [
    pytest.param(
        patched(BASE, 4, ">I", 2**31), "page count 2**31 must not allocate", id="page-count-2**31"
    ),
    pytest.param(patched(BASE, 4, ">I", 0xFFFF_FFFF), "largest page count", id="page-count-max"),
    pytest.param(patched(BASE, 4, ">I", 2), "one page more than there is", id="page-count+1"),
    pytest.param(
        patched(BASE, 8, ">I", 0x7FFF_FFFF), "page size past the end", id="page-size-huge"
    ),
    pytest.param(patched(BASE, 8, ">I", 4), "a page smaller than its header", id="page-size-4"),
    pytest.param(patched(BASE, 12, ">I", 0x200), "page tag must be 00 00 01 00", id="page-tag"),
    pytest.param(
        patched(BASE, 16, "<I", 0xFFFF_FFFF), "record count past the page", id="record-count-max"
    ),
    pytest.param(
        patched(BASE, 16, "<I", 2), "offset table swallows the record", id="record-count+1"
    ),
    pytest.param(
        patched(BASE, 20, "<I", 10_000), "record offset past the page", id="record-offset-past-end"
    ),
    pytest.param(
        patched(BASE, 20, "<I", 0),
        "record offset inside the page header",
        id="record-offset-in-header",
    ),
    pytest.param(
        patched(BASE, 28, "<I", 20), "record smaller than its header", id="record-size-small"
    ),
    pytest.param(
        patched(BASE, 28, "<I", 10_000), "record size past the page", id="record-size-past-end"
    ),
    pytest.param(
        patched(BASE, 44, "<I", 5_000), "domain offset past the record", id="domain-offset-past-end"
    ),
    pytest.param(
        patched(BASE, 48, "<I", 8),
        "name offset inside the record header",
        id="name-offset-in-header",
    ),
    pytest.param(
        patched(BASE, 56, "<I", 0), "value offset 0 (only comments may be 0)", id="value-offset-0"
    ),
    pytest.param(
        patched(BASE, 60, "<I", 4_000),
        "comment offset past the record",
        id="comment-offset-past-end",
    ),
    pytest.param(NUL_FREE_END, "last string not NUL-terminated", id="no-nul"),
    pytest.param(one(Rec(name=b"\xff\xfe")).bytes(), "name is not UTF-8", id="name-not-utf8"),
    pytest.param(
        one(Rec(domain=b"a\xc3")).bytes(), "domain is cut mid-character", id="domain-not-utf8"
    ),
    pytest.param(one(Rec(comment=b"\x80")).bytes(), "comment is not UTF-8", id="comment-not-utf8"),
    pytest.param(
        _record_in_table(), "a record may not overlap the offset table", id="record-in-table"
    ),
    pytest.param(_overlapping(), "two table entries for one record", id="overlap"),
    pytest.param(patched(BASE, PAGE_END + 4, ">I", 0x0717_2006), "footer magic", id="footer-magic"),
    pytest.param(
        patched(BASE, PAGE_END + 8, ">I", 76),
        "plist shorter than the footer says",
        id="plist-short",
    ),
    pytest.param(b"cook" + struct.pack(">I", 0), "no checksum or footer", id="header-only"),
]


@pytest.mark.parametrize(("data", "reason"), CORRUPT)
def test_corrupt(data: bytes, reason: str) -> None:
    with pytest.raises(CorruptStoreError) as caught:
        bc.parse(data, path=FILE)
    error = caught.value
    assert FILE in str(error), reason
    assert error.path == Path(FILE), reason
    assert "quit Safari" in error.describe() and "damaged" in error.describe(), reason


def test_many_table_entries_for_one_record_fail_fast() -> None:
    record = hand_record(Rec())
    count = 20_000
    start = 12 + 4 * count
    page = b"\x00\x00\x01\x00" + struct.pack(f"<I{count}I", count, *([start] * count))
    page += bytes(4) + record
    data = b"cook" + struct.pack(">II", 1, len(page)) + page + bytes(4) + bc.FOOTER + PLIST
    with pytest.raises(CorruptStoreError, match="overlap"):
        bc.parse(data)


# --------------------------------------------------------------------------- without


@dataclass(frozen=True)
class WithoutCase:
    drop: str
    names_left: tuple[tuple[str, ...], ...]
    reason: str


WITHOUT = [
    pytest.param(WithoutCase("b", (("a",), ("c",)), "one record of a page"), id="one"),
    pytest.param(
        WithoutCase("c", (("a", "b"),), "the page that empties is dropped"), id="page-emptied"
    ),
    pytest.param(WithoutCase("zz", (("a", "b"), ("c",)), "nothing matches"), id="none"),
]


@pytest.mark.parametrize("case", WITHOUT)
def test_without(case: WithoutCase) -> None:
    data = HandFile((HandPage((Rec(name="a"), Rec(name="b"))), HandPage((Rec(name="c"),)))).bytes()
    parsed = bc.parse(data)
    left = bc.without(parsed, lambda record: record.name == case.drop)
    assert tuple(tuple(r.name for r in page) for page in left.pages) == case.names_left, case.reason
    assert left.stored_checksum is None and left.footer == parsed.footer
    assert left.plist == parsed.plist
    assert bc.parse(bc.serialize(left), verify_checksum=True) == left, case.reason


def test_without_everything_leaves_a_valid_empty_jar() -> None:
    left = bc.without(bc.parse(SMALL), lambda record: True)
    assert left.pages == ()
    assert bc.parse(bc.serialize(left)).pages == ()


# --------------------------------------------------------------------------- serialize args


@pytest.mark.parametrize(
    ("cookies", "reason"),
    [
        pytest.param(
            bc.BinaryCookies(((bc.SafariRecord("d", "n\x00", "/", "v", 0.0, 0.0),),)),
            "a NUL would end the string early",
            id="nul-in-name",
        ),
        pytest.param(
            bc.BinaryCookies(((bc.SafariRecord("d", "n", "/", "v\x00", 0.0, 0.0),),)),
            "a NUL in the value too",
            id="nul-in-value",
        ),
        pytest.param(
            bc.BinaryCookies(((bc.SafariRecord("d", "n", "/", "v", 0.0, 0.0, flags=-1),),)),
            "flags are unsigned",
            id="negative-flags",
        ),
        pytest.param(
            bc.BinaryCookies(((bc.SafariRecord("d", "n", "/", "v", 0.0, 0.0, field_at_4=2**32),),)),
            "a 4-byte field",
            id="field-too-big",
        ),
        pytest.param(bc.BinaryCookies(footer=b"\x00" * 8), "footer magic", id="footer-magic"),
        pytest.param(bc.BinaryCookies(footer=bc.FOOTER[:4]), "footer length", id="footer-short"),
        pytest.param(
            bc.BinaryCookies(plist=b"short"), "plist shorter than footer says", id="plist-short"
        ),
    ],
)
def test_serialize_refuses_what_the_format_cannot_hold(
    cookies: bc.BinaryCookies, reason: str
) -> None:
    with pytest.raises(ValueError):
        bc.serialize(cookies)


# --------------------------------------------------------------------------- properties


def _parse_or_typed_error(data: bytes) -> None:
    try:
        parsed = bc.parse(data, path=FILE)
    except TYPED_ERRORS as error:
        assert FILE in str(error)
        return
    bc.serialize(parsed)  # whatever parses can be written again


@FUZZ
@given(st.binary(max_size=512))
def test_arbitrary_bytes_give_only_typed_errors(data: bytes) -> None:
    _parse_or_typed_error(data)


@FUZZ
@given(st.binary(max_size=512))
def test_arbitrary_bytes_after_magic_give_only_typed_errors(data: bytes) -> None:
    _parse_or_typed_error(b"cook" + data)


@FUZZ
@given(
    st.lists(st.tuples(st.integers(0, len(SMALL) - 1), st.integers(0, 255)), max_size=8),
    st.integers(0, len(SMALL)),
    st.binary(max_size=16),
)
def test_damaged_valid_file_gives_only_typed_errors(
    changes: list[tuple[int, int]], cut: int, tail: bytes
) -> None:
    data = bytearray(SMALL)
    for index, byte in changes:
        data[index] = byte
    _parse_or_typed_error(bytes(data[:cut]) + tail)


TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)
VALUE = st.one_of(
    TEXT,
    st.binary(max_size=12)
    .filter(lambda raw: b"\x00" not in raw)
    .map(lambda raw: raw.decode("utf-8", "surrogateescape")),
)
U32 = st.integers(0, 2**32 - 1)
TIME = st.floats(allow_nan=False, width=64)
RECORDS = st.builds(
    bc.SafariRecord,
    domain=TEXT,
    name=TEXT,
    path=TEXT,
    value=VALUE,
    expires=TIME,
    created=TIME,
    flags=U32,
    comment=st.none() | TEXT,
    comment_url=st.none() | TEXT,
    field_at_4=U32,
    field_at_12=U32,
    extra_after_header=st.binary(max_size=6),
    extra_after_strings=st.binary(max_size=6),
)


@st.composite
def jars(draw: st.DrawFn) -> bc.BinaryCookies:
    pages = draw(st.lists(st.lists(RECORDS, max_size=4).map(tuple), max_size=3).map(tuple))
    plist = draw(st.binary(max_size=90))
    declared = draw(st.integers(0, len(plist)))
    footer = b"\x07\x17\x20\x05" + struct.pack(">I", declared)
    return bc.BinaryCookies(pages=pages, footer=footer, plist=plist)


@HYPOTHESIS
@given(jars())
def test_arbitrary_records_round_trip(cookies: bc.BinaryCookies) -> None:
    data = bc.serialize(cookies)
    parsed = bc.parse(data, verify_checksum=True)
    assert parsed == cookies
    assert parsed.checksum_ok
    assert bc.serialize(parsed) == data


@pytest.mark.parametrize(
    "tail",
    [bc.FOOTER_MAGIC, bc.FOOTER],
    ids=["ends-after-footer-magic", "ends-after-footer-without-plist"],
)
def test_older_files_without_length_or_plist_are_read(tail: bytes) -> None:
    """Older Safari/iOS files stop after the checksum and the footer: same cookies, same bytes."""
    current = bc.parse(SMALL)
    cut = SMALL[: len(SMALL) - len(bc.FOOTER) - len(bc.DEFAULT_PLIST)] + tail
    older = bc.parse(cut, path=FILE, verify_checksum=True)
    assert list(older.records()) == list(current.records())
    assert older.plist == b""
    assert bc.serialize(older) == cut
