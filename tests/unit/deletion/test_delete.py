"""Deleting from stores built with the browsers' real schemas: exact, backed up, undoable."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from inspector.deletion.apply import FAULT_VARIABLE, InjectedFaultError, execute, history, undo
from inspector.deletion.backup import BackupError, BackupStore
from inspector.deletion.plan import Selection, make_plan
from inspector.errors import BrowserRunningError, CorruptStoreError, StorePermissionError
from inspector.model import Family, Store
from inspector.paths import AppPaths
from inspector.stores import mozlz4
from tests.support.analysis import analyse_stores as analysis_of
from tests.support.analysis import chromium_store as shared_chromium_store
from tests.support.storefactory import FakeCookie, make_firefox_store

COOKIES = [
    FakeCookie(".news.example", "_ga", value="GA1.1.5.6"),
    FakeCookie(".news.example", "PHPSESSID", value="abc"),
    FakeCookie(".news.example", "OptanonConsent", value="groups=C0001%3A1%2CC0002%3A0"),
    FakeCookie(".doubleclick.net", "IDE", value="xyz"),
    FakeCookie(".doubleclick.net", "id", value="OPT_OUT"),
    FakeCookie(".facebook.com", "c_user", value="d"),
    FakeCookie("embed.example", "_ga", value="p", partition="https://news.example"),
]


@pytest.fixture
def paths(private_home: Path) -> AppPaths:
    return AppPaths.resolve(private_home)


def chromium_store(folder: Path) -> Store:
    return shared_chromium_store(folder, COOKIES)


def firefox_store(folder: Path) -> Store:
    path = make_firefox_store(folder / "firefox" / "cookies.sqlite", COOKIES[:5])
    session = {
        "cookies": [
            {"host": ".news.example", "name": "_gid", "value": "s", "path": "/"},
            {"host": "news.example", "name": "sid", "value": "k", "path": "/"},
        ]
    }
    (path.parent / "sessionstore.jsonlz4").write_bytes(
        mozlz4.compress(json.dumps(session).encode())
    )
    return Store("firefox", "Firefox", Family.FIREFOX, "default", path, path.parent)


def rows(path: Path, table: str = "cookies") -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


def names(store: Store) -> set[str]:
    return {c.name for c in analysis_of(store).scan.cookies}


def test_trackers_preset_keeps_consent_and_opt_out(tmp_path: Path, paths: AppPaths) -> None:
    store = chromium_store(tmp_path)
    plan = make_plan(analysis_of(store), Selection(trackers=True))
    deleted = {(f.cookie.host, f.cookie.name) for f in plan.delete}
    assert deleted == {
        (".news.example", "_ga"),
        (".doubleclick.net", "IDE"),
        ("embed.example", "_ga"),
    }
    reasons = {k.finding.cookie.name: k.reason for k in plan.keep}
    assert reasons["OptanonConsent"] == "consent-record"
    assert reasons["id"] == "consent-record"  # the ad network's opt-out cookie
    assert reasons["c_user"] == "social-not-included"
    assert reasons["PHPSESSID"] == "necessary"
    execute(plan, paths, "trackers")
    assert names(store) == {"PHPSESSID", "OptanonConsent", "id", "c_user"}


def test_options_social_keep_list_and_consent(tmp_path: Path) -> None:
    store = chromium_store(tmp_path)
    analysis = analysis_of(store)
    social = make_plan(analysis, Selection(trackers=True, include_social=True))
    assert "c_user" in {f.cookie.name for f in social.delete}
    keep = frozenset({"news.example"})
    kept_site = make_plan(analysis, Selection(trackers=True, keep_sites=keep))
    assert "_ga" not in {f.cookie.name for f in kept_site.delete}
    by_site = make_plan(analysis, Selection(sites=frozenset({"news.example"})))
    assert {f.cookie.name for f in by_site.delete} == {"_ga", "PHPSESSID"}
    no_consent = make_plan(
        analysis, Selection(sites=frozenset({"news.example"}), keep_consent=False)
    )
    assert "OptanonConsent" in {f.cookie.name for f in no_consent.delete}
    by_org = make_plan(analysis, Selection(organizations=frozenset({"google llc"})))
    assert {f.cookie.name for f in by_org.delete} == {"_ga", "IDE"}


def test_undo_restores_exactly(tmp_path: Path, paths: AppPaths) -> None:
    store = chromium_store(tmp_path)
    before = rows(store.path)
    result = execute(make_plan(analysis_of(store), Selection(trackers=True)), paths, "t")
    assert result.deleted == 3
    assert rows(store.path) != before
    undone = undo(paths)
    assert undone.restored == 3 and undone.already_there == 0
    assert rows(store.path) == before
    assert BackupStore(paths).load(result.backup_id or "").status == "undone"


def test_undo_leaves_a_cookie_set_again_as_it_is(tmp_path: Path, paths: AppPaths) -> None:
    store = chromium_store(tmp_path)
    execute(make_plan(analysis_of(store), Selection(trackers=True)), paths, "t")
    with sqlite3.connect(store.path) as connection:  # the site sets _ga again
        connection.executescript(
            "CREATE TEMP TABLE again AS SELECT * FROM cookies WHERE name='PHPSESSID';"
            "UPDATE again SET name='_ga', value='new';"
            "INSERT INTO cookies SELECT * FROM again;"
        )
    result = undo(paths)
    assert (result.restored, result.already_there) == (2, 1)
    with sqlite3.connect(store.path) as connection:
        assert connection.execute(
            "SELECT value FROM cookies WHERE name='_ga' AND host_key='.news.example'"
        ).fetchall() == [("new",)]


def test_firefox_session_store_too(tmp_path: Path, paths: AppPaths) -> None:
    store = firefox_store(tmp_path)
    plan = make_plan(analysis_of(store), Selection(trackers=True))
    assert {f.cookie.name for f in plan.delete} == {"_ga", "_gid", "IDE"}
    execute(plan, paths, "t")
    session = json.loads(
        mozlz4.decompress((store.profile_dir / "sessionstore.jsonlz4").read_bytes())
    )
    assert [c["name"] for c in session["cookies"]] == ["sid"]
    assert names(store) == {"PHPSESSID", "OptanonConsent", "id", "sid"}
    assert (
        not (store.profile_dir / "cookies.sqlite-wal").exists()
        or (store.profile_dir / "cookies.sqlite-wal").stat().st_size == 0
    )  # checkpointed
    undo(paths)
    assert names(store) == {"_ga", "_gid", "IDE", "PHPSESSID", "OptanonConsent", "id", "sid"}


def test_backup_is_private_and_complete(tmp_path: Path, paths: AppPaths) -> None:
    store = chromium_store(tmp_path)
    before = set(rows(store.path))
    result = execute(make_plan(analysis_of(store), Selection(trackers=True)), paths, "t")
    backup_file = paths.backups_dir / f"{result.backup_id}.json"
    assert stat.S_IMODE(backup_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.backups_dir.stat().st_mode) == 0o700
    backup = BackupStore(paths).load(result.backup_id or "")
    [part] = backup.stores
    assert len(part.columns) == 20  # every column of the row
    assert len(part.rows) == 3
    for row in part.rows:
        assert tuple(row) in before


def test_store_is_healthy_after_delete(tmp_path: Path, paths: AppPaths) -> None:
    store = chromium_store(tmp_path)
    schema_before = (
        sqlite3.connect(store.path)
        .execute("SELECT sql FROM sqlite_master ORDER BY name")
        .fetchall()
    )
    meta_before = sqlite3.connect(store.path).execute("SELECT * FROM meta").fetchall()
    execute(make_plan(analysis_of(store), Selection(trackers=True)), paths, "t")
    connection = sqlite3.connect(store.path)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert (
        connection.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
        == schema_before
    )
    assert connection.execute("SELECT * FROM meta").fetchall() == meta_before
    assert not store.path.with_name("Cookies-journal").exists()


def test_refused_while_chromium_runs(tmp_path: Path, paths: AppPaths) -> None:
    store = chromium_store(tmp_path)
    assert store.user_data_dir is not None
    (store.user_data_dir / "SingletonLock").symlink_to(f"{socket.gethostname()}-{os.getpid()}")
    before = store.path.read_bytes()
    plan = make_plan(analysis_of(store), Selection(trackers=True))
    with pytest.raises(BrowserRunningError) as caught:
        execute(plan, paths, "t")
    assert "Chromium" in caught.value.describe() and "Default" in caught.value.describe()
    assert store.path.read_bytes() == before
    assert not paths.backups_dir.exists() or not list(paths.backups_dir.iterdir())


def test_stale_chromium_lock_is_not_running(tmp_path: Path, paths: AppPaths) -> None:
    store = chromium_store(tmp_path)
    assert store.user_data_dir is not None
    (store.user_data_dir / "SingletonLock").symlink_to(f"{socket.gethostname()}-999999999")
    execute(make_plan(analysis_of(store), Selection(trackers=True)), paths, "t")


def test_refused_while_firefox_holds_its_lock(tmp_path: Path, paths: AppPaths) -> None:
    store = firefox_store(tmp_path)
    lock = store.profile_dir / ".parentlock"
    lock.touch()
    plan = make_plan(analysis_of(store), Selection(trackers=True))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import fcntl, os, sys, time\n"
                f"fd = os.open({str(lock)!r}, os.O_RDWR)\n"
                "fcntl.lockf(fd, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(60)\n"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        before = store.path.read_bytes()
        with pytest.raises(BrowserRunningError):
            execute(plan, paths, "t")
        assert store.path.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    # the lock is free again: the deletion now goes through
    assert plan.delete
    assert execute(plan, paths, "t").deleted == len(plan.delete)


def test_full_disk_while_writing_backup(
    tmp_path: Path, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = chromium_store(tmp_path)
    before = store.path.read_bytes()
    plan = make_plan(analysis_of(store), Selection(trackers=True))

    def full(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("inspector.deletion.backup.write_private_atomically", full)
    with pytest.raises(BackupError) as caught:
        execute(plan, paths, "t")
    assert "No space left" in caught.value.describe()
    assert store.path.read_bytes() == before


def test_unwritable_data_directory(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    paths = AppPaths(tmp_path / "config", blocker / "data")
    store = chromium_store(tmp_path)
    before = store.path.read_bytes()
    with pytest.raises(BackupError):
        execute(make_plan(analysis_of(store), Selection(trackers=True)), paths, "t")
    assert store.path.read_bytes() == before


def test_read_only_store_rolls_back(
    tmp_path: Path, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = chromium_store(tmp_path)
    before = store.path.read_bytes()
    plan = make_plan(analysis_of(store), Selection(trackers=True))
    # root ignores file permissions, so the database is opened read-only instead
    real_connect = sqlite3.connect

    def read_only(database: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        return real_connect(f"file:{database}?mode=ro", *args, uri=True, **kwargs)  # type: ignore[misc]

    monkeypatch.setattr("inspector.deletion.sqlite_store.sqlite3.connect", read_only)
    with pytest.raises(StorePermissionError) as caught:  # not "damaged": it is read-only
        execute(plan, paths, "t")
    assert str(store.path) in caught.value.describe() and "read-only" in str(caught.value)
    assert store.path.read_bytes() == before
    [backup] = BackupStore(paths).all()  # written before the store was touched
    assert backup.status == "rolled-back"


def test_store_corrupted_between_scan_and_delete(tmp_path: Path, paths: AppPaths) -> None:
    store = chromium_store(tmp_path)
    plan = make_plan(analysis_of(store), Selection(trackers=True))
    store.path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    damaged = store.path.read_bytes()
    with pytest.raises(CorruptStoreError) as caught:
        execute(plan, paths, "t")
    assert str(store.path) in caught.value.describe()
    assert store.path.read_bytes() == damaged


def test_failure_in_second_store_restores_the_first(
    tmp_path: Path, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    chromium, firefox = chromium_store(tmp_path), firefox_store(tmp_path)
    before = (rows(chromium.path), rows(firefox.path, "moz_cookies"))
    plan = make_plan(analysis_of(chromium, firefox), Selection(trackers=True))
    monkeypatch.setenv(FAULT_VARIABLE, "fail-before-commit-1")
    with pytest.raises(InjectedFaultError):
        execute(plan, paths, "t")
    assert (rows(chromium.path), rows(firefox.path, "moz_cookies")) == before
    [backup] = BackupStore(paths).all()
    assert backup.status == "rolled-back"


def test_killed_between_backup_and_commit(tmp_path: Path, paths: AppPaths) -> None:
    store = chromium_store(tmp_path)
    before = rows(store.path)
    env = {
        **os.environ,
        FAULT_VARIABLE: "kill-after-backup",
        "COOKIE_INSPECTOR_HOME": str(paths.data_dir.parent),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "inspector",
            "delete",
            "--trackers",
            "--yes",
            "--store",
            str(store.path),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert rows(store.path) == before  # SQLite rolled the open transaction back
    [backup] = BackupStore(paths).all()
    assert backup.status == "prepared"  # no outcome yet: settled from the store next time
    assert not backup.scrubbed
    [settled] = history(paths)
    assert settled.status == "interrupted"  # the rows are all there: nothing was deleted
    assert settled.scrubbed  # so the values are no longer kept
    assert BackupStore(paths).latest_undoable() is None
