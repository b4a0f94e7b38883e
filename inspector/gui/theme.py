"""Colours and palettes: purpose colours that read in light and dark themes, and the
application palette following the system's light or dark setting."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from inspector.purposes import Purpose

# (light theme, dark theme) — distinct hues, and never the only signal: chips carry text
PURPOSE_COLOURS: dict[Purpose, tuple[str, str]] = {
    Purpose.COMMUNICATION: ("#2f7d5b", "#5cc397"),
    Purpose.REQUESTED_SERVICE: ("#3a6fb0", "#7fb0ee"),
    Purpose.ANALYTICS: ("#c07a12", "#f0b04a"),
    Purpose.ADVERTISING: ("#c23b3b", "#f07c7c"),
    Purpose.INTERACTIVE: ("#7c4dbb", "#b793ee"),
    Purpose.CONSENT: ("#16808c", "#52c4cf"),
    Purpose.UNKNOWN: ("#6b7280", "#a3aab5"),
}
SHORT_LABELS = {
    Purpose.COMMUNICATION: "Necessary",
    Purpose.REQUESTED_SERVICE: "Service you asked for",
    Purpose.ANALYTICS: "Analytics",
    Purpose.ADVERTISING: "Advertising",
    Purpose.INTERACTIVE: "Social & embeds",
    Purpose.CONSENT: "Consent record",
    Purpose.UNKNOWN: "Unknown",
}
PURPOSE_ORDER = (Purpose.ADVERTISING, Purpose.ANALYTICS, Purpose.INTERACTIVE,
                 Purpose.CONSENT, Purpose.REQUESTED_SERVICE, Purpose.COMMUNICATION,
                 Purpose.UNKNOWN)
ACCENT = ("#b4312f", "#e0645f")  # the primary "Delete trackers" action
WARNING = ("#a15c00", "#f3b24f")


def is_dark() -> bool:
    palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def pick(pair: tuple[str, str]) -> QColor:
    return QColor(pair[1] if is_dark() else pair[0])


def purpose_colour(purpose: Purpose) -> QColor:
    return pick(PURPOSE_COLOURS[purpose])


def apply_theme(app: QApplication, mode: str = "system") -> None:
    """Fusion style with a light or dark palette; ``system`` follows the desktop setting."""
    app.setStyle("Fusion")
    dark = mode == "dark"
    if mode == "system":
        scheme = app.styleHints().colorScheme()
        dark = scheme == Qt.ColorScheme.Dark
    app.setPalette(_dark_palette() if dark else _light_palette())


def _light_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#f6f5f2", QPalette.ColorRole.WindowText: "#1d1f23",
        QPalette.ColorRole.Base: "#ffffff", QPalette.ColorRole.AlternateBase: "#f3f2ee",
        QPalette.ColorRole.Text: "#1d1f23", QPalette.ColorRole.Button: "#ecebe6",
        QPalette.ColorRole.ButtonText: "#1d1f23", QPalette.ColorRole.Highlight: "#2f5fa8",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#fffbe6",
        QPalette.ColorRole.ToolTipText: "#1d1f23", QPalette.ColorRole.PlaceholderText: "#80848c",
        QPalette.ColorRole.Link: "#2f5fa8", QPalette.ColorRole.Mid: "#c9c7c0",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return palette


def _dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#1f2125", QPalette.ColorRole.WindowText: "#e8e9eb",
        QPalette.ColorRole.Base: "#16181b", QPalette.ColorRole.AlternateBase: "#1d2024",
        QPalette.ColorRole.Text: "#e8e9eb", QPalette.ColorRole.Button: "#2a2d32",
        QPalette.ColorRole.ButtonText: "#e8e9eb", QPalette.ColorRole.Highlight: "#4b7fd1",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#2a2d32",
        QPalette.ColorRole.ToolTipText: "#e8e9eb", QPalette.ColorRole.PlaceholderText: "#8b9099",
        QPalette.ColorRole.Link: "#8ab4f8", QPalette.ColorRole.Mid: "#3a3e44",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#6b7078"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText,
                     QColor("#6b7078"))
    return palette
