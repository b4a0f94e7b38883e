"""The report's charts as self-contained SVG: horizontal bars with their labels and counts.

The same SVG is inlined in the HTML report and drawn by Qt for the PDF. Every label is
escaped (organisation names may come from imported catalogues). Each chart carries a text
alternative that lists its numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from inspector.i18n import _, ngettext
from inspector.localeformat import format_number
from inspector.report.model import Bar, Report

WIDTH = 680
LABEL_WIDTH = 290
BAR_AREA = 340
ROW = 30
BAR = 20
TOP = 8
TITLE_BAND = 30
LABEL_CHARS = 36  # about 276 pixels of 13-pixel text: fits before the bars
FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"

PURPOSE_COLOURS = {
    "communication": "#4e79a7",
    "requested_service": "#59a14f",
    "analytics": "#e8862a",
    "advertising": "#c8423e",
    "interactive": "#8a6bb8",
    "consent": "#2a9d8f",
    "unknown": "#8c8c8c",
}
LIFETIME_COLOURS = {
    "session": "#59a14f",
    "under_a_day": "#8cc084",
    "under_a_month": "#4e79a7",
    "under_a_year": "#7a8fb8",
    "up_to_13_months": "#e8a33a",
    "past_13_months": "#c8423e",
}
ORGANISATION_COLOUR = "#4e5d94"


@dataclass(frozen=True, slots=True)
class Chart:
    """One chart: its id, title, a text alternative and the bars drawn as SVG."""

    id: str
    title: str
    description: str
    body: str  # the bars, as SVG elements
    width: int
    height: int

    @property
    def svg(self) -> str:
        """The chart for the HTML page, whose ``<figcaption>`` shows the title."""
        return self._svg(self.height, self.body)

    @property
    def titled_height(self) -> int:
        return self.height + TITLE_BAND

    @property
    def titled_svg(self) -> str:
        """The chart with its title drawn above the bars: for the PDF, where a caption
        could otherwise end a page and its chart begin the next."""
        title = (
            f'<text x="0" y="{TITLE_BAND - 10}" font-size="15" font-weight="bold" '
            f'fill="#1f2933">{escape(self.title)}</text>'
        )
        body = f'{title}<g transform="translate(0 {TITLE_BAND})">{self.body}</g>'
        return self._svg(self.titled_height, body)

    def _svg(self, height: int, body: str) -> str:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{self.id}" '
            f'width="{self.width}" height="{height}" viewBox="0 0 {self.width} {height}" '
            f'role="img" aria-labelledby="{self.id}-title {self.id}-desc" '
            f'font-family="{FONT}" font-size="13">'
            f'<title id="{self.id}-title">{escape(self.title)}</title>'
            f'<desc id="{self.id}-desc">{escape(self.description)}</desc>{body}</svg>'
        )


def report_charts(report: Report) -> tuple[Chart, ...]:
    """The three charts of a report; a chart without data is left out."""
    specs: tuple[tuple[str, str, tuple[Bar, ...], dict[str, str]], ...] = (
        ("chart-purposes", _("Cookies by purpose"), report.by_purpose, PURPOSE_COLOURS),
        (
            "chart-organisations",
            _("Organisations with the most cookies"),
            report.top_organisations,
            {},
        ),
        (
            "chart-lifetimes",
            _("How long cookies are set to last"),
            report.lifetimes,
            LIFETIME_COLOURS,
        ),
    )
    return tuple(
        bar_chart(chart_id, title, bars, colours)
        for chart_id, title, bars, colours in specs
        if bars
    )


def bar_chart(chart_id: str, title: str, bars: tuple[Bar, ...], colours: dict[str, str]) -> Chart:
    """A horizontal bar chart of ``bars``, longest bar scaled to the full width."""
    height = TOP * 2 + ROW * len(bars)
    largest = max((bar.count for bar in bars), default=0) or 1
    description = "; ".join(f"{bar.label}: {_cookies(bar.count)}" for bar in bars) + "."
    rows = "".join(
        _row(index, bar, largest, colours.get(bar.key, ORGANISATION_COLOUR))
        for index, bar in enumerate(bars)
    )
    return Chart(chart_id, title, description, rows, WIDTH, height)


def _row(index: int, bar: Bar, largest: int, colour: str) -> str:
    y = TOP + index * ROW
    length = max(2.0, BAR_AREA * bar.count / largest)
    label = bar.label if len(bar.label) <= LABEL_CHARS else bar.label[: LABEL_CHARS - 1] + "…"
    middle = y + BAR / 2 + 5
    return (
        f"<g><title>{escape(bar.label)}: {escape(_cookies(bar.count))}</title>"
        f'<text x="{LABEL_WIDTH - 10}" y="{middle}" text-anchor="end" '
        f'fill="#1f2933">{escape(label)}</text>'
        f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR}" rx="3" '
        f'fill="{colour}"/>'
        f'<text x="{LABEL_WIDTH + length + 8:.1f}" y="{middle}" fill="#1f2933" '
        f'font-weight="bold">{format_number(bar.count)}</text></g>'
    )


def _cookies(count: int) -> str:
    return ngettext("{n} cookie", "{n} cookies", count).format(n=format_number(count))
