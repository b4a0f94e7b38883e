"""Classification against the bundled catalogue, case by case, each with its reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from inspector.classify import Classifier, add_months
from inspector.explain import explain
from inspector.model import Cookie, Family, SameSite, Store
from inspector.psl import registrable_domain
from inspector.purposes import Purpose
from inspector.timeconv import to_unix_micro

STORE = Store(
    "chromium",
    "Chromium",
    Family.CHROMIUM,
    "Default",
    __import__("pathlib").Path("/tmp/Cookies"),
    __import__("pathlib").Path("/tmp"),
)
NOW = datetime(2026, 11, 26, tzinfo=UTC)


def cookie(
    host: str,
    name: str,
    *,
    partition: str | None = None,
    days: float | None = 365,
    created: datetime = NOW - timedelta(days=1),
) -> Cookie:
    expires = None if days is None else to_unix_micro(created + timedelta(days=days))
    return Cookie(
        STORE,
        host,
        name,
        "/",
        to_unix_micro(created),
        expires,
        None,
        True,
        False,
        SameSite.UNSPECIFIED,
        partition,
        (host, name, "/"),
    )


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier(now=NOW, use_guess=False)  # the catalogue alone; see test_guess.py


CASES = [
    # (host, name, purpose, organization, party, reason)
    (
        ".news.example",
        "_ga",
        "analytics",
        "Google LLC",
        "first",
        "Google Analytics stores _ga under the visited site: Google receives it, first party",
    ),
    (
        ".news.example",
        "_ga_ABC123XYZ",
        "analytics",
        "Google LLC",
        "first",
        "GA4 container cookies share a prefix and a pattern",
    ),
    (
        ".doubleclick.net",
        "IDE",
        "advertising",
        "Google LLC",
        "third",
        "DoubleClick's ad identifier on its own domain",
    ),
    (
        "doubleclick.net.evil.example",
        "IDE",
        "unknown",
        None,
        "first",
        "a look-alike host must not be taken for DoubleClick",
    ),
    (
        ".notgoogle.com",
        "NID",
        "unknown",
        None,
        "first",
        "NID is Google's only on google.com; notgoogle.com is someone else",
    ),
    (
        ".facebook.com",
        "fr",
        "advertising",
        "Meta Platforms, Inc.",
        "third",
        "Meta's ad cookie on facebook.com",
    ),
    (
        ".shop.example",
        "_fbp",
        "advertising",
        "Meta Platforms, Inc.",
        "first",
        "the Meta pixel writes _fbp under the shop's own domain",
    ),
    (
        ".news.example",
        "OptanonConsent",
        "consent",
        "OneTrust LLC",
        "first",
        "a OneTrust consent record is a consent record, whoever set it",
    ),
    (
        "www.shop.example",
        "PHPSESSID",
        "communication",
        None,
        "first",
        "PHP's session id: the site's own, strictly necessary",
    ),
    (
        ".cloudflare-site.example",
        "__cf_bm",
        "communication",
        "Cloudflare, Inc.",
        "first",
        "Cloudflare's bot management cookie, set under the protected site",
    ),
    (
        ".bing.com",
        "MUID",
        "advertising",
        "Microsoft Corporation",
        "third",
        "Microsoft's ad identifier on bing.com",
    ),
    (
        ".linkedin.com",
        "bcookie",
        "interactive",
        "LinkedIn Corporation",
        "third",
        "LinkedIn's browser id recognises you inside its embeds",
    ),
    (
        ".youtube.com",
        "VISITOR_INFO1_LIVE",
        "interactive",
        "Google LLC",
        "third",
        "YouTube's embedded player",
    ),
    (
        ".news.example",
        "_hjSessionUser_123456",
        "analytics",
        "Hotjar Ltd",
        "first",
        "Hotjar's per-site user cookie, prefix plus pattern",
    ),
    (
        ".news.example",
        "mycart",
        "requested_service",
        None,
        "first",
        "no catalogue entry: the name suggests a cart (a guess, said as such)",
    ),
    (
        ".news.example",
        "zq",
        "unknown",
        None,
        "first",
        "nothing is known and nothing in the name helps",
    ),
    (
        "embed.example",
        "zq",
        "unknown",
        None,
        "third",
        "a cookie partitioned under another site was set in a third-party context",
    ),
]


@pytest.mark.parametrize(
    ("host", "name", "purpose", "organization", "party", "reason"),
    CASES,
    ids=[f"{c[1]}@{c[0]}" for c in CASES],
)
def test_cases(
    classifier: Classifier,
    host: str,
    name: str,
    purpose: str,
    organization: str | None,
    party: str,
    reason: str,
) -> None:
    partition = "https://news.example" if host == "embed.example" else None
    info = classifier.classify(cookie(host, name, partition=partition))
    found = info.organization.name if info.organization else None
    assert (info.purpose.value, found, info.party) == (purpose, organization, party), reason


@pytest.mark.parametrize(
    ("host", "site"),
    [
        ("news.bbc.co.uk", "bbc.co.uk"),
        ("user.github.io", "user.github.io"),
        ("myblog.blogspot.com", "myblog.blogspot.com"),
        (".co.uk", "co.uk"),
        ("127.0.0.1", "127.0.0.1"),
        ("WWW.Example.COM.", "example.com"),
    ],
    ids=["co.uk", "github.io-private-suffix", "blogspot", "bare-suffix", "ip", "case-and-dot"],
)
def test_registrable_domain(host: str, site: str) -> None:
    assert registrable_domain(host) == site


def test_short_prefix_does_not_misfire(classifier: Classifier) -> None:
    # Mixpanel's mp_ prefix has a strict pattern; an unrelated mp_ cookie must not be Mixpanel
    info = classifier.classify(cookie(".shop.example", "mp_order"))
    assert (info.organization, info.rule, info.purpose) == (None, None, Purpose.UNKNOWN)


@pytest.mark.parametrize(
    ("value", "purpose", "role"),
    [
        ("OPT_OUT", "consent", "refusal"),
        ("AHWqTUk3", "advertising", None),
        (None, "advertising", None),
    ],
    ids=["opt-out-value", "tracking-value", "value-unreadable"],
)
def test_opt_out_cookie_depends_on_its_value(
    classifier: Classifier, value: str | None, purpose: str, role: str | None
) -> None:
    info = classifier.classify(cookie(".doubleclick.net", "id"), value)
    assert (info.purpose.value, info.consent_role) == (purpose, role)


@pytest.mark.parametrize(
    ("value", "role"),
    [
        ("groups=C0001%3A1%2CC0002%3A0%2CC0003%3A0%2CC0004%3A0&datestamp=x", "refusal"),
        ("groups=C0001%3A1%2CC0002%3A1%2CC0003%3A1%2CC0004%3A1", "consent"),
        ("groups=C0001%3A1%2CC0002%3A1%2CC0004%3A0", "mixed"),
        ("%%%garbage", "unknown"),
        (None, "unknown"),
    ],
    ids=["refused", "accepted", "mixed", "malformed", "undecryptable"],
)
def test_consent_roles(classifier: Classifier, value: str | None, role: str) -> None:
    info = classifier.classify(cookie(".news.example", "OptanonConsent"), value)
    assert info.purpose.value == "consent"
    assert info.consent_role == role
    assert info.consent_record is not None  # listed as present even when unreadable


def test_lifetimes(classifier: Classifier) -> None:
    session = classifier.classify(cookie(".a.example", "s", days=None))
    assert (session.lifetime, session.exceeds_13_months) == ("session", False)
    long = classifier.classify(cookie(".a.example", "l", days=400))
    assert (long.lifetime, long.exceeds_13_months) == ("permanent", True)
    year = classifier.classify(cookie(".a.example", "y", days=365))
    assert not year.exceeds_13_months
    assert year.remaining_days is not None and 363 < year.remaining_days < 365


def test_thirteen_months_counts_calendar_months() -> None:
    start = datetime(2025, 1, 31, tzinfo=UTC)
    assert add_months(start, 13) == datetime(2026, 2, 28, tzinfo=UTC)


def test_explanations_say_who_why_how_long_and_rights(classifier: Classifier) -> None:
    ga = cookie(".news.example", "_ga", days=400)
    text = explain(ga, classifier.classify(ga)).as_dict()
    assert "Google" in text["who_receives"]
    assert "13 months" in text["how_long"]
    # the service's own opt-out (Google Analytics'), not only the company's name
    assert "https://tools.google.com/dlpage/gaoptout" in text["how_to_object"]
    assert "erasure" in text["your_rights"] and "complain" in text["your_rights"]
    ad = cookie(".doubleclick.net", "IDE")
    assert "youronlinechoices" in explain(ad, classifier.classify(ad)).how_to_object
    unknown = cookie(".news.example", "zq")
    assert "does not know" in explain(unknown, classifier.classify(unknown)).what


def lax(host: str, name: str) -> Cookie:
    base = cookie(host, name)
    return Cookie(
        STORE, host, name, "/", base.created_us, base.expires_us, None, True, False,
        SameSite.LAX, None, (host, name, "/lax"),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("host", "name", "partition", "party", "reason"),
    [
        (".youtube.com", "VISITOR_INFO1_LIVE", None, "first", "youtube.com visited: its own"),
        (".google.com", "SOCS", None, "first", "google.com visited: its consent record"),
        (".tiktok.com", "tt_csrf_token", None, "first", "tiktok.com visited: its CSRF token"),
        (".doubleclick.net", "IDE", None, "third", "nobody opens doubleclick.net"),
        (".youtube.com", "YSC", "https://news.example", "third", "partitioned under a news site"),
        (".facebook.com", "fr", None, "third", "facebook.com never opened: an embed's cookie"),
    ],
    ids=["youtube", "google-socs", "tiktok-csrf", "doubleclick", "partitioned", "not-visited"],
)
def test_party_is_relative_to_the_visited_site(
    host: str, name: str, partition: str | None, party: str, reason: str
) -> None:
    classifier = Classifier(now=NOW)
    visits = [lax(".youtube.com", "PREF"), lax("www.google.com", "AEC"), lax(".tiktok.com", "x")]
    visits.append(cookie(".cdn.example", "p", partition="https://news.example"))
    assert {"youtube.com", "google.com", "tiktok.com", "news.example"} <= set(
        classifier.note_visits(visits)
    )
    info = classifier.classify(cookie(host, name, partition=partition))
    assert info.party == party, reason
    if partition:
        assert info.partitioned_under == "news.example"


@pytest.mark.parametrize(
    ("name", "purpose"),
    [
        ("_zdshared_user_session_analytics", "analytics"),
        ("laravel_session", "communication"),
        ("ASP.NET_SessionId", "communication"),
        ("session_lang", "requested_service"),
        ("cookieyes-analytics", "consent"),
        ("GA_OPT_OUT", "consent"),
    ],
    ids=["analytics-after-session", "framework-session", "aspnet", "language", "cky", "ga-oo"],
)
def test_names_are_read_by_their_words(classifier: Classifier, name: str, purpose: str) -> None:
    """ "session" anywhere in a name is no proof of a session id."""
    assert classifier.classify(cookie(".unknown-shop.example", name)).purpose.value == purpose


@pytest.mark.parametrize(
    ("host", "name"),
    [
        (".intercom.io", "intercom-device-id-abc"),
        (".shop.example", "intercom-id-abc"),
        (".shop.example", "crisp-client/session/abc"),
        (".shop.example", "driftt_aid"),
        (".shop.example", "__lc_cid"),
        (".shop.example", "__zlcmid"),
        (".shop.example", "messagesUtk"),
    ],
    ids=["intercom-device", "intercom-id", "crisp", "drift", "livechat", "zendesk", "hubspot"],
)
def test_chat_widgets_are_a_service_you_asked_for(
    classifier: Classifier, host: str, name: str
) -> None:
    assert classifier.classify(cookie(host, name)).purpose.strictly_necessary
