"""Kill -9 at any moment of a deletion (and of an undo): nothing is ever lost.

Real subprocesses of the command line delete the trackers from two large stores (Chromium and
Firefox with its session store, given by relative paths) and are killed with SIGKILL at many
moments spread over the whole run — during the scan, while the backup is written, between a
store's commit and the bookkeeping. Each time, ``undo`` run from another working folder puts
back every deleted row exactly (every column, Firefox ids included), or — when the kill came
before anything was deleted — says there is nothing to undo and the stores are unchanged. The
history never keeps a deletion in an unknown state.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inspector.stores import mozlz4
from tests.support.storefactory import FakeCookie, make_chromium_store, make_firefox_store

ROOT = Path(__file__).resolve().parents[2]
COOKIES = 2500  # per store; two thirds are trackers. Sized for well under a minute in CI.
CHROMIUM = Path("chromium/Default/Cookies")
FIREFOX = Path("firefox/cookies.sqlite")
FAULT = "COOKIE_INSPECTOR_FAULT"

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL is a POSIX signal")


def build(folder: Path) -> None:
    rng = random.Random(13)
    names = ["_ga", "_gid", "_fbp", "PHPSESSID", "OptanonConsent", "lang", "sid", "_gcl_au"]
    cookies = [
        FakeCookie(
            f".site{i // 8}.example" if i % 3 else ".doubleclick.net",
            names[i % 8] if i % 3 else f"IDE{i}",
            value=f"value-{i}-{rng.random()}",
            http_only=bool(i % 2),
            same_site=i % 3 - 1,
        )
        for i in range(COOKIES)
    ]
    make_chromium_store(folder / CHROMIUM, cookies)
    make_firefox_store(folder / FIREFOX, cookies)
    session = {
        "cookies": [
            {"host": f".site{i}.example", "name": "_gid", "value": f"s{i}", "path": "/"}
            for i in range(50)
        ]
        + [{"host": "site1.example", "name": "sid", "value": "keep", "path": "/"}]
    }
    (folder / FIREFOX).with_name("sessionstore.jsonlz4").write_bytes(
        mozlz4.compress(json.dumps(session).encode())
    )


def state(folder: Path) -> tuple[object, ...]:
    """Every row of both stores with every column, and the session cookies."""
    tables = []
    for path, table in ((CHROMIUM, "cookies"), (FIREFOX, "moz_cookies")):
        with sqlite3.connect(folder / path) as connection:
            tables.append(sorted(connection.execute(f"SELECT * FROM {table}"), key=repr))
    session = (folder / FIREFOX).with_name("sessionstore.jsonlz4")
    cookies = json.loads(mozlz4.decompress(session.read_bytes()))["cookies"]
    return (*tables, sorted(cookies, key=repr))


class Cli:
    def __init__(self, home: Path) -> None:
        self.env = {**os.environ, "COOKIE_INSPECTOR_HOME": str(home), "PYTHONPATH": str(ROOT)}
        self.env.pop(FAULT, None)
        self.backups = home / "data" / "backups"

    def start(self, cwd: Path, *argv: str, fault: str = "") -> subprocess.Popen[bytes]:
        env = {**self.env, FAULT: fault} if fault else self.env
        return subprocess.Popen(
            [sys.executable, "-m", "inspector", *argv],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def run(self, cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "inspector", *argv],
            cwd=cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def backup_files(self) -> int:
        return len(list(self.backups.iterdir())) if self.backups.is_dir() else 0


DELETE = ("delete", "--trackers", "--yes", "--store", str(CHROMIUM), "--store", str(FIREFOX))


def kill_after(process: subprocess.Popen[bytes], delay: float, cli: Cli, wait_backup: bool) -> str:
    """SIGKILL ``process`` ``delay`` seconds after its start (or after the backup folder
    gains a file); returns what happened."""
    files = cli.backup_files()
    if wait_backup:
        while cli.backup_files() == files and process.poll() is None:
            time.sleep(0.002)
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.002)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    code = process.wait()
    assert process.stderr is not None
    error = process.stderr.read().decode()
    process.stderr.close()
    assert code in (0, -signal.SIGKILL), error
    return "killed" if code else "finished"


def check_undo(cli: Cli, here: Path, elsewhere: Path, before: tuple[object, ...]) -> str:
    undone = cli.run(elsewhere, "undo")
    if undone.returncode:  # the kill came before anything was deleted
        assert "no deletion to undo" in undone.stderr, undone.stderr
    assert state(here) == before, "rows were lost or changed"
    history = json.loads(cli.run(elsewhere, "undo", "--list", "--json").stdout)
    assert {entry["status"] for entry in history} <= {"interrupted", "undone", "rolled-back"}
    assert not [p for p in cli.backups.iterdir() if p.name.endswith(".tmp")]
    return "undone" if undone.returncode == 0 else "nothing"


def test_kill_at_any_moment_then_undo_from_elsewhere(tmp_path: Path) -> None:
    here, elsewhere = tmp_path / "here", tmp_path / "elsewhere"
    build(here)
    elsewhere.mkdir()
    before = state(here)
    cli = Cli(tmp_path / "home")

    started = time.monotonic()  # calibration: one uninterrupted run, timed
    process = cli.start(here, *DELETE)
    while cli.backup_files() == 0 and process.poll() is None:
        time.sleep(0.002)
    backup_at = time.monotonic() - started
    assert kill_after(process, 120, cli, wait_backup=False) == "finished"
    total = time.monotonic() - started
    assert state(here) != before
    assert check_undo(cli, here, elsewhere, before) == "undone"

    rng = random.Random(2026)
    outcomes = []
    # spread over the whole run: scan, plan, backup, commits, bookkeeping
    for fraction in (0.2, 0.5, 0.8, 0.9, 0.97):
        process = cli.start(here, *DELETE)
        outcomes.append(kill_after(process, fraction * total, cli, wait_backup=False))
        outcomes.append(check_undo(cli, here, elsewhere, before))
    # spread over the deletion itself: from the first backup byte to the end
    for _ in range(5):
        process = cli.start(here, *DELETE)
        delay = rng.uniform(0, max(total - backup_at, 0.05))
        outcomes.append(kill_after(process, delay, cli, wait_backup=True))
        outcomes.append(check_undo(cli, here, elsewhere, before))
    # exactly between a store's commit and the bookkeeping, and right after the backup
    for point in ("after-commit-0", "after-commit-1", "after-backup"):
        process = cli.start(here, *DELETE, fault=f"kill-{point}")
        outcomes.append(kill_after(process, 120, cli, wait_backup=False))
        outcomes.append(check_undo(cli, here, elsewhere, before))
    # an undo killed at any moment is finished by the next undo
    for fraction in (0.3, 0.7):
        assert cli.run(here, *DELETE).returncode == 0
        started = time.monotonic()
        undoing = cli.start(elsewhere, "undo")
        outcomes.append(kill_after(undoing, fraction * total * 0.6, cli, wait_backup=False))
        outcomes.append(check_undo(cli, here, elsewhere, before) if state(here) != before else "")
        assert state(here) == before

    print(f"run {total:.2f} s, backup from {backup_at:.2f} s:", outcomes)
    # the timed kills depend on the machine's load (a fast run may finish first); the three
    # fault points always kill: two after a commit (undone), one before any (nothing)
    assert outcomes.count("killed") >= 8, outcomes
    assert outcomes.count("undone") >= 3, outcomes
    assert outcomes.count("nothing") >= 1, outcomes
