"""Reading speed and memory: 100,000 cookies per store, against browser-cookie3 in the same
process.

Run: ``.venv/bin/python benchmarks/bench_read.py [--cookies N]``. On Linux without a D-Bus
session browser-cookie3 cannot even start (it needs one to look for a keyring), so the script
re-runs itself under ``dbus-run-session`` when one is available.

Targets: 100,000 cookies read in under 1 s; at least 5 times faster than browser-cookie3;
classifying 100,000 cookies in under 0.5 s.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inspector.classify import Classifier  # noqa: E402
from inspector.model import Family, Store  # noqa: E402
from inspector.stores import read_store  # noqa: E402
from inspector.values import read_values  # noqa: E402
from tests.support.storefactory import (  # noqa: E402
    NOW,
    FakeCookie,
    make_chromium_store,
    make_firefox_store,
)

SITES = [f"site{i}.example" for i in range(3000)] + [
    "doubleclick.net",
    "google.com",
    "facebook.com",
    "bing.com",
    "criteo.com",
]
NAMES = [
    "_ga",
    "_gid",
    "_fbp",
    "IDE",
    "PHPSESSID",
    "OptanonConsent",
    "euconsent-v2",
    "NID",
    "_hjSessionUser_123",
    "session",
    "lang",
    "cart",
    "__cf_bm",
    "AWSALB",
    "_pk_id.1.abc",
]


def realistic(count: int, catalogue_names: list[str], seed: int = 11) -> list[FakeCookie]:
    """Cookies as many profiles together hold them: names shared across sites (catalogue
    names and 5,000 site-specific ones), hosts over 3,000 sites."""
    rng = random.Random(seed)
    local_names = [f"{rng.choice(['pref', 'sess', 'u', 'x', 'ab'])}_{i}" for i in range(5000)]
    cookies, seen = [], set()
    while len(cookies) < count:
        site = rng.choice(SITES)
        host = rng.choice([site, f".{site}", f"www.{site}"])
        name = rng.choice(catalogue_names) if rng.random() < 0.6 else rng.choice(local_names)
        if (host, name) in seen:
            continue
        seen.add((host, name))
        cookies.append(
            FakeCookie(host=host, name=name, expires=NOW + timedelta(days=rng.randrange(1, 400)))
        )
    return cookies


def synthetic(count: int, seed: int = 7) -> list[FakeCookie]:
    """Cookies over 3,000 sites. Names: 60% from a list of common tracker and framework
    names, 40% site-specific (``c<number>``); half of all names get a unique suffix, so the
    classifier's caches see about 70% distinct names — harsher than real profiles."""
    rng = random.Random(seed)
    cookies = []
    seen: set[tuple[str, str, str]] = set()
    for index in range(count * 2):
        if len(cookies) == count:
            break
        site = rng.choice(SITES)
        host = rng.choice([site, f".{site}", f"www.{site}", f"cdn{index % 7}.{site}"])
        name = rng.choice(NAMES) if rng.random() < 0.6 else f"c{rng.randrange(10**6)}"
        name = name if rng.random() < 0.5 else f"{name}_{index}"
        path = rng.choice(["/", "/", "/app"])
        if (host, name, path) in seen:
            continue
        seen.add((host, name, path))
        cookies.append(
            FakeCookie(
                host=host,
                name=name,
                value=f"value-{index}-{'x' * rng.randrange(40)}",
                path=path,
                expires=None if rng.random() < 0.1 else NOW + timedelta(days=rng.randrange(1, 400)),
                secure=rng.random() < 0.7,
                http_only=rng.random() < 0.3,
                same_site=rng.choice([-1, 0, 1, 2]),
            )
        )
    return cookies


def timed(function: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_memory(function: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def browser_cookie3_load(loader: Callable[[], Any]) -> tuple[float | None, float | None, str]:
    try:
        seconds, jar = timed(loader, repeat=1)
        return seconds, peak_memory(loader), f"{len(jar)} cookies in its jar"
    except Exception as error:  # it fails in many ways; the figure is then missing
        return None, None, f"failed: {type(error).__name__}: {error}"


def report(
    label: str,
    ours: float,
    ours_peak: float,
    theirs: float | None,
    theirs_peak: float | None,
    note: str,
    count: int,
) -> None:
    print(f"\n{label}")
    print(
        f"  Cookie Inspector : {ours:8.3f} s  peak {ours_peak:7.1f} MiB  "
        f"({count / ours:,.0f} cookies/s)"
    )
    if theirs is None:
        print(f"  browser-cookie3  : {note}")
        return
    print(f"  browser-cookie3  : {theirs:8.3f} s  peak {theirs_peak:7.1f} MiB  ({note})")
    print(f"  ratio            : {theirs / ours:8.1f}x faster")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cookies", type=int, default=100_000)
    args = parser.parse_args()
    if (
        sys.platform.startswith("linux")
        and "DBUS_SESSION_BUS_ADDRESS" not in os.environ
        and shutil.which("dbus-run-session")
        and "BENCH_NO_DBUS" not in os.environ
    ):
        os.environ["BENCH_NO_DBUS"] = "1"
        os.execvp("dbus-run-session", ["dbus-run-session", "--", sys.executable, *sys.argv])
    import browser_cookie3

    count = args.cookies
    cookies = synthetic(count)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        print(f"Building synthetic stores with {count:,} cookies each …")
        chrome_path = make_chromium_store(
            base / "chrome" / "Default" / "Cookies", cookies, encrypt=True
        )
        firefox_path = make_firefox_store(base / "firefox" / "cookies.sqlite", cookies)
        chrome = Store(
            "chromium", "Chromium", Family.CHROMIUM, "Default", chrome_path, chrome_path.parent
        )
        firefox = Store(
            "firefox", "Firefox", Family.FIREFOX, "default", firefox_path, firefox_path.parent
        )

        seconds, result = timed(lambda: read_store(chrome))
        assert len(result.cookies) == count, result.error
        theirs, theirs_peak, note = browser_cookie3_load(
            lambda: browser_cookie3.chromium(cookie_file=str(chrome_path))
        )
        report(
            "Chromium Cookies (metadata)",
            seconds,
            peak_memory(lambda: read_store(chrome)),
            theirs,
            theirs_peak,
            note,
            count,
        )

        def read_with_values() -> Any:
            found = read_store(chrome)
            return read_values(found.cookies, allow_keyring=False)

        seconds_values, values = timed(read_with_values, repeat=1)
        decrypted = sum(1 for v in values.values() if v.available)
        report(
            f"Chromium Cookies (metadata + decrypting every value: {decrypted:,} decrypted)",
            seconds_values,
            peak_memory(read_with_values),
            theirs,
            theirs_peak,
            note,
            count,
        )

        seconds, result = timed(lambda: read_store(firefox))
        assert len(result.cookies) == count, result.error
        theirs, theirs_peak, note = browser_cookie3_load(
            lambda: browser_cookie3.firefox(cookie_file=str(firefox_path))
        )
        report(
            "Firefox cookies.sqlite",
            seconds,
            peak_memory(lambda: read_store(firefox)),
            theirs,
            theirs_peak,
            note,
            count,
        )

        classifier = Classifier()
        names = sorted({r.name for r in classifier.catalogue.rules if r.name})
        mixed_path = make_chromium_store(base / "mixed" / "Cookies", realistic(count, names))
        mixed = read_store(
            Store("chromium", "Chromium", Family.CHROMIUM, "Default", mixed_path, mixed_path.parent)
        ).cookies
        worst = read_store(chrome).cookies
        for label, found in (
            ("realistic mix of names", mixed),
            ("worst case, ~70% distinct names", worst),
        ):
            distinct = len({(c.name, c.host) for c in found})
            seconds, _ = timed(lambda f=found: Classifier(classifier.catalogue).classify_all(f))
            print(
                f"\nClassifying {len(found):,} cookies, {label} ({distinct:,} distinct "
                f"name+host pairs; fresh classifier, cold caches): {seconds:.3f} s"
            )
        print(
            f"(catalogue: {len(classifier.catalogue.rules)} cookie entries, "
            f"{len(classifier.catalogue.organizations)} organisations)"
        )
        print("\nTargets: read < 1 s, >= 5x browser-cookie3; classify < 0.5 s")


if __name__ == "__main__":
    main()
