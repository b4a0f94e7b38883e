"""Train the second opinion (``inspector/guess.py``) from the bundled catalogue.

    python scripts/train_guess.py            # writes resources/guess-model.json, prints figures

Every catalogue entry is one example: its name (a prefix gets a typical suffix), its
documented lifetime, whether it occurs on any site (an entry not bound to its vendor's own
domains: the "several sites share the name" feature) and its purpose. Entries are split by
service, so that the cookies of one vendor are either all in training or all in the test:
the printed test figures are for vendors the model has never seen. The shipped model is
then trained on every entry. Deterministic: the split follows a hash of the service id.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspector.catalogue import load_catalogue  # noqa: E402
from inspector.guess import THRESHOLD, GuessModel, features, lifetime_bucket  # noqa: E402
from inspector.purposes import Purpose  # noqa: E402

TARGET = ROOT / "resources" / "guess-model.json"
CLASSES = [p for p in Purpose if p is not Purpose.UNKNOWN]
ALPHA = 0.5  # additive smoothing
MIN_COUNT = 2  # features seen fewer times are left out of the shipped table


Example = tuple[str, list[str], Purpose]


def examples() -> tuple[list[Example], list[Example]]:
    """Every entry with its lifetime (as found in a browser), and the same again without it
    (as when a cookie's lifetime says little): the first list is what is tested."""
    primary, extra = [], []
    for rule in load_catalogue().rules:
        name = rule.name if rule.name is not None else f"{rule.prefix}1a2b3c"
        life = None if rule.lifetime_days is None else lifetime_bucket(rule.lifetime_days)
        shared = rule.domains is None
        primary.append((rule.service.id, features(name, life, shared), rule.purpose))
        if life is not None or shared:
            extra.append((rule.service.id, features(name, None), rule.purpose))
    return primary, extra


def train(rows: list[Example]) -> dict[str, object]:
    class_counts = Counter(purpose for _, _, purpose in rows)
    feature_counts: dict[str, Counter[Purpose]] = defaultdict(Counter)
    totals: Counter[Purpose] = Counter()
    for _, found, purpose in rows:
        for feature in found:
            feature_counts[feature][purpose] += 1
            totals[purpose] += 1
    kept = {f: c for f, c in feature_counts.items() if sum(c.values()) >= MIN_COUNT}
    vocabulary = len(kept) + 1
    n = len(rows)
    priors = [math.log((class_counts[c] + 1) / (n + len(CLASSES))) for c in CLASSES]
    denominators = [totals[c] + ALPHA * vocabulary for c in CLASSES]
    table = {
        feature: [
            round(math.log((counts[c] + ALPHA) / denominators[i]), 3) for i, c in enumerate(CLASSES)
        ]
        for feature, counts in sorted(kept.items())
    }
    unseen = [round(math.log(ALPHA / d), 3) for d in denominators]
    return {
        "about": "Naive-Bayes second opinion trained by scripts/train_guess.py from the catalogue",
        "classes": [c.value for c in CLASSES],
        "priors": [round(p, 4) for p in priors],
        "unseen": unseen,
        "features": table,
    }


def held_out(service_id: str) -> bool:
    return hashlib.sha256(service_id.encode()).digest()[0] < 52  # about one service in five


def report(model: GuessModel, rows: list[Example]) -> None:
    answered = right = right_group = 0
    for _, found, purpose in rows:
        probabilities = model.probabilities_of(found)
        if not probabilities:
            continue
        best = max(range(len(probabilities)), key=probabilities.__getitem__)
        if probabilities[best] >= THRESHOLD:
            answered += 1
            guessed = model.classes[best]
            right += guessed is purpose
            right_group += guessed is purpose or (
                guessed.strictly_necessary and purpose.strictly_necessary
            )
    total = len(rows)
    print(
        f"held-out vendors (never seen in training): {total} cookies; the model answers "
        f"{100 * answered / total:.1f} % (threshold {THRESHOLD}); of those, the purpose is "
        f"right {100 * right / max(1, answered):.1f} % "
        f"({100 * right_group / max(1, answered):.1f} % counting both kinds of necessary as one)"
    )


def main() -> None:
    primary, extra = examples()
    train_rows = [r for r in primary + extra if not held_out(r[0])]
    test_rows = [r for r in primary if held_out(r[0])]
    report(GuessModel(train(train_rows)), test_rows)
    model = train(primary + extra)
    TARGET.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n", "utf-8")
    size = TARGET.stat().st_size
    print(f"wrote {TARGET.relative_to(ROOT)}: {len(model['features'])} features, {size} bytes")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
