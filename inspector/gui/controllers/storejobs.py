"""What deleting and undoing share when their job ends: a browser that holds a store (offer to
try again once it is closed) and a failure (say it, naming the file and what to do)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from inspector.errors import BrowserRunningError, InspectorError, describe_unexpected
from inspector.gui import dialogs
from inspector.gui.jobs import Job, Outcome

if TYPE_CHECKING:
    from inspector.gui.window import MainWindow


def settled_by_failure(
    window: MainWindow,
    jobs: dict[int, Job],
    job: Job,
    outcome: Outcome,
    title: str,
    *,
    serious: bool = False,
) -> bool:
    """True when ``outcome`` failed and was dealt with here: the person was asked to close the
    browser (a retry is submitted and remembered in ``jobs``), or told what went wrong."""
    window.statusBar().clearMessage()
    error = outcome.error
    if isinstance(error, BrowserRunningError):
        if dialogs.running_browser_dialog(window, error.describe()):
            retry = Job(job.kind, job.work, job.description)
            if window.runner.submit(retry) is not None:
                jobs[retry.id] = retry
        return True
    if error is not None:
        message = (
            error.describe() if isinstance(error, InspectorError) else describe_unexpected(error)
        )
        show = QMessageBox.critical if serious else QMessageBox.warning
        show(window, title, message)
        return True
    return False
