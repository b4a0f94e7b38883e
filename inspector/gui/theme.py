"""Colours and palettes: purpose colours that read in light and dark themes, and the
application palette following the system's light or dark setting."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QWidget,
)

from inspector.purposes import Purpose


class _ShortLabels(Mapping[Purpose, str]):
    """Each purpose in a word or two, in the user's language at the moment it is read."""

    def __getitem__(self, purpose: Purpose) -> str:
        return purpose.short_label

    def __iter__(self) -> Iterator[Purpose]:
        return iter(Purpose)

    def __len__(self) -> int:
        return len(Purpose)


SHORT_LABELS: Mapping[Purpose, str] = _ShortLabels()

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
PURPOSE_ORDER = (
    Purpose.ADVERTISING,
    Purpose.ANALYTICS,
    Purpose.INTERACTIVE,
    Purpose.CONSENT,
    Purpose.REQUESTED_SERVICE,
    Purpose.COMMUNICATION,
    Purpose.UNKNOWN,
)
ACCENT = ("#b4312f", "#e0645f")  # the primary "Delete trackers" action
WARNING = ("#a15c00", "#f3b24f")


def is_dark() -> bool:
    palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def pick(pair: tuple[str, str]) -> QColor:
    return QColor(pair[1] if is_dark() else pair[0])


def purpose_colour(purpose: Purpose) -> QColor:
    return pick(PURPOSE_COLOURS[purpose])


class ClearIndicators(QProxyStyle):
    """Fusion, with check box and radio button outlines that show on a dark palette too
    (Fusion draws them from the window colour, darker: nearly black on dark grey)."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        round_mark = element == QStyle.PrimitiveElement.PE_IndicatorRadioButton
        if not round_mark and element != QStyle.PrimitiveElement.PE_IndicatorCheckBox:
            return
        palette = option.palette
        if palette.color(QPalette.ColorRole.Window).lightness() >= 128:
            return  # the light palette's outline already shows
        rect = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.PlaceholderText), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if round_mark:
            painter.drawEllipse(rect)
        else:
            painter.drawRoundedRect(rect, 2, 2)
        painter.restore()


def apply_theme(app: QApplication, mode: str = "system") -> None:
    """Fusion style with a light or dark palette; ``system`` follows the desktop setting."""
    app.setStyle(ClearIndicators(QStyleFactory.create("Fusion")))
    dark = mode == "dark"
    if mode == "system":
        scheme = app.styleHints().colorScheme()
        dark = scheme == Qt.ColorScheme.Dark
    app.setPalette(_dark_palette() if dark else _light_palette())


_ROLES = (
    QPalette.ColorRole.Window,
    QPalette.ColorRole.WindowText,
    QPalette.ColorRole.Base,
    QPalette.ColorRole.AlternateBase,
    QPalette.ColorRole.Text,
    QPalette.ColorRole.Button,
    QPalette.ColorRole.ButtonText,
    QPalette.ColorRole.Highlight,
    QPalette.ColorRole.HighlightedText,
    QPalette.ColorRole.ToolTipBase,
    QPalette.ColorRole.ToolTipText,
    QPalette.ColorRole.PlaceholderText,
    QPalette.ColorRole.Link,
    QPalette.ColorRole.Mid,
)
LIGHT = (
    "#f6f5f2",
    "#1d1f23",
    "#ffffff",
    "#f3f2ee",
    "#1d1f23",
    "#ecebe6",
    "#1d1f23",
    "#2f5fa8",
    "#ffffff",
    "#fffbe6",
    "#1d1f23",
    "#80848c",
    "#2f5fa8",
    "#c9c7c0",
)
DARK = (
    "#1f2125",
    "#e8e9eb",
    "#16181b",
    "#1d2024",
    "#e8e9eb",
    "#2a2d32",
    "#e8e9eb",
    "#4b7fd1",
    "#ffffff",
    "#2a2d32",
    "#e8e9eb",
    "#8b9099",
    "#8ab4f8",
    "#3a3e44",
)


def _palette(colours: tuple[str, ...], disabled_text: str | None = None) -> QPalette:
    palette = QPalette()
    for role, colour in zip(_ROLES, colours, strict=True):
        palette.setColor(role, QColor(colour))
    if disabled_text is not None:
        for role in (
            QPalette.ColorRole.Text,
            QPalette.ColorRole.ButtonText,
            QPalette.ColorRole.WindowText,
        ):
            palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled_text))
    return palette


def _light_palette() -> QPalette:
    # without its own disabled colour, a disabled action looked like an enabled one
    return _palette(LIGHT, disabled_text="#9a9ea6")


def _dark_palette() -> QPalette:
    return _palette(DARK, disabled_text="#6b7078")
