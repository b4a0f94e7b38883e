"""Both themes tell a disabled action from an enabled one (the light theme once did not)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette

from inspector.gui.theme import _dark_palette, _light_palette


@pytest.mark.parametrize("make", [_light_palette, _dark_palette], ids=["light", "dark"])
def test_disabled_text_differs_from_enabled_text(qapp: object, make: object) -> None:
    palette = make()  # type: ignore[operator]
    for role in (
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
    ):
        enabled = palette.color(QPalette.ColorGroup.Active, role)
        disabled = palette.color(QPalette.ColorGroup.Disabled, role)
        assert disabled != enabled, role
        # still readable as text on the window's background, only fainter
        window = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Window)
        assert abs(disabled.lightness() - window.lightness()) > 40, role


def test_the_window_takes_the_interpreter_back_quickly(qapp: object) -> None:
    """The application sets a short switch interval, so that a job's thread never holds
    the GUI thread off for long (the Delete-trackers dialog froze for 0.27 s without)."""
    import sys

    from inspector.gui.app import GUI_SWITCH_INTERVAL, application

    application()
    assert sys.getswitchinterval() == pytest.approx(GUI_SWITCH_INTERVAL)
    assert GUI_SWITCH_INTERVAL < 0.005
