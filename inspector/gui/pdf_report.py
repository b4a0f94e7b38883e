"""PDF reports: the printed report (:mod:`inspector.report.printable`) drawn by Qt on A4 pages.

The core decides what the document says, as headings, paragraphs, figures, charts and tables;
this module only lays those blocks out with ``QPainter`` on a ``QPdfWriter`` (no external tool,
no HTML engine: laying out a long report through ``QTextDocument`` took minutes and gigabytes).
Table headers repeat on every page; a row is never split; text wraps at word boundaries and
only breaks a word that is wider than its column. Works without a display: with no window
system it uses Qt's ``offscreen`` platform.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextLayout,
    QTextOption,
)

from inspector.localeformat import format_number
from inspector.report.model import Report
from inspector.report.printable import (
    Block,
    Chart,
    Column,
    FigureGrid,
    Heading,
    Paragraph,
    PrintedReport,
    Row,
    Table,
    Terms,
    Tone,
    printable,
)

RESOLUTION = 300
MARGINS_MM = QMarginsF(16, 14, 16, 14)
FAMILY = "DejaVu Sans"
INK, MUTED, ALERT = QColor("#1f2328"), QColor("#5d6670"), QColor("#a12622")
ALERT_BACKGROUND, HEADER_BACKGROUND = QColor("#fbeaea"), QColor("#e9edf2")
RULE = QColor("#c9d0d8")
#: Point sizes: body text, tables, footer; headings by level; figures.
BODY, SMALL, HEADINGS, FIGURE = 9.0, 7.2, (17.0, 12.5, 10.5), 15.0
CELL_PADDING = 2.2  # points

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


def render_pdf(report: Report) -> bytes:
    """The report as a PDF file's bytes (A4, page numbers at the bottom)."""
    ensure_application()
    document = printable(report)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)
    writer.setResolution(RESOLUTION)
    writer.setTitle(document.title)
    writer.setCreator(f"Cookie Inspector {report.program_version}")
    Pages(writer, document).draw()
    del writer  # the PDF is complete once its writer is gone
    buffer.close()
    return bytes(buffer.data().data())


def font(size: float, *, bold: bool = False) -> QFont:
    chosen = QFont(FAMILY)
    chosen.setPointSizeF(size)
    chosen.setBold(bold)
    return chosen


@dataclass(frozen=True, slots=True)
class Laid:
    """Text laid out for one width: draw it with :meth:`Pages.draw_laid`."""

    layout: QTextLayout | None  # None: one line, drawn directly (the common, fast case)
    text: str
    height: float


class Pages:
    """Draws blocks top to bottom, starting a new page when the next piece does not fit."""

    def __init__(self, writer: QPdfWriter, document: PrintedReport) -> None:
        self.writer, self.document = writer, document
        self.pt = writer.resolution() / 72  # device units per point
        area = writer.pageLayout().paintRectPixels(writer.resolution())
        self.width = float(area.width())
        self.footer_height = 14 * self.pt
        self.bottom = area.height() - self.footer_height
        self.y = 0.0
        self.page = 1
        self.painter = QPainter()
        self._metrics: dict[tuple[float, bool], QFontMetricsF] = {}

    # -- pages -----------------------------------------------------------------------------
    def draw(self) -> None:
        self.painter.begin(self.writer)
        try:
            for block in self.document.blocks:
                self.block(block)
            self._footer()
        finally:
            self.painter.end()

    def new_page(self) -> None:
        self._footer()
        self.writer.newPage()
        self.page += 1
        self.y = 0.0

    def room_for(self, height: float) -> None:
        """Start a new page unless ``height`` fits below the cursor (or the page is empty)."""
        if self.y > 0 and self.y + height > self.bottom:
            self.new_page()

    def _footer(self) -> None:
        small = font(SMALL)
        self.painter.setFont(small)
        self.painter.setPen(MUTED)
        top = self.bottom + self.footer_height - self.metrics(small).height()
        rect = QRectF(0, top, self.width, self.metrics(small).height())
        self.painter.drawText(rect, Qt.AlignmentFlag.AlignLeft, self.document.footer)
        self.painter.drawText(rect, Qt.AlignmentFlag.AlignRight, str(self.page))

    # -- text ------------------------------------------------------------------------------
    def metrics(self, chosen: QFont) -> QFontMetricsF:
        key = (chosen.pointSizeF(), chosen.bold())
        found = self._metrics.get(key)
        if found is None:
            found = self._metrics[key] = QFontMetricsF(chosen, self.writer)
        return found

    def lay(self, text: str, chosen: QFont, width: float, *, right: bool = False) -> Laid:
        metrics = self.metrics(chosen)
        if "\n" not in text and metrics.horizontalAdvance(text) <= width:
            return Laid(None, text, metrics.height())
        layout = QTextLayout(text.replace("\n", "\u2028"), chosen, self.writer)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        if right:
            option.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout.setTextOption(option)
        layout.beginLayout()
        height = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, height))
            height += line.height()
        layout.endLayout()
        return Laid(layout, text, height)

    def draw_laid(
        self, laid: Laid, chosen: QFont, x: float, y: float, width: float, *, right: bool = False
    ) -> None:
        self.painter.setFont(chosen)
        if laid.layout is not None:
            laid.layout.draw(self.painter, QPointF(x, y))
            return
        ascent = self.metrics(chosen).ascent()
        if right:
            x += width - self.metrics(chosen).horizontalAdvance(laid.text)
        self.painter.drawText(QPointF(x, y + ascent), laid.text)

    def flowing(self, text: str, chosen: QFont, colour: QColor, x: float = 0.0) -> None:
        """A paragraph that may continue on the next page, line by line."""
        laid = self.lay(text, chosen, self.width - x)
        self.painter.setPen(colour)
        if laid.layout is None:
            self.room_for(laid.height)
            self.draw_laid(laid, chosen, x, self.y, self.width - x)
            self.y += laid.height
            return
        self.painter.setFont(chosen)
        for index in range(laid.layout.lineCount()):
            line = laid.layout.lineAt(index)
            self.room_for(line.height())
            line.draw(self.painter, QPointF(x, self.y - line.y()))
            self.y += line.height()

    # -- blocks ----------------------------------------------------------------------------
    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.heading(block)
        elif isinstance(block, Paragraph):
            colour = {Tone.ALERT: ALERT, Tone.MUTED: MUTED}.get(block.tone, INK)
            self.flowing(block.text, font(BODY, bold=block.tone is Tone.ALERT), colour)
            self.y += 5 * self.pt
        elif isinstance(block, FigureGrid):
            self.figures(block)
        elif isinstance(block, Chart):
            self.chart(block)
        elif isinstance(block, Table):
            self.table(block.columns, block.rows)
        else:
            self.terms(block)

    def heading(self, heading: Heading) -> None:
        level = min(heading.level, len(HEADINGS) - 1)
        chosen = font(HEADINGS[level], bold=True)
        above = (0, 12, 8)[level] * self.pt if self.y > 0 else 0.0
        # a heading never ends a page: keep room for it and what introduces its section
        self.room_for(above + self.metrics(chosen).height() + 100 * self.pt)
        self.y += above if self.y > 0 else 0.0
        self.flowing(heading.text, chosen, INK)
        self.y += 4 * self.pt

    def figures(self, grid: FigureGrid) -> None:
        per_row, gap = 4, 6 * self.pt
        box = (self.width - gap * (per_row - 1)) / per_row
        number_font, label_font = font(FIGURE, bold=True), font(SMALL)
        for start in range(0, len(grid.figures), per_row):
            row = grid.figures[start : start + per_row]
            labels = [self.lay(f.label, label_font, box - 2 * gap) for f in row]
            height = (
                self.metrics(number_font).height() + max(laid.height for laid in labels) + gap * 1.5
            )
            self.room_for(height)
            for index, (figure, label) in enumerate(zip(row, labels, strict=True)):
                x = index * (box + gap)
                colour = ALERT if figure.tone is Tone.ALERT else INK
                self.painter.setPen(QPen(RULE, 0.6 * self.pt))
                self.painter.setBrush(
                    ALERT_BACKGROUND if figure.tone is Tone.ALERT else QColor("white")
                )
                self.painter.drawRect(QRectF(x, self.y, box, height))
                self.painter.setPen(colour)
                top = self.y + gap * 0.6
                number = self.lay(format_number(figure.number), number_font, box)
                self.draw_laid(number, number_font, x + gap, top, box)
                self.painter.setPen(MUTED)
                self.draw_laid(label, label_font, x + gap, top + number.height, box - 2 * gap)
            self.y += height + gap
        self.y += 4 * self.pt

    def chart(self, chart: Chart) -> None:
        title_font, label_font = font(HEADINGS[2], bold=True), font(SMALL)
        row = 11 * self.pt
        labels, bars = self.width * 0.34, self.width * 0.52
        self.room_for(self.metrics(title_font).height() + row * min(len(chart.bars), 4))
        self.flowing(chart.title, title_font, INK)
        self.y += 2 * self.pt
        largest = max((bar.count for bar in chart.bars), default=0) or 1
        for bar in chart.bars:
            self.room_for(row)
            metrics = self.metrics(label_font)
            text = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, labels - 4 * self.pt)
            self.painter.setFont(label_font)
            self.painter.setPen(INK)
            baseline = self.y + (row + metrics.ascent() - metrics.descent()) / 2
            self.painter.drawText(QPointF(0, baseline), text)
            length = max(bars * bar.count / largest, 0.8 * self.pt)
            self.painter.fillRect(
                QRectF(labels, self.y + row * 0.18, length, row * 0.64), QColor(bar.colour)
            )
            self.painter.drawText(
                QPointF(labels + length + 3 * self.pt, baseline), format_number(bar.count)
            )
            self.y += row
        self.y += 8 * self.pt

    def terms(self, terms: Terms) -> None:
        columns = (Column("", 22), Column("", 78))
        rows = tuple(Row((term, text)) for term, text in terms.items)
        self.table(columns, rows, grid=False, bold_first=True)

    # -- tables ----------------------------------------------------------------------------
    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Row],
        *,
        grid: bool = True,
        bold_first: bool = False,
    ) -> None:
        """Rows never split; the header repeats on each page and never ends one."""
        total = sum(column.weight for column in columns)
        body = font(SMALL)
        shape = TableShape(
            tuple(columns),
            tuple(self.width * column.weight / total for column in columns),
            font(SMALL, bold=True) if bold_first else body,
            body,
            grid,
        )
        header = self.header_cells(shape) if grid else None
        header_height = header[1] if header is not None else 0.0
        for index, row in enumerate(rows):
            cells = self.row_cells(shape, row)
            height = max(cell.height for cell in cells) + 2 * self.padding
            if index == 0:
                self.room_for(header_height + height)
            elif self.y + height > self.bottom:
                self.new_page()
            if header is not None and (index == 0 or self.y == 0):
                self.draw_header(shape, header)
            self.draw_row(shape, row, cells, height)
        self.y += 6 * self.pt

    @property
    def padding(self) -> float:
        return CELL_PADDING * self.pt

    def row_cells(self, shape: TableShape, row: Row) -> list[Laid]:
        return [
            self.lay(
                text,
                shape.first if index == 0 else shape.body,
                width - 2 * self.padding,
                right=column.numeric,
            )
            for index, (text, width, column) in enumerate(
                zip(row.cells, shape.widths, shape.columns, strict=True)
            )
        ]

    def header_cells(self, shape: TableShape) -> tuple[list[tuple[Laid, QFont]], float]:
        """Each header in the table's own size, smaller only when its longest word would not
        fit the column (so a header is never cut inside a word)."""
        cells = []
        for column, width in zip(shape.columns, shape.widths, strict=True):
            room = width - 2 * self.padding
            longest = max(column.header.split() or [""], key=len)
            size = SMALL
            while (
                size > 5.0 and self.metrics(font(size, bold=True)).horizontalAdvance(longest) > room
            ):
                size -= 0.2
            chosen = font(size, bold=True)
            cells.append((self.lay(column.header, chosen, room, right=column.numeric), chosen))
        return cells, max(laid.height for laid, _ in cells) + 2 * self.padding

    def draw_header(
        self, shape: TableShape, header: tuple[list[tuple[Laid, QFont]], float]
    ) -> None:
        cells, height = header
        self.painter.fillRect(QRectF(0, self.y, self.width, height), HEADER_BACKGROUND)
        self.painter.setPen(INK)
        x = 0.0
        for column, width, (laid, chosen) in zip(shape.columns, shape.widths, cells, strict=True):
            inner = width - 2 * self.padding
            top = self.y + self.padding
            self.draw_laid(laid, chosen, x + self.padding, top, inner, right=column.numeric)
            x += width
        self.y += height

    def draw_row(self, shape: TableShape, row: Row, cells: Sequence[Laid], height: float) -> None:
        if row.tone is Tone.ALERT:
            self.painter.fillRect(QRectF(0, self.y, self.width, height), ALERT_BACKGROUND)
        self.painter.setPen({Tone.ALERT: ALERT, Tone.MUTED: MUTED}.get(row.tone, INK))
        x = 0.0
        for index, (laid, width) in enumerate(zip(cells, shape.widths, strict=True)):
            chosen = shape.first if index == 0 else shape.body
            inner, top = width - 2 * self.padding, self.y + self.padding
            self.draw_laid(
                laid, chosen, x + self.padding, top, inner, right=shape.columns[index].numeric
            )
            x += width
        self.y += height
        if shape.grid:
            self.painter.setPen(QPen(RULE, 0.4 * self.pt))
            self.painter.drawLine(QPointF(0, self.y), QPointF(self.width, self.y))


@dataclass(frozen=True, slots=True)
class TableShape:
    """A table's columns, their widths on the page, and its fonts."""

    columns: tuple[Column, ...]
    widths: tuple[float, ...]
    first: QFont  # the first column's font (bold for terms)
    body: QFont
    grid: bool
