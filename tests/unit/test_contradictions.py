"""Contradictions between a site's recorded refusal and its cookies: found, never invented."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspector.analysis import Analysis
from inspector.consent import encode_tc_string
from inspector.consent.tcf import TCString, VendorSection
from tests.support.analysis import analyse_stores, analysis_of, chromium_store
from tests.support.storefactory import FakeCookie

CHOICE = "Mon+Nov+02+2026+10%3A00%3A00+GMT%2B0000"
REFUSE_ALL = f"datestamp={CHOICE}&groups=C0001%3A1%2CC0002%3A0%2CC0003%3A0%2CC0004%3A0"
ACCEPT_ALL = f"datestamp={CHOICE}&groups=C0001%3A1%2CC0002%3A1%2CC0003%3A1%2CC0004%3A1"
BEFORE = datetime(2026, 10, 1, tzinfo=UTC)
AFTER = datetime(2026, 11, 20, tzinfo=UTC)


def evidence(analysis: Analysis) -> dict[str, str]:
    return {v.cookie_name: v.evidence for v in analysis.violations}


def test_set_after_and_present_despite_refusal(tmp_path: Path) -> None:
    analysis = analysis_of(
        tmp_path,
        [
            FakeCookie(".news.example", "OptanonConsent", value=REFUSE_ALL),
            FakeCookie(".news.example", "_ga", created=AFTER),
            FakeCookie(".news.example", "_fbp", created=BEFORE),
            FakeCookie(".news.example", "PHPSESSID", created=AFTER),
            FakeCookie(".other.example", "_gid", created=AFTER),
        ],
    )
    assert evidence(analysis) == {"_ga": "set_after_refusal", "_fbp": "present_despite_refusal"}
    violation = next(v for v in analysis.violations if v.cookie_name == "_ga")
    assert (violation.site, violation.refused_purpose, violation.cmp) == (
        "news.example",
        "analytics",
        "OneTrust",
    )
    text = violation.explanation()
    assert "after that choice" in text and "data-protection authority" in text


def test_nothing_when_accepted(tmp_path: Path) -> None:
    analysis = analysis_of(
        tmp_path,
        [
            FakeCookie(".news.example", "OptanonConsent", value=ACCEPT_ALL),
            FakeCookie(".news.example", "_ga", created=AFTER),
        ],
    )
    assert analysis.violations == ()


def test_mixed_evidence_is_not_reported(tmp_path: Path) -> None:
    cookiebot_accepts = (
        "{stamp:'x',necessary:true,preferences:true,statistics:true,"
        "marketing:true,method:'explicit',ver:1,utc:1761300000000}"
    )
    analysis = analysis_of(
        tmp_path,
        [
            FakeCookie(".news.example", "OptanonConsent", value=REFUSE_ALL),
            FakeCookie(".news.example", "CookieConsent", value=cookiebot_accepts),
            FakeCookie(".news.example", "_ga", created=AFTER),
        ],
    )
    assert "_ga" not in evidence(analysis)


def test_unreadable_record_claims_nothing(tmp_path: Path) -> None:
    analysis = analysis_of(
        tmp_path,
        [
            FakeCookie(".news.example", "OptanonConsent", value="%%%broken"),
            FakeCookie(".news.example", "_ga", created=AFTER),
        ],
    )
    assert analysis.violations == ()


def test_partitioned_tracker_under_the_site_counts(tmp_path: Path) -> None:
    analysis = analysis_of(
        tmp_path,
        [
            FakeCookie(".news.example", "OptanonConsent", value=REFUSE_ALL),
            FakeCookie(".doubleclick.net", "IDE", created=AFTER, partition="https://news.example"),
        ],
    )
    assert evidence(analysis) == {"IDE": "set_after_refusal"}


def test_other_profiles_are_not_mixed(tmp_path: Path) -> None:
    refusal = [FakeCookie(".news.example", "OptanonConsent", value=REFUSE_ALL)]
    first = chromium_store(tmp_path, refusal, "a")
    second = chromium_store(tmp_path, [FakeCookie(".news.example", "_ga", created=AFTER)], "b")
    assert analyse_stores(first, second).violations == ()
    # the same two cookies in one profile do contradict: the test above can fail
    assert analysis_of(
        tmp_path, [*refusal, FakeCookie(".news.example", "_ga", created=AFTER)]
    ).violations


@pytest.mark.parametrize(
    ("vendors", "reported"),
    [(frozenset(), True), (frozenset({755}), False)],
    ids=["google-refused", "google-allowed"],
)
def test_tcf_vendor_refusal(tmp_path: Path, vendors: frozenset[int], reported: bool) -> None:
    moment = datetime(2026, 11, 2, 10, tzinfo=UTC)
    tc = TCString(
        created=moment,
        last_updated=moment,
        cmp_id=28,
        cmp_version=1,
        consent_screen=1,
        consent_language="EN",
        vendor_list_version=150,
        tcf_policy_version=4,
        is_service_specific=True,
        use_non_standard_texts=False,
        special_feature_opt_ins=frozenset(),
        purpose_consents=frozenset(range(1, 11)),
        purpose_legitimate_interests=frozenset(),
        purpose_one_treatment=False,
        publisher_cc="GB",
        vendor_consents=VendorSection.of(vendors),
        vendor_legitimate_interests=VendorSection.of(frozenset()),
    )
    analysis = analysis_of(
        tmp_path,
        [
            FakeCookie(".news.example", "euconsent-v2", value=encode_tc_string(tc)),
            FakeCookie(".news.example", "_gcl_au", created=AFTER),
        ],
    )
    found = [v for v in analysis.violations if v.cookie_name == "_gcl_au"]
    assert bool(found) is reported
    if found:
        assert found[0].vendor and "Google" in found[0].vendor
