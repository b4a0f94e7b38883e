"""The window with broken and hostile stores (issue #12): it loads, lists the good cookies,
shows the bad rows' warning and the failed store with its file, and shows no raw exception."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.gui.conftest import open_window
from tests.support.hostile import consent_values
from tests.support.storefactory import FakeCookie, make_chromium_store, make_firefox_store


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_window_with_hostile_stores(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    for kind in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, lambda *args, **_kw: shown.append(str(args[2])) or 0)
    cookies = [
        FakeCookie(f"s{i}.example", name, value=value)
        for i, (name, value) in enumerate(consent_values())
    ]
    cookies += [FakeCookie("evil\x1b[2K.example", "x\nforged"), FakeCookie("good.example", "g")]
    chromium = make_chromium_store(tmp_path / "c" / "Default" / "Cookies", cookies)
    with sqlite3.connect(chromium) as connection:
        connection.execute("UPDATE cookies SET host_key = X'ff' WHERE name = 'g'")
        connection.execute(f"UPDATE cookies SET expires_utc = {2**63 - 1} WHERE name = 'x\nforged'")
    connection.close()
    firefox = make_firefox_store(tmp_path / "f" / "cookies.sqlite", [FakeCookie("ok.example", "o")])
    fifo = tmp_path / "fifo" / "Cookies"
    fifo.parent.mkdir()
    os.mkfifo(fifo)

    window = open_window(qtbot, tmp_path / "home", [str(chromium), str(firefox), str(fifo)])
    try:
        assert window.analysis is not None
        results = {str(r.store.path): r for r in window.analysis.scan.results}
        good = results[str(chromium)]
        assert good.ok and len(good.cookies) == len(cookies) - 1
        assert any("left out" in warning for warning in good.warnings)
        assert results[str(firefox)].ok
        failed = results[str(fifo)]
        assert not failed.ok and str(fifo) in (failed.error or "")
        assert "regular file" in (failed.error or "")
        assert not any("Error:" in text or "Traceback" in text for text in shown), shown
    finally:
        window.close()
