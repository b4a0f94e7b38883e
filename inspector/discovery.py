"""Find every profile of every installed browser, from the per-OS locations in
``resources/browsers.toml``. The home and app-data roots are parameters, so tests can lay out
fake homes for each operating system."""

from __future__ import annotations

import configparser
import dataclasses
import json
import os
import stat
import sys
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from inspector.errors import (
    NotACookieStoreError,
    StoreFormatError,
    StoreMissingError,
    StorePermissionError,
)
from inspector.i18n import _
from inspector.model import Family, Store
from inspector.resources import resource
from inspector.safefile import is_regular_file, not_regular, read_head, read_regular

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


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A browser's or profile's folder (or the file listing its profiles) this user cannot
    read: reported, never fatal."""

    store: Store  # what is known of it; its path is the folder or file
    error: StorePermissionError | StoreFormatError


Found = Store | Unreadable


def unreadable_folder(
    folder: Path, browser_id: str, browser: str, family: Family, install: str = "native"
) -> Unreadable:
    error = StorePermissionError(
        _(
            "Permission to open the folder {folder} was refused, so its cookies were not read."
        ).format(folder=folder),
        path=folder,
        advice=_(
            "Check that this folder belongs to you (for example with 'ls -ld' in a terminal, or "
            "its Properties); the other profiles were read."
        ),
    )
    store = Store(browser_id, browser, family, folder.name, folder, folder, install)
    return Unreadable(store, error)


def discover(roots: Roots | None = None) -> list[Store]:
    """Every cookie store of every browser profile found under ``roots``."""
    return [item for item in discover_all(roots) if isinstance(item, Store)]


def discover_all(roots: Roots | None = None) -> list[Found]:
    """Every store found under ``roots``, and every folder that could not be read."""
    roots = roots or Roots.current()
    found: dict[Path, Found] = {}
    for spec in load_specs():
        for location in spec.locations:
            if location["os"] != roots.os:
                continue
            base = roots.expand(location["path"])
            if base is None:
                continue
            for item in _stores_at(spec, location, base):
                if isinstance(item, Store):
                    item = resolved(item)
                    found.setdefault(item.path, item)
                else:
                    found.setdefault(_resolved(item.store.path), item)
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


def unique_stores(stores: Iterable[Found]) -> list[Found]:
    """Resolved stores, each cookie file once (the first description of it wins); folders
    that could not be read are kept as they are. A Firefox session file named on its own is
    left out when its profile's database is also read, since the profile reads that very
    file (its newest session store) too: each cookie is listed once."""
    found: dict[Path, Found] = {}
    for item in stores:
        if isinstance(item, Store):
            item = resolved(item)
            found.setdefault(item.path, item)
        else:
            found.setdefault(_resolved(item.store.path), item)
    covered = _session_files_read_with_profiles(found.values())
    return [item for path, item in found.items() if path not in covered]


def _session_files_read_with_profiles(stores: Iterable[Found]) -> set[Path]:
    from inspector.stores.firefox import is_session_file, session_file

    covered: set[Path] = set()
    for item in stores:
        if not isinstance(item, Store) or item.family != Family.FIREFOX:
            continue
        if is_session_file(item.path):
            continue
        newest = session_file(item.profile_dir)
        if newest is not None:
            covered.add(_resolved(newest))
    return covered


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # unreadable parents, symlink loops
        return path.absolute()


def _stores_at(spec: BrowserSpec, location: dict[str, str], base: Path) -> Iterator[Found]:
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
    existing = [path for path in candidates if _present(path)]
    if not existing:
        return None
    return max(existing, key=_modified)


def _present(cookie_file: Path) -> bool:
    """A cookie file is there: anything but a folder. A pipe or device in its place is still
    listed as a store, so that reading it fails with an error naming it (safefile refuses it
    without blocking) instead of the profile vanishing from the scan."""
    try:
        return not stat.S_ISDIR(cookie_file.stat().st_mode)
    except (OSError, ValueError):
        return False


def _modified(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _is_dir(path: Path) -> bool:
    """True for a folder; raises PermissionError when a parent may not be entered."""
    try:
        return path.is_dir()
    except PermissionError:
        raise
    except (OSError, ValueError):
        return False


def _enterable(folder: Path) -> bool:
    """Whether this user may list and enter ``folder`` (checked, not guessed from its mode)."""
    try:
        with os.scandir(folder) as entries:
            next(entries, None)
    except PermissionError:
        return False
    except OSError:
        return True  # gone or not a folder: nothing to report, the caller finds nothing
    return True


def _unusable_root(
    root: Path, browser_id: str, browser: str, family: Family, install: str
) -> list[Found] | None:
    """None when ``root`` is a folder this user may enter; otherwise what to report instead of
    its stores: nothing when there is no such folder, the folder as unreadable when it may not
    be entered."""
    try:
        if not _is_dir(root):
            return []
    except PermissionError:
        return [unreadable_folder(root, browser_id, browser, family, install)]
    if not _enterable(root):
        return [unreadable_folder(root, browser_id, browser, family, install)]
    return None


def chromium_profile_names(user_data: Path) -> dict[str, str]:
    """Folder name → display name, from the user-data folder's ``Local State``."""
    try:
        state = json.loads(read_regular(user_data / "Local State").decode("utf-8"))
        cache = state["profile"]["info_cache"]
    except (OSError, ValueError, KeyError, TypeError, RecursionError, StoreFormatError):
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
) -> Iterator[Found]:
    unusable = _unusable_root(user_data, browser_id, browser, Family.CHROMIUM, install)
    if unusable is not None:
        yield from unusable
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
        if not _enterable(profile_dir):
            if _looks_like_chromium_profile(profile_dir.name):
                yield unreadable_folder(profile_dir, browser_id, browser, Family.CHROMIUM, install)
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


def _looks_like_chromium_profile(name: str) -> bool:
    """Profile folders are named Default or Profile N; other folders are the browser's own."""
    return name == "Default" or name.startswith("Profile ")


def _children(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as entries:
            return [Path(entry.path) for entry in entries if _entry_is_dir(entry)]
    except OSError:
        return []


def _entry_is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def firefox_profiles(root: Path) -> list[tuple[str, Path]]:
    """(name, folder) of every profile listed in ``profiles.ini``."""
    parser = configparser.RawConfigParser(strict=False)
    try:
        parser.read_string(read_regular(root / "profiles.ini").decode("utf-8"))
    except (OSError, configparser.Error, UnicodeDecodeError, StoreFormatError):
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
        data = read_regular(profile_dir / "compatibility.ini")
    except (OSError, StoreFormatError):
        return browser
    text = data.decode("utf-8", errors="replace")
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


def firefox_stores(root: Path, browser_id: str, browser: str, install: str) -> Iterator[Found]:
    unusable = _unusable_root(root, browser_id, browser, Family.FIREFOX, install)
    if unusable is not None:
        yield from unusable
        return
    ini = root / "profiles.ini"
    if os.path.lexists(ini) and not is_regular_file(ini):
        # Its profiles cannot be known: say so, never leave the browser out silently.
        store = Store(browser_id, browser, Family.FIREFOX, "profiles.ini", ini, root, install)
        yield Unreadable(store, not_regular(ini))
        return
    for name, folder in firefox_profiles(root):
        cookie_file = folder / FIREFOX_COOKIE_FILE
        try:
            readable = _is_dir(folder) and _enterable(folder)
        except PermissionError:
            readable = False
        if not readable:
            if folder.exists() or not _enterable(folder.parent):
                item = unreadable_folder(folder, browser_id, browser, Family.FIREFOX, install)
                yield Unreadable(_renamed(item.store, name), item.error)
            continue
        if _present(cookie_file):
            flavour = firefox_flavour(folder, browser)
            yield Store(browser_id, flavour, Family.FIREFOX, name, cookie_file, folder, install)


def _renamed(store: Store, profile: str) -> Store:
    return Store(
        store.browser_id,
        store.browser,
        store.family,
        profile,
        store.path,
        store.profile_dir,
        store.install,
        store.user_data_dir,
    )


def _safari_stores(
    pattern: Path, browser_id: str, browser: str, label: str | None
) -> Iterator[Found]:
    if any(ch in str(pattern) for ch in "*?["):
        anchor = Path(pattern.anchor)
        try:
            matches = sorted(anchor.glob(str(pattern.relative_to(anchor))))
        except OSError:
            matches = []
    else:
        matches = [pattern]
    for path in matches:
        try:
            path.stat()
        except PermissionError:
            error = StorePermissionError(
                _("Permission to read Safari's cookies in {path} was refused.").format(path=path),
                path=path,
                advice=_(
                    "Give Cookie Inspector Full Disk Access in System Settings → Privacy & "
                    "Security → Full Disk Access, then scan again."
                ),
            )
            yield Unreadable(
                Store(browser_id, browser, Family.SAFARI, "Default", path, path.parent), error
            )
            continue
        except (OSError, ValueError):
            continue
        if _present(path):
            profile = f"{label} {path.parents[1].name[:8]}" if label else "Default"
            yield Store(browser_id, browser, Family.SAFARI, profile, path, path.parent)


def store_for_path(path: Path) -> list[Found]:
    """Stores for a path a person named: a cookie file, a profile folder or a user-data folder.

    The browser is recognised from what is there. Folders inside it that cannot be read come
    back as ``Unreadable``; a path that cannot be used at all raises a ``StoreError``.
    """
    path = path.expanduser()
    try:
        path.stat()
    except PermissionError:
        raise StorePermissionError(
            _("Permission to open {path} was refused.").format(path=path),
            path=path,
            advice=_("Check that it and the folders above it belong to you."),
        ) from None
    except (OSError, ValueError):
        raise StoreMissingError(
            _("{path} does not exist.").format(path=path),
            path=path,
            advice=_("Check the path and try again."),
        ) from None
    path = path.resolve()
    if _is_dir(path):
        if not _enterable(path):
            return [unreadable_folder(path, "unknown", _("Unknown browser"), Family.CHROMIUM)]
        return unique_stores(_stores_in_folder(path))
    return [resolved(_store_for_file(path))]


# Where a cookie file sits inside a folder a person may name (a profile, a user-data folder,
# a Network folder): something there that is not a regular file is worth naming.
COOKIE_FILE_PLACES = (
    "Cookies",
    "Network/Cookies",
    "Default/Cookies",
    "Default/Network/Cookies",
    "cookies.sqlite",
    "Cookies.binarycookies",
)


def _stores_in_folder(folder: Path) -> list[Found]:
    if is_regular_file(folder / "profiles.ini"):
        return list(firefox_stores(folder, "firefox", "Firefox", "native"))
    if _present(folder / FIREFOX_COOKIE_FILE):
        return [_store_for_file(folder / FIREFOX_COOKIE_FILE)]
    if folder.name == "Network" and _present(folder / "Cookies"):
        return [_store_for_file(folder / "Cookies")]  # the Network folder of a profile
    if _present(folder / SAFARI_COOKIE_FILE):
        return [_store_for_file(folder / SAFARI_COOKIE_FILE)]
    direct = chromium_cookie_file(folder)
    if direct is not None and is_regular_file(folder.parent / "Local State"):
        return [_store_for_file(direct)]  # a profile folder inside a user-data folder
    stores = list(chromium_stores(folder, "chromium", "Chromium", "native"))
    if stores:
        return [
            _chromium_named(item, folder) if isinstance(item, Store) else item for item in stores
        ]
    for name in COOKIE_FILE_PLACES:
        candidate = folder / name
        if os.path.lexists(candidate) and not is_regular_file(candidate):
            raise not_regular(candidate)  # say what is there, not that nothing is
    raise NotACookieStoreError(
        _("No browser cookie store was found in {folder}.").format(folder=folder),
        path=folder,
        advice=_(
            "Choose a browser profile folder, a Chromium user-data "
            "folder, or a cookie file (Cookies, cookies.sqlite or "
            "Cookies.binarycookies)."
        ),
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
    return read_head(path, 16)


def _has_table(path: Path, table: bytes) -> bool:
    """Cheap check of the schema text near the start of an SQLite file."""
    return table in read_head(path, 65536)
