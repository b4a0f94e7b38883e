"""What a user runs, timed end to end: each command is a fresh process, from its start to its
result, with the peak memory (RSS) of that process, against a baseline run in the same session.

Run: ``.venv/bin/python benchmarks/bench_e2e.py [--sizes 10000,100000] [--million]
[--only scan,window,delete,reports,pdf] [--family chromium,firefox] [--repeat 3] [--markdown]``

- ``scan --json`` and ``scan`` (the table) against browser-cookie3's bare load of the same
  store (``browser_cookie3.chromium(cookie_file=...)``: read and decrypt, nothing else);
  ``scan --json`` also with the classification cache removed first (a first run).
- the window (``cookie-inspector gui``) from process start to its first figures shown (the
  overview and cookie list of the cookies classified so far, ``partial``; the final overview
  when every cookie was classified at once), to its overview final (every cookie classified,
  ``overview``) and to its lists filled (``populated``) (``inspector.timings`` marks),
  against a bare ``QTableView`` over the same rows read with ``sqlite3``
  (``e2e_bare_table.py``); filter keystrokes and the *Delete trackers* dialog inside the real
  window (``e2e_window_probe.py``).
- ``delete --trackers --yes``, then ``undo``, then ``scan --json`` again (a copy of the store).
- ``report --format html|json|csv`` (and ``pdf`` at 10,000 cookies, or every size with
  ``--pdf-all``).

The checkout is compiled to bytecode first, as an installed program is. Medians of
``--repeat`` runs (one at 1,000,000). Peak memory is the child's maximum resident
set (``wait4``), in MB, and per cookie. ``PYTHONUNBUFFERED`` is removed from the children's
environment, as a user's shell does not set it. Nothing here is asserted: the figures are
printed. On Linux browser-cookie3 needs a D-Bus session, so the script re-runs itself under
``dbus-run-session`` when one is available.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import e2e_stores  # noqa: E402

PROGRAM = [sys.executable, "-m", "inspector"]
BC3 = (
    "import sys, browser_cookie3\n"
    "load = getattr(browser_cookie3, sys.argv[1])\n"
    "jar = load(cookie_file=sys.argv[2])\n"
    "print(len(jar))\n"
)
GROUPS = ("scan", "window", "delete", "reports", "pdf")


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    cpu_seconds: float
    code: int
    events: dict[str, float]
    output: str


def child_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    environment.setdefault("QT_QPA_PLATFORM", "offscreen")
    environment["PYTHONPATH"] = str(ROOT)
    environment.update(extra or {})
    return environment


def run_child(
    command: Sequence[str],
    *,
    stdout: Path | None = None,
    wait_for: str | None = None,
    timeout: float = 1800,
    extra_env: dict[str, str] | None = None,
) -> Run:
    """Start ``command``, wait for it to end (or, with ``wait_for``, for that timing mark and
    then stop it); the time is from just before the start to the end or the mark."""
    with tempfile.NamedTemporaryFile("w+", suffix=".timings", delete=False) as marks:
        marks_path = Path(marks.name)
    environment = child_environment(
        {"COOKIE_INSPECTOR_TIMINGS": str(marks_path), **(extra_env or {})}
    )
    out = stdout.open("wb") if stdout else subprocess.DEVNULL
    errors = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        start_wall, start = time.time(), time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=errors, env=environment)
        if wait_for is not None:
            deadline = start + timeout
            while time.perf_counter() < deadline and process.poll() is None:
                if wait_for in _events(marks_path):
                    break
                time.sleep(0.005)
            if process.poll() is None:
                process.terminate()
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if wait_for is not None and wait_for in _events(marks_path):
            process.returncode = 0  # stopped on purpose once it got there
        seconds = time.perf_counter() - start
        events = {k: v - start_wall for k, v in _events(marks_path).items()}
        if wait_for is not None and wait_for in events:
            seconds = events[wait_for]
        errors.seek(0)
        message = errors.read().decode("utf-8", "replace")
    finally:
        if stdout:
            out.close()  # type: ignore[union-attr]
        errors.close()
        marks_path.unlink(missing_ok=True)
    peak = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, peak, cpu, process.returncode, events, message)


def _events(path: Path) -> dict[str, float]:
    found: dict[str, float] = {}
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            event, _, moment = line.partition(" ")
            found.setdefault(event, float(moment))
    except (OSError, ValueError):
        pass
    return found


@dataclass
class Figure:
    what: str
    cookies: int
    seconds: float | None
    peak_mb: float | None
    baseline: str = ""
    baseline_seconds: float | None = None
    baseline_peak_mb: float | None = None
    note: str = ""
    cpu: float | None = None
    baseline_cpu: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.seconds is None or not self.baseline_seconds:
            return None
        return self.seconds / self.baseline_seconds


class Bench:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.figures: list[Figure] = []
        self.cpu = 0.0

    def median(self, make: Callable[[], Run], repeat: int) -> tuple[Run, float, float]:
        """The last run, and the median time and peak memory; the median CPU time is kept
        in ``self.cpu`` (figures are stabler in CPU time on a shared machine)."""
        runs = [make() for _ in range(repeat)]
        failed = [run for run in runs if run.code not in (0, 3)]
        if failed:
            print(f"    ! exit status {failed[0].code}: {failed[0].output.strip()[-400:]}")
        self.cpu = statistics.median(r.cpu_seconds for r in runs)
        return (
            runs[-1],
            statistics.median(r.seconds for r in runs),
            statistics.median(r.peak_mb for r in runs),
        )

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        print("  " + line(figure), flush=True)

    def home(self) -> Path:
        home = Path(tempfile.mkdtemp(dir=self.work, prefix="home-"))
        return home

    # -- groups ---------------------------------------------------------------------------

    def scan(self, family: str, store: Path, count: int, repeat: int) -> None:
        home = self.home()
        output = self.work / "scan.json"
        _, bc3_seconds, bc3_peak = self.median(
            lambda: run_child([sys.executable, "-c", BC3, family, str(store)]), repeat
        )
        bc3_cpu = self.cpu
        base = f"browser-cookie3 {family}() bare load"
        cache = home / "data" / "cache"  # inspector.classcache under --home

        def scan_json(first: bool) -> Run:
            if first:
                shutil.rmtree(cache, ignore_errors=True)
            return run_child(
                [*PROGRAM, "--home", str(home), "scan", "--json", "--store", str(store)],
                stdout=output,
            )

        _, seconds, peak = self.median(lambda: scan_json(True), repeat)
        self.add(
            Figure(
                f"scan --json, first run ({family})",
                count,
                seconds,
                peak,
                base,
                bc3_seconds,
                bc3_peak,
                cpu=self.cpu,
                baseline_cpu=bc3_cpu,
            )
        )
        scan_json(False)  # the cache is filled now
        _, seconds, peak = self.median(lambda: scan_json(False), repeat)
        self.add(
            Figure(
                f"scan --json ({family})",
                count,
                seconds,
                peak,
                base,
                bc3_seconds,
                bc3_peak,
                cpu=self.cpu,
                baseline_cpu=bc3_cpu,
            )
        )
        _, seconds, peak = self.median(
            lambda: run_child(
                [*PROGRAM, "--home", str(home), "scan", "--store", str(store)],
                stdout=self.work / "scan.txt",
            ),
            repeat,
        )
        self.add(
            Figure(
                f"scan, table ({family})",
                count,
                seconds,
                peak,
                base,
                bc3_seconds,
                bc3_peak,
                cpu=self.cpu,
                baseline_cpu=bc3_cpu,
            )
        )

    def window(self, family: str, store: Path, count: int, repeat: int) -> None:
        home = self.home()
        _, bare, bare_peak = self.median(
            lambda: run_child(
                [sys.executable, str(HERE / "e2e_bare_table.py"), str(store), family],
                wait_for="populated",
            ),
            repeat,
        )
        bare_cpu = self.cpu
        base = "bare QTableView, rows read with sqlite3"

        def launch() -> Run:
            return run_child(
                [*PROGRAM, "--home", str(home), "gui", "--store", str(store)],
                wait_for="populated",
                timeout=900,
            )

        # a first run (nothing kept from an earlier one), then the runs a person makes daily
        first = launch()
        first_marks = first.events
        self.add(
            Figure(
                f"window: launch to first figures shown, first run ({family})",
                count,
                first_marks.get("partial", first_marks.get("overview")),
                first.peak_mb,
                base,
                bare,
                bare_peak,
            )
        )
        runs = [launch() for _ in range(repeat)]
        for event, label in (
            ("partial", "first figures shown (partial)"),
            ("overview", "overview final"),
            ("populated", "lists filled"),
        ):
            # no partial mark: every cookie was classified before the first figures
            marks = [r.events for r in runs]
            if event == "partial":
                marks = [
                    {"partial": m.get("partial", m["overview"])} for m in marks if m.get("overview")
                ]
            times = [m[event] for m in marks if event in m]
            self.add(
                Figure(
                    f"window: launch to {label} ({family})",
                    count,
                    statistics.median(times) if times else None,
                    statistics.median(r.peak_mb for r in runs),
                    base,
                    bare,
                    bare_peak,
                    "" if times else f"no '{event}' mark",
                    # the process is stopped at the last mark: its CPU time is up to there
                    cpu=statistics.median(r.cpu_seconds for r in runs)
                    if event == "populated"
                    else None,
                    baseline_cpu=bare_cpu if event == "populated" else None,
                )
            )
        # in the same data folder as the launches above: the window a person uses daily
        probe = run_child(
            [sys.executable, str(HERE / "e2e_window_probe.py"), str(store), str(home)],
            stdout=self.work / "probe.json",
            timeout=900,
        )
        try:
            found = json.loads((self.work / "probe.json").read_text().strip().splitlines()[-1])
        except (ValueError, IndexError):
            print(f"    ! window probe failed: {probe.output.strip()[-400:]}")
            return
        for key, label in (
            ("keystroke_median_ms", "filter keystroke, median"),
            ("keystroke_worst_ms", "filter keystroke, worst"),
            ("dialog_open_ms", "Delete trackers dialog on screen"),
            ("dialog_preview_ms", "Delete trackers preview filled"),
            ("dialog_longest_freeze_ms", "GUI thread's longest stall (dialog)"),
        ):
            value = found.get(key)
            self.add(
                Figure(
                    f"window: {label} ({family})",
                    count,
                    None if value is None else value / 1000,
                    probe.peak_mb,
                )
            )

    def delete(self, family: str, store: Path, count: int, repeat: int) -> None:
        if family != "chromium":
            return  # one family is enough: the steps are the same
        home = self.home()
        copy_dir = self.work / "delete"
        for run_index in range(repeat):
            shutil.rmtree(copy_dir, ignore_errors=True)
            target = copy_dir / "Default" / store.name
            target.parent.mkdir(parents=True)
            shutil.copyfile(store, target)
            common = [*PROGRAM, "--home", str(home)]
            deleted = run_child([*common, "delete", "--trackers", "--yes", "--store", str(target)])
            undone = run_child([*common, "undo"])
            rescanned = run_child(
                [*common, "scan", "--json", "--store", str(target)], stdout=self.work / "re.json"
            )
            if run_index == repeat - 1:
                for label, run in (
                    ("delete --trackers --yes", deleted),
                    ("undo", undone),
                    ("scan --json after undo", rescanned),
                ):
                    if run.code not in (0, 3):
                        print(f"    ! {label}: exit {run.code}: {run.output.strip()[-300:]}")
                    self.add(
                        Figure(
                            f"{label} ({family})",
                            count,
                            run.seconds,
                            run.peak_mb,
                            cpu=run.cpu_seconds,
                        )
                    )

    def reports(
        self, family: str, store: Path, count: int, repeat: int, formats: Sequence[str]
    ) -> None:
        home = self.home()
        # a data folder warmed by an unmeasured run, as a person's is after their first scan
        # (the first run's cost is measured apart: "scan --json, first run")
        run_child([*PROGRAM, "--home", str(home), "scan", "--store", str(store)], timeout=1800)
        for fmt in formats:
            target = self.work / f"report.{fmt}"
            _, seconds, peak = self.median(
                lambda fmt=fmt, target=target: run_child(
                    [
                        *PROGRAM,
                        "--home",
                        str(home),
                        "report",
                        "--store",
                        str(store),
                        "--format",
                        fmt,
                        "-o",
                        str(target),
                    ],
                    timeout=1800,
                ),
                repeat if fmt != "pdf" else 1,
            )
            size = target.stat().st_size / 2**20 if target.exists() else 0
            self.add(
                Figure(
                    f"report --format {fmt} ({family})",
                    count,
                    seconds,
                    peak,
                    note=f"{size:.0f} MB file",
                    cpu=self.cpu,
                )
            )


def line(figure: Figure) -> str:
    def num(value: float | None, unit: str = " s") -> str:
        return "   n/a  " if value is None else f"{value:7.3f}{unit}"

    text = f"{figure.what:<52} {figure.cookies:>9,}  {num(figure.seconds)}"
    if figure.cpu is not None:
        text += f" (cpu {figure.cpu:.2f} s)"
    if figure.peak_mb is not None:
        per = figure.peak_mb * 2**20 / figure.cookies / 1024
        text += f"  peak {figure.peak_mb:7.1f} MB ({per:5.2f} KB/cookie)"
    if figure.baseline_seconds is not None:
        text += f"  | {figure.baseline}: {num(figure.baseline_seconds)}"
        text += f", peak {figure.baseline_peak_mb:6.1f} MB"
        if figure.ratio is not None:
            text += f"  → {figure.ratio:.2f}×"
        if figure.cpu is not None and figure.baseline_cpu:
            text += f" (cpu {figure.baseline_cpu:.2f} s → {figure.cpu / figure.baseline_cpu:.2f}×)"
    if figure.note:
        text += f"  ({figure.note})"
    return text


def markdown(figures: list[Figure]) -> str:
    rows = [
        "| what | cookies | time (CPU) | peak memory | baseline, same run: time (CPU), peak "
        "| ratio (CPU ratio) |",
        "|---|---:|---:|---:|---|---:|",
    ]
    for f in figures:
        time_text = "n/a" if f.seconds is None else f"{f.seconds:.2f} s"
        if (
            f.seconds is not None
            and f.seconds < 1
            and "window:" in f.what
            and "launch" not in f.what
        ):
            time_text = f"{f.seconds * 1000:.0f} ms"
        if f.cpu is not None:
            time_text += f" ({f.cpu:.2f} s)"
        peak = (
            ""
            if f.peak_mb is None
            else f"{f.peak_mb:.0f} MB ({f.peak_mb * 1024 / f.cookies:.2f} KB/cookie)"
        )
        baseline = ""
        if f.baseline_seconds is not None:
            cpu = f" ({f.baseline_cpu:.2f} s)" if f.baseline_cpu is not None else ""
            baseline = f"{f.baseline}: {f.baseline_seconds:.2f} s{cpu}, {f.baseline_peak_mb:.0f} MB"
        ratio = "" if f.ratio is None else f"{f.ratio:.2f}×"
        if f.ratio is not None and f.cpu is not None and f.baseline_cpu:
            ratio += f" ({f.cpu / f.baseline_cpu:.2f}×)"
        rows.append(f"| {f.what} | {f.cookies:,} | {time_text} | {peak} | {baseline} | {ratio} |")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated cookie counts")
    parser.add_argument("--million", action="store_true", help="also 1,000,000 cookies")
    parser.add_argument("--only", default=",".join(GROUPS), help="groups: " + ", ".join(GROUPS))
    parser.add_argument("--family", default="chromium,firefox")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf-all", action="store_true", help="PDF at every size, not 10,000 only")
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    parser.add_argument("--keep", metavar="DIR", help="build (or reuse) the stores in DIR")
    args = parser.parse_args(argv)
    in_dbus_session()
    try:
        run(args)
    finally:
        _stop_keyring(os.environ.get("BENCH_NO_DBUS", ""))


def in_dbus_session() -> None:
    """On Linux, re-run this script under ``dbus-run-session`` (browser-cookie3 needs one)
    unless it already has a session; call :func:`_stop_keyring` at the end."""
    if (
        sys.platform.startswith("linux")
        and "DBUS_SESSION_BUS_ADDRESS" not in os.environ
        and shutil.which("dbus-run-session")
        and "BENCH_NO_DBUS" not in os.environ
    ):
        # what D-Bus starts for browser-cookie3 (gnome-keyring-daemon) gets a private home,
        # never the person's keyrings, and is stopped at the end (see _stop_keyring)
        private = tempfile.mkdtemp(prefix="bench-e2e-home-")
        for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            os.environ[name] = private
        os.environ["BENCH_NO_DBUS"] = private
        os.execvp("dbus-run-session", ["dbus-run-session", "--", sys.executable, *sys.argv])


def _stop_keyring(private: str) -> None:
    """Stop the keyring daemons D-Bus started for this run (found by their private home,
    so no other process is touched), and remove that home."""
    if not private.startswith(tempfile.gettempdir()):
        return
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environment = (entry / "environ").read_bytes().split(b"\0")
            command = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if command.startswith("gnome-keyring") and f"HOME={private}".encode() in environment:
            try:
                os.kill(int(entry.name), 15)
            except OSError:
                pass
    shutil.rmtree(private, ignore_errors=True)


def run(args: argparse.Namespace) -> None:
    # An installed program has its bytecode (pip and the bundle compile it). A checkout run
    # with PYTHONDONTWRITEBYTECODE set would compile every module again in every child,
    # which is not what a user runs: compile the checkout once, here.
    compileall.compile_dir(ROOT / "inspector", quiet=1)
    sizes = [int(size) for size in args.sizes.split(",") if size]
    if args.million:
        sizes.append(1_000_000)
    groups = set(args.only.split(","))
    families = [family for family in args.family.split(",") if family]
    with tempfile.TemporaryDirectory(prefix="bench-e2e-") as scratch:
        work = Path(scratch)
        stores_dir = Path(args.keep) if args.keep else work / "stores"
        bench = Bench(args, work)
        for count in sizes:
            repeat = 1 if count >= 1_000_000 else args.repeat
            for family in families:
                store = build(stores_dir, family, count)
                print(
                    f"\n{family}, {count:,} cookies ({store.stat().st_size / 2**20:.0f} MB store)"
                )
                if "scan" in groups:
                    bench.scan(family, store, count, repeat)
                if "window" in groups:
                    bench.window(family, store, count, repeat)
                if "delete" in groups:
                    bench.delete(family, store, count, repeat)
                formats = [f for f in ("html", "json", "csv") if "reports" in groups]
                if "pdf" in groups and (count <= 10_000 or args.pdf_all):
                    formats.append("pdf")
                if formats:
                    bench.reports(family, store, count, repeat, formats)
        if args.markdown:
            print("\n" + markdown(bench.figures))


def build(folder: Path, family: str, count: int) -> Path:
    if family == "chromium":
        path = folder / f"chromium-{count}" / "Default" / "Cookies"
        maker = e2e_stores.make_chromium
    else:
        path = folder / f"firefox-{count}" / "cookies.sqlite"
        maker = e2e_stores.make_firefox
    if not path.exists():
        start = time.perf_counter()
        building = path.with_name(path.name + ".building")
        building.unlink(missing_ok=True)
        maker(building, count)
        building.rename(path)
        print(f"(built {path} in {time.perf_counter() - start:.1f} s)")
    return path


if __name__ == "__main__":
    main()
