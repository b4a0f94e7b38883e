"""The one summary: lifetime buckets, the 13-month figure, and the window and every report
telling the same figures, each checked against a count made independently from the data."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from inspector.analysis import Analysis, analyse
from inspector.classify import Classifier
from inspector.consent.model import Role
from inspector.document import load, scan_document
from inspector.report.json_report import report_document
from inspector.report.model import build_report
from inspector.summary import LifetimeBucket, SiteConsent, site_consent, summarise, view_data
from tests.support.analysis import analysis_of
from tests.support.storefactory import NOW, FakeCookie

#: Strictly necessary and consent purposes: no company "receives data" through them.
NOT_RECEIVING = {"communication", "requested_service", "consent"}
NEEDS_CONSENT = {"analytics", "advertising", "interactive"}


def _for(minutes: float) -> FakeCookie:
    return FakeCookie(".site.example", f"c{minutes:g}", expires=NOW + timedelta(minutes=minutes))


@pytest.mark.parametrize(
    ("minutes", "bucket"),
    [
        pytest.param(15, LifetimeBucket.UNDER_A_DAY, id="15-minutes-is-not-a-day"),
        pytest.param(30, LifetimeBucket.UNDER_A_DAY, id="30-minutes"),
        pytest.param(24 * 60 - 1, LifetimeBucket.UNDER_A_DAY, id="a-minute-short-of-a-day"),
        pytest.param(24 * 60, LifetimeBucket.UNDER_A_MONTH, id="exactly-a-day"),
        pytest.param(30 * 24 * 60, LifetimeBucket.UNDER_A_MONTH, id="30-days"),
        pytest.param(200 * 24 * 60, LifetimeBucket.UNDER_A_YEAR, id="200-days"),
        pytest.param(366 * 24 * 60, LifetimeBucket.UP_TO_13_MONTHS, id="366-days"),
        pytest.param(400 * 24 * 60, LifetimeBucket.PAST_13_MONTHS, id="400-days-is-past-13"),
    ],
)
def test_lifetime_buckets(tmp_path: Path, minutes: float, bucket: LifetimeBucket) -> None:
    summary = summarise(analysis_of(tmp_path, [_for(minutes)]))
    assert summary.lifetimes == Counter({bucket: 1})


def test_a_session_cookie_is_in_the_session_bucket(tmp_path: Path) -> None:
    summary = summarise(analysis_of(tmp_path, [FakeCookie(".a.example", "s", expires=None)]))
    assert summary.lifetimes == Counter({LifetimeBucket.SESSION: 1})


def test_past_13_months_counts_only_cookies_that_need_consent(tmp_path: Path) -> None:
    long = NOW + timedelta(days=800)
    cookies = [
        FakeCookie(".news.example", "_ga", value="GA1.1.5.6", expires=long),  # analytics
        FakeCookie(".news.example", "lang", value="fr", expires=long),  # a preference
        FakeCookie(".news.example", "OptanonConsent", value="x", expires=long),  # consent
        FakeCookie(".doubleclick.net", "id", value="OPT_OUT", expires=long),  # an opt-out
        FakeCookie(".news.example", "PHPSESSID", expires=long),  # necessary
    ]
    analysis = analysis_of(tmp_path, cookies)
    summary = summarise(analysis)
    assert summary.lifetimes[LifetimeBucket.PAST_13_MONTHS] == 5  # the chart shows them all
    assert summary.figures.past_13_months == 1  # the figure claims only what the rule covers
    assert build_report(analysis).figures.past_13_months == 1


@pytest.mark.parametrize(
    ("roles", "contradictions", "status"),
    [
        pytest.param(set(), 0, SiteConsent.NO_RECORD, id="no-record"),
        pytest.param({Role.REFUSAL}, 0, SiteConsent.REFUSED, id="refused"),
        pytest.param({Role.REFUSAL}, 2, SiteConsent.CONTRADICTED, id="contradiction-wins"),
        pytest.param({Role.CONSENT}, 0, SiteConsent.ACCEPTED, id="accepted"),
        pytest.param({Role.CONSENT, Role.REFUSAL}, 0, SiteConsent.PARTLY_REFUSED, id="both"),
        pytest.param({Role.MIXED}, 0, SiteConsent.PARTLY_REFUSED, id="mixed"),
        pytest.param({Role.UNKNOWN}, 0, SiteConsent.RECORDED, id="unreadable"),
    ],
)
def test_site_consent_status(roles: set[Role], contradictions: int, status: SiteConsent) -> None:
    assert site_consent(frozenset(roles), contradictions) is status


@pytest.fixture(scope="module")
def sample() -> Analysis:
    """The bundled sample data, written by real Chromium and Firefox."""
    folder = Path(__file__).parents[2] / "resources" / "sample"
    stores = [str(folder / "chromium"), str(next((folder / "firefox").glob("*.sample")))]
    return analyse(load(stores), Classifier())


def test_window_and_reports_tell_the_same_figures(sample: Analysis) -> None:
    """Counted again from the scan --json document (plain dicts), not from the summary code."""
    cookies = scan_document(sample)["cookies"]
    receiving = Counter(
        c["organization"]
        for c in cookies
        if c["organization"] is not None and c["purpose"] not in NOT_RECEIVING
    )
    expected = {
        "cookies": len(cookies),
        "sites": len({c["site"] for c in cookies}),
        "trackers": sum(c["purpose"] in ("analytics", "advertising") for c in cookies),
        "organizations": len(receiving),
        "consent_records": sum(c["consent_role"] is not None for c in cookies),
        "past_13_months": sum(
            c["exceeds_13_months"] and c["purpose"] in NEEDS_CONSENT for c in cookies
        ),
        "contradictions": len(sample.violations),
    }
    window = view_data(sample).figures
    report = build_report(sample)
    document = report_document(report)["summary"]
    for key, value in expected.items():
        assert getattr(window, key) == value, key
        assert getattr(report.figures, key) == value, key
        assert document["organisations" if key == "organizations" else key] == value, key
    assert expected["organizations"] > 1 and expected["past_13_months"] > 0  # a real check


def test_company_counts_agree_between_window_and_report(sample: Analysis) -> None:
    """Google's count was 39 in the report and 25 in the window: the report counted its
    necessary cookies and consent records too."""
    cookies = scan_document(sample)["cookies"]
    google = sum(
        c["organization"] == "Google LLC" and c["purpose"] not in NOT_RECEIVING for c in cookies
    )
    all_google = sum(c["organization"] == "Google LLC" for c in cookies)
    assert google < all_google  # the sample has Google cookies of both kinds
    window = view_data(sample).organizations
    bars = {bar.label: bar.count for bar in build_report(sample).top_organisations}
    assert window["Google LLC"] == bars["Google LLC"] == google
    assert dict(window.most_common(len(bars))) == bars


def test_lifetime_and_purpose_charts_agree(sample: Analysis) -> None:
    summary = view_data(sample)
    report = build_report(sample)
    assert {bar.key: bar.count for bar in report.lifetimes} == {
        bucket.value: count for bucket, count in summary.lifetimes.items()
    }
    assert {bar.key: bar.count for bar in report.by_purpose} == {
        purpose.value: count for purpose, count in summary.purposes.items()
    }
    assert {bar.label for bar in report.by_purpose} == {p.short_label for p in summary.purposes}
    assert sum(summary.lifetimes.values()) == len(sample.findings)


def test_cookie_keys_find_what_the_single_search_key_found(sample: Analysis) -> None:
    """Search-as-you-type over the split keys (each cookie's own words, its attribution's
    shared) answers as one lowercase string per cookie did, for every kind of word."""
    from inspector.summary import cookie_keys, search_key

    findings = sample.findings
    keys = cookie_keys(findings)
    whole = [search_key(finding) for finding in findings]
    with_company = next(f for f in findings if f.info.organization is not None)
    organization = with_company.info.organization
    assert organization is not None
    texts = [
        findings[0].cookie.name.lower(),  # a name
        findings[-1].cookie.host.lower(),  # a host
        organization.name.lower(),  # a company
        with_company.info.purpose.label.lower(),  # a purpose, in words
        "analytics",  # a purpose's identifier
        "no such word",
    ]
    everything = range(len(findings))
    for text in texts:
        expected = [i for i in everything if text in whole[i]]
        assert keys.find(text, everything) == expected, text
        # among some items only, in their order
        some = everything[::2]
        assert keys.find(text, some) == [i for i in some if text in whole[i]], text
    assert keys.find(organization.name.lower(), everything)  # not an empty answer
    # attributions share one string: far fewer distinct strings than cookies
    assert len({id(text) for text in keys.shared}) < len(findings) / 2


def test_sites_with_the_same_purposes_share_one_counter(tmp_path: Path) -> None:
    """A counter per site cost 8 MB for 30,000 sites: sites whose cookies have the same
    purposes as many times each share one, and every site still counts its own cookies."""
    cookies = [
        FakeCookie(".one.example", "_ga", value="GA1.1.5.6"),
        FakeCookie(".one.example", "PHPSESSID"),
        FakeCookie(".two.example", "PHPSESSID"),  # the same purposes, in the other order
        FakeCookie(".two.example", "_ga", value="GA1.1.7.8"),
        FakeCookie(".three.example", "_ga", value="GA1.1.9.9"),
        FakeCookie(".three.example", "_gid", value="GA1.1.9.9"),
    ]
    summary = summarise(analysis_of(tmp_path, cookies))
    sites = {site.site: site for site in summary.sites}
    for site in sites.values():  # each against a count of its own findings
        assert site.purposes == Counter(f.info.purpose for f in site.findings)
    assert sites["one.example"].purposes is sites["two.example"].purposes
    assert sites["three.example"].purposes is not sites["one.example"].purposes
    assert sites["three.example"].purposes != sites["one.example"].purposes
