"""The main window: overview, sites, cookies; the one-click tracker deletion; undo."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QModelIndex, QPoint, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from inspector.analysis import Analysis, Finding
from inspector.classify import Classifier
from inspector.deletion.apply import execute, undo
from inspector.deletion.backup import BackupStore
from inspector.deletion.plan import Plan, Selection, make_plan, unreadable_value_dependent
from inspector.errors import BrowserRunningError, InspectorError, describe_unexpected
from inspector.gui import icons
from inspector.gui.delegates import PurposeBarDelegate, PurposeChipDelegate
from inspector.gui.detail import DetailPane
from inspector.gui.dialogs import (
    DeleteTrackersDialog,
    HistoryDialog,
    SettingsDialog,
    about_dialog,
    running_browser_dialog,
)
from inspector.gui.models import FINDING_ROLE, CookieTableModel, Filters, SiteTableModel
from inspector.gui.overview import OverviewPage
from inspector.gui.sidebar import BrowserSidebar
from inspector.gui.theme import ACCENT, SHORT_LABELS, WARNING, pick
from inspector.gui.worker import ScanWorker, TaskWorker, start_in_thread
from inspector.paths import AppPaths
from inspector.purposes import Purpose
from inspector.settings import load_settings, save_settings
from inspector.summary import SiteSummary, ViewData, view_data
from inspector.timings import mark

VIEWS = ("overview", "sites", "cookies")


class CookieTable(QTableView):
    delete_pressed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(28)
        self.horizontalHeader().setHighlightSections(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Delete:
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class MainWindow(QMainWindow):
    analysis_loaded = Signal(object)

    def __init__(
        self,
        paths: AppPaths,
        store_paths: Sequence[str] = (),
        classifier: Classifier | None = None,
        demo: bool = False,
    ) -> None:
        super().__init__()
        from PySide6.QtWidgets import QApplication

        from inspector.gui.collector import install

        install(QApplication.instance() or self)
        self.paths = paths
        self.store_paths = list(store_paths)
        self.demo = demo
        self.settings = load_settings(paths.settings_file)
        # the catalogue is loaded by the first scan, off the GUI thread, unless given
        self._classifier = classifier
        self.analysis: Analysis | None = None
        self._contradicted: frozenset[str] = frozenset()
        self._thread: QThread | None = None
        self._busy = False
        self.setWindowTitle("Cookie Inspector" + (" — sample data" if demo else ""))
        self.setWindowIcon(icons.app_icon())
        self.resize(1320, 820)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._store_changed)
        self._rescan_timer = QTimer(self, singleShot=True, interval=3000)
        self._rescan_timer.timeout.connect(self.rescan)
        self._build()
        self._apply_styles()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self._build_actions()
        self._build_toolbar()
        self.stack = QStackedWidget()
        self.loading = self._loading_page()
        self.empty = self._empty_page()
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
        shortcut: str | None = None,
        icon: QIcon | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if icon is not None:
            action.setIcon(icon)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.open_action = self._action("Open a cookie file…", self.open_store, "Ctrl+O")
        self.demo_action = self._action("Explore sample data", self.open_demo)
        self.export_action = self._action(
            "Export report…", self.export_report, "Ctrl+E", icons.icon("export")
        )
        self.rescan_action = self._action("Rescan", self.rescan, "F5", icons.icon("refresh"))
        self.history_action = self._action(
            "Undo history…", self.show_history, "Ctrl+H", icons.icon("undo")
        )
        self.settings_action = self._action("Settings…", self.show_settings, "Ctrl+,")
        self.about_action = self._action("About Cookie Inspector", self.show_about)
        self.quit_action = self._action("Quit", self.close, "Ctrl+Q")
        self.find_action = self._action("Find", self.focus_search, "Ctrl+F")
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        for action in (self.open_action, self.demo_action, self.export_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = menu.addMenu("&View")
        for number, name in enumerate(VIEWS, start=1):
            view_menu.addAction(
                self._action(name.capitalize(), partial(self.show_view, name), f"Ctrl+{number}")
            )
        view_menu.addSeparator()
        view_menu.addAction(self.rescan_action)
        view_menu.addAction(self.find_action)
        tools = menu.addMenu("&Tools")
        tools.addAction(self.history_action)
        tools.addAction(self.settings_action)
        menu.addMenu("&Help").addAction(self.about_action)

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(bar)
        self.delete_button = QPushButton(icons.icon("broom", "white"), "  Delete trackers")
        self.delete_button.setObjectName("primary")
        self.delete_button.setToolTip(
            "Remove analytics and advertising cookies, keeping your consent choices (you can undo)"
        )
        self.delete_button.setAccessibleName("Delete trackers")
        self.delete_button.clicked.connect(self.delete_trackers)
        bar.addWidget(self.delete_button)
        bar.addSeparator()
        bar.addAction(self.rescan_action)
        bar.addAction(self.export_action)
        bar.addAction(self.history_action)
        spacer = QWidget()
        spacer.setSizePolicy(
            spacer.sizePolicy().horizontalPolicy().Expanding, spacer.sizePolicy().verticalPolicy()
        )
        bar.addWidget(spacer)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search sites, cookies, companies  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(320)
        self.search.setAccessibleName("Search")
        self.search.textChanged.connect(self._filters_changed)
        bar.addWidget(self.search)

    def _loading_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self.loading_label = QLabel("Reading your browsers' cookies…")
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading_label.setObjectName("emptyTitle")
        self.loading_bar = QProgressBar()
        self.loading_bar.setMaximumWidth(420)
        layout.addWidget(self.loading_label)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.loading_bar)
        row.addStretch(1)
        layout.addLayout(row)
        self.loading_detail = QLabel()
        self.loading_detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.loading_detail)
        layout.addStretch(2)
        return page

    def _empty_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        title = QLabel("No browser was found on this computer")
        title.setObjectName("emptyTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            "Cookie Inspector looks for Chrome, Chromium, Edge, Brave, Opera, Vivaldi, "
            "Firefox, LibreWolf and Safari in their usual places. You can open a "
            "cookie file yourself, or explore sample data written by real browsers."
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setMaximumWidth(560)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        open_button = QPushButton("Open a cookie file…")
        open_button.clicked.connect(self.open_store)
        demo_button = QPushButton("Explore sample data")
        demo_button.setObjectName("primary")
        demo_button.clicked.connect(self.open_demo)
        buttons.addWidget(open_button)
        buttons.addWidget(demo_button)
        buttons.addStretch(1)
        layout.addWidget(title)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(text)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addStretch(2)
        return page

    def _main_page(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        self.notice = self._notice_bar()
        outer.addWidget(self.notice)
        split = QSplitter()
        self.sidebar = BrowserSidebar()
        self.sidebar.stores_selected.connect(self._stores_selected)
        self.sidebar.error_selected.connect(self._show_store_error)
        split.addWidget(self.sidebar)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.overview = OverviewPage()
        self.overview.site_requested.connect(self.open_site)
        self.tabs.addTab(self.overview, "Overview")
        self.tabs.addTab(self._sites_page(), "Sites")
        self.tabs.addTab(self._cookies_page(), "Cookies")
        # one filter bar for both lists, beside the tabs; the overview needs none
        self.filter_bar = self._filter_bar()
        self.tabs.setCornerWidget(self.filter_bar, Qt.Corner.TopRightCorner)
        self.filter_bar.hide()
        self.tabs.currentChanged.connect(lambda index: self.filter_bar.setVisible(index != 0))
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 1)
        split.setSizes([200, 1120])
        outer.addWidget(split, 1)
        return page

    def _notice_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("notice")
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(12, 6, 12, 6)
        self.notice_text = QLabel()
        self.notice_text.setWordWrap(True)
        self.notice_undo = QPushButton("Undo")
        self.notice_undo.clicked.connect(lambda: self.undo_deletion(None))
        close = QPushButton("Dismiss")
        close.clicked.connect(bar.hide)
        layout.addWidget(self.notice_text, 1)
        layout.addWidget(self.notice_undo)
        layout.addWidget(close)
        bar.hide()
        return bar

    def _filter_bar(self) -> QWidget:
        bar = QWidget()
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(0, 2, 6, 2)
        self.purpose_filter = QComboBox()
        self.purpose_filter.setAccessibleName("Purpose filter")
        self.purpose_filter.addItem("All purposes", None)
        for purpose in Purpose:
            self.purpose_filter.addItem(SHORT_LABELS[purpose], purpose)
        self.party_filter = QComboBox()
        self.party_filter.setAccessibleName("Party filter")
        for text, value in (
            ("First and third party", None),
            ("First party", "first"),
            ("Third party", "third"),
        ):
            self.party_filter.addItem(text, value)
        self.lifetime_filter = QComboBox()
        self.lifetime_filter.setAccessibleName("Lifetime filter")
        for text, value in (
            ("Any lifetime", None),
            ("Session", "session"),
            ("Permanent", "permanent"),
            ("Past 13 months", "long"),
        ):
            self.lifetime_filter.addItem(text, value)
        self.flag_filter = QComboBox()
        self.flag_filter.setAccessibleName("Flag filter")
        for text, value in (
            ("Any flag", None),
            ("Consent records", "consent"),
            ("Contradicting a refusal", "contradiction"),
        ):
            self.flag_filter.addItem(text, value)
        self.trackers_only = QCheckBox("Trackers only")
        for widget in (
            self.purpose_filter,
            self.party_filter,
            self.lifetime_filter,
            self.flag_filter,
        ):
            widget.currentIndexChanged.connect(self._filters_changed)
            layout.addWidget(widget)
        self.trackers_only.toggled.connect(self._filters_changed)
        layout.addWidget(self.trackers_only)
        return bar

    def _sites_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(10, 8, 10, 8)
        split = QSplitter()
        self.site_model = SiteTableModel()
        self.site_table = CookieTable("Sites")
        self.site_table.setModel(self.site_model)
        self.site_table.setItemDelegateForColumn(2, PurposeBarDelegate(self.site_table))
        self.site_table.selectionModel().selectionChanged.connect(self._sites_selected)
        self.site_table.delete_pressed.connect(self.delete_selected_sites)
        self.site_table.customContextMenuRequested.connect(self._site_menu)
        header = self.site_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        for column, width in ((1, 58), (2, 80), (3, 60), (4, 100), (5, 72)):
            self.site_table.setColumnWidth(column, width)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.count_label = QLabel()
        self.count_label.setObjectName("sectionTitle")
        left_layout.addWidget(self.count_label)
        left_layout.addWidget(self.site_table)
        split.addWidget(left)
        right = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        self.site_title = QLabel("Select a site")
        self.site_title.setObjectName("sectionTitle")
        self.consent_panel = QLabel()
        self.consent_panel.setObjectName("consentPanel")
        self.consent_panel.setWordWrap(True)
        self.consent_panel.hide()
        top_layout.addWidget(self.site_title)
        top_layout.addWidget(self.consent_panel)
        self.site_cookie_model = CookieTableModel()
        self.site_cookies = self._cookie_table(
            "Cookies of the selected sites", self.site_cookie_model
        )
        top_layout.addWidget(self.site_cookies)
        right.addWidget(top)
        self.site_detail = DetailPane()
        self.site_detail.delete_requested.connect(self._delete_one)
        right.addWidget(self.site_detail)
        right.setSizes([380, 300])
        split.addWidget(right)
        split.setSizes([560, 610])
        layout.addWidget(split, 1)
        return page

    def _cookies_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(10, 8, 10, 8)
        self.all_count = QLabel()
        layout.addWidget(self.all_count)
        split = QSplitter()
        self.cookie_model = CookieTableModel()
        self.cookie_table = self._cookie_table("All cookies", self.cookie_model)
        split.addWidget(self.cookie_table)
        self.cookie_detail = DetailPane()
        self.cookie_detail.delete_requested.connect(self._delete_one)
        split.addWidget(self.cookie_detail)
        split.setSizes([820, 420])
        layout.addWidget(split, 1)
        return page

    def _cookie_table(self, name: str, model: CookieTableModel) -> CookieTable:
        table = CookieTable(name)
        table.setModel(model)
        table.setItemDelegateForColumn(2, PurposeChipDelegate(table))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((170, 150, 170, 160, 90, 110, 170, 90, 170)):
            table.setColumnWidth(column, width)
        table.selectionModel().currentRowChanged.connect(
            lambda current, _previous, t=table: self._cookie_selected(t, current)
        )
        table.delete_pressed.connect(lambda t=table: self.delete_selected_cookies(t))
        table.customContextMenuRequested.connect(lambda point, t=table: self._cookie_menu(t, point))
        return table

    def _apply_styles(self) -> None:
        accent, warning = pick(ACCENT).name(), pick(WARNING).name()
        self.setStyleSheet(f"""
            QPushButton#primary {{ background: {accent}; color: white; font-weight: bold;
                padding: 6px 16px; border-radius: 5px; border: none; }}
            QPushButton#primary:hover {{ background: {pick(ACCENT).darker(115).name()}; }}
            QPushButton#primary:disabled {{ background: palette(mid); }}
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
            QFrame#notice {{ background: palette(alternate-base);
                border-bottom: 1px solid palette(mid); }}
        """)

    # ------------------------------------------------------------------ loading
    def load(self) -> None:
        """Scan in a worker thread; the window shows progress and stays responsive."""
        if self._busy:
            return
        self._busy = True
        self._set_actions_enabled(False)
        if self.analysis is None:
            self.stack.setCurrentWidget(self.loading)
        self.progress.show()
        self.statusBar().showMessage("Reading cookie stores…")
        worker = ScanWorker(
            self.store_paths, self._classifier, lambda: Classifier(_load_catalogue(self.paths))
        )
        worker.progress.connect(self._progress)
        worker.finished.connect(self._loaded)
        worker.failed.connect(self._load_failed)
        self._worker = worker
        self._thread = start_in_thread(worker, self)

    def rescan(self) -> None:
        self.load()

    def _progress(self, done: int, total: int, text: str) -> None:
        for bar in (self.progress, self.loading_bar):
            bar.setMaximum(max(total, 1))
            bar.setValue(done)
        self.loading_detail.setText(text)
        self.statusBar().showMessage(text)

    def _load_failed(self, message: str) -> None:
        self._busy = False
        self._set_actions_enabled(True)
        self.progress.hide()
        if self.analysis is None:
            self.stack.setCurrentWidget(self.empty)
        QMessageBox.critical(self, "Reading failed", message)

    def _loaded(self, analysis: Analysis, data: ViewData | None = None) -> None:
        if data is None:
            worker = getattr(self, "_worker", None)
            data = worker.view_data if isinstance(worker, ScanWorker) else None
            if data is None or data.figures.cookies != len(analysis.findings):
                data = view_data(analysis)
        worker = getattr(self, "_worker", None)
        if self._classifier is None and isinstance(worker, ScanWorker):
            self._classifier = worker.classifier
        self._busy = False
        self._set_actions_enabled(True)
        self.progress.hide()
        self.analysis = analysis
        if not analysis.scan.results:
            self.stack.setCurrentWidget(self.empty)
            self.statusBar().showMessage("No browser found")
            self.analysis_loaded.emit(analysis)
            return
        self.stack.setCurrentWidget(self.main)
        self.sidebar.show_results(analysis.scan.results)
        self.overview.show_analysis(analysis, data)
        mark("overview")
        self._contradicted = frozenset(v.cookie_id for v in analysis.violations)
        self.sites = data.sites
        self.site_model.set_sites(self.sites)
        self.cookie_model.set_findings(analysis.findings, data.search_keys)
        self._filters_changed()
        self._watch(analysis)
        while CATALOGUE_PROBLEMS:
            problem = CATALOGUE_PROBLEMS.pop()
            QMessageBox.warning(
                self,
                "Your catalogue additions were not loaded",
                f"{problem}\n\nCookie Inspector uses its own catalogue until then.",
            )
        failed = len(analysis.scan.failed)
        self.statusBar().showMessage(
            f"{len(analysis.findings):,} cookies from {len(analysis.scan.results)} profiles"
            + (f" — {failed} could not be read (see the list on the left)" if failed else "")
        )
        mark("populated")
        self.analysis_loaded.emit(analysis)

    def _watch(self, analysis: Analysis) -> None:
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        paths = [str(r.store.path) for r in analysis.scan.results if r.store.path.is_file()]
        if paths:
            self.watcher.addPaths(paths)

    def _store_changed(self, _path: str) -> None:
        if not self._busy and not getattr(self, "_closing", False):
            self._rescan_timer.start()

    def wait_for_work(self, timeout_ms: int = 30000) -> None:
        """Let a running scan or deletion finish (the window is closing)."""
        thread = self._thread
        if thread is None:
            return
        try:
            if thread.isRunning():
                thread.quit()
                thread.wait(timeout_ms)
        except RuntimeError:
            pass  # Qt already deleted the finished thread

    def _set_actions_enabled(self, enabled: bool) -> None:
        for widget in (self.delete_button, self.rescan_action, self.export_action):
            widget.setEnabled(enabled)

    # ------------------------------------------------------------------ filtering
    def current_filters(self) -> Filters:
        return Filters(
            text=self.search.text().strip().lower(),
            stores=getattr(self, "_stores", None),
            purpose=self.purpose_filter.currentData(),
            party=self.party_filter.currentData(),
            lifetime=self.lifetime_filter.currentData(),
            trackers_only=self.trackers_only.isChecked(),
            flag=self.flag_filter.currentData(),
            contradicted=self._contradicted,
        )

    def _filters_changed(self) -> None:
        if self.analysis is None:
            return
        filters = self.current_filters()
        self.site_model.set_filters(filters)
        self.cookie_model.set_filters(filters)
        self.count_label.setText(f"{self.site_model.rowCount():,} sites")
        self.all_count.setText(
            f"{self.cookie_model.rowCount():,} of {len(self.analysis.findings):,} cookies"
        )
        self._sites_selected()

    def _stores_selected(self, stores: frozenset[str] | None) -> None:
        self._stores = stores
        self._filters_changed()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def show_view(self, name: str) -> None:
        if name in VIEWS and self.stack.currentWidget() is self.main:
            self.tabs.setCurrentIndex(VIEWS.index(name))

    def open_site(self, site: str) -> None:
        """Show one site's cookies (from the overview's contradictions)."""
        self.search.setText(site)
        self.show_view("sites")
        for row in range(self.site_model.rowCount()):
            if self.site_model.summary(row).site == site:
                self.site_table.selectRow(row)
                break

    # ------------------------------------------------------------------ selection
    def selected_sites(self) -> list[SiteSummary]:
        rows = sorted({index.row() for index in self.site_table.selectionModel().selectedRows()})
        return [self.site_model.summary(row) for row in rows]

    def _sites_selected(self, *_: object) -> None:
        summaries = self.selected_sites()
        if not summaries:
            self.site_title.setText("Select a site to see its cookies")
            self.site_cookie_model.set_findings([])
            self.consent_panel.hide()
            self.site_detail.show_finding(None, self.analysis)
            return
        filters = self.current_filters()
        findings = [f for s in summaries for f in s.findings]
        self.site_cookie_model.set_findings(findings)
        self.site_cookie_model.set_filters(
            Filters(
                stores=filters.stores,
                purpose=filters.purpose,
                party=filters.party,
                lifetime=filters.lifetime,
                trackers_only=filters.trackers_only,
                flag=filters.flag,
                contradicted=filters.contradicted,
            )
        )
        title = summaries[0].site if len(summaries) == 1 else f"{len(summaries)} sites"
        self.site_title.setText(f"{title} — {self.site_cookie_model.rowCount()} cookies")
        self._show_consent(summaries)
        if self.site_cookie_model.rowCount():
            rows = range(self.site_cookie_model.rowCount())
            first = next(
                (
                    r
                    for r in rows
                    if self.site_cookie_model.finding(r).cookie.id in self._contradicted
                ),
                0,
            )  # the evidence first, when there is some
            self.site_cookies.selectRow(first)

    def _show_consent(self, summaries: list[SiteSummary]) -> None:
        """The consent panel: each distinct recorded choice once, with its browsers."""
        choices: dict[tuple[str, str], set[str]] = {}
        for summary in summaries:
            for finding in summary.findings:
                record = finding.info.consent_record
                if record is not None and record.decisions:
                    key = (summary.site, record.summary())
                    choices.setdefault(key, set()).add(finding.cookie.store.browser)
        lines = [
            f"<b>{escape(site)}</b> ({escape(', '.join(sorted(browsers)))}): {escape(text)}"
            for (site, text), browsers in choices.items()
        ]
        if len(lines) > 4:
            lines = [*lines[:4], f"… and {len(lines) - 4} more records"]
        violations = sum(s.violations for s in summaries)
        if violations:
            lines.append(
                f"<b style='color:{pick(ACCENT).name()}'>{violations} cookies "
                "contradict a refusal recorded here — select them below to see the "
                "evidence.</b>"
            )
        self.consent_panel.setText("<br>".join(lines))
        self.consent_panel.setVisible(bool(lines))

    def _cookie_selected(self, table: CookieTable, current: QModelIndex) -> None:
        finding = current.data(FINDING_ROLE) if current.isValid() else None
        pane = self.site_detail if table is self.site_cookies else self.cookie_detail
        pane.show_finding(finding, self.analysis)

    def selected_findings(self, table: CookieTable) -> list[Finding]:
        model = table.model()
        assert isinstance(model, CookieTableModel)
        rows = sorted({index.row() for index in table.selectionModel().selectedRows()})
        return [model.finding(row) for row in rows]

    # ------------------------------------------------------------------ menus
    def _cookie_menu(self, table: CookieTable, point: QPoint) -> None:
        findings = self.selected_findings(table)
        if not findings:
            return
        menu = QMenu(self)
        text = f"Delete {len(findings)} cookie{'s' if len(findings) != 1 else ''}…"
        menu.addAction(text, lambda: self.delete_selected_cookies(table))
        menu.exec(table.viewport().mapToGlobal(point))

    def _site_menu(self, point: QPoint) -> None:
        sites = self.selected_sites()
        if not sites:
            return
        menu = QMenu(self)
        menu.addAction(
            f"Delete the cookies of {len(sites)} site{'s' if len(sites) != 1 else ''}…",
            self.delete_selected_sites,
        )
        menu.addAction("Add to keep list", lambda: self._keep_sites([s.site for s in sites]))
        menu.exec(self.site_table.viewport().mapToGlobal(point))

    def _keep_sites(self, sites: list[str]) -> None:
        self.settings = self.settings.with_keep_sites([*self.settings.keep_sites, *sites])
        save_settings(self.paths.settings_file, self.settings)
        self.statusBar().showMessage(f"Added {', '.join(sites)} to the keep list", 5000)

    # ------------------------------------------------------------------ deleting
    @property
    def classifier(self) -> Classifier:
        if self._classifier is None:
            self._classifier = Classifier(_load_catalogue(self.paths))
        return self._classifier

    @classifier.setter
    def classifier(self, classifier: Classifier) -> None:
        self._classifier = classifier

    def _uncertain(self) -> list[str]:
        assert self.analysis is not None
        return unreadable_value_dependent(
            self.analysis, self.classifier.matcher.value_dependent_names
        )

    def delete_trackers(self) -> None:
        if self.analysis is None:
            return
        dialog = DeleteTrackersDialog(self.analysis, self.settings, self._uncertain(), self)
        if dialog.exec() and dialog.plan.delete:
            self.run_plan(dialog.plan, "Delete trackers")

    def delete_selected_cookies(self, table: CookieTable) -> None:
        findings = self.selected_findings(table)
        if findings and self._confirm(
            f"Delete {len(findings)} cookie{'s' if len(findings) != 1 else ''}?",
            ", ".join(sorted({f.cookie.name for f in findings}))[:300],
        ):
            selection = Selection(cookie_ids=frozenset(f.cookie.id for f in findings))
            self._run_selection(selection, "Delete chosen cookies")

    def _delete_one(self, finding: Finding | None) -> None:
        if finding is not None and self._confirm(
            f"Delete the cookie {finding.cookie.name}?", f"From {finding.cookie.host}"
        ):
            self._run_selection(
                Selection(cookie_ids=frozenset({finding.cookie.id})),
                f"Delete {finding.cookie.name}",
            )

    def delete_selected_sites(self) -> None:
        sites = [s.site for s in self.selected_sites()]
        if sites and self._confirm(
            f"Delete the cookies of {', '.join(sites[:5])}{'…' if len(sites) > 5 else ''}?",
            "Consent and refusal records are kept, and sites on your keep list are not touched."
            if self.settings.keep_consent
            else "Sites on your keep list are not touched.",
        ):
            selection = Selection(
                sites=frozenset(sites),
                keep_consent=self.settings.keep_consent,
                keep_sites=frozenset(self.settings.keep_sites),
            )
            self._run_selection(selection, f"Delete cookies of {', '.join(sites[:3])}")

    def _confirm(self, question: str, detail: str) -> bool:
        answer = QMessageBox.question(
            self,
            "Delete cookies",
            f"{question}\n\n{detail}\n\nA backup is kept, so you can undo this.",
        )
        return answer == QMessageBox.StandardButton.Yes

    def _run_selection(self, selection: Selection, description: str) -> None:
        assert self.analysis is not None
        plan = make_plan(self.analysis, selection, self._uncertain())
        if not plan.delete:
            QMessageBox.information(
                self,
                "Nothing to delete",
                "Every cookie you chose is kept (a consent record, or a site on your keep list).",
            )
            return
        self.run_plan(plan, description)

    def run_plan(self, plan: Plan, description: str) -> None:
        """Delete off the GUI thread; a running browser gets a dialog with Retry."""
        self.statusBar().showMessage("Deleting…")
        self._set_actions_enabled(False)
        self._pending = (plan, description)
        worker = TaskWorker(lambda: execute(plan, self.paths, description))
        # bound methods of the window: Qt runs them on the GUI thread
        worker.finished.connect(self._deleted)
        worker.failed.connect(self._delete_failed)
        self._task = worker
        self._thread = start_in_thread(worker, self)

    def _deleted(self, result: Any) -> None:
        count, backup_id = result.deleted, result.backup_id
        self._set_actions_enabled(True)
        self.notice_text.setText(
            f"Deleted {count} cookie{'s' if count != 1 else ''}. A backup was kept."
        )
        self.notice_undo.setVisible(backup_id is not None)
        self.notice.show()
        self.rescan()

    def _delete_failed(self, error: Exception) -> None:
        plan, description = self._pending
        self._set_actions_enabled(True)
        self.statusBar().clearMessage()
        if isinstance(error, BrowserRunningError):
            if running_browser_dialog(self, error.describe()):
                self.run_plan(plan, description)
            return
        message = (
            error.describe() if isinstance(error, InspectorError) else describe_unexpected(error)
        )
        QMessageBox.critical(self, "Nothing was deleted", message)

    def undo_deletion(self, backup_id: str | None) -> None:
        try:
            result = undo(self.paths, backup_id)
        except BrowserRunningError as error:
            if running_browser_dialog(self, error.describe()):
                self.undo_deletion(backup_id)
            return
        except InspectorError as error:
            QMessageBox.warning(self, "Undo failed", error.describe())
            return
        extra = (
            f" {result.already_there} had been set again by their sites and were left as they are."
            if result.already_there
            else ""
        )
        self.notice_text.setText(f"Put back {result.restored} cookies.{extra}")
        self.notice_undo.hide()
        self.notice.show()
        self.rescan()

    # ------------------------------------------------------------------ other actions
    def open_store(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Open a cookie file",
            str(Path.home()),
            "Cookie stores (Cookies cookies.sqlite Cookies.binarycookies);;All files (*)",
        )
        if name:
            self.store_paths = [name]
            self.analysis = None
            self.load()

    def open_demo(self) -> None:
        from inspector.gui.app import sample_store_paths

        self.store_paths = sample_store_paths()
        self.demo = True
        self.setWindowTitle("Cookie Inspector — sample data")
        self.analysis = None
        self.load()

    def export_report(self) -> None:
        """Ask where, then write the report off the GUI thread (a PDF can take a while)."""
        if self.analysis is None:
            return
        from inspector.gui import export

        choice = export.ask(self)
        if choice is None:
            return
        fmt, target, values, open_after = choice
        analysis = self.analysis
        self._export = (target, open_after)
        self.statusBar().showMessage(f"Writing the {fmt.upper()} report…")
        self.export_action.setEnabled(False)
        worker = TaskWorker(
            lambda: export.write(analysis, self.paths, fmt, target, include_values=values)
        )
        worker.finished.connect(self._exported)
        worker.failed.connect(self._export_failed)
        self._task = worker
        self._thread = start_in_thread(worker, self)

    def _exported(self, _result: object) -> None:
        from inspector.gui import export

        target, open_after = self._export
        self.export_action.setEnabled(True)
        self.statusBar().showMessage(f"Report written to {target}", 10000)
        export.finished(self, target, open_after)

    def _export_failed(self, error: Exception) -> None:
        from inspector.gui import export

        self.export_action.setEnabled(True)
        self.statusBar().clearMessage()
        export.failed(self, error)

    def show_history(self) -> None:
        HistoryDialog(self.paths, self.undo_deletion, self).exec()

    def show_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self.paths, self)
        if dialog.exec():
            self.settings = dialog.result_settings()
            save_settings(self.paths.settings_file, self.settings)
            if dialog.imported:
                self.classifier = Classifier(_load_catalogue(self.paths))
                self.rescan()

    def _show_store_error(self, error: str) -> None:
        self.statusBar().showMessage(error, 15000)

    def show_about(self) -> None:
        catalogue = self.classifier.catalogue
        about_dialog(self, catalogue.version, catalogue.sources)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._rescan_timer.stop()
        self.watcher.blockSignals(True)
        self._closing = True
        self.wait_for_work()
        BackupStore(self.paths).purge(self.settings.backup_retention_days)
        super().closeEvent(event)


def _load_catalogue(paths: AppPaths) -> Any:
    """The catalogue with the person's overlay and imports; if one of those is broken, the
    bundled catalogue alone, with a note saying which file to fix (the window still works)."""
    from inspector.catalogue import load_catalogue
    from inspector.errors import CatalogueError

    try:
        return load_catalogue(paths.data_dir)
    except CatalogueError as error:
        catalogue = load_catalogue(None)
        CATALOGUE_PROBLEMS.append(error.describe())
        return catalogue


CATALOGUE_PROBLEMS: list[str] = []


__all__ = ["VIEWS", "MainWindow"]
