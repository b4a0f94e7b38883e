"""PDF reports, drawn by Qt from the same HTML as the HTML report (no external tool).

The page is laid out by ``QTextDocument`` and printed with ``QPdfWriter`` onto A4 pages. Qt's
rich-text engine draws neither inline SVG nor modern CSS, so the charts are drawn by
``QSvgRenderer`` into images the document refers to by chart id, and a small extra style sheet
(``resources/report/report-qt.css``) restates the look in the CSS subset Qt knows.
Works without a display: with no window system it uses Qt's ``offscreen`` platform.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtSvg import QSvgRenderer

from inspector.report.charts import Chart, report_charts
from inspector.report.html import day, render_html
from inspector.report.model import Report
from inspector.resources import resource

CHART_SCALE = 4  # chart images are drawn at 4x their size, so they stay sharp in print
RESOLUTION = 300
# Qt's print_() adds its own 2 cm margin (with the page number at the bottom) around an
# unpaginated document: the writer itself needs none.
MARGINS_MM = QMarginsF(0, 0, 0, 0)

_application: QGuiApplication | None = None


def ensure_application() -> QGuiApplication:
    """The running Qt application, or a new headless one (Qt needs one to draw text)."""
    global _application
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _application = QGuiApplication([sys.argv[0] if sys.argv else "cookie-inspector"])
    return _application


def chart_image(chart: Chart) -> QImage:
    """A chart, with its title, drawn into an image ``CHART_SCALE`` times its size."""
    renderer = QSvgRenderer(QByteArray(chart.titled_svg.encode("utf-8")))
    image = QImage(
        chart.width * CHART_SCALE, chart.titled_height * CHART_SCALE, QImage.Format.Format_ARGB32
    )
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        renderer.render(painter)
    finally:
        painter.end()
    return image


def text_document(report: Report) -> QTextDocument:
    """The report laid out by Qt, with its charts attached as image resources."""
    document = QTextDocument()
    document.setDefaultFont(QFont("DejaVu Sans", 9))
    document.setDefaultStyleSheet(resource("report", "report-qt.css").read_text("utf-8"))
    for chart in report_charts(report):
        document.addResource(
            QTextDocument.ResourceType.ImageResource, QUrl(chart.id), chart_image(chart)
        )
    document.setHtml(render_html(report, inline_svg=False))
    return document


def render_pdf(report: Report) -> bytes:
    """The report as a PDF file's bytes (A4, page numbers at the bottom)."""
    ensure_application()
    document = text_document(report)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)
    writer.setResolution(RESOLUTION)
    writer.setTitle(f"Cookie report, {day(report.generated)}")
    writer.setCreator(f"Cookie Inspector {report.program_version}")
    document.print_(writer)
    del writer  # the PDF is complete once its writer is gone
    buffer.close()
    return bytes(buffer.data().data())
