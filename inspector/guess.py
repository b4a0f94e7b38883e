"""A second opinion for cookies no catalogue entry knows: a small naive-Bayes model over the
features of the cookie's name (its words, three-letter pieces, its shape), its lifetime and
whether several sites hold a cookie of that name.

What it does not look at, and why: the value's shape (identifier-like or not), the cookie's
scope (host-only or domain, path, partitioned). The catalogue it learns from records none of
them, so the model would have nothing to learn them from, and a hand-set weight could not be
checked against any documented cookie either (the evaluation set has no values or scopes).

The model is trained offline from the catalogue by ``scripts/train_guess.py`` and shipped as
data (``resources/guess-model.json``); this module only reads it, in pure Python. Its answers
are reported with confidence ``guess`` and never make a cookie part of a bulk deletion.

Reading that JSON costs several times what reading the same table written by ``marshal``
does, so the first run keeps it as such in ``<data folder>/cache/guess-model``
(inspector.cachefile), tied to the shipped file and this module.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from inspector.catalogue.names import is_number_like, tokens
from inspector.errors import CatalogueError
from inspector.purposes import Purpose
from inspector.resources import resource

MODEL = "guess-model.json"
COMPILED = "guess-model"  # its name in the cache folder
FORMAT = "guess-model-1"  # change it with the layout of GuessModel.compiled()
#: below this probability the model's answer is not given at all
THRESHOLD = 0.85
#: a name held by cookies of at least this many different sites in one scan counts as shared
SHARED_SITES = 2


def lifetime_bucket(days: float | None) -> str:
    """Session, under a day, under a month, under a year, up to 13 months, longer."""
    if days is None or days <= 0:
        return "session"
    for limit, label in ((1, "day"), (31, "month"), (366, "year"), (396, "13months")):
        if days < limit:
            return label
    return "long"


def features(name: str, lifetime: str | None, shared: bool = False) -> list[str]:
    """What the model looks at. The same function builds the training data.

    ``shared``: cookies of this name are held by several sites (at classification time: seen
    under at least ``SHARED_SITES`` sites in the scan; in training: a catalogue entry that is
    not bound to its vendor's own domains, i.e. documented to occur on any site)."""
    words = [w for w in tokens(name) if not is_number_like(w)]
    found = [f"w:{w}" for w in words]
    if words:
        found.append(f"first:{words[0]}")
        found.append(f"last:{words[-1]}")
    lowered = re.sub(r"[0-9a-f]{6,}|[0-9]+", "#", name.lower())
    padded = f"^{lowered}$"
    found += [f"c:{padded[i : i + 3]}" for i in range(len(padded) - 2)]
    shape = "".join(
        "A" if ch.isupper() else "a" if ch.islower() else "9" if ch.isdigit() else ch
        for ch in name[:3]
    )
    found.append(f"shape:{shape}")
    found.append(f"len:{min(len(name) // 4, 6)}")
    found.append(f"words:{min(len(words), 4)}")
    if re.search(r"[0-9a-f]{6,}|[0-9]{3,}", name.lower()):
        found.append("has:id-suffix")
    if lifetime is not None:
        found.append(f"life:{lifetime}")
    if shared:
        found.append("shared:many")
    return found


@dataclass(frozen=True, slots=True)
class Guess:
    purpose: Purpose
    probability: float


class GuessModel:
    """Multinomial naive Bayes with log-probabilities per class, read from JSON."""

    def __init__(self, data: dict[str, object]) -> None:
        try:
            self.classes = [Purpose(c) for c in data["classes"]]  # type: ignore[attr-defined]
            self.priors = [float(p) for p in data["priors"]]  # type: ignore[attr-defined]
            self.unseen = [float(p) for p in data["unseen"]]  # type: ignore[attr-defined]
            table = data["features"]
            if not isinstance(table, dict):
                raise TypeError("features")
            self.table = {str(k): [float(x) for x in v] for k, v in table.items()}
        except (KeyError, TypeError, ValueError) as error:
            raise CatalogueError(
                f"resources/{MODEL} is not a valid model ({error}).",
                path=MODEL,
                advice="Run scripts/train_guess.py again.",
            ) from None
        self._cache: dict[tuple[str, str | None, bool], Guess | None] = {}
        # the evidence of a name's own features, shared by its lifetimes and sharing
        self._names: dict[str, tuple[list[float], int]] = {}

    def compiled(self) -> tuple[Any, ...]:
        """The model as plain data, for marshal (see ``from_compiled``)."""
        return ([c.value for c in self.classes], self.priors, self.unseen, self.table)

    @classmethod
    def from_compiled(cls, data: Any) -> GuessModel:
        """The model ``compiled`` gave, without checking every number again: it was checked
        when the shipped file was read."""
        classes, priors, unseen, table = data
        if not isinstance(table, dict) or not len(classes) == len(priors) == len(unseen):
            raise TypeError("not a compiled model")
        # through __init__ (so that whatever else it sets up is there too), with the table
        # put in afterwards: it is the part not worth checking number by number again
        model = cls({"classes": classes, "priors": priors, "unseen": unseen, "features": {}})
        model.table = table
        return model

    def guess(
        self, name: str, lifetime_days: float | None = None, shared: bool = False
    ) -> Guess | None:
        """The most likely purpose, when the model is sure enough (memoised)."""
        bucket = lifetime_bucket(lifetime_days) if lifetime_days is not None else None
        key = (name, bucket, shared)
        if key in self._cache:
            return self._cache[key]
        result = self._guess(name, bucket, shared)
        self._cache[key] = result
        return result

    def probabilities(self, name: str, lifetime: str | None, shared: bool = False) -> list[float]:
        return self.probabilities_of(features(name, lifetime, shared))

    def probabilities_of(self, found: list[str]) -> list[float]:
        """Class probabilities. The features of one name overlap (a word and its letters),
        which makes plain naive Bayes far too sure of itself: their evidence is divided by
        the square root of how many were recognised."""
        evidence = [0.0] * len(self.priors)
        return self._probabilities(evidence, self._add(evidence, found))

    def _add(self, evidence: list[float], found: list[str]) -> int:
        """Add the rows of the known features to ``evidence``; how many were known."""
        known = 0
        for feature in found:
            row = self.table.get(feature)
            if row is None:
                continue
            known += 1
            for index, value in enumerate(row):
                evidence[index] += value
        return known

    def _probabilities(self, evidence: list[float], known: int) -> list[float]:
        if known == 0:
            return []
        scale = math.sqrt(known)
        scores = [prior + total / scale for prior, total in zip(self.priors, evidence, strict=True)]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def _name_evidence(self, name: str) -> tuple[list[float], int]:
        """The summed rows of the features of the name alone (computed once per name)."""
        found = self._names.get(name)
        if found is None:
            evidence = [0.0] * len(self.priors)
            known = self._add(evidence, features(name, None, False))
            found = self._names[name] = (evidence, known)
        return found

    def _probabilities_fast(self, name: str, lifetime: str | None, shared: bool) -> list[float]:
        """:meth:`probabilities`, from the name's cached evidence plus its lifetime and
        sharing features (added in the same order, so the sums are the same numbers)."""
        base, known = self._name_evidence(name)
        evidence = list(base)
        extra = [f"life:{lifetime}"] if lifetime is not None else []
        if shared:
            extra.append("shared:many")
        return self._probabilities(evidence, known + self._add(evidence, extra))

    def _guess(self, name: str, lifetime: str | None, shared: bool) -> Guess | None:
        probabilities = self._probabilities_fast(name, lifetime, shared)
        if not probabilities:
            return None
        best = max(range(len(probabilities)), key=probabilities.__getitem__)
        if probabilities[best] < THRESHOLD:
            return None
        return Guess(self.classes[best], probabilities[best])


@lru_cache(maxsize=4)
def load_guess_model(data_dir: Path | None = None) -> GuessModel | None:
    """The shipped model, or None when the program was built without one; with
    ``data_dir``, kept there compiled for the next run (see the module's docstring)."""
    node = resource(MODEL)
    if not node.is_file():
        return None
    if data_dir is None:
        return _read_model(node)
    from inspector import cachefile

    key = cachefile.make_key((FORMAT,), [node, *cachefile.source_files("guess.py")])
    kept = cachefile.read(data_dir, COMPILED, key)
    if kept is not None:
        try:
            return GuessModel.from_compiled(kept)
        except (TypeError, ValueError):
            pass  # not ours after all: read the shipped file
    model = _read_model(node)
    cachefile.write(data_dir, COMPILED, key, model.compiled())
    return model


def _read_model(node: Any) -> GuessModel:
    try:
        data = json.loads(node.read_text("utf-8"))
    except ValueError as error:
        raise CatalogueError(
            f"resources/{MODEL} is not valid JSON ({error}).", path=MODEL
        ) from None
    return GuessModel(data)
