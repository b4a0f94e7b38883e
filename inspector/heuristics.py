"""Name-only guesses, from ``resources/heuristics.toml``, combined into one expression."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from inspector.errors import CatalogueError
from inspector.purposes import Purpose
from inspector.resources import resource


@dataclass(frozen=True, slots=True)
class Heuristic:
    id: str
    purpose: Purpose
    hint: str


class Heuristics:
    """Matches a cookie name against every heuristic at once (one alternation)."""

    def __init__(self, entries: list[tuple[str, Heuristic]]) -> None:
        self._cache: dict[str, Heuristic | None] = {}
        self._by_group = {f"h{index}": heuristic for index, (_, heuristic) in enumerate(entries)}
        combined = "|".join(
            f"(?P<h{index}>{pattern})" for index, (pattern, _) in enumerate(entries)
        )
        self._pattern = re.compile(combined) if entries else None

    def guess(self, name: str) -> Heuristic | None:
        try:
            return self._cache[name]
        except KeyError:
            pass
        found = None
        if self._pattern is not None:
            # patterns are matched against the lower-cased name: faster than ignoring case
            match = self._pattern.search(name.lower())
            if match is not None and match.lastgroup is not None:
                found = self._by_group.get(match.lastgroup)
        self._cache[name] = found
        return found


def load_heuristics() -> Heuristics:
    name = "resources/heuristics.toml"
    try:
        data = tomllib.loads(resource("heuristics.toml").read_text("utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(f"{name} is not valid TOML ({error}).", path=name) from None
    entries = []
    for raw in data.get("heuristic", []):
        try:
            pattern = str(raw["pattern"])
            re.compile(pattern)
            heuristic = Heuristic(str(raw["id"]), Purpose(raw["purpose"]), str(raw["hint"]))
        except (KeyError, ValueError, re.error) as error:
            raise CatalogueError(
                f"{name}, heuristic {raw.get('id')!r}: {error}.", path=name, advice="Fix the entry."
            ) from None
        # inner groups must not be named, so that lastgroup names the heuristic
        entries.append((pattern.replace("(?i)", "").lower(), heuristic))
    return Heuristics([(f"(?:{p})", h) for p, h in entries])
