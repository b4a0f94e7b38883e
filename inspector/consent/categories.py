"""Well-known category and service names that sites choose themselves (cc_cookie, Civic,
Klaro, ...). Matching is by exact name after normalising case and separators - never by
substring - so an unknown name stays unmapped rather than guessed."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from inspector.consent.model import Choice, ChoiceKind, Purpose

_N = (ChoiceKind.NECESSARY, ())
_RS = (ChoiceKind.OPTIONAL, (Purpose.REQUESTED_SERVICE,))
_AN = (ChoiceKind.OPTIONAL, (Purpose.ANALYTICS,))
_AD = (ChoiceKind.OPTIONAL, (Purpose.ADVERTISING,))
_IN = (ChoiceKind.OPTIONAL, (Purpose.INTERACTIVE,))

Meaning = tuple[ChoiceKind, tuple[Purpose, ...]]

#: Category names sites commonly give their cookie groups.
CATEGORY_NAMES: Mapping[str, Meaning] = MappingProxyType(
    {
        "necessary": _N,
        "essential": _N,
        "essentials": _N,
        "required": _N,
        "strictly-necessary": _N,
        "strictlynecessary": _N,
        "technical": _N,
        "functional": _RS,
        "functionality": _RS,
        "preferences": _RS,
        "preference": _RS,
        "analytics": _AN,
        "analytic": _AN,
        "statistics": _AN,
        "statistic": _AN,
        "performance": _AN,
        "measurement": _AN,
        "marketing": _AD,
        "advertising": _AD,
        "advertisement": _AD,
        "ads": _AD,
        "targeting": _AD,
        "social": _IN,
        "social-media": _IN,
        "socialmedia": _IN,
        "external-media": _IN,
        "embeds": _IN,
    }
)

#: Service names used by consent tools that record one choice per service (Klaro).
SERVICE_NAMES: Mapping[str, Meaning] = MappingProxyType(
    {
        "klaro": _N,
        "google-analytics": _AN,
        "googleanalytics": _AN,
        "google-analytics-4": _AN,
        "ga": _AN,
        "ga4": _AN,
        "matomo": _AN,
        "piwik": _AN,
        "hotjar": _AN,
        "plausible": _AN,
        "etracker": _AN,
        "mouseflow": _AN,
        "google-ads": _AD,
        "googleads": _AD,
        "google-adsense": _AD,
        "adsense": _AD,
        "doubleclick": _AD,
        "facebook": _AD,
        "facebook-pixel": _AD,
        "facebookpixel": _AD,
        "meta-pixel": _AD,
        "criteo": _AD,
        "linkedin-insight": _AD,
        "tiktok-pixel": _AD,
        "youtube": _IN,
        "vimeo": _IN,
        "google-maps": _IN,
        "googlemaps": _IN,
        "twitter": _IN,
        "instagram": _IN,
        "spotify": _IN,
        "soundcloud": _IN,
    }
)


def normalise(name: str) -> str:
    """Lower case, with spaces and underscores turned into hyphens."""
    return "-".join(name.strip().lower().replace("_", " ").split())


def choice_for(name: str, accepted: bool, table: Mapping[str, Meaning] = CATEGORY_NAMES) -> Choice:
    """A choice for a site-defined name; unknown names are optional and map to nothing."""
    kind, purposes = table.get(normalise(name), (ChoiceKind.OPTIONAL, ()))
    return Choice(label=name, accepted=accepted, purposes=purposes, kind=kind)
