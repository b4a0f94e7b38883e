"""Importing community catalogues, from small files written here in their formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector.catalogue import load_catalogue
from inspector.catalogue.importers import detect_format, import_file
from inspector.catalogue.matcher import Matcher
from inspector.errors import CatalogueError

OCD_CSV = (
    "ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,"
    "Data Controller,User Privacy & GDPR Rights Portals,Wildcard match\n"
    "a1,Examplytics,Analytics,exa_visitor,,Visitor id,1 year,Examplytics Ltd,"
    "https://examplytics.example/privacy,0\n"
    "a2,Examplytics,Analytics,exa_s_,,Session,30 minutes,Examplytics Ltd,,1\n"
    "a3,AdCo,Marketing,=HYPERLINK(1),adco.example,Formula-looking name,1 year,AdCo,,0\n"
    "a4,Consentor,Functional,consentor_choice,,Stores choice,1 year,Consentor,,0\n"
    "a5,Shorty,Marketing,ab,,Too short without a domain,1 day,Shorty,,0\n"
)


def test_open_cookie_database_csv(tmp_path: Path, private_home: Path) -> None:
    source = tmp_path / "open-cookie-database.csv"
    source.write_text(OCD_CSV, encoding="utf-8")
    target, document = import_file(source, private_home / "data" / "imported")
    assert document["format"] == "ocd-csv" and "Apache" in document["licence"]
    names = {c.get("name") or c.get("prefix") for c in document["cookie"]}
    assert "ab" not in names  # short names without a domain would misfire
    catalogue = load_catalogue(private_home / "data")
    matcher = Matcher(catalogue)
    rule = matcher.rule_for("exa_visitor", "shop.example")
    assert rule is not None and rule.source.startswith("imported") and rule.purpose == "analytics"
    assert matcher.rule_for("exa_s_12", "shop.example") is not None
    consent = matcher.rule_for("consentor_choice", "shop.example")
    assert consent is not None and consent.purpose == "consent"
    assert target.is_file()


def test_ghostery_trackerdb(tmp_path: Path, private_home: Path) -> None:
    source = tmp_path / "trackerdb.json"
    source.write_text(
        json.dumps(
            {
                "categories": {},
                "organizations": {"adco": {"name": "AdCo Inc", "country": "US"}},
                "patterns": {
                    "adco": {
                        "name": "AdCo",
                        "category": "advertising",
                        "organization": "adco",
                        "domains": ["adco-tracker.example"],
                    }
                },
            }
        )
    )
    import_file(source, private_home / "data" / "imported")
    owner = Matcher(load_catalogue(private_home / "data")).owner("px.adco-tracker.example")
    assert owner is not None and owner.organization is not None
    assert owner.organization.name == "AdCo Inc"


def test_disconnect_services(tmp_path: Path, private_home: Path) -> None:
    source = tmp_path / "services.json"
    source.write_text(
        json.dumps(
            {
                "license": "x",
                "categories": {
                    "Analytics": [
                        {
                            "CountCo": {
                                "https://countco.example/": [
                                    "countco.example",
                                    "countco-cdn.example",
                                ]
                            }
                        }
                    ]
                },
            }
        )
    )
    import_file(source, private_home / "data" / "imported")
    owner = Matcher(load_catalogue(private_home / "data")).owner("countco-cdn.example")
    assert owner is not None and owner.service is not None
    assert owner.service.purpose == "analytics"


def test_bundled_entries_win_over_imported(tmp_path: Path, private_home: Path) -> None:
    source = tmp_path / "o.csv"
    source.write_text(OCD_CSV.splitlines()[0] + "\nz,Wrong,Functional,_ga,,x,1,Wrong Ltd,,0\n")
    import_file(source, private_home / "data" / "imported")
    rule = Matcher(load_catalogue(private_home / "data")).rule_for("_ga", "news.example")
    assert rule is not None and rule.source == "bundled"


@pytest.mark.parametrize(
    "content",
    [b"\x00\x01binary", b'{"nothing": 1}', b"[1, 2]"],
    ids=["binary", "unrelated-json", "json-list"],
)
def test_unknown_formats_are_refused(tmp_path: Path, content: bytes) -> None:
    source = tmp_path / "something.json"
    source.write_bytes(content)
    with pytest.raises(CatalogueError) as caught:
        detect_format(source, content)
    assert str(source) in caught.value.describe()


SAMPLE = Path(__file__).parent / "data"


@pytest.fixture(params=["ocd-sample.csv", "ocd-sample.json"])
def ocd_imported(request: pytest.FixtureRequest, private_home: Path) -> Matcher:
    """Entries of the real Open Cookie Database (a sample, unchanged), in both formats."""
    _target, document = import_file(SAMPLE / request.param, private_home / "data" / "imported")
    assert len(document["cookie"]) >= 25
    return Matcher(load_catalogue(private_home / "data"))


def test_ocd_json_platform_keys_are_read(private_home: Path) -> None:
    _target, document = import_file(SAMPLE / "ocd-sample.json", private_home / "imported")
    names = {s["name"] for s in document["service"]}
    assert "Unknown platform" not in names
    assert {"Google Analytics", "Bing / Microsoft", "DoubleClick/Google Marketing"} <= names
    owners = {s["organization"] for s in document["service"]}
    assert len(owners) > 10  # not one organisation for everything


@pytest.mark.parametrize(
    ("name", "site", "organization"),
    [
        ("IDE", "doubleclick.net", "Google"),
        ("fr", "facebook.com", "Meta"),
        ("MR", "bing.com", "Microsoft"),
        ("MC1", "microsoft.com", "Microsoft"),
        ("tuuid", "creative-serving.com", "Platform161"),
    ],
    ids=["IDE", "fr", "MR", "MC1", "tuuid"],
)
def test_third_party_domain_forms_are_parsed(
    ocd_imported: Matcher, name: str, site: str, organization: str
) -> None:
    """`doubleclick.net (3rd party)` and `.bing.com (3rd party) or .microsoft.com (3rd
    party)` are domains, not reasons to drop the entry."""
    rule = ocd_imported.rule_for(name, site)
    assert rule is not None and rule.service.organization is not None
    assert organization in rule.service.organization.name


@pytest.mark.parametrize(
    ("name", "site"),
    [
        ("token", "shop.example"),
        ("uuid", "shop.example"),
        ("lang", "shop.example"),
        ("locale", "shop.example"),
        ("optout", "shop.example"),
        ("uid", "shop.example"),
        ("sessionid", "shop.example"),
        ("HSID", "shop.example"),
        ("MUID", "bing.com.attacker.io"),
        ("MUID", "notbing.com"),
        ("_gatekeeper", "shop.example"),
        ("tuuid", "shop.example"),
    ],
    ids=[
        "token-not-adform",
        "uuid-not-mediamath",
        "lang-not-linkedin",
        "locale-not-facebook",
        "optout-not-advertising",
        "uid-not-adform",
        "sessionid-not-instagram",
        "HSID-not-google-on-a-shop",
        "look-alike-host",
        "look-alike-name",
        "_gat-needs-a-boundary",
        "vendor-name-off-its-domain",
    ],
)
def test_imported_names_need_the_vendors_domain(
    ocd_imported: Matcher, name: str, site: str
) -> None:
    from inspector.psl import registrable_domain

    rule = ocd_imported.rule_for(name, registrable_domain(site))
    assert rule is None or not rule.source.startswith("imported"), rule


def test_no_imported_vendor_from_a_name_alone_on_a_foreign_host(ocd_imported: Matcher) -> None:
    for rule in ocd_imported.catalogue.rules:
        if rule.source.startswith("imported") and rule.domains and rule.name:
            found = ocd_imported.rule_for(rule.name, "unrelated-shop.example")
            assert found is None or not found.source.startswith("imported"), rule.id


def test_imports_never_turn_consent_records_into_trackers(private_home: Path) -> None:
    from inspector.classify import Classifier
    from tests.unit.test_classify import cookie

    import_file(SAMPLE / "ocd-sample.csv", private_home / "data" / "imported")
    classifier = Classifier(load_catalogue(private_home / "data"))
    for name, host in [
        ("cookieyes-analytics", ".shop.example"),
        ("cookieyes-advertisement", ".shop.example"),
        ("optout", ".yahoo.com"),
        ("optout", ".3lift.com"),
        ("CookieConsent", ".shop.example"),
        ("cmplz_marketing", ".shop.example"),
    ]:
        info = classifier.classify(cookie(host, name))
        assert info.purpose.value == "consent", (name, host, info.purpose)
