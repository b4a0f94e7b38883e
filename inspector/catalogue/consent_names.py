"""Recognise consent and opt-out records by name and value, whatever else matched them.

A consent or refusal record must never be deleted as a tracker: not when a community list
files it under analytics (CookieYes' ``cookieyes-analytics`` holds the *choice* about
analytics), not when it sits on an analytics vendor's domain (``GA_OPT_OUT``), not when an
imported entry says otherwise. One place decides, used by the classifier and, again, by the
deletion plan.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from inspector.catalogue.model import Catalogue
from inspector.catalogue.names import tokens
from inspector.purposes import Purpose

#: Words that make a name a consent or opt-out record on their own.
CONSENT_WORDS = frozenset({"consent", "consents", "optout", "optedout", "gdpr", "cookielaw"})
#: Runs of words, joined, that do the same (``GA_OPT_OUT`` → "optout").
CONSENT_JOINED = (
    "consent",
    "optout",
    "optedout",
    "donottrack",
    "cookieconsent",
    "cookiepref",
    "cookiespref",
    "cookiesettings",
    "cookiessettings",
    "cookiesdeclined",
    "cookienotice",
    "cookiepolicy",
    "cookiebanner",
    "cookieaccept",
    "cookiesaccept",
    "cookiechoice",
    "privacychoice",
    "privacyprefs",
)
#: Name prefixes of consent platforms whose other cookies are all records of the choice
#: (``cookieyes-analytics`` is the choice *about* analytics).
CONSENT_PREFIXES = (
    "cookieyes-",
    "cky-consent",
    "cookielawinfo-",
    "cmplz_",
    "complianz_",
    "CookieConsent",
    "OptanonConsent",
    "OptanonAlert",
    "borlabs-cookie",
    "_iub_cs-",
    "__cmp",
    "_sp_v1_",
    "euconsent",
    "eupubconsent",
    "axeptio_",
    "moove_gdpr",
    "cookie_notice",
    "tarteaucitron",
    "wpl_user_preference",
)
#: Values ad networks and analytics tools write when a person opts out.
OPT_OUT_VALUES = frozenset({"OPT_OUT", "OPTOUT", "OPT-OUT", "OPTED_OUT", "OPTEDOUT"})


class ConsentNames:
    """The consent-record names of one catalogue plus the fixed patterns above."""

    def __init__(self, catalogue: Catalogue) -> None:
        names: set[str] = set()
        prefixes: set[str] = set()
        for rule in catalogue.rules:
            if rule.purpose is not Purpose.CONSENT or rule.value_pattern is not None:
                continue
            if rule.source != "bundled" or rule.domains is not None:
                continue  # only our own, unconditional entries speak for every site
            if rule.name is not None:
                names.add(rule.name)
            elif rule.prefix is not None and rule.pattern is None:
                prefixes.add(rule.prefix)
        self._names = frozenset(names)
        self._known: dict[str, bool] = {}
        self._prefixes = tuple(sorted(prefixes | set(CONSENT_PREFIXES), key=len, reverse=True))

    def is_consent_name(self, name: str) -> bool:
        # asked once per (name, site, owner): remembered per name
        known = self._known.get(name)
        if known is None:
            known = self._known[name] = _by_name(self, name)
        return known

    def platform(self, name: str, value: str | None) -> str | None:
        """The consent platform id when this is a consent or opt-out record, else None."""
        if value is not None and value.strip().strip('"').upper() in OPT_OUT_VALUES:
            return "opt-out"
        recognised = _recognise(name, value)
        if recognised is not None:
            return recognised
        return "other" if self.is_consent_name(name) else None


@lru_cache(maxsize=65536)
def _words_say_consent(name: str) -> bool:
    words = tokens(name)
    if not CONSENT_WORDS.isdisjoint(words):
        return True
    joined = "".join(words)
    return any(part in joined for part in CONSENT_JOINED)


def _by_name(names: ConsentNames, name: str) -> bool:
    if name in names._names:
        return True
    if any(name.startswith(prefix) for prefix in names._prefixes):
        return True
    return _words_say_consent(name)


_RECOGNISE: list[Callable[[str, str | None], str | None]] = []


def _recognise(name: str, value: str | None) -> str | None:
    # imported on first use, then kept: an import statement runs the import machinery at
    # every call (in the window, through PySide6's import hook as well), once per cookie here
    if not _RECOGNISE:
        try:
            from inspector.consent.decode import recognise
        except ImportError:  # pragma: no cover - the package ships with the program
            return None
        _RECOGNISE.append(recognise)
    return _RECOGNISE[0](name, value)
