"""The analysis in steps (what a window shows while the rest is classified) ends with the
same Analysis as the analysis in one go, and each step's findings are already final."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspector.analysis import Analyser, Analysis, analyse, iter_analyse
from inspector.classify import Classifier
from inspector.resources import resource
from inspector.scan import ScanResult, resolve_stores, scan
from tests.support.analysis import NEWS_COOKIES
from tests.support.storefactory import make_chromium_store

NOW = datetime(2026, 11, 26, tzinfo=UTC)


@pytest.fixture
def scanned(tmp_path: Path) -> ScanResult:
    news = make_chromium_store(tmp_path / "news" / "Default" / "Cookies", NEWS_COOKIES)
    stores, failures = resolve_stores(
        [
            news,
            Path(str(resource("sample"))) / "chromium",
            Path(str(resource("sample"))) / "firefox",
        ]
    )
    assert not failures
    return scan(stores)


def described(analysis: Analysis) -> tuple[object, ...]:
    return (
        [
            (f.cookie.id, f.info.purpose, f.info.party, f.info.rule, f.info.consent_role)
            for f in analysis.findings
        ],
        [(v.site, v.cookie_id, v.evidence) for v in analysis.violations],
        [(u.store.path, u.problem, u.cookie_ids) for u in analysis.unread],
    )


@pytest.mark.parametrize("step", [1, 7, 64, 100_000])
def test_steps_of_any_size_give_the_analysis_in_one_go(scanned: ScanResult, step: int) -> None:
    whole = analyse(scanned, Classifier(now=NOW))
    analyser = Analyser(scanned, Classifier(now=NOW))
    shown = []
    steps = 0
    while analyser.done < analyser.total:
        batch = analyser.step(step)
        assert batch, "a step before the end classifies at least one cookie"
        shown.extend(batch)
        steps += 1
    assert steps == -(-scanned.cookie_count // step)
    finished = analyser.finish()
    assert described(finished) == described(whole)
    assert finished.violations, "the scene holds contradictions: the comparison means something"
    # what a step showed is what the analysis holds for those cookies
    assert [(f.cookie.id, f.info.purpose, f.info.consent_role) for f in shown] == [
        (f.cookie.id, f.info.purpose, f.info.consent_role) for f in finished.findings
    ]


def test_progress_counts_then_the_analysis(scanned: ScanResult) -> None:
    items = list(iter_analyse(scanned, Classifier(now=NOW)))
    *counts, last = items
    assert isinstance(last, Analysis)
    assert counts == [scanned.cookie_count]  # fewer cookies than one step: one report
    assert described(last) == described(analyse(scanned, Classifier(now=NOW)))


def test_finish_classifies_what_no_step_did(scanned: ScanResult) -> None:
    analyser = Analyser(scanned, Classifier(now=NOW))
    analyser.step(3)
    finished = analyser.finish()
    assert len(finished.findings) == scanned.cookie_count
    assert described(finished) == described(analyse(scanned, Classifier(now=NOW)))
