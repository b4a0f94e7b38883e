"""Table models over the core's findings and site summaries.

Filtering and sorting are done in plain Python over precomputed keys and the model then
shows a list of row indices: with 100,000 cookies that is a few milliseconds, where a
QSortFilterProxyModel calling back into Python for every row would take far longer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from functools import lru_cache, partial
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from inspector.analysis import Finding
from inspector.classify import Lifetime, Party
from inspector.gui.numbers import number
from inspector.gui.theme import ACCENT, pick
from inspector.i18n import N_, _, current_language, ngettext
from inspector.localeformat import format_date, format_days
from inspector.purposes import Purpose
from inspector.summary import CookieKeys, SiteSummary, cookie_keys, kept_too_long

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
PURPOSE_ROLE = Qt.ItemDataRole.UserRole + 2
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 3
Index = QModelIndex | QPersistentModelIndex
_ROLE = Qt.ItemDataRole
_COOKIE_ROLES = frozenset(
    (_ROLE.DisplayRole, _ROLE.ToolTipRole, _ROLE.AccessibleTextRole, FINDING_ROLE, PURPOSE_ROLE)
)
_SITE_ROLES = frozenset(
    (
        _ROLE.DisplayRole,
        _ROLE.ToolTipRole,
        _ROLE.AccessibleTextRole,
        _ROLE.ForegroundRole,
        _ROLE.TextAlignmentRole,
        SUMMARY_ROLE,
    )
)


class LifetimeChoice(StrEnum):
    SESSION = "session"
    PERMANENT = "permanent"
    PAST_13_MONTHS = "long"


class FlagChoice(StrEnum):
    CONSENT = "consent"  # consent and refusal records
    CONTRADICTION = "contradiction"  # cookies that contradict a recorded refusal


@dataclass(frozen=True)
class Filters:
    """What the person narrowed the lists to. Choices are enums, compared by equality (a
    combo box hands a StrEnum back as a plain str: ``FilterBar`` turns it back)."""

    text: str = ""
    stores: frozenset[str] | None = None  # store paths; None: every store
    purpose: Purpose | None = None
    party: Party | None = None
    lifetime: LifetimeChoice | None = None
    trackers_only: bool = False
    sites: frozenset[str] | None = None  # cookies view: only these sites
    flag: FlagChoice | None = None
    contradicted: frozenset[str] = frozenset()  # ids of cookies that contradict a refusal

    def accepts(self, finding: Finding, search_key: str) -> bool:
        info, cookie = finding.info, finding.cookie
        if self.text and self.text not in search_key:
            return False
        if self.stores is not None and str(cookie.store.path) not in self.stores:
            return False
        if self.sites is not None and info.site not in self.sites:
            return False
        if self.purpose is not None and info.purpose != self.purpose:
            return False
        if self.party is not None and info.party != self.party:
            return False
        if self.lifetime is LifetimeChoice.PAST_13_MONTHS:
            if not info.exceeds_13_months:
                return False
        elif self.lifetime is not None and info.lifetime.value != self.lifetime.value:
            return False
        if self.flag is FlagChoice.CONSENT and info.consent_role is None:
            return False
        if self.flag is FlagChoice.CONTRADICTION and cookie.id not in self.contradicted:
            return False
        return not (self.trackers_only and not info.purpose.is_tracking)


class _ListModel(QAbstractTableModel):
    """A table over a list of items, showing the rows whose indices are in ``_visible``."""

    HEADERS: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        super().__init__()
        # the items shown, in row order: a range while every item shows unsorted (100,000
        # int objects cost 3.5 MB), a list otherwise
        self._visible: Sequence[int] = range(0)
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._ranks: dict[int, list[int]] = {}
        self._asked: set[int] = set()  # columns whose ranks are being computed elsewhere
        self._last_search: tuple[str, list[int] | None, Sequence[int] | None] = ("", None, None)
        # the items the filters other than the text let through, and for which filters
        self._accepted_for: Filters | None = None
        self._accepted: list[int] | None = None
        # asks for a ranking job (set by the window); None: every sort on the GUI thread
        self.rank_wanted: Callable[[Callable[[object], Ranks]], None] | None = None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return _(self.HEADERS[section])
        return None

    def _show(self, visible: Sequence[int]) -> None:
        self.beginResetModel()
        self._visible = visible
        self._apply_sort()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._sort_order = column, order
        self._apply_sort()
        self.layoutChanged.emit()

    def _items_changed(self) -> None:
        self._ranks = {}
        self._asked = set()
        self._last_search = ("", None, None)
        self._accepted_for = None
        self._accepted = None

    def _matching(self, text: str, pool: Sequence[int] | None = None) -> Sequence[int]:
        """Items (of ``pool``, the items the other filters let through; None: all) whose
        search key contains ``text``, in item order. Typing adds letters: the items that
        matched the previous text are the only ones that can match the longer one, so a
        keystroke usually looks at far fewer than all of them."""
        if not text:
            self._last_search = ("", None, pool)
            return range(self._item_count()) if pool is None else pool
        previous, matched, last_pool = self._last_search
        if matched is not None and previous and previous in text and last_pool is pool:
            found = self._find(text, matched)
        else:
            found = self._find(text, range(self._item_count()) if pool is None else pool)
        self._last_search = (text, found, pool)
        return found

    def _find(self, text: str, items: Iterable[int]) -> list[int]:
        """The ``items`` whose search key contains ``text``, in their order."""
        search = self._search_keys()
        return [i for i in items if text in search[i]]

    def _search_keys(self) -> Sequence[str]:
        raise NotImplementedError

    def _rows_of_items(self, items: set[int]) -> list[int]:
        """The rows showing these items, in row order: a few are looked up (in C), many
        are found in one pass."""
        visible = self._visible
        if len(items) > 4:
            return [row for row, item in enumerate(visible) if item in items]
        rows = []
        for item in items:
            try:
                rows.append(visible.index(item))
            except ValueError:
                pass  # filtered out
        return sorted(rows)

    def _apply_sort(self) -> None:
        """Sort the visible rows by the rank of each item in the column's full order, which
        is computed once per column (with the locale's collation for text): a keystroke
        then re-sorts by integer look-ups only. Over many items the ranks are computed off
        the GUI thread (``rank_wanted``), and the rows keep their order until they come."""
        if self._sort_column < 0:
            return
        column = self._sort_column
        ranks = self._ranks.get(column)
        if ranks is None:
            key = partial(self._sort_key, self._items(), column)
            if self._item_count() >= SORT_IN_BACKGROUND_FROM and self.rank_wanted is not None:
                if column not in self._asked:
                    self._asked.add(column)
                    self.rank_wanted(partial(rank_items, self._items(), column, key))
                return
            ranks = self._ranks[column] = rank_items(self._items(), column, key).ranks
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        self._visible = sorted(self._visible, key=ranks.__getitem__, reverse=descending)

    def set_ranks(self, ranks: Ranks) -> None:
        """Ranks computed off the GUI thread: kept if they are of this model's items, and
        the rows sorted by them if their column is still the one sorted by."""
        if ranks.items is not self._items():
            return
        self._asked.discard(ranks.column)
        self._ranks[ranks.column] = ranks.ranks
        if ranks.column == self._sort_column:
            self.layoutAboutToBeChanged.emit()
            self._apply_sort()
            self.layoutChanged.emit()

    def ranks_abandoned(self) -> None:
        """A ranking job did not finish: the next sort asks again."""
        self._asked.clear()

    def _item_count(self) -> int:
        return len(self._items())

    def _items(self) -> Sequence[Any]:
        raise NotImplementedError

    @staticmethod
    def _sort_key(items: Sequence[Any], column: int) -> Callable[[int], Any]:
        raise NotImplementedError


SORT_IN_BACKGROUND_FROM = 5000  # items; fewer are sorted at once on the GUI thread


@dataclass(frozen=True)
class Ranks:
    """Each item's rank in a column's order (``ranks[item]``), for the items it was made of."""

    items: Sequence[Any]
    column: int
    ranks: list[int]


def rank_items(
    items: Sequence[Any],
    column: int,
    make_key: Callable[[], Callable[[int], Any]],
    _context: object = None,
) -> Ranks:
    """The ranks of ``items`` in a column's order; on any thread (as a job, ``_context`` is
    its JobContext). ``make_key`` makes the key there: a collator is not shared."""
    order = sorted(range(len(items)), key=make_key())
    ranks = [0] * len(order)
    for rank, item in enumerate(order):
        ranks[item] = rank
    return Ranks(items, column, ranks)


def _as_rows(items: Sequence[int]) -> Sequence[int]:
    """The items to show: a range stays one; anything else becomes a list of its own."""
    return items if isinstance(items, range) else list(items)


class CookieTableModel(_ListModel):
    HEADERS = (
        N_("Name"),
        N_("Site"),
        N_("Purpose"),
        N_("Organisation"),
        N_("Lifetime"),
        N_("Expires"),
        N_("Flags"),
        N_("Party"),
        N_("Browser"),
    )

    def __init__(self) -> None:
        super().__init__()
        self._findings: Sequence[Finding] = ()
        self._search: CookieKeys | None = CookieKeys((), ())
        self._accepted_sites: tuple[list[int] | None, frozenset[str]] = (None, frozenset())
        # cookie id -> item (-1: not among the findings), for the ids selected so far
        self._items_by_id: dict[str, int] = {}
        self.filters = Filters()

    def set_findings(
        self, findings: Sequence[Finding], search_keys: CookieKeys | None = None
    ) -> None:
        """The rows; without ``search_keys``, they are computed when a search needs them
        (or handed over by ``set_search_keys``, computed off the GUI thread)."""
        self._findings = findings
        self._items_changed()
        self._items_by_id = {}
        self._search = search_keys
        self._show(range(len(findings)))

    def set_search_keys(self, search_keys: CookieKeys) -> None:
        if len(search_keys) == len(self._findings):
            self._search = search_keys

    def _find(self, text: str, items: Iterable[int]) -> list[int]:
        if self._search is None:
            self._search = cookie_keys(self._findings)
        return self._search.find(text, items)

    def set_filters(self, filters: Filters) -> None:
        """Show the cookies these filters let through. The filters other than the text are
        tested once per change (one pass over every cookie), the text on each keystroke
        over what they let through."""
        self.filters = filters
        others = replace(filters, text="")
        if replace(others, contradicted=frozenset()) == Filters():
            self._accepted_for, self._accepted = None, None
        elif others != self._accepted_for:
            accepts, findings = others.accepts, self._findings
            self._accepted_for = others
            self._accepted = [i for i, finding in enumerate(findings) if accepts(finding, "")]
        self._show(_as_rows(self._matching(filters.text, self._accepted)))

    def finding(self, row: int) -> Finding:
        return self._findings[self._visible[row]]

    def shows(self, findings: Sequence[Finding]) -> bool:
        return self._findings is findings

    def accepted_sites(self) -> frozenset[str] | None:
        """The sites of the cookies the filters other than the text let through (None: no
        such filter)."""
        accepted, findings = self._accepted, self._findings
        if accepted is None:
            return None
        cached_for, sites = self._accepted_sites
        if cached_for is not accepted:  # once per change of those filters, not per keystroke
            sites = frozenset([findings[i].info.site for i in accepted])
            self._accepted_sites = (accepted, sites)
        return sites

    def ids_of_rows(self, rows: Iterable[int]) -> list[str]:
        """The cookie ids of these rows, remembered so that ``rows_of`` finds them at once."""
        ids = []
        for row in rows:
            item = self._visible[row]
            cookie_id = self._findings[item].cookie.id
            self._items_by_id[cookie_id] = item
            ids.append(cookie_id)
        return ids

    def rows_of(self, ids: Iterable[str]) -> list[int]:
        """The rows showing these cookies (those the filters let through), in row order."""
        known = self._items_by_id
        wanted = set(ids)
        unknown = wanted.difference(known)
        if unknown:  # ids from elsewhere (the overview, a rescan): one pass, then known
            for item, finding in enumerate(self._findings):
                if finding.cookie.id in unknown:
                    known[finding.cookie.id] = item
            for cookie_id in unknown:
                known.setdefault(cookie_id, -1)
        return self._rows_of_items({known[i] for i in wanted if known[i] >= 0})

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # a view asks each cell for seven roles it draws with, of which this model answers
        # one: the others return at once
        if role not in _COOKIE_ROLES or not index.isValid():
            return None
        row = index.row()
        if not 0 <= row < len(self._visible):
            return None
        finding = self._findings[self._visible[row]]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _cookie_cell(finding, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _cookie_tooltip(finding, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _cookie_cell(finding, column)
        if role == FINDING_ROLE:
            return finding
        if role == PURPOSE_ROLE and column == 2:
            return finding.info.purpose
        return None

    def _items(self) -> Sequence[Finding]:
        return self._findings

    @staticmethod
    def _sort_key(findings: Sequence[Finding], column: int) -> Callable[[int], Any]:
        if column == 5:
            return lambda i: findings[i].cookie.expires_us or 0
        if column == 4:
            return lambda i: findings[i].info.lifetime_days or 0.0
        collate = text_sort_key()
        return lambda i: collate(str(_cookie_cell(findings[i], column)))


def text_sort_key() -> Callable[[str], Any]:
    """Text in the order of the person's language (accents and case as they expect)."""
    collator = QCollator(QLocale())
    collator.setNumericMode(True)
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return collator.sortKey


def expiry_text(finding: Finding) -> str:
    expires = finding.cookie.expires
    if expires is None:
        return _("when the browser closes")
    return _date_text(expires.date(), current_language())


@lru_cache(maxsize=4096)
def _date_text(day: date, _language: str) -> str:
    return format_date(day, length="medium")


def lifetime_text(finding: Finding, *, compact: bool = False) -> str:
    """How long the cookie lasts: minutes under an hour, then as ``format_days`` says (in a
    table, ``compact``: past 13 months and under two years, days alone); a warning sign
    only on cookies that need consent and are kept past 13 months."""
    info = finding.info
    if info.lifetime == Lifetime.SESSION:
        return _("Session")
    minutes = round((info.lifetime_days or 0.0) * 24 * 60)
    long = compact and bool(info.exceeds_13_months)
    return _lifetime_words(minutes, kept_too_long(info), long, current_language())


@lru_cache(maxsize=8192)
def _lifetime_words(minutes: int, warn: bool, in_days: bool, _language: str) -> str:
    """Cached: many cookies share a lifetime, and cells are drawn again and again."""
    days = minutes / (24 * 60)
    if minutes < 60:
        minutes = max(1, minutes)
        text = ngettext("{n} minute", "{n} minutes", minutes).format(n=number(minutes))
    elif in_days and days < 730:  # past 13 months: "400 days", not a rounded "13 months"
        whole = round(days)
        text = ngettext("{n} day", "{n} days", whole).format(n=number(whole))
    else:
        text = format_days(days)
    return text + (" ⚠" if warn else "")


def flags_text(finding: Finding) -> str:
    cookie = finding.cookie
    flags = []
    if cookie.secure:
        flags.append("Secure")
    if cookie.http_only:
        flags.append("HttpOnly")
    if cookie.same_site.value != "unspecified":
        flags.append(f"SameSite={cookie.same_site.value.capitalize()}")
    if cookie.partition_key:
        flags.append("Partitioned")
    return " · ".join(flags)


def _cookie_cell(finding: Finding, column: int) -> str:
    info, cookie = finding.info, finding.cookie
    if column == 0:
        return cookie.name
    if column == 1:
        return info.site
    if column == 2:
        return info.purpose.short_label
    if column == 3:
        return info.organization.name if info.organization else _("— (the site itself)")
    if column == 4:
        return lifetime_text(finding, compact=True)
    if column == 5:
        return expiry_text(finding)
    if column == 6:
        return flags_text(finding)
    if column == 7:
        return _("Third party") if info.party == Party.THIRD else _("First party")
    return f"{cookie.store.browser} · {cookie.store.profile}"


def _cookie_tooltip(finding: Finding, column: int) -> str:
    if column == 1:
        return finding.cookie.host + finding.cookie.path
    if column == 2:
        return finding.info.purpose.label
    if column == 4 and kept_too_long(finding.info):
        return _("Kept longer than 13 months, the longest a tracking cookie should last.")
    return _cookie_cell(finding, column)


class SiteTableModel(_ListModel):
    HEADERS = (
        N_("Site"),
        N_("Cookies"),
        N_("Purposes"),
        N_("Trackers"),
        N_("Consent"),
        N_("Companies"),
    )

    def __init__(self) -> None:
        super().__init__()
        self._sites: Sequence[SiteSummary] = ()
        self._items_by_site: dict[str, int] | None = None
        self._search: Sequence[str] = ()

    def set_sites(
        self, sites: Sequence[SiteSummary], search_keys: Sequence[str] | None = None
    ) -> None:
        """The sites, with their search keys when already computed off the GUI thread."""
        self._sites = sites
        self._items_changed()
        self._items_by_site = None
        self._search = search_keys if search_keys is not None else site_search_keys(sites)
        self._show(range(len(sites)))

    def set_filters(self, filters: Filters, with_cookies: frozenset[str] | None = None) -> None:
        """Show the sites with a cookie these filters let through (their text is matched
        against the site and its companies instead). ``with_cookies``: those sites, when the
        cookie list has just found them for the same filters (then no cookie is tested
        again here)."""
        text = filters.text
        cookie_filters = replace(filters, text="")
        if cookie_filters != self._accepted_for:
            # the same cookie filters while the search text changes: computed once
            self._accepted_for = cookie_filters
            if replace(cookie_filters, contradicted=frozenset()) == Filters():
                self._accepted = None
            elif with_cookies is not None:
                contradiction = filters.flag is FlagChoice.CONTRADICTION
                self._accepted = [
                    index
                    for index, summary in enumerate(self._sites)
                    if summary.site in with_cookies and (summary.violations or not contradiction)
                ]
            else:
                self._accepted = [
                    index
                    for index, summary in enumerate(self._sites)
                    if _site_accepts(summary, cookie_filters)
                ]
        self._show(_as_rows(self._matching(text, self._accepted)))

    def _search_keys(self) -> Sequence[str]:
        return self._search

    def summary(self, row: int) -> SiteSummary:
        return self._sites[self._visible[row]]

    def rows_of(self, names: Iterable[str]) -> list[int]:
        """The rows showing these sites (those the filters let through), in row order."""
        if self._items_by_site is None:
            self._items_by_site = {summary.site: i for i, summary in enumerate(self._sites)}
        items = self._items_by_site
        return self._rows_of_items({items[name] for name in names if name in items})

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _SITE_ROLES or not index.isValid():
            return None
        row = index.row()
        if not 0 <= row < len(self._visible):
            return None
        summary = self._sites[self._visible[row]]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _site_cell(summary, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return _site_tooltip(summary, index.column())
        if role == SUMMARY_ROLE:
            return summary
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 4 and summary.violations:
            return pick(ACCENT)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (1, 3, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _items(self) -> Sequence[SiteSummary]:
        return self._sites

    @staticmethod
    def _sort_key(sites: Sequence[SiteSummary], column: int) -> Callable[[int], Any]:
        numeric: dict[int, Callable[[SiteSummary], int]] = {
            1: lambda s: s.count,
            2: lambda s: s.count,
            3: lambda s: s.trackers,
            5: lambda s: len(s.receiving_organizations),
        }
        if column in numeric:
            get = numeric[column]
            return lambda i: get(sites[i])
        collate = text_sort_key()
        return lambda i: collate(str(_site_cell(sites[i], column)))


def site_search_keys(sites: Sequence[SiteSummary]) -> list[str]:
    """What the site list's search compares against: the site and its companies."""
    return [" ".join([s.site, *s.organizations]).lower() for s in sites]


def _site_accepts(summary: SiteSummary, filters: Filters) -> bool:
    """A site is listed when at least one of its cookies passes every cookie filter (the
    search text is matched against the site and its companies instead)."""
    if filters.flag is FlagChoice.CONTRADICTION and not summary.violations:
        return False
    accepts = filters.accepts
    return any(accepts(finding, "") for finding in summary.findings)


def _site_cell(summary: SiteSummary, column: int) -> Any:
    if column == 0:
        return summary.site
    if column == 1:
        return number(summary.count)
    if column == 2:
        return ", ".join(
            _("{purpose} {count}").format(purpose=p.short_label, count=number(n))
            for p, n in summary.purposes.most_common()
        )
    if column == 3:
        return number(summary.trackers)
    if column == 4:
        return summary.consent_status.label
    return number(len(summary.receiving_organizations))


def _site_tooltip(summary: SiteSummary, column: int) -> str:
    if column == 5 and summary.receiving_organizations:
        return "\n".join(sorted(summary.receiving_organizations))
    if column == 4 and summary.violations:
        return ngettext(
            "{count} cookie contradicts the refusal recorded on this site. Open the site to "
            "see it.",
            "{count} cookies contradict the refusal recorded on this site. Open the site to "
            "see them.",
            summary.violations,
        ).format(count=number(summary.violations))
    return str(_site_cell(summary, column))
