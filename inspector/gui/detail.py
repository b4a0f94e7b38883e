"""The detail pane: one cookie's full explanation, its value on request, its evidence."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inspector.analysis import Analysis, Finding
from inspector.explain import explain
from inspector.gui.models import expiry_text, flags_text, lifetime_text
from inspector.gui.theme import SHORT_LABELS, purpose_colour
from inspector.model import Family
from inspector.values import read_values

SECTIONS = (
    ("what", "What it is"),
    ("why", "Why it is there"),
    ("how_long", "How long"),
    ("who_receives", "Who receives the data"),
    ("how_to_object", "How to object"),
    ("your_rights", "Your rights"),
)


class DetailPane(QWidget):
    delete_requested = Signal(object)  # the Finding

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        self.text.setAccessibleName("Cookie explanation")
        layout.addWidget(self.text)
        buttons = QHBoxLayout()
        self.value_label = QLabel()
        self.value_label.setWordWrap(True)
        self.value_label.setTextInteractionFlags(self.value_label.textInteractionFlags())
        self.reveal = QPushButton("Show value")
        self.reveal.setToolTip(
            "Values stay hidden until you ask. Chrome-family browsers may "
            "ask your system keyring for permission."
        )
        self.reveal.clicked.connect(self._reveal)
        self.delete = QPushButton("Delete this cookie…")
        self.delete.clicked.connect(lambda: self.delete_requested.emit(self.finding))
        buttons.addWidget(self.reveal)
        buttons.addWidget(self.delete)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.value_label)
        self.finding: Finding | None = None
        self.analysis: Analysis | None = None
        self.show_finding(None)

    def show_finding(self, finding: Finding | None, analysis: Analysis | None = None) -> None:
        self.finding = finding
        self.analysis = analysis or self.analysis
        self.value_label.clear()
        self.reveal.setEnabled(finding is not None)
        self.delete.setEnabled(finding is not None)
        if finding is None:
            self.text.setHtml(
                "<p style='color:gray'>Select a cookie to see who put it there, "
                "why, for how long, and what you can do about it.</p>"
            )
            return
        self.text.setHtml(self._html(finding))

    def _html(self, finding: Finding) -> str:
        cookie, info = finding.cookie, finding.info
        colour = purpose_colour(info.purpose).name()
        who = info.organization.name if info.organization else info.site
        parts = [
            f"<h2 style='margin-bottom:2px'>{escape(cookie.name)}</h2>",
            f"<p style='margin-top:0'><span style='color:{colour}; font-weight:bold'>"
            f"● {escape(SHORT_LABELS[info.purpose])}</span> · {escape(who)} · "
            f"{'third party' if info.party == 'third' else 'first party'}<br>"
            f"<small>{escape(cookie.host + cookie.path)} · {escape(lifetime_text(finding))} · "
            f"expires {escape(expiry_text(finding))} · {escape(flags_text(finding) or '—')}"
            f"<br>{escape(cookie.store.browser)}, profile {escape(cookie.store.profile)}"
            f"</small></p>",
        ]
        parts += self._consent_html(finding)
        parts += self._violation_html(finding)
        for key, title in SECTIONS:
            text = explain(cookie, info).as_dict()[key]
            parts.append(f"<h3>{title}</h3><p>{_linked(text)}</p>")
        if info.confidence != "catalogue":
            parts.append(
                "<p><small>How sure we are: "
                f"{escape(_confidence_words(info.confidence))}.</small></p>"
            )
        return "".join(parts)

    def _consent_html(self, finding: Finding) -> list[str]:
        record = finding.info.consent_record
        if record is None:
            return []
        return [
            f"<p style='border-left:3px solid gray; padding-left:6px'>"
            f"<b>Your recorded choice:</b> {escape(record.summary())}</p>"
        ]

    def _violation_html(self, finding: Finding) -> list[str]:
        if self.analysis is None:
            return []
        return [
            f"<p style='color:#b4312f'><b>Contradiction:</b> {escape(v.explanation())}</p>"
            for v in self.analysis.violations
            if v.cookie_id == finding.cookie.id
        ]

    def _reveal(self) -> None:
        if self.finding is None:
            return
        if self.finding.cookie.store.family is Family.CHROMIUM and not _keyring_explained():
            return
        value = read_values([self.finding.cookie], allow_keyring=True).get(self.finding.cookie.id)
        if value is None or value.value is None:
            reason = value.reason if value else "The value could not be read."
            self.value_label.setText(f"<i>Value not available:</i> {escape(reason or '')}")
        else:
            shown = value.value if len(value.value) <= 2000 else value.value[:2000] + "…"
            self.value_label.setText(f"<b>Value:</b> <code>{escape(shown)}</code>")


_KEYRING_NOTE = {
    "linux": (
        "Chrome, Chromium, Edge, Brave, Opera and Vivaldi encrypt cookie values with a "
        "key kept in your system's keyring (GNOME Keyring or KWallet). To show a value, "
        "Cookie Inspector asks the keyring for that key, and your desktop may ask you to "
        "unlock it or to allow the access. Cookie Inspector only reads the key; it never "
        "stores it."
    ),
    "darwin": (
        "Chrome-family browsers keep the key to their cookie values in your macOS "
        "Keychain. To show a value, Cookie Inspector asks the Keychain for it, and macOS "
        "will ask whether to allow that. Choose Allow (once is enough); Cookie "
        "Inspector only reads the key and never stores it."
    ),
}
_explained: list[bool] = []


def _keyring_explained() -> bool:
    """Say once, before the system may show its own prompt, why it appears."""
    import sys

    from PySide6.QtWidgets import QMessageBox

    note = next(
        (text for prefix, text in _KEYRING_NOTE.items() if sys.platform.startswith(prefix)), None
    )
    if note is None or _explained:
        return True
    answer = QMessageBox.information(
        None,
        "Showing an encrypted value",
        note,
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
    )
    if answer != QMessageBox.StandardButton.Ok:
        return False
    _explained.append(True)
    return True


def _linked(text: str) -> str:
    words = []
    for word in escape(text).split(" "):
        if word.startswith(("https://", "http://")):
            url = word.rstrip(".,;)")
            words.append(f"<a href='{url}'>{url}</a>{word[len(url) :]}")
        else:
            words.append(word)
    return " ".join(words)


def _confidence_words(confidence: str) -> str:
    return {
        "domain": "our catalogue knows the company that owns this address, not this cookie",
        "heuristic": "a guess from the cookie's name only",
        "none": "we do not know this cookie",
    }.get(confidence, confidence)
