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
