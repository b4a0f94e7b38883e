"""Regression corpus: files and folders that are not what they seem (issue #12).

FIFOs where the browsers keep files must never be opened for reading (that blocks forever),
a huge sparse file is never copied, and a folder this user cannot enter is reported with its
path while the rest is read. Permissions are real: as root (CI) the checks run in a child
process that has given up root for the ``nobody`` account.
"""

from __future__ import annotations

import json
import os
import select
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from inspector.discovery import Roots
from inspector.model import Family, Store
from inspector.scan import resolve_stores, scan
from inspector.stores import read_store
from inspector.stores.snapshot import MAX_STORE_BYTES
from tests.support.storefactory import FakeCookie, make_chromium_store, make_firefox_store

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
posix = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and POSIX permissions")


def chromium_user_data(folder: Path, profiles: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    cache = {name: {"name": f"Person {name}"} for name in profiles}
    (folder / "Local State").write_text(json.dumps({"profile": {"info_cache": cache}}))
    for name in profiles:
        make_chromium_store(folder / name / "Cookies", [FakeCookie("a.example", name)])


def firefox_root(folder: Path, profiles: list[str]) -> None:
    lines = []
    for index, name in enumerate(profiles):
        lines += [f"[Profile{index}]", f"Name={name}", "IsRelative=1", f"Path=Profiles/{name}"]
        make_firefox_store(folder / "Profiles" / name / "cookies.sqlite", [FakeCookie("b.x", name)])
    (folder / "profiles.ini").write_text("\n".join(lines))
    (folder / "Profiles" / profiles[0] / "compatibility.ini").write_text("LastVersion=128.0esr\n")


def run_in_child(work: Callable[[], object], *, demote: bool, timeout: float = 60) -> Any:
    """``work()`` in a forked child (as ``nobody`` when ``demote`` and this process is root),
    its result back as JSON; a child that blocks is killed and fails the test."""
    if demote:
        work()  # first as ourselves: every module it needs is imported before giving up root
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        status = 0
        try:
            os.close(reader)
            if demote and os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            with os.fdopen(writer, "w") as out:
                json.dump(work(), out)
        except BaseException:
            status = 1
        os._exit(status)
    os.close(writer)
    deadline = time.monotonic() + timeout
    with os.fdopen(reader) as incoming:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([incoming], [], [], 0.2)
            if ready:
                text = incoming.read()
                break
        else:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            pytest.fail(f"the scan blocked for more than {timeout} s")
    _, status = os.waitpid(child, 0)
    assert status == 0 and text, "the child failed"
    return json.loads(text)


def scan_home(home: Path) -> Callable[[], object]:
    def work() -> object:
        stores, failures = resolve_stores(roots=Roots("linux", home, config=home / ".config"))
        results = failures + list(scan(stores).results)
        return [[str(r.store.path), r.store.profile, len(r.cookies), r.error] for r in results]

    return work


@pytest.fixture
def shared_home() -> Iterator[Path]:
    """A home folder the demoted child can use (pytest's tmp_path is root's only)."""
    with tempfile.TemporaryDirectory(prefix="robust-") as folder:
        home = Path(folder)
        home.chmod(0o755)
        yield home
        for path in home.rglob("*"):
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)


def make_shared(home: Path) -> None:
    for path in [home, *home.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


# --------------------------------------------------------------------------- FIFOs


CHROMIUM_DEFAULT = ".config/chromium/Default/Cookies"
FIREFOX_A = ".mozilla/firefox/Profiles/a/cookies.sqlite"
FIREFOX_B = ".mozilla/firefox/Profiles/b/cookies.sqlite"
EVERY_STORE = (CHROMIUM_DEFAULT, FIREFOX_A, FIREFOX_B)


@needs_fifo
@pytest.mark.parametrize(
    ("fifo", "failing", "read"),
    [
        pytest.param(".config/chromium/Local State", None, EVERY_STORE, id="local-state"),
        pytest.param(
            CHROMIUM_DEFAULT, CHROMIUM_DEFAULT, (FIREFOX_A, FIREFOX_B), id="chromium-cookies"
        ),
        pytest.param(
            ".config/chromium/Profile 1/Network/Cookies",
            ".config/chromium/Profile 1/Network/Cookies",
            EVERY_STORE,
            id="network-cookies",
        ),
        # the profiles it would list are not known: Firefox is named as unread, not left out
        pytest.param(
            ".mozilla/firefox/profiles.ini",
            ".mozilla/firefox/profiles.ini",
            (CHROMIUM_DEFAULT,),
            id="profiles-ini",
        ),
        pytest.param(
            ".mozilla/firefox/Profiles/a/compatibility.ini", None, EVERY_STORE, id="compat-ini"
        ),
        pytest.param(FIREFOX_A, FIREFOX_A, (CHROMIUM_DEFAULT, FIREFOX_B), id="firefox-cookies"),
        pytest.param(
            ".mozilla/firefox/Profiles/a/cookies.sqlite-wal",
            FIREFOX_A,
            (CHROMIUM_DEFAULT, FIREFOX_B),
            id="firefox-wal",
        ),
        pytest.param(
            ".mozilla/firefox/Profiles/a/sessionstore.jsonlz4", None, EVERY_STORE, id="session"
        ),
    ],
)
def test_a_fifo_never_blocks_the_scan(
    fifo: str, failing: str | None, read: tuple[str, ...], shared_home: Path
) -> None:
    """A pipe where a file should be: the scan finishes; a cookie file (or its journal) that
    is a pipe fails its store with an error naming it, never makes the store vanish."""
    chromium_user_data(shared_home / ".config/chromium", ["Default"])
    firefox_root(shared_home / ".mozilla/firefox", ["a", "b"])
    target = shared_home / fifo
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    os.mkfifo(target)
    results = run_in_child(scan_home(shared_home), demote=False)
    outcome = {
        Path(path).relative_to(shared_home).as_posix(): (cookies, error)
        for path, _profile, cookies, error in results
    }
    assert {path: outcome[path] for path in read} == {path: (1, None) for path in read}
    failed = {path: error for path, (_cookies, error) in outcome.items() if error is not None}
    assert list(failed) == ([failing] if failing else []), outcome
    for error in failed.values():
        assert f"{target} is not a regular file" in error, error


# --------------------------------------------------------------------------- big files


def test_a_huge_sparse_store_is_not_copied(tmp_path: Path) -> None:
    path = tmp_path / "Cookies"
    with path.open("wb") as handle:  # sparse: takes no disk space
        handle.truncate(MAX_STORE_BYTES + 1)
        handle.seek(0)
        handle.write(b"SQLite format 3\x00")
    result = read_store(Store("c", "Chromium", Family.CHROMIUM, "p", path, tmp_path))
    assert not result.ok
    assert str(path) in (result.error or "") and "far larger" in (result.error or "")
    assert "Move it away" in (result.error or "")


# --------------------------------------------------------------------------- permissions


@posix
def test_unreadable_profile_folders_are_reported_and_the_rest_read(shared_home: Path) -> None:
    chromium_user_data(shared_home / ".config/chromium", ["Default", "Profile 1"])
    firefox_root(shared_home / ".mozilla/firefox", ["a", "b"])
    firefox_root(shared_home / ".librewolf", ["c"])
    make_shared(shared_home)
    (shared_home / ".config/chromium/Profile 1").chmod(0o000)
    (shared_home / ".mozilla/firefox/Profiles/b").chmod(0o000)
    (shared_home / ".librewolf").chmod(0o000)
    results = run_in_child(scan_home(shared_home), demote=True)
    read = sorted(profile for _path, profile, _count, error in results if error is None)
    unreadable = sorted([path, error] for path, _profile, _count, error in results if error)
    assert read == ["Person Default", "a"]
    paths = [path for path, _error in unreadable]
    assert paths == sorted(
        str(shared_home / folder)
        for folder in (".config/chromium/Profile 1", ".librewolf", ".mozilla/firefox/Profiles/b")
    )
    for path, error in unreadable:
        assert path in error and "Permission" in error and "belongs to you" in error


@posix
def test_a_named_unreadable_folder_is_a_failed_store(shared_home: Path) -> None:
    chromium_user_data(shared_home / "chromium", ["Default", "Profile 2"])
    make_shared(shared_home)
    (shared_home / "chromium/Profile 2").chmod(0o000)

    def work() -> object:
        stores, failures = resolve_stores([str(shared_home / "chromium")])
        return [len(stores), [f.error for f in failures]]

    count, errors = run_in_child(work, demote=True)
    assert count == 1 and len(errors) == 1 and "Profile 2" in errors[0]


def test_discovery_in_this_process_still_works(tmp_path: Path) -> None:
    chromium_user_data(tmp_path / ".config/chromium", ["Default"])
    stores, failures = resolve_stores(roots=Roots("linux", tmp_path, config=tmp_path / ".config"))
    assert failures == [] and [r.ok for r in scan(stores).results] == [True]


@pytest.mark.parametrize("place", ["Default/Cookies", "Cookies", "cookies.sqlite"])
def test_a_named_folder_whose_cookie_file_is_a_fifo_says_so(tmp_path: Path, place: str) -> None:
    # "No browser cookie store was found" would send the person looking elsewhere.
    target = tmp_path / "profile" / place
    target.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(target)
    # the store is listed (discovery._present) and reading it says what is there
    stores, failures = resolve_stores([str(tmp_path / "profile")])
    [result] = failures + list(scan(stores).results)
    assert not result.ok
    assert f"{target} is not a regular file" in (result.error or ""), result.error
