"""resources/consent/tcf.toml: its content and the loader's validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.consent import DEFAULT_PATH, Purpose, load_vocabulary
from inspector.errors import CatalogueError

EXPECTED_ORGANIZATIONS = {
    755: "google",
    91: "criteo",
    21: "the-trade-desk",
    32: "xandr",
    76: "pubmatic",
    52: "magnite",
    69: "openx",
    10: "index-exchange",
    11: "quantcast",
    42: "taboola",
    164: "outbrain",
    97: "liveramp",
    131: "id5",
    95: "lotame",
    79: "mediamath",
    50: "adform",
    793: "amazon",
    1126: "microsoft",
    25: "yahoo",
}


def test_default_file_loads() -> None:
    # Reason: the shipped file is valid and complete for TCF 2.2 purposes.
    vocab = load_vocabulary()
    assert sorted(vocab.purposes) == list(range(1, 12))
    assert sorted(vocab.special_features) == [1, 2]
    assert load_vocabulary(DEFAULT_PATH) == vocab


def test_purpose_mapping() -> None:
    # Reason: the mapping the app relies on, as specified.
    purposes = load_vocabulary().purposes
    for pid in (2, 3, 4, 7):
        assert purposes[pid].app_purposes == (Purpose.ADVERTISING,)
    for pid in (8, 9, 10):
        assert purposes[pid].app_purposes == (Purpose.ANALYTICS,)
    for pid in (1, 5, 6, 11):
        assert purposes[pid].app_purposes == ()
    assert set(purposes[1].refusal_covers) == {
        Purpose.REQUESTED_SERVICE,
        Purpose.ANALYTICS,
        Purpose.ADVERTISING,
        Purpose.INTERACTIVE,
    }


def test_vendor_organizations() -> None:
    # Reason: vendor ids link TC strings to catalogue organizations.
    vendors = load_vocabulary().vendors
    assert {vid: v.organization for vid, v in vendors.items()} == EXPECTED_ORGANIZATIONS


def test_cmp_names() -> None:
    # Reason: unknown CMPs are named by id, known ones by name.
    vocab = load_vocabulary()
    assert vocab.cmp_name(300) == "Google (Funding Choices)"
    assert vocab.cmp_name(4000) == "CMP 4000"


GOOD = """
[[purpose]]
id = 1
name = "Store"
app_purposes = []
"""

BAD_FILES = [
    pytest.param("this is = = not toml", "not valid TOML", id="not-toml"),
    pytest.param(GOOD + "[surprise]\n", "unknown section", id="unknown-section"),
    pytest.param("[[purpose]]\nid = 1\nname = 'x'\n", "entry #1: missing key", id="missing-key"),
    pytest.param(GOOD.replace("app_purposes", "colour = 1\napp_purposes"), "unknown key",
                 id="unknown-key"),
    pytest.param(GOOD + GOOD, "[[purpose]] id 1: the id is defined twice", id="duplicate-id"),
    pytest.param(GOOD.replace("id = 1", "id = 'one'"), "id must be a positive integer",
                 id="id-not-integer"),
    pytest.param(GOOD.replace("id = 1", "id = true"), "id must be a positive integer",
                 id="id-boolean"),
    pytest.param(GOOD.replace('name = "Store"', 'name = " "'), "name must be a non-empty",
                 id="blank-name"),
    pytest.param(GOOD.replace("[]", '["marketing"]'), "unknown purpose id(s) ['marketing']",
                 id="unknown-app-purpose"),
    pytest.param(GOOD.replace("[]", '"advertising"'), "must be a list of purpose ids",
                 id="app-purposes-not-list"),
    pytest.param(GOOD + '[[vendor]]\nid = 755\nname = "G"\norganization = "Google LLC"\n',
                 "[[vendor]] id 755: organization must be", id="bad-organization-id"),
    pytest.param('[[cmp]]\nid = 7\nname = "Didomi"\n', "no purposes are defined", id="no-purposes"),
    pytest.param("purpose = 3\n", "must be an array of tables", id="purpose-not-array"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_invalid_files_name_file_and_entry(tmp_path: Path, text: str, message: str) -> None:
    # Reason: a broken data file must say which file and which entry is wrong.
    path = tmp_path / "tcf.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_vocabulary(path)
    assert message in caught.value.message
    assert str(path) in caught.value.message
    assert caught.value.path == path


def test_missing_file(tmp_path: Path) -> None:
    # Reason: a missing resources folder is reported with advice, not as a traceback.
    with pytest.raises(CatalogueError) as caught:
        load_vocabulary(tmp_path / "absent.toml")
    assert "absent.toml" in caught.value.describe()
    assert caught.value.advice
