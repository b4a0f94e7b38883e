"""The filter bar shared by the Sites and Cookies pages: purpose, party, lifetime, flags and
trackers only. ``filters()`` turns the combo boxes' data back into enums: a combo box hands a
StrEnum back as a plain ``str``, which once made the purpose filter match nothing."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QWidget,
)

from inspector.classify import Party
from inspector.gui.models import FlagChoice, LifetimeChoice
from inspector.i18n import _
from inspector.purposes import Purpose


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 6, 2)
        self.purpose = self._combo(
            _("Purpose filter"),
            [(_("All purposes"), None), *((p.short_label, p.value) for p in Purpose)],
        )
        self.party = self._combo(
            _("Party filter"),
            [
                (_("First and third party"), None),
                (_("First party"), Party.FIRST.value),
                (_("Third party"), Party.THIRD.value),
            ],
        )
        self.lifetime = self._combo(
            _("Lifetime filter"),
            [
                (_("Any lifetime"), None),
                (_("Session"), LifetimeChoice.SESSION.value),
                (_("Permanent"), LifetimeChoice.PERMANENT.value),
                (_("Past 13 months"), LifetimeChoice.PAST_13_MONTHS.value),
            ],
        )
        self.flag = self._combo(
            _("Flag filter"),
            [
                (_("Any flag"), None),
                (_("Consent records"), FlagChoice.CONSENT.value),
                (_("Contradicting a refusal"), FlagChoice.CONTRADICTION.value),
            ],
        )
        for combo in (self.purpose, self.party, self.lifetime, self.flag):
            layout.addWidget(combo)
        self.trackers_only = QCheckBox(_("Trackers only"))
        self.trackers_only.toggled.connect(self.changed)
        layout.addWidget(self.trackers_only)

    def _combo(self, name: str, items: list[tuple[str, str | None]]) -> QComboBox:
        combo = QComboBox()
        # narrow screens and long translations: the combo boxes shrink (their entries elide)
        # rather than make the window wider than the screen
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(6)
        combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        for text, value in items:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(self.changed)
        return combo

    def purpose_choice(self) -> Purpose | None:
        data = self.purpose.currentData()
        return None if data is None else Purpose(str(data))

    def party_choice(self) -> Party | None:
        data = self.party.currentData()
        return None if data is None else Party(str(data))

    def lifetime_choice(self) -> LifetimeChoice | None:
        data = self.lifetime.currentData()
        return None if data is None else LifetimeChoice(str(data))

    def flag_choice(self) -> FlagChoice | None:
        data = self.flag.currentData()
        return None if data is None else FlagChoice(str(data))

    def select(self, combo: QComboBox, value: object) -> None:
        """Choose the entry whose data is ``value`` (an enum or None)."""
        combo.setCurrentIndex(0 if value is None else max(0, combo.findData(str(value))))


class SearchBox(QLineEdit):
    """The search field. It lets the window's shortcuts through: on Linux a line edit takes
    Ctrl+E and Ctrl+H as editing keys, which hid Export and Undo history while it had focus."""

    WINDOW_SHORTCUTS = ("Ctrl+E", "Ctrl+H")

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(
                pressed.matches(QKeySequence(key)) == QKeySequence.SequenceMatch.ExactMatch
                for key in self.WINDOW_SHORTCUTS
            ):
                event.ignore()
                return False
        return super().event(event)
