"""`delete --trackers` never chooses a consent or opt-out record, a necessary cookie or a
guess — checked on stores built with Chromium's real schema, and against a classification
that is wrong on purpose (the plan's own check must hold even then)."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.analysis import Analysis, Finding
from inspector.classify import Attribution, Classification, Confidence, Lifetime
from inspector.deletion.plan import Selection, is_consent_record, make_plan
from inspector.purposes import Purpose
from inspector.values import CookieValue
from tests.support.analysis import analysis_of as shared_analysis_of
from tests.support.storefactory import FakeCookie

COOKIES = [
    # (cookie, deleted by --trackers?, reason)
    (FakeCookie(".news.example", "_ga", value="GA1.1.5.6"), True, "Google Analytics id"),
    (FakeCookie(".doubleclick.net", "IDE", value="xyz"), True, "DoubleClick ad id"),
    (FakeCookie(".news.example", "GA_OPT_OUT", value="true"), False, "GA opt-out record"),
    (FakeCookie(".shop.example", "cookieyes-analytics", value="no"), False, "CookieYes choice"),
    (FakeCookie(".shop.example", "cookieyes-advertisement", value="no"), False, "choice"),
    (FakeCookie(".doubleclick.net", "id", value="OPT_OUT"), False, "ad opt-out"),
    (FakeCookie(".shop.example", "PHPSESSID", value="abc"), False, "necessary"),
    (FakeCookie(".shop.example", "site_tracking_ab", value="1"), False, "a guess only"),
    (FakeCookie(".shop.example", "_zdshared_user_session_analytics"), True, "Zendesk statistics"),
    (FakeCookie(".shop.example", "shop_visit_stats", value="1"), False, "a heuristic only"),
]


def analysis_of(folder: Path) -> Analysis:
    return shared_analysis_of(folder, [c for c, _, _ in COOKIES])


def test_trackers_take_only_firm_trackers(tmp_path: Path) -> None:
    plan = make_plan(analysis_of(tmp_path), Selection(trackers=True))
    deleted = {f.cookie.name for f in plan.delete}
    expected = {c.name for c, gone, _ in COOKIES if gone}
    assert deleted == expected
    reasons = {k.finding.cookie.name: k.reason for k in plan.keep}
    assert reasons["GA_OPT_OUT"] == "consent-record"
    assert reasons["cookieyes-analytics"] == "consent-record"
    assert reasons["PHPSESSID"] == "necessary"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("GA_OPT_OUT", None),
        ("cookieyes-advertisement", None),
        ("OptanonConsent", None),
        ("euconsent-v2", None),
        ("cmplz_marketing", None),
        ("some_tracker_id", "OPT_OUT"),
        ("__hs_opt_out", None),
    ],
    ids=["ga-opt-out", "cookieyes", "onetrust", "tcf", "complianz", "opt-out-value", "hubspot"],
)
def test_plan_keeps_consent_records_even_when_misclassified(
    tmp_path: Path, name: str, value: str | None
) -> None:
    """Even if an imported list or a bug called the record an analytics tracker."""
    analysis = analysis_of(tmp_path)
    finding = analysis.findings[0]  # _ga: a firm analytics classification to borrow
    assert finding.info.purpose is Purpose.ANALYTICS
    wrong = Attribution(None, None, Purpose.ANALYTICS, Confidence.CATALOGUE, "x", None, None, None)
    info = Classification(wrong, finding.info.place, None, None, Lifetime.PERMANENT, 1, 1, False)
    cookie = finding.cookie
    renamed = type(cookie)(
        cookie.store, cookie.host, name, cookie.path, cookie.created_us, cookie.expires_us,
        None, True, False, cookie.same_site, None, (cookie.host, name, "/"),
    )  # fmt: skip
    misclassified = Finding(renamed, info)
    assert is_consent_record(misclassified, value)
    values = {renamed.id: CookieValue(value)} if value is not None else {}
    broken = Analysis(analysis.scan, (misclassified,), "test", values)
    plan = make_plan(broken, Selection(trackers=True))
    assert plan.delete == () and plan.keep[0].reason == "consent-record"
