"""What a cookie's name is made of: its words (tokens), whether it is distinctive enough to
name one vendor anywhere, and where a short prefix may end."""

from __future__ import annotations

import re
from functools import lru_cache

_SPLIT = re.compile(r"[^A-Za-z0-9]+")
# "DotomiSession" -> Dotomi Session; "XSRFToken" -> XSRF Token; "abc123" -> abc 123
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")

#: Words that say nothing about who wrote a cookie: a name made only of these (and numbers)
#: is used by many unrelated sites and must never name a vendor on its own.
GENERIC_WORDS = frozenset(
    """
    a ab account accept accepted active admin agree alert all allow analytics anon app auth
    banner basket beacon browser bucket c cache campaign cart check checkout choice client
    closed cm consent cookie cookies count country csrf currency d data date debug demo device
    dismiss dnt domain enabled env exp expires experiment f flag fp geo gdpr group guest guid
    hash hide hit history i id ids info init k key l lang language last lat lb lng loc locale
    location log login logout m mode n name new notice nonce o ok opt optin optout out p page
    path pid popup pref prefs preference preferences privacy profile r ref referer referrer
    region remember s sess session sessid sessionid set settings shown sid site size source
    start state stats status store t tag test theme time timezone tmp token track tracking ts
    tz u uid user userid users utm uuid v var variant version vid view visit visited visitor
    visits w x y z
    """.split()
)


@lru_cache(maxsize=65536)
def tokens(name: str) -> tuple[str, ...]:
    """The words of a cookie name, lower-cased: ``DotomiSession_12`` → dotomi, session, 12."""
    words: list[str] = []
    for chunk in _SPLIT.split(name):
        words.extend(part.lower() for part in _CAMEL.findall(chunk))
    return tuple(words)


def is_number_like(token: str) -> bool:
    """Digits, or a hex or random-looking run that identifies one site or account."""
    return token.isdigit() or (len(token) >= 6 and re.fullmatch(r"[0-9a-f]+", token) is not None)


@lru_cache(maxsize=65536)
def is_generic(name: str) -> bool:
    """Whether the name could just as well be any site's own cookie (``token``, ``uuid``,
    ``lang``, ``optout``, ``user_id``): too short, or made only of common words."""
    stripped = name.strip("_-.$ ")
    if len(stripped) < 4:
        return True
    words = [t for t in tokens(name) if not is_number_like(t)]
    if not words:
        return True
    if all(word in GENERIC_WORDS for word in words):
        return True
    # a lone lower-case word such as "optout", "sessionid" or "visitorid"
    return len(words) == 1 and _is_compound_of_generic(words[0])


def _is_compound_of_generic(word: str) -> bool:
    if word in GENERIC_WORDS:
        return True
    for cut in range(1, len(word)):
        head, tail = word[:cut], word[cut:]
        if head in GENERIC_WORDS and (tail in GENERIC_WORDS or _is_compound_of_generic(tail)):
            return True
    return False


SHORT_PREFIX = 5


def prefix_boundary_ok(name: str, prefix: str) -> bool:
    """A short prefix must end where a word ends: ``_gat`` matches ``_gat_UA-1`` and
    ``_gat12`` but not ``_gatekeeper``. Prefixes ending in a separator are whole already."""
    if len(prefix) > SHORT_PREFIX or len(name) == len(prefix) or not prefix[-1].isalnum():
        return True
    following = name[len(prefix)]
    if not following.isalpha():
        return True
    # a lower-case word may be followed by a capital (camelCase), never by more lower case
    return prefix[-1].islower() and following.isupper()
