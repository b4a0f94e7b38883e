"""The JSON report against its schema, and the CSV report read back with the csv module."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from inspector.analysis import analyse
from inspector.classify import Classifier
from inspector.cli import scan_document
from inspector.deletion.backup import Backup, BackupStore, StorePart
from inspector.paths import AppPaths
from inspector.report.csv_report import FORMULA_STARTS, cell, columns, render_csv
from inspector.report.json_report import SCHEMA_ID, render_json, report_document
from inspector.report.model import build_report
from inspector.resources import resource
from inspector.scan import scan
from tests.support.analysis import REFUSAL, analysis_of
from tests.support.storefactory import NOW, FakeCookie

COOKIES = [
    FakeCookie(
        ".news.example",
        "_ga",
        value="GA1.1.5.6",
        created=NOW + timedelta(days=2),
        expires=NOW + timedelta(days=800),
    ),
    FakeCookie(".news.example", "OptanonConsent", value=REFUSAL),
    FakeCookie(".doubleclick.net", "IDE", value="=cmd|' /C calc'!A0"),
    FakeCookie(".doubleclick.net", "id", value="OPT_OUT"),
    FakeCookie("shop.example", "cart", value="2 items", expires=None),
    FakeCookie("shop.example", "ünïcødé-名前", value="naïve ☕"),
]
FORMULA_NAMES = [
    pytest.param('=HYPERLINK("https://evil.example","click")', id="equals"),
    pytest.param("+1+1", id="plus"),
    pytest.param("-2+3", id="minus"),
    pytest.param("@SUM(A1:A2)", id="at"),
    pytest.param("\tTAB", id="tab"),
    pytest.param("\rCR", id="carriage-return"),
]


def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(resource("report", "report.schema.json").read_text("utf-8"))
    return loaded


def validate(document: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(schema()).validate(document)


def with_history(private_home: Path, tmp_path: Path) -> list[Backup]:
    paths = AppPaths.resolve(private_home)
    part = StorePart(
        "Chromium",
        "chromium",
        "Default",
        "chromium",
        str(tmp_path / "Cookies"),
        str(tmp_path),
        None,
        table="cookies",
        columns=("host_key", "name", "value"),
        key=("host_key", "name"),
        rows=((".ads.example", "uid", "secret-1"),),
    )
    BackupStore(paths).write(
        Backup(
            "20261120T093000Z-abc123",
            datetime(2026, 11, 20, tzinfo=UTC),
            "Delete trackers",
            "applied",
            (part,),
        )
    )
    return BackupStore(paths).all()


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_schema_is_a_valid_2020_12_schema() -> None:
    loaded = schema()
    jsonschema.Draft202012Validator.check_schema(loaded)
    assert loaded["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert loaded["$id"] == SCHEMA_ID
    assert loaded["properties"]["report_schema_version"]["const"] == 2


def test_cookie_fields_are_exactly_those_of_scan_json(tmp_path: Path) -> None:
    analysis = analysis_of(tmp_path, COOKIES)
    scanned = scan_document(analysis, explain=True, values=True)["cookies"][0]
    cookie_schema = schema()["$defs"]["cookie"]
    assert list(cookie_schema["properties"]) == list(scanned)
    assert set(cookie_schema["required"]) == set(scanned) - {"value", "value_unavailable_reason"}


@pytest.mark.parametrize(
    ("include_values", "history"),
    [
        pytest.param(False, False, id="plain"),
        pytest.param(True, False, id="with-values"),
        pytest.param(False, True, id="with-deletion-history"),
    ],
)
def test_json_report_is_valid(
    tmp_path: Path, private_home: Path, include_values: bool, history: bool
) -> None:
    backups = with_history(private_home, tmp_path) if history else []
    report = build_report(
        analysis_of(tmp_path, COOKIES), history=backups, include_values=include_values
    )
    document = json.loads(render_json(report))
    validate(document)
    assert document["includes_values"] is include_values
    assert all(("value" in c) is include_values for c in document["cookies"])
    assert len(document["deletions"]) == (1 if history else 0)
    assert "secret-1" not in json.dumps(document)  # values of deleted cookies never appear


def test_an_empty_report_is_valid() -> None:
    document = report_document(build_report(analyse(scan([]), Classifier())))
    validate(document)
    assert document["cookies"] == [] and document["summary"]["cookies"] == 0


def test_json_holds_the_same_cookies_as_scan(tmp_path: Path) -> None:
    analysis = analysis_of(tmp_path, COOKIES)
    document = report_document(build_report(analysis))
    scanned = {c["id"]: c for c in scan_document(analysis, explain=True)["cookies"]}
    assert {c["id"] for c in document["cookies"]} == set(scanned)
    for cookie in document["cookies"]:
        expected = scanned[cookie["id"]]
        assert {k: v for k, v in cookie.items() if k != "store"} == {
            k: v for k, v in expected.items() if k != "store"
        }
    assert [c["evidence"] for c in document["contradictions"]] == [
        "set_after_refusal",
        "present_despite_refusal",
    ]
    refusal = next(r for r in document["consent_records"] if r["platform"] == "onetrust")
    assert refusal["decisions"]["analytics"] == "refused" and refusal["choice_time"]


def test_json_hides_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    text = render_json(build_report(analysis_of(tmp_path, COOKIES))).decode("utf-8")
    document = json.loads(text)
    assert str(tmp_path) not in text
    assert document["stores"][0]["path"].replace("\\", "/") == "~/chromium/Default/Cookies"
    assert all(c["store"].startswith("~") for c in document["cookies"])
    validate(document)


def test_csv_round_trip(tmp_path: Path) -> None:
    report = build_report(analysis_of(tmp_path, COOKIES))
    data = render_csv(report)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, for Excel
    rows = read_csv(data)
    assert list(rows[0]) == columns(False)
    assert len(rows) == len(report.cookies)
    by_name = {row["name"]: row for row in rows}
    assert set(by_name) == {i.finding.cookie.name for i in report.cookies}
    assert by_name["ünïcødé-名前"]["site"] == "shop.example"
    ga = by_name["_ga"]
    assert (ga["purpose"], ga["organization"], ga["exceeds_13_months"]) == (
        "analytics",
        "Google LLC",
        "true",
    )
    assert "set_after_refusal" in ga["contradictions"] and "tracker" in ga["flags"].split()
    assert ga["explanation_why"] and "value" not in ga
    assert "refused" in by_name["OptanonConsent"]["consent_summary"]
    assert by_name["cart"]["expires"] == "" and by_name["cart"]["session"] == "true"


@pytest.mark.parametrize("name", FORMULA_NAMES)
def test_csv_neutralises_formulas(tmp_path: Path, name: str) -> None:
    cookies = [*COOKIES, FakeCookie(".evil.example", name, value=name)]
    data = render_csv(build_report(analysis_of(tmp_path, cookies), include_values=True))
    rows = read_csv(data)
    [row] = [r for r in rows if r["name"] == "'" + name]
    assert row["value"] == "'" + name
    for each in rows:
        for key, text in each.items():
            if text.startswith(FORMULA_STARTS):
                float(text)  # only numbers the program computed may start with "-"
                assert key in {"lifetime_days", "remaining_days"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(None, "", id="null"),
        pytest.param(True, "true", id="true"),
        pytest.param(False, "false", id="false"),
        pytest.param(-3.5, -3.5, id="computed-number"),
        pytest.param("-3.5", "'-3.5", id="text-that-looks-like-a-number"),
        pytest.param("=1+1", "'=1+1", id="formula"),
        pytest.param("a=1", "a=1", id="equals-inside"),
        pytest.param("'quoted", "'quoted", id="apostrophe-kept"),
    ],
)
def test_csv_cells(value: object, expected: object) -> None:
    assert cell(value) == expected


def test_csv_with_values_has_the_value_columns(tmp_path: Path) -> None:
    rows = read_csv(render_csv(build_report(analysis_of(tmp_path, COOKIES), include_values=True)))
    assert list(rows[0])[-2:] == ["value", "value_unavailable_reason"]
    by_name = {row["name"]: row for row in rows}
    assert by_name["IDE"]["value"] == "'=cmd|' /C calc'!A0"
    assert by_name["cart"]["value"] == "2 items"
