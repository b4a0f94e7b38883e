"""The safe readers under the decoders: JS literals, percent-encoding, base64, JSON, dates."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.consent.jsliteral import parse_js_literal
from inspector.consent.parsing import (
    b64decode,
    epoch_datetime,
    http_or_js_date,
    iso_datetime,
    load_json,
    percent_decode,
)
from inspector.errors import ConsentFormatError

LITERALS = [
    pytest.param("{a:1,b:'x',c:true,d:false,e:null}", {"a": 1, "b": "x", "c": True, "d": False,
                 "e": None}, id="cookiebot-like"),
    pytest.param('{"a": [1, 2.5, -3, "s"]}', {"a": [1, 2.5, -3, "s"]}, id="json-is-a-literal"),
    pytest.param("{ stamp : 'a\\'b' , }", {"stamp": "a'b"}, id="escape-and-trailing-comma"),
    pytest.param("{k:'\\u0041\\x42\\n'}", {"k": "AB\n"}, id="unicode-and-hex-escapes"),
    pytest.param("{$x:undefined, _y: 1e3}", {"$x": None, "_y": 1000.0}, id="identifiers"),
    pytest.param("[]", [], id="empty-array"),
    pytest.param("{1:'one'}", {"1": "one"}, id="numeric-key"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "value"), LITERALS)
def test_js_literals(text: str, value: Any) -> None:
    # Reason: the forms Cookiebot and hand-written cookies use.
    assert parse_js_literal(text) == value


BAD_LITERALS = [
    pytest.param("{a:1", id="unclosed-object"),
    pytest.param("{a:'x}", id="unclosed-string"),
    pytest.param("{a:x}", id="bare-identifier-value"),
    pytest.param("{a:1}{b:2}", id="two-values"),
    pytest.param("{a:1 b:2}", id="missing-comma"),
    pytest.param("{'a'}", id="missing-colon"),
    pytest.param("{a:'\\u12'}", id="short-unicode-escape"),
    pytest.param("{a:'line\nbreak'}", id="line-break-in-string"),
    pytest.param("{a:" + "9" * 40 + "}", id="huge-number"),
    pytest.param("{a:01}", id="leading-zero"),
    pytest.param("[" * 100 + "]" * 100, id="too-deep"),
    pytest.param("(function(){})()", id="code"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("text", BAD_LITERALS)
def test_bad_js_literals(text: str) -> None:
    # Reason: anything but plain data is refused, never evaluated or guessed.
    with pytest.raises(ConsentFormatError):
        parse_js_literal(text)


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_js_literal_never_raises_other_errors(text: str) -> None:
    # Reason: the literal parser sees raw website data.
    with contextlib.suppress(ConsentFormatError):
        parse_js_literal(text)


@pytest.mark.parametrize(
    ("text", "plus", "expected"),
    [
        pytest.param("a%20b+c", False, "a b+c", id="keep-plus"),
        pytest.param("a%20b+c", True, "a b c", id="plus-is-space"),
        pytest.param("%E2%80%99", False, "\u2019", id="utf8"),
    ],
)
def test_percent_decode(text: str, plus: bool, expected: str) -> None:
    # Reason: OneTrust uses + for spaces; JSON cookies do not.
    assert percent_decode(text, plus_is_space=plus) == expected


@pytest.mark.parametrize("text", ["%", "%2", "%zz", "%E2%80", "%C0%AF", "%FF"])
def test_broken_percent_encoding(text: str) -> None:
    # Reason: broken escapes and invalid UTF-8 are errors, not silently kept.
    with pytest.raises(ConsentFormatError):
        percent_decode(text)


@pytest.mark.parametrize(
    ("text", "data"),
    [
        pytest.param("CAI", b"\x08\x02", id="unpadded"),
        pytest.param("CAI=", b"\x08\x02", id="padded"),
        pytest.param("-_8", b"\xfb\xff", id="urlsafe"),
        pytest.param("+/8=", b"\xfb\xff", id="standard"),
    ],
)
def test_b64decode(text: str, data: bytes) -> None:
    # Reason: cookies use both base64 alphabets, with and without padding.
    assert b64decode(text) == data


@pytest.mark.parametrize("text", ["", "A", "ab=c", "a b", "@@@@", "AAAAA"])
def test_bad_base64(text: str) -> None:
    # Reason: truncated or foreign text is not base64.
    with pytest.raises(ConsentFormatError):
        b64decode(text)


@pytest.mark.parametrize(
    "text", ["[" * 17 + "]" * 17, "{", "[NaN]", "[Infinity]", "1" * 5000, "{'a':1}"]
)
def test_bad_json(text: str) -> None:
    # Reason: depth limit, non-JSON constants and Python's int limit are all format errors.
    with pytest.raises(ConsentFormatError):
        load_json(text)


def test_json_depth_ignores_brackets_in_strings() -> None:
    # Reason: brackets inside strings are text, not nesting.
    assert load_json('["' + "[" * 100 + '"]') == ["[" * 100]


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        pytest.param("Tue Oct 19 2021 11:31:41 GMT+0800 (Taipei Standard Time)",
                     datetime(2021, 10, 19, 3, 31, 41, tzinfo=UTC), id="js-date-string"),
        pytest.param("Sun Apr 06 2025 17:01:47 GMT+0200 (heure d’été d’Europe centrale)",
                     datetime(2025, 4, 6, 15, 1, 47, tzinfo=UTC), id="localised-zone-name"),
        pytest.param("Tue, 01 Jul 2025 10:00:00 GMT", datetime(2025, 7, 1, 10, tzinfo=UTC),
                     id="http-date"),
        pytest.param("Tue Feb 30 2021 11:31:41 GMT+0800", None, id="impossible-date"),
        pytest.param("soon", None, id="not-a-date"),
    ],
)  # fmt: skip
def test_http_or_js_date(text: str, moment: datetime | None) -> None:
    # Reason: OneTrust's datestamp is JavaScript's Date.toString().
    assert http_or_js_date(text) == moment


def test_iso_and_epoch_dates() -> None:
    # Reason: times without a zone or outside 2000..now are not guessed.
    assert iso_datetime("2024-01-02T03:04:05Z") == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert iso_datetime("2024-01-02T03:04:05") is None
    assert iso_datetime("1999-01-01T00:00:00Z") is None
    assert iso_datetime("2999-01-01T00:00:00Z") is None
    assert epoch_datetime(1707240048272, scale=1000) == datetime(
        2024, 2, 6, 17, 20, 48, 272000, tzinfo=UTC
    )
    assert epoch_datetime(True) is None
    assert epoch_datetime(float("nan")) is None
    assert epoch_datetime(-5) is None
