"""Regenerate ``resources/sample/``: the sample data behind "Explore sample data".

Runs the browser lab's :data:`~tests.support.demo_scenario.DEMO` week in real headless
Chromium and Firefox ESR (on 127.0.0.1 only), then keeps only what Cookie Inspector reads:

* ``chromium/``: a user-data folder, ``Local State`` (just the profile's display name) and
  ``Default/Cookies``;
* ``firefox/``: ``profiles.ini`` and one profile folder with ``cookies.sqlite`` (write-ahead
  log checkpointed in, rollback journal mode, so no ``-wal``/``-shm``),
  ``sessionstore.jsonlz4`` (the session cookies) and ``compatibility.ini`` (the version);
* ``README.md``: what these files are, which browser versions wrote them, and when.

The old sample is replaced only once both browsers have run. Usage, from the checkout::

    .venv/bin/python scripts/make_sample_data.py [--output DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.support.browserlab import (  # noqa: E402 - needs the checkout on sys.path
    ChromiumProfile,
    FirefoxProfile,
    Lab,
    build_chromium_profile,
    build_firefox_profile,
    find_firefox,
    snapshot_sqlite,
)
from tests.support.demo_scenario import DEMO  # noqa: E402

SAMPLE = REPO / "resources" / "sample"
CHROMIUM_PROFILE_NAME = "Sample person"
FIREFOX_PROFILE_NAME = "sample"
#: Firefox names profile folders ``<8 random characters>.<name>``.
FIREFOX_PROFILE_FOLDER = "k3v9x2qa.sample"
#: What the sample folder holds, relative to it; nothing else is ever written there.
SAMPLE_FILES = (
    "README.md",
    "chromium/Local State",
    "chromium/Default/Cookies",
    "firefox/profiles.ini",
    f"firefox/{FIREFOX_PROFILE_FOLDER}/compatibility.ini",
    f"firefox/{FIREFOX_PROFILE_FOLDER}/cookies.sqlite",
    f"firefox/{FIREFOX_PROFILE_FOLDER}/sessionstore.jsonlz4",
)

PROFILES_INI = f"""[Profile0]
Name={FIREFOX_PROFILE_NAME}
IsRelative=1
Path={FIREFOX_PROFILE_FOLDER}
Default=1

[General]
StartWithLastProfile=1
Version=2
"""

README = """# Sample data

What "Explore sample data" (`cookie-inspector --demo`) opens when no browser is found: the
cookie stores of a made-up person's week of browsing, written by real browsers,
**Chromium {chromium} and {firefox}, on {date}**,
through the project's browser lab (`tests/support/browserlab.py`), which serves every site
from 127.0.0.1 only.

The week is the `DEMO` scenario in `tests/support/demo_scenario.py`: a garden shop, a recipe
blog, YouTube, the local council, a local newspaper, a leisure centre and a bank, with the
trackers met on the way (Google, Meta, Microsoft, Criteo, LinkedIn, Hotjar, HubSpot) and
consent records of OneTrust, IAB TCF, Didomi, Cookiebot, CookieYes and Google. The host names
of the person's own sites (all but YouTube) and every cookie value are made up; trackers use
their real domains, which the lab resolved to 127.0.0.1 inside the browsers. The session
store's history shows the lab server's port in each address.

- `chromium/Local State`: the user-data folder's profile list, trimmed to the display name
  ("{chromium_name}");
- `chromium/Default/Cookies`: Chromium's cookie database (values encrypted with Chromium's
  keyring-less Linux key), compacted;
- `firefox/profiles.ini`: one profile, "{firefox_name}";
- `firefox/{folder}/cookies.sqlite`: Firefox's cookie database, its write-ahead log
  checkpointed in and switched to rollback-journal mode so that it is a single file, and
  compacted (Firefox grows it in 512 KiB steps);
- `firefox/{folder}/sessionstore.jsonlz4`: the session store, where Firefox keeps session
  cookies;
- `firefox/{folder}/compatibility.ini`: the Firefox version that last used the profile.

Nothing else of the browsers' profiles is kept (no caches, certificates, keys, preferences or
lock files).

Try it: `cookie-inspector scan --store resources/sample/chromium --store
resources/sample/firefox`.

## Regenerate

With Debian's `chromium`, `firefox-esr` and `libnss3-tools` installed, from the checkout:

```sh
.venv/bin/python scripts/make_sample_data.py
```

It runs both browsers over the scenario (under a minute), replaces these files and this
README, and prints what it wrote. `tests/e2e/test_sample_data.py` checks the result.
"""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--output",
        type=Path,
        default=SAMPLE,
        help=f"the sample folder to replace (default: {SAMPLE})",
    )
    return parser.parse_args(argv)


def run_browsers(work: Path) -> tuple[ChromiumProfile, FirefoxProfile]:
    """Both browsers over DEMO, served by one lab; the profiles are under ``work``."""
    with Lab(DEMO, work / "lab") as lab:
        chromium = build_chromium_profile(work, lab)
        firefox = build_firefox_profile(work, lab)
    return chromium, firefox


def settle_sqlite(database: Path, into: Path) -> Path:
    """A compact one-file copy of ``database``: WAL checkpointed in, rollback-journal mode."""
    copy = snapshot_sqlite(database, into)
    journal = copy.with_name(copy.name + "-journal")
    if journal.exists() and journal.stat().st_size == 0:
        journal.unlink()  # Chromium truncates its journal rather than deleting it
    connection = sqlite3.connect(copy)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
        # Firefox grows its databases in 512 KiB chunks; VACUUM drops the unused tail.
        connection.execute("VACUUM")
    finally:
        connection.close()
    leftovers = [p.name for p in into.iterdir() if p.name != copy.name]
    if leftovers:
        raise RuntimeError(f"{copy} left {leftovers} behind")
    return copy


def copy_chromium(profile: ChromiumProfile, target: Path, scratch: Path) -> None:
    """``Local State`` with only the profile's name, and ``Default/Cookies``."""
    (target / "Default").mkdir(parents=True)
    state = {"profile": {"info_cache": {"Default": {"name": CHROMIUM_PROFILE_NAME}}}}
    (target / "Local State").write_text(json.dumps(state, indent=2) + "\n", "utf-8")
    cookies = settle_sqlite(profile.cookies_db, scratch / "chromium-cookies")
    shutil.copyfile(cookies, target / "Default" / "Cookies")


def copy_firefox(profile: FirefoxProfile, target: Path, scratch: Path) -> None:
    """``profiles.ini`` and the profile's cookie database, session store and version."""
    folder = target / FIREFOX_PROFILE_FOLDER
    folder.mkdir(parents=True)
    (target / "profiles.ini").write_text(PROFILES_INI, "utf-8")
    cookies = settle_sqlite(profile.cookies_db, scratch / "firefox-cookies")
    shutil.copyfile(cookies, folder / "cookies.sqlite")
    for name in ("sessionstore.jsonlz4", "compatibility.ini"):
        shutil.copyfile(profile.profile_dir / name, folder / name)


def chromium_version(profile: ChromiumProfile) -> str:
    """The version Chromium wrote to ``<user data>/Last Version``."""
    try:
        return (profile.user_data_dir / "Last Version").read_text("utf-8").strip()
    except OSError:
        return "(unknown version)"


def firefox_version(profile: FirefoxProfile) -> str:
    """``Firefox ESR 153.7.0`` from ``LastVersion=153.7.0_20261103151912/...`` and the binary.

    Debian's ``firefox-esr`` does not write ``esr`` into the version, so the binary's name
    tells an ESR build.
    """
    binary = find_firefox()
    name = "Firefox ESR" if binary is not None and "esr" in binary.name else "Firefox"
    try:
        text = (profile.profile_dir / "compatibility.ini").read_text("utf-8")
    except OSError:
        return f"{name} (unknown version)"
    for line in text.splitlines():
        if line.startswith("LastVersion="):
            return f"{name} {line.partition('=')[2].split('_')[0]}"
    return f"{name} (unknown version)"


def write_readme(target: Path, chromium: ChromiumProfile, firefox: FirefoxProfile) -> None:
    text = README.format(
        chromium=chromium_version(chromium),
        firefox=firefox_version(firefox),
        date=datetime.now(UTC).strftime("%d %B %Y").lstrip("0"),
        chromium_name=CHROMIUM_PROFILE_NAME,
        firefox_name=FIREFOX_PROFILE_NAME,
        folder=FIREFOX_PROFILE_FOLDER,
    )
    (target / "README.md").write_text(text, "utf-8")


def build_sample(work: Path) -> Path:
    """Run the browsers and lay out a complete sample folder under ``work``."""
    chromium, firefox = run_browsers(work / "browsers")
    staged = work / "sample"
    copy_chromium(chromium, staged / "chromium", work / "scratch")
    copy_firefox(firefox, staged / "firefox", work / "scratch")
    write_readme(staged, chromium, firefox)
    written = sorted(str(p.relative_to(staged)) for p in staged.rglob("*") if p.is_file())
    if written != sorted(SAMPLE_FILES):
        raise RuntimeError(f"unexpected sample files: {written}")
    return staged


def replace_sample(staged: Path, output: Path) -> None:
    """Put the staged files in place of the old ones (only the sample's own entries)."""
    output.mkdir(parents=True, exist_ok=True)
    for name in ("chromium", "firefox"):
        shutil.rmtree(output / name, ignore_errors=True)
        shutil.copytree(staged / name, output / name)
    shutil.copyfile(staged / "README.md", output / "README.md")


def report(output: Path) -> int:
    """Print every file written with its size; return the total."""
    total = 0
    for relative in SAMPLE_FILES:
        size = (output / relative).stat().st_size
        total += size
        print(f"{size:>9,} B  {output / relative}")
    print(f"{total:>9,} B  in total")
    return total


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sample-data-") as temporary:
        staged = build_sample(Path(temporary))
        replace_sample(staged, args.output)
    report(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
