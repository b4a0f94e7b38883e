"""Stores written by real browsers that other projects publish as test data (see
tests/data/thirdparty/README.md for where each comes from and its licence)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from inspector.model import Family, SameSite, Store
from inspector.stores import read_store
from inspector.values import read_values

DATA = Path(__file__).resolve().parents[2] / "data" / "thirdparty"


def test_firefox_82_store_published_by_kooky(tmp_path: Path) -> None:
    """browserutils/kooky (MIT): Firefox 82 on Linux, schema 12, expiry in seconds."""
    path = tmp_path / "profile" / "cookies.sqlite"
    path.parent.mkdir()
    shutil.copyfile(DATA / "kooky" / "firefox-v82-linux-cookies.sqlite", path)
    store = Store("firefox", "Firefox", Family.FIREFOX, "kooky", path, path.parent)
    result = read_store(store)
    assert result.ok, result.error
    by_key = {(c.host, c.name): c for c in result.cookies}
    assert sorted(by_key) == [
        (".google.com", "NID"),
        (".google.de", "CONSENT"),
        (".google.de", "NID"),
        ("consent.google.de", "OTZ"),
    ]
    nid = by_key[".google.de", "NID"]
    assert nid.secure and nid.http_only
    assert nid.expires == datetime.fromtimestamp(1620681285, UTC)
    assert nid.created == datetime(2020, 11, 8, 21, 14, 45, 143525, tzinfo=UTC)
    assert nid.last_accessed == nid.created
    # sameSite 0 with rawSameSite 0: what Firefox itself reads as None (its schema-15 rule)
    assert {c.same_site for c in result.cookies} == {SameSite.NONE}
    consent = by_key[".google.de", "CONSENT"]
    assert consent.expires == datetime(2038, 1, 1, tzinfo=UTC)
    assert not consent.secure and not consent.http_only
    values = read_values(result.cookies)
    assert values[nid.id].value == "204=blabla"
