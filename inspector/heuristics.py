"""Name-only guesses, from ``resources/heuristics.toml``, read from the name's words.

A word anywhere in the name is a weak signal, so the entries look at words (tokens), not at
substrings: "session" in ``_zdshared_user_session_analytics`` does not make it a session id.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from inspector.catalogue.names import is_number_like, tokens
from inspector.errors import CatalogueError
from inspector.i18n import _
from inspector.purposes import Purpose
from inspector.resources import resource


@dataclass(frozen=True, slots=True)
class Heuristic:
    id: str
    purpose: Purpose
    hint: str
    any_words: frozenset[str] = frozenset()
    last_words: frozenset[str] = frozenset()
    trailing: frozenset[str] = frozenset()
    joined: tuple[str, ...] = ()

    def fits(self, words: tuple[str, ...], joined: str) -> bool:
        if self.any_words and not self.any_words.isdisjoint(words):
            return True
        if self.joined and any(part in joined for part in self.joined):
            return True
        if self.last_words:
            meaningful = list(words)
            while meaningful and (
                is_number_like(meaningful[-1]) or meaningful[-1] in self.trailing
            ):
                meaningful.pop()
            if meaningful and meaningful[-1] in self.last_words:
                return True
            # "PHPSESSID", "JSESSIONID": one word that is a session word on its own
            return len(words) == 1 and words[0] in self.last_words
        return False


class Heuristics:
    """Tries every heuristic in the listed order; the first that fits wins (memoised)."""

    def __init__(self, entries: list[Heuristic]) -> None:
        self._entries = tuple(entries)
        self._cache: dict[str, Heuristic | None] = {}

    def guess(self, name: str) -> Heuristic | None:
        try:
            return self._cache[name]
        except KeyError:
            pass
        words = tokens(name)
        joined = "".join(words)
        found = next((h for h in self._entries if h.fits(words, joined)), None)
        self._cache[name] = found
        return found


def _words(raw: dict[str, object], key: str) -> frozenset[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"'{key}' must be a list of words")
    return frozenset(item.lower() for item in value)


def load_heuristics() -> Heuristics:
    name = "resources/heuristics.toml"
    try:
        data = tomllib.loads(resource("heuristics.toml").read_text("utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(
            _("{name} is not valid TOML ({error}).").format(name=name, error=error), path=name
        ) from None
    entries = []
    for raw in data.get("heuristic", []):
        try:
            entries.append(
                Heuristic(
                    str(raw["id"]),
                    Purpose(raw["purpose"]),
                    str(raw["hint"]),
                    _words(raw, "any"),
                    _words(raw, "last"),
                    _words(raw, "trailing"),
                    tuple(sorted(_words(raw, "joined"))),
                )
            )
        except (KeyError, ValueError) as error:
            raise CatalogueError(
                _("{name}, heuristic {id}: {error}.").format(
                    name=name, id=repr(raw.get("id")), error=error
                ),
                path=name,
                advice=_("Fix the entry."),
            ) from None
    return Heuristics(entries)
