"""Find every profile of every installed browser, from the per-OS locations in
``resources/browsers.toml``. The home and app-data roots are parameters, so tests can lay out
fake homes for each operating system."""

from __future__ import annotations

import configparser
import dataclasses
import json
import os
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from inspector.errors import NotACookieStoreError, StoreMissingError
from inspector.model import Family, Store
from inspector.resources import resource

CHROMIUM_COOKIE_FILES = ("Network/Cookies", "Cookies")
FIREFOX_COOKIE_FILE = "cookies.sqlite"
SAFARI_COOKIE_FILE = "Cookies.binarycookies"
# profile folders Chromium keeps for itself and never shows as a person's profile
_CHROMIUM_INTERNAL = {"System Profile", "Guest Profile"}


@dataclass(frozen=True, slots=True)
class Roots:
    """The folders that browser locations are relative to, for one operating system."""

    os: str  # linux, macos, windows
    home: Path
    config: Path | None = None
    appsupport: Path | None = None
    appdata: Path | None = None
    localappdata: Path | None = None

    @classmethod
    def current(cls) -> Roots:
        home = Path.home()
        if sys.platform == "darwin":
            return cls("macos", home, appsupport=home / "Library" / "Application Support")
        if os.name == "nt":
            appdata = Path(os.environ.get("APPDATA", home / "AppData" / "Roaming"))
            local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
            return cls("windows", home, appdata=appdata, localappdata=local)
        config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
        return cls("linux", home, config=config)

    def expand(self, template: str) -> Path | None:
        values = {
            "home": self.home,
            "config": self.config,
            "appsupport": self.appsupport,
            "appdata": self.appdata,
            "localappdata": self.localappdata,
        }
        for name, value in values.items():
            token = "{" + name + "}"
            if token in template:
                if value is None:
                    return None
                template = template.replace(token, str(value))
        return Path(template)


@dataclass(frozen=True, slots=True)
class BrowserSpec:
    id: str
    name: str
    family: Family
    locations: tuple[dict[str, str], ...]


def load_specs() -> list[BrowserSpec]:
    data = tomllib.loads(resource("browsers.toml").read_text("utf-8"))
    return [
        BrowserSpec(b["id"], b["name"], Family(b["family"]), tuple(b["locations"]))
        for b in data["browser"]
    ]


def discover(roots: Roots | None = None) -> list[Store]:
    """Every cookie store of every browser profile found under ``roots``."""
    roots = roots or Roots.current()
    found: dict[Path, Store] = {}
    for spec in load_specs():
        for location in spec.locations:
            if location["os"] != roots.os:
                continue
            base = roots.expand(location["path"])
            if base is None:
                continue
            for store in _stores_at(spec, location, base):
                store = resolved(store)
                found.setdefault(store.path, store)
    return list(found.values())


def resolved(store: Store) -> Store:
    """The store with every path resolved (absolute, no ``..``, no symlinked folder), so that
    a cookie's id and every path kept do not depend on how a path was typed."""
    user_data = store.user_data_dir.resolve() if store.user_data_dir else None
    return dataclasses.replace(
        store,
        path=store.path.resolve(),
        profile_dir=store.profile_dir.resolve(),
        user_data_dir=user_data,
    )


def unique_stores(stores: Iterator[Store] | list[Store]) -> list[Store]:
    """Resolved stores, each cookie file once (the first description of it wins)."""
    found: dict[Path, Store] = {}
    for store in stores:
        store = resolved(store)
        found.setdefault(store.path, store)
    return list(found.values())


def _stores_at(spec: BrowserSpec, location: dict[str, str], base: Path) -> Iterator[Store]:
    kind = location["kind"]
    name = spec.name + (f" {location['channel']}" if "channel" in location else "")
    install = location.get("install", "native")
    if kind == "chromium-user-data":
        yield from chromium_stores(base, spec.id, name, install)
    elif kind == "firefox-root":
        yield from firefox_stores(base, spec.id, name, install)
    elif kind == "safari-file":
        yield from _safari_stores(base, spec.id, name, location.get("profile"))


def chromium_cookie_file(profile_dir: Path) -> Path | None:
    """The live cookie file of a Chromium profile: the newer of Network/Cookies and Cookies."""
    candidates = [profile_dir / name for name in CHROMIUM_COOKIE_FILES]
    existing = [path for path in candidates if path.is_file()]
    if not existing:
        return None
    return max(existing, key=lambda path: path.stat().st_mtime_ns)


def chromium_profile_names(user_data: Path) -> dict[str, str]:
    """Folder name → display name, from the user-data folder's ``Local State``."""
    try:
        state = json.loads((user_data / "Local State").read_text("utf-8"))
        cache = state["profile"]["info_cache"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(cache, dict):
        return {}
    names = {}
    for folder, info in cache.items():
        if isinstance(info, dict) and isinstance(info.get("name"), str):
            names[str(folder)] = info["name"]
    return names


def chromium_stores(
    user_data: Path, browser_id: str, browser: str, install: str
) -> Iterator[Store]:
    if not user_data.is_dir():
        return
    names = chromium_profile_names(user_data)
    direct = chromium_cookie_file(user_data)
    if direct is not None:  # Opera keeps its only profile's files in the user-data folder
        yield Store(
            browser_id,
            browser,
            Family.CHROMIUM,
            names.get("Default", "Default"),
            direct,
            user_data,
            install,
            user_data,
        )
    for profile_dir in sorted(_children(user_data)):
        # Network/ holds the profile's own Cookies when the folder itself is a profile
        if profile_dir.name in _CHROMIUM_INTERNAL or profile_dir.name == "Network":
            continue
        cookie_file = chromium_cookie_file(profile_dir)
        if cookie_file is None:
            continue
        display = names.get(profile_dir.name, profile_dir.name)
        yield Store(
            browser_id,
            browser,
            Family.CHROMIUM,
            display,
            cookie_file,
            profile_dir,
            install,
            user_data,
        )


def _children(folder: Path) -> list[Path]:
    try:
        return [child for child in folder.iterdir() if child.is_dir()]
    except OSError:
        return []


def firefox_profiles(root: Path) -> list[tuple[str, Path]]:
    """(name, folder) of every profile listed in ``profiles.ini``."""
    parser = configparser.RawConfigParser(strict=False)
    try:
        parser.read(root / "profiles.ini", encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError):
        return []
    profiles = []
    for section in parser.sections():
        if not section.startswith("Profile") or not parser.has_option(section, "Path"):
            continue
        raw = parser.get(section, "Path")
        relative = parser.get(section, "IsRelative", fallback="1").strip() == "1"
        folder = root / raw if relative else Path(raw)
        profiles.append((parser.get(section, "Name", fallback=folder.name), folder))
    return profiles


def firefox_flavour(profile_dir: Path, browser: str) -> str:
    """'Firefox ESR' when the profile was last used by an ESR build."""
    try:
        text = (profile_dir / "compatibility.ini").read_text("utf-8", errors="replace")
    except OSError:
        return browser
    if browser != "Firefox":
        return browser
    for line in text.splitlines():
        key, _, value = line.partition("=")
        # ESR builds say so in their version, or (Debian's firefox-esr) in their install folder
        if key == "LastVersion" and "esr" in value.lower():
            return "Firefox ESR"
        if key in ("LastPlatformDir", "LastAppDir") and "firefox-esr" in value.lower():
            return "Firefox ESR"
    return browser


def firefox_stores(root: Path, browser_id: str, browser: str, install: str) -> Iterator[Store]:
    for name, folder in firefox_profiles(root):
        cookie_file = folder / FIREFOX_COOKIE_FILE
        if cookie_file.is_file():
            flavour = firefox_flavour(folder, browser)
            yield Store(browser_id, flavour, Family.FIREFOX, name, cookie_file, folder, install)


def _safari_stores(
    pattern: Path, browser_id: str, browser: str, label: str | None
) -> Iterator[Store]:
    if any(ch in str(pattern) for ch in "*?["):
        anchor = Path(pattern.anchor)
        matches = sorted(anchor.glob(str(pattern.relative_to(anchor))))
    else:
        matches = [pattern]
    for path in matches:
        if path.is_file():
            profile = f"{label} {path.parents[1].name[:8]}" if label else "Default"
            yield Store(browser_id, browser, Family.SAFARI, profile, path, path.parent)


def store_for_path(path: Path) -> list[Store]:
    """Stores for a path a person named: a cookie file, a profile folder or a user-data folder.

    The browser is recognised from what is there.
    """
    path = path.expanduser()
    if not path.exists():
        raise StoreMissingError(
            f"{path} does not exist.", path=path, advice="Check the path and try again."
        )
    path = path.resolve()
    if path.is_dir():
        return unique_stores(_stores_in_folder(path))
    return [resolved(_store_for_file(path))]


def _stores_in_folder(folder: Path) -> list[Store]:
    if (folder / "profiles.ini").is_file():
        return list(firefox_stores(folder, "firefox", "Firefox", "native"))
    if (folder / FIREFOX_COOKIE_FILE).is_file():
        return [_store_for_file(folder / FIREFOX_COOKIE_FILE)]
    if folder.name == "Network" and (folder / "Cookies").is_file():
        return [_store_for_file(folder / "Cookies")]  # the Network folder of a profile
    if (folder / SAFARI_COOKIE_FILE).is_file():
        return [_store_for_file(folder / SAFARI_COOKIE_FILE)]
    direct = chromium_cookie_file(folder)
    if direct is not None and (folder.parent / "Local State").is_file():
        return [_store_for_file(direct)]  # a profile folder inside a user-data folder
    stores = list(chromium_stores(folder, "chromium", "Chromium", "native"))
    if stores:
        return [_chromium_named(store, folder) for store in stores]
    raise NotACookieStoreError(
        f"No browser cookie store was found in {folder}.",
        path=folder,
        advice="Choose a browser profile folder, a Chromium user-data folder, or a cookie file "
        "(Cookies, cookies.sqlite or Cookies.binarycookies).",
    )


def _chromium_named(store: Store, user_data: Path) -> Store:
    browser_id, browser = guess_chromium_browser(user_data)
    return Store(
        browser_id,
        browser,
        store.family,
        store.profile,
        store.path,
        store.profile_dir,
        store.install,
        store.user_data_dir,
    )


def guess_chromium_browser(folder: Path) -> tuple[str, str]:
    """Which Chromium-family browser a folder belongs to, from its path."""
    text = str(folder).lower()
    for needle, result in (
        ("google-chrome", ("chrome", "Google Chrome")),
        ("google/chrome", ("chrome", "Google Chrome")),
        ("microsoft-edge", ("edge", "Microsoft Edge")),
        ("microsoft/edge", ("edge", "Microsoft Edge")),
        ("brave", ("brave", "Brave")),
        ("opera gx", ("opera-gx", "Opera GX")),
        ("operagx", ("opera-gx", "Opera GX")),
        ("opera", ("opera", "Opera")),
        ("vivaldi", ("vivaldi", "Vivaldi")),
    ):
        if needle in text:
            return result
    return "chromium", "Chromium"


def _store_for_file(path: Path) -> Store:
    head = _head(path)
    folder = path.parent
    if head.startswith(b"cook"):
        return Store("safari", "Safari", Family.SAFARI, "Default", path, folder)
    if firefox_session_file(path, head):
        profile_dir = folder.parent if folder.name == "sessionstore-backups" else folder
        flavour = firefox_flavour(profile_dir, "Firefox")
        return Store("firefox", flavour, Family.FIREFOX, profile_dir.name, path, profile_dir)
    if path.name == FIREFOX_COOKIE_FILE or _has_table(path, b"moz_cookies"):
        return Store(
            "firefox", firefox_flavour(folder, "Firefox"), Family.FIREFOX, folder.name, path, folder
        )
    profile_dir = folder.parent if folder.name == "Network" else folder
    user_data = profile_dir.parent
    browser_id, browser = guess_chromium_browser(path)
    display = chromium_profile_names(user_data).get(profile_dir.name, profile_dir.name)
    return Store(
        browser_id, browser, Family.CHROMIUM, display, path, profile_dir, "native", user_data
    )


def firefox_session_file(path: Path, head: bytes) -> bool:
    """A Firefox session store named directly: by its name, or by its mozLz4 or JSON start."""
    from inspector.stores.firefox import is_session_file

    if head.startswith(b"SQLite format 3"):
        return False
    return is_session_file(path)


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(16)
    except OSError:
        return b""


def _has_table(path: Path, table: bytes) -> bool:
    """Cheap check of the schema text near the start of an SQLite file."""
    try:
        with path.open("rb") as handle:
            return table in handle.read(65536)
    except OSError:
        return False
