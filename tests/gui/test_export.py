"""Exporting from the window writes each format, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.gui.controllers.export import write
from inspector.gui.window import MainWindow
from inspector.paths import AppPaths


@pytest.mark.parametrize("fmt", ["html", "json", "csv", "pdf"])
def test_export_each_format(
    window: MainWindow, tmp_path: Path, private_home: Path, fmt: str
) -> None:
    assert window.analysis is not None
    target = tmp_path / f"report.{fmt}"
    write(window.analysis, AppPaths.resolve(private_home), fmt, target)
    data = target.read_bytes()
    assert data
    if fmt == "pdf":
        assert data.startswith(b"%PDF")
    if fmt == "html":
        assert b"_ga" in data and b"<script" not in data.lower()
    assert not list(tmp_path.glob(".*.tmp"))
