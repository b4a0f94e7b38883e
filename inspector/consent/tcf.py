"""IAB TCF v2.x Transparency & Consent strings (TC strings): decoder and encoder.

Written to the public IAB Tech Lab specification "Transparency and Consent String with Global
Vendor & CMP List Formats" (TCF v2). A TC string is one or more dot-separated segments, each
base64url without padding; the bits are big-endian, numbered left to right. The core segment
comes first; the optional segments (disclosed vendors, allowed vendors, publisher TC) start
with a 3-bit segment type. Unknown segment types are skipped.

The decoder is strict: every field's bits must be present, the version must be 2, dates must
be plausible, range entries ordered and within MaxVendorId. Anything else raises
:class:`~inspector.errors.ConsentFormatError` - a damaged string is never read as zeros.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import IntEnum, StrEnum

from inspector.consent.idset import IdSet
from inspector.errors import ConsentFormatError
from inspector.i18n import _

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_INDEX = {char: index for index, char in enumerate(_ALPHABET)}
_SIX_BITS = {char: format(index, "06b") for index, char in enumerate(_ALPHABET)}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DECISECOND = timedelta(milliseconds=100)

#: Earliest plausible Created/LastUpdated. TCF v2 dates from 2019, but published example
#: strings use older dates; anything before 2000 (in particular 0, "all zeros") is damage.
EARLIEST_DATE = datetime(2000, 1, 1, tzinfo=UTC)
#: Tolerated clock difference for dates "in the future".
CLOCK_SKEW = timedelta(days=2)
#: Longest string accepted; real TC strings are a few hundred characters, and browsers keep
#: no cookie over 4 KB. Work and memory of a decode follow the string's length.
MAX_LENGTH = 16_384

_MAX_VENDOR_ID = 0xFFFF
_LETTERS = 26


class VendorEncoding(StrEnum):
    """How a vendor list is written in the string."""

    BITFIELD = "bitfield"
    RANGE = "range"


class SegmentType(IntEnum):
    """The 3-bit type that starts every segment after the core."""

    CORE = 0
    DISCLOSED_VENDORS = 1
    ALLOWED_VENDORS = 2
    PUBLISHER_TC = 3


class RestrictionType(IntEnum):
    """Publisher restriction types (2 bits; 3 is undefined)."""

    NOT_ALLOWED = 0
    REQUIRE_CONSENT = 1
    REQUIRE_LEGITIMATE_INTEREST = 2


_RESTRICTION_TYPES = frozenset(int(kind) for kind in RestrictionType)


@dataclass(frozen=True)
class VendorSection:
    """A set of vendor ids with its MaxVendorId and the encoding it is written in.

    ``vendor_ids`` is an :class:`IdSet` (any iterable of ids is turned into one), so that a
    range ``1-65535`` stays a range instead of 65,535 numbers.
    """

    max_vendor_id: int
    vendor_ids: Set[int] = field(default_factory=IdSet)  # an IdSet once built
    encoding: VendorEncoding = VendorEncoding.BITFIELD

    def __post_init__(self) -> None:
        ids = IdSet(self.vendor_ids)  # shares the storage when it already is one
        object.__setattr__(self, "vendor_ids", ids)
        if not 0 <= self.max_vendor_id <= _MAX_VENDOR_ID:
            raise ValueError(f"max_vendor_id {self.max_vendor_id} is outside 0..65535")
        if ids and (ids.min < 1 or ids.max > self.max_vendor_id):
            raise ValueError("vendor ids must lie in 1..max_vendor_id")

    @classmethod
    def of(
        cls, vendor_ids: Iterable[int], encoding: VendorEncoding = VendorEncoding.BITFIELD
    ) -> VendorSection:
        """A section whose MaxVendorId is its largest vendor id."""
        ids = IdSet(vendor_ids)
        return cls(ids.max, ids, encoding)


@dataclass(frozen=True)
class PublisherRestriction:
    """A publisher's restriction of one purpose for some vendors (an :class:`IdSet`)."""

    purpose_id: int
    restriction_type: RestrictionType
    vendor_ids: Set[int]  # an IdSet once built

    def __post_init__(self) -> None:
        object.__setattr__(self, "vendor_ids", IdSet(self.vendor_ids))


@dataclass(frozen=True)
class PublisherTC:
    """The publisher purposes transparency & consent segment."""

    purpose_consents: frozenset[int] = frozenset()
    purpose_legitimate_interests: frozenset[int] = frozenset()
    custom_purpose_count: int = 0
    custom_purpose_consents: frozenset[int] = frozenset()
    custom_purpose_legitimate_interests: frozenset[int] = frozenset()


@dataclass(frozen=True)
class TCString:
    """A decoded TC string. Dates are UTC; sets hold ids counted from 1."""

    created: datetime
    last_updated: datetime
    cmp_id: int
    cmp_version: int
    consent_screen: int
    consent_language: str
    vendor_list_version: int
    tcf_policy_version: int
    is_service_specific: bool
    use_non_standard_texts: bool
    special_feature_opt_ins: frozenset[int]
    purpose_consents: frozenset[int]
    purpose_legitimate_interests: frozenset[int]
    purpose_one_treatment: bool
    publisher_cc: str
    vendor_consents: VendorSection
    vendor_legitimate_interests: VendorSection
    publisher_restrictions: tuple[PublisherRestriction, ...] = ()
    disclosed_vendors: VendorSection | None = None
    allowed_vendors: VendorSection | None = None
    publisher_tc: PublisherTC | None = None
    skipped_segment_types: tuple[int, ...] = field(default=())
    version: int = 2


# --------------------------------------------------------------------------------------------
# Bits


class _BitReader:
    """Reads big-endian unsigned fields from one base64url segment; never past its end."""

    def __init__(self, segment: str) -> None:
        self._bits = "".join(map(_SIX_BITS.__getitem__, segment))
        self._pos = 0

    def take(self, width: int, what: str) -> str:
        end = self._pos + width
        if end > len(self._bits):
            raise ConsentFormatError(
                _("Unreadable TC string: it ends inside the field {what}.").format(what=what)
            )
        bits = self._bits[self._pos : end]
        self._pos = end
        return bits

    def number(self, width: int, what: str) -> int:
        return int(self.take(width, what), 2)

    def flag(self, what: str) -> bool:
        return self.take(1, what) == "1"

    def id_set(self, width: int, what: str) -> frozenset[int]:
        bits = self.take(width, what)
        return frozenset(i + 1 for i, bit in enumerate(bits) if bit == "1")

    def bitfield(self, width: int, what: str) -> IdSet:
        """Like ``id_set`` for fields of up to 65,535 bits: kept as one integer."""
        return IdSet.from_bitfield(self.take(width, what))

    def finish(self, what: str) -> None:
        """The bits after the last field only pad to a whole character: they must be zero."""
        if "1" in self._bits[self._pos :]:
            raise ConsentFormatError(
                _("Unreadable TC string: unexpected data after the {what}.").format(what=what)
            )


class _BitWriter:
    def __init__(self) -> None:
        self._parts: list[str] = []

    def number(self, value: int, width: int) -> None:
        if not 0 <= value < (1 << width):
            raise ValueError(f"{value} does not fit in {width} bits")
        self._parts.append(format(value, f"0{width}b"))

    def flag(self, value: bool) -> None:
        self._parts.append("1" if value else "0")

    def id_set(self, ids: Iterable[int], width: int) -> None:
        bits = ["0"] * width
        for i in ids:
            if not 1 <= i <= width:
                raise ValueError(f"id {i} does not fit in a {width}-bit field")
            bits[i - 1] = "1"
        self._parts.append("".join(bits))

    def text(self) -> str:
        bits = "".join(self._parts)
        bits += "0" * (-len(bits) % 6)
        return "".join(_ALPHABET[int(bits[i : i + 6], 2)] for i in range(0, len(bits), 6))


# --------------------------------------------------------------------------------------------
# Decoding


def decode_tc_string(text: str, *, now: datetime | None = None) -> TCString:
    """Decode a TC string; raise ConsentFormatError when it is damaged or not TCF v2.

    ``now`` is the reference for "dates in the future" (default: the current time).
    """
    if not isinstance(text, str) or not text:
        raise ConsentFormatError(_("Unreadable TC string: it is empty."))
    if len(text) > MAX_LENGTH:
        raise ConsentFormatError(_("Unreadable TC string: it is far longer than any real one."))
    segments = text.split(".")
    for segment in segments:
        _check_alphabet(segment)
    reader = _BitReader(segments[0])
    core = _decode_core(reader, now or datetime.now(UTC))
    reader.finish("core segment")
    return _with_segments(core, segments[1:])


def _with_segments(core: TCString, segments: list[str]) -> TCString:
    """Add the optional segments; each known type at most once, unknown types skipped."""
    vendor_sections: dict[SegmentType, VendorSection] = {}
    publisher: PublisherTC | None = None
    skipped: list[int] = []
    for segment in segments:
        reader = _BitReader(segment)
        kind = reader.number(3, "SegmentType")
        if kind == SegmentType.CORE:
            raise ConsentFormatError(_("Unreadable TC string: a second core segment."))
        if kind in vendor_sections or (kind == SegmentType.PUBLISHER_TC and publisher is not None):
            raise ConsentFormatError(
                _("Unreadable TC string: segment type {kind} appears twice.").format(kind=kind)
            )
        if kind in (SegmentType.DISCLOSED_VENDORS, SegmentType.ALLOWED_VENDORS):
            section = SegmentType(kind)
            vendor_sections[section] = _vendor_section(reader, section.name.lower())
        elif kind == SegmentType.PUBLISHER_TC:
            publisher = _publisher_tc(reader)
        else:
            skipped.append(kind)
            continue
        reader.finish(f"segment of type {kind}")
    return replace(
        core,
        disclosed_vendors=vendor_sections.get(SegmentType.DISCLOSED_VENDORS),
        allowed_vendors=vendor_sections.get(SegmentType.ALLOWED_VENDORS),
        publisher_tc=publisher,
        skipped_segment_types=tuple(skipped),
    )


def _check_alphabet(segment: str) -> None:
    if not segment:
        raise ConsentFormatError(_("Unreadable TC string: an empty segment."))
    for char in segment:
        if char not in _INDEX:
            raise ConsentFormatError(
                _("Unreadable TC string: it contains characters outside base64url.")
            )


def _decode_core(r: _BitReader, now: datetime) -> TCString:
    version = r.number(6, "Version")
    if version == 1:
        raise ConsentFormatError(_("A TCF v1 consent string; only TCF v2 strings are decoded."))
    if version != 2:
        raise ConsentFormatError(
            _("Unreadable TC string: version {version}, expected 2.").format(version=version)
        )
    created = _date(r.number(36, "Created"), "Created", now)
    last_updated = _date(r.number(36, "LastUpdated"), "LastUpdated", now)
    if last_updated < created:
        raise ConsentFormatError(_("Unreadable TC string: LastUpdated is before Created."))
    cmp_id = r.number(12, "CmpId")
    if cmp_id == 0:
        raise ConsentFormatError(_("Unreadable TC string: CmpId 0 is no registered CMP."))
    cmp_version = r.number(12, "CmpVersion")
    consent_screen = r.number(6, "ConsentScreen")
    language = _letters(r, "ConsentLanguage")
    vendor_list_version = r.number(12, "VendorListVersion")
    if vendor_list_version == 0:
        raise ConsentFormatError(_("Unreadable TC string: VendorListVersion 0 does not exist."))
    policy_version = r.number(6, "TcfPolicyVersion")
    service_specific = r.flag("IsServiceSpecific")
    non_standard = r.flag("UseNonStandardTexts")
    special_features = r.id_set(12, "SpecialFeatureOptIns")
    purpose_consents = r.id_set(24, "PurposesConsent")
    purpose_li = r.id_set(24, "PurposesLITransparency")
    purpose_one_treatment = r.flag("PurposeOneTreatment")
    publisher_cc = _letters(r, "PublisherCC")
    vendor_consents = _vendor_section(r, "vendor consents")
    vendor_li = _vendor_section(r, "vendor legitimate interests")
    restrictions = _publisher_restrictions(r)
    return TCString(
        created=created,
        last_updated=last_updated,
        cmp_id=cmp_id,
        cmp_version=cmp_version,
        consent_screen=consent_screen,
        consent_language=language,
        vendor_list_version=vendor_list_version,
        tcf_policy_version=policy_version,
        is_service_specific=service_specific,
        use_non_standard_texts=non_standard,
        special_feature_opt_ins=special_features,
        purpose_consents=purpose_consents,
        purpose_legitimate_interests=purpose_li,
        purpose_one_treatment=purpose_one_treatment,
        publisher_cc=publisher_cc,
        vendor_consents=vendor_consents,
        vendor_legitimate_interests=vendor_li,
        publisher_restrictions=restrictions,
    )


def _date(deciseconds: int, what: str, now: datetime) -> datetime:
    moment = _EPOCH + deciseconds * _DECISECOND
    if moment < EARLIEST_DATE or moment > now + CLOCK_SKEW:
        raise ConsentFormatError(
            _("Unreadable TC string: {what} {moment:%Y-%m-%d} is implausible.").format(
                what=what, moment=moment
            )
        )
    return moment


def _letters(r: _BitReader, what: str) -> str:
    first, second = r.number(6, what), r.number(6, what)
    if first >= _LETTERS or second >= _LETTERS:
        raise ConsentFormatError(
            _("Unreadable TC string: {what} is not two letters.").format(what=what)
        )
    return chr(ord("A") + first) + chr(ord("A") + second)


def _vendor_section(r: _BitReader, what: str) -> VendorSection:
    max_id = r.number(16, f"MaxVendorId ({what})")
    if r.flag(f"IsRangeEncoding ({what})"):
        ids = _ranges(r, what, max_id, ordered=True)
        return VendorSection(max_id, ids, VendorEncoding.RANGE)
    return VendorSection(max_id, r.bitfield(max_id, f"BitField ({what})"), VendorEncoding.BITFIELD)


def _ranges(r: _BitReader, what: str, max_id: int, *, ordered: bool) -> IdSet:
    """Range entries as ranges: memory follows the entries, never the ids they cover."""
    count = r.number(12, f"NumEntries ({what})")
    ranges: list[tuple[int, int]] = []
    previous_end = 0
    for _index in range(count):
        is_range = r.flag(f"IsARange ({what})")
        start = r.number(16, f"StartOrOnlyVendorId ({what})")
        end = r.number(16, f"EndVendorId ({what})") if is_range else start
        if start < 1 or end < start or end > max_id:
            raise ConsentFormatError(
                _("Unreadable TC string: a bad vendor range in {what}.").format(what=what)
            )
        if ordered and start <= previous_end:
            raise ConsentFormatError(
                _("Unreadable TC string: vendor ranges out of order in {what}.").format(what=what)
            )
        previous_end = end
        ranges.append((start, end))
    return IdSet.from_ranges(ranges)


def _publisher_restrictions(r: _BitReader) -> tuple[PublisherRestriction, ...]:
    count = r.number(12, "NumPubRestrictions")
    result = []
    for _index in range(count):
        purpose_id = r.number(6, "PurposeId")
        kind = r.number(2, "RestrictionType")
        if purpose_id == 0 or kind not in _RESTRICTION_TYPES:
            raise ConsentFormatError(_("Unreadable TC string: an invalid publisher restriction."))
        ids = _ranges(r, "publisher restriction", _MAX_VENDOR_ID, ordered=False)
        result.append(PublisherRestriction(purpose_id, RestrictionType(kind), ids))
    return tuple(result)


def _publisher_tc(r: _BitReader) -> PublisherTC:
    consents = r.id_set(24, "PubPurposesConsent")
    legitimate = r.id_set(24, "PubPurposesLITransparency")
    count = r.number(6, "NumCustomPurposes")
    return PublisherTC(
        purpose_consents=consents,
        purpose_legitimate_interests=legitimate,
        custom_purpose_count=count,
        custom_purpose_consents=r.id_set(count, "CustomPurposesConsent"),
        custom_purpose_legitimate_interests=r.id_set(count, "CustomPurposesLITransparency"),
    )


# --------------------------------------------------------------------------------------------
# Encoding


def encode_tc_string(tc: TCString) -> str:
    """Encode a TCString; raise ValueError when a field does not fit the format.

    Segments are written in the order core, disclosed vendors, allowed vendors, publisher TC.
    """
    if tc.version != 2:
        raise ValueError("only version 2 can be encoded")
    if tc.skipped_segment_types:
        raise ValueError("segments of unknown types cannot be re-encoded")
    segments = [_encode_core(tc)]
    for kind, section in (
        (SegmentType.DISCLOSED_VENDORS, tc.disclosed_vendors),
        (SegmentType.ALLOWED_VENDORS, tc.allowed_vendors),
    ):
        if section is not None:
            w = _BitWriter()
            w.number(kind, 3)
            _write_vendor_section(w, section)
            segments.append(w.text())
    if tc.publisher_tc is not None:
        segments.append(_encode_publisher_tc(tc.publisher_tc))
    return ".".join(segments)


def _encode_core(tc: TCString) -> str:
    w = _BitWriter()
    w.number(2, 6)
    w.number(_deciseconds(tc.created), 36)
    w.number(_deciseconds(tc.last_updated), 36)
    w.number(tc.cmp_id, 12)
    w.number(tc.cmp_version, 12)
    w.number(tc.consent_screen, 6)
    _write_letters(w, tc.consent_language)
    w.number(tc.vendor_list_version, 12)
    w.number(tc.tcf_policy_version, 6)
    w.flag(tc.is_service_specific)
    w.flag(tc.use_non_standard_texts)
    w.id_set(tc.special_feature_opt_ins, 12)
    w.id_set(tc.purpose_consents, 24)
    w.id_set(tc.purpose_legitimate_interests, 24)
    w.flag(tc.purpose_one_treatment)
    _write_letters(w, tc.publisher_cc)
    _write_vendor_section(w, tc.vendor_consents)
    _write_vendor_section(w, tc.vendor_legitimate_interests)
    w.number(len(tc.publisher_restrictions), 12)
    for restriction in tc.publisher_restrictions:
        w.number(restriction.purpose_id, 6)
        w.number(restriction.restriction_type, 2)
        _write_ranges(w, restriction.vendor_ids)
    return w.text()


def _deciseconds(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("dates must be timezone-aware")
    return (moment - _EPOCH) // _DECISECOND


def _write_letters(w: _BitWriter, letters: str) -> None:
    if len(letters) != 2 or not all("A" <= c <= "Z" for c in letters.upper()):
        raise ValueError(f"{letters!r} is not two letters")
    for char in letters.upper():
        w.number(ord(char) - ord("A"), 6)


def _write_vendor_section(w: _BitWriter, section: VendorSection) -> None:
    w.number(section.max_vendor_id, 16)
    if section.encoding is VendorEncoding.RANGE:
        w.flag(True)
        _write_ranges(w, section.vendor_ids)
    else:
        w.flag(False)
        w.id_set(section.vendor_ids, section.max_vendor_id)


def _runs(ids: Iterable[int]) -> list[tuple[int, int]]:
    if isinstance(ids, IdSet):
        return list(ids.ranges())
    runs: list[tuple[int, int]] = []
    for i in sorted(ids):
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _write_ranges(w: _BitWriter, ids: Iterable[int]) -> None:
    runs = _runs(ids)
    w.number(len(runs), 12)
    for start, end in runs:
        w.flag(start != end)
        w.number(start, 16)
        if start != end:
            w.number(end, 16)


def _encode_publisher_tc(publisher: PublisherTC) -> str:
    w = _BitWriter()
    w.number(SegmentType.PUBLISHER_TC, 3)
    w.id_set(publisher.purpose_consents, 24)
    w.id_set(publisher.purpose_legitimate_interests, 24)
    w.number(publisher.custom_purpose_count, 6)
    w.id_set(publisher.custom_purpose_consents, publisher.custom_purpose_count)
    w.id_set(publisher.custom_purpose_legitimate_interests, publisher.custom_purpose_count)
    return w.text()
