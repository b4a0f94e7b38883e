"""The bundled catalogue loads, meets its coverage, and broken files are named precisely."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.catalogue import Rank, load_catalogue
from inspector.catalogue.loader import _Document, build, bundled_documents
from inspector.errors import CatalogueError
from inspector.purposes import Purpose

SHORT_OR_GENERIC = {"id", "uid", "uuid", "session", "token", "lang", "test", "sid"}


def test_bundled_catalogue_coverage() -> None:
    catalogue = load_catalogue()
    assert len(catalogue.organizations) + len(catalogue.services) >= 200
    assert len(catalogue.organizations) >= 200
    assert len(catalogue.rules) >= 800
    purposes = Counter(rule.purpose for rule in catalogue.rules)
    for purpose in Purpose:
        if purpose is not Purpose.UNKNOWN:
            assert purposes[purpose] >= 20, purpose
    assert catalogue.version != "unknown"


def test_every_rule_is_described_and_short_names_are_bound() -> None:
    for rule in load_catalogue().rules:
        # entries derived from a community list carry facts only; explanations describe
        # them with our own sentence for their purpose
        assert rule.description.strip() or rule.derived_from, rule.id
        name = rule.name or ""
        if name and (len(name) < 3 or name.lower() in SHORT_OR_GENERIC) and not rule.first_party:
            assert rule.domains, f"{rule.id}: the short name {name!r} needs a domain"


def test_policy_organisations_have_data_categories() -> None:
    organizations = load_catalogue().organizations
    for org_id in ("google", "meta", "x-corp", "hotjar", "new-relic"):
        assert organizations[org_id].data_categories, org_id


def document(text: str, name: str = "broken.toml") -> _Document:
    import tomllib

    return _Document(name, tomllib.loads(text), Rank.BUNDLED, "bundled")


BROKEN = [
    ('[[organization]]\nid = "x"\n', "'name' is missing", "organisation without a name"),
    ('[[organization]]\nid = "Bad Id"\nname = "X"\n', "lowercase", "id with spaces"),
    (
        '[[service]]\nid = "s"\nname = "S"\norganization = "nobody"\npurpose = "analytics"\n',
        "names organization 'nobody'",
        "dangling organisation",
    ),
    (
        '[[service]]\nid = "s"\nname = "S"\npurpose = "tracking"\n',
        "purpose 'tracking'",
        "unknown purpose",
    ),
    (
        '[[service]]\nid = "s"\nname = "S"\npurpose = "analytics"\n[[cookie]]\nid = "c"\n'
        'service = "s"\nname = "a"\nprefix = "b"\n',
        "exactly one of",
        "name and prefix",
    ),
    (
        '[[service]]\nid = "s"\nname = "S"\npurpose = "analytics"\n[[cookie]]\nid = "c"\n'
        'service = "s"\nprefix = "b"\npattern = "b(["\n',
        "not a valid expression",
        "bad regex",
    ),
    (
        '[[service]]\nid = "s"\nname = "S"\npurpose = "analytics"\n[[cookie]]\nid = "c"\n'
        'service = "s"\nname = "a"\nlifetime_days = -3\n',
        "lifetime_days",
        "negative lifetime",
    ),
]


@pytest.mark.parametrize(("text", "message", "reason"), BROKEN, ids=[b[2] for b in BROKEN])
def test_broken_entries_are_named(text: str, message: str, reason: str) -> None:
    with pytest.raises(CatalogueError) as caught:
        build([document(text)])
    described = caught.value.describe()
    assert "broken.toml" in described and message in described, reason


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    overlay = tmp_path / "catalogue-overlay.toml"
    overlay.write_text("[[organization]\nid=")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(tmp_path)
    assert str(overlay) in caught.value.describe()


def test_overlay_wins_and_imports_rank_below(tmp_path: Path) -> None:
    (tmp_path / "catalogue-overlay.toml").write_text(
        '[[service]]\nid = "my-shop"\nname = "My shop"\npurpose = "requested_service"\n'
        '[[cookie]]\nid = "my-ga"\nservice = "my-shop"\nname = "_ga"\n'
        'description = "my own override"\n'
    )
    imported = tmp_path / "imported"
    imported.mkdir()
    (imported / "x.json").write_text(
        json.dumps(
            {
                "label": "test",
                "service": [{"id": "imp", "name": "Imp", "purpose": "advertising"}],
                "cookie": [
                    {
                        "id": "imp-ide",
                        "service": "imp",
                        "name": "IDE",
                        "domains": ["doubleclick.net"],
                    }
                ],
            }
        )
    )
    catalogue = load_catalogue(tmp_path)
    from inspector.catalogue.matcher import Matcher

    matcher = Matcher(catalogue)
    assert matcher.rule_for("_ga", "news.example").id == "my-ga"  # type: ignore[union-attr]
    assert matcher.rule_for("IDE", "doubleclick.net").rank is Rank.BUNDLED  # type: ignore[union-attr]
    assert any(rule.source == "imported: test" for rule in catalogue.rules)


@settings(max_examples=100, deadline=None, database=None)
@given(
    st.dictionaries(
        st.sampled_from(["organization", "service", "cookie", "catalogue"]),
        st.lists(
            st.dictionaries(
                st.sampled_from(
                    [
                        "id",
                        "name",
                        "purpose",
                        "service",
                        "organization",
                        "prefix",
                        "domains",
                        "lifetime_days",
                        "pattern",
                    ]
                ),
                st.one_of(
                    st.text(max_size=8),
                    st.integers(),
                    st.booleans(),
                    st.lists(st.text(max_size=5), max_size=2),
                ),
            ),
            max_size=3,
        ),
        max_size=3,
    )
)
def test_arbitrary_catalogue_documents_give_typed_errors(data: dict[str, object]) -> None:
    try:
        build([*bundled_documents()[:0], _Document("fuzz.toml", data, Rank.BUNDLED, "bundled")])
    except CatalogueError as error:
        assert "fuzz.toml" in error.describe()
