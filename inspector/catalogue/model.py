"""The catalogue's plain types."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import IntEnum

from inspector.i18n import catalogue_text
from inspector.purposes import Purpose


class Rank(IntEnum):
    """Which source wins when two entries match equally well (lower wins)."""

    OVERLAY = 0  # the person's own corrections
    BUNDLED = 1
    IMPORTED = 2  # community catalogues the person imported


@dataclass(frozen=True, slots=True)
class Organization:
    id: str
    name: str
    country: str = ""
    privacy_policy: str = ""
    opt_out: str = ""
    domains: tuple[str, ...] = ()
    data_categories: tuple[str, ...] = ()
    default_purpose: Purpose | None = None
    source: str = "bundled"
    # the company responsible towards people in the EEA, when it is another one (for
    # Google LLC: Google Ireland Limited, in Ireland)
    eu_name: str = ""
    eu_country: str = ""


@dataclass(frozen=True, slots=True)
class Service:
    id: str
    name: str
    organization: Organization | None
    purpose: Purpose
    domains: tuple[str, ...] = ()
    description: str = ""
    source: str = "bundled"
    opt_out: str = ""

    @property
    def display_name(self) -> str:
        """The name in the user's language: most are brand names and stay as they are; a
        descriptive one ("Google Ads conversion tracking") is translated."""
        return catalogue_text("service-name", self.id, self.name)


class Pattern:
    """A rule's regular expression, compiled when a cookie first needs it.

    A catalogue read from its sources checks every expression (inspector.catalogue.loader);
    one rebuilt from its compiled form (inspector.catalogue.compiled) leaves them as text
    until then: a scan tries only the few whose prefix a cookie has, and compiling them all
    would cost more than the rest of rebuilding the catalogue."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(
        self, pattern: str, flags: int = 0, compiled: re.Pattern[str] | None = None
    ) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled = compiled

    def compiled(self) -> re.Pattern[str]:
        found = self._compiled
        if found is None:
            found = self._compiled = re.compile(self.pattern, self.flags)
        return found

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.compiled().fullmatch(text)

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled().search(text)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Pattern):
            return NotImplemented
        return (self.pattern, self.flags) == (other.pattern, other.flags)

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"Pattern({self.pattern!r})"


@dataclass(frozen=True, slots=True)
class CookieRule:
    id: str
    service: Service
    purpose: Purpose
    name: str | None = None
    prefix: str | None = None
    pattern: Pattern | None = None
    domains: frozenset[str] | None = None
    first_party: bool = False
    lifetime_days: int | None = None
    description: str = ""
    consent_platform: str | None = None
    value_pattern: Pattern | None = None
    data: tuple[str, ...] = ()  # what this cookie sends, in short phrases (optional)
    rank: Rank = Rank.BUNDLED
    source: str = "bundled"
    derived_from: str = ""  # a community list the entry's facts were taken from, if any


@dataclass(frozen=True, slots=True)
class Catalogue:
    version: str
    organizations: dict[str, Organization] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    rules: tuple[CookieRule, ...] = ()
    sources: tuple[str, ...] = ()  # human-readable list of what was loaded
