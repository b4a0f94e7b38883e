"""Undoing a deletion (the notice's Undo button, Tools → Undo history), off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from inspector.deletion.apply import UndoResult, undo
from inspector.deletion.backup import BackupStore
from inspector.errors import InspectorError
from inspector.gui import dialogs
from inspector.gui.controllers.storejobs import settled_by_failure
from inspector.gui.jobs import Job, JobContext, JobKind, Outcome
from inspector.i18n import _
from inspector.paths import AppPaths

if TYPE_CHECKING:
    from inspector.gui.window import MainWindow


@dataclass(frozen=True)
class Undone:
    result: UndoResult
    touched: frozenset[str]  # the stores written (resolved paths): only those are re-read


def undo_deletion(context: JobContext, paths: AppPaths, backup_id: str | None) -> Undone:
    """The job: put back one deletion (the last one when ``backup_id`` is None)."""
    context.check()
    result = undo(paths, backup_id)
    try:
        parts = BackupStore(paths).load(result.backup_id).stores
    except (InspectorError, OSError):
        parts = ()  # then every store is read again
    return Undone(result, frozenset(str(Path(part.path).resolve()) for part in parts))


class UndoController(QObject):
    undone = Signal(object)  # Undone

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._jobs: dict[int, Job] = {}
        window.runner.finished.connect(self._finished)

    def undo(self, backup_id: str | None = None) -> None:
        window = self.window
        job = Job(
            JobKind.UNDO,
            partial(undo_deletion, paths=window.deletion_paths, backup_id=backup_id),
            _("Putting cookies back…"),
        )
        if window.runner.submit(job) is not None:
            self._jobs[job.id] = job
            window.statusBar().showMessage(_("Putting cookies back…"))

    def show_history(self) -> None:
        dialog = dialogs.HistoryDialog(self.window.deletion_paths, self.undo, self.window)
        self.undone.connect(dialog.reload)
        try:
            dialog.exec()
        finally:
            self.undone.disconnect(dialog.reload)
            dialog.deleteLater()

    def _finished(self, outcome: Outcome) -> None:
        job = self._jobs.pop(outcome.job.id, None)
        if job is None or outcome.cancelled:
            return
        window = self.window
        if settled_by_failure(window, self._jobs, job, outcome, _("Undo failed")):
            return
        assert isinstance(outcome.result, Undone)
        self.undone.emit(outcome.result)
