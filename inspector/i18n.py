"""The user's language: every user-visible string goes through this module.

Strings are marked with ``_("...")`` (translated now), ``ngettext(singular, plural, n)``
(plural forms by the language's own rules) or ``N_("...")`` (marked for extraction, translated
where it is shown). Translations are gettext catalogues under ``resources/locale/<lang>/``.
The language is chosen once at start-up by :func:`set_language`; until then, and for a
language we have no catalogue for, the English source strings are shown.
"""

from __future__ import annotations

import gettext as _gettext
import locale
import os
from dataclasses import dataclass, field

DOMAIN = "cookie-inspector"
SOURCE_LANGUAGE = "en"


@dataclass(slots=True)
class _Current:
    """The active catalogue. One per process, chosen at start-up (a language is a
    process-wide choice, as it is for gettext and Qt); tests reset it with set_language."""

    language: str = SOURCE_LANGUAGE
    catalogue: _gettext.NullTranslations = field(default_factory=_gettext.NullTranslations)


_current = _Current()


def system_language() -> str:
    """The language the system asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), as 'fr'."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value and value not in ("C", "POSIX"):
            return value.split(":")[0].split(".")[0].split("_")[0].lower() or SOURCE_LANGUAGE
    found = locale.getlocale()[0]
    return (found or SOURCE_LANGUAGE).split("_")[0].lower()


def set_language(language: str | None = None) -> str:
    """Switch to ``language`` ('fr', 'fr_FR', None for the system's); returns the one in use."""
    wanted = (language or system_language()).replace("-", "_").split("_")[0].lower()
    from inspector.resources import locale_dir  # late: resources reads files

    try:
        catalogue: _gettext.NullTranslations = _gettext.translation(
            DOMAIN, localedir=str(locale_dir()), languages=[wanted]
        )
        _current.language = wanted
    except OSError:
        catalogue = _gettext.NullTranslations()
        _current.language = SOURCE_LANGUAGE
    _current.catalogue = catalogue
    return _current.language


def current_language() -> str:
    return _current.language


def _(message: str) -> str:
    return _current.catalogue.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _current.catalogue.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    return _current.catalogue.pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name
    """Mark a string for extraction without translating it here."""
    return message
