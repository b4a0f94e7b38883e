"""The command line's contract: JSON fields, exit status, messages."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from inspector import __version__
from tests.support.cli import run
from tests.support.storefactory import FakeCookie, make_chromium_store, make_firefox_store

REQUIRED_COOKIE_FIELDS = {
    "id",
    "browser",
    "profile",
    "store",
    "host",
    "name",
    "path",
    "created",
    "expires",
    "last_accessed",
    "session",
    "secure",
    "http_only",
    "same_site",
    "partition_key",
    "site",
    "party",
    "organization",
    "service",
    "purpose",
    "consent_role",
    "lifetime",
    "exceeds_13_months",
    "confidence",
    "rule",
}


@pytest.fixture
def stores(tmp_path: Path) -> tuple[Path, Path]:
    chrome = make_chromium_store(
        tmp_path / "chrome/Default/Cookies",
        [
            FakeCookie(".news.example", "_ga", value="GA1.1.1.2"),
            FakeCookie("news.example", "PHPSESSID", expires=None),
        ],
    )
    firefox = make_firefox_store(
        tmp_path / "ff/cookies.sqlite",
        [
            FakeCookie(".doubleclick.net", "IDE"),
        ],
    )
    return chrome, firefox


def test_scan_json_contract(stores: tuple[Path, Path]) -> None:
    chrome, firefox = stores
    code, out, _ = run(
        "scan", "--store", str(chrome.parent.parent), "--store", str(firefox), "--json"
    )
    assert code == 0
    document = json.loads(out)
    assert document["schema_version"] == 1
    assert [s["cookie_count"] for s in document["stores"]] == [2, 1]
    assert all(s["error"] is None for s in document["stores"])
    for cookie in document["cookies"]:
        assert set(cookie) >= REQUIRED_COOKIE_FIELDS
        assert "value" not in cookie  # values are hidden unless asked for
    session = next(c for c in document["cookies"] if c["name"] == "PHPSESSID")
    assert session["session"] is True and session["expires"] is None
    assert session["created"].endswith("Z")


def test_failed_store_gives_exit_3_and_others_still_read(
    stores: tuple[Path, Path], tmp_path: Path
) -> None:
    chrome, _ = stores
    broken = tmp_path / "broken" / "Cookies"
    broken.parent.mkdir()
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    code, out, _ = run("scan", "--store", str(chrome), "--store", str(broken), "--json")
    assert code == 3
    document = json.loads(out)
    errors = [s for s in document["stores"] if s["error"]]
    assert len(errors) == 1 and str(broken) in errors[0]["error"]
    assert len(document["cookies"]) == 2


def test_missing_path_is_reported_on_stderr(tmp_path: Path) -> None:
    code, out, err = run("scan", "--store", str(tmp_path / "nope"))
    assert code == 3
    assert "does not exist" in err
    assert "does not exist" not in out  # results on stdout, errors on stderr


def test_usage_error_is_2() -> None:
    code, _, err = run("scan", "--bogus")
    assert code == 2
    assert "usage" in err


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out


def test_table_output(stores: tuple[Path, Path]) -> None:
    chrome, _ = stores
    code, out, _ = run("scan", "--store", str(chrome))
    assert code == 0
    assert "_ga" in out and "PHPSESSID" in out


def test_table_says_once_what_its_columns_and_flags_mean(
    stores: tuple[Path, Path], tmp_path: Path
) -> None:
    chrome, _ = stores
    _code, out, _err = run("scan", "--store", str(chrome))
    legend = " ".join(out.rstrip().split("\n\n")[-1].split())
    assert "S = Secure" in legend and "H = HttpOnly" in legend and "13 months" in legend
    assert out.count("S = Secure") == 1
    _code, out, _err = run("scan", "--store", str(tmp_path / "nope"))
    assert "S = Secure" not in out  # no cookie listed, nothing to explain


def test_show_values(stores: tuple[Path, Path]) -> None:
    chrome, _ = stores
    _, out, _ = run("scan", "--store", str(chrome), "--json", "--show-values")
    values = {c["name"]: c["value"] for c in json.loads(out)["cookies"]}
    assert values["_ga"] == "GA1.1.1.2"


def test_delete_dry_run_json(stores: tuple[Path, Path]) -> None:
    chrome, firefox = stores
    code, out, _ = run(
        "delete",
        "--trackers",
        "--dry-run",
        "--json",
        "--store",
        str(chrome),
        "--store",
        str(firefox),
    )
    assert code == 0
    plan = json.loads(out)
    assert set(plan) == {"delete", "keep"}
    assert len(plan["delete"]) == 2  # _ga and IDE
    assert {k["reason"] for k in plan["keep"]} == {"necessary"}


def test_delete_without_terminal_or_yes_refuses(
    stores: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    chrome, _ = stores
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    before = chrome.read_bytes()
    code, _, err = run("delete", "--trackers", "--store", str(chrome))
    assert code == 2 and "--yes" in err
    assert chrome.read_bytes() == before


def test_delete_then_undo_list(stores: tuple[Path, Path]) -> None:
    chrome, _ = stores
    code, out, _ = run("delete", "--trackers", "--yes", "--store", str(chrome))
    assert code == 0 and "Deleted 1 cookie." in out
    code, out, _ = run("undo", "--list", "--json")
    [entry] = json.loads(out)
    assert entry["status"] == "applied" and entry["cookies"] == 1
    code, out, _ = run("undo", entry["id"])
    assert code == 0 and "Put back 1" in out


def test_keep_list_round_trip() -> None:
    assert run("keep", "add", "https://Bank.example/login", "mail.example")[0] == 0
    _, out, _ = run("keep", "list")
    assert out.split() == ["bank.example", "mail.example"]
    run("keep", "remove", "mail.example")
    assert run("keep", "list")[1].split() == ["bank.example"]


def test_explain_command(stores: tuple[Path, Path]) -> None:
    chrome, _ = stores
    code, out, _ = run("explain", "--store", str(chrome), "--name", "_ga")
    assert code == 0
    assert "_ga" in out and "Google" in out and "GDPR" in out
    assert "PHPSESSID" not in out


def test_catalogue_list() -> None:
    code, out, _ = run("catalogue", "list")
    assert code == 0 and "bundled" in out and "cookie entries" in out


def test_scan_json_explain_adds_explanations(stores: tuple[Path, Path]) -> None:
    chrome, _ = stores
    _, out, _ = run("scan", "--store", str(chrome), "--json", "--explain")
    explanation = json.loads(out)["cookies"][0]["explanation"]
    assert set(explanation) == {
        "what",
        "why",
        "how_long",
        "who_receives",
        "how_to_object",
        "your_rights",
    }


def test_window_without_a_display_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    code, _, err = run()
    assert code == 1 and "no graphical display" in err and "scan" in err


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "yes"])
def test_delete_names_a_store_it_could_not_read_and_exits_3(
    stores: tuple[Path, Path], tmp_path: Path, dry_run: bool
) -> None:
    # A deletion that silently skipped a store would look complete when it was not.
    chrome, _ = stores
    missing = tmp_path / "gone" / "Cookies"
    mode = "--dry-run" if dry_run else "--yes"
    code, out, err = run(
        "delete", "--trackers", mode, "--store", str(chrome), "--store", str(missing)
    )
    assert code == 3
    assert str(missing) in err and "could not be read" in err
    assert ("_ga" in out) if dry_run else ("Deleted 1 cookie." in out)


def test_delete_plan_tells_apart_cookies_of_one_name_and_host(tmp_path: Path) -> None:
    chrome = make_chromium_store(
        tmp_path / "c" / "Default" / "Cookies",
        [
            FakeCookie(".doubleclick.net", "IDE", path="/"),
            FakeCookie(".doubleclick.net", "IDE", path="/ads"),
        ],
    )
    code, out, _ = run("delete", "--trackers", "--dry-run", "--store", str(chrome))
    assert code == 0
    lines = [line for line in out.splitlines() if "IDE on .doubleclick.net" in line]
    assert len(lines) == 2 and len(set(lines)) == 2
    assert any("path /ads" in line for line in lines)
