"""Reports are written in pieces; the pieces make the same report."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

from inspector.analysis import analyse
from inspector.classify import Classifier
from inspector.document import load
from inspector.report.command import render_pieces
from inspector.report.csv_report import columns
from inspector.report.json_report import report_document
from inspector.report.model import build_report
from inspector.resources import resource
from tests.support.storefactory import FakeCookie, make_chromium_store


def a_report(tmp_path: Path) -> object:
    many = [FakeCookie(f"s{i}.example", f"c{i % 7}", value="x") for i in range(2500)]
    many.append(FakeCookie("s1.example", '\0cookies\0"', value="x"))  # hostile name
    store = make_chromium_store(tmp_path / "Default" / "Cookies", many)
    sample = str(Path(str(resource("sample"))) / "firefox")
    analysis = analyse(load([str(store), sample]), Classifier())
    return build_report(analysis, generated=datetime(2026, 12, 1, tzinfo=UTC))


def test_json_pieces_make_the_whole_document(tmp_path: Path) -> None:
    report = a_report(tmp_path)
    pieces = list(render_pieces(report, "json"))  # type: ignore[arg-type]
    assert len(pieces) > 3  # written a batch at a time
    whole = json.loads(b"".join(pieces))
    assert whole == json.loads(json.dumps(report_document(report)))  # type: ignore[arg-type]
    assert len(whole["cookies"]) > 2500


def test_csv_pieces_make_one_table_with_one_byte_order_mark(tmp_path: Path) -> None:
    report = a_report(tmp_path)
    data = b"".join(render_pieces(report, "csv"))  # type: ignore[arg-type]
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == columns(False)
    assert len(rows) == 1 + len(report.cookies)  # type: ignore[attr-defined]


def test_html_pieces_make_one_page(tmp_path: Path) -> None:
    report = a_report(tmp_path)
    pieces = list(render_pieces(report, "html"))  # type: ignore[arg-type]
    page = b"".join(pieces).decode("utf-8")
    # the sites come a megabyte or so at a time: never the whole page at once
    assert len(pieces) > 5 and max(map(len, pieces)) < 2 << 20
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert page.count("<section") == page.count("</section>")
