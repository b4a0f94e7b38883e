"""The main window: menus, toolbar, the three pages, and the controllers that act.

Where to look:
  pages/overview.py, pages/sites.py, pages/cookies.py — what each tab shows;
  pages/filters.py — the filter bar; pages/states.py — reading and no-browser pages;
  controllers/scan.py, deletion.py, undo.py, export.py, reveal.py, settings.py — what each
  action does; jobs.py — the one runner every background job goes through.
The window itself only builds these, holds the current analysis, and enables or disables
actions while jobs run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from inspector.analysis import Analysis, Finding
from inspector.classify import Classifier
from inspector.deletion.apply import DeletionResult
from inspector.deletion.backup import BackupStore
from inspector.gui import icons
from inspector.gui.controllers.deletion import DeletionController
from inspector.gui.controllers.export import ExportController
from inspector.gui.controllers.keyring import KeyringController
from inspector.gui.controllers.reveal import RevealController
from inspector.gui.controllers.scan import Classifying, ScanController, Scanned
from inspector.gui.controllers.settings import SettingsController
from inspector.gui.controllers.undo import UndoController, Undone
from inspector.gui.detail import DetailPane
from inspector.gui.dialogs import fit_to_screen
from inspector.gui.jobs import Job, JobKind, JobRunner, Lane, Outcome
from inspector.gui.models import Filters, Ranks
from inspector.gui.numbers import number
from inspector.gui.pages.cookies import CookiesPage
from inspector.gui.pages.filters import FilterBar, SearchBox
from inspector.gui.pages.overview import OverviewPage
from inspector.gui.pages.sites import SitesPage
from inspector.gui.pages.states import EmptyPage, LoadingPage
from inspector.gui.sidebar import BrowserSidebar
from inspector.gui.theme import ACCENT, WARNING, pick
from inspector.gui.viewdata import Lists
from inspector.i18n import N_, _, ngettext
from inspector.paths import AppPaths
from inspector.settings import Settings
from inspector.timings import mark

VIEWS = ("overview", "sites", "cookies")
VIEW_TITLES = (N_("&Overview"), N_("&Sites"), N_("&Cookies"))
DEFAULT_SIZE = (1320, 820)


class MainWindow(QMainWindow):
    analysis_loaded = Signal(object)  # Analysis: the view shows it now

    def __init__(
        self,
        paths: AppPaths,
        store_paths: Sequence[str] = (),
        classifier: Classifier | None = None,
        demo: bool = False,
        deletion_paths: AppPaths | None = None,
    ) -> None:
        super().__init__()
        self.paths = paths
        # where backups and the undo history go: the sample data keeps its own
        self.deletion_paths = deletion_paths or paths
        self.store_paths = list(store_paths)
        self.demo = demo
        # the catalogue is loaded by the first scan, off the GUI thread, unless given
        self._classifier = classifier
        self.analysis: Analysis | None = None
        # (classified, total) while ``analysis`` holds only the cookies classified so far
        # (no contradictions yet): nothing may be deleted or exported from it
        self.classifying: tuple[int, int] | None = None
        self._contradicted: frozenset[str] = frozenset()
        self._stores: frozenset[str] | None = None
        self._focus_before_scan: QWidget | None = None
        self._previewing = False  # the analysis shown is the preview of a scan (scan.PREVIEW)
        # a site (and cookie id) asked for from the overview before the site list was built
        self._pending_open: tuple[str, str] | None = None
        self.runner = JobRunner(self)
        self.settings_controller = SettingsController(self)
        self.scanning = ScanController(self)
        self.deletion = DeletionController(self)
        self.undoing = UndoController(self)
        self.exporting = ExportController(self)
        self.revealing = RevealController(self)
        self.keyring = KeyringController(self)
        self._set_title()
        self.setWindowIcon(icons.app_icon())
        fit_to_screen(self, *DEFAULT_SIZE)
        self._build()
        self._connect()
        self._apply_styles()
        self._update_enabled()

    # ------------------------------------------------------------------ state
    @property
    def settings(self) -> Settings:
        return self.settings_controller.settings

    def classifier_or_none(self) -> Classifier | None:
        return self._classifier

    def _set_title(self) -> None:
        self.setWindowTitle(
            _("Cookie Inspector — sample data") if self.demo else _("Cookie Inspector")
        )

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self._build_actions()
        self._build_toolbar()
        self.stack = QStackedWidget()
        self.loading = LoadingPage()
        self.empty = EmptyPage()
        self.main = self._main_page()
        for page in (self.loading, self.empty, self.main):
            self.stack.addWidget(page)
        self.setCentralWidget(self.stack)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)

    def _action(
        self,
        text: str,
        slot: Callable[[], Any],
        shortcut: str | QKeySequence.StandardKey | None = None,
        icon: QIcon | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if icon is not None:
            action.setIcon(icon)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.open_action = self._action(_("&Open a cookie file…"), self.open_store, "Ctrl+O")
        self.demo_action = self._action(_("E&xplore sample data"), self.open_demo)
        self.export_action = self._action(
            _("&Export report…"), self.exporting.export, "Ctrl+E", icons.icon("export")
        )
        self.rescan_action = self._action(_("&Rescan"), self.rescan, "F5", icons.icon("refresh"))
        self.history_action = self._action(
            _("&Undo history…"), self.undoing.show_history, "Ctrl+H", icons.icon("undo")
        )
        self.settings_action = self._action(
            _("&Settings…"), self.settings_controller.show_dialog, "Ctrl+,"
        )
        self.about_action = self._action(_("&About Cookie Inspector"), self.show_about)
        self.quit_action = self._action(_("&Quit"), self.close, "Ctrl+Q")
        self.find_action = self._action(_("&Find"), self.focus_search, "Ctrl+F")
        menu = self.menuBar()
        file_menu = menu.addMenu(_("&File"))
        for action in (self.open_action, self.demo_action, self.export_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = menu.addMenu(_("&View"))
        for position, name in enumerate(VIEWS):
            view_menu.addAction(
                self._action(
                    _(VIEW_TITLES[position]),
                    partial(self.show_view, name),
                    f"Ctrl+{position + 1}",
                )
            )
        view_menu.addSeparator()
        view_menu.addAction(self.rescan_action)
        view_menu.addAction(self.find_action)
        tools = menu.addMenu(_("&Tools"))
        tools.addAction(self.history_action)
        tools.addAction(self.settings_action)
        menu.addMenu(_("&Help")).addAction(self.about_action)

    def _build_toolbar(self) -> None:
        bar = QToolBar(_("Main"))
        bar.setObjectName("mainToolBar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(bar)
        self.delete_button = QPushButton(icons.icon("broom", "white"), _("  &Delete trackers"))
        self.delete_button.setObjectName("primary")
        self.delete_button.setAccessibleName(_("Delete trackers"))
        self.delete_button.clicked.connect(self.deletion.delete_trackers)
        bar.addWidget(self.delete_button)
        bar.addSeparator()
        bar.addAction(self.rescan_action)
        bar.addAction(self.export_action)
        bar.addAction(self.history_action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.search = SearchBox()
        self.search.setPlaceholderText(_("Search sites, cookies, companies  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(200)
        self.search.setMaximumWidth(360)
        self.search.setAccessibleName(_("Search"))
        bar.addWidget(self.search)

    def _main_page(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        self.notice = self._notice_bar()
        outer.addWidget(self.notice)
        outer.addWidget(self.keyring.bar)
        split = QSplitter()
        split.setChildrenCollapsible(False)
        self.sidebar = BrowserSidebar()
        split.addWidget(self.sidebar)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(False)
        self.overview = OverviewPage()
        self.sites_page = SitesPage()
        self.cookies_page = CookiesPage()
        for position, page_widget in enumerate((self.overview, self.sites_page, self.cookies_page)):
            self.tabs.addTab(page_widget, _(VIEW_TITLES[position]))
        # one filter bar for both lists, under the tabs (beside them, a small screen
        # squeezes the tab bar); the overview needs none
        self.filter_bar = FilterBar()
        self.filter_bar.hide()
        right_layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._tab_changed)
        split.addWidget(right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([170, 1150])
        outer.addWidget(split, 1)
        return page

    def _notice_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("notice")
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(12, 6, 12, 6)
        self.notice_text = QLabel()
        self.notice_text.setWordWrap(True)
        self.notice_undo = QPushButton(_("&Undo"))
        self.notice_undo.clicked.connect(lambda: self.undoing.undo(None))
        close = QPushButton(_("Dis&miss"))
        close.clicked.connect(bar.hide)
        layout.addWidget(self.notice_text, 1)
        layout.addWidget(self.notice_undo)
        layout.addWidget(close)
        bar.hide()
        return bar

    def _connect(self) -> None:
        self.runner.busy_changed.connect(self._update_enabled)
        self.runner.finished.connect(self._sorted)
        for model in (self.sites_page.model, self.cookies_page.model):
            model.rank_wanted = self._sort_in_background
        self.search.textChanged.connect(self._filters_changed)
        self.filter_bar.changed.connect(self._filters_changed)
        self.sidebar.stores_selected.connect(self._stores_selected)
        self.sidebar.error_selected.connect(
            lambda error: self.statusBar().showMessage(error, 15000)
        )
        self.overview.site_requested.connect(self.open_site)
        self.overview.cookie_requested.connect(self.open_cookie)
        self.empty.open_requested.connect(self.open_store)
        self.empty.demo_requested.connect(self.open_demo)
        self.sites_page.delete_sites_requested.connect(self.deletion.delete_sites)
        self.sites_page.delete_cookies_requested.connect(self.deletion.delete_cookies)
        self.sites_page.keep_sites_requested.connect(self.settings_controller.keep_sites)
        self.cookies_page.delete_cookies_requested.connect(self.deletion.delete_cookies)
        for pane in (self.sites_page.detail, self.cookies_page.detail):
            pane.delete_requested.connect(self.deletion.delete_one)
            pane.reveal_requested.connect(partial(self._reveal, pane))
        self.deletion.deleted.connect(self._deleted)
        self.undoing.undone.connect(self._undone)
        self.settings_controller.catalogue_imported.connect(self._catalogue_imported)

    def _apply_styles(self) -> None:
        accent, warning = pick(ACCENT).name(), pick(WARNING).name()
        self.setStyleSheet(f"""
            QPushButton#primary {{ background: {accent}; color: white; font-weight: bold;
                padding: 6px 16px; border-radius: 5px; border: 2px solid {accent}; }}
            QPushButton#primary:hover {{ background: {pick(ACCENT).darker(115).name()}; }}
            QPushButton#primary:focus {{ border: 3px solid palette(highlight);
                padding: 5px 15px; }}
            QPushButton#primary:disabled {{ background: palette(button);
                color: palette(placeholder-text); border-color: palette(mid); }}
            QLabel#cardNumber {{ font-size: 26px; font-weight: 600; }}
            QLabel#cardTitle {{ font-weight: 600; }}
            QLabel#cardHint {{ color: palette(placeholder-text); font-size: 11px; }}
            QFrame#card {{ background: palette(base); border: 1px solid palette(mid);
                border-radius: 8px; }}
            QFrame#contradictions {{ background: palette(base); border: 1px solid {warning};
                border-radius: 8px; }}
            QLabel#headline {{ font-size: 15px; }}
            QLabel#sectionTitle {{ font-size: 14px; font-weight: 600; }}
            QLabel#emptyTitle {{ font-size: 20px; font-weight: 600; }}
            QLabel#consentPanel {{ border-left: 3px solid {warning}; padding: 4px 8px; }}
            QFrame#keyringBar {{ background: palette(alternate-base);
                border-bottom: 1px solid palette(mid); }}
            QFrame#notice {{ background: palette(alternate-base);
                border-bottom: 1px solid palette(mid); }}
        """)

    # ------------------------------------------------------------------ scanning
    def load(self) -> None:
        """Scan in the background; the window shows progress and stays responsive."""
        self.scanning.load()

    def rescan(self) -> None:
        self.scanning.load()

    def scan_started(self) -> None:
        self._previewing = False  # a preview shown now belongs to a scan no longer wanted
        focused = QApplication.focusWidget()
        if self._focus_before_scan is None and focused is not None and self.isAncestorOf(focused):
            self._focus_before_scan = focused
        if self.analysis is None:
            self.stack.setCurrentWidget(self.loading)
        self.progress.show()
        self.statusBar().showMessage(_("Reading cookie stores…"))

    def scan_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.loading.show_progress(done, total, text)
        self.statusBar().showMessage(text)

    def scan_ended(self) -> None:
        if not self.runner.is_active(JobKind.SCAN):
            self.progress.hide()

    def scan_failed(self, message: str) -> None:
        self.scan_ended()
        if self.analysis is None:
            self.stack.setCurrentWidget(self.empty)
        QMessageBox.critical(self, _("Reading failed"), message)

    def show_classifying(self, classifying: Classifying) -> None:
        """The overview's figures and the cookie list of the cookies classified so far,
        marked as such; ``show_scan`` follows with every cookie (or this again, with more)."""
        analysis = classifying.analysis
        # the first part of this scan (a rescan's first part follows another analysis; the
        # part after a preview holds every store read whole: the first with all of them)
        first = self.analysis is None or self.analysis.scan is not analysis.scan
        after_preview, self._previewing = self._previewing, classifying.preview
        self._classifier = classifying.classifier
        self.analysis = analysis
        self.classifying = (classifying.done, classifying.total)
        self.stack.setCurrentWidget(self.main)
        if first and classifying.preview:  # its stores are not read whole yet
            self.sidebar.show_reading()
            self._stores = None
        elif first:
            self.sidebar.show_results(analysis.scan.results)
            self._stores = None
        self._contradicted = frozenset()
        self.overview.show_analysis(
            analysis, classifying.overview, demo=self.demo, classifying=self.classifying
        )
        filters = self.current_filters()
        self.sites_page.filters = filters
        if first:
            self.sites_page.show_preparing(analysis)
        self.cookies_page.model.filters = filters
        self.cookies_page.classifying = self.classifying
        self.cookies_page.show_findings(analysis.findings, None, analysis)
        if first and not after_preview:  # (restored with the preview, and used since)
            self._restore_focus()
        self.statusBar().showMessage(self._classifying_text())
        self._update_enabled()

    def _classifying_text(self) -> str:
        done, total = self.classifying or (0, 0)
        return ngettext(
            "Classifying {done} of {total} cookie…",
            "Classifying {done} of {total} cookies…",
            total,
        ).format(done=number(done), total=number(total))

    def show_scan(self, scanned: Scanned) -> None:
        """The overview and the cookie list now; the site list when ``show_lists`` gets it
        (``prepare_lists``, a job of its own, builds it)."""
        analysis = scanned.analysis
        self._classifier = scanned.classifier
        # the cookies of this scan were shown part by part: the sidebar's choice stays
        same_scan = self.analysis is not None and self.analysis.scan is analysis.scan
        self._previewing = False
        self.analysis = analysis
        progressive, self.classifying = self.classifying is not None, None
        self.cookies_page.classifying = None
        self.scan_ended()
        self.settings_controller.explain_problem()
        if scanned.catalogue_problem:
            QMessageBox.warning(
                self,
                _("Your catalogue additions were not loaded"),
                _("{problem}\n\nCookie Inspector uses its own catalogue until then.").format(
                    problem=scanned.catalogue_problem
                ),
            )
        if not analysis.scan.results:
            self.stack.setCurrentWidget(self.empty)
            self.statusBar().showMessage(_("No browser found"))
            self._update_enabled()
            self.analysis_loaded.emit(analysis)
            return
        self.stack.setCurrentWidget(self.main)
        if not (progressive and same_scan):
            self.sidebar.show_results(analysis.scan.results)
            self._stores = None
        self._contradicted = frozenset(v.cookie_id for v in analysis.violations)
        self.overview.show_analysis(analysis, scanned.overview, demo=self.demo)
        self.keyring.show_analysis(analysis)
        filters = self.current_filters()
        self.sites_page.filters = filters
        self.sites_page.show_preparing(analysis)
        self.cookies_page.model.filters = filters
        self.cookies_page.show_findings(analysis.findings, None, analysis)
        self.scanning.watch(analysis)
        if not progressive:  # otherwise restored with the first part, and used since
            self._restore_focus()
        failed = len(analysis.scan.failed)
        cookies, profiles = len(analysis.findings), len(analysis.scan.results)
        text = ngettext(
            "{count} cookie from {profiles} profiles",
            "{count} cookies from {profiles} profiles",
            cookies,
        ).format(count=number(cookies), profiles=number(profiles))
        if failed:
            text = ngettext(
                "{text} — {failed} could not be read (see the list on the left)",
                "{text} — {failed} could not be read (see the list on the left)",
                failed,
            ).format(text=text, failed=number(failed))
        self.statusBar().showMessage(text)
        self._update_enabled()
        mark("overview")  # the overview shown and the cookie list filled
        self.scanning.prepare_lists(analysis)

    def show_lists(self, lists: Lists) -> None:
        """The site list and the search keys of the analysis shown (a newer scan's are on
        their way otherwise)."""
        analysis = self.analysis
        if analysis is None or lists.analysis is not analysis:
            return
        self.cookies_page.model.set_search_keys(lists.cookie_keys)
        self.sites_page.show_sites(lists.sites, analysis, lists.site_keys)
        pending, self._pending_open = self._pending_open, None
        if pending is not None and pending[1]:
            self.open_cookie(*pending)
        elif pending is not None:
            self.open_site(pending[0])
        mark("populated")
        self.analysis_loaded.emit(analysis)

    def lists_failed(self, message: str) -> None:
        """The overview and the cookie list stay; the site list says it is missing."""
        self._pending_open = None
        self.sites_page.show_failed()
        QMessageBox.critical(self, _("The site list could not be built"), message)
        if self.analysis is not None:
            self.analysis_loaded.emit(self.analysis)  # what could be shown is shown

    def _restore_focus(self) -> None:
        """Focus stays where the person left it (a rescan must not move it to the search box,
        which would swallow shortcuts)."""
        before, self._focus_before_scan = self._focus_before_scan, None
        if before is not None and before.isVisible() and before.isEnabled():
            before.setFocus(Qt.FocusReason.OtherFocusReason)
        elif QApplication.focusWidget() is self.search or QApplication.focusWidget() is None:
            self.tabs.currentWidget().setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ busy state
    def _update_enabled(self) -> None:
        """While a scan, a deletion or an undo runs, nothing may start another deletion: it
        would act on rows that are changing."""
        stores_busy = self.runner.is_busy(Lane.STORES)
        # while cookies are being classified, the analysis shown is not final
        has_data = self.analysis is not None and self.classifying is None
        has_stores = has_data and bool(self.analysis and self.analysis.scan.results)
        can_delete = has_stores and not stores_busy
        focused = QApplication.focusWidget()
        self.delete_button.setEnabled(can_delete)
        if has_stores:
            tip = _(
                "Remove analytics and advertising cookies, keeping your consent choices "
                "(you can undo)"
            )
        elif self.classifying is not None:
            tip = _("Available once every cookie is classified.")
        else:
            tip = _("No browser's cookies were read, so there is nothing to delete.")
        self.delete_button.setToolTip(tip)
        self.rescan_action.setEnabled(not self.runner.is_active(JobKind.SCAN))
        self.export_action.setEnabled(has_data and not self.runner.is_active(JobKind.EXPORT))
        self.history_action.setEnabled(not stores_busy)
        self.notice_undo.setEnabled(not stores_busy)
        self.sites_page.set_deleting_allowed(can_delete)
        self.cookies_page.set_deleting_allowed(can_delete)
        if focused is not None and not focused.isEnabled():
            # a disabled button hands focus to the next widget (the search box): keep it
            # on the page instead
            self.tabs.currentWidget().setFocus(Qt.FocusReason.OtherFocusReason)
            self._focus_before_scan = focused

    # ------------------------------------------------------------------ filtering
    def current_filters(self) -> Filters:
        bar = self.filter_bar
        return Filters(
            text=self.search.text().strip().lower(),
            stores=self._stores,
            purpose=bar.purpose_choice(),
            party=bar.party_choice(),
            lifetime=bar.lifetime_choice(),
            trackers_only=bar.trackers_only.isChecked(),
            flag=bar.flag_choice(),
            contradicted=self._contradicted,
        )

    def _filters_changed(self) -> None:
        if self.analysis is None:
            return
        filters = self.current_filters()
        self.cookies_page.apply_filters(filters)
        cookies = self.cookies_page.model
        # the cookie list has tested every cookie against these filters: the site list
        # takes the sites from it (when both show this analysis) instead of testing again
        same = self.sites_page.analysis is self.analysis and cookies.shows(self.analysis.findings)
        self.sites_page.apply_filters(filters, cookies.accepted_sites() if same else None)

    def _stores_selected(self, stores: frozenset[str] | None) -> None:
        self._stores = stores
        self._filters_changed()

    def _tab_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        visible = page is not None and page is not self.overview
        if page is not None and visible:
            layout = page.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(0, self.filter_bar)
        self.filter_bar.setVisible(visible)

    def _sort_in_background(self, work: Callable[[object], Ranks]) -> None:
        """A long list's order by a column is computed off the GUI thread (a second or so
        at 100,000 cookies); the list is sorted when it comes (``_sorted``)."""
        self.runner.submit(Job(JobKind.SORT, work))

    def _sorted(self, outcome: Outcome) -> None:
        if outcome.job.kind is not JobKind.SORT:
            return
        for model in (self.sites_page.model, self.cookies_page.model):
            if outcome.ok and isinstance(outcome.result, Ranks):
                model.set_ranks(outcome.result)  # each keeps only the ranks of its items
            else:
                model.ranks_abandoned()

    # ------------------------------------------------------------------ navigation
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def show_view(self, name: str) -> None:
        if name in VIEWS and self.stack.currentWidget() is self.main:
            self.tabs.setCurrentIndex(VIEWS.index(name))

    def open_site(self, site: str) -> None:
        """Show one site and its cookies (from the overview)."""
        self.show_view("sites")
        if self.scanning.lists_pending():
            self._pending_open = (site, "")  # shown when the site list is built
            return
        if not self.sites_page.select_site(site):
            self._clear_filters()
            self.sites_page.select_site(site)
        self.sites_page.table.setFocus()

    def open_cookie(self, site: str, cookie_id: str) -> None:
        """Show one cookie of one site, selected (a contradiction double-clicked)."""
        self.open_site(site)
        if self._pending_open is not None:
            self._pending_open = (site, cookie_id)
            return
        self.sites_page.select_cookie(cookie_id)
        self.sites_page.cookies.setFocus()

    def _clear_filters(self) -> None:
        bar = self.filter_bar
        for combo in (bar.purpose, bar.party, bar.lifetime, bar.flag):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        bar.trackers_only.blockSignals(True)
        bar.trackers_only.setChecked(False)
        bar.trackers_only.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._filters_changed()

    # ------------------------------------------------------------------ after jobs
    def _reveal(self, pane: DetailPane, finding: Finding) -> None:
        self.revealing.reveal(pane, finding)

    def _deleted(self, result: DeletionResult) -> None:
        count = result.deleted
        self.notice_text.setText(
            ngettext(
                "Deleted {count} cookie. A backup was kept.",
                "Deleted {count} cookies. A backup was kept.",
                count,
            ).format(count=number(count))
        )
        self.notice_undo.setVisible(result.backup_id is not None)
        self.notice.show()
        self.scanning.load(frozenset(str(o.store.path.resolve()) for o in result.outcomes))

    def _undone(self, undone: Undone) -> None:
        result = undone.result
        text = ngettext(
            "Put back {count} cookie.", "Put back {count} cookies.", result.restored
        ).format(count=number(result.restored))
        if result.already_there:
            text += " " + ngettext(
                "{count} had been set again by its site and was left as it is.",
                "{count} had been set again by their sites and were left as they are.",
                result.already_there,
            ).format(count=number(result.already_there))
        self.notice_text.setText(text)
        self.notice_undo.hide()
        self.notice.show()
        self.scanning.load(undone.touched)

    def _catalogue_imported(self) -> None:
        self._classifier = None  # the next scan loads the catalogue with the import
        self.rescan()

    # ------------------------------------------------------------------ other actions
    def open_store(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Open a cookie file"),
            str(Path.home()),
            _("Cookie stores (Cookies cookies.sqlite Cookies.binarycookies);;All files (*)"),
        )
        if name:
            self.store_paths = [name]
            self.analysis, self.classifying = None, None
            self.load()

    def open_demo(self) -> None:
        from inspector.gui.app import demo_paths, sample_store_paths

        self.store_paths = sample_store_paths()
        self.deletion_paths = demo_paths(self.paths)
        self.demo = True
        self._set_title()
        self.analysis, self.classifying = None, None
        self.load()

    def show_about(self) -> None:
        from inspector.gui.about import about_dialog  # its licence texts: not at start

        classifier = self._classifier
        if classifier is None:
            about_dialog(self, _("not loaded yet"), ())
            return
        catalogue = classifier.catalogue
        about_dialog(self, catalogue.version, catalogue.sources)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.scanning.stop_watching()
        self.runner.shutdown()
        try:
            BackupStore(self.deletion_paths).purge(self.settings.backup_retention_days)
        except OSError:
            pass  # an unreadable backup folder must not stop the window from closing
        super().closeEvent(event)

    def wait_for_work(self, timeout_s: float = 30.0) -> None:
        """Let running jobs end (tests and the window's closing)."""
        self.runner.shutdown(timeout_s)


__all__ = ["VIEWS", "MainWindow"]
