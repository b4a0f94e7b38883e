"""Real browser profiles, built once per test session by the browser lab."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.browserlab import (
    ChromiumProfile,
    FirefoxProfile,
    build_chromium_profile,
    build_firefox_profile,
    chromium_available,
    firefox_available,
)

needs_chromium = pytest.mark.skipif(not chromium_available(), reason="chromium not installed")
needs_firefox = pytest.mark.skipif(not firefox_available(), reason="firefox-esr not installed")


@pytest.fixture(scope="session")
def chromium_profile(tmp_path_factory: pytest.TempPathFactory) -> ChromiumProfile:
    if not chromium_available():
        pytest.skip("chromium not installed")
    return build_chromium_profile(tmp_path_factory.mktemp("chromium-profile"))


@pytest.fixture(scope="session")
def firefox_profile(tmp_path_factory: pytest.TempPathFactory) -> FirefoxProfile:
    if not firefox_available():
        pytest.skip("firefox-esr not installed")
    return build_firefox_profile(tmp_path_factory.mktemp("firefox-profile"))


def fingerprint(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and modification time under a folder."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }
