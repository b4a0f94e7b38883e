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
from inspector.gui.models import expiry_text, flags_text, lifetime_text
from inspector.gui.theme import ACCENT, pick, purpose_colour
from inspector.i18n import N_, _
from inspector.values import CookieValue

SECTIONS = (
    ("what", N_("What it is")),
    ("why", N_("Why it is there")),
    ("how_long", N_("How long")),
    ("who_receives", N_("Who receives the data")),
    ("how_to_object", N_("How to object")),
    ("your_rights", N_("Your rights")),
)


class DetailPane(QWidget):
    delete_requested = Signal(object)  # the Finding
    reveal_requested = Signal(object)  # the Finding: the reveal controller reads its value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        self.text.setAccessibleName(_("Cookie explanation"))
        layout.addWidget(self.text)
        buttons = QHBoxLayout()
        self.value_label = QLabel()
        self.value_label.setWordWrap(True)
        self.value_label.setTextInteractionFlags(self.value_label.textInteractionFlags())
        self.reveal = QPushButton(_("Show &value"))
        self.reveal.setToolTip(
            _(
                "Values stay hidden until you ask. Chrome-family browsers may "
                "ask your system keyring for permission."
            )
        )
        self.reveal.clicked.connect(self._ask_reveal)
        self.delete = QPushButton(_("&Delete this cookie…"))
        self.delete.setObjectName("danger")
        self.delete.clicked.connect(self._ask_delete)
        buttons.addWidget(self.reveal)
        buttons.addWidget(self.delete)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.value_label)
        self.finding: Finding | None = None
        self.analysis: Analysis | None = None
        self._delete_allowed = True
        self.show_finding(None)

    def _ask_reveal(self) -> None:
        if self.finding is not None:
            self.reveal_requested.emit(self.finding)

    def _ask_delete(self) -> None:
        if self.finding is not None and self._delete_allowed:
            self.delete_requested.emit(self.finding)

    def show_finding(self, finding: Finding | None, analysis: Analysis | None = None) -> None:
        self.finding = finding
        self.analysis = analysis or self.analysis
        self.value_label.clear()
        self.reveal.setEnabled(finding is not None)
        self.delete.setEnabled(finding is not None and self._delete_allowed)
        if finding is None:
            self.text.setHtml(
                "<p style='color:gray'>{}</p>".format(
                    escape(
                        _(
                            "Select a cookie to see who put it there, why, for how long, "
                            "and what you can do about it."
                        )
                    )
                )
            )
            return
        self.text.setHtml(self._html(finding))

    def _html(self, finding: Finding) -> str:
        # the explanations are imported with the first cookie shown, not at start
        from inspector.explain import explain, party_label

        cookie, info = finding.cookie, finding.info
        colour = purpose_colour(info.purpose).name()
        who = info.organization.name if info.organization else info.site
        party = party_label(info.party)
        facts = _("{where} · {lifetime} · expires {expiry} · {flags}").format(
            where=cookie.host + cookie.path,
            lifetime=lifetime_text(finding),
            expiry=expiry_text(finding),
            flags=flags_text(finding) or "—",
        )
        origin = _("{browser}, profile {profile}").format(
            browser=cookie.store.browser, profile=cookie.store.profile
        )
        parts = [
            f"<h2 style='margin-bottom:2px'>{escape(cookie.name)}</h2>",
            f"<p style='margin-top:0'><span style='color:{colour}; font-weight:bold'>"
            f"● {escape(info.purpose.short_label)}</span> · {escape(who)} · "
            f"{escape(party)}<br><small>{escape(facts)}<br>{escape(origin)}</small></p>",
        ]
        parts += self._consent_html(finding)
        parts += self._violation_html(finding)
        explained = explain(cookie, info).as_dict()
        for key, title in SECTIONS:
            parts.append(f"<h3>{escape(_(title))}</h3><p>{_linked(explained[key])}</p>")
        if info.confidence != "catalogue":
            sure = _("How sure we are: {words}.").format(
                words=_confidence_words(str(info.confidence))
            )
            parts.append(f"<p><small>{escape(sure)}</small></p>")
        return "".join(parts)

    def _consent_html(self, finding: Finding) -> list[str]:
        record = finding.info.consent_record
        if record is None:
            return []
        return [
            "<p style='border-left:3px solid gray; padding-left:6px'>{}</p>".format(
                _("<b>Your recorded choice:</b> {choice}").format(choice=escape(record.summary()))
            )
        ]

    def _violation_html(self, finding: Finding) -> list[str]:
        if self.analysis is None:
            return []
        return [
            "<p style='color:{}'>{}</p>".format(
                pick(ACCENT).name(),
                _("<b>Contradiction:</b> {text}").format(text=escape(v.explanation())),
            )
            for v in self.analysis.violations
            if v.cookie_id == finding.cookie.id
        ]

    def show_value(self, cookie_id: str, value: CookieValue | None) -> None:
        """The value read off the GUI thread; ignored if another cookie is shown by now."""
        self.reveal.setEnabled(self.finding is not None)
        if self.finding is None or self.finding.cookie.id != cookie_id:
            return
        if value is None or value.value is None:
            reason = value.reason if value else _("The value could not be read.")
            self.value_label.setText(
                _("<i>Value not available:</i> {reason}").format(reason=escape(reason or ""))
            )
        else:
            shown = value.value if len(value.value) <= 2000 else value.value[:2000] + "…"
            self.value_label.setText(
                _("<b>Value:</b> <code>{value}</code>").format(value=escape(shown))
            )

    def show_reading(self) -> None:
        self.reveal.setEnabled(False)
        self.value_label.setText(_("<i>Reading the value…</i>"))

    def set_delete_allowed(self, allowed: bool) -> None:
        """False while a scan or a deletion runs: deleting now would act on stale rows."""
        self._delete_allowed = allowed
        self.delete.setEnabled(allowed and self.finding is not None)


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
    words = {
        "domain": N_("our catalogue knows the company that owns this address, not this cookie"),
        "heuristic": N_("a guess from the cookie's name only"),
        "guess": N_("a guess by a model learnt from the cookies our catalogue knows"),
        "none": N_("we do not know this cookie"),
    }.get(confidence)
    return _(words) if words else confidence
