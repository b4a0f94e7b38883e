"""The first page: headline figures, charts, and where sites contradict a refusal."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
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

from inspector.analysis import Analysis
from inspector.gui.charts import Bar, BarChart
from inspector.gui.theme import ACCENT, PURPOSE_ORDER, SHORT_LABELS, WARNING, pick, purpose_colour
from inspector.summary import LifetimeBucket, ViewData, view_data

CARDS = (
    ("cookies", "Cookies", "in every browser profile"),
    ("sites", "Sites", "that stored cookies"),
    ("trackers", "Trackers", "analytics and advertising cookies"),
    ("organizations", "Companies", "receive data through cookies"),
    ("consent_records", "Consent records", "your choices, kept when you delete"),
    ("past_13_months", "Past 13 months", "cookies kept longer than they should"),
)


class Card(QFrame):
    def __init__(self, title: str, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.number = QLabel("0")
        self.number.setObjectName("cardNumber")
        self.title = QLabel(title)
        self.title.setObjectName("cardTitle")
        self.hint = QLabel(hint)
        self.hint.setObjectName("cardHint")
        self.hint.setWordWrap(True)
        for widget in (self.number, self.title, self.hint):
            layout.addWidget(widget)
        self.setAccessibleName(title)

    def set_value(self, value: int) -> None:
        self.number.setText(f"{value:,}")
        self.setAccessibleDescription(f"{value} {self.title.text()}, {self.hint.text()}")


class OverviewPage(QScrollArea):
    """Headline figures and charts; a click on a contradiction opens its site."""

    site_requested = Signal(str)
    cookie_requested = Signal(str, str)  # site, cookie id: a contradiction double-clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self.purpose_chart = BarChart("Cookies by purpose")
        self.org_chart = BarChart("Companies receiving the most data")
        self.lifetime_chart = BarChart("How long cookies stay")
        self.browser_chart = BarChart("Cookies per browser")
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
        self.contradictions_list = QListWidget()
        self.contradictions_list.setAccessibleName("Contradictions")
        self.contradictions_list.setMaximumHeight(140)
        self.contradictions_list.itemActivated.connect(self._open_cookie)
        self.contradictions_list.itemDoubleClicked.connect(self._open_cookie)
        layout.addWidget(self.contradictions_list)
        return box

    def _open_cookie(self, item: QListWidgetItem) -> None:
        site, cookie_id = item.data(Qt.ItemDataRole.UserRole)
        self.cookie_requested.emit(site, cookie_id)

    def show_analysis(
        self, analysis: Analysis, data: ViewData | None = None, *, demo: bool = False
    ) -> None:
        data = data or view_data(analysis)
        self.demo = demo
        numbers = data.figures
        for key, card in self.cards.items():
            card.set_value(getattr(numbers, key))
        self.cards["trackers"].number.setStyleSheet(f"color: {pick(ACCENT).name()};")
        self.headline.setText(
            self._headline(numbers.cookies, numbers.trackers, numbers.organizations, numbers.stores)
        )
        self._show_contradictions(analysis)
        purposes = data.purposes
        self.purpose_chart.set_bars(
            [
                Bar(SHORT_LABELS[p], purposes[p], purpose_colour(p))
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

    @staticmethod
    def _headline(cookies: int, trackers: int, organizations: int, stores: int) -> str:
        if not cookies:
            return "No cookies were found."
        share = round(100 * trackers / cookies)
        companies = f"{organizations:,} compan{'ies' if organizations != 1 else 'y'}"
        return (
            f"<b>{trackers:,} of your {cookies:,} cookies ({share}%) track you</b> for "
            f"analytics or advertising, and {companies} receive"
            f"{'s' if organizations == 1 else ''} data through cookies. Read from "
            f"{stores} browser profile{'s' if stores != 1 else ''}; nothing was changed."
        )

    def _show_contradictions(self, analysis: Analysis) -> None:
        violations = analysis.violations
        self.contradictions_list.clear()
        if not violations:
            self.contradictions_title.setText("Contradictions: none found")
            self.contradictions_text.setText(
                "No site keeps analytics or advertising cookies after you refused them, as "
                "far as the consent records Cookie Inspector can read show."
            )
            self.contradictions_list.hide()
            return
        sites = sorted({v.site for v in violations})
        self.contradictions_title.setText(
            f"Contradictions: {len(violations)} cookies on {len(sites)} "
            f"site{'s' if len(sites) != 1 else ''} despite your refusal"
        )
        self.contradictions_text.setText(
            "These sites recorded that you refused some cookies, yet cookies of those kinds "
            "are there. Open a site to see the evidence and what you can do."
        )
        self.contradictions_list.show()
        rows = min(len(violations), 5)
        self.contradictions_list.setFixedHeight(rows * 22 + 8)
        for violation in violations:
            when = (
                "set after you refused"
                if violation.evidence == "set_after_refusal"
                else "still there after you refused"
            )
            browser = violation.finding.cookie.store.browser
            item = QListWidgetItem(
                f"{violation.site} — {violation.cookie_name} "
                f"({violation.refused_purpose}, {when}) · {browser}"
            )
            item.setData(Qt.ItemDataRole.UserRole, (violation.site, violation.cookie_id))
            item.setToolTip(violation.explanation())
            self.contradictions_list.addItem(item)
