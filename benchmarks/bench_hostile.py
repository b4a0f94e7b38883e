"""Hostile input, timed: stores full of the worst consent values and hosts a site or a crafted
file can hold, scanned end to end by the real command in a fresh process.

Run: ``.venv/bin/python benchmarks/bench_hostile.py [--cookies 1000] [--repeat 1]``

For each store (Chromium and Firefox, values in clear): its size on disk, ``scan --json``'s
wall time and the child's peak resident memory (``wait4``), and the same for
``scan --json --show-values --explain``. The values come from ``tests/support/hostile.py``
(TCF strings of 600 publisher restrictions over every vendor, which once took 1.9 GB for one
cookie; 48,000-bit vendor bitfields; JSON and JavaScript literals nested 5,000 deep; 16 KB of
OneTrust groups ...), cycled over ``--cookies`` cookies on distinct sites, plus hosts of
thousands of labels. The target (issue #12): peak memory under 500 MB for any store under
50 MB. Nothing is asserted; the figures are printed, then the decoders one by one (time and
tracemalloc peak of a single decode).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.hostile import consent_values, hosts  # noqa: E402
from tests.support.storefactory import (  # noqa: E402
    FakeCookie,
    make_chromium_store,
    make_firefox_store,
)


def hostile_cookies(count: int) -> list[FakeCookie]:
    values = consent_values()
    cookies = []
    for i in range(count):
        name, value = values[i % len(values)]
        cookies.append(FakeCookie(f"site{i}.example", name, value=value))
    cookies += [FakeCookie(host, f"odd{i}") for i, host in enumerate(hosts())]
    return cookies


def run(argv: list[str], home: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and exit status of one child."""
    environment = dict(os.environ, COOKIE_INSPECTOR_HOME=str(home))
    environment.pop("PYTHONUNBUFFERED", None)
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "inspector", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=environment,
        cwd=ROOT,
    )
    assert child.stderr is not None
    error = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if b"Traceback" in error:
        print(error.decode(errors="replace"))
    return seconds, usage.ru_maxrss / 1024, child.returncode


def decoders_one_by_one() -> None:
    from inspector.consent.decode import decode_consent
    from inspector.consent.vendorlist import load_vocabulary

    vocabulary = load_vocabulary()
    print("\nOne decode each (time, tracemalloc peak, outcome):")
    for name, value in consent_values():
        tracemalloc.start()
        start = time.perf_counter()
        record = decode_consent(name, value, vocabulary=vocabulary)
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        outcome = "-" if record is None else "read" if record.readable else "not readable"
        print(f"  {name:22} {len(value):6} B {seconds * 1000:8.1f} ms {peak:7.2f} MiB  {outcome}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cookies", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    cookies = hostile_cookies(args.cookies)
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as folder:
        base = Path(folder)
        stores = {
            "Chromium": make_chromium_store(base / "chromium" / "Default" / "Cookies", cookies),
            "Firefox": make_firefox_store(base / "firefox" / "cookies.sqlite", cookies),
        }
        print(f"{len(cookies):,} cookies: {args.cookies:,} hostile consent values, the rest hosts")
        print(f"{'store':9} {'size':>9} {'command':42} {'time':>8} {'peak RSS':>10} exit")
        for label, path in stores.items():
            size = path.stat().st_size / 2**20
            for extra in ([], ["--show-values", "--explain"]):
                command = ["scan", "--json", "--store", str(path), *extra]
                runs = [run(command, base / "home") for _ in range(args.repeat)]
                seconds = statistics.median(r[0] for r in runs)
                peak = max(r[1] for r in runs)
                shown = " ".join(["scan --json", *extra])
                print(
                    f"{label:9} {size:7.1f}MB {shown:42} {seconds:7.2f}s {peak:8.0f}MB "
                    f"{runs[0][2]:>4}"
                )
    decoders_one_by_one()


if __name__ == "__main__":
    main()
