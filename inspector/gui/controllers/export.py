"""File → Export report…: choose a format and a file, write it off the GUI thread (a PDF
can take a while), optionally open it when done."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl
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
from inspector.errors import InspectorError, describe_unexpected
from inspector.gui.jobs import Job, JobContext, JobKind, Outcome
from inspector.i18n import N_, _
from inspector.paths import AppPaths

if TYPE_CHECKING:
    from inspector.gui.window import MainWindow

FORMATS = (
    ("html", N_("Web page (HTML) — opens in any browser, prints well"), N_("HTML files (*.html)")),
    ("pdf", N_("Document (PDF)"), N_("PDF files (*.pdf)")),
    ("csv", N_("Spreadsheet (CSV) — one row per cookie"), N_("CSV files (*.csv)")),
    ("json", N_("Data (JSON) — for programs, with a published schema"), N_("JSON files (*.json)")),
)


class ExportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export report"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                _(
                    "Keep a record of what was found, share it, or attach it to a "
                    "complaint. Cookie values are left out."
                )
            )
        )
        self.choices: dict[str, QRadioButton] = {}
        for key, label, _pattern in FORMATS:
            button = QRadioButton(_(label))
            self.choices[key] = button
            layout.addWidget(button)
        self.choices["html"].setChecked(True)
        self.values = QCheckBox(
            _(
                "Include cookie &values (they can sign someone in as you: "
                "share such a report with nobody)"
            )
        )
        self.open_after = QCheckBox(_("&Open the report when it is written"))
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
    pattern = next(_(p) for key, _label, p in FORMATS if key == fmt)
    name, _filter = QFileDialog.getSaveFileName(
        parent, _("Save report"), str(Path.home() / f"cookie-report.{fmt}"), pattern
    )
    if not name:
        return None
    return fmt, Path(name), dialog.values.isChecked(), dialog.open_after.isChecked()


def write(
    analysis: Analysis, paths: AppPaths, fmt: str, target: Path, *, include_values: bool = False
) -> Path:
    """Write the report (on any thread: the PDF is laid out without widgets). The report
    modules are imported here, by the export job: the window starts without them."""
    from inspector.gui.pdf_report import render_pdf
    from inspector.report.command import save_report
    from inspector.report.model import build_report

    report = build_report(analysis, history=BackupStore(paths).all(), include_values=include_values)
    save_report(report, fmt, target, pdf=render_pdf)
    return target


def export_job(
    context: JobContext,
    analysis: Analysis,
    paths: AppPaths,
    fmt: str,
    target: Path,
    include_values: bool,
) -> Path:
    """The job behind File → Export report."""
    context.check()
    return write(analysis, paths, fmt, target, include_values=include_values)


class ExportController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._jobs: dict[int, tuple[Path, bool]] = {}
        window.runner.finished.connect(self._finished)

    def export(self) -> None:
        window = self.window
        if window.analysis is None or window.classifying is not None:
            return  # nothing yet, or not every cookie classified yet (the action is off)
        choice = ask(window)
        if choice is None:
            return
        fmt, target, values, open_after = choice
        job = Job(
            JobKind.EXPORT,
            partial(
                export_job,
                analysis=window.analysis,
                paths=window.deletion_paths,
                fmt=fmt,
                target=target,
                include_values=values,
            ),
        )
        if window.runner.submit(job) is not None:
            self._jobs[job.id] = (target, open_after)
            window.statusBar().showMessage(
                _("Writing the {format} report…").format(format=fmt.upper())
            )

    def _finished(self, outcome: Outcome) -> None:
        wanted = self._jobs.pop(outcome.job.id, None)
        if wanted is None or outcome.cancelled:
            return
        target, open_after = wanted
        window = self.window
        error = outcome.error
        if error is not None:
            window.statusBar().clearMessage()
            message = (
                error.describe()
                if isinstance(error, InspectorError)
                else describe_unexpected(error)
            )
            QMessageBox.critical(window, _("The report was not written"), message)
            return
        window.statusBar().showMessage(_("Report written to {path}").format(path=target), 10000)
        if open_after:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
