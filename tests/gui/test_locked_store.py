"""A store its browser holds open (Windows' sharing violation, simulated): the window names
the browser, and reads the store by itself once the browser lets go."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from inspector.gui.controllers.scan import ScanController
from inspector.model import Store
from inspector.stores import chromium
from tests.gui.conftest import open_window
from tests.support.storefactory import FakeCookie, make_chromium_store


def test_a_held_store_is_named_then_read_when_released(
    qtbot: QtBot, private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_chromium_store(
        tmp_path / "google-chrome" / "Default" / "Cookies", [FakeCookie("a.example", "x")]
    )
    held = {"now": True}
    real_read, real_first = chromium.read, chromium.read_first

    def refuse() -> None:
        if held["now"]:
            error = PermissionError(13, "The process cannot access the file")
            error.winerror = 32  # type: ignore[attr-defined]
            raise error

    def read(store: Store) -> object:
        refuse()
        return real_read(store)

    def read_first(store: Store, limit: int | None) -> object:  # a scan's preview
        refuse()
        return real_first(store, limit)

    real_open = Path.open

    def open_file(self: Path, *args: object, **kwargs: object) -> object:
        if held["now"] and self == path.resolve():
            raise PermissionError(13, "sharing violation")
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(chromium, "read", read)
    monkeypatch.setattr(chromium, "read_first", read_first)
    monkeypatch.setattr(Path, "open", open_file)
    monkeypatch.setattr(ScanController, "LOCK_POLL_MS", 200)
    window = open_window(qtbot, private_home, [str(path.parent.parent)])
    try:
        (result,) = window.analysis.scan.results  # type: ignore[union-attr]
        assert result.error_type == "StoreLockedError"
        assert result.error and "Google Chrome" in result.error
        assert "as soon as it is free" in result.error
        with qtbot.waitSignal(window.analysis_loaded, timeout=20000):
            held["now"] = False
        (result,) = window.analysis.scan.results  # type: ignore[union-attr]
        assert result.ok and [c.name for c in result.cookies] == ["x"]
    finally:
        window.close()
