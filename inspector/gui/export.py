"""File → Export report…: choose a format and a file, optionally open it when done."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from inspector.analysis import Analysis
from inspector.deletion.backup import BackupStore
from inspector.errors import InspectorError
from inspector.paths import AppPaths
from inspector.report.command import save_report
from inspector.report.model import build_report

FORMATS = (
    ("html", "Web page (HTML) — opens in any browser, prints well", "HTML files (*.html)"),
    ("pdf", "Document (PDF)", "PDF files (*.pdf)"),
    ("csv", "Spreadsheet (CSV) — one row per cookie", "CSV files (*.csv)"),
    ("json", "Data (JSON) — for programs, with a published schema", "JSON files (*.json)"),
)


class ExportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export report")
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Keep a record of what was found, share it, or attach it to a "
                "complaint. Cookie values are left out."
            )
        )
        self.choices: dict[str, QRadioButton] = {}
        for key, label, _ in FORMATS:
            button = QRadioButton(label)
            self.choices[key] = button
            layout.addWidget(button)
        self.choices["html"].setChecked(True)
        self.values = QCheckBox(
            "Include cookie values (they can sign someone in as you: "
            "share such a report with nobody)"
        )
        self.open_after = QCheckBox("Open the report when it is written")
        self.open_after.setChecked(True)
        layout.addWidget(self.values)
        layout.addWidget(self.open_after)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> str:
        return next(key for key, button in self.choices.items() if button.isChecked())


def ask(parent: QWidget) -> tuple[str, Path, bool, bool] | None:
    """Format, file, values and "open when done", or None when the person cancels."""
    dialog = ExportDialog(parent)
    if not dialog.exec():
        return None
    fmt = dialog.chosen()
    pattern = next(p for key, _, p in FORMATS if key == fmt)
    name, _ = QFileDialog.getSaveFileName(
        parent, "Save report", str(Path.home() / f"cookie-report.{fmt}"), pattern
    )
    if not name:
        return None
    return fmt, Path(name), dialog.values.isChecked(), dialog.open_after.isChecked()


def finished(parent: QWidget, target: Path, open_after: bool) -> None:
    if open_after:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))


def failed(parent: QWidget, error: Exception) -> None:
    message = error.describe() if isinstance(error, InspectorError) else str(error)
    QMessageBox.critical(parent, "The report was not written", message)


def write(
    analysis: Analysis, paths: AppPaths, fmt: str, target: Path, *, include_values: bool = False
) -> None:
    from inspector.gui.pdf_report import render_pdf

    report = build_report(analysis, history=BackupStore(paths).all(), include_values=include_values)
    save_report(report, fmt, target, pdf=render_pdf)
