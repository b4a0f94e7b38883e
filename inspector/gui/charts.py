"""Small charts painted with QPainter: horizontal bars with labels and values, so they read
in light and dark themes and at any scale."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from inspector.i18n import _


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    colour: QColor


class BarChart(QWidget):
    """Labelled horizontal bars, largest first, values written at the end of each bar."""

    ROW = 26

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.bars: list[Bar] = []
        self.setAccessibleName(title)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: list[Bar]) -> None:
        self.bars = bars
        self.setAccessibleDescription(", ".join(f"{b.label}: {b.value}" for b in bars))
        self.setToolTip("\n".join(f"{b.label}: {b.value}" for b in bars))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 34 + self.ROW * max(1, len(self.bars)))

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 34 + self.ROW * max(1, len(self.bars)))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = QColor(text)
        muted.setAlpha(150)
        title_font = painter.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text)
        painter.drawText(
            QRectF(0, 0, self.width(), 24),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.title,
        )
        body = painter.font()
        body.setBold(False)
        painter.setFont(body)
        if not self.bars:
            painter.setPen(muted)
            painter.drawText(
                QRectF(0, 30, self.width(), self.ROW),
                int(Qt.AlignmentFlag.AlignLeft),
                _("Nothing to show"),
            )
            return
        metrics = painter.fontMetrics()
        label_width = min(
            self.width() * 0.42, max(metrics.horizontalAdvance(b.label) for b in self.bars) + 12
        )
        value_width = metrics.horizontalAdvance(str(max(b.value for b in self.bars))) + 10
        track = self.width() - label_width - value_width - 4
        top_value = max(b.value for b in self.bars) or 1
        for row, bar in enumerate(self.bars):
            y = 30 + row * self.ROW
            painter.setPen(text)
            label = metrics.elidedText(
                bar.label, Qt.TextElideMode.ElideRight, int(label_width - 10)
            )
            painter.drawText(
                QRectF(0, y, label_width - 8, self.ROW - 6),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
            length = max(2.0, track * bar.value / top_value)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(bar.colour)
            painter.drawRoundedRect(QRectF(label_width, y + 4, length, self.ROW - 14), 3, 3)
            painter.setPen(muted)
            painter.drawText(
                QRectF(label_width + length + 6, y, value_width, self.ROW - 6),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                str(bar.value),
            )
        painter.end()
