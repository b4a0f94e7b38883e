"""How far ``scan --json`` is from the least a CPython program could do, in the same run.

Whole programs on the same Chromium store, run alternately (each a fresh process, from its
start to its last byte written): browser-cookie3's bare load (issue 14's baseline),
``e2e_floor.py`` (read the rows, print 14 fields per cookie, classify nothing: see its
docstring), ``e2e_floor_columnar.py`` (the same output, byte for byte, through Polars and the
ADBC SQLite driver: issue 14's "vectorised path"; left out, with a line saying so, when they
are not installed) and ``cookie-inspector scan --json`` (a data folder warmed by a first,
unmeasured run). Prints medians, their ratio to browser-cookie3 and peak memory. Nothing is
asserted.

Run: ``.venv/bin/python benchmarks/floor_scan.py [--size 100000] [--runs 5] [--stores DIR]``
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_e2e  # noqa: E402


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--stores", type=Path, default=Path(tempfile.gettempdir()) / "bench")
    args = parser.parse_args(argv)
    bench_e2e.in_dbus_session()
    try:
        measure(args)
    finally:
        bench_e2e._stop_keyring(os.environ.get("BENCH_NO_DBUS", ""))


def measure(args: argparse.Namespace) -> None:
    compileall.compile_dir(bench_e2e.ROOT / "inspector", quiet=1)  # as an installed program is
    store = bench_e2e.build(args.stores, "chromium", args.size)
    home = Path(tempfile.mkdtemp(prefix="floor-home-"))
    output = Path(tempfile.mkdtemp(prefix="floor-out-")) / "out.json"
    programs = {
        "browser-cookie3 bare load": [sys.executable, "-c", bench_e2e.BC3, "chromium", str(store)],
        "floor (e2e_floor.py)": [sys.executable, str(HERE / "e2e_floor.py"), str(store)],
        "vectorised floor (Polars)": [
            sys.executable,
            str(HERE / "e2e_floor_columnar.py"),
            str(store),
        ],
        "scan --json": [
            *bench_e2e.PROGRAM,
            "--home",
            str(home),
            "scan",
            "--json",
            "--store",
            str(store),
        ],
    }
    if not _vectorised_libraries():
        del programs["vectorised floor (Polars)"]
        print("  (vectorised floor left out: pip install polars adbc-driver-sqlite)")
    bench_e2e.run_child(programs["scan --json"], stdout=output)  # fills the data folder
    runs: dict[str, list[bench_e2e.Run]] = {name: [] for name in programs}
    names = list(programs)
    for index in range(args.runs):
        for name in names if index % 2 == 0 else names[::-1]:
            run = bench_e2e.run_child(programs[name], stdout=output)
            if run.code != 0:
                print(f"! {name} failed: {run.output.strip()[-400:]}")
            runs[name].append(run)
    base = statistics.median(run.seconds for run in runs[names[0]])
    print(f"Chromium store, {args.size:,} cookies, {args.runs} runs each, alternately")
    for name in names:
        seconds = statistics.median(run.seconds for run in runs[name])
        peak = statistics.median(run.peak_mb for run in runs[name])
        every = ", ".join(f"{run.seconds:.2f}" for run in runs[name])
        print(
            f"  {name:<26} {seconds:6.2f} s  {seconds / base:5.2f}×  peak {peak:5.0f} MB"
            f"   runs: {every}"
        )
    print(f"  issue 14's target for scan --json: {base * 0.25:.2f} s (0.25×)", flush=True)


def _vectorised_libraries() -> bool:
    return all(importlib.util.find_spec(name) for name in ("polars", "adbc_driver_sqlite"))


if __name__ == "__main__":
    main()
