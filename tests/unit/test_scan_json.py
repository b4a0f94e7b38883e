"""The streamed, compact ``scan --json`` is the same document as ``scan_document`` builds."""

from __future__ import annotations

import io
import json
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from inspector.analysis import analyse
from inspector.classify import Classifier
from inspector.document import load, scan_document
from inspector.resources import resource
from inspector.scan import ScanResult
from inspector.scan_json import BATCH, write_scan_json
from tests.support.storefactory import NOW, FakeCookie, make_chromium_store, make_firefox_store

ODD = [
    FakeCookie("news.example", 'quote"back\\slash', value="x"),
    FakeCookie("news.example", "tab\tnew\nline\x01", value="x"),
    FakeCookie("xn--bcher-kva.example", "bücher✓", path="/ü"),
    FakeCookie(".doubleclick.net", "IDE", partition="https://news.example"),
    FakeCookie("news.example", "session", expires=None),
    FakeCookie("news.example", "far", expires=NOW + timedelta(days=2_900_000)),
    FakeCookie("news.example", "_ga", value="GA1.1.1.2"),
    FakeCookie("news.example", "OptanonConsent", value="groups=C0001%3A1%2CC0002%3A0"),
    FakeCookie("news.example", "euconsent-v2", value="not-a-tc-string"),
]


@pytest.fixture
def store_paths(tmp_path: Path) -> list[str]:
    many = [FakeCookie(f"s{i}.example", f"c{i % 7}") for i in range(BATCH + 5)]
    chrome = make_chromium_store(tmp_path / "c" / "Default" / "Cookies", ODD + many, encrypt=True)
    firefox = make_firefox_store(
        tmp_path / "f" / "cookies.sqlite",
        [*ODD, FakeCookie("news.example", "box", origin_attributes="^userContextId=2")],
    )
    sample = resource("sample")
    return [str(chrome), str(firefox), str(Path(str(sample)) / "firefox"), str(tmp_path / "none")]


def parsed(analysis: Any, **options: bool) -> Any:
    out = io.StringIO()
    write_scan_json(analysis, out, **options)
    assert out.getvalue().endswith("}\n")
    return json.loads(out.getvalue())


@pytest.mark.parametrize(
    "options",
    [{}, {"explain": True}, {"values": True}, {"pretty": True}],
    ids=["compact", "explained", "values", "pretty"],
)
def test_streamed_document_equals_the_built_one(
    store_paths: list[str], options: dict[str, bool]
) -> None:
    analysis = analyse(load(store_paths), Classifier(), all_values=options.get("values", False))
    explain, values = options.get("explain", False), options.get("values", False)
    expected = json.loads(json.dumps(scan_document(analysis, explain=explain, values=values)))
    assert len(expected["cookies"]) > BATCH  # more than one batch
    assert any(c["consent_record"] for c in expected["cookies"])  # decoded records included
    assert expected["violations"]  # the sample holds contradictions
    assert parsed(analysis, **options) == expected


def test_compact_by_default_and_indented_when_asked(store_paths: list[str]) -> None:
    analysis = analyse(load(store_paths[:1]), Classifier())
    compact, pretty = io.StringIO(), io.StringIO()
    write_scan_json(analysis, compact)
    write_scan_json(analysis, pretty, pretty=True)
    assert compact.getvalue().count("\n") == 1 and '":' in compact.getvalue()
    assert pretty.getvalue().count("\n") > len(analysis.findings)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="two processes on Linux only")
@pytest.mark.parametrize("explain", [False, True], ids=["compact", "explained"])
def test_two_processes_write_the_same_document(
    store_paths: list[str], tmp_path: Path, explain: bool
) -> None:
    analysis = analyse(load(store_paths), Classifier())
    expected = json.loads(json.dumps(scan_document(analysis, explain=explain)))
    target = tmp_path / "scan.json"
    with target.open("w", encoding="utf-8") as out:
        write_scan_json(analysis, out, explain=explain, parallel_from=1)
    assert json.loads(target.read_text("utf-8")) == expected


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="two processes on Linux only")
def test_two_processes_with_a_single_cookie(store_paths: list[str], tmp_path: Path) -> None:
    scanned = load(store_paths[:1])
    one = ScanResult((replace(scanned.results[0], cookies=scanned.results[0].cookies[:1]),))
    analysis = analyse(one, Classifier())
    target = tmp_path / "scan.json"
    with target.open("w", encoding="utf-8") as out:
        write_scan_json(analysis, out, parallel_from=1)
    assert len(json.loads(target.read_text("utf-8"))["cookies"]) == 1
