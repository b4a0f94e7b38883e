"""What each kind of feature adds to the learnt guess, on vendors it was never trained on.

    python benchmarks/ablate_guess.py

Trains the model of ``scripts/train_guess.py`` four times on the same split by service (about
one service in five held out), with and without the lifetime and the "sites sharing the name"
features, and prints for the held-out cookies: top-1 accuracy (every cookie, no threshold),
the share answered above the threshold and how often those answers are right. Figures only.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_guess import Example, held_out, train  # type: ignore[import-not-found]  # noqa: E402

from inspector.catalogue import load_catalogue  # noqa: E402
from inspector.guess import THRESHOLD, GuessModel, features, lifetime_bucket  # noqa: E402


def rows(use_lifetime: bool, use_shared: bool) -> list[Example]:
    found = []
    for rule in load_catalogue().rules:
        name = rule.name if rule.name is not None else f"{rule.prefix}1a2b3c"
        days = rule.lifetime_days if use_lifetime else None
        life = None if days is None else lifetime_bucket(days)
        shared = use_shared and rule.domains is None
        found.append((rule.service.id, features(name, life, shared), rule.purpose))
    return found


def score(model: GuessModel, test: list[Example]) -> str:
    top = answered = right = 0
    for _, found, purpose in test:
        probabilities = model.probabilities_of(found)
        if not probabilities:
            continue
        best = max(range(len(probabilities)), key=probabilities.__getitem__)
        top += model.classes[best] is purpose
        if probabilities[best] >= THRESHOLD:
            answered += 1
            right += model.classes[best] is purpose
    total = len(test)
    return (
        f"top-1 {100 * top / total:.1f} %, answers {100 * answered / total:.1f} %, "
        f"right {100 * right / max(1, answered):.1f} %"
    )


def main() -> None:
    for use_lifetime in (False, True):
        for use_shared in (False, True):
            data = rows(use_lifetime, use_shared)
            model = GuessModel(train([r for r in data if not held_out(r[0])]))
            test = [r for r in data if held_out(r[0])]
            print(
                f"name{' + lifetime' if use_lifetime else ''}"
                f"{' + sites sharing the name' if use_shared else ''}: "
                f"{len(test)} held-out cookies, {score(model, test)}"
            )


if __name__ == "__main__":
    main()
