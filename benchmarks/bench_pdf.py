"""The PDF report, timed as a user runs it, against baselines run in the same session.

Run: ``.venv/bin/python benchmarks/bench_pdf.py [--sizes sample,1000,10000] [--repeat 3]``

For each store (the bundled sample data written by real browsers, then generated Chromium
stores of the given sizes, see ``e2e_stores.py``), each command is a fresh process
(``cookie-inspector report --format pdf``), timed from its start to its end, with its peak
resident memory. Baselines, same store, same session: ``scan --json`` (reading and classifying
every cookie, the floor under any report) and ``report --format html``. Prints medians of
``--repeat`` runs, the PDF's pages and size, and the ratio of the PDF to ``scan --json``.
Targets (issue 16): 10,000 cookies in under 10 s and 300 MB. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import e2e_stores  # noqa: E402
from bench_e2e import PROGRAM, Run, run_child  # noqa: E402

SAMPLE = ROOT / "resources" / "sample"
PAGE = re.compile(rb"/Type\s*/Page[^s]")


@dataclass(frozen=True)
class Median:
    seconds: float  # wall clock
    cpu_seconds: float  # the child's own CPU time: steadier on a shared machine
    peak_mb: float


def median_run(command: Callable[[], Run], repeat: int) -> Median:
    runs = [command() for _ in range(repeat)]
    failed = [run for run in runs if run.code not in (0, 3)]
    if failed:
        print(f"    ! exit {failed[0].code}: {failed[0].output.strip()[-400:]}")
    return Median(
        statistics.median(run.seconds for run in runs),
        statistics.median(run.cpu_seconds for run in runs),
        statistics.median(run.peak_mb for run in runs),
    )


def stores_for(size: str, folder: Path) -> tuple[str, list[str]]:
    if size == "sample":
        profile = next((SAMPLE / "firefox").glob("*.sample"))
        return "sample (real Chromium + Firefox)", [str(SAMPLE / "chromium"), str(profile)]
    count = int(size)
    path = folder / f"chromium-{count}" / "Default" / "Cookies"
    if not path.exists():
        e2e_stores.make_chromium(path, count)
    return f"{count:,} cookies (generated Chromium)", [str(path)]


def command(home: Path, stores: Sequence[str], *arguments: str) -> list[str]:
    options = [part for store in stores for part in ("--store", store)]
    return [*PROGRAM, "--home", str(home), arguments[0], *options, *arguments[1:]]


def measure(size: str, folder: Path, repeat: int) -> None:
    label, stores = stores_for(size, folder)
    home = folder / "home"
    home.mkdir(exist_ok=True)
    pdf, html, json_out = folder / "report.pdf", folder / "report.html", folder / "scan.json"
    scan = median_run(
        lambda: run_child(command(home, stores, "scan", "--json"), stdout=json_out), repeat
    )
    page = median_run(
        lambda: run_child(command(home, stores, "report", "--format", "html", "-o", str(html))),
        repeat,
    )
    printed = median_run(
        lambda: run_child(command(home, stores, "report", "--format", "pdf", "-o", str(pdf))),
        repeat,
    )
    data = pdf.read_bytes() if pdf.exists() else b""
    pages = len(PAGE.findall(data))
    print(f"{label}:")
    for name, run in (
        ("scan --json (baseline)", scan),
        ("report --format html", page),
        ("report --format pdf", printed),
    ):
        print(
            f"  {name:<23} {run.seconds:6.2f} s wall {run.cpu_seconds:6.2f} s CPU"
            f" {run.peak_mb:6.0f} MB peak"
        )
    print(
        f"  PDF: {pages} pages, {len(data) / 2**10:,.0f} KB; "
        f"{printed.cpu_seconds / scan.cpu_seconds:.1f}x the CPU time of scan --json"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="sample,1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as temporary:
        folder = Path(temporary)
        for size in args.sizes.split(","):
            measure(size.strip(), folder, args.repeat)


if __name__ == "__main__":
    main()
