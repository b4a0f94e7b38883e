"""Discovery in fake homes laid out like Linux (native, snap, flatpak), macOS and Windows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector.discovery import Roots, discover, store_for_path
from inspector.errors import NotACookieStoreError
from inspector.model import Family
from tests.support.storefactory import FakeCookie, make_chromium_store, make_firefox_store


def chromium_user_data(
    folder: Path, profiles: dict[str, str], cookie_file: str = "Cookies"
) -> None:
    """A user-data folder with Local State naming each profile."""
    folder.mkdir(parents=True, exist_ok=True)
    cache = {name: {"name": display} for name, display in profiles.items()}
    (folder / "Local State").write_text(json.dumps({"profile": {"info_cache": cache}}))
    for name in profiles:
        make_chromium_store(folder / name / cookie_file, [FakeCookie("a.example", name)])


def firefox_root(folder: Path, profiles: dict[str, str], absolute: Path | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["[General]", "StartWithLastProfile=1", ""]
    for index, (directory, name) in enumerate(profiles.items()):
        lines += [
            f"[Profile{index}]",
            f"Name={name}",
            "IsRelative=1",
            f"Path=Profiles/{directory}",
            "",
        ]
        make_firefox_store(
            folder / "Profiles" / directory / "cookies.sqlite", [FakeCookie("a.example", name)]
        )
    if absolute is not None:
        lines += [
            f"[Profile{len(profiles)}]",
            "Name=elsewhere",
            "IsRelative=0",
            f"Path={absolute}",
            "",
        ]
        make_firefox_store(absolute / "cookies.sqlite", [FakeCookie("a.example", "abs")])
    lines += ["[Install4F96D1932A9F858E]", "Default=Profiles/x", "Locked=1"]
    (folder / "profiles.ini").write_text("\n".join(lines))


def summary(roots: Roots) -> set[tuple[str, str, str]]:
    return {(s.browser, s.profile, s.install) for s in discover(roots)}


def test_linux_native_snap_and_flatpak(tmp_path: Path) -> None:
    home = tmp_path / "home"
    chromium_user_data(
        home / ".config/google-chrome",
        {"Default": "Person 1", "Profile 2": "Work", "Guest Profile": "Guest"},
    )
    chromium_user_data(home / "snap/chromium/common/chromium", {"Default": "Snap person"})
    chromium_user_data(
        home / ".var/app/com.brave.Browser/config/BraveSoftware/Brave-Browser",
        {"Default": "Brave person"},
    )
    chromium_user_data(home / ".config/microsoft-edge", {"Default": "Edge person"})
    chromium_user_data(home / ".config/vivaldi", {"Default": "Vivaldi person"})
    opera = home / ".config/opera"  # Opera keeps its profile's files in the user-data folder
    make_chromium_store(opera / "Cookies", [FakeCookie("a.example", "o")])
    firefox_root(
        home / ".mozilla/firefox",
        {"abc.default-release": "default-release", "def.work": "work"},
        absolute=tmp_path / "elsewhere-profile",
    )
    firefox_root(home / "snap/firefox/common/.mozilla/firefox", {"snap.default": "snappy"})
    firefox_root(home / ".var/app/org.mozilla.firefox/.mozilla/firefox", {"fp.default": "flat"})
    firefox_root(home / ".librewolf", {"lw.default": "lw"})
    roots = Roots("linux", home, config=home / ".config")
    assert summary(roots) == {
        ("Google Chrome", "Person 1", "native"),
        ("Google Chrome", "Work", "native"),
        ("Chromium", "Snap person", "snap"),
        ("Brave", "Brave person", "flatpak"),
        ("Microsoft Edge", "Edge person", "native"),
        ("Vivaldi", "Vivaldi person", "native"),
        ("Opera", "Default", "native"),
        ("Firefox", "default-release", "native"),
        ("Firefox", "work", "native"),
        ("Firefox", "elsewhere", "native"),
        ("Firefox", "snappy", "snap"),
        ("Firefox", "flat", "flatpak"),
        ("LibreWolf", "lw", "native"),
    }


def test_firefox_esr_is_named(tmp_path: Path) -> None:
    home = tmp_path / "home"
    firefox_root(home / ".mozilla/firefox", {"e.default-esr": "default-esr"})
    (home / ".mozilla/firefox/Profiles/e.default-esr/compatibility.ini").write_text(
        "[Compatibility]\nLastVersion=128.5.0esr_20241118000000/20241118000000\n"
    )
    assert summary(Roots("linux", home, config=home / ".config")) == {
        ("Firefox ESR", "default-esr", "native")
    }


def test_macos(tmp_path: Path) -> None:
    home = tmp_path / "Users/me"
    support = home / "Library/Application Support"
    chromium_user_data(support / "Google/Chrome", {"Default": "Me", "Profile 1": "Kids"})
    chromium_user_data(support / "com.operasoftware.OperaGX", {"Default": "GX"})
    firefox_root(support / "Firefox", {"m.default": "default"})
    safari = home / "Library/Containers/com.apple.Safari/Data/Library/Cookies"
    safari.mkdir(parents=True)
    (safari / "Cookies.binarycookies").write_bytes(b"cook\x00\x00\x00\x00")
    extra = (
        home
        / "Library/Containers/com.apple.Safari/Data/Library/WebKit/WebsiteDataStore"
        / "5A1B2C3D-0000-1111-2222-333344445555/Cookies"
    )
    extra.mkdir(parents=True)
    (extra / "Cookies.binarycookies").write_bytes(b"cook\x00\x00\x00\x00")
    roots = Roots("macos", home, appsupport=support)
    assert summary(roots) == {
        ("Google Chrome", "Me", "native"),
        ("Google Chrome", "Kids", "native"),
        ("Opera GX", "GX", "native"),
        ("Firefox", "default", "native"),
        ("Safari", "Default", "native"),
        ("Safari", "Safari profile 5A1B2C3D", "native"),
    }


def test_windows_uses_network_cookies(tmp_path: Path) -> None:
    home = tmp_path / "Users/me"
    local, roaming = home / "AppData/Local", home / "AppData/Roaming"
    chromium_user_data(
        local / "Google/Chrome/User Data", {"Default": "Me"}, cookie_file="Network/Cookies"
    )
    chromium_user_data(
        local / "Microsoft/Edge/User Data", {"Default": "Edge me"}, cookie_file="Network/Cookies"
    )
    opera = roaming / "Opera Software/Opera Stable"
    make_chromium_store(opera / "Network/Cookies", [FakeCookie("a.example", "o")])
    firefox_root(roaming / "Mozilla/Firefox", {"w.default": "default"})
    roots = Roots("windows", home, appdata=roaming, localappdata=local)
    stores = discover(roots)
    assert {(s.browser, s.profile) for s in stores} == {
        ("Google Chrome", "Me"),
        ("Microsoft Edge", "Edge me"),
        ("Opera", "Default"),
        ("Firefox", "default"),
    }
    assert all(s.path.parent.name == "Network" for s in stores if s.family is Family.CHROMIUM)


def test_nothing_installed(tmp_path: Path) -> None:
    assert discover(Roots("linux", tmp_path, config=tmp_path / ".config")) == []


def test_broken_local_state_still_lists_profiles(tmp_path: Path) -> None:
    home = tmp_path / "home"
    chromium_user_data(home / ".config/chromium", {"Default": "x"})
    (home / ".config/chromium/Local State").write_text("{not json")
    assert summary(Roots("linux", home, config=home / ".config")) == {
        ("Chromium", "Default", "native")
    }


@pytest.mark.parametrize("target", ["user-data", "profile", "file"])
def test_store_for_path_recognises_chromium(tmp_path: Path, target: str) -> None:
    user_data = tmp_path / ".config/google-chrome"
    chromium_user_data(user_data, {"Default": "Person 1", "Profile 3": "Third"})
    path = {
        "user-data": user_data,
        "profile": user_data / "Profile 3",
        "file": user_data / "Profile 3/Cookies",
    }[target]
    stores = store_for_path(path)
    assert all(s.browser == "Google Chrome" for s in stores)
    assert "Third" in {s.profile for s in stores}


def test_store_for_path_recognises_firefox_profile_and_root(tmp_path: Path) -> None:
    root = tmp_path / "ff"
    firefox_root(root, {"a.default": "default"})
    assert [s.profile for s in store_for_path(root)] == ["default"]
    profile_stores = store_for_path(root / "Profiles/a.default")
    assert profile_stores[0].family is Family.FIREFOX


def test_store_for_path_rejects_an_unrelated_folder(tmp_path: Path) -> None:
    with pytest.raises(NotACookieStoreError) as caught:
        store_for_path(tmp_path)
    assert str(tmp_path) in caught.value.describe()
