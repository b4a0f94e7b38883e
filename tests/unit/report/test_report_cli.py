"""``cookie-inspector report``: formats, exit status, atomic writing, values."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from inspector.cli import main
from inspector.errors import InspectorError
from inspector.report import command
from tests.support.forks import Forks
from tests.support.storefactory import FakeCookie, make_chromium_store, make_firefox_store


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def stores(tmp_path: Path) -> list[str]:
    chrome = make_chromium_store(
        tmp_path / "chrome" / "Default" / "Cookies",
        [
            FakeCookie(".news.example", "_ga", value="GA1.1.1.2"),
            FakeCookie("news.example", "PHPSESSID", value="session-secret", expires=None),
        ],
    )
    firefox = make_firefox_store(
        tmp_path / "ff" / "cookies.sqlite",
        [
            FakeCookie(".doubleclick.net", "IDE", value="ad-id"),
        ],
    )
    return ["--store", str(chrome.parent.parent), "--store", str(firefox)]


def read(path: Path, fmt: str) -> list[str]:
    """The cookie names a report file holds."""
    if fmt == "json":
        return [c["name"] for c in json.loads(path.read_text("utf-8"))["cookies"]]
    if fmt == "csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [row["name"] for row in csv.DictReader(handle)]
    text = path.read_text("utf-8")
    return [name for name in ("_ga", "PHPSESSID", "IDE") if f"<code>{name}</code>" in text]


@pytest.mark.parametrize("fmt", ["html", "json", "csv"])
def test_each_format_is_written(tmp_path: Path, stores: list[str], fmt: str) -> None:
    target = tmp_path / f"report.{fmt}"
    code, out, err = run("report", *stores, "--format", fmt, "-o", str(target))
    assert code == 0, err
    assert sorted(read(target, fmt)) == ["IDE", "PHPSESSID", "_ga"]
    assert str(target) in out and "3 cookies" in out
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["--format", "html"], "-o/--output", id="no-output"),
        pytest.param(["-o", "x.html"], "--format", id="no-format"),
        pytest.param(["--format", "doc", "-o", "x.doc"], "invalid choice", id="unknown-format"),
    ],
)
def test_usage_errors_are_2(argv: list[str], message: str) -> None:
    code, _, err = run("report", *argv)
    assert code == 2 and message in err


def test_a_failed_store_gives_3_and_the_report_says_why(tmp_path: Path, stores: list[str]) -> None:
    broken = tmp_path / "broken" / "Cookies"
    broken.parent.mkdir()
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    target = tmp_path / "report.json"
    code, out, _ = run(
        "report", *stores, "--store", str(broken), "--format", "json", "-o", str(target)
    )
    assert code == 3 and "could not be read" in out
    document = json.loads(target.read_text("utf-8"))
    assert document["summary"]["stores_failed"] == 1 and len(document["cookies"]) == 3


def test_a_missing_folder_is_an_error_and_writes_nothing(tmp_path: Path, stores: list[str]) -> None:
    target = tmp_path / "nowhere" / "report.html"
    code, _, err = run("report", *stores, "--format", "html", "-o", str(target))
    assert code == 1 and "does not exist" in err
    assert not target.parent.exists()


def test_a_failure_while_writing_keeps_the_old_file(
    tmp_path: Path, stores: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.json"
    target.write_text("the previous report", "utf-8")

    def broken_replace(self: Path, other: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", broken_replace)
    code, _, err = run("report", *stores, "--format", "json", "-o", str(target))
    assert code == 1 and "No space left on device" in err
    assert target.read_text("utf-8") == "the previous report"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["report.json"]


def test_a_failure_while_rendering_leaves_nothing(
    tmp_path: Path, stores: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(report: object, **options: object) -> bytes:
        raise InspectorError("rendering failed")

    monkeypatch.setitem(command.CORE_RENDERERS, "csv", broken)
    target = tmp_path / "report.csv"
    code, _, _ = run("report", *stores, "--format", "csv", "-o", str(target))
    assert code == 1 and not target.exists()
    assert [p for p in tmp_path.iterdir() if p.is_file()] == []


def test_values_only_when_asked_with_a_warning(tmp_path: Path, stores: list[str]) -> None:
    plain, secret = tmp_path / "plain.json", tmp_path / "values.json"
    _, _, err = run("report", *stores, "--format", "json", "-o", str(plain))
    assert "session-secret" not in plain.read_text("utf-8") and "warning" not in err
    code, _, err = run("report", *stores, "--format", "json", "-o", str(secret), "--include-values")
    assert code == 0 and "warning" in err and "sign-in" in err
    document = json.loads(secret.read_text("utf-8"))
    assert document["warning"] and document["includes_values"] is True
    assert {c["name"]: c["value"] for c in document["cookies"]}["PHPSESSID"] == "session-secret"
    if os.name != "nt":
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600  # readable by its owner only


def test_deletion_history_appears_after_a_deletion(tmp_path: Path, stores: list[str]) -> None:
    code, _, _ = run("delete", "--trackers", "--yes", *stores)
    assert code == 0
    target = tmp_path / "report.json"
    run("report", *stores, "--format", "json", "-o", str(target))
    [deletion] = json.loads(target.read_text("utf-8"))["deletions"]
    assert deletion["status"] == "applied" and deletion["cookies"] == 2
    names = [name for store in deletion["stores"] for name in store["names"]]
    assert sorted(names) == [".doubleclick.net IDE", ".news.example _ga"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="two processes need fork")
@pytest.mark.parametrize("values", [False, True], ids=["redacted", "values"])
@pytest.mark.parametrize("fmt", ["html", "json", "csv"])
def test_a_report_written_by_two_processes_is_the_report_of_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, values: bool, fmt: str
) -> None:
    """The command's report with a second process (for HTML started before the report is
    built, or after it with values) is the report one process writes, whatever the time it
    says."""
    import re

    from inspector.report import csv_report, html, json_report

    cookies = [
        FakeCookie(f".site{index % 40}.example", f"c{index}", value=f"v{index}")
        for index in range(300)
    ]
    store = make_chromium_store(tmp_path / "c" / "Default" / "Cookies", cookies)
    forks = Forks()
    monkeypatch.setattr(os, "fork", forks)
    reports = {}
    for two in (False, True):
        monkeypatch.setattr(html, "worth_two_processes", lambda cookies, two=two: two)
        for module in (json_report, csv_report):
            monkeypatch.setattr(module, "worth_two_processes", lambda cookies, two=two: two)
        target = tmp_path / f"{two}.{fmt}"
        extra = ["--include-values"] if values else []
        code, _out, err = run(
            "--home", str(tmp_path / "home"), "report", "--format", fmt,
            "--store", str(store.parent.parent), "-o", str(target), *extra,
        )  # fmt: skip
        assert code == 0, err
        made_on = re.compile(rb'<time datetime=[^<]*</time>|"generated": "[^"]*"')
        reports[two] = made_on.sub(b"", target.read_bytes())
    assert forks.children == 1  # one child, for the report written by two
    assert reports[True] == reports[False]
    assert reports[True].count(b"c299") >= 1 and reports[True].count(b"c0") >= 1
