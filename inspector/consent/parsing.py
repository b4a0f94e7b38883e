"""Safe readers for untrusted cookie values: percent-encoding, base64, JSON, dates, key lists.

Every helper either returns a value or raises :class:`~inspector.errors.ConsentFormatError`;
none lets another exception escape, whatever the input.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import unquote

from inspector.errors import ConsentFormatError
from inspector.i18n import _

#: Longest value decoded; browsers cap a cookie at about 4 KiB.
MAX_VALUE_LENGTH = 16 * 1024
#: Deepest JSON nesting accepted.
MAX_JSON_DEPTH = 16

_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_B64_CHARS = re.compile(r"[A-Za-z0-9+/_-]*={0,2}")
_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
_SKEW = timedelta(days=2)
_ONETRUST_DATE = re.compile(
    r"[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT([+-]\d{4})"
)


def check_length(value: str) -> str:
    """Refuse values longer than any real consent cookie."""
    if len(value) > MAX_VALUE_LENGTH:
        raise ConsentFormatError(_("The value is far longer than any real consent record."))
    return value


def percent_decode(text: str, *, plus_is_space: bool = False) -> str:
    """Undo URL percent-encoding; bad escapes and invalid UTF-8 are errors, not guesses."""
    if _BAD_ESCAPE.search(text):
        raise ConsentFormatError(_("The value has a broken percent-encoding."))
    if plus_is_space:
        text = text.replace("+", " ")
    try:
        return unquote(text, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise ConsentFormatError(_("The value's percent-encoding is not valid UTF-8.")) from exc


def maybe_percent_decode(text: str) -> str:
    """Percent-decode only when the text holds escapes (JSON cookies are stored both ways)."""
    return percent_decode(text) if "%" in text else text


def b64decode(text: str) -> bytes:
    """Decode standard or URL-safe base64, with or without padding."""
    text = text.strip()
    if not text or not _B64_CHARS.fullmatch(text):
        raise ConsentFormatError(_("The value is not base64."))
    body = text.rstrip("=").replace("-", "+").replace("_", "/")
    if len(body) % 4 == 1:
        raise ConsentFormatError(_("The value is truncated base64."))
    try:
        return base64.b64decode(body + "=" * (-len(body) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ConsentFormatError(_("The value is not valid base64.")) from exc


def utf8(data: bytes) -> str:
    """Bytes to text; invalid UTF-8 is an error."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConsentFormatError(_("The decoded value is not text.")) from exc


def load_json(text: str) -> Any:
    """Parse JSON with a nesting limit; any failure is a ConsentFormatError."""
    if _json_depth(text) > MAX_JSON_DEPTH:
        raise ConsentFormatError(_("The value is nested far deeper than a consent record."))
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise ConsentFormatError(_("The value is not valid JSON.")) from exc


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _json_depth(text: str) -> int:
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def json_object(value: Any) -> dict[str, Any]:
    """Require a JSON object."""
    if not isinstance(value, dict):
        raise ConsentFormatError(_("The value is not a JSON object."))
    return value


def plausible(moment: datetime, now: datetime | None = None) -> datetime | None:
    """The moment in UTC when it lies between 2000 and (about) now, else None."""
    moment = moment.astimezone(UTC)
    if moment < _EARLIEST or moment > (now or datetime.now(UTC)) + _SKEW:
        return None
    return moment


def iso_datetime(text: Any) -> datetime | None:
    """An ISO 8601 timestamp with a time zone, as UTC; None when absent, naive or implausible."""
    if not isinstance(text, str) or not 10 <= len(text) <= 40:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return plausible(moment)


def epoch_datetime(value: Any, *, scale: int = 1) -> datetime | None:
    """A Unix time (seconds, or milliseconds with scale=1000) as UTC; None when implausible."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isdigit() and len(value) <= 16:
        value = int(value)
    if not isinstance(value, int | float) or value != value:  # NaN check
        return None
    seconds = value / scale
    if not 0 < seconds < 10**11:
        return None
    return plausible(datetime.fromtimestamp(seconds, UTC))


def http_or_js_date(text: str) -> datetime | None:
    """JavaScript's Date.toString() ("Tue Oct 19 2021 11:31:41 GMT+0800 (...)") or an HTTP
    date, as UTC; None when it is neither."""
    match = _ONETRUST_DATE.search(text)
    if match:
        month, day, year, hour, minute, second, offset = match.groups()
        try:
            moment = datetime.strptime(
                f"{day} {month} {year} {hour}:{minute}:{second} {offset}", "%d %b %Y %H:%M:%S %z"
            )
        except ValueError:
            return None
        return plausible(moment)
    from email.utils import parsedate_to_datetime  # its import (sockets…) only when used

    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:
        return None
    return plausible(moment)


def split_pairs(text: str, item_sep: str, key_sep: str) -> list[tuple[str, str]]:
    """Split "k:v,k:v" style text; an item without the key separator is an error."""
    pairs = []
    for item in text.split(item_sep):
        if not item.strip():
            continue
        key, sep, value = item.partition(key_sep)
        if not sep:
            raise ConsentFormatError(_("The value is not a list of key/value pairs."))
        pairs.append((key.strip(), value.strip()))
    return pairs
