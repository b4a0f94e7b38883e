"""Reading the stores: the first scan, F5, and a rescan when a store changes on disk.

``scan_stores`` is the job (plain data in, a ``Scanned`` out, on a worker thread);
``ScanController`` asks the job runner for it and hands the outcome to the window.

Many cookies are shown progressively: when classifying them all would take longer than
``first_seconds``, the scan job returns a ``Classifying`` (the figures and the cookies
classified so far, and the ``Analyser`` that goes on) and the controller chains
``classify_more`` jobs (``JobKind.CLASSIFY``) with the same analyser, each handing back the
next ``Classifying``, until the last one ends with the ``Scanned`` of every cookie. Results
still come only through ``JobRunner.finished``; the analyser is used by one job at a time
(the chain is sequential, on the stores lane).

Stores holding more than ``PREVIEW`` cookies together are not read whole before anything is
shown (a million cookies take seconds to read): the scan job reads their first ``PREVIEW``
rows and shows those classified, a ``Classifying`` marked ``preview`` whose ``unread`` says
what is left to read. Its cookies are classified knowing only the sites visited as these
rows show them (``Classifier.note_visits``), so the next job reads every store whole and
classifies every cookie again from the start, exactly as a scan without preview does; its
first part is shown only once it holds more cookies than the preview."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from inspector import classcache
from inspector.analysis import Analyser, Analysis, unread_sentence, with_unread_warnings
from inspector.catalogue import Catalogue, load_catalogue
from inspector.classify import Classifier
from inspector.errors import CatalogueError, InspectorError, describe_unexpected
from inspector.gui.jobs import Job, JobContext, JobKind, Outcome, Progress
from inspector.gui.viewdata import Lists, OverviewTally, overview_summary, prepare_lists
from inspector.i18n import _
from inspector.keys import KeyRing
from inspector.localeformat import format_date, format_number, format_percent
from inspector.model import Store, StoreResult
from inspector.paths import AppPaths
from inspector.scan import ScanResult, iter_scan, resolve_stores
from inspector.speed import collection_paused
from inspector.stores import read_first_rows, read_store
from inspector.summary import Summary
from inspector.timings import mark

if TYPE_CHECKING:
    from inspector.gui.window import MainWindow


@dataclass(frozen=True)
class Scanned:
    """What a scan hands the window: the analysis, the overview's figures (no per-site
    summaries: ``prepare_lists`` builds those next) and the classifier used."""

    analysis: Analysis
    overview: Summary
    classifier: Classifier
    catalogue_problem: str | None = None  # the person's catalogue additions were not loaded


@dataclass(frozen=True)
class Unread:
    """What a preview leaves to read: every store in order, as its whole result (read
    whole already, or failed) or as the store still to read whole; the key ring asked for
    the preview's values, so that the person's keyring is not asked twice."""

    stores: tuple[StoreResult | Store, ...]
    keyring: KeyRing


@dataclass(frozen=True)
class Classifying:
    """A scan part-way through classifying: ``analysis`` holds the cookies classified so far
    (no contradictions or unread choices yet: those need every cookie) and ``overview`` their
    figures; ``analyser`` goes on from there (``classify_more``).

    A preview (``unread`` set) holds the first rows of large stores, classified; ``rows`` is
    then how many cookies the stores hold (about: rows not readable are left out later)."""

    analysis: Analysis
    overview: Summary
    analyser: Analyser
    tally: OverviewTally  # the figures of the cookies classified so far, added to next
    classifier: Classifier
    catalogue_problem: str | None = None
    unread: Unread | None = None
    rows: int | None = None

    @property
    def preview(self) -> bool:
        return self.unread is not None

    @property
    def done(self) -> int:
        return len(self.analysis.findings)

    @property
    def total(self) -> int:
        return self.rows if self.rows is not None else len(self.analysis.scan.cookies)


STEP = 2500  # cookies classified between two looks at the clock (about 30 ms)
# a part is shown only while more than this many cookies are left (about a quarter of a
# second of work): a profile of 10,000 cookies is shown once, not in a flash of two parts
PART_LEFT = 8 * STEP
# a first scan of more cookies than this shows this many first (see the module docstring)
PREVIEW = 5_000
# each part shown redraws every cookie shown so far (about 1.2 µs each at a million): parts
# come at least this long apart per cookie shown, so that a million cookies are shown in a
# few parts, not in thirty (which made the last one come 17 s later)
UPDATE_SECONDS_PER_COOKIE = 10e-6


def update_seconds(base: float | None, shown: int) -> float | None:
    """How long to classify before the next part, ``shown`` cookies being shown: ``base``,
    or longer once so many are shown that redrawing them would take a good share of it."""
    if base is None:
        return None
    return max(base, shown * UPDATE_SECONDS_PER_COOKIE)


def load_classifier(paths: AppPaths) -> tuple[Classifier, str | None]:
    """The catalogue with the person's overlay and imports; if one of those is broken, the
    bundled catalogue alone and a note saying which file to fix (the window still works)."""
    catalogue: Catalogue
    try:
        with collection_paused():  # many objects, no cycles: see inspector.speed
            catalogue = load_catalogue(paths.data_dir)
        problem = None
    except CatalogueError as error:
        return Classifier(load_catalogue(None), data_dir=paths.data_dir), error.describe()
    # the data folder keeps the guess model compiled between runs (inspector.guess)
    classifier = Classifier(catalogue, data_dir=paths.data_dir)
    classcache.load(classifier, paths.data_dir)  # what earlier runs learnt (speeds up a scan)
    return classifier, problem


def scan_stores(
    context: JobContext,
    store_paths: Sequence[str],
    classifier: Classifier | None,
    paths: AppPaths,
    allow_keyring: bool = False,
    previous: ScanResult | None = None,
    touched: frozenset[str] = frozenset(),
    first_seconds: float | None = None,
) -> Scanned | Classifying:
    """The job: read every store, classify every cookie, compute the figures.

    ``first_seconds``: how long to classify before handing back what is classified so far
    (a ``Classifying``; ``classify_more`` goes on); None: every cookie in this job.

    ``allow_keyring``: whether consent records behind the system keyring may be read (the
    person's answer, see controllers/keyring.py); those left unread are named, per store.
    With ``previous``, only the stores in ``touched`` (resolved paths: a deletion or an undo
    wrote them) are read again; the others' rows are taken from ``previous``."""
    problem = None
    if classifier is None:
        context.progress(0, 1, _("Loading the catalogue"))
        classifier, problem = load_classifier(paths)
    if previous is not None:
        results = _reread(context, previous, touched)
    elif first_seconds is not None:
        first = _read_first(context, store_paths, PREVIEW)
        if isinstance(first, tuple):
            return _preview(context, *first, classifier, problem, allow_keyring)
        results = first
    else:
        results = _read_all(context, store_paths)
    analyser = Analyser(ScanResult(tuple(results)), classifier, allow_keyring=allow_keyring)
    return _classify(context, analyser, OverviewTally(), classifier, paths, problem, first_seconds)


def classify_more(
    context: JobContext, classifying: Classifying, paths: AppPaths, seconds: float | None
) -> Scanned | Classifying:
    """The job after a ``Classifying``: the next cookies (for about ``seconds``; None: all
    of them), with the same analyser; after a preview, every store read whole and every
    cookie classified from the start (shown once there are more than the preview's)."""
    unread = classifying.unread
    if unread is not None:
        results = []
        for index, entry in enumerate(unread.stores):
            context.check()
            if isinstance(entry, Store):
                _reading(context, entry, index, len(unread.stores))
                entry = read_store(entry)
            results.append(entry)
        analyser = Analyser(
            ScanResult(tuple(results)), classifying.classifier, keyring=unread.keyring
        )
        return _classify(
            context,
            analyser,
            OverviewTally(),
            classifying.classifier,
            paths,
            classifying.catalogue_problem,
            seconds,
            shown=classifying.done,
        )
    return _classify(
        context,
        classifying.analyser,
        classifying.tally,
        classifying.classifier,
        paths,
        classifying.catalogue_problem,
        seconds,
    )


def _reading(context: JobContext, store: Store, done: int, total: int) -> None:
    context.progress(
        done,
        total + 1,
        _("Reading {browser} — {profile}").format(browser=store.browser, profile=store.profile),
    )


def _read_first(
    context: JobContext, store_paths: Sequence[str], limit: int
) -> list[StoreResult] | tuple[list[StoreResult], tuple[StoreResult | Store, ...], int]:
    """Every store read whole (a list of results, what ``_read_all`` gives) when together
    they hold no more than ``limit`` cookies; otherwise the first ``limit`` cookies (the
    stores' results as far as read), every store in order as its result or as the store
    still to read whole, and how many cookies the stores hold."""
    stores, failures = resolve_stores(store_paths)
    shown: list[StoreResult] = list(failures)
    entries: list[StoreResult | Store] = list(failures)
    left, rows, partial = limit, 0, False
    for index, store in enumerate(stores):
        context.check()
        _reading(context, store, index, len(stores))
        result, held = read_first_rows(store, max(left, 0))
        shown.append(result)
        if held is None:  # read whole
            entries.append(result)
            rows += len(result.cookies)
        else:
            entries.append(store)
            rows += held
            partial = True
        left -= len(result.cookies)
    if not partial:
        return shown
    return shown, tuple(entries), rows


def _preview(
    context: JobContext,
    shown: list[StoreResult],
    entries: tuple[StoreResult | Store, ...],
    rows: int,
    classifier: Classifier,
    problem: str | None,
    allow_keyring: bool,
) -> Classifying:
    """The first rows classified (see the module docstring), handed back to be shown."""
    keyring = KeyRing(allow_keyring)
    analyser = Analyser(ScanResult(tuple(shown)), classifier, keyring=keyring)
    while analyser.done < analyser.total:
        context.check()
        analyser.step(STEP)
    so_far = Analysis(analyser.result, tuple(analyser.findings), classifier.catalogue.version)
    tally = OverviewTally()
    tally.add(so_far.findings)
    overview = tally.summary(so_far)
    warm_up_formatting()
    return Classifying(
        so_far, overview, analyser, tally, classifier, problem, Unread(entries, keyring), rows
    )


def _classify(
    context: JobContext,
    analyser: Analyser,
    tally: OverviewTally,
    classifier: Classifier,
    paths: AppPaths,
    problem: str | None,
    seconds: float | None,
    shown: int = 0,
) -> Scanned | Classifying:
    """Classify for about ``seconds`` (None: to the end); what remains, if anything, is
    handed back as a ``Classifying``, otherwise the finished ``Scanned``. A part is handed
    back only with more cookies than ``shown`` (a preview's)."""
    deadline = None if seconds is None else time.perf_counter() + seconds
    count, begin = analyser.total, max(analyser.done, shown)
    while analyser.done < count:
        context.check()
        context.progress(
            analyser.done,
            count,
            _("Classifying {done} of {count} cookies").format(
                done=format_number(analyser.done), count=format_number(count)
            ),
        )
        # stop only with something new to show and much more left
        if (
            deadline is not None
            and analyser.done > begin
            and count - analyser.done > PART_LEFT
            and time.perf_counter() >= deadline
        ):
            so_far = Analysis(
                analyser.result, tuple(analyser.findings), classifier.catalogue.version
            )
            tally.add(so_far.findings[tally.count :])
            overview = tally.summary(so_far)
            warm_up_formatting()
            return Classifying(so_far, overview, analyser, tally, classifier, problem)
        analyser.step(STEP)
    context.check()
    analysis = analyser.finish()
    context.check()
    if problem is None:
        classcache.save(classifier, paths.data_dir)
    retry = _("Allow it in the bar at the top of the window, or in Tools → Settings.")
    analysis = with_unread_warnings(analysis, lambda group: unread_sentence(group, retry=retry))
    context.progress(1, 1, _("Preparing the view"))
    overview = overview_summary(analysis)
    warm_up_formatting()
    return Scanned(analysis, overview, classifier, problem)


def _read_all(context: JobContext, store_paths: Sequence[str]) -> list[StoreResult]:
    stores, failures = resolve_stores(store_paths)
    results = list(failures)
    for step in iter_scan(stores):
        context.check()
        results.append(step.result)
        context.progress(
            step.done,
            len(stores) + 1,
            _("Reading {browser} — {profile}").format(
                browser=step.result.store.browser, profile=step.result.store.profile
            ),
        )
    return results


def _reread(
    context: JobContext, previous: ScanResult, touched: frozenset[str]
) -> list[StoreResult]:
    """The previous results, with the touched stores read again."""
    results = []
    for result in previous.results:
        context.check()
        if str(result.store.path.resolve()) in touched:
            context.progress(
                0,
                2,
                _("Reading {browser} — {profile}").format(
                    browser=result.store.browser, profile=result.store.profile
                ),
            )
            result = read_store(result.store)
        results.append(result)
    return results


def warm_up_formatting() -> None:
    """Load the language's number and date rules here, off the GUI thread: the first use
    reads them from disk (about 70 ms), which would otherwise freeze the window."""
    format_number(1234)
    format_percent(0.5)
    format_date(date(2026, 1, 1), length="medium")


class ScanController(QObject):
    """Starts scans (never two at once: a rescan asked for meanwhile runs once, after)."""

    failed = Signal(str)

    RESCAN_DELAY_MS = 3000  # a browser writes its store in bursts
    # classifying longer than this first shows the cookies classified so far, then the
    # window is updated about every UPDATE_SECONDS (less often with very many cookies shown:
    # update_seconds) until every cookie is classified
    FIRST_SECONDS: float | None = 0.05
    UPDATE_SECONDS: float | None = 0.6
    LOCK_POLL_MS = 10000  # how often a store its browser holds (Windows) is tried again

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._store_changed)
        self._rescan_timer = QTimer(self, singleShot=True, interval=self.RESCAN_DELAY_MS)
        self._rescan_timer.timeout.connect(self.load)
        # stores a running browser holds open (Windows): read as soon as it lets go, by itself
        self._locked: list[Path] = []
        self._lock_timer = QTimer(self, interval=self.LOCK_POLL_MS)
        self._lock_timer.timeout.connect(self._try_locked)
        self._jobs: set[int] = set()
        self._lists_job: int | None = None  # the lists of the analysis shown, being built
        self._chain: int | None = None  # classifying the rest of the analysis shown
        self._waiting: tuple[int, frozenset[str] | None] | None = None  # queued, not started
        window.runner.started.connect(self._started)
        window.runner.progress.connect(self._progress)
        window.runner.finished.connect(self._finished)

    def load(self, touched: frozenset[str] | None = None) -> None:
        """Scan in the background; the window shows progress and stays responsive.

        ``touched``: after a deletion or an undo, the stores it wrote (resolved paths); only
        those are read again. A full scan already waiting covers any request; a partial one
        waiting is joined by another request only when that one is partial too."""
        window = self.window
        self._drop_chain()  # the analysis being classified is not wanted any more
        previous = window.analysis.scan if window.analysis is not None else None
        if not touched or previous is None:
            touched, previous = None, None  # nothing named: read everything
        if self._waiting is not None:
            waiting_touched = self._waiting[1]
            if waiting_touched is None or (touched is not None and touched <= waiting_touched):
                return  # the scan waiting to start reads all this
        job = Job(
            JobKind.SCAN,
            partial(
                scan_stores,
                store_paths=tuple(window.store_paths),
                classifier=window.classifier_or_none(),
                paths=window.paths,
                allow_keyring=window.keyring.allowed,
                previous=previous,
                touched=touched or frozenset(),
                first_seconds=self.FIRST_SECONDS,
            ),
            _("Reading cookie stores…"),
        )
        if window.runner.submit(job) is not None:
            self._jobs.add(job.id)
            self._waiting = (job.id, touched)
            window.scan_started()

    def prepare_lists(self, analysis: Analysis) -> None:
        """Build the site list and the search keys of ``analysis`` (just shown) in the
        background; those of an analysis shown before are no longer wanted."""
        runner = self.window.runner
        runner.cancel(JobKind.LISTS)
        job = Job(JobKind.LISTS, partial(prepare_lists, analysis=analysis))
        self._lists_job = job.id if runner.submit(job) is not None else None

    def lists_pending(self) -> bool:
        """The site list is not there yet (being built, or its cookies being classified)."""
        return self._lists_job is not None or self.classifying()

    def classifying(self) -> bool:
        return self._chain is not None

    def _drop_chain(self) -> None:
        if self._chain is not None:
            self._jobs.discard(self._chain)  # its outcome is ignored
            self._chain = None
            self.window.runner.cancel(JobKind.CLASSIFY)

    def _continue(self, classifying: Classifying) -> None:
        """Classify the rest of ``classifying`` (just shown) with the same analyser."""
        job = Job(
            JobKind.CLASSIFY,
            partial(
                classify_more,
                classifying=classifying,
                paths=self.window.paths,
                seconds=update_seconds(self.UPDATE_SECONDS, classifying.done),
            ),
            _("Classifying cookies…"),
        )
        if self.window.runner.submit(job) is not None:
            self._jobs.add(job.id)
            self._chain = job.id

    def _started(self, job: Job) -> None:
        if self._waiting is not None and self._waiting[0] == job.id:
            self._waiting = None

    def stop_watching(self) -> None:
        self._rescan_timer.stop()
        self._lock_timer.stop()
        self.watcher.blockSignals(True)

    def watch(self, analysis: Analysis) -> None:
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        paths = [str(r.store.path) for r in analysis.scan.results if r.store.path.is_file()]
        if paths:
            self.watcher.addPaths(paths)
        self._locked = [
            r.store.path for r in analysis.scan.results if r.error_type == "StoreLockedError"
        ]
        if self._locked:
            self._lock_timer.start()
        else:
            self._lock_timer.stop()

    def busy(self) -> bool:
        """A scan runs or waits, or the cookies of the analysis shown are being classified."""
        return self.window.runner.is_active(JobKind.SCAN) or self.classifying()

    def _try_locked(self) -> None:
        """Rescan once a held store opens (a cheap open, not a scan, while it stays held)."""
        for path in self._locked:
            try:
                with path.open("rb"):
                    pass
            except OSError:
                continue
            self._lock_timer.stop()
            if not self.busy():
                self.load()
            return

    def _store_changed(self, _path: str) -> None:
        if not self.busy():
            self._rescan_timer.start()

    def _progress(self, job: Job, progress: Progress) -> None:
        if job.id in self._jobs:
            self.window.scan_progress(progress.done, progress.total, progress.text)

    def _finished(self, outcome: Outcome) -> None:
        if outcome.job.kind is JobKind.LISTS:
            self._lists_finished(outcome)
            return
        if outcome.job.id not in self._jobs:
            return
        self._jobs.discard(outcome.job.id)
        if self._chain == outcome.job.id:
            self._chain = None
        if self._waiting is not None and self._waiting[0] == outcome.job.id:
            self._waiting = None  # cancelled before it started
        if outcome.cancelled:
            self.window.scan_ended()
            return
        if outcome.error is not None:
            error = outcome.error
            message = (
                error.describe()
                if isinstance(error, InspectorError)
                else describe_unexpected(error)
            )
            self.window.scan_failed(message)
            return
        if isinstance(outcome.result, Classifying):
            if self._waiting is not None:
                return  # a newer scan waits to start: this analysis is not wanted any more
            classifying = outcome.result
            self.window.show_classifying(classifying)
            # painted before the next part is asked for: its job would otherwise take
            # Python's lock from the painting half of the time (and a timer, however short,
            # fires before Qt's next frame), which doubled the wait for the first figures
            self.window.repaint()
            mark("partial")  # the first figures and cookies painted, more to come
            # unless showing it asked for a rescan (F5 handled meanwhile): that drops it
            if self._waiting is None and self.window.analysis is classifying.analysis:
                self._continue(classifying)
            return
        assert isinstance(outcome.result, Scanned)
        self.window.show_scan(outcome.result)

    def _lists_finished(self, outcome: Outcome) -> None:
        if outcome.job.id != self._lists_job:
            return  # an older analysis's lists, or cancelled for a newer one
        self._lists_job = None
        if outcome.cancelled:
            return
        if outcome.error is not None:
            self.window.lists_failed(describe_unexpected(outcome.error))
            return
        assert isinstance(outcome.result, Lists)
        self.window.show_lists(outcome.result)
