"""Two checkouts of the program, the same commands, run alternately: what a change changed.

On a shared machine the speed of the whole machine moves by 20 % or more from one minute to
the next, so a table made from one run of each checkout can say a change made things slower
when it made them faster. Here each command is run from checkout A, then B, then B, then A…
(a first, unmeasured run of each fills its own data folder's caches, as a person's second
launch finds them), and the medians are printed side by side with their ratio, then every
run, so that the spread can be seen.

Run: ``.venv/bin/python benchmarks/compare.py BEFORE_TREE AFTER_TREE [--stores DIR]
[--only scan,table,html,json,csv,window] [--family chromium,firefox] [--runs 3] [--size 100000]``

``BEFORE_TREE`` and ``AFTER_TREE`` are checkouts (``git worktree add /tmp/before REV``); the
stores are those of ``bench_e2e.py`` (built in ``--stores`` if missing). Each child process
gets ``PYTHONPATH`` set to its tree, so both use this venv's dependencies; ``PYTHONUNBUFFERED``
is removed, as a person's shell does not set it. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_e2e  # noqa: E402


@dataclass(frozen=True)
class Measured:
    seconds: float
    cpu_seconds: float
    peak_mb: float
    first_figures: float | None = None  # the window only: launch to its first figures
    failed: bool = False


def _environment(tree: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    environment["PYTHONPATH"] = str(tree)
    environment.setdefault("QT_QPA_PLATFORM", "offscreen")
    return environment


def run_command(tree: Path, arguments: Sequence[str]) -> Measured:
    start = time.perf_counter()
    child = subprocess.Popen(
        list(arguments),
        env=_environment(tree),
        cwd=tempfile.gettempdir(),  # never a folder holding another `inspector` package
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    failed = os.waitstatus_to_exitcode(status) not in (0, 3)  # 3: some stores not read
    return Measured(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, None, failed)


def run_window(tree: Path, home: Path, store: Path) -> Measured:
    """The window from launch to its lists filled; the first figures' moment too."""
    events = Path(tempfile.mkstemp(prefix="compare-marks-")[1])
    environment = _environment(tree)
    environment["COOKIE_INSPECTOR_TIMINGS"] = str(events)
    program = [sys.executable, "-m", "inspector", "--home", str(home), "gui", "--store", str(store)]
    start = time.time()
    child = subprocess.Popen(
        program,
        env=environment,
        cwd=tempfile.gettempdir(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    marks: dict[str, float] = {}
    deadline = time.monotonic() + 600
    while "populated" not in marks and time.monotonic() < deadline:
        time.sleep(0.01)
        for line in events.read_text().splitlines():
            name, _, moment = line.partition(" ")
            marks.setdefault(name, float(moment) - start)
    child.kill()
    _pid, _status, usage = os.wait4(child.pid, 0)
    events.unlink(missing_ok=True)
    return Measured(
        marks.get("populated", float("nan")),
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        marks.get("partial", marks.get("overview")),
        "populated" not in marks,
    )


def cases(store: Path, family: str, only: set[str]) -> dict[str, Callable[[Path, Path], Measured]]:
    def command(*arguments: str) -> Callable[[Path, Path], Measured]:
        def run(tree: Path, home: Path) -> Measured:
            program = [sys.executable, "-m", "inspector", "--home", str(home)]
            return run_command(tree, [*program, *arguments])

        return run

    found: dict[str, Callable[[Path, Path], Measured]] = {}
    if "scan" in only:
        found[f"scan --json ({family})"] = command("scan", "--json", "--store", str(store))
    if "table" in only:
        found[f"scan, table ({family})"] = command("scan", "--store", str(store))
    for kind in ("html", "json", "csv"):
        if kind in only:
            output = Path(tempfile.gettempdir()) / f"compare-report.{kind}"
            found[f"report --format {kind} ({family})"] = command(
                "report", "--format", kind, "--store", str(store), "-o", str(output)
            )
    if "window" in only:
        found[f"window, launch to lists filled ({family})"] = lambda tree, home: run_window(
            tree, home, store
        )
    return found


def compare(
    trees: dict[str, Path], name: str, case: Callable[[Path, Path], Measured], runs: int
) -> None:
    homes = {label: Path(tempfile.mkdtemp(prefix=f"compare-{label}-")) for label in trees}
    for label, tree in trees.items():
        case(tree, homes[label])  # fills that data folder's caches: not measured
    found: dict[str, list[Measured]] = {label: [] for label in trees}
    labels = list(trees)
    for index in range(runs):
        for label in labels if index % 2 == 0 else labels[::-1]:
            found[label].append(case(trees[label], homes[label]))
    before, after = (statistics.median(m.seconds for m in found[label]) for label in labels)
    print(f"\n{name}")
    for label in labels:
        measured = found[label]
        line = (
            f"  {label:<7} {statistics.median(m.seconds for m in measured):7.2f} s"
            f"  (CPU {statistics.median(m.cpu_seconds for m in measured):.2f} s)"
            f"  peak {statistics.median(m.peak_mb for m in measured):6.0f} MB"
        )
        firsts = [m.first_figures for m in measured if m.first_figures is not None]
        if firsts:
            line += f"  first figures {statistics.median(firsts):.2f} s"
        line += "   runs: " + ", ".join(f"{m.seconds:.2f}" for m in measured)
        if any(m.failed for m in measured):
            line += "   ! a run failed"
        print(line)
    print(f"  after / before: {after / before:.2f}×", flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--stores", type=Path, default=Path(tempfile.gettempdir()) / "bench")
    parser.add_argument("--only", default="scan,table,html,json,csv,window")
    parser.add_argument("--family", default="chromium,firefox")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args(argv)
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    for tree in trees.values():
        compileall.compile_dir(tree / "inspector", quiet=1)  # as an installed program is
    only = set(args.only.split(","))
    for family in [f for f in args.family.split(",") if f]:
        store = bench_e2e.build(args.stores, family, args.size)
        for name, case in cases(store, family, only).items():
            compare(trees, name, case, args.runs)


if __name__ == "__main__":
    main()
