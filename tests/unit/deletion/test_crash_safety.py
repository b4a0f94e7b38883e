"""A deletion is recoverable whatever instant its process dies; undo finds the very store the
cookies came from; the program's own files are private and never follow planted links."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from inspector.deletion.apply import FAULT_VARIABLE, execute, history, undo
from inspector.deletion.backup import BackupError, BackupStore
from inspector.deletion.lock import DeletionBusyError, deletion_lock
from inspector.deletion.plan import Selection, make_plan
from inspector.document import EXIT_FAILED
from inspector.paths import AppPaths, UnsafePathError
from inspector.settings import Settings, load_settings, save_settings
from inspector.stores import mozlz4
from inspector.stores.snapshot import remove_stale, sqlite_snapshot
from tests.support.storefactory import FakeCookie, make_chromium_store
from tests.unit.deletion.test_delete import analysis_of, chromium_store, firefox_store

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM_REL = Path("chromium/Default/Cookies")
FIREFOX_REL = Path("firefox/cookies.sqlite")


@pytest.fixture
def paths(private_home: Path) -> AppPaths:
    return AppPaths.resolve(private_home)


def table(path: Path) -> list[tuple[object, ...]]:
    """Every row, every column (Firefox's id included)."""
    name = "moz_cookies" if path.name == "cookies.sqlite" else "cookies"
    with sqlite3.connect(path) as connection:
        return sorted(connection.execute(f"SELECT * FROM {name}").fetchall(), key=repr)


def session_cookies(profile: Path) -> list[dict[str, object]]:
    data = json.loads(mozlz4.decompress((profile / "sessionstore.jsonlz4").read_bytes()))
    return sorted(data["cookies"], key=repr)


def cli(cwd: Path, home: Path, *argv: str, fault: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COOKIE_INSPECTOR_HOME": str(home), "PYTHONPATH": str(ROOT)}
    env.pop(FAULT_VARIABLE, None)
    if fault:
        env[FAULT_VARIABLE] = fault
    return subprocess.run(
        [sys.executable, "-m", "inspector", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def two_stores(folder: Path, value: str = "v") -> None:
    chromium_store(folder)
    firefox_store(folder)
    if value != "v":  # a different profile at the same relative place
        with sqlite3.connect(folder / CHROMIUM_REL) as connection:
            connection.execute("UPDATE cookies SET value = ?", (value,))


def state(folder: Path) -> tuple[object, ...]:
    return (
        table(folder / CHROMIUM_REL),
        table(folder / FIREFOX_REL),
        session_cookies(folder / "firefox"),
    )


@pytest.mark.parametrize(
    ("point", "status"),
    [
        ("before-commit-0", "interrupted"),
        ("after-commit-0", "applied"),  # between the first commit and the second
        ("after-commit-1", "applied"),  # between the last commit and the bookkeeping
    ],
)
def test_killed_at_each_step_then_undo_from_another_folder(
    tmp_path: Path, private_home: Path, point: str, status: str
) -> None:
    here, elsewhere = tmp_path / "here", tmp_path / "elsewhere"
    two_stores(here)
    two_stores(elsewhere, value="another profile")  # same relative paths, other cookies
    before, other = state(here), state(elsewhere)
    relative = ("--store", str(CHROMIUM_REL), "--store", str(FIREFOX_REL))
    killed = cli(
        here, private_home, "delete", "--trackers", "--yes", *relative, fault=f"kill-{point}"
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    listed = cli(elsewhere, private_home, "undo", "--list", "--json")
    [entry] = json.loads(listed.stdout)
    assert entry["status"] == status  # the history tells what really happened
    assert all(Path(p).is_absolute() for p in entry["stores"])

    undone = cli(elsewhere, private_home, "undo")
    if status == "interrupted":
        assert undone.returncode != 0 and "no deletion to undo" in undone.stderr
    else:
        assert undone.returncode == 0, undone.stderr
    assert state(here) == before  # every row back, every column, ids included
    assert state(elsewhere) == other  # the other profile at the same relative path untouched
    [entry] = json.loads(cli(elsewhere, private_home, "undo", "--list", "--json").stdout)
    assert entry["status"] == ("interrupted" if status == "interrupted" else "undone")
    backup_file = private_home / "data" / "backups" / f"{entry['id']}.json"
    assert b"GA1.1.5.6" not in backup_file.read_bytes()  # values scrubbed once not needed


def test_undo_killed_halfway_is_finished_by_the_next_undo(
    tmp_path: Path, private_home: Path
) -> None:
    two_stores(tmp_path)
    before = state(tmp_path)
    relative = ("--store", str(CHROMIUM_REL), "--store", str(FIREFOX_REL))
    assert cli(tmp_path, private_home, "delete", "--trackers", "--yes", *relative).returncode == 0
    killed = cli(tmp_path, private_home, "undo", fault="kill-after-undo-store")
    assert killed.returncode == -signal.SIGKILL
    assert state(tmp_path) != before  # only the first store is back
    again = cli(tmp_path.parent, private_home, "undo")
    assert again.returncode == 0, again.stderr
    assert state(tmp_path) == before
    killed = cli(tmp_path, private_home, "undo", fault="kill-after-undone")
    assert "no deletion to undo" in killed.stderr


def test_undo_killed_before_scrubbing_is_scrubbed_next_time(
    tmp_path: Path, private_home: Path, paths: AppPaths
) -> None:
    store = chromium_store(tmp_path)
    result = execute(make_plan(analysis_of(store), Selection(trackers=True)), paths, "t")
    killed = cli(tmp_path, private_home, "undo", fault="kill-after-undone")
    assert killed.returncode == -signal.SIGKILL
    backup_file = paths.backups_dir / f"{result.backup_id}.json"
    assert b"GA1.1.5.6" in backup_file.read_bytes()
    [settled] = history(paths)
    assert settled.status == "undone" and settled.scrubbed and settled.count == 3
    assert b"GA1.1.5.6" not in backup_file.read_bytes()


def test_undo_refuses_a_store_that_is_not_the_one_deleted_from(
    tmp_path: Path, paths: AppPaths
) -> None:
    store = chromium_store(tmp_path)
    execute(make_plan(analysis_of(store), Selection(trackers=True)), paths, "t")
    profile = store.path.parent
    shutil.move(profile, tmp_path / "moved-away")
    make_chromium_store(profile / "Cookies", [FakeCookie(".other.example", "sid")])
    replaced = table(profile / "Cookies")
    with pytest.raises(BackupError) as caught:
        undo(paths)
    assert "not the store these cookies were deleted from" in caught.value.describe()
    assert table(profile / "Cookies") == replaced
    assert BackupStore(paths).latest_undoable() is not None  # still undoable later


def test_firefox_undo_keeps_ids_and_safari_gets_its_bytes_back(
    tmp_path: Path, paths: AppPaths
) -> None:
    store = firefox_store(tmp_path)
    before = table(store.path)
    execute(make_plan(analysis_of(store), Selection(trackers=True)), paths, "t")
    with sqlite3.connect(store.path) as connection:  # the browser adds a cookie meanwhile
        connection.execute(
            "INSERT INTO moz_cookies (originAttributes, name, value, host, path) "
            "VALUES ('', 'new', 'n', 'new.example', '/')"
        )
    undo(paths)
    after = [row for row in table(store.path) if row[2] != "new"]
    assert after == before  # same ids, every column


def test_safari_undo_gives_back_the_same_bytes(tmp_path: Path, paths: AppPaths) -> None:
    from tests.unit.deletion.test_safari import safari_store

    store = safari_store(tmp_path)
    original = store.path.read_bytes()
    execute(make_plan(analysis_of(store), Selection(trackers=True)), paths, "t")
    assert store.path.read_bytes() != original
    undo(paths)
    assert store.path.read_bytes() == original
    [backup] = BackupStore(paths).all()
    assert backup.scrubbed and all(p.safari_original is None for p in backup.stores)


def test_a_planted_link_at_the_backup_folder_is_refused(tmp_path: Path, paths: AppPaths) -> None:
    store = chromium_store(tmp_path)
    before = store.path.read_bytes()
    target = tmp_path / "somewhere-else"
    target.mkdir(mode=0o755)
    target.chmod(0o755)
    paths.data_dir.mkdir(parents=True)
    paths.backups_dir.symlink_to(target)
    with pytest.raises(UnsafePathError) as caught:
        execute(make_plan(analysis_of(store), Selection(trackers=True)), paths, "t")
    assert "symbolic link" in caught.value.describe()
    assert list(target.iterdir()) == [] and (target.stat().st_mode & 0o777) == 0o755
    assert store.path.read_bytes() == before


def test_planted_links_at_settings_and_lock_are_refused(tmp_path: Path, paths: AppPaths) -> None:
    secret = tmp_path / "elsewhere.json"
    secret.write_text('{"keep_sites": ["x.example"]}')
    paths.config_dir.mkdir(parents=True)
    paths.settings_file.symlink_to(secret)
    with pytest.raises(UnsafePathError):
        load_settings(paths.settings_file)
    with pytest.raises(UnsafePathError):
        save_settings(paths.settings_file, Settings())
    assert secret.read_text() == '{"keep_sites": ["x.example"]}'
    paths.data_dir.mkdir(parents=True)
    paths.lock_file.symlink_to(tmp_path / "lock-target")
    with pytest.raises(UnsafePathError), deletion_lock(paths):
        pass
    assert not (tmp_path / "lock-target").exists()


def test_own_files_are_private(tmp_path: Path, paths: AppPaths) -> None:
    save_settings(paths.settings_file, Settings())
    store = chromium_store(tmp_path)
    result = execute(make_plan(analysis_of(store), Selection(trackers=True)), paths, "t")
    for folder in (paths.config_dir, paths.data_dir, paths.backups_dir):
        assert folder.stat().st_mode & 0o777 == 0o700, folder
    for file in (
        paths.settings_file,
        paths.lock_file,
        paths.backups_dir / f"{result.backup_id}.json",
        paths.backups_dir / f"{result.backup_id}.state",
    ):
        assert file.stat().st_mode & 0o777 == 0o600, file


def test_one_deletion_at_a_time(tmp_path: Path, private_home: Path, paths: AppPaths) -> None:
    store = chromium_store(tmp_path)
    before = store.path.read_bytes()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from inspector.deletion.lock import deletion_lock\n"
            "from inspector.paths import AppPaths\n"
            "with deletion_lock(AppPaths.resolve()):\n"
            "    print('held', flush=True)\n"
            "    time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        second = cli(
            tmp_path, private_home, "delete", "--trackers", "--yes", "--store", str(CHROMIUM_REL)
        )
        assert second.returncode == EXIT_FAILED  # not 4: no browser is running
        assert "Another deletion or undo is running" in second.stderr
        assert f"process {holder.pid}" in second.stderr
        assert "browser" not in second.stderr
        assert store.path.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    with deletion_lock(paths), pytest.raises(DeletionBusyError):  # free again, for one thread
        threaded_attempt(paths)


def threaded_attempt(paths: AppPaths) -> None:
    """Another thread of this process asking while this one holds the lock."""
    import threading

    errors: list[BaseException] = []

    def attempt() -> None:
        try:
            with deletion_lock(paths):
                pass
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=attempt)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def test_a_snapshot_left_by_a_killed_scan_is_removed_next_time(tmp_path: Path) -> None:
    store = chromium_store(tmp_path)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from inspector.stores.snapshot import sqlite_snapshot\n"
        "with sqlite_snapshot(Path(sys.argv[1])):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = {**os.environ, "TMPDIR": str(scratch), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(store.path)], env=env, timeout=60, check=False
    )
    assert done.returncode == -signal.SIGKILL
    [left] = list(scratch.iterdir())
    assert left.name.startswith(f"cookie-inspector-snap-{done.args and ''}")
    assert any(left.iterdir())  # a full copy of the store, values included
    live = scratch / f"cookie-inspector-snap-{os.getpid()}-live"
    live.mkdir()
    assert remove_stale(scratch) == 1
    assert list(scratch.iterdir()) == [live]  # a running process's copy is left alone
    with sqlite_snapshot(store.path) as connection:
        assert connection.execute("SELECT count(*) FROM cookies").fetchone()[0] == 7
