"""Deleting the trackers from a 100,000-cookie store, then undoing it: times and peak memory.

Run: ``.venv/bin/python benchmarks/bench_delete.py [--cookies N] [--family chromium|firefox]``.

Each step runs as the command line a person would type (``delete --trackers --yes`` and
``undo``), in its own process, so the figures include start-up, scanning and classifying, the
durable backup, the transaction, the integrity check and the bookkeeping; the peak memory is
that process's own maximum resident size. An in-process breakdown follows (plan, execute,
undo) in wall and CPU time. Nothing here is asserted: it prints figures.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inspector.analysis import analyse  # noqa: E402
from inspector.classify import Classifier  # noqa: E402
from inspector.deletion.apply import execute, undo  # noqa: E402
from inspector.deletion.plan import Selection, make_plan  # noqa: E402
from inspector.document import load  # noqa: E402
from inspector.paths import AppPaths  # noqa: E402
from tests.support.storefactory import (  # noqa: E402
    NOW,
    FakeCookie,
    make_chromium_store,
    make_firefox_store,
)

TRACKERS = ["_ga", "_gid", "_fbp", "_gcl_au", "_uetsid", "_hjid", "__utma", "_clck"]
OTHERS = ["PHPSESSID", "OptanonConsent", "euconsent-v2", "lang", "session", "cart", "csrftoken"]


def cookies(count: int, seed: int = 5) -> list[FakeCookie]:
    """About half trackers, over 4,000 sites; values of realistic length."""
    rng = random.Random(seed)
    result = []
    for index in range(count):
        site = f"site{rng.randrange(4000)}.example"
        tracker = rng.random() < 0.5
        name = rng.choice(TRACKERS if tracker else OTHERS)
        result.append(
            FakeCookie(
                host=rng.choice([f".{site}", f"www.{site}"]),
                name=name if tracker or rng.random() < 0.7 else f"{name}_{index}",
                path=f"/p{index}",  # unique key: every row distinct
                value=f"GA1.2.{rng.randrange(10**9)}.{rng.randrange(10**9)}",
                expires=NOW + timedelta(days=rng.randrange(1, 400)),
            )
        )
    return result


def build(folder: Path, family: str, count: int) -> Path:
    if family == "firefox":
        return make_firefox_store(folder / "profile" / "cookies.sqlite", cookies(count))
    return make_chromium_store(folder / "Default" / "Cookies", cookies(count))


def rows(path: Path) -> int:
    table = "moz_cookies" if path.name == "cookies.sqlite" else "cookies"
    with sqlite3.connect(path) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def cli(home: Path, *argv: str) -> tuple[float, float, float]:
    """Run the command line; (wall seconds, CPU seconds, peak resident MiB). The CPU time is
    the steadier figure on a shared machine."""
    env = {**os.environ, "COOKIE_INSPECTOR_HOME": str(home), "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "inspector", *argv],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    assert process.stdout is not None and process.stderr is not None
    err = process.stderr.read().decode()
    process.stdout.read()
    process.stdout.close()
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(argv)} failed: {err}")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * scale / 2**20


def measured(function: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds, result). No memory tracing here: it would slow the step
    several times over; the command-line figures above give the peak memory."""
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - start, time.process_time() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cookies", type=int, default=100_000)
    parser.add_argument("--family", choices=["chromium", "firefox"], default="chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-delete-") as scratch:
        folder = Path(scratch)
        store = build(folder, args.family, args.cookies)
        size = store.stat().st_size / 2**20
        print(f"{args.family} store: {rows(store):,} cookies, {size:.1f} MiB")

        print("\nThe command line, each step in its own process:")
        home = folder / "home"
        took, cpu, peak = cli(home, "delete", "--trackers", "--yes", "--store", str(store))
        left = rows(store)
        print(
            f"  delete --trackers   {took:6.2f} s (CPU {cpu:5.2f} s)   peak {peak:6.1f} MiB   "
            f"{left:,} cookies left"
        )
        backup = next((home / "data" / "backups").glob("*.json"))
        print(f"  backup written      {backup.stat().st_size / 2**20:6.1f} MiB")
        took, cpu, peak = cli(home, "undo")
        print(
            f"  undo                {took:6.2f} s (CPU {cpu:5.2f} s)   peak {peak:6.1f} MiB   "
            f"{rows(store):,} cookies"
        )

        print("\nThe same steps in one process:")
        paths = AppPaths.resolve(folder / "home-2")
        classifier = Classifier()
        took, cpu, plan = measured(
            lambda: make_plan(analyse(load([str(store)]), classifier), Selection(trackers=True))
        )
        count = len(plan.delete)
        print(f"  scan + plan         {took:6.2f} s (CPU {cpu:5.2f} s)   {count:,} to go")
        took, cpu, _ = measured(lambda: execute(plan, paths, "benchmark"))
        print(f"  execute             {took:6.2f} s (CPU {cpu:5.2f} s)   backup, commit, checks")
        took, cpu, _ = measured(lambda: undo(paths))
        print(f"  undo                {took:6.2f} s (CPU {cpu:5.2f} s)")


if __name__ == "__main__":
    main()
