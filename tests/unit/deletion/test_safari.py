"""Safari: read, delete by rewriting Cookies.binarycookies, and undo — round trip."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from inspector.analysis import analyse
from inspector.classify import Classifier
from inspector.deletion.apply import execute, undo
from inspector.deletion.plan import Selection, make_plan
from inspector.model import Family, Store
from inspector.paths import AppPaths
from inspector.scan import scan
from inspector.stores import binarycookies
from inspector.stores.binarycookies import BinaryCookies, SafariRecord
from inspector.values import read_values

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def record(domain: str, name: str, value: str, flags: int = 1) -> SafariRecord:
    return SafariRecord(
        domain=domain,
        name=name,
        path="/",
        value=value,
        expires=binarycookies.to_safari_time(NOW + timedelta(days=300)),
        created=binarycookies.to_safari_time(NOW),
        flags=flags,
    )


def safari_store(folder: Path) -> Store:
    jar = BinaryCookies(
        pages=(
            (record(".news.example", "_ga", "GA1.2.3"), record(".news.example", "sid", "s", 5)),
            (record(".doubleclick.net", "IDE", "x"),),
        ),
        footer=binarycookies.FOOTER,
        plist=binarycookies.DEFAULT_PLIST,
    )
    path = folder / "Cookies.binarycookies"
    path.write_bytes(binarycookies.serialize(jar))
    return Store("safari", "Safari", Family.SAFARI, "Default", path, folder)


def test_read_safari(tmp_path: Path) -> None:
    store = safari_store(tmp_path)
    result = scan([store]).results[0]
    assert result.ok
    by_name = {c.name: c for c in result.cookies}
    assert by_name["sid"].http_only and by_name["sid"].secure
    assert by_name["_ga"].created == NOW
    values = read_values(result.cookies)
    assert values[by_name["_ga"].id].value == "GA1.2.3"


def test_delete_and_undo_round_trip(tmp_path: Path, private_home: Path) -> None:
    store = safari_store(tmp_path)
    original = store.path.read_bytes()
    analysis = analyse(scan([store]), Classifier())
    result = execute(
        make_plan(analysis, Selection(trackers=True)), AppPaths.resolve(private_home), "t"
    )
    assert result.deleted == 2 and any("Safari" in note for note in result.notes)
    left = binarycookies.parse(store.path.read_bytes(), verify_checksum=True)
    assert [r.name for r in left.records()] == ["sid"]
    undo(AppPaths.resolve(private_home))
    restored = binarycookies.parse(store.path.read_bytes(), verify_checksum=True)
    assert sorted(r.name for r in restored.records()) == ["IDE", "_ga", "sid"]
    assert {(r.name, r.value, r.flags, r.expires) for r in restored.records()} == {
        (r.name, r.value, r.flags, r.expires) for r in binarycookies.parse(original).records()
    }


def test_a_record_with_undecodable_text_does_not_block_deletion(
    tmp_path: Path, private_home: Path
) -> None:
    # A website can write bytes that are not UTF-8; that record is kept exactly as it was,
    # and the trackers beside it can still be deleted.
    hostile = record(".shop.example", "n\udcff", "v\udcfe")  # bytes 0xFF/0xFE, surrogate-escaped
    jar = BinaryCookies(
        pages=((record(".news.example", "_ga", "GA1.2.3"), hostile),),
        footer=binarycookies.FOOTER,
        plist=binarycookies.DEFAULT_PLIST,
    )
    path = tmp_path / "Cookies.binarycookies"
    path.write_bytes(binarycookies.serialize(jar))
    store = Store("safari", "Safari", Family.SAFARI, "Default", path, tmp_path)
    analysis = analyse(scan([store]), Classifier())
    result = execute(
        make_plan(analysis, Selection(trackers=True)), AppPaths.resolve(private_home), "t"
    )
    assert result.deleted == 1
    left = binarycookies.parse(path.read_bytes(), verify_checksum=True, strict_text=False)
    assert [(r.name, r.value) for r in left.records()] == [(hostile.name, hostile.value)]
    assert b"n\xff" in path.read_bytes() and b"v\xfe" in path.read_bytes()
