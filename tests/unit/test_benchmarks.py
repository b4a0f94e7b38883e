"""The end-to-end benchmark still runs (at a tiny size, so it does not rot); its figures are
never asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from inspector import timings

ROOT = Path(__file__).resolve().parents[2]


def run_script(script: str, *options: str) -> str:
    """A benchmark script's output, once it ran without an error."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *options],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def run_benchmark(*options: str) -> str:
    return run_script("bench_e2e.py", "--sizes", "300", "--repeat", "1", "--markdown", *options)


def figure_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("  ") and " 300 " in line]


def test_command_line_benchmarks_run_and_report_every_figure() -> None:
    output = run_benchmark("--only", "scan,delete,reports", "--family", "chromium")
    lines = figure_lines(output)
    what = [line.split("(")[0].strip() for line in lines]
    assert "scan --json, first run" in what
    assert "scan --json" in what and "undo" in what and "report --format html" in what
    assert "!" not in output, output  # no command failed
    assert all(" n/a " not in line and "peak" in line for line in lines), output
    assert "| scan --json (chromium) | 300 |" in output  # the Markdown table for the README


def test_a_mark_is_written_only_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "marks"
    monkeypatch.delenv(timings.ENVIRONMENT, raising=False)
    timings.mark("overview")
    assert not target.exists()
    monkeypatch.setenv(timings.ENVIRONMENT, str(target))
    timings.mark("overview")
    event, moment = target.read_text().split()
    assert event == "overview" and float(moment) > 1.7e9


def test_the_comparison_of_two_checkouts_runs(tmp_path: Path) -> None:
    """benchmarks/compare.py, this checkout against itself at a tiny size: every command
    measured for both, none failed."""
    out = run_script(
        "compare.py",
        str(ROOT),
        str(ROOT),
        *("--stores", str(tmp_path), "--size", "300", "--runs", "1"),
        *("--only", "scan,table,html", "--family", "chromium"),
    )
    assert "!" not in out, out
    for name in ("scan --json (chromium)", "scan, table (chromium)", "report --format html"):
        assert name in out, out
    assert out.count("  before ") == out.count("  after  ") == 3, out
    assert out.count("after / before:") == 3, out


def test_the_floor_benchmark_runs(tmp_path: Path) -> None:
    output = run_script("floor_scan.py", "--size", "300", "--runs", "1", "--stores", str(tmp_path))
    lines = {line.split("  ")[1].strip(): line for line in output.splitlines() if "  " in line}
    assert set(lines) >= {
        "browser-cookie3 bare load",
        "floor (e2e_floor.py)",
        "vectorised floor (Polars)",  # the test extra installs Polars and the ADBC driver
        "scan --json",
    }
    assert "!" not in output and "target for scan --json" in output, output


def test_the_vectorised_floor_prints_what_the_cpython_floor_prints(tmp_path: Path) -> None:
    """benchmarks/e2e_floor_columnar.py (Polars) is a floor of the same work as e2e_floor.py:
    the same cookies with the same ids and fields, hostile names included."""
    import shutil
    import sqlite3

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_e2e
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    store = tmp_path / "Cookies"
    shutil.copy(bench_e2e.build(tmp_path, "chromium", 300), store)
    with sqlite3.connect(store) as connection:
        for index, name in enumerate(['q"uote', "back\\slash", "line\nbreak", "é€😀", "\x01"]):
            connection.execute(
                "INSERT INTO cookies (creation_utc, host_key, top_frame_site_key, name, value,"
                " encrypted_value, path, expires_utc, is_secure, is_httponly, last_access_utc,"
                " has_expires, is_persistent, priority, samesite, source_scheme, source_port,"
                " last_update_utc, source_type, has_cross_site_ancestor)"
                " SELECT creation_utc + ?, host_key, top_frame_site_key, ?, value,"
                " encrypted_value, path, expires_utc, is_secure, is_httponly, last_access_utc,"
                " ?, is_persistent, priority, samesite, source_scheme, source_port,"
                " last_update_utc, source_type, has_cross_site_ancestor FROM cookies LIMIT 1",
                (index + 1, name, index % 2),
            )
    printed = {}
    for script in ("e2e_floor.py", "e2e_floor_columnar.py"):
        printed[script] = json.loads(run_script(script, str(store)))["cookies"]
    assert len(printed["e2e_floor.py"]) == 305
    assert printed["e2e_floor_columnar.py"] == printed["e2e_floor.py"]
    names = {cookie["name"] for cookie in printed["e2e_floor_columnar.py"]}
    assert {'q"uote', "line\nbreak", "é€😀", "\x01"} <= names
