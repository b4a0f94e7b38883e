"""Hermetic, strict test setup shared by every test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REQUIRE_BROWSERS = os.environ.get("COOKIE_INSPECTOR_REQUIRE_BROWSERS") == "1"
_skipped_e2e: list[str] = []


@pytest.fixture(autouse=True)
def private_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Point every per-user folder of the program at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("inspector-home")
    monkeypatch.setenv("COOKIE_INSPECTOR_HOME", str(home))
    yield home


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in English whatever the machine's locale (a test that wants French
    sets LANG or calls set_language); subprocesses inherit the same environment."""
    from inspector.i18n import set_language

    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    set_language("en")
    yield
    set_language("en")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and "e2e" in report.keywords:
        _skipped_e2e.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if REQUIRE_BROWSERS and _skipped_e2e:
        print(f"\n{len(_skipped_e2e)} browser tests were skipped, but this run requires them:")
        for nodeid in _skipped_e2e:
            print(f"  {nodeid}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
