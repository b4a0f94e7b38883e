"""Long work off the GUI thread: the core's generators run in a QThread and report back by
signal, so the window never freezes.

Python's cyclic garbage collector runs only on the GUI thread (see ``collector``): a
collection started in a worker thread could destroy Qt objects that belong to the GUI
thread, which crashes Qt."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from inspector.analysis import Analysis, iter_analyse
from inspector.classify import Classifier
from inspector.errors import InspectorError, describe_unexpected
from inspector.scan import ScanResult, iter_scan, resolve_stores
from inspector.speed import collection_paused
from inspector.summary import ViewData, view_data


class ScanWorker(QObject):
    progress = Signal(int, int, str)  # done, total, what
    finished = Signal(object)  # Analysis
    failed = Signal(str)

    def __init__(
        self,
        paths: Sequence[str],
        classifier: Classifier | None,
        make_classifier: Callable[[], Classifier],
    ) -> None:
        super().__init__()
        self.paths = list(paths)
        self._classifier = classifier
        self._make_classifier = make_classifier
        self.view_data: ViewData | None = None

    @property
    def classifier(self) -> Classifier:
        if self._classifier is None:
            self._classifier = self._make_classifier()
        return self._classifier

    @Slot()
    def run(self) -> None:
        try:
            with collection_paused():
                analysis = self._analyse()
        except InspectorError as error:  # shown to the person; the window stays usable
            self.failed.emit(error.describe())
        except Exception as error:  # a defect: a sentence that says what to do, no raw text
            self.failed.emit(describe_unexpected(error))
        else:
            self.finished.emit(analysis)

    def _analyse(self) -> Analysis:
        stores, failures = resolve_stores(self.paths)
        results = list(failures)
        total = len(stores)
        for step in iter_scan(stores):
            results.append(step.result)
            self.progress.emit(
                step.done,
                total + 1,
                f"Reading {step.result.store.browser} — {step.result.store.profile}",
            )
        scanned = ScanResult(tuple(results))
        count = len(scanned.cookies)
        analysis: Analysis | None = None
        for item in iter_analyse(scanned, self.classifier):
            if isinstance(item, Analysis):
                analysis = item
            else:
                self.progress.emit(total, total + 1, f"Classifying {item:,} of {count:,} cookies")
        assert analysis is not None
        self.progress.emit(total + 1, total + 1, "Preparing the view")
        self.view_data = view_data(analysis)  # read by the window with the analysis
        return analysis


class TaskWorker(QObject):
    """Runs one function off the GUI thread; its result or its exception comes back."""

    finished = Signal(object)
    failed = Signal(object)  # the exception

    def __init__(self, function: Callable[[], Any]) -> None:
        super().__init__()
        self.function = function

    @Slot()
    def run(self) -> None:
        try:
            with collection_paused():
                result = self.function()
        except Exception as error:  # handed to the window, which explains it
            self.failed.emit(error)
        else:
            self.finished.emit(result)


def start_in_thread(worker: QObject, owner: QObject) -> QThread:
    """Move ``worker`` to a new thread that starts it and cleans up when it is done."""
    thread = QThread(owner)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)  # type: ignore[attr-defined]
    for signal_name in ("finished", "failed"):
        getattr(worker, signal_name).connect(thread.quit)
    thread.finished.connect(worker.deleteLater)
    thread.finished.connect(thread.deleteLater)
    thread.start()
    return thread
