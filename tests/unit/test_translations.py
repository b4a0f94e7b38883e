"""Every user-visible string has its French, with the same placeholders; the compiled
catalogue matches its source; a new English string without French fails this check."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspector import i18n, localeformat
from scripts import translations

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def template() -> translations.Catalog:
    return translations.extract_template(ROOT)


@pytest.mark.parametrize("language", translations.languages(ROOT))
def test_the_compiled_catalogue_matches_its_source(language: str) -> None:
    assert translations.mo_out_of_date(language, ROOT) == [], (
        "run: python scripts/translations.py compile"
    )


@pytest.mark.parametrize("language", translations.languages(ROOT))
def test_translations_keep_every_placeholder_and_are_not_fuzzy(
    language: str, template: translations.Catalog
) -> None:
    catalogue = translations.read_catalogue(translations.po_path(language, ROOT))
    found = [
        str(problem)
        for problem in translations.problems(language, template, catalogue)
        if problem.what != "missing" and problem.what != "not translated"
    ]
    assert found == []


@pytest.mark.parametrize("language", translations.languages(ROOT))
def test_every_string_has_its_translation(language: str, template: translations.Catalog) -> None:
    """The whole program in every language it ships: nothing missing, fuzzy or mismatched."""
    catalogue = translations.read_catalogue(translations.po_path(language, ROOT))
    found = [str(problem) for problem in translations.problems(language, template, catalogue)]
    assert found == [], "run: python scripts/translations.py update, translate, then compile"


def test_the_window_and_command_line_show_no_unwrapped_text() -> None:
    found = [str(literal) for literal in translations.unwrapped_literals(ROOT)]
    assert found == [], "wrap these in _() (or mark the line '# i18n: ignore (why)')"


def _copy_project(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    for folder in ("inspector", "resources"):
        shutil.copytree(
            ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__", "sample")
        )
    return copy


def test_a_new_english_string_without_french_fails_the_check(tmp_path: Path) -> None:
    copy = _copy_project(tmp_path)
    module = copy / "inspector" / "i18n.py"
    module.write_text(
        module.read_text("utf-8") + '\n\nNEW = _("A sentence nobody has translated yet.")\n',
        "utf-8",
    )
    template = translations.extract_template(copy)
    catalogue = translations.read_catalogue(translations.po_path("fr", copy))
    found = translations.problems("fr", template, catalogue)
    assert ("A sentence nobody has translated yet.", "missing") in {
        (problem.message, problem.what) for problem in found
    }


def test_a_new_catalogue_description_without_french_fails_the_check(tmp_path: Path) -> None:
    copy = _copy_project(tmp_path)
    (copy / "resources" / "catalogue" / "zz-new.toml").write_text(
        '[[cookie]]\nid = "zz-new"\nservice = "google-analytics"\nname = "_zz_new"\n'
        'description = "A cookie added without its French."\n',
        "utf-8",
    )
    found = translations.problems(
        "fr",
        translations.extract_template(copy),
        translations.read_catalogue(translations.po_path("fr", copy)),
    )
    assert any(p.context == "cookie:zz-new" and p.what == "missing" for p in found), (
        "a catalogue description is a message with the entry id as its context"
    )


@pytest.mark.parametrize(
    ("english", "french", "wrong"),
    [
        ("{count} cookies", "{count} cookies", False),
        ("{count} cookies", "{nombre} cookies", True),  # a renamed placeholder
        ("{site} and {organization}", "{site}", True),  # a dropped one
        ("Saved in {path}.", "Enregistré dans {path}.", False),
    ],
    ids=["same", "renamed", "dropped", "translated-around"],
)
def test_placeholders_are_compared(english: str, french: str, wrong: bool) -> None:
    template = translations.Catalog(locale="en")
    template.add(english)
    catalogue = translations.Catalog(locale="fr")
    catalogue.add(english, french)
    found = translations.problems("fr", template, catalogue)
    assert bool(found) is wrong


def test_a_fuzzy_translation_is_refused() -> None:
    template = translations.Catalog(locale="en")
    template.add("Delete trackers")
    catalogue = translations.Catalog(locale="fr")
    catalogue.add("Delete trackers", "Supprimer les traceurs", flags=["fuzzy"])
    assert [p.what.split(" ")[0] for p in translations.problems("fr", template, catalogue)] == [
        "fuzzy"
    ]


@pytest.fixture
def french(monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    yield i18n.set_language(None)
    i18n.set_language("en")


def test_the_system_locale_chooses_french_and_france(french: str) -> None:
    assert french == "fr"
    assert i18n.formatting_locale() == "fr_FR"
    assert i18n.user_country() == "FR"
    assert i18n.user_country("be") == "BE"  # the setting wins


def test_french_plural_forms_say_zero_and_one_in_the_singular(french: str) -> None:
    assert localeformat.format_days(1 / 24) == "1 heure"
    assert i18n.ngettext("{n} day", "{n} days", 0) == "{n} jour"
    assert i18n.ngettext("{n} day", "{n} days", 1) == "{n} jour"
    assert i18n.ngettext("{n} day", "{n} days", 2) == "{n} jours"


def test_numbers_and_dates_are_written_the_french_way(french: str) -> None:
    assert localeformat.format_number(12345) == "12\u202f345"
    assert localeformat.format_date(datetime(2026, 12, 6, tzinfo=UTC)) == "6 décembre 2026"
    assert localeformat.format_days(1000) == "2,7 ans"


def test_english_stays_english_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert i18n.set_language("en") == "en"
    assert localeformat.format_days(400) == "400 days (about 13 months)"
    assert localeformat.format_date(datetime(2026, 12, 6, tzinfo=UTC)) == "6 December 2026"


def test_an_unknown_language_falls_back_to_english() -> None:
    assert i18n.set_language("xx") == "en"


def test_the_unwrapped_text_check_finds_what_it_should(tmp_path: Path) -> None:
    module = tmp_path / "inspector" / "gui" / "sample.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "label = QLabel('Delete trackers')\n"  # 1: shown as it is
        "table.setHorizontalHeaderLabels(['When', 'What'])\n"  # 2: a list of headers
        "button.setToolTip(f'{count} cookies kept')\n"  # 3: an f-string with words
        "box.setText(_('Delete trackers'))\n"  # wrapped
        "window.setWindowTitle('Cookie Inspector')\n"  # the program's name
        "item.setText(f'{name}  ({count})')\n"  # no words
        "print('UTC')\n"  # an abbreviation
        "label.setText('Hello there')  # i18n: ignore (a test of the mark)\n",
        "utf-8",
    )
    found = translations.unwrapped_literals(tmp_path, ["inspector/gui/*.py"])
    assert [literal.line for literal in found] == [1, 2, 3]
