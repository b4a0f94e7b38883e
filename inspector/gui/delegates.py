"""Painting inside table cells: a coloured purpose chip with its text (never colour alone),
and a compact per-purpose bar for a site."""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from inspector.gui.models import PURPOSE_ROLE, SUMMARY_ROLE
from inspector.gui.theme import PURPOSE_ORDER, is_dark, purpose_colour
from inspector.purposes import Purpose
from inspector.summary import SiteSummary

Index = QModelIndex | QPersistentModelIndex


def paint_chip(
    painter: QPainter,
    rect: QRect,
    purpose: Purpose,
    font_metrics: QFontMetrics,
    selected: bool = False,
) -> None:
    text = purpose.short_label
    colour = QColor("white") if selected else purpose_colour(purpose)
    width = min(rect.width() - 8, font_metrics.horizontalAdvance(text) + 30)
    height = min(rect.height() - 6, font_metrics.height() + 4)
    chip = QRectF(rect.left() + 4, rect.center().y() - height / 2 + 1, width, height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fill = QColor(colour)
    fill.setAlpha(40)
    painter.setPen(colour)
    painter.setBrush(fill)
    painter.drawRoundedRect(chip, height / 2, height / 2)
    dot = QRectF(chip.left() + 7, chip.center().y() - 3, 6, 6)
    painter.setBrush(colour)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(dot)
    painter.setPen(colour.darker(110) if colour.lightness() > 128 else colour)
    text_rect = chip.adjusted(18, 0, -6, 0)
    elided = font_metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(text_rect.width()))
    painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter), elided)
    painter.restore()


class PurposeChipDelegate(QStyledItemDelegate):
    """The chip of each purpose is drawn once per size, colour scheme and selection state,
    then copied: a table shows the same few chips on every row, and drawing each anew was a
    good part of the time a keystroke in the search field takes to show."""

    CACHE_SIZE = 256

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._chips: dict[tuple[object, ...], QPixmap] = {}

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        raw = index.data(PURPOSE_ROLE)  # Qt hands a str-based enum back as a plain string
        try:
            purpose = Purpose(raw)
        except ValueError:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        rect = option.rect
        ratio = painter.device().devicePixelRatioF()
        key = (purpose, selected, rect.width(), rect.height(), option.font.key(), is_dark(), ratio)
        chip = self._chips.get(key)
        if chip is None:
            chip = self._chip(purpose, selected, QSize(rect.width(), rect.height()), option, ratio)
            if len(self._chips) >= self.CACHE_SIZE:
                self._chips.clear()
            self._chips[key] = chip
        painter.drawPixmap(rect.topLeft(), chip)

    @staticmethod
    def _chip(
        purpose: Purpose, selected: bool, size: QSize, option: QStyleOptionViewItem, ratio: float
    ) -> QPixmap:
        chip = QPixmap(size * ratio)
        chip.setDevicePixelRatio(ratio)
        chip.fill(Qt.GlobalColor.transparent)
        painter = QPainter(chip)
        painter.setFont(option.font)
        paint_chip(painter, QRect(QPoint(0, 0), size), purpose, painter.fontMetrics(), selected)
        painter.end()
        return chip

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 24, max(size.height(), option.fontMetrics.height() + 10))


class PurposeBarDelegate(QStyledItemDelegate):
    """A stacked bar of the site's cookies by purpose; the text is in the tooltip and the
    accessible text, and the purpose column of the cookie list says the same in words."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        summary = index.data(SUMMARY_ROLE)
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        if not isinstance(summary, SiteSummary) or not summary.count:
            return
        bar = QRectF(option.rect.adjusted(6, 0, -6, 0))
        bar.setHeight(10)
        bar.moveTop(option.rect.center().y() - 5)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        left = bar.left()
        for purpose in PURPOSE_ORDER:
            count = summary.purposes[purpose]
            if not count:
                continue
            width = bar.width() * count / summary.count
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(purpose_colour(purpose))
            painter.drawRect(QRectF(left, bar.top(), max(width - 1, 1), bar.height()))
            left += width
        painter.restore()
