"""The user's language: every user-visible string goes through this module.

Strings are marked with ``_("...")`` (translated now), ``ngettext(singular, plural, n)``
(plural forms by the language's own rules), ``pgettext(context, "...")`` or ``N_("...")``
(marked for extraction, translated where it is shown). Translations are gettext catalogues
under ``resources/locale/<lang>/LC_MESSAGES/cookie-inspector.mo``, compiled from the ``.po``
beside them by ``scripts/translations.py`` (see the README's "Translations").

The language is chosen once at start-up by :func:`set_language` (the ``--lang`` option, then
the saved setting, then the system's locale); until then, and for a language we have no
catalogue for, the English source strings are shown.

Texts that live in data files (``resources/explanations.toml``, the catalogue's descriptions)
are extracted from those files by the same script; code translates them where it shows them:
``_(text)`` for explanations, :func:`catalogue_text` for the catalogue.
"""

from __future__ import annotations

import gettext as _gettext
import locale
import os
import subprocess
import sys
from dataclasses import dataclass, field

DOMAIN = "cookie-inspector"
SOURCE_LANGUAGE = "en"
# The message context of catalogue texts: "cookie:<id>", "service:<id>", and one shared
# context for the organisations' data categories (the same phrase recurs across them).
DATA_CATEGORY_CONTEXT = "data-category"
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@dataclass(slots=True)
class _Current:
    """The active catalogue. One per process, chosen at start-up (a language is a
    process-wide choice, as it is for gettext and Qt); tests reset it with set_language."""

    language: str = SOURCE_LANGUAGE
    catalogue: _gettext.NullTranslations = field(default_factory=_gettext.NullTranslations)
    formatting: str | None = None  # formatting_locale(), once worked out
    country: str = ""  # the Country setting, when the person chose one


_current = _Current()


def _system_locale_names() -> list[str]:
    """The locale names the system asks for, most wanted first ('fr_FR', 'en_GB'...)."""
    names: list[str] = []
    for variable in _LOCALE_VARIABLES:
        value = os.environ.get(variable, "")
        for part in value.split(":"):
            name = part.split(".")[0].split("@")[0]
            if name and name not in ("C", "POSIX"):
                names.append(name)
        if names and variable != "LANGUAGE":
            break
    if not names and not any(os.environ.get(v) for v in _LOCALE_VARIABLES):
        names += _desktop_locale_names()
    return names


def _desktop_locale_names() -> list[str]:
    """Where no locale variable is set (Windows, and apps started from the macOS Finder):
    the locale the person chose in the system's settings."""
    found = ""
    try:
        if sys.platform == "win32":
            import ctypes

            buffer = ctypes.create_unicode_buffer(85)
            if ctypes.windll.kernel32.GetUserDefaultLocaleName(buffer, len(buffer)):  # type: ignore[attr-defined]
                found = buffer.value
        elif sys.platform == "darwin":
            found = subprocess.run(
                ["defaults", "read", "-g", "AppleLocale"],
                capture_output=True,
                text=True,
                timeout=2,
                check=False,
            ).stdout.strip()
        else:
            found = locale.getlocale()[0] or ""
    except (OSError, ValueError, subprocess.SubprocessError):
        found = ""
    name = found.replace("-", "_").split("@")[0]
    return [name] if name and name not in ("C", "POSIX") else []


def _language_of(name: str) -> str:
    return name.replace("-", "_").split("_")[0].lower()


def system_language() -> str:
    """The language the system asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), as 'fr'."""
    names = _system_locale_names()
    return _language_of(names[0]) if names else SOURCE_LANGUAGE


def available_languages() -> list[str]:
    """The languages the program speaks: English and every compiled catalogue."""
    from inspector.resources import locale_dir  # late: resources reads files

    found = {
        entry.name
        for entry in locale_dir().iterdir()
        if (entry / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
    }
    return [SOURCE_LANGUAGE, *sorted(found - {SOURCE_LANGUAGE})]


def set_language(language: str | None = None) -> str:
    """Switch to ``language`` ('fr', 'fr_FR', None or '' for the system's); returns the one
    in use. With no catalogue for it, the first language of the system's list we have, else
    English."""
    from inspector.resources import locale_dir  # late: resources reads files

    _current.formatting = None
    if language:
        wanted = [_language_of(language)]
    else:
        wanted = [_language_of(name) for name in _system_locale_names()] or [SOURCE_LANGUAGE]
    for candidate in wanted:
        if candidate == SOURCE_LANGUAGE:
            break
        try:
            _current.catalogue = _gettext.translation(
                DOMAIN, localedir=str(locale_dir()), languages=[candidate]
            )
        except OSError:
            continue
        _current.language = candidate
        return candidate
    _current.catalogue = _gettext.NullTranslations()
    _current.language = SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def current_language() -> str:
    return _current.language


def formatting_locale() -> str:
    """The locale numbers and dates are written in: the language in use, with the system's
    territory when the system speaks that language too (fr + fr_BE → 'fr_BE'); British
    English by default, as the program's English is.

    Asked for every number and date of a report, so it is worked out once per language
    choice (:func:`set_language` reads the system's locale again)."""
    found = _current.formatting
    if found is None:
        found = _current.formatting = _formatting_locale()
    return found


def _formatting_locale() -> str:
    language = _current.language
    for name in _system_locale_names():
        parts = name.replace("-", "_").split("_")
        if _language_of(name) == language and len(parts) > 1 and parts[1].isalpha():
            return f"{language}_{parts[1].upper()}"
    return "en_GB" if language == SOURCE_LANGUAGE else language


def set_country(setting: str | None) -> None:
    """Remember the Country setting for this run ("" or None: follow the locale)."""
    _current.country = (setting or "").strip().upper()


def user_country(setting: str | None = None) -> str | None:
    """The person's country, as an ISO 3166-1 alpha-2 code ('FR'): ``setting`` (else the
    Country setting given to :func:`set_country` at start-up) when there is one, else the
    territory of the system's locale (fr_FR → 'FR', de_AT → 'AT'); None when nothing says.
    This is the one place that decides which data-protection authority is shown."""
    setting = setting or _current.country
    if setting and len(setting.strip()) == 2 and setting.strip().isalpha():
        return setting.strip().upper()
    for name in _system_locale_names():
        parts = name.replace("-", "_").split("_")
        if len(parts) > 1 and len(parts[1]) == 2 and parts[1].isalpha():
            return parts[1].upper()
    return None


def _(message: str) -> str:
    if not message:  # gettext("") is the catalogue's header, never a translation
        return message
    return _current.catalogue.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _current.catalogue.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    return _current.catalogue.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, count: int) -> str:
    return _current.catalogue.npgettext(context, singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name
    """Mark a string for extraction without translating it here."""
    return message


def NC_(context: str, message: str) -> str:  # noqa: N802 - like N_
    """Mark a message with its context for extraction (module-level tables); translate it
    with ``pgettext(context, message)`` where it is shown."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - like N_
    """Mark a singular/plural pair for extraction (module-level tables); pass it to
    ``ngettext(*pair, n)`` where it is shown."""
    return singular, plural


def list_separator() -> str:
    """What separates items that themselves hold commas ("; " in English)."""
    # Translators: between items that hold commas themselves; French puts a space before ";"
    return pgettext("list separator", "; ")


def catalogue_text(kind: str, entry_id: str, text: str) -> str:
    """A description from the tracker catalogue in the user's language: ``kind`` is "cookie"
    or "service". Entries imported by the user, or changed since the translation, stay as
    they are written (the English text is the message id)."""
    if not text:
        return text
    lookup = _current.catalogue.pgettext  # by another name: the extractor reads these from data
    return lookup(f"{kind}:{entry_id}", text)


def data_category(phrase: str) -> str:
    """One of an organisation's data categories ("device and browser information")."""
    lookup = _current.catalogue.pgettext
    return lookup(DATA_CATEGORY_CONTEXT, phrase)
