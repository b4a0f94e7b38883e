"""Read and write Safari's ``Cookies.binarycookies`` file, in pure Python.

Layout (integers are unsigned 32-bit; BE = big-endian, LE = little-endian)::

    file    "cook" | BE page count | BE size of each page | pages
            | BE checksum | footer (8 bytes) | binary plist
    page    00 00 01 00 | LE record count | LE offset of each record (from the page start)
            | 00 00 00 00 | records
    record  LE size | LE field_at_4 | LE flags | LE field_at_12
            | LE offsets (from the record start) of domain, name, path, value,
              comment (0 = none), comment URL (0 = none)
            | LE float64 expiry | LE float64 creation  (56 bytes so far)
            | extra_after_header | NUL-terminated strings in the order comment,
              comment URL, domain, name, path, value | extra_after_strings

Flags: bit 0 Secure, bit 2 HttpOnly; every other bit is kept as stored. Times are float
seconds since 2001-01-01 00:00 UTC. The checksum is the sum, modulo 2**32, of every
4th byte of each page, starting at the page's byte 0. The footer is ``07 17 20 05``
``00 00 00 4b`` in every known file; other readers treat all 8 bytes as a constant, but
0x4b is exactly the length of the binary plist Safari writes after it
(``{"NSHTTPCookieAcceptPolicy": 2}``, 75 bytes), so this module reads the last 4 bytes
as that plist's BE length.

Decisions:

* Unknown data is kept raw so that a rewrite can preserve it: the two unknown 4-byte
  record fields (``field_at_4``, ``field_at_12``; one reverse-engineered description calls
  them "version" and "has port"), any bytes between the 56-byte record header and the
  first string (e.g. a 2-byte port), any bytes after the last string, the footer and the
  plist.
* Canonical layout: records follow their page's offset table back to back, in table
  order; strings follow each other in the order above; the page table terminator is
  zero; the checksum is right. For such files ``serialize(parse(x)) == x``.
  Other layouts are read as well and are normalised to the canonical one when
  written; gaps between strings or records, and a non-zero terminator, are not kept.
  A caller can detect this with ``serialize(parse(x)) != x``.
* Checksum mismatch: **not an error by default.** The checksum protects nothing a reader
  needs (every offset and length is bounds-checked anyway) and files written by other
  tools may carry a different value, so refusing them would hide readable cookies.
  The stored value is kept in ``BinaryCookies.stored_checksum`` and
  ``BinaryCookies.checksum_ok`` says whether it matched; ``parse(...,
  verify_checksum=True)`` raises ``CorruptStoreError`` instead, for callers about to
  rewrite the file. ``serialize`` always writes the correct checksum.
* Strings: domain, name, path, comment and comment URL must be valid UTF-8, else
  ``CorruptStoreError`` names the page, record and field. The value is decoded with
  ``errors="surrogateescape"``: no cookie is lost over one odd value, and the original
  bytes survive a rewrite (``errors="replace"`` would silently change the value of every
  such cookie the next time the file is written). Use ``SafariRecord.display_value`` for
  showing it and ``SafariRecord.value_bytes`` for the exact bytes. With
  ``strict_text=False`` (for readers, where one bad record must cost only itself) every
  string is decoded that way and the caller decides what to do with a record whose
  domain, name or path holds surrogate escapes; ``serialize`` writes them back byte for byte.
* The plist must be at least as long as the footer's length field says, so a file cut
  short inside it is reported as ``CorruptStoreError``; extra bytes after the plist are
  kept. Files written by older Safari and iOS versions end earlier, and are read: right
  after the checksum and ``07 17 20 05`` (no length, no plist), or right after the 8-byte
  footer with no plist at all. ``serialize`` writes such a file back as it was.
* Robustness: the file may hold anything (disk damage, other programs, a write in
  progress). Every count, size and offset is checked against the bytes that are really
  there before it is used, records of one page must not overlap (which also keeps the
  work linear in the file size), and nothing is allocated from a count alone. Malformed
  input raises only ``EmptyStoreFileError``, ``NotACookieStoreError`` or
  ``CorruptStoreError``. Invalid *arguments* to ``serialize`` raise ``ValueError``.
"""

from __future__ import annotations

import itertools
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeAlias

from inspector.errors import CorruptStoreError, EmptyStoreFileError, NotACookieStoreError
from inspector.i18n import _

__all__ = [
    "DEFAULT_PLIST",
    "FLAG_HTTP_ONLY",
    "FLAG_SECURE",
    "FOOTER",
    "SAFARI_EPOCH",
    "BinaryCookies",
    "Page",
    "SafariRecord",
    "from_safari_time",
    "page_checksum",
    "parse",
    "serialize",
    "to_safari_time",
    "without",
]

MAGIC = b"cook"
PAGE_TAG = b"\x00\x00\x01\x00"
PAGE_TERMINATOR = b"\x00\x00\x00\x00"
FOOTER_MAGIC = b"\x07\x17\x20\x05"
FOOTER = FOOTER_MAGIC + b"\x00\x00\x00\x4b"
#: The plist Safari writes after the footer: {"NSHTTPCookieAcceptPolicy": 2}, 75 bytes.
DEFAULT_PLIST = bytes.fromhex(
    "62706c6973743030d101025f10184e5348545450436f6f6b6965416363657074506f6c696379"
    "1002080b260000000000000101000000000000000300000000000000000000000000000028"
)
SAFARI_EPOCH = datetime(2001, 1, 1, tzinfo=UTC)
FLAG_SECURE = 0x1
FLAG_HTTP_ONLY = 0x4

_RECORD_HEADER = struct.Struct("<10I2d")
_PAGE_HEADER_SIZE = 8  # tag + record count; the offsets and the terminator follow
_FILE_TAIL_SIZE = 4 + len(FOOTER_MAGIC)  # checksum + footer magic: the shortest (older) tail
_U32_MAX = 0xFFFFFFFF
_TEXT_FIELDS = ("comment", "comment_url", "domain", "name", "path", "value")  # file order

_CORRUPT_ADVICE = (
    "If Safari is open it may be rewriting the file: quit Safari and try again. "
    "If the error remains, the file is damaged; Safari will recreate it."
)
_EMPTY_ADVICE = (
    "Safari may be rewriting it: quit Safari and try again. "
    "If it stays empty, Safari has no cookies stored in it."
)
_NOT_A_STORE_ADVICE = (
    "Choose Safari's Cookies.binarycookies file (in "
    "~/Library/Containers/com.apple.Safari/Data/Library/Cookies or ~/Library/Cookies)."
)


def from_safari_time(seconds: float) -> datetime | None:
    """Seconds since 2001-01-01 UTC as an aware UTC datetime; None if not representable."""
    try:
        return SAFARI_EPOCH + timedelta(seconds=seconds)
    except (OverflowError, ValueError):  # inf, NaN, or beyond the years 1..9999
        return None


def to_safari_time(moment: datetime) -> float:
    """An aware datetime as float seconds since 2001-01-01 UTC."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("to_safari_time needs a timezone-aware datetime")
    return (moment - SAFARI_EPOCH) / timedelta(seconds=1)


@dataclass(frozen=True, slots=True)
class SafariRecord:
    """One cookie record, with every field the file holds, known or not."""

    domain: str
    name: str
    path: str
    value: str
    expires: float
    """Expiry, float seconds since 2001-01-01 UTC (see ``expires_utc``)."""
    created: float
    """Creation, float seconds since 2001-01-01 UTC (see ``created_utc``)."""
    flags: int = 0
    comment: str | None = None
    comment_url: str | None = None
    field_at_4: int = 0
    """Unknown 4-byte field at record offset 4, kept as stored."""
    field_at_12: int = 0
    """Unknown 4-byte field at record offset 12, kept as stored."""
    extra_after_header: bytes = b""
    """Bytes between the 56-byte record header and the first string, kept as stored."""
    extra_after_strings: bytes = b""
    """Bytes after the last string up to the record's end, kept as stored."""

    @property
    def secure(self) -> bool:
        """The cookie is sent over HTTPS only (flag bit 0)."""
        return bool(self.flags & FLAG_SECURE)

    @property
    def http_only(self) -> bool:
        """The cookie is hidden from scripts (flag bit 2)."""
        return bool(self.flags & FLAG_HTTP_ONLY)

    @property
    def expires_utc(self) -> datetime | None:
        """Expiry as a UTC datetime, or None if the stored number is not a usable time."""
        return from_safari_time(self.expires)

    @property
    def created_utc(self) -> datetime | None:
        """Creation as a UTC datetime, or None if the stored number is not a usable time."""
        return from_safari_time(self.created)

    @property
    def value_bytes(self) -> bytes:
        """The value exactly as stored in the file."""
        return self.value.encode("utf-8", "surrogateescape")

    @property
    def display_value(self) -> str:
        """The value for showing to a person: bytes that are not UTF-8 become U+FFFD."""
        return self.value_bytes.decode("utf-8", "replace")


Page: TypeAlias = tuple[SafariRecord, ...]


@dataclass(frozen=True, slots=True)
class BinaryCookies:
    """A whole ``Cookies.binarycookies`` file: pages of records plus the trailing data.

    ``stored_checksum`` and ``checksum_ok`` describe the file this was parsed from (None and
    True otherwise); they take no part in equality, because ``serialize`` always writes
    the correct checksum.
    """

    pages: tuple[Page, ...] = ()
    footer: bytes = FOOTER
    plist: bytes = DEFAULT_PLIST
    stored_checksum: int | None = field(default=None, compare=False)
    checksum_ok: bool = field(default=True, compare=False)

    def records(self) -> Iterator[SafariRecord]:
        """Every record, page by page, in file order."""
        for page in self.pages:
            yield from page


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class _Source:
    """The file's bytes, its name for messages, and bounds-checked access."""

    data: bytes
    path: str | Path
    strict_text: bool = True

    def fail(self, detail: str) -> CorruptStoreError:
        """A CorruptStoreError that names the file and says what to do."""
        return CorruptStoreError(
            _("Safari's cookie file {path} is damaged or incomplete: {detail}.").format(
                path=self.path, detail=detail
            ),
            path=self.path,
            advice=_CORRUPT_ADVICE,
        )

    def need(self, start: int, length: int, limit: int, what: str) -> None:
        """Fail unless ``data[start:start + length]`` lies within ``data[:limit]``."""
        if start < 0 or length < 0 or start + length > min(limit, len(self.data)):
            raise self.fail(f"{what} (byte {start}, {length} bytes) runs past byte {limit}")

    def u32(self, offset: int, limit: int, what: str, *, big_endian: bool) -> int:
        """A bounds-checked unsigned 32-bit integer."""
        self.need(offset, 4, limit, what)
        return int.from_bytes(self.data[offset : offset + 4], "big" if big_endian else "little")


def parse(
    data: bytes,
    *,
    path: str | Path = "<memory>",
    verify_checksum: bool = False,
    strict_text: bool = True,
) -> BinaryCookies:
    """Parse a ``Cookies.binarycookies`` file.

    ``path`` only names the file in error messages. Raises ``EmptyStoreFileError``,
    ``NotACookieStoreError`` or ``CorruptStoreError``, and with ``verify_checksum`` also
    ``CorruptStoreError`` for a checksum mismatch (see the module docstring).
    """
    src = _Source(bytes(data), path, strict_text)
    _check_magic(src)
    sizes = _page_sizes(src)
    start = 8 + 4 * len(sizes)
    pages: list[Page] = []
    checksum = 0
    for index, size in enumerate(sizes):
        pages.append(_parse_page(src, start, size, index))
        checksum += page_checksum(src.data[start : start + size])
        start += size
    checksum &= _U32_MAX
    stored = src.u32(start, len(src.data), "the checksum", big_endian=True)
    if verify_checksum and stored != checksum:
        raise src.fail(f"the stored checksum {stored:#010x} does not match {checksum:#010x}")
    footer, plist = _tail(src, start + 4)
    return BinaryCookies(tuple(pages), footer, plist, stored, stored == checksum)


def page_checksum(page: bytes) -> int:
    """The checksum contribution of one page: the sum of every 4th byte from byte 0."""
    return sum(page[0::4])


def _check_magic(src: _Source) -> None:
    """Tell an empty file, a cut-off header and a foreign file apart."""
    if not src.data:
        raise EmptyStoreFileError(
            _("Safari's cookie file {path} is empty (0 bytes).").format(path=src.path),
            path=src.path,
            advice=_EMPTY_ADVICE,
        )
    if len(src.data) < len(MAGIC) and MAGIC.startswith(src.data):
        raise src.fail(f"it ends after {len(src.data)} bytes, inside the file header")
    if not src.data.startswith(MAGIC):
        raise NotACookieStoreError(
            _("{path} is not a Safari cookie file: it does not start with 'cook'.").format(
                path=src.path
            ),
            path=src.path,
            advice=_NOT_A_STORE_ADVICE,
        )


def _page_sizes(src: _Source) -> tuple[int, ...]:
    """The page-size table, after checking that it and the pages fit in the file."""
    count = src.u32(4, len(src.data), "the page count", big_endian=True)
    table_end = 8 + 4 * count
    if table_end > len(src.data):
        raise src.fail(f"it claims {count} pages, more than its {len(src.data)} bytes can hold")
    sizes = struct.unpack_from(f">{count}I", src.data, 8)
    needed = table_end + sum(sizes) + _FILE_TAIL_SIZE
    if needed > len(src.data):
        raise src.fail(
            f"it needs {needed} bytes for {count} page(s) and the trailer, not {len(src.data)}"
        )
    return tuple(int(size) for size in sizes)


def _tail(src: _Source, start: int) -> tuple[bytes, bytes]:
    """The footer and the plist after it; the plist must be as long as the footer says.

    Older files stop after the footer's magic, or after the footer without a plist.
    """
    src.need(start, len(FOOTER_MAGIC), len(src.data), "the footer")
    if len(src.data) - start == len(FOOTER_MAGIC):
        footer = src.data[start:]
        if footer != FOOTER_MAGIC:
            raise src.fail(f"the footer after the pages is {footer.hex(' ')}, not 07 17 20 05")
        return footer, b""
    src.need(start, len(FOOTER), len(src.data), "the footer")
    footer = src.data[start : start + len(FOOTER)]
    if not footer.startswith(FOOTER_MAGIC):
        raise src.fail(f"the footer after the pages is {footer.hex(' ')}, not 07 17 20 05 ...")
    declared = int.from_bytes(footer[4:], "big")
    plist = src.data[start + len(FOOTER) :]
    if plist and len(plist) < declared:
        raise src.fail(
            f"the plist after the footer is {len(plist)} bytes, the footer says {declared}"
        )
    return footer, plist


def _parse_page(src: _Source, start: int, size: int, index: int) -> Page:
    """One page: header, offset table, then its records."""
    end = start + size
    where = f"page {index + 1}"
    src.need(start, _PAGE_HEADER_SIZE, end, f"the header of {where}")
    if src.data[start : start + 4] != PAGE_TAG:
        raise src.fail(f"{where} does not start with 00 00 01 00")
    count = src.u32(start + 4, end, f"the record count of {where}", big_endian=False)
    table_end = start + _PAGE_HEADER_SIZE + 4 * count + len(PAGE_TERMINATOR)
    if table_end > end:
        raise src.fail(f"{where} claims {count} records, more than its {size} bytes can hold")
    offsets = struct.unpack_from(f"<{count}I", src.data, start + _PAGE_HEADER_SIZE)
    spans = [
        _record_span(src, start + int(o), table_end, end, f"{where}, record {i + 1}")
        for i, o in enumerate(offsets)
    ]
    _check_disjoint(src, spans, where)
    return tuple(
        _parse_record(src, begin, length, f"{where}, record {i + 1}")
        for i, (begin, length) in enumerate(spans)
    )


def _record_span(src: _Source, begin: int, table_end: int, end: int, where: str) -> tuple[int, int]:
    """Where a record starts and how long it is, checked against its page."""
    if begin < table_end:
        raise src.fail(f"{where} starts inside its page's header")
    length = src.u32(begin, end, f"the size of {where}", big_endian=False)
    if length < _RECORD_HEADER.size:
        raise src.fail(f"{where} is {length} bytes, less than a record header")
    src.need(begin, length, end, where)
    return begin, length


def _check_disjoint(src: _Source, spans: list[tuple[int, int]], where: str) -> None:
    """Records of one page must not overlap."""
    ordered = sorted(spans)
    for (first, first_len), (second, _length) in itertools.pairwise(ordered):
        if first + first_len > second:
            raise src.fail(f"two records of {where} overlap at byte {second}")


def _parse_record(src: _Source, begin: int, length: int, where: str) -> SafariRecord:
    """One record whose span is already known to lie inside its page."""
    (_, field_4, flags, field_12, *offsets, expires, created) = _RECORD_HEADER.unpack_from(
        src.data, begin
    )
    domain, name, path, value, comment, comment_url = (int(o) for o in offsets)
    located = {"domain": domain, "name": name, "path": path, "value": value}
    located.update({k: v for k, v in (("comment", comment), ("comment_url", comment_url)) if v})
    raw = {
        key: _raw_string(src, begin, length, off, f"{where}, {key}") for key, off in located.items()
    }
    first = min(located.values())
    last_end = max(located[key] + len(raw[key]) + 1 for key in located)
    text = {key: _decode(src, raw[key], key, where) for key in raw}
    return SafariRecord(
        domain=text["domain"],
        name=text["name"],
        path=text["path"],
        value=text["value"],
        expires=float(expires),
        created=float(created),
        flags=int(flags),
        comment=text.get("comment"),
        comment_url=text.get("comment_url"),
        field_at_4=int(field_4),
        field_at_12=int(field_12),
        extra_after_header=src.data[begin + _RECORD_HEADER.size : begin + first],
        extra_after_strings=src.data[begin + last_end : begin + length],
    )


def _raw_string(src: _Source, begin: int, length: int, offset: int, what: str) -> bytes:
    """The bytes of a NUL-terminated string at ``offset`` inside a record."""
    if not _RECORD_HEADER.size <= offset < length:
        raise src.fail(f"{what} has offset {offset}, outside the record's text area")
    nul = src.data.find(b"\x00", begin + offset, begin + length)
    if nul < 0:
        raise src.fail(f"{what} is not terminated inside its record")
    return src.data[begin + offset : nul]


def _decode(src: _Source, raw: bytes, key: str, where: str) -> str:
    """UTF-8 text; the value keeps undecodable bytes as surrogate escapes."""
    if key == "value" or not src.strict_text:
        return raw.decode("utf-8", "surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise src.fail(f"{where}: the {key} is not valid UTF-8 (byte {error.start})") from None


# --------------------------------------------------------------------------- writing


def serialize(cookies: BinaryCookies) -> bytes:
    """The file for ``cookies``, in the canonical layout, with a correct checksum.

    Raises ValueError for values the format cannot hold: a NUL in a string, an integer
    outside 0..2**32-1, a footer that is not ``07 17 20 05`` plus a length no greater than
    the plist, or a record or page bigger than 4 GiB.
    """
    _check_tail(cookies.footer, cookies.plist)
    pages = [_encode_page(page) for page in cookies.pages]
    checksum = sum(page_checksum(page) for page in pages) & _U32_MAX
    return b"".join(
        [
            MAGIC,
            _u32(len(pages), "the page count", big_endian=True),
            *(_u32(len(page), "a page size", big_endian=True) for page in pages),
            *pages,
            checksum.to_bytes(4, "big"),
            cookies.footer,
            cookies.plist,
        ]
    )


def _check_tail(footer: bytes, plist: bytes) -> None:
    """Refuse a footer that ``parse`` would reject."""
    if footer == FOOTER_MAGIC and not plist:
        return  # the older layout: no length, no plist
    if len(footer) != len(FOOTER) or not footer.startswith(FOOTER_MAGIC):
        raise ValueError(f"the footer must be 07 17 20 05 plus a 4-byte length, not {footer!r}")
    if plist and int.from_bytes(footer[4:], "big") > len(plist):
        raise ValueError("the footer's length field is larger than the plist")


def _encode_page(page: Page) -> bytes:
    """A page: tag, record count, record offsets, terminator, records."""
    records = [_encode_record(record) for record in page]
    offset = _PAGE_HEADER_SIZE + 4 * len(records) + len(PAGE_TERMINATOR)
    table = []
    for record in records:
        table.append(_u32(offset, "a record offset", big_endian=False))
        offset += len(record)
    count = _u32(len(records), "a record count", big_endian=False)
    return b"".join([PAGE_TAG, count, *table, PAGE_TERMINATOR, *records])


def _encode_record(record: SafariRecord) -> bytes:
    """A record in the canonical layout."""
    strings = _encode_strings(record)
    offsets: dict[str, int] = {}
    position = _RECORD_HEADER.size + len(record.extra_after_header)
    for key, raw in strings.items():
        offsets[key] = position
        position += len(raw) + 1
    size = position + len(record.extra_after_strings)
    numbers = (size, record.field_at_4, record.flags, record.field_at_12)
    names = ("the record size", "field_at_4", "flags", "field_at_12")
    for number, name in zip(numbers, names, strict=True):
        _u32(number, name, big_endian=False)
    header = _RECORD_HEADER.pack(
        *numbers,
        *(offsets[key] for key in ("domain", "name", "path", "value")),
        offsets.get("comment", 0),
        offsets.get("comment_url", 0),
        record.expires,
        record.created,
    )
    texts = b"".join(raw + b"\x00" for raw in strings.values())
    return header + record.extra_after_header + texts + record.extra_after_strings


def _encode_strings(record: SafariRecord) -> dict[str, bytes]:
    """The record's strings as bytes, in file order; absent comments are left out."""
    strings: dict[str, bytes] = {}
    for key in _TEXT_FIELDS:
        text: str | None = getattr(record, key)
        if text is None:
            continue
        if "\x00" in text:
            raise ValueError(f"the cookie {key} contains a NUL character: {text!r}")
        strings[key] = text.encode("utf-8", "surrogateescape")
    return strings


def _u32(number: int, what: str, *, big_endian: bool) -> bytes:
    """``number`` as 4 bytes, or ValueError if it does not fit."""
    if not 0 <= number <= _U32_MAX:
        raise ValueError(f"{what} must be between 0 and {_U32_MAX}, not {number}")
    return number.to_bytes(4, "big" if big_endian else "little")


# --------------------------------------------------------------------------- editing


def without(cookies: BinaryCookies, predicate: Callable[[SafariRecord], bool]) -> BinaryCookies:
    """A copy without the records for which ``predicate`` is true; empty pages are dropped.

    The footer and plist are kept; the result describes no stored file, so its
    ``stored_checksum`` is None.
    """
    pages = tuple(
        kept for page in cookies.pages if (kept := tuple(r for r in page if not predicate(r)))
    )
    return BinaryCookies(pages=pages, footer=cookies.footer, plist=cookies.plist)
