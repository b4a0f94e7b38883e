"""Consent records behind the system keyring or Keychain.

Chrome-family browsers encrypt every value; on Linux and macOS the key is in the system
keyring or Keychain, whose first use may show a system prompt. Before that first use the
window says in one sentence why, with *Allow* / *Not now*; the answer is kept in the settings
(``keyring_access``, changeable in Tools → Settings). Where the key cannot be had, the bar says
on how many sites the consent choices could not be read and why, with a way to retry — the
overview and each site's consent panel say the same, never "none found".
"""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from inspector.analysis import Analysis, unread_summary
from inspector.i18n import N_, _, ngettext
from inspector.keys import KeyProblem

if TYPE_CHECKING:
    from inspector.gui.window import MainWindow

# Windows' DPAPI never shows a prompt: nothing to ask there
ASKS_THE_SYSTEM = sys.platform != "win32"
RETRY_HINT = N_(
    "Reading them was not allowed; choose Retry to allow it (or change it in Tools → Settings)."
)


class KeyringController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.bar = QFrame()
        self.bar.setObjectName("keyringBar")
        layout = QHBoxLayout(self.bar)
        layout.setContentsMargins(12, 6, 12, 6)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.allow_button = QPushButton(_("&Allow"))
        self.allow_button.clicked.connect(self.allow)
        self.not_now_button = QPushButton(_("&Not now"))
        self.not_now_button.clicked.connect(self.not_now)
        self.retry_button = QPushButton(_("&Retry"))
        self.retry_button.clicked.connect(self.retry)
        for widget in (self.allow_button, self.not_now_button, self.retry_button):
            layout.addWidget(widget)
        layout.insertWidget(0, self.text, 1)
        self.bar.hide()

    @property
    def allowed(self) -> bool:
        """Whether the next scan may ask the keyring."""
        return not ASKS_THE_SYSTEM or self.window.settings.keyring_access == "allow"

    def show_analysis(self, analysis: Analysis) -> None:
        """After each scan: ask first, or say what could not be read and why."""
        unread = analysis.unread
        if not unread:
            self.bar.hide()
            return
        sites = len(analysis.unread_sites)
        not_asked = all(group.problem is KeyProblem.NOT_ASKED for group in unread)
        if not_asked and self.window.settings.keyring_access == "ask":
            self.text.setText(
                ngettext(
                    "The consent choices you made on {count} site are in records encrypted "
                    "with a key kept in your system keyring: allow Cookie Inspector to ask for "
                    "it (your system may ask you to confirm) so that it can read them.",
                    "The consent choices you made on {count} sites are in records encrypted "
                    "with a key kept in your system keyring: allow Cookie Inspector to ask for "
                    "it (your system may ask you to confirm) so that it can read them.",
                    sites,
                ).format(count=sites)
            )
            self._buttons(ask=True)
        else:
            self.text.setText(unread_summary(analysis, retry=RETRY_HINT))
            self._buttons(ask=False)
        self.bar.show()

    def _buttons(self, *, ask: bool) -> None:
        self.allow_button.setVisible(ask)
        self.not_now_button.setVisible(ask)
        self.retry_button.setVisible(not ask)

    def allow(self) -> None:
        self._remember("allow")
        self.bar.hide()
        self.window.rescan()

    def not_now(self) -> None:
        self._remember("deny")
        if self.window.analysis is not None:
            self.show_analysis(self.window.analysis)

    def retry(self) -> None:
        """Ask again: the person's choice now is to read them."""
        self._remember("allow")
        self.bar.hide()
        self.window.rescan()

    def _remember(self, access: str) -> None:
        settings = self.window.settings
        if settings.keyring_access != access:
            self.window.settings_controller.save(replace(settings, keyring_access=access))
