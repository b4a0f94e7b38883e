"""What the classifier learnt is kept between runs, and only while it still holds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from inspector import classcache
from inspector.analysis import analyse
from inspector.document import classifier_for, load, remember
from inspector.paths import AppPaths
from inspector.resources import resource
from tests.support.storefactory import FakeCookie, make_chromium_store

SECRET = "do-not-keep-this-value"


@pytest.fixture
def stores(tmp_path: Path) -> list[str]:
    cookies = [
        FakeCookie(".news.example", "_ga", value=SECRET),
        FakeCookie("www.news.example", "OptanonConsent", value="groups=C0002%3A0"),
        FakeCookie(".doubleclick.net", "IDE", partition="https://news.example"),
        FakeCookie("shop.example.co.uk", "cart"),
    ]
    path = make_chromium_store(tmp_path / "Default" / "Cookies", cookies)
    return [str(path), str(Path(str(resource("sample"))) / "firefox")]


def summary(paths: AppPaths, stores: list[str]) -> list[tuple[object, ...]]:
    classifier = classifier_for(paths)
    analysis = analyse(load(stores), classifier)
    remember(classifier, paths)
    return [
        (f.cookie.id, f.info.site, f.info.party, f.info.purpose, f.info.rule, f.info.confidence)
        for f in analysis.findings
    ]


def test_a_second_run_starts_from_what_the_first_learnt(tmp_path: Path, stores: list[str]) -> None:
    paths = AppPaths.resolve(tmp_path / "home")
    first = summary(paths, stores)
    saved = classcache.cache_file(paths.data_dir)
    assert saved.is_file()
    assert SECRET.encode() not in saved.read_bytes()  # names and hosts only, never values
    if os.name != "nt":
        assert saved.stat().st_mode & 0o777 == 0o600
    again = classifier_for(paths)
    assert again.remembered > 0
    assert summary(paths, stores) == first


def test_a_changed_catalogue_makes_the_file_stale(tmp_path: Path, stores: list[str]) -> None:
    paths = AppPaths.resolve(tmp_path / "home")
    summary(paths, stores)
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    (paths.data_dir / "catalogue-overlay.toml").write_text(
        '[catalogue]\nversion = "mine"\n', encoding="utf-8"
    )
    assert classifier_for(paths).remembered == 0


@pytest.mark.parametrize("content", [b"", b"garbage", b"\x00" * 40], ids=["empty", "text", "zeros"])
def test_a_broken_file_is_ignored(tmp_path: Path, stores: list[str], content: bytes) -> None:
    paths = AppPaths.resolve(tmp_path / "home")
    first = summary(paths, stores)
    classcache.cache_file(paths.data_dir).write_bytes(content)
    assert classifier_for(paths).remembered == 0
    assert summary(paths, stores) == first


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_planted_folder_link_is_never_written_through(tmp_path: Path, stores: list[str]) -> None:
    # Someone who can write in the data folder's parent must not get our classification
    # facts written into a folder of theirs.
    paths = AppPaths.resolve(tmp_path / "home")
    paths.data_dir.mkdir(parents=True)
    elsewhere = tmp_path / "someone-elses-folder"
    elsewhere.mkdir()
    classcache.cache_file(paths.data_dir).parent.symlink_to(elsewhere)
    summary(paths, stores)
    assert list(elsewhere.iterdir()) == []


def test_guesses_are_kept_and_a_warm_run_does_not_read_the_model(tmp_path: Path) -> None:
    """Cookies no catalogue entry knows get the learnt second opinion; a second run takes
    those answers from the file (the model is not even read) and they are the same."""
    cookies = [FakeCookie(f"site{i}.example", name) for i, name in enumerate(GUESSED)]
    store = str(make_chromium_store(tmp_path / "Default" / "Cookies", cookies))
    paths = AppPaths.resolve(tmp_path / "home")
    first = summary(paths, [store])
    guessed = [row for row in first if str(row[5]) == "guess"]
    assert guessed, "the test needs cookies the model answers"
    again = classifier_for(paths)
    assert len(again.known_guesses()) >= len(GUESSED)
    assert [f.info.rule for f in analyse(load([store]), again).findings] == [r[4] for r in first]
    assert "guesser" not in again.__dict__  # answered from the file alone
    assert summary(paths, [store]) == first


# names of no catalogue entry, some of which the model answers
GUESSED = ["n360_adnuntius", "ev_sync_fs", "um2", "ttd", "xq_adzone"]


def test_partition_sites_are_kept(tmp_path: Path, stores: list[str]) -> None:
    """The site a cookie is partitioned under is kept with the hosts' facts, so a warm run
    needs no Public Suffix List look-up for it (and answers the same)."""
    paths = AppPaths.resolve(tmp_path / "home")
    first = summary(paths, stores)
    again = classifier_for(paths)
    assert again.known_partitions()["https://news.example"] == "news.example"
    assert again.known_partitions()["https://riverside-gazette.co.uk"] == "riverside-gazette.co.uk"
    assert summary(paths, stores) == first


def test_facts_of_stores_gone_are_dropped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a scan of a big store, a scan of a small one keeps the small one's facts only
    (the file follows the stores, it does not grow with every host ever met); alternating
    between stores of similar size keeps both."""
    monkeypatch.setattr(classcache, "KEEP_EXTRA", 0)
    big = [FakeCookie(f"big{i}.example", f"n{i % 7}") for i in range(60)]
    small = [FakeCookie(f"small{i}.example", "_ga") for i in range(5)]
    other = [FakeCookie(f"other{i}.example", "_ga") for i in range(5)]
    stores = {}
    for name, cookies in (("big", big), ("small", small), ("other", other)):
        stores[name] = str(make_chromium_store(tmp_path / name / "Default" / "Cookies", cookies))
    paths = AppPaths.resolve(tmp_path / "home")
    summary(paths, [stores["big"]])
    assert len(classifier_for(paths).known_hosts()) >= 60
    first = summary(paths, [stores["small"]])
    kept = classifier_for(paths)
    assert set(kept.known_hosts()) == {f"small{i}.example" for i in range(5)}
    assert {key[0] for key, _ in kept.known_attributions()} == {"_ga"}
    assert summary(paths, [stores["small"]]) == first  # the same answers from the kept facts
    summary(paths, [stores["other"]])  # 10 hosts known, 5 seen: within twice, both kept
    assert len(classifier_for(paths).known_hosts()) == 10


def test_a_site_bound_names_facts_follow_the_sites_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name whose meaning depends on the site ("NID" on Google's sites and elsewhere) is
    learnt per site: after a big store's scan, a small one's keeps that name's facts for
    the small store's sites only (they used to stay for every site ever met)."""
    monkeypatch.setattr(classcache, "KEEP_EXTRA", 0)
    big = [FakeCookie(f"big{i}.example", "NID") for i in range(60)]
    small = [FakeCookie(f"small{i}.example", "NID") for i in range(5)]
    stores = {}
    for name, cookies in (("big", big), ("small", small)):
        stores[name] = str(make_chromium_store(tmp_path / name / "Default" / "Cookies", cookies))
    paths = AppPaths.resolve(tmp_path / "home")
    summary(paths, [stores["big"]])
    site_keys = {key[1] for key, _ in classifier_for(paths).known_attributions()}
    assert {f"big{i}.example" for i in range(60)} <= site_keys
    first = summary(paths, [stores["small"]])
    kept = {key[1] for key, _ in classifier_for(paths).known_attributions()}
    assert kept - {""} == {f"small{i}.example" for i in range(5)}
    assert summary(paths, [stores["small"]]) == first
