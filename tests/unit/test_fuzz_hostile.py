"""Fuzzing harness (issue #12): hostile rows of every store format, structure-aware mutations
of stores written by real browsers, and hostile consent values, through the real readers and
the whole analysis.

Properties checked for every generated input:

* reading never raises; a store either reads (good rows always listed, bad rows left out with
  a counted warning or listed with the unreadable field blank) or fails with an error that
  names its file;
* every listed cookie can be classified, explained, turned into JSON and printed on a
  terminal without raising, and its text holds no control character once escaped;
* a consent decoder never raises, and its memory follows the value's length.

The budget is bounded for CI: ``COOKIE_INSPECTOR_FUZZ_EXAMPLES`` examples per property
(default 40; the closing note's figures come from runs with more, see notes/robust.md).
Run with ``--hypothesis-show-statistics`` to see how many cases ran.
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import sqlite3
import tempfile
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from inspector.analysis import Analysis, analyse
from inspector.classify import Classifier
from inspector.consent.decode import COOKIE_NAMES, COOKIE_PREFIXES, decode_consent
from inspector.document import cookie_entry, finding_entry
from inspector.explain import explain
from inspector.model import Family, Store, StoreResult
from inspector.resources import resource
from inspector.scan import ScanResult
from inspector.stores import mozlz4, read_store
from inspector.terminal import terminal_json, terminal_text
from tests.support.hostile import consent_values, safari_file, safari_record, tc_string
from tests.support.storefactory import CHROMIUM_V24, FIREFOX_V17

EXAMPLES = int(os.environ.get("COOKIE_INSPECTOR_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
INT64 = 2**63


class NotUtf8(bytes):
    """Bytes to be stored as TEXT (CAST(? AS TEXT)): text that is not UTF-8."""


# --------------------------------------------------------------------------- hostile values

texts = st.text(
    st.characters(exclude_categories=("Cs",)),  # SQLite text from Python cannot hold surrogates
    max_size=40,
) | st.sampled_from(
    ["", ".", "..", "\x00", "\x1b[2K\r", "\u202e", "a" * 3000, "a." * 600 + "com", "%ff", "^"]
)
numbers = (
    st.integers(-INT64, INT64 - 1)
    | st.sampled_from([0, -1, 1, INT64 - 1, -INT64, 2**53, 13_000_000_000_000_000])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([1e300, -1e300, math.inf, -math.inf, 1e20, -1e15, 0.5])
)
hostile = (
    st.none()
    | numbers
    | texts
    | st.binary(max_size=40)
    | st.binary(min_size=1, max_size=12).map(lambda raw: NotUtf8(b"\xff" + raw))
)


def insert(connection: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
    columns = ", ".join(row)
    marks = ", ".join("CAST(? AS TEXT)" if isinstance(v, NotUtf8) else "?" for v in row.values())
    values = [bytes(v) if isinstance(v, NotUtf8) else v for v in row.values()]
    connection.execute(f"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({marks})", values)


def without_constraints(schema: str) -> str:
    """The browser's own columns, without NOT NULL: a damaged or crafted file may hold NULLs."""
    return schema.replace("NOT NULL", "")


CHROMIUM_GOOD = {
    "creation_utc": 13_300_000_000_000_000,
    "host_key": ".good.example",
    "top_frame_site_key": "",
    "name": "good",
    "value": "1",
    "encrypted_value": b"",
    "path": "/",
    "expires_utc": 13_400_000_000_000_000,
    "is_secure": 1,
    "is_httponly": 0,
    "last_access_utc": 13_300_000_000_000_000,
    "has_expires": 1,
    "is_persistent": 1,
    "priority": 1,
    "samesite": -1,
    "source_scheme": 2,
    "source_port": 443,
    "last_update_utc": 13_300_000_000_000_000,
    "source_type": 0,
    "has_cross_site_ancestor": 0,
}
FIREFOX_GOOD = {
    "originAttributes": "",
    "name": "good",
    "value": "1",
    "host": ".good.example",
    "path": "/",
    "expiry": 1_900_000_000_000,
    "lastAccessed": 1_700_000_000_000_000,
    "creationTime": 1_700_000_000_000_000,
    "isSecure": 1,
    "isHttpOnly": 0,
    "sameSite": 0,
}


def hostile_rows(good: dict[str, Any]) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Rows like ``good`` with any subset of their columns replaced by hostile values."""
    row = st.fixed_dictionaries(
        {column: st.one_of(st.just(value), hostile) for column, value in good.items()}
    )
    return st.lists(row, min_size=1, max_size=6)


@contextmanager
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="fuzz-") as name:
        yield Path(name)


@cache
def classifier() -> Classifier:
    return Classifier()


# Spaces a terminal shows as a space and that cannot move the cursor: the plain one and the
# no-break ones French puts before ":" and in numbers (inspector.terminal lets them through).
SHOWN_AS_SPACE = frozenset({" ", "\u00a0", "\u202f"})


def check_everything_shows(result: StoreResult) -> Analysis:
    """The whole analysis of one store, and every way a cookie is shown, without raising."""
    analysis = analyse(ScanResult((result,)), classifier(), allow_keyring=False, all_values=True)
    for finding in analysis.findings:
        entry = finding_entry(
            finding, explain_it=True, value=analysis.values.get(finding.cookie.id), values=True
        )
        json.dumps(entry, ensure_ascii=False).encode("utf-8")
        for text in (finding.cookie.host, finding.cookie.name, finding.cookie.path):
            shown = terminal_text(text)
            assert all(c.isprintable() or c in SHOWN_AS_SPACE for c in shown), repr(shown)
        explain(finding.cookie, finding.info).as_dict()
    return analysis


def check_store(result: StoreResult, *, good_expected: bool = True) -> None:
    if not result.ok:
        assert str(result.store.path) in (result.error or ""), result.error
        return
    names = [cookie.name for cookie in result.cookies]
    if good_expected:
        assert "good" in names
    for cookie in result.cookies:
        for text in (cookie.host, cookie.name, cookie.path):
            assert isinstance(text, str)
            text.encode("utf-8")  # no surrogates reach the rest of the program
        for micro in (cookie.created_us, cookie.expires_us, cookie.last_accessed_us):
            assert micro is None or isinstance(micro, int)
        json.dumps(cookie_entry(cookie))
    check_everything_shows(result)


# --------------------------------------------------------------------------- rows


@FUZZ
@given(hostile_rows(CHROMIUM_GOOD))
def test_chromium_rows(rows: list[dict[str, Any]]) -> None:
    with folder() as base:
        path = base / "Cookies"
        connection = sqlite3.connect(path)
        connection.executescript(without_constraints(CHROMIUM_V24))
        connection.executemany("INSERT INTO meta VALUES (?, ?)", [("version", "24")])
        insert(connection, "cookies", CHROMIUM_GOOD)
        for row in rows:
            insert(connection, "cookies", row)
        connection.commit()
        connection.close()
        result = read_store(Store("chromium", "Chromium", Family.CHROMIUM, "p", path, base))
        assert result.ok, result.error
        check_store(result)


@FUZZ
@given(hostile_rows(FIREFOX_GOOD), st.sampled_from([17, 15, 13, 10]))
def test_firefox_rows(rows: list[dict[str, Any]], version: int) -> None:
    with folder() as base:
        path = base / "cookies.sqlite"
        connection = sqlite3.connect(path)
        connection.executescript(FIREFOX_V17)
        connection.execute(f"PRAGMA user_version = {version}")
        insert(connection, "moz_cookies", FIREFOX_GOOD)
        for row in rows:
            insert(connection, "moz_cookies", row)
        connection.commit()
        connection.close()
        result = read_store(Store("firefox", "Firefox", Family.FIREFOX, "p", path, base))
        assert result.ok, result.error
        check_store(result)


json_hostile = st.recursive(
    st.none()
    | st.booleans()
    | numbers.filter(lambda n: not isinstance(n, float) or math.isfinite(n))
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
session_entry = st.fixed_dictionaries(
    {},
    optional={
        key: json_hostile | texts
        for key in (
            "host",
            "name",
            "value",
            "path",
            "secure",
            "httponly",
            "sameSite",
            "originAttributes",
            "expiry",
        )
    },
)


@FUZZ
@given(st.lists(session_entry, max_size=5), st.booleans())
def test_firefox_session_store_entries(entries: list[dict[str, Any]], windows: bool) -> None:
    good = {"host": "good.example", "name": "good", "value": "1", "path": "/"}
    with folder() as base:
        path = base / "cookies.sqlite"
        connection = sqlite3.connect(path)
        connection.executescript(FIREFOX_V17)
        connection.execute("PRAGMA user_version = 17")
        connection.close()
        cookies = [good, *entries]
        document = {"windows": [{"cookies": cookies}]} if windows else {"cookies": cookies}
        text = json.dumps(document, ensure_ascii=True)
        (base / "sessionstore.jsonlz4").write_bytes(mozlz4.compress(text.encode()))
        result = read_store(Store("firefox", "Firefox", Family.FIREFOX, "p", path, base))
        assert result.ok, result.error
        check_store(result)


safari_numbers = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [1e20, -1e15, math.inf, -math.inf, 0.0, 8e8]
)
safari_text = st.binary(max_size=30).map(lambda raw: raw.replace(b"\x00", b""))


@FUZZ
@given(
    st.lists(
        st.tuples(
            safari_text,
            safari_text,
            safari_numbers,
            safari_numbers,
            safari_text,
            st.integers(0, 2**32 - 1),
        ),
        max_size=6,
    )
)
def test_safari_records(records: list[tuple[bytes, bytes, float, float, bytes, int]]) -> None:
    good = safari_record(b"good.example", b"good", 8e8, 7e8)
    built = [
        safari_record(domain, name, expires, created, path=path, flags=flags)
        for domain, name, expires, created, path, flags in records
    ]
    with folder() as base:
        path = base / "Cookies.binarycookies"
        path.write_bytes(safari_file([good, *built]))
        result = read_store(Store("safari", "Safari", Family.SAFARI, "p", path, base))
        assert result.ok, result.error
        check_store(result)


# --------------------------------------------------------------------------- real stores


def sample(relative: str) -> Path:
    return Path(str(resource("sample", *relative.split("/"))))


REAL_STORES = {
    Family.CHROMIUM: ("chromium/Default/Cookies", "cookies"),
    Family.FIREFOX: ("firefox/k3v9x2qa.sample/cookies.sqlite", "moz_cookies"),
}


@FUZZ
@given(
    st.sampled_from(sorted(REAL_STORES)),
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 10_000), hostile), max_size=6),
)
def test_real_store_with_hostile_values(
    family: Family, changes: list[tuple[int, int, Any]]
) -> None:
    """Stores written by real Chromium and Firefox, with cells replaced by hostile values."""
    relative, table = REAL_STORES[family]
    with folder() as base:
        path = base / Path(relative).name
        shutil.copyfile(sample(relative), path)
        connection = sqlite3.connect(path)
        columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
        rowids = [row[0] for row in connection.execute(f"SELECT rowid FROM {table}")]
        for row_pick, column_pick, value in changes:
            column = columns[column_pick % len(columns)]
            mark = "CAST(? AS TEXT)" if isinstance(value, NotUtf8) else "?"
            raw = bytes(value) if isinstance(value, NotUtf8) else value
            try:
                connection.execute(
                    f'UPDATE OR IGNORE {table} SET "{column}" = {mark} WHERE rowid = ?',
                    (raw, rowids[row_pick % len(rowids)]),
                )
            except sqlite3.IntegrityError:
                pass  # a NOT NULL column keeps its value, as it would in a real file
        connection.commit()
        connection.close()
        result = read_store(Store(family.value, family.value, family, "p", path, base))
        assert result.ok, result.error
        assert len(result.cookies) >= len(rowids) - len(changes)  # bad rows cost only themselves
        check_store(result, good_expected=False)


@FUZZ
@given(
    st.sampled_from(sorted(REAL_STORES)),
    st.lists(st.tuples(st.integers(0, 2**31), st.binary(min_size=1, max_size=8)), max_size=8),
    st.one_of(st.none(), st.integers(0, 2**31)),
)
def test_real_store_with_damaged_bytes(
    family: Family, patches: list[tuple[int, bytes]], cut: int | None
) -> None:
    """Bytes of a real store overwritten or cut short: read, or a typed error naming it."""
    relative, _table = REAL_STORES[family]
    data = bytearray(sample(relative).read_bytes())
    for offset, patch in patches:
        start = 100 + offset % max(1, len(data) - 100)  # keep the header: mutate the pages
        data[start : start + len(patch)] = patch
    if cut is not None:
        del data[cut % len(data) :]
    with folder() as base:
        path = base / Path(relative).name
        path.write_bytes(bytes(data))
        result = read_store(Store(family.value, family.value, family, "p", path, base))
        if not result.ok:
            assert str(path) in (result.error or ""), result.error
            assert result.error_type not in (None, "StoreError") or "could not be read" in (
                result.error or ""
            )
        else:
            check_store(result, good_expected=False)


# --------------------------------------------------------------------------- consent values


def consent_names() -> list[str]:
    return sorted(COOKIE_NAMES) + [prefix + "x" for prefix, _ in COOKIE_PREFIXES]


@contextmanager
def memory_bound(value: str) -> Iterator[None]:
    tracemalloc.start()
    try:
        yield
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 400 * len(value) + 8_000_000, (peak, len(value))


def mutate(text: str, rng: random.Random, edits: int) -> str:
    """Structure-aware edits of a real value: swap, drop, repeat or insert its own pieces."""
    chars = list(text)
    alphabet = sorted(set(text)) or ["A"]
    for _ in range(edits):
        if not chars:
            chars = list(rng.choice(alphabet))
        position = rng.randrange(len(chars))
        action = rng.randrange(5)
        if action == 0:
            chars[position] = rng.choice(alphabet)
        elif action == 1:
            del chars[position]
        elif action == 2:
            chars[position:position] = chars[position : position + rng.randrange(1, 50)]
        elif action == 3:
            chars[position:position] = list(rng.choice(["%", "~", ".", "{", "[", '"', "\\u"]))
        else:
            chars = chars[:position]
    return "".join(chars)[: 16 * 1024]


SEEDS = [value for _, value in consent_values()] + [
    tc_string(2),
    "groups=C0001%3A1%2CC0002%3A0&isGpcEnabled=0&datestamp=Sat+Nov+01+2026",
    "{stamp:%27x%27%2Cnecessary:true%2Cpreferences:false%2Cmarketing:false}",
    '{"purposes":{"enabled":["analytics"]},"vendors":{"disabled":["google"]}}',
]


@FUZZ
@given(
    st.sampled_from(consent_names()),
    st.integers(0, len(SEEDS) - 1),
    st.integers(0, 2**32),
    st.integers(0, 30),
)
def test_consent_decoders_mutated_values(name: str, seed: int, rng_seed: int, edits: int) -> None:
    value = mutate(SEEDS[seed], random.Random(rng_seed), edits)
    with memory_bound(value):
        decode_consent(name, value)


@FUZZ
@given(
    st.sampled_from(consent_names()),
    st.text(max_size=300) | st.binary(max_size=300).map(lambda raw: raw.decode("latin-1")),
)
def test_consent_decoders_arbitrary_values(name: str, value: str) -> None:
    with memory_bound(value):
        decode_consent(name, value)


@FUZZ
@given(st.text())
def test_terminal_text_never_lets_a_control_through(text: str) -> None:
    shown = terminal_text(text)
    assert all(c.isprintable() or c in SHOWN_AS_SPACE for c in shown)
    if all(c.isprintable() or c in SHOWN_AS_SPACE for c in text):
        assert shown == text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Cookies\u00a0: 3", "Cookies\u00a0: 3"),  # French punctuation spacing stays as it is
        ("12\u202f345", "12\u202f345"),  # French thousands separator
        ("a\u2028b", "a\\u2028b"),  # a line separator could forge a line
        ("\x1b[2Jgone", "\\x1b[2Jgone"),
    ],
    ids=["no-break-space", "narrow-no-break-space", "line-separator", "escape-sequence"],
)
def test_terminal_text_keeps_no_break_spaces_and_escapes_the_rest(text: str, shown: str) -> None:
    assert terminal_text(text) == shown


@FUZZ
@given(st.text())
@example("tag\U000e0001 soft\u00ad csi\x9b rlo\u202e lone\ud800 nbsp\u00a0")
def test_terminal_json_escapes_what_terminal_text_does_and_reads_back(text: str) -> None:
    shown = terminal_json(json.dumps({"text": text}, ensure_ascii=False, indent=1))
    assert json.loads(shown) == {"text": text}
    assert all(c.isprintable() or c in SHOWN_AS_SPACE or c == "\n" for c in shown), shown
