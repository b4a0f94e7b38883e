"""Numbers, dates and durations written the way the user's language writes them.

One helper for the command line, the reports and the window: "12 345" and "6 décembre 2026"
in French, "12,345" and "6 December 2026" in English. The locale is
:func:`inspector.i18n.formatting_locale` (the language in use, with the system's territory).
Babel holds the rules (CLDR data), so a new language needs no code here.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers

from inspector.i18n import formatting_locale, ngettext, system_language

DAYS_PER_MONTH = 30.44
DAYS_PER_YEAR = 365.25


def format_number(value: float, *, digits: int | None = None) -> str:
    """An integer or a decimal number ("12 345", "1,5"); ``digits`` fixes the decimals."""
    return _number(value, digits, formatting_locale())


@lru_cache(maxsize=65536)  # a report writes the same few numbers for many cookies
def _number(value: float, digits: int | None, locale: str) -> str:
    if digits is not None:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return babel_numbers.format_decimal(value, format=pattern, locale=locale)
    return babel_numbers.format_decimal(value, locale=locale)


def format_percent(fraction: float) -> str:
    """A share as a percentage, without decimals ("42 %")."""
    return babel_numbers.format_percent(fraction, locale=formatting_locale())


def format_date(moment: date | datetime, *, length: str = "long") -> str:
    """A date: "6 December 2026" / "6 décembre 2026" (``length``: short, medium, long)."""
    day = moment.date() if isinstance(moment, datetime) else moment
    return _date(day, length, formatting_locale())


@lru_cache(maxsize=65536)  # one formatting per day, however many cookies expire on it
def _date(moment: date, length: str, locale_name: str) -> str:
    text = babel_dates.format_date(moment, format=length, locale=locale_name)
    if length == "long" and moment.day == 1 and locale_name.split("_")[0] == "fr":
        text = "1er" + text[1:]  # French writes the first of the month as an ordinal
    return text


def format_datetime(moment: datetime, *, length: str = "medium") -> str:
    """A date with its time, in the moment's own time zone (convert before calling)."""
    return babel_dates.format_datetime(
        moment, format=length, locale=formatting_locale(), tzinfo=moment.tzinfo
    )


def format_list(items: list[str]) -> str:
    """Items joined as a sentence says them: "a, b and c" / "a, b et c"."""
    if not items:
        return ""
    return babel_lists.format_list(items, locale=formatting_locale())


def territory_name(code: str) -> str:
    """A country's name in the user's language ("FR" → "France"); the code when unknown."""
    try:
        return str(Locale.parse(formatting_locale()).territories.get(code, code))
    except (UnknownLocaleError, ValueError):
        return code


def language_name(code: str | None = None) -> str:
    """A language's name in that language ("fr" → "Français"); the system's by default."""
    code = code or system_language()
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (UnknownLocaleError, ValueError):
        return code
    return name[:1].upper() + name[1:]


def format_days(days: float) -> str:
    """A span of time in words, as precise as a person needs it: minutes under an hour,
    hours under a day, days
    under two months, months under a year, then years with one decimal."""
    return days_words(days_key(days))


def days_key(days: float) -> tuple[str, float, int]:
    """What :func:`format_days` says of ``days``, as (unit, number, months): equal keys
    give equal words, so a writer of many spans can make each text once."""
    days = abs(days)
    if days * 24 < 1:  # under an hour: minutes ("15 minutes", not "1 hour")
        return ("minute", max(1, round(days * 1440)), 0)
    if days < 1:
        return ("hour", max(1, round(days * 24)), 0)
    if days < 60:
        return ("day", round(days), 0)
    months = round(days / DAYS_PER_MONTH)
    if days < 365:
        return ("month", months, 0)
    if days < 730:
        return ("days", round(days), months)
    return ("year", round(days / DAYS_PER_YEAR, 1), 0)


def days_words(key: tuple[str, float, int]) -> str:
    """The words of a :func:`days_key`."""
    unit, number, months = key
    if unit == "minute":
        return ngettext("{n} minute", "{n} minutes", int(number)).format(n=format_number(number))
    if unit == "hour":
        return ngettext("{n} hour", "{n} hours", int(number)).format(n=format_number(number))
    if unit == "day":
        return ngettext("{n} day", "{n} days", int(number)).format(n=format_number(number))
    if unit == "month":
        return ngettext("{n} month", "{n} months", int(number)).format(n=format_number(number))
    if unit == "days":
        return ngettext(
            "{n} day (about {months} months)", "{n} days (about {months} months)", int(number)
        ).format(n=format_number(number), months=format_number(months))
    years = float(number)
    shown = format_number(years, digits=0 if years.is_integer() else 1)
    return ngettext("{n} year", "{n} years", int(years)).format(n=shown)
