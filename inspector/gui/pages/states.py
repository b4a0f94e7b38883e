"""The pages shown instead of the lists: reading the stores, and no browser found."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from inspector.i18n import _


class LoadingPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.label = QLabel(_("Reading your browsers' cookies…"))
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setObjectName("emptyTitle")
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(420)
        layout.addWidget(self.label)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.bar)
        row.addStretch(1)
        layout.addLayout(row)
        self.detail = QLabel()
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.detail)
        layout.addStretch(2)

    def show_progress(self, done: int, total: int, text: str) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(done)
        self.detail.setText(text)


class EmptyPage(QWidget):
    """No browser found: open a file or explore the sample data."""

    open_requested = Signal()
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel(_("No browser was found on this computer"))
        title.setObjectName("emptyTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setWordWrap(True)
        text = QLabel(
            _(
                "Cookie Inspector looks for Chrome, Chromium, Edge, Brave, Opera, Vivaldi, "
                "Firefox, LibreWolf and Safari in their usual places. You can open a "
                "cookie file yourself, or explore sample data written by real browsers."
            )
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setMaximumWidth(560)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.open_button = QPushButton(_("&Open a cookie file…"))
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button = QPushButton(_("E&xplore sample data"))
        self.demo_button.setObjectName("primary")
        self.demo_button.clicked.connect(self.demo_requested)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        layout.addWidget(title)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(text)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addStretch(2)
