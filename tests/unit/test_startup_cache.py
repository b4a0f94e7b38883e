"""What is compiled and kept between runs (the catalogue, the guess model, classification
facts) gives exactly what reading the sources gives, and is ignored whenever it may not."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inspector import cachefile, classcache
from inspector.analysis import analyse
from inspector.catalogue import compiled, load_catalogue
from inspector.catalogue import loader as catalogue_loader
from inspector.classify import Classifier
from inspector.document import classifier_for, load, remember
from inspector.guess import GuessModel, load_guess_model
from inspector.paths import AppPaths
from inspector.resources import resource

OVERLAY = """
[[service]]
id = "my-shop"
name = "My shop"
purpose = "{purpose}"

[[cookie]]
id = "my-shop-basket"
service = "my-shop"
name = "basket_of_mine"
"""


@pytest.fixture(autouse=True)
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files of the checkout may be seconds old on a fresh CI machine: trust them all (the
    test of recent files sets its own margin)."""
    monkeypatch.setattr(cachefile, "SETTLE_NS", 0)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return AppPaths.resolve(tmp_path / "home").data_dir


def from_sources_forbidden(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> list[object]:
        raise AssertionError("read from its sources")

    monkeypatch.setattr(catalogue_loader, "bundled_documents", refuse)


def test_the_compiled_catalogue_is_the_catalogue(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = load_catalogue(None)
    assert load_catalogue(data_dir) == sources  # read from the sources, then kept
    assert (data_dir / "cache" / compiled.NAME).is_file()
    from_sources_forbidden(monkeypatch)
    kept = load_catalogue(data_dir)
    assert kept == sources
    assert kept.rules == sources.rules and list(kept.services) == list(sources.services)
    for rule in kept.rules:  # the same objects shared, as when read from the sources
        assert rule.service is kept.services[rule.service.id]
        owner = rule.service.organization
        assert owner is None or owner is kept.organizations[owner.id]
    if os.name != "nt":
        assert (data_dir / "cache" / compiled.NAME).stat().st_mode & 0o777 == 0o600


def test_an_edited_overlay_is_read_again_even_within_the_same_clock_tick(
    data_dir: Path,
) -> None:
    data_dir.mkdir(parents=True)
    overlay = data_dir / "catalogue-overlay.toml"
    stamp = (1_700_000_000_000_000_000, 1_700_000_000_000_000_000)
    for purpose in ("analytics", "advertising"):  # same length: same size, same times
        overlay.write_text(OVERLAY.format(purpose=purpose), encoding="utf-8")
        os.utime(overlay, ns=stamp)
        rule = next(r for r in load_catalogue(data_dir).rules if r.id == "my-shop-basket")
        assert rule.purpose.value == purpose


def test_a_broken_overlay_is_reported_every_time(data_dir: Path) -> None:
    from inspector.errors import CatalogueError

    load_catalogue(data_dir)  # a good catalogue kept first
    (data_dir / "catalogue-overlay.toml").write_text("[[service]\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(CatalogueError):
            load_catalogue(data_dir)


@pytest.mark.parametrize(
    "content",
    [b"", b"garbage", b"\x00" * 40, marshal.dumps(("0" * 32, (1, 2))), marshal.dumps([1])],
    ids=["empty", "text", "zeros", "another-key", "not-a-pair"],
)
def test_a_broken_or_foreign_compiled_catalogue_is_ignored(data_dir: Path, content: bytes) -> None:
    sources = load_catalogue(data_dir)
    (data_dir / "cache" / compiled.NAME).write_bytes(content)
    assert load_catalogue(data_dir) == sources


def test_a_file_with_the_right_key_but_not_our_layout_is_ignored(data_dir: Path) -> None:
    sources = load_catalogue(data_dir)
    key = compiled.cache_key(data_dir)
    (data_dir / "cache" / compiled.NAME).write_bytes(marshal.dumps((key.digest, ("v", (), ()))))
    assert load_catalogue(data_dir) == sources


def test_another_program_version_does_not_read_it(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_catalogue(data_dir)
    before = compiled.cache_key(data_dir)
    monkeypatch.setattr(cachefile, "__version__", "99.0")
    assert compiled.cache_key(data_dir) != before
    assert cachefile.read(data_dir, compiled.NAME, compiled.cache_key(data_dir)) is None


def test_files_changed_too_recently_are_not_kept(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a second edit within the clock tick of the first could not be told apart by its
    # stat: nothing derived from a file that recent is written
    monkeypatch.setattr(cachefile, "SETTLE_NS", 10**30)
    assert not compiled.cache_key(data_dir).settled
    load_catalogue(data_dir)
    assert not (data_dir / "cache" / compiled.NAME).exists()


def test_an_edited_program_file_changes_the_key(tmp_path: Path) -> None:
    source = tmp_path / "loader.py"
    source.write_text("one", encoding="utf-8")
    first = cachefile.make_key(("x",), [source])
    source.write_text("three", encoding="utf-8")
    assert cachefile.make_key(("x",), [source]) != first
    source.unlink()
    assert cachefile.make_key(("x",), [source]) not in (first, None)


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_planted_cache_folder_is_neither_read_nor_written(tmp_path: Path, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    elsewhere = tmp_path / "someone-elses-folder"
    elsewhere.mkdir()
    (data_dir / "cache").symlink_to(elsewhere)
    key = compiled.cache_key(data_dir)
    planted = marshal.dumps((key.digest, "planted"))
    (elsewhere / compiled.NAME).write_bytes(planted)
    assert cachefile.read(data_dir, compiled.NAME, key) is None
    assert load_catalogue(data_dir) == load_catalogue(None)
    assert [p.name for p in elsewhere.iterdir()] == [compiled.NAME]
    assert (elsewhere / compiled.NAME).read_bytes() == planted


def test_the_compiled_guess_model_is_the_shipped_one(data_dir: Path) -> None:
    shipped = load_guess_model()
    first = load_guess_model(data_dir)
    assert (data_dir / "cache" / "guess-model").is_file()
    load_guess_model.cache_clear()
    kept = load_guess_model(data_dir)
    assert shipped is not None and first is not None and kept is not None
    assert kept is not first  # read from the compiled file
    for model in (first, kept):
        assert (model.classes, model.priors, model.unseen) == (
            shipped.classes,
            shipped.priors,
            shipped.unseen,
        )
        assert model.table == shipped.table
    assert set(vars(kept)) == set(vars(shipped))
    for name in ("_pk_ses_12_ab3f", "cart_seen", "ajs_user_id", "sess_805", "x_2047", "HACIVIC"):
        for days, shared in ((None, False), (400.0, True), (0.5, False)):
            assert kept.guess(name, days, shared) == shipped.guess(name, days, shared)


def test_a_broken_compiled_guess_model_is_ignored(data_dir: Path) -> None:
    load_guess_model(data_dir)
    load_guess_model.cache_clear()
    key = cachefile.make_key(
        ("guess-model-1",), [resource("guess-model.json"), *cachefile.source_files("guess.py")]
    )
    (data_dir / "cache" / "guess-model").write_bytes(marshal.dumps((key.digest, ([], 1, 2, 3))))
    model = load_guess_model(data_dir)
    load_guess_model.cache_clear()
    assert isinstance(model, GuessModel) and model.table == load_guess_model().table  # type: ignore[union-attr]


def test_the_guess_model_is_read_when_first_needed() -> None:
    classifier = Classifier()
    assert "guesser" not in vars(classifier)
    assert classifier.guesser is load_guess_model()
    assert Classifier(use_guess=False).guesser is None


SAMPLES = [str(Path(str(resource("sample"))) / name) for name in ("chromium", "firefox")]


def facts(classifier: Classifier) -> list[tuple[object, ...]]:
    analysis = analyse(load(SAMPLES), classifier)
    return [
        (
            f.cookie.id,
            f.info.site,
            f.info.party,
            f.info.purpose,
            f.info.rule,
            f.info.confidence,
            f.info.organization,
            f.info.service,
            f.info.rule_entry,
            f.info.heuristic,
            f.info.consent_platform,
        )
        for f in analysis.findings
    ]


def test_cached_and_uncached_classification_agree_on_the_samples(tmp_path: Path) -> None:
    paths = AppPaths.resolve(tmp_path / "home")
    uncached = facts(Classifier(load_catalogue(None)))
    assert len(uncached) > 10
    first = classifier_for(paths)
    assert first.remembered == 0
    assert facts(first) == uncached
    remember(first, paths)
    again = classifier_for(paths)  # compiled catalogue, compiled model, learnt facts
    assert again.remembered > 0
    assert facts(again) == uncached


def test_classification_facts_of_another_layout_are_ignored(tmp_path: Path) -> None:
    paths = AppPaths.resolve(tmp_path / "home")
    classifier = classifier_for(paths)
    expected = facts(classifier)
    remember(classifier, paths)
    target = classcache.cache_file(paths.data_dir)
    digest, data = marshal.loads(target.read_bytes())
    lists = list(data)
    lists[2] = lists[2][:-1]  # one site fewer than hosts
    target.write_bytes(marshal.dumps((digest, tuple(lists))))
    assert classifier_for(paths).remembered == 0
    lists = list(data)
    lists[9] = (["cart_seen"], [7], [False], [None], [0.0])  # a lifetime that is no bucket
    target.write_bytes(marshal.dumps((digest, tuple(lists))))
    assert classifier_for(paths).remembered == 0
    target.write_bytes(marshal.dumps((digest, data)))
    assert classifier_for(paths).remembered > 0  # the file as written is read
    target.write_bytes(marshal.dumps((digest, ("old", "layout"))))
    again = classifier_for(paths)
    assert again.remembered == 0
    assert facts(again) == expected


def test_kept_patterns_are_compiled_when_first_used(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_catalogue(data_dir)
    kept = load_catalogue(data_dir)
    patterned = [rule for rule in kept.rules if rule.pattern is not None]
    assert patterned
    assert all(rule.pattern._compiled is None for rule in patterned)  # type: ignore[union-attr]
    sources = {rule.id: rule for rule in load_catalogue(None).rules}
    for rule in patterned:
        assert rule.pattern is not None
        original = sources[rule.id].pattern
        assert original is not None and original._compiled is not None  # checked on reading
        for name in (rule.prefix or "", f"{rule.prefix}x1", f"{rule.prefix}_AB-12.3"):
            assert bool(rule.pattern.fullmatch(name)) == bool(original.fullmatch(name))
    assert patterned[0].pattern._compiled is not None  # type: ignore[union-attr]


#: What no command pays for before it needs it (Qt, the catalogue's reader and importers,
#: explanations, Babel's locale data, the AES cipher).
NOT_AT_START = (
    "PySide6",
    "inspector.catalogue.loader",  # the compiled catalogue needs no TOML reader
    "inspector.catalogue.importers",
    "inspector.explain",
    "inspector.localeformat",
    "babel",
    "Cryptodome",
    "importlib.resources",
)


def test_the_command_line_starts_without_what_a_scan_does_not_need() -> None:
    code = "import json, sys, inspector.cli; print(json.dumps(sorted(sys.modules)))"
    root = Path(__file__).resolve().parents[2]
    found = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(found.stdout))
    assert not loaded & set(NOT_AT_START)
    assert "inspector.cli" in loaded


def test_the_cipher_is_loaded_without_parsing_c_declarations() -> None:
    code = """
import json, sys
from inspector.keys import crypto
key = crypto.cbc_key(crypto.LINUX_FIXED_PASSWORD)
cipher = crypto.aes().new(key, crypto.aes().MODE_CBC, crypto.CBC_IV)
value = b"v10" + cipher.encrypt(b"consent=yes" + bytes([5]) * 5)
print(json.dumps([crypto.decrypt_cbc(key, value).decode(), "pycparser" in sys.modules]))
"""
    root = Path(__file__).resolve().parents[2]
    found = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert json.loads(found.stdout) == ["consent=yes", False]
