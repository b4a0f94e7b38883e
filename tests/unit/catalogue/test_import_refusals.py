"""Regression corpus: catalogue files an import must refuse before saving anything (issue #12).

Each was once accepted (or crashed with a traceback) and then broke every later run until it
was deleted by hand. Now the import names the file, the line or entry and the reason, saves
nothing, and the catalogue still loads. A property test checks the rule behind it: whatever
a file holds, either the import is refused or every later load succeeds.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.catalogue import load_catalogue
from inspector.catalogue.import_checks import MAX_ENTRIES
from inspector.catalogue.importers import import_file
from inspector.errors import CatalogueError

HEADER = (
    "ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,"
    "Data Controller,User Privacy & GDPR Rights Portals,Wildcard match\n"
)
GOOD_ROW = "a1,Examplytics,Analytics,exa_visitor,examplytics.example,Visitor,1 year,Exa Ltd,,0\n"


def nested(depth: int) -> str:
    return '{"categories": {"Analytics": ' + "[" * depth + "]" * depth + "}}"


CASES = [
    pytest.param(
        "ocd.csv",
        HEADER + GOOD_ROW + 'a2,Other,Analytics,oth_id,other.example,"Two\nlines",1 year,   ,,0\n',
        "line 3",
        id="ocd-whitespace-only-controller",
    ),
    pytest.param(
        "services.json",
        json.dumps({"categories": {"Analytics": [{"": {"https://x.example/": ["x.example"]}}]}}),
        "organisation has no name",
        id="disconnect-empty-organisation",
    ),
    pytest.param(
        "services.json",
        json.dumps({"categories": {"Analytics": [{"   ": {"https://x.example/": ["x.example"]}}]}}),
        "organisation has no name",
        id="disconnect-blank-organisation",
    ),
    pytest.param("services.json", nested(100_000), "nested far deeper", id="deeply-nested-json"),
    pytest.param(
        "trackerdb.json",
        '{"organizations": {}, "patterns": {"x": {"name": "\\ud800", "category": "cdn"}}}',
        "not valid Unicode",
        id="ghostery-lone-surrogate-escape",
    ),
    pytest.param(
        "trackerdb.json",
        json.dumps(
            {"organizations": {}, "patterns": {"x": {"name": ["a", "list"], "category": "cdn"}}}
        ),
        "patterns.x.name: must be text",
        id="ghostery-list-where-text-belongs",
    ),
    pytest.param(
        "trackerdb.json",
        json.dumps(
            {"organizations": {}, "patterns": {"x": {"name": "X", "category": "cdn", "domains": 5}}}
        ),
        "patterns.x.domains: must be a list of text",
        id="ghostery-integer-domains",
    ),
    pytest.param(
        "trackerdb.json",
        json.dumps(
            {
                "organizations": {},
                "patterns": {"x": {"name": "X", "category": "cdn", "domains": [1, 2]}},
            }
        ),
        "patterns.x.domains: must be a list of text",
        id="ghostery-integer-domain-items",
    ),
    pytest.param(
        "trackerdb.json",
        json.dumps({"organizations": [1], "patterns": [1]}),
        "must be an object",
        id="ghostery-lists-for-tables",
    ),
    pytest.param(
        "ocd.json",
        json.dumps({"Platform": [{"cookie": {"not": "text"}, "category": "Analytics"}]}),
        "Platform[0].cookie: must be text",
        id="ocd-json-object-for-a-name",
    ),
    pytest.param(
        "services.json",
        json.dumps({"categories": {"Analytics": [{"Org": {"https://o.example/": 7}}]}}),
        "must be a list of text",
        id="disconnect-number-for-domains",
    ),
]


@pytest.mark.parametrize(("name", "content", "reason"), CASES)
def test_refused_with_file_entry_and_reason(
    name: str, content: str, reason: str, tmp_path: Path, private_home: Path
) -> None:
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    imported = private_home / "data" / "imported"
    with pytest.raises(CatalogueError) as caught:
        import_file(source, imported)
    text = caught.value.describe()
    assert f"{source} was not imported: " in text and reason in text, text
    assert list(imported.glob("*")) == []  # nothing saved
    load_catalogue(private_home / "data")  # later runs are not broken


def test_too_many_entries_are_refused(tmp_path: Path, private_home: Path) -> None:
    patterns = {
        f"p{i}": {"name": f"Tracker {i}", "category": "advertising", "domains": [f"t{i}.example"]}
        for i in range(MAX_ENTRIES + 1)
    }
    source = tmp_path / "trackerdb.json"
    source.write_text(json.dumps({"organizations": {}, "patterns": patterns}))
    with pytest.raises(CatalogueError, match="imports at most") as caught:
        import_file(source, private_home / "data" / "imported")
    assert str(source) in caught.value.describe()
    assert not (private_home / "data" / "imported").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_a_fifo_is_refused_without_waiting(tmp_path: Path, private_home: Path) -> None:
    source = tmp_path / "trackerdb.json"
    os.mkfifo(source)
    outcome: list[BaseException] = []

    def attempt() -> None:
        try:
            import_file(source, private_home / "data" / "imported")
        except BaseException as error:  # handed to the test thread
            outcome.append(error)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(30)
    if worker.is_alive():  # unblock it, then fail
        with source.open("w"):
            pass
        pytest.fail("the import blocked on a FIFO")
    assert outcome and isinstance(outcome[0], CatalogueError)
    assert "not a regular file" in outcome[0].describe()


# --------------------------------------------------------------------------- property

scalar = st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=12)
json_value = st.recursive(
    scalar,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=10,
)
ghostery = st.fixed_dictionaries(
    {
        "organizations": st.dictionaries(
            st.text(max_size=5), st.fixed_dictionaries({"name": json_value}), max_size=3
        ),
        "patterns": st.dictionaries(
            st.text(max_size=5),
            st.fixed_dictionaries(
                {
                    "name": json_value,
                    "category": st.sampled_from(["advertising", "cdn", "x"]) | json_value,
                    "organization": json_value,
                    "domains": json_value | st.lists(st.text(max_size=12), max_size=3),
                }
            ),
            max_size=4,
        ),
    }
)
disconnect = st.fixed_dictionaries(
    {
        "categories": st.dictionaries(
            st.sampled_from(["Advertising", "Analytics", "Social", "Other"]),
            st.lists(
                st.dictionaries(
                    st.text(max_size=8),
                    st.dictionaries(
                        st.text(max_size=8), json_value | st.lists(st.text()), max_size=2
                    ),
                    max_size=2,
                )
                | json_value,
                max_size=3,
            ),
            max_size=3,
        )
    }
)
csv_cell = st.text(
    st.characters(exclude_characters="\r\x00", exclude_categories=("Cs",)), max_size=12
)
ocd_csv = st.lists(st.lists(csv_cell, min_size=10, max_size=10), min_size=1, max_size=5)


def as_csv(rows: list[list[str]]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(rows)
    return HEADER + out.getvalue()


@settings(
    # each example loads the whole bundled catalogue (about 0.7 s): fewer by default
    max_examples=int(os.environ.get("COOKIE_INSPECTOR_FUZZ_EXAMPLES", "15")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    file=st.one_of(
        ghostery.map(lambda d: ("trackerdb.json", json.dumps(d))),
        disconnect.map(lambda d: ("services.json", json.dumps(d))),
        ocd_csv.map(lambda rows: ("ocd.csv", as_csv(rows))),
    )
)
def test_an_accepted_import_always_loads(file: tuple[str, str], tmp_path: Path) -> None:
    name, content = file
    home = tmp_path / f"home-{abs(hash(content))}"
    source = home / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(content, encoding="utf-8")
    try:
        import_file(source, home / "data" / "imported")
    except CatalogueError as error:
        assert str(source) in error.describe()
    load_catalogue(home / "data")  # never broken by what was saved
