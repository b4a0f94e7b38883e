"""The second opinion: learnt from the catalogue, tested on vendors it never saw, reported as
a guess and never enough to delete anything."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from inspector.analysis import Analysis, Finding
from inspector.classify import Classifier, Confidence
from inspector.deletion.plan import Selection, make_plan
from inspector.guess import GuessModel, features, lifetime_bucket, load_guess_model
from inspector.purposes import Purpose
from inspector.scan import ScanResult
from tests.unit.test_classify import NOW, cookie

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def trainer():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import train_guess

        yield train_guess
    finally:
        sys.path.remove(str(ROOT / "scripts"))


def test_accuracy_on_vendors_it_never_saw(trainer) -> None:  # type: ignore[no-untyped-def]
    """Trained without about one service in five, judged on exactly those services."""
    primary, extra = trainer.examples()
    training = [r for r in primary + extra if not trainer.held_out(r[0])]
    testing = [r for r in primary if trainer.held_out(r[0])]
    assert len(testing) > 200 and not {r[0] for r in training} & {r[0] for r in testing}
    model = GuessModel(trainer.train(training))
    answered = right = 0
    for _, found, purpose in testing:
        probabilities = model.probabilities_of(found)
        if probabilities and max(probabilities) >= 0.85:
            answered += 1
            right += model.classes[probabilities.index(max(probabilities))] is purpose
    assert answered / len(testing) > 0.15
    assert right / answered > 0.75


def test_shipped_model_is_the_trained_one(trainer) -> None:  # type: ignore[no-untyped-def]
    """resources/guess-model.json is what scripts/train_guess.py makes from the catalogue
    now: retrain after changing the catalogue."""
    primary, extra = trainer.examples()
    shipped = load_guess_model()
    assert shipped is not None
    fresh = trainer.train(primary + extra)
    assert set(fresh["features"]) == set(shipped.table)  # type: ignore[arg-type]


def test_a_guess_is_said_and_never_deletes() -> None:
    classifier = Classifier(now=NOW)
    finding = None
    for name in ("pd_visitor_xyz_id", "adv_uid_sync", "_tq_uid", "trk_vid"):
        info = classifier.classify(cookie(".unknown-site.example", name, days=390))
        if info.confidence is Confidence.GUESS:
            finding = Finding(cookie(".unknown-site.example", name, days=390), info)
            break
    assert finding is not None, "the model should have an opinion on one of these"
    assert finding.info.rule is not None and finding.info.rule.startswith("guess:")
    analysis = Analysis(ScanResult(()), (finding,), "test")
    plan = make_plan(analysis, Selection(trackers=True, include_social=True))
    assert plan.delete == ()
    if finding.info.purpose.is_tracking:
        assert plan.keep[0].reason == "guess"


def test_without_the_model_nothing_is_guessed() -> None:
    info = Classifier(now=NOW, use_guess=False).classify(cookie(".u.example", "pd_visitor_id"))
    assert info.confidence is not Confidence.GUESS


@pytest.mark.parametrize(
    ("days", "bucket"),
    [(None, "session"), (0, "session"), (0.01, "day"), (30, "month"), (365, "year"),
     (395, "13months"), (800, "long")],
)  # fmt: skip
def test_lifetime_buckets(days: float | None, bucket: str) -> None:
    assert lifetime_bucket(days) == bucket


def test_features_read_words_and_shape() -> None:
    found = features("DotomiSession_123456", "session")
    assert {"w:dotomi", "w:session", "has:id-suffix", "life:session"} <= set(found)
    assert (
        Purpose.UNKNOWN
        not in GuessModel(
            {"classes": ["analytics"], "priors": [0.0], "unseen": [0.0], "features": {}}
        ).classes
    )


def test_sites_sharing_a_name_are_counted_per_site_not_per_host() -> None:
    from inspector.classify import shared_names

    cookies = [
        cookie(".shop-one.example", "cart_seen"),
        cookie("www.shop-two.example", "cart_seen"),
        cookie(".news.example", "edition"),
        cookie("www.news.example", "edition"),  # the same site twice: not shared
    ]
    assert shared_names(cookies) == {"cart_seen"}
    classifier = Classifier(now=NOW)
    classifier.note_visits(iter(cookies))  # any iterable, read once
    assert classifier.shared_names == {"cart_seen"}


def test_sharing_is_a_feature_of_its_own() -> None:
    alone, shared = features("cart_seen", None), features("cart_seen", None, shared=True)
    assert set(shared) - set(alone) == {"shared:many"}
    model = load_guess_model()
    assert model is not None and "shared:many" in model.table  # learnt, not hand-set


def test_cached_name_evidence_gives_the_same_probabilities() -> None:
    """The fast path sums a name's own features once and adds lifetime and sharing after:
    the numbers must be exactly those of the plain formula for every combination."""
    model = load_guess_model()
    assert model is not None
    names = ["_ga", "sess_1157", "pref_x", "ab_2", "__Host-token", "ÄÖ", "", "x" * 80, "utm_zz"]
    buckets = [None, "session", "day", "month", "year", "13months", "long"]
    compared = 0
    for name in names:
        for bucket in buckets:
            for shared in (False, True):
                assert model._probabilities_fast(name, bucket, shared) == model.probabilities(
                    name, bucket, shared
                ), (name, bucket, shared)
                compared += 1
    assert compared == len(names) * len(buckets) * 2


def test_a_compiled_model_guesses_as_the_shipped_one() -> None:
    """The model kept between runs (``from_compiled``) answers every question the shipped
    file answers, the same way (a model rebuilt without its caches raised here once)."""
    shipped = load_guess_model()
    assert shipped is not None
    rebuilt = GuessModel.from_compiled(shipped.compiled())
    asked = 0
    for name in ["sess_1157", "pref_x", "_fbp_like", "trk_uid", "a"]:
        for days in (None, 0.5, 20.0, 200.0, 380.0, 900.0):
            for shared in (False, True):
                assert rebuilt.guess(name, days, shared) == shipped.guess(name, days, shared)
                asked += 1
    assert asked == 60
