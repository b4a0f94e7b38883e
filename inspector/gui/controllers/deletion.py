"""Deleting: the one-click tracker deletion (its preview computed off the GUI thread), a
site's cookies, chosen cookies, one cookie. Refused while a scan or another deletion runs;
a running browser gets a dialog with Retry; every deletion is followed by a rescan."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from inspector.analysis import Analysis, Finding
from inspector.classify import Classifier
from inspector.deletion.apply import DeletionResult, execute
from inspector.deletion.plan import Plan, Selection, make_plan, unreadable_value_dependent
from inspector.gui.controllers.storejobs import settled_by_failure
from inspector.gui.dialogs import DeleteTrackersDialog, PreviewGroups, preview_groups
from inspector.gui.jobs import Job, JobContext, JobKind, Lane, Outcome
from inspector.gui.numbers import number
from inspector.i18n import _, ngettext
from inspector.paths import AppPaths

if TYPE_CHECKING:
    from inspector.gui.window import MainWindow


@dataclass(frozen=True)
class Deleted:
    """A deletion's job result: the plan, and what ``execute`` did (None: nothing to do)."""

    plan: Plan
    result: DeletionResult | None


def preview(
    context: JobContext, analysis: Analysis, selection: Selection, names: frozenset[str]
) -> tuple[Plan, PreviewGroups]:
    """The job behind the preview: what would go and what would stay, grouped to show."""
    uncertain = unreadable_value_dependent(analysis, names)
    context.check()
    plan = make_plan(analysis, selection, uncertain)
    context.check()
    return plan, preview_groups(plan)


def delete(
    context: JobContext,
    analysis: Analysis,
    selection: Selection,
    names: frozenset[str],
    plan: Plan | None,
    paths: AppPaths,
    description: str,
) -> Deleted:
    """The job: plan (unless already planned), then delete with backup, all or nothing."""
    if plan is None:
        plan = make_plan(analysis, selection, unreadable_value_dependent(analysis, names))
    if not plan.delete:
        return Deleted(plan, None)
    context.check()  # the last moment a deletion can be cancelled: nothing written yet
    return Deleted(plan, execute(plan, paths, description))


class DeletionController(QObject):
    deleted = Signal(object)  # DeletionResult

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._jobs: dict[int, Job] = {}
        self._previews: dict[int, DeleteTrackersDialog] = {}
        window.runner.finished.connect(self._finished)

    # ------------------------------------------------------------------ asking
    def allowed(self) -> bool:
        """Deleting acts on the rows last read: not while a scan or a deletion runs."""
        window = self.window
        # not while cookies are being classified: the analysis shown is not final
        return (
            window.analysis is not None
            and window.classifying is None
            and not window.runner.is_busy(Lane.STORES)
        )

    def delete_trackers(self) -> None:
        window = self.window
        if not self.allowed() or window.analysis is None:
            return
        dialog = DeleteTrackersDialog(window.settings, window)
        dialog.selection_changed.connect(lambda: self._preview(dialog))
        self._preview(dialog)
        accepted = dialog.exec()
        self._previews = {k: v for k, v in self._previews.items() if v is not dialog}
        plan = dialog.plan
        dialog.deleteLater()
        if accepted and plan is not None and plan.delete and self.allowed():
            self._submit(plan.selection, _("Delete trackers"), plan)

    def delete_cookies(self, findings: list[Finding]) -> None:
        if not findings or not self.allowed():
            return
        count = len(findings)
        question = ngettext("Delete {count} cookie?", "Delete {count} cookies?", count).format(
            count=number(count)
        )
        names = ", ".join(sorted({f.cookie.name for f in findings}))
        if self._confirm(question, names[:300] + ("…" if len(names) > 300 else "")):
            selection = Selection(cookie_ids=frozenset(f.cookie.id for f in findings))
            self._submit(selection, _("Delete chosen cookies"))

    def delete_one(self, finding: Finding) -> None:
        if not self.allowed():
            return
        cookie = finding.cookie
        if self._confirm(
            _("Delete the cookie {name}?").format(name=cookie.name),
            _("From {host}").format(host=cookie.host),
        ):
            self._submit(
                Selection(cookie_ids=frozenset({cookie.id})),
                _("Delete {name}").format(name=cookie.name),
            )

    def delete_sites(self, sites: list[str]) -> None:
        if not sites or not self.allowed():
            return
        settings = self.window.settings
        shown = ", ".join(sites[:5]) + ("…" if len(sites) > 5 else "")
        detail = (
            _("Consent and refusal records are kept, and sites on your keep list are not touched.")
            if settings.keep_consent
            else _("Sites on your keep list are not touched.")
        )
        if self._confirm(_("Delete the cookies of {sites}?").format(sites=shown), detail):
            selection = Selection(
                sites=frozenset(sites),
                keep_consent=settings.keep_consent,
                keep_sites=frozenset(settings.keep_sites),
            )
            self._submit(
                selection, _("Delete cookies of {sites}").format(sites=", ".join(sites[:3]))
            )

    def _confirm(self, question: str, detail: str) -> bool:
        text = _("{question}\n\n{detail}\n\nA backup is kept, so you can undo this.").format(
            question=question, detail=detail
        )
        answer = QMessageBox.question(self.window, _("Delete cookies"), text)
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ running
    def _names(self, classifier: Classifier | None) -> frozenset[str]:
        return classifier.matcher.value_dependent_names if classifier else frozenset()

    def _preview(self, dialog: DeleteTrackersDialog) -> None:
        window = self.window
        if window.analysis is None:
            return
        dialog.show_busy()
        job = Job(
            JobKind.PREVIEW,
            partial(
                preview,
                analysis=window.analysis,
                selection=dialog.selection(),
                names=self._names(window.classifier_or_none()),
            ),
        )
        if window.runner.submit(job) is not None:
            self._previews[job.id] = dialog

    def _submit(self, selection: Selection, description: str, plan: Plan | None = None) -> None:
        window = self.window
        assert window.analysis is not None
        job = Job(
            JobKind.DELETE,
            partial(
                delete,
                analysis=window.analysis,
                selection=selection,
                names=self._names(window.classifier_or_none()),
                plan=plan,
                paths=window.deletion_paths,
                description=description,
            ),
            _("Deleting…"),
        )
        if window.runner.submit(job) is not None:
            self._jobs[job.id] = job
            window.statusBar().showMessage(_("Deleting…"))

    def _finished(self, outcome: Outcome) -> None:
        dialog = self._previews.pop(outcome.job.id, None)
        if dialog is not None:
            if outcome.ok and isinstance(outcome.result, tuple):
                plan, groups = outcome.result
                dialog.show_plan(plan, groups)
            return
        job = self._jobs.pop(outcome.job.id, None)
        if job is None or outcome.cancelled:
            return
        window = self.window
        if settled_by_failure(
            window, self._jobs, job, outcome, _("Nothing was deleted"), serious=True
        ):
            return
        assert isinstance(outcome.result, Deleted)
        if outcome.result.result is None:
            QMessageBox.information(
                window,
                _("Nothing to delete"),
                _(
                    "Every cookie you chose is kept (a consent record, or a site on your "
                    "keep list)."
                ),
            )
            return
        self.deleted.emit(outcome.result.result)
