"""Property-based: any file content gives a typed error, never a crash."""

from __future__ import annotations

import contextlib
import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.errors import InspectorError
from inspector.model import Family, Store
from inspector.stores import mozlz4, origin_attributes, read_store
from inspector.stores.firefox import load_session

SETTINGS = settings(max_examples=150, deadline=None, database=None)


@SETTINGS
@given(st.binary(max_size=4096))
def test_mozlz4_arbitrary_bytes(data: bytes) -> None:
    with contextlib.suppress(InspectorError):
        mozlz4.decompress(data)


@SETTINGS
@given(st.binary(max_size=2048))
def test_mozlz4_with_magic(data: bytes) -> None:
    with contextlib.suppress(InspectorError):
        mozlz4.decompress(mozlz4.MAGIC + data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


@SETTINGS
@given(st.dictionaries(st.sampled_from(["cookies", "windows", "x"]), json_values, max_size=3))
def test_session_store_arbitrary_json(document: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sessionstore.jsonlz4"
        path.write_bytes(mozlz4.compress(json.dumps(document).encode()))
        entries = load_session(path)
        assert all(isinstance(entry, dict) for entry in entries)


@SETTINGS
@given(st.text(max_size=200))
def test_origin_attributes_arbitrary_text(suffix: str) -> None:
    origin_attributes.parse(suffix)
    origin_attributes.partition_site(suffix)


@SETTINGS
@given(st.binary(max_size=8192), st.sampled_from([Family.CHROMIUM, Family.FIREFOX, Family.SAFARI]))
def test_store_readers_arbitrary_bytes(data: bytes, family: Family) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "store"
        path.write_bytes(data)
        result = read_store(Store("x", "X", family, "p", path, Path(folder)))
        assert result.ok or result.error_type is not None


@SETTINGS
@given(st.binary(min_size=1, max_size=4096))
def test_sqlite_header_followed_by_garbage(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Cookies"
        path.write_bytes(b"SQLite format 3\x00" + data)
        for family in (Family.CHROMIUM, Family.FIREFOX):
            result = read_store(Store("x", "X", family, "p", path, Path(folder)))
            assert not result.ok
            assert str(path) in (result.error or "")
