"""SVG icons from ``resources/icons``, drawn in the palette's text colour (or a given one),
sharp at any scale."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from inspector.resources import resource

SIZES = (16, 24, 32, 48, 64, 128, 256)


def _svg(name: str, colour: str | None) -> bytes:
    text = resource("icons", f"{name}.svg").read_text("utf-8")
    if colour is None:
        colour = QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name()
    return text.replace("currentColor", colour).encode("utf-8")


def icon(name: str, colour: str | None = None) -> QIcon:
    renderer = QSvgRenderer(QByteArray(_svg(name, colour)))
    result = QIcon()
    for size in SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    return result


def app_icon() -> QIcon:
    return icon("app")
