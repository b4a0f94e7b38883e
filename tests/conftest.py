"""Hermetic, strict test setup shared by every test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REQUIRE_BROWSERS = os.environ.get("COOKIE_INSPECTOR_REQUIRE_BROWSERS") == "1"
_skipped: list[str] = []


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
    # In CI every skip counts: a real browser, the keyring, the shells that check the
    # completions, groff and desktop-file-validate are all installed by .ci/run, so a test that
    # skips there is a test that did not run.
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if REQUIRE_BROWSERS and _skipped:
        print(f"\n{len(_skipped)} tests were skipped, but this run requires them all:")
        for nodeid in _skipped:
            print(f"  {nodeid}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
