"""Explanations in the cookie policy's vocabulary: per-cookie data, the controller and the
authority for the person's country, transfers, exact durations, the decoded choice."""

from __future__ import annotations

from datetime import timedelta

import pytest

from inspector.catalogue import load_catalogue
from inspector.classify import Classifier
from inspector.explain import country_name, explain
from inspector.legal import transfer_text
from tests.unit.test_classify import NOW, cookie


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier(now=NOW)


def explained(classifier: Classifier, host: str, name: str, value: str | None = None, **kw):  # type: ignore[no-untyped-def]
    country = kw.pop("country", "FR")
    made = cookie(host, name, **kw)
    return explain(made, classifier.classify(made, value), country=country).as_dict()


def test_france_names_the_cnil_and_its_complaint_page(classifier: Classifier) -> None:
    text = explained(classifier, ".doubleclick.net", "IDE")
    assert (
        "CNIL" in text["your_rights"] and "https://www.cnil.fr/fr/plaintes" in text["your_rights"]
    )


def test_every_eea_country_has_an_authority() -> None:
    import tomllib

    from inspector.authority import authority_for
    from inspector.resources import resource

    for country in tomllib.loads(resource("legal.toml").read_text("utf-8"))["eea"]:
        authority = authority_for(country)
        assert authority.country == country and authority.complaint.startswith("https://")


@pytest.mark.parametrize(
    ("host", "name", "eu_entity"),
    [
        (".doubleclick.net", "IDE", "Google Ireland Limited"),
        (".facebook.com", "fr", "Meta Platforms Ireland Limited"),
        (".bing.com", "MUID", "Microsoft Ireland Operations Limited"),
    ],
    ids=["google", "meta", "microsoft"],
)
def test_eu_users_get_the_eu_controller(
    classifier: Classifier, host: str, name: str, eu_entity: str
) -> None:
    french = explained(classifier, host, name, country="FR")
    assert eu_entity in french["your_rights"] and eu_entity in french["who_receives"]
    american = explained(classifier, host, name, country="US")
    assert eu_entity not in american["your_rights"]


def test_transfers_cite_todays_basis_not_the_privacy_shield(classifier: Classifier) -> None:
    text = explained(classifier, ".doubleclick.net", "IDE")["who_receives"]
    assert "Data Privacy Framework" in text and "struck down" in text
    assert transfer_text("X", "DE", "Germany") is None
    assert "adequately" in (transfer_text("X", "JP", "Japan") or "")


def test_countries_are_named_in_full() -> None:
    assert country_name("MT") == "Malta" and country_name("KY") == "Cayman Islands"


def test_each_cookie_says_what_it_sends(classifier: Classifier) -> None:
    ide = explained(classifier, ".doubleclick.net", "IDE")["who_receives"]
    ga = explained(classifier, ".news.example", "_ga")["who_receives"]
    assert "ads you were shown" in ide and "ads you were shown" not in ga
    assert "security and sign-in checks" not in ide  # not Google's whole list


def test_short_lifetimes_are_exact(classifier: Classifier) -> None:
    text = explained(
        classifier, ".news.example", "__cf_bm", days=15 / 1440, created=NOW - timedelta(minutes=1)
    )
    assert "15 minutes" in text["how_long"] and "hour" not in text["how_long"]


def test_no_delete_here_and_no_cart_for_youtube(classifier: Classifier) -> None:
    text = explained(classifier, ".youtube.com", "YSC", days=None)
    assert "delete it here" not in " ".join(text.values())
    assert "cart" not in text["how_to_object"]


def test_tcf_string_is_the_sites_not_iab_europes(classifier: Classifier) -> None:
    text = explained(classifier, ".news.example", "euconsent-v2")
    assert "IAB Europe" not in text["who_receives"] + text["your_rights"]
    assert "news.example" in text["your_rights"]


def test_the_decoded_choice_is_in_the_cookies_own_explanation(classifier: Classifier) -> None:
    value = "groups=C0001%3A1%2CC0002%3A0%2CC0003%3A0%2CC0004%3A0&datestamp=x"
    text = explained(classifier, ".news.example", "OptanonConsent", value)
    assert "refused" in text["what"]


def test_derived_entries_are_described_in_our_words(classifier: Classifier) -> None:
    derived = next(r for r in load_catalogue().rules if r.derived_from and r.name)
    host = "." + sorted(derived.domains)[0] if derived.domains else ".shop.example"
    text = explained(classifier, host, derived.name or "")
    assert "Open Cookie Database" in text["what"]


def test_a_partitioned_cookie_says_which_site_embeds_it(classifier: Classifier) -> None:
    text = explained(classifier, ".youtube.com", "YSC", partition="https://news.example")
    assert "news.example" in text["what"] and "embeds" in text["what"]


#: the most common cookies of real browsers, one or more per company (host, name)
COMMON_COOKIES = [
    (".news.example", "_ga_ABC123"),
    (".news.example", "_gid"),
    (".news.example", "_gat_gtag_UA_1_1"),
    (".doubleclick.net", "test_cookie"),
    (".news.example", "_gcl_au"),
    (".google.com", "NID"),
    (".google.com", "SOCS"),
    (".google.com", "__Secure-3PSID"),
    (".youtube.com", "VISITOR_INFO1_LIVE"),
    (".youtube.com", "PREF"),
    (".facebook.com", "datr"),
    (".clarity.ms", "MUID"),
    (".news.example", "_clck"),
    (".news.example", "_uetvid"),
    (".linkedin.com", "bcookie"),
    (".linkedin.com", "UserMatchHistory"),
    (".news.example", "_ttp"),
    (".tiktok.com", "ttwid"),
    (".x.com", "guest_id"),
    (".news.example", "_hjSessionUser_123456"),
    (".criteo.com", "uid"),
    (".news.example", "AMCV_ABC123%40AdobeOrg"),
    (".demdex.net", "demdex"),
    (".news.example", "__hstc"),
    (".news.example", "__cf_bm"),
    (".amazon-adsystem.com", "ad-id"),
    (".news.example", "_ym_uid"),
    (".news.example", "OptanonConsent"),
    (".news.example", "CookieConsent"),
    (".news.example", "didomi_token"),
]


@pytest.mark.parametrize(("host", "name"), COMMON_COOKIES)
def test_common_cookies_say_what_they_themselves_send(
    classifier: Classifier, host: str, name: str
) -> None:
    import tomllib

    from inspector.resources import resource

    made = cookie(host, name)
    info = classifier.classify(made)
    rule = info.rule_entry
    assert rule is not None and rule.data, name
    sent = explain(made, info, country="FR").as_dict()["who_receives"]
    assert rule.data[0] in sent
    fallbacks = tomllib.loads(resource("explanations.toml").read_text("utf-8"))["data"]
    assert not any(phrase in sent for phrase in fallbacks.values())  # not the purpose's sentence


def test_most_key_cookies_carry_their_own_data() -> None:
    rules = [r for r in load_catalogue().rules if r.data]
    assert len(rules) >= 150


def test_every_purpose_has_a_sentence_for_the_data_it_sends() -> None:
    # A cookie of a known company whose purpose is unknown used to raise KeyError (found by
    # tests/unit/test_fuzz_hostile.py), taking its whole store's explanation down.
    from inspector.explain import _texts
    from inspector.purposes import Purpose

    data = _texts()["data"]
    assert sorted(purpose.value for purpose in Purpose if purpose.value not in data) == []
