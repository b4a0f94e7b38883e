"""Regression corpus: what a crafted store can make the command line print (issue #12).

Names and hosts hold escape sequences, carriage returns, newlines and bidi overrides; the
terminal output of scan, explain and the deletion plan shows them as visible escapes, so no
line of the plan a person approves can be hidden or rewritten. A store full of malformed rows
still gives valid JSON, exit status 0 and no traceback.
"""

from __future__ import annotations

import io
import json
import sqlite3
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from inspector.cli import main
from inspector.terminal import terminal_text
from tests.support.cli import run
from tests.support.storefactory import FakeCookie, make_chromium_store, make_firefox_store

HOSTILE_NAMES = [
    "_ga\x1b[2K\rIDE",  # erase the line, then print something else over it
    "x\nNothing to delete.",  # a forged line
    "\u202eevil",  # right-to-left override
    "a\x9b31mred",  # the one-character CSI
    "zero\u200bwidth",
    "bell\x07",
]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        pytest.param("plain_name", "plain_name", id="plain-unchanged"),
        pytest.param("café.fr", "café.fr", id="accents-unchanged"),
        pytest.param("a\\b", "a\\b", id="backslash-alone-unchanged"),
        pytest.param("a\\b\x1b", "a\\\\b\\x1b", id="backslash-doubled-when-escaping"),
        pytest.param("\x1b[2K", "\\x1b[2K", id="escape"),
        pytest.param("a\r\nb\t", "a\\r\\nb\\t", id="line-breaks"),
        pytest.param("\u202e\u2066", "\\u202e\\u2066", id="bidi"),
        pytest.param("\x9b", "\\x9b", id="c1-csi"),
        pytest.param("\ud800", "\\ud800", id="lone-surrogate"),
        pytest.param("\U000e0001", "\\U000e0001", id="tag-character"),
        # French puts them before ":" and ";": they look like a space and move nothing
        pytest.param("Gardés\u00a0: 12\u202f345", "Gardés\u00a0: 12\u202f345", id="no-break"),
        pytest.param("a\u2028b", "a\\u2028b", id="line-separator-still-escaped"),
    ],
)
def test_terminal_text(text: str, shown: str) -> None:
    assert terminal_text(text) == shown


def hostile_store(folder: Path) -> Path:
    cookies = [FakeCookie("good.example", "good")]
    cookies += [FakeCookie("doubleclick.net", name) for name in HOSTILE_NAMES]
    cookies += [FakeCookie("evil\x1b]0;title\x07.example", "_ga")]
    return make_chromium_store(folder / "Default" / "Cookies", cookies)


def no_control_characters(text: str) -> None:
    for line in text.splitlines():
        # no-break spaces (French typography) are left as they are: they move nothing
        assert all(c.isprintable() or c in "\u00a0\u202f" for c in line), repr(line)


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["scan"], id="scan"),
        pytest.param(["scan", "--show-values"], id="scan-values"),
        pytest.param(["explain"], id="explain"),
        pytest.param(["delete", "--trackers", "--dry-run"], id="delete-plan"),
        pytest.param(["delete", "--site", "doubleclick.net", "--dry-run"], id="delete-site-plan"),
    ],
)
def test_store_text_is_escaped_on_the_terminal(command: list[str], tmp_path: Path) -> None:
    path = hostile_store(tmp_path)
    code, out, err = run(*command, "--store", str(path))
    assert code == 0, err
    no_control_characters(out)
    no_control_characters(err)
    if command[0] == "delete":
        expected = len(HOSTILE_NAMES) + ("--trackers" in command)  # + _ga on the evil host
        assert out.count("\n  - ") == expected, out  # one plan line per cookie
        assert "Nothing to delete." not in out.replace("x\\nNothing to delete.", "")


def test_scan_json_of_a_store_full_of_bad_rows(tmp_path: Path) -> None:
    chromium = make_chromium_store(
        tmp_path / "c" / "Cookies", [FakeCookie(f"h{i}.example", f"n{i}") for i in range(8)]
    )
    firefox = make_firefox_store(
        tmp_path / "f" / "cookies.sqlite", [FakeCookie(f"h{i}.example", f"n{i}") for i in range(6)]
    )
    with sqlite3.connect(chromium) as connection:
        for statement in (
            "UPDATE cookies SET host_key = X'ff' WHERE name = 'n0'",
            "UPDATE cookies SET creation_utc = 1e300 WHERE name = 'n1'",
            f"UPDATE cookies SET expires_utc = {2**63 - 1} WHERE name = 'n2'",
            "UPDATE cookies SET top_frame_site_key = X'00' WHERE name = 'n3'",
            "UPDATE cookies SET name = CAST(X'ff' AS TEXT) WHERE name = 'n4'",
        ):
            connection.execute(statement)
    connection.close()
    with sqlite3.connect(firefox) as connection:
        for statement in (
            "UPDATE moz_cookies SET host = NULL WHERE name = 'n0'",
            f"UPDATE moz_cookies SET expiry = {2**63 - 1} WHERE name = 'n1'",
            "UPDATE moz_cookies SET lastAccessed = 'x' WHERE name = 'n2'",
        ):
            connection.execute(statement)
    connection.close()
    code, out, err = run("scan", "--json", "--store", str(chromium), "--store", str(firefox))
    assert code == 0, err
    assert "Traceback" not in err
    document = json.loads(out)
    assert len(document["cookies"]) == 6 + 5
    warnings = [w for store in document["stores"] for w in store["warnings"]]
    assert len(warnings) == 3, warnings


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_scan_json_on_a_terminal_escapes_c1_and_bidi(tmp_path: Path) -> None:
    path = hostile_store(tmp_path)
    out = Terminal()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        code = main(["scan", "--json", "--store", str(path)])
    assert code == 0
    text = out.getvalue()
    assert "\x9b" not in text and "\u202e" not in text and "\x1b" not in text
    names = {cookie["name"] for cookie in json.loads(text)["cookies"]}
    assert set(HOSTILE_NAMES) <= names  # the same data, read back unchanged
