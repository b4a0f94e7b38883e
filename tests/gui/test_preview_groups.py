"""The Delete-trackers preview groups what stays by reason: each reason's count is of every
cookie it keeps, while only the first few hundred are listed under it."""

from __future__ import annotations

from pathlib import Path

from inspector.analysis import analyse
from inspector.classify import Classifier
from inspector.deletion.plan import REASONS, Plan
from inspector.document import load
from inspector.gui.dialogs import SHOWN_KEPT, preview_groups
from inspector.i18n import _

SAMPLE = Path(__file__).parents[2] / "resources" / "sample"


def test_kept_cookies_are_counted_in_full_and_listed_in_part() -> None:
    findings = analyse(load([str(SAMPLE / "chromium")]), Classifier()).findings
    many = (findings * (SHOWN_KEPT // len(findings) + 2))[: SHOWN_KEPT + 37]
    reasons = list(REASONS)
    plan = Plan(
        delete=findings[:3],
        kept=(*many, *findings[:5]),
        reasons=(reasons[0],) * len(many) + (reasons[1],) * 5,
    )
    groups = preview_groups(plan)
    assert [(text, count) for text, count, _found in groups.stays] == [
        (_(REASONS[reasons[0]]), SHOWN_KEPT + 37),
        (_(REASONS[reasons[1]]), 5),
    ]
    listed = [found for _text, _count, found in groups.stays]
    assert listed[0] == list(many[:SHOWN_KEPT]) and listed[1] == list(findings[:5])
    assert sum(len(found) for _site, found in groups.goes) == 3
