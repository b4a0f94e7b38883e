"""The first page: headline figures, charts, and where sites contradict a refusal."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inspector.analysis import Analysis, unread_summary
from inspector.contradictions import Evidence, Violation
from inspector.gui.charts import Bar, BarChart
from inspector.gui.controllers.keyring import RETRY_HINT
from inspector.gui.theme import ACCENT, PURPOSE_ORDER, WARNING, pick, purpose_colour
from inspector.i18n import N_, _, ngettext
from inspector.localeformat import format_number, format_percent
from inspector.purposes import Purpose
from inspector.summary import LifetimeBucket, Summary, summarise

CARDS = (
    ("cookies", N_("Cookies"), N_("in every browser profile")),
    ("sites", N_("Sites"), N_("that stored cookies")),
    ("trackers", N_("Trackers"), N_("analytics and advertising cookies")),
    ("organizations", N_("Companies"), N_("receive data through cookies")),
    ("consent_records", N_("Consent records"), N_("your choices, kept when you delete")),
    (
        "past_13_months",
        N_("Past 13 months"),
        N_("cookies that need your consent, kept longer than they should"),
    ),
)
SHOWN_CONTRADICTIONS = 200  # the list's rows; the Sites page's flag filter shows them all


class QuietList(QListWidget):
    """A list inside the scrolling overview: the wheel scrolls the overview unless the list
    has the keyboard focus (otherwise the page stops scrolling under the pointer)."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class Card(QFrame):
    def __init__(self, title: str, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.number = QLabel("0")
        self.number.setObjectName("cardNumber")
        self.title = QLabel(_(title))
        self.title.setObjectName("cardTitle")
        self.hint = QLabel(_(hint))
        self.hint.setObjectName("cardHint")
        self.hint.setWordWrap(True)
        for widget in (self.number, self.title, self.hint):
            layout.addWidget(widget)
        self.setAccessibleName(_(title))

    def set_value(self, value: int) -> None:
        self.number.setText(format_number(value))
        self.setAccessibleDescription(
            _("{count} {title}, {hint}").format(
                count=format_number(value), title=self.title.text(), hint=self.hint.text()
            )
        )


class OverviewPage(QScrollArea):
    """Headline figures and charts; double-clicking a contradiction opens that cookie."""

    site_requested = Signal(str)
    cookie_requested = Signal(str, str)  # site, cookie id: a contradiction double-clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.demo = False
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(14)
        self.headline = QLabel()
        self.headline.setObjectName("headline")
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        cards = QGridLayout()
        cards.setSpacing(12)
        self.cards: dict[str, Card] = {}
        for position, (key, title, hint) in enumerate(CARDS):
            card = Card(title, hint)
            self.cards[key] = card
            cards.addWidget(card, position // 3, position % 3)
        layout.addLayout(cards)
        self.contradictions = self._contradictions_box()
        layout.addWidget(self.contradictions)
        charts = QGridLayout()
        charts.setHorizontalSpacing(28)
        charts.setVerticalSpacing(18)
        self.purpose_chart = BarChart(_("Cookies by purpose"))
        self.org_chart = BarChart(_("Companies receiving the most data"))
        self.lifetime_chart = BarChart(_("How long cookies stay"))
        self.browser_chart = BarChart(_("Cookies per browser"))
        for position, chart in enumerate(
            (self.purpose_chart, self.org_chart, self.lifetime_chart, self.browser_chart)
        ):
            charts.addWidget(chart, position // 2, position % 2, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(charts)
        layout.addStretch(1)
        self.setWidget(body)

    def _contradictions_box(self) -> QFrame:
        box = QFrame()
        box.setObjectName("contradictions")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(box)
        header = QHBoxLayout()
        self.contradictions_title = QLabel()
        self.contradictions_title.setObjectName("sectionTitle")
        header.addWidget(self.contradictions_title)
        header.addStretch(1)
        layout.addLayout(header)
        self.contradictions_text = QLabel()
        self.contradictions_text.setWordWrap(True)
        layout.addWidget(self.contradictions_text)
        self.contradictions_list = QuietList()
        self.contradictions_list.setAccessibleName(_("Contradictions"))
        self.contradictions_list.setToolTip(_("Double-click a line to see that cookie"))
        self.contradictions_list.setMaximumHeight(140)
        self.contradictions_list.itemActivated.connect(self._open_cookie)
        self.contradictions_list.itemDoubleClicked.connect(self._open_cookie)
        layout.addWidget(self.contradictions_list)
        return box

    def _open_cookie(self, item: QListWidgetItem) -> None:
        site, cookie_id = item.data(Qt.ItemDataRole.UserRole)
        self.cookie_requested.emit(site, cookie_id)

    def show_analysis(
        self,
        analysis: Analysis,
        data: Summary | None = None,
        *,
        demo: bool = False,
        classifying: tuple[int, int] | None = None,
    ) -> None:
        """``classifying``: (classified, total) when ``analysis`` holds only the cookies
        classified so far: the figures are theirs, and contradictions are not known yet."""
        data = data or summarise(analysis)
        self.demo = demo
        numbers = data.figures
        for key, card in self.cards.items():
            card.set_value(getattr(numbers, key))
        self.cards["trackers"].number.setStyleSheet(f"color: {pick(ACCENT).name()};")
        headline = self._headline(
            numbers.cookies, numbers.trackers, numbers.organizations, numbers.stores
        )
        if classifying is not None:
            done, total = classifying
            so_far = ngettext(
                "Classifying {done} of {total} cookie… The figures below count those "
                "classified so far.",
                "Classifying {done} of {total} cookies… The figures below count those "
                "classified so far.",
                total,
            ).format(done=format_number(done), total=format_number(total))
            headline = f"<b>{escape(so_far)}</b><br>{headline}"
            self._show_checking()
        else:
            self._show_contradictions(analysis)
        self.headline.setText(headline)
        purposes = data.purposes
        self.purpose_chart.set_bars(
            [
                Bar(p.short_label, purposes[p], purpose_colour(p))
                for p in PURPOSE_ORDER
                if purposes[p]
            ]
        )
        organizations = data.organizations.most_common(8)
        accent = pick(ACCENT)
        self.org_chart.set_bars([Bar(name, count, accent) for name, count in organizations])
        lifetimes = data.lifetimes
        long_colour, normal = pick(WARNING), self.palette().color(self.foregroundRole())
        normal = QColor(normal)
        normal.setAlpha(110)
        self.lifetime_chart.set_bars(
            [
                Bar(
                    bucket.label,
                    lifetimes[bucket],
                    long_colour if bucket is LifetimeBucket.PAST_13_MONTHS else normal,
                )
                for bucket in LifetimeBucket
            ]
        )
        self.browser_chart.set_bars(
            [Bar(name, count, normal) for name, count in data.browsers.most_common()]
        )

    def _headline(self, cookies: int, trackers: int, organizations: int, stores: int) -> str:
        if not cookies:
            return escape(_("No cookies were found."))
        share = format_percent(trackers / cookies)
        if self.demo:
            tracking = ngettext(
                "{trackers} of the sample's {cookies} cookie ({share}) tracks its browser",
                "{trackers} of the sample's {cookies} cookies ({share}) track their browser",
                cookies,
            )
        else:
            tracking = ngettext(
                "{trackers} of your {cookies} cookie ({share}) tracks you",
                "{trackers} of your {cookies} cookies ({share}) track you",
                cookies,
            )
        first = tracking.format(
            trackers=format_number(trackers), cookies=format_number(cookies), share=share
        )
        companies = ngettext(
            "for analytics or advertising, and {count} company receives data through cookies.",
            "for analytics or advertising, and {count} companies receive data through cookies.",
            organizations,
        ).format(count=format_number(organizations))
        source = ngettext(
            "Read from {count} browser profile; nothing was changed.",
            "Read from {count} browser profiles; nothing was changed.",
            stores,
        ).format(count=format_number(stores))
        if self.demo:
            source = _("Sample data written by real browsers; your own cookies were not read.")
        return f"<b>{escape(first)}</b> {escape(companies)} {escape(source)}"

    def _show_checking(self) -> None:
        """Contradictions need every cookie classified: unknown yet (never "none")."""
        self.contradictions_list.clear()
        self.contradictions_list.hide()
        self.contradictions_title.setText(_("Contradictions: being checked…"))
        self.contradictions_text.setText(
            _(
                "Cookie Inspector compares your consent choices with the cookies once every "
                "cookie is classified."
            )
        )

    def _show_contradictions(self, analysis: Analysis) -> None:
        violations = analysis.violations
        self.contradictions_list.clear()
        unread = len(analysis.unread_sites)
        if not violations and unread:  # not "none found": some choices are unknown
            self.contradictions_title.setText(
                ngettext(
                    "Contradictions: unknown on {count} site",
                    "Contradictions: unknown on {count} sites",
                    unread,
                ).format(count=unread)
            )
            self.contradictions_text.setText(unread_summary(analysis, retry=RETRY_HINT))
            self.contradictions_list.hide()
            return
        if not violations:
            self.contradictions_title.setText(_("Contradictions: none found"))
            self.contradictions_text.setText(
                _(
                    "No site keeps analytics or advertising cookies after you refused them, as "
                    "far as the consent records Cookie Inspector can read show."
                )
            )
            self.contradictions_list.hide()
            return
        sites = len({v.site for v in violations})
        self.contradictions_title.setText(
            ngettext(
                "Contradictions: {cookies} on {sites} site despite your refusal",
                "Contradictions: {cookies} on {sites} sites despite your refusal",
                sites,
            ).format(
                cookies=ngettext("{n} cookie", "{n} cookies", len(violations)).format(
                    n=format_number(len(violations))
                ),
                sites=format_number(sites),
            )
        )
        explanation = _(
            "These sites recorded that you refused some cookies, yet cookies of those "
            "kinds are there. Double-click one to see the evidence and what you can do."
        )
        if unread:
            explanation += " " + unread_summary(analysis, retry=RETRY_HINT)
        self.contradictions_text.setText(explanation)
        self.contradictions_list.show()
        rows = min(len(violations), 5)
        for violation in violations[:SHOWN_CONTRADICTIONS]:
            self.contradictions_list.addItem(_contradiction_item(violation))
        hidden = len(violations) - SHOWN_CONTRADICTIONS
        if hidden > 0:
            more = QListWidgetItem(
                ngettext(
                    "… and {count} more: Sites, filter “Contradicting a refusal”",
                    "… and {count} more: Sites, filter “Contradicting a refusal”",
                    hidden,
                ).format(count=format_number(hidden))
            )
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.contradictions_list.addItem(more)
        self.contradictions_list.setFixedHeight(
            rows * max(self.contradictions_list.sizeHintForRow(0), 18) + 8
        )


def _contradiction_item(violation: Violation) -> QListWidgetItem:
    refused = (
        _("the vendor {vendor}").format(vendor=violation.vendor)
        if violation.vendor
        else _purpose_words(violation.refused_purpose)
    )
    text = (
        _("{site} — {cookie} (refused: {refused}; set after you refused) · {browser}")
        if violation.evidence == Evidence.SET_AFTER_REFUSAL
        else _("{site} — {cookie} (refused: {refused}; still there after you refused) · {browser}")
    ).format(
        site=violation.site,
        cookie=violation.cookie_name,
        refused=refused,
        browser=violation.finding.cookie.store.browser,
    )
    item = QListWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, (violation.site, violation.cookie_id))
    item.setToolTip(violation.explanation())
    return item


def _purpose_words(purpose: object) -> str:
    return purpose.short_label.lower() if isinstance(purpose, Purpose) else str(purpose)
