"""Reading old store layouts costs no more than reading today's: 100,000 cookies in a store of
each of several schema versions (built in code from the browsers' own migrations,
tests/support/schema_history.py), read by the same reader in the same process.

Run: ``.venv/bin/python benchmarks/bench_old_schemas.py [--cookies N] [--repeat R]``. Prints,
per store: the best CPU time and the best wall time of R reads, the peak memory of one read
(tracemalloc), and the ratios to the current version of the same browser (on CPU time, which a
busy shared machine disturbs less than wall time). Target: every ratio about 1 (no more than
1.1).
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inspector.model import Family, Store  # noqa: E402
from inspector.stores import read_store  # noqa: E402
from tests.support.schema_history import make_chromium_version, make_firefox_version  # noqa: E402
from tests.support.storefactory import NOW, FakeCookie  # noqa: E402

CHROMIUM = (24, 23, 18, 12, 10, 9, 5)  # current first: the others are compared with it
FIREFOX = (17, 15, 12, 9, 6, 4, 1)


def cookies(count: int, seed: int = 5) -> list[FakeCookie]:
    """Distinct (host, name) pairs over 3,000 sites, distinct creation times (the primary key
    of Chromium before version 10)."""
    rng = random.Random(seed)
    result = []
    for index in range(count):
        site = f"site{rng.randrange(3000)}.example"
        result.append(
            FakeCookie(
                host=rng.choice([site, f".{site}", f"www.{site}"]),
                name=f"c{index}",
                value=f"value-{index}",
                created=NOW - timedelta(microseconds=index),
                expires=None if rng.random() < 0.1 else NOW + timedelta(days=rng.randrange(400)),
                secure=rng.random() < 0.7,
                http_only=rng.random() < 0.3,
                same_site=rng.choice([-1, 1, 2]),
            )
        )
    return result


def measure(read: Callable[[], int], repeat: int) -> tuple[float, float, float, int]:
    cpu, wall, count = float("inf"), float("inf"), 0
    for _ in range(repeat):
        gc.collect()
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        count = read()
        cpu = min(cpu, time.process_time() - start_cpu)
        wall = min(wall, time.perf_counter() - start_wall)
    gc.collect()
    tracemalloc.start()
    read()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return cpu, wall, peak, count


def reader(store: Store) -> Callable[[], int]:
    def read() -> int:
        result = read_store(store)
        assert result.ok, result.error
        return len(result.cookies)

    return read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cookies", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    fakes = cookies(args.cookies)
    print(f"{args.cookies:,} cookies per store; best of {args.repeat} reads; peak of one read")
    print(
        f"{'store':<14} {'CPU s':>7} {'wall s':>7} {'peak MiB':>9} {'CPU ratio':>10} "
        f"{'memory ratio':>13}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-old-schemas-") as folder:
        base = Path(folder)
        for family, versions, make, name in (
            (Family.CHROMIUM, CHROMIUM, make_chromium_version, "Cookies"),
            (Family.FIREFOX, FIREFOX, make_firefox_version, "cookies.sqlite"),
        ):
            current: tuple[float, float] | None = None
            for version in versions:
                path = make(base / f"{family.value}-{version}" / name, version, fakes)
                store = Store(family.value, family.value, family, "bench", path, path.parent)
                cpu, wall, peak, count = measure(reader(store), args.repeat)
                assert count == args.cookies, (family, version, count)
                current = current or (cpu, peak)
                print(
                    f"{family.value + ' v' + str(version):<14} {cpu:>7.3f} {wall:>7.3f} "
                    f"{peak:>9.1f} {cpu / current[0]:>10.2f} {peak / current[1]:>13.2f}"
                )


if __name__ == "__main__":
    main()
