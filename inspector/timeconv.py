"""Browser time stamps to timezone-aware UTC datetimes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_APPLE_EPOCH = datetime(2001, 1, 1, tzinfo=UTC)
_MAX = datetime(9999, 12, 31, tzinfo=UTC)


def _add(epoch: datetime, delta: timedelta) -> datetime | None:
    try:
        return epoch + delta
    except OverflowError:
        return _MAX if delta > timedelta(0) else None


def _after(epoch: datetime, *, seconds: float = 0, microseconds: float = 0) -> datetime | None:
    """``epoch`` plus a stored amount: past the year 9999 (or +inf) is the year 9999; before
    the year 1, -inf and NaN are None. A store may hold any number; none of them may raise."""
    amount = seconds or microseconds
    if amount != amount:  # NaN
        return None
    try:
        delta = timedelta(seconds=seconds, microseconds=microseconds)
    except (OverflowError, ValueError):
        return _MAX if amount > 0 else None
    return _add(epoch, delta)


def from_unix_micro(microseconds: int | None) -> datetime | None:
    """Microseconds since 1970 (Firefox creationTime, and the program's own unit)."""
    if microseconds is None:
        return None
    return _after(_UNIX_EPOCH, microseconds=microseconds)


# Chromium counts from 1601, Unix from 1970: the difference in microseconds
CHROMIUM_TO_UNIX_US = 11_644_473_600_000_000


def to_unix_micro(moment: datetime) -> int:
    return (moment - _UNIX_EPOCH) // timedelta(microseconds=1)


def from_apple(seconds: float | None) -> datetime | None:
    """Safari: seconds since 2001-01-01."""
    if seconds is None:
        return None
    return _after(_APPLE_EPOCH, seconds=seconds)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, to the second."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_DAY_S = 86_400
_FIRST_DAY = -719_162  # 0001-01-01, in days since 1970
_LAST_DAY = 2_932_896  # 9999-12-31
_DAY_TEXT: dict[int, str] = {}
_MINUTE_TEXT = [f"{hour:02d}:{minute:02d}:" for hour in range(24) for minute in range(60)]
_SECOND_TEXT = [f"{second:02d}Z" for second in range(60)]


def iso_micro(microseconds: int | None) -> str | None:
    """``iso(from_unix_micro(microseconds))`` from the integer, without building datetimes.

    Called three times per cookie, so each day's date is formatted once and the time of day
    is put together from two tables.
    """
    if microseconds is None:
        return None
    day, second = divmod(microseconds // 1_000_000, _DAY_S)
    date = _DAY_TEXT.get(day)
    if date is None:
        if not _FIRST_DAY <= day <= _LAST_DAY:
            return _iso_out_of_range(microseconds)
        date = _DAY_TEXT[day] = (_UNIX_EPOCH + timedelta(days=day)).strftime("%Y-%m-%dT")
    minute, second = divmod(second, 60)
    return date + _MINUTE_TEXT[minute] + _SECOND_TEXT[second]


def _iso_out_of_range(microseconds: int) -> str | None:
    try:
        return iso(from_unix_micro(microseconds))
    except OverflowError:  # beyond what timedelta holds: clamp like from_unix_micro does
        return iso(_MAX) if microseconds > 0 else None


_QUOTED_DAY: dict[int, str] = {}


def quoted_iso_micro(microseconds: int | None) -> str:
    """:func:`iso_micro` as a JSON value: the text in double quotes, or ``null``. One call
    per date of ``scan --json`` (three per cookie), so the day part is kept with its quote."""
    if microseconds is None:
        return "null"
    day, second = divmod(microseconds // 1_000_000, _DAY_S)
    date = _QUOTED_DAY.get(day)
    if date is None:
        if not _FIRST_DAY <= day <= _LAST_DAY:
            text = _iso_out_of_range(microseconds)
            return "null" if text is None else '"' + text + '"'
        date = _QUOTED_DAY[day] = '"' + (_UNIX_EPOCH + timedelta(days=day)).strftime("%Y-%m-%dT")
    minute, second = divmod(second, 60)
    return date + _MINUTE_TEXT[minute] + _SECOND_TEXT[second] + '"'
