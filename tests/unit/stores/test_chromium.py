"""Reading Chromium cookie databases built with the browser's real schemas."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from inspector.errors import (
    CorruptStoreError,
    EmptyStoreFileError,
    NotACookieStoreError,
    StoreMissingError,
    UnsupportedSchemaError,
)
from inspector.model import Family, SameSite, Store
from inspector.stores import chromium, read_store
from tests.support.storefactory import NOW, FakeCookie, make_chromium_store


def store_at(path: Path) -> Store:
    return Store("chromium", "Chromium", Family.CHROMIUM, "Default", path, path.parent)


def test_reads_every_attribute(tmp_path: Path) -> None:
    path = make_chromium_store(
        tmp_path / "Cookies",
        [
            FakeCookie(
                ".news.example",
                "persistent",
                secure=True,
                http_only=True,
                same_site=2,
                path="/account",
            ),
            FakeCookie("www.news.example", "session", expires=None, same_site=1, secure=False),
        ],
    )
    cookies, warnings = chromium.read(store_at(path))
    assert warnings == []
    by_name = {c.name: c for c in cookies}
    persistent, session = by_name["persistent"], by_name["session"]
    assert persistent.host == ".news.example"
    assert persistent.path == "/account"
    assert persistent.secure and persistent.http_only
    assert persistent.same_site is SameSite.STRICT
    assert persistent.created == NOW
    assert persistent.expires == NOW + timedelta(days=365)
    assert not persistent.session
    assert session.session and session.expires is None
    assert session.same_site is SameSite.LAX
    assert not session.secure


def test_partitioned_twins_stay_two_records(tmp_path: Path) -> None:
    path = make_chromium_store(
        tmp_path / "Cookies",
        [
            FakeCookie("embed.example", "id"),
            FakeCookie("embed.example", "id", partition="https://news.example"),
            FakeCookie("embed.example", "id", partition="https://shop.example"),
        ],
    )
    cookies, _ = chromium.read(store_at(path))
    assert len(cookies) == 3
    assert len({c.id for c in cookies}) == 3
    assert {c.partition_key for c in cookies} == {
        None,
        "https://news.example",
        "https://shop.example",
    }


def test_ids_are_stable_across_reads(tmp_path: Path) -> None:
    path = make_chromium_store(tmp_path / "Cookies", [FakeCookie("a.example", "x")])
    first, _ = chromium.read(store_at(path))
    second, _ = chromium.read(store_at(path))
    assert [c.id for c in first] == [c.id for c in second]


def test_old_schema_version_12(tmp_path: Path) -> None:
    path = make_chromium_store(
        tmp_path / "Cookies", [FakeCookie("old.example", "legacy")], version=12
    )
    cookies, _ = chromium.read(store_at(path))
    assert [(c.host, c.name, c.partition_key) for c in cookies] == [("old.example", "legacy", None)]
    assert cookies[0].row_key == ("old.example", "legacy", "/")


def test_newer_schema_is_read_with_a_warning(tmp_path: Path) -> None:
    path = make_chromium_store(tmp_path / "Cookies", [FakeCookie("a.example", "x")], version=26)
    cookies, warnings = chromium.read(store_at(path))
    assert len(cookies) == 1
    assert "newer" in warnings[0]


@pytest.mark.parametrize("version", ["3", "banana", None], ids=["ancient", "garbage", "missing"])
def test_unknown_schema_versions_are_refused(tmp_path: Path, version: str | None) -> None:
    path = make_chromium_store(tmp_path / "Cookies", [FakeCookie("a.example", "x")])
    with sqlite3.connect(path) as connection:
        if version is None:
            connection.execute("DELETE FROM meta WHERE key = 'version'")
        else:
            connection.execute("UPDATE meta SET value = ? WHERE key = 'version'", (version,))
    with pytest.raises(UnsupportedSchemaError) as caught:
        chromium.read(store_at(path))
    assert str(path) in caught.value.describe()


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", EmptyStoreFileError),
        (b"hello, I am a text file" * 100, NotACookieStoreError),
        (b"SQLite format 3\x00" + b"\xff" * 200, CorruptStoreError),
    ],
    ids=["zero-bytes", "not-sqlite", "damaged-header"],
)
def test_bad_files_give_typed_errors(
    tmp_path: Path, content: bytes, error: type[Exception]
) -> None:
    path = tmp_path / "Cookies"
    path.write_bytes(content)
    with pytest.raises(error) as caught:
        chromium.read(store_at(path))
    assert str(path) in caught.value.describe()  # type: ignore[attr-defined]


def test_truncated_database(tmp_path: Path) -> None:
    path = make_chromium_store(
        tmp_path / "Cookies", [FakeCookie(f"h{i}.example", f"c{i}") for i in range(500)]
    )
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    result = read_store(store_at(path))
    assert not result.ok
    assert result.error_type in {"CorruptStoreError", "NotACookieStoreError"}
    assert str(path) in (result.error or "")


def test_sqlite_without_cookie_table(tmp_path: Path) -> None:
    path = tmp_path / "Cookies"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE other (x)")
    result = read_store(store_at(path))
    assert result.error_type == "NotACookieStoreError"
    assert "no Chromium cookie table" in (result.error or "")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreMissingError):
        chromium.read(store_at(tmp_path / "Cookies"))


def test_a_hot_journal_is_replayed_in_the_copy_not_in_the_store(tmp_path: Path) -> None:
    path = make_chromium_store(tmp_path / "Cookies", [FakeCookie("a.example", "x")])
    journal = path.with_name("Cookies-journal")
    journal.write_bytes(b"")  # an empty journal is not hot; must be left alone
    before = (path.read_bytes(), path.stat().st_mtime_ns, journal.stat().st_mtime_ns)
    cookies, _ = chromium.read(store_at(path))
    assert len(cookies) == 1
    assert before == (path.read_bytes(), path.stat().st_mtime_ns, journal.stat().st_mtime_ns)


def test_expiry_far_in_the_future_does_not_crash(tmp_path: Path) -> None:
    far = datetime(9000, 1, 1, tzinfo=UTC)
    path = make_chromium_store(tmp_path / "Cookies", [FakeCookie("a.example", "x", expires=far)])
    cookies, _ = chromium.read(store_at(path))
    assert cookies[0].expires == far
