"""*Show value*: reading one cookie's value off the GUI thread (it copies the database and
may ask the system keyring, which can take seconds or show a prompt)."""

from __future__ import annotations

import sys
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from inspector.analysis import Finding
from inspector.gui.detail import DetailPane
from inspector.gui.jobs import Job, JobContext, JobKind, Outcome
from inspector.i18n import N_, _
from inspector.model import Cookie, Family
from inspector.values import CookieValue, read_values

if TYPE_CHECKING:
    from inspector.gui.window import MainWindow

KEYRING_NOTES = {
    "linux": N_(
        "Chrome, Chromium, Edge, Brave, Opera and Vivaldi encrypt cookie values with a "
        "key kept in your system's keyring (GNOME Keyring or KWallet). To show a value, "
        "Cookie Inspector asks the keyring for that key, and your desktop may ask you to "
        "unlock it or to allow the access. Cookie Inspector only reads the key; it never "
        "stores it."
    ),
    "darwin": N_(
        "Chrome-family browsers keep the key to their cookie values in your macOS "
        "Keychain. To show a value, Cookie Inspector asks the Keychain for it, and macOS "
        "will ask whether to allow that. Choose Allow (once is enough); Cookie "
        "Inspector only reads the key and never stores it."
    ),
}


def read_value(context: JobContext, cookie: Cookie) -> CookieValue | None:
    """The job: one cookie's value, or why it cannot be read."""
    context.check()
    return read_values([cookie], allow_keyring=True).get(cookie.id)


class RevealController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._keyring_explained = False
        self._jobs: dict[int, tuple[DetailPane, str]] = {}
        window.runner.finished.connect(self._finished)

    def reveal(self, pane: DetailPane, finding: Finding) -> None:
        cookie = finding.cookie
        if cookie.store.family is Family.CHROMIUM and not self._explain_keyring():
            return
        job = Job(JobKind.REVEAL, partial(read_value, cookie=cookie))
        if self.window.runner.submit(job) is not None:
            self._jobs[job.id] = (pane, cookie.id)
            pane.show_reading()

    def _explain_keyring(self) -> bool:
        """Say once, before the system may show its own prompt, why it appears."""
        note = next(
            (text for prefix, text in KEYRING_NOTES.items() if sys.platform.startswith(prefix)),
            None,
        )
        if note is None or self._keyring_explained:
            return True
        answer = QMessageBox.information(
            self.window,
            _("Showing an encrypted value"),
            _(note),
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Ok:
            return False
        self._keyring_explained = True
        return True

    def _finished(self, outcome: Outcome) -> None:
        wanted = self._jobs.pop(outcome.job.id, None)
        if wanted is None:
            return
        pane, cookie_id = wanted
        if outcome.cancelled:
            pane.show_value(cookie_id, CookieValue(None, _("Reading was cancelled.")))
            return
        if outcome.error is not None:
            pane.show_value(cookie_id, CookieValue(None, str(outcome.error)))
            return
        result = outcome.result
        pane.show_value(cookie_id, result if isinstance(result, CookieValue) else None)
