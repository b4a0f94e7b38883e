"""Every shipped component has its licence in the package, and the list is current."""

import subprocess
import sys
from pathlib import Path

from inspector.licences import components, own_licence

ROOT = Path(__file__).resolve().parents[2]


def test_the_licence_list_matches_the_installed_dependencies():
    # Fails when a dependency is added, removed or upgraded without re-running the script.
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "collect_licences.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_every_component_has_a_licence_text():
    listed = components()
    assert {"python", "pyside6-essentials", "shiboken6", "platformdirs"} <= {c.id for c in listed}
    for component in listed:
        assert len(component.text()) > 200, component.id


def test_our_own_licence_is_the_gpl_version_3():
    text = own_licence()
    assert "GNU GENERAL PUBLIC LICENSE" in text and "Version 3, 29 June 2007" in text
    assert (ROOT / "LICENSE").read_text("utf-8") == text
