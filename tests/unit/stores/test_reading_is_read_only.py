"""Reading never changes a store: bytes and modification times stay as they were."""

from __future__ import annotations

import json
import os
from pathlib import Path

from inspector.model import Family, Store
from inspector.stores import mozlz4, read_store
from inspector.values import read_values
from tests.support.storefactory import FakeCookie, make_chromium_store, make_firefox_store


def fingerprint(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_firefox_profile_untouched(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    path = make_firefox_store(
        profile / "cookies.sqlite",
        [FakeCookie("a.example", "x")],
        wal_only=[FakeCookie("b.example", "y")],
    )
    (profile / "sessionstore.jsonlz4").write_bytes(
        mozlz4.compress(
            json.dumps(
                {"cookies": [{"host": "c.example", "name": "s", "value": "1", "path": "/"}]}
            ).encode()
        )
    )
    for file in profile.iterdir():
        os.utime(file, ns=(1_000_000_000, 1_000_000_000))
    before = fingerprint(profile)
    store = Store("firefox", "Firefox", Family.FIREFOX, "p", path, profile)
    result = read_store(store)
    assert len(result.cookies) == 3
    read_values(result.cookies)
    assert fingerprint(profile) == before  # no -shm, no checkpoint, no new file


def test_chromium_profile_untouched(tmp_path: Path) -> None:
    profile = tmp_path / "Default"
    path = make_chromium_store(profile / "Cookies", [FakeCookie("a.example", "x")])
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    before = fingerprint(profile)
    store = Store("chromium", "Chromium", Family.CHROMIUM, "p", path, profile)
    result = read_store(store)
    read_values(result.cookies)
    assert fingerprint(profile) == before
