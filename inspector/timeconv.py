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


def from_unix_micro(microseconds: int | None) -> datetime | None:
    """Microseconds since 1970 (Firefox creationTime, and the program's own unit)."""
    if microseconds is None:
        return None
    return _add(_UNIX_EPOCH, timedelta(microseconds=microseconds))


# Chromium counts from 1601, Unix from 1970: the difference in microseconds
CHROMIUM_TO_UNIX_US = 11_644_473_600_000_000


def to_unix_micro(moment: datetime) -> int:
    return (moment - _UNIX_EPOCH) // timedelta(microseconds=1)


def from_apple(seconds: float | None) -> datetime | None:
    """Safari: seconds since 2001-01-01."""
    if seconds is None or seconds != seconds:  # NaN
        return None
    return _add(_APPLE_EPOCH, timedelta(seconds=seconds))


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, to the second."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
