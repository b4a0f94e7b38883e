"""The one owner of background work: scan, delete, undo, export, reveal and previews.

Every job is a plain function of plain data (paths, a plan, an analysis) that runs on a
worker thread and returns its result; the result comes back to the GUI thread in the
payload of ``JobRunner.finished`` and nowhere else. Jobs never capture widgets or other Qt
objects: a Qt object whose last Python reference is dropped on a worker thread is destroyed
there, behind the GUI thread's back — the cause of the crashes seen on quitting after
deletions. No QObject lives on a worker thread at all: the threads are plain Python
threads and the runner, which lives on the GUI thread, is the only thing that emits.

Jobs run in two lanes. The *stores* lane (scan, delete, undo) runs one job at a time, in
order, because each of them reads or writes the browsers' stores: a rescan asked for while a
deletion runs happens after it, so it never shows the stores as they were before. The *side*
lane (export, reveal, previews, an analysis's lists and orders) reads only data already in memory
or private copies, and runs beside it. All bookkeeping (what is queued, what runs, what is
busy) happens on the GUI thread; the worker threads only take a job and hand back its outcome.
"""

from __future__ import annotations

import itertools
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from PySide6.QtCore import QObject, Signal

from inspector.gui.collector import installed


class Lane(Enum):
    STORES = "stores"  # reads or writes the browsers' stores: one at a time, in order
    SIDE = "side"  # works on data in memory or private copies: beside the stores lane


class JobKind(Enum):
    SCAN = "scan"
    DELETE = "delete"
    UNDO = "undo"
    EXPORT = "export"
    REVEAL = "reveal"
    PREVIEW = "preview"
    LISTS = "lists"  # the site list and search keys of an analysis just shown
    SORT = "sort"  # a long list's order by one column
    CLASSIFY = "classify"  # the rest of a scan's cookies, after the first shown

    @property
    def lane(self) -> Lane:
        # classifying reads the values it needs from the stores at its end
        stores = (JobKind.SCAN, JobKind.DELETE, JobKind.UNDO, JobKind.CLASSIFY)
        return Lane.STORES if self in stores else Lane.SIDE


class JobCancelledError(Exception):
    """Raised inside a job by ``JobContext.check`` once the job was cancelled."""


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    total: int
    text: str


class JobContext:
    """What a running job may use: report progress and notice cancellation."""

    def __init__(self, report: Callable[[Progress], None]) -> None:
        self._cancel = threading.Event()
        self._report = report
        self._last = 0.0

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise JobCancelledError

    def progress(self, done: int, total: int, text: str) -> None:
        """Report progress; at most about twenty times a second reach the window."""
        now = time.monotonic()
        if done >= total or now - self._last >= 0.05:
            self._last = now
            self._report(Progress(done, total, text))


_ids = itertools.count(1)


@dataclass(eq=False)
class Job:
    """One piece of background work. ``work`` gets a context and returns the result."""

    kind: JobKind
    work: Callable[[JobContext], object]
    description: str = ""
    id: int = field(default_factory=lambda: next(_ids))

    @property
    def lane(self) -> Lane:
        return self.kind.lane


@dataclass(frozen=True, slots=True)
class Outcome:
    """A finished job: its result, or the exception it raised, or that it was cancelled."""

    job: Job
    result: object = None
    error: BaseException | None = None
    cancelled: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None and not self.cancelled


class _LaneThread:
    """A plain Python thread that runs the jobs handed to it, one at a time."""

    def __init__(self, lane: Lane, deliver: Callable[[Outcome], None]) -> None:
        self._jobs: queue.SimpleQueue[tuple[Job, JobContext] | None] = queue.SimpleQueue()
        self._deliver = deliver
        self._thread = threading.Thread(
            target=self._loop, name=f"cookie-inspector-{lane.value}", daemon=True
        )
        self._thread.start()

    def run(self, job: Job, context: JobContext) -> None:
        self._jobs.put((job, context))

    def stop(self) -> None:
        self._jobs.put(None)

    def join(self, timeout: float) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _loop(self) -> None:
        while True:
            item = self._jobs.get()
            if item is None:
                return
            job, context = item
            start = time.perf_counter()
            try:
                result = job.work(context)
            except JobCancelledError:
                outcome = Outcome(job, cancelled=True)
            except Exception as error:  # handed to the window, which explains it
                outcome = Outcome(job, error=error)
            else:
                outcome = Outcome(job, result, cancelled=context.cancelled)
            self._deliver(
                Outcome(
                    outcome.job,
                    outcome.result,
                    outcome.error,
                    outcome.cancelled,
                    time.perf_counter() - start,
                )
            )
            del item, job, context, outcome  # nothing of the job outlives it on this thread


class JobRunner(QObject):
    """Queues jobs per lane, runs them off the GUI thread, reports on the GUI thread."""

    started = Signal(object)  # Job
    progress = Signal(object, object)  # Job, Progress
    finished = Signal(object)  # Outcome
    busy_changed = Signal()

    # emitted from the worker threads; queued to the runner's own (GUI) thread
    _delivered = Signal(object)
    _progressed = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queued: dict[Lane, deque[Job]] = {lane: deque() for lane in Lane}
        self._running: dict[Lane, tuple[Job, JobContext] | None] = dict.fromkeys(Lane)
        self._threads: dict[Lane, _LaneThread] = {}
        self._closed = False
        self._delivered.connect(self._on_delivered)
        self._progressed.connect(self.progress)

    # ------------------------------------------------------------------ asking
    def submit(self, job: Job, *, coalesce: bool = False) -> Job | None:
        """Queue ``job``. With ``coalesce``, a job of the same kind already waiting (not yet
        started) makes this one unnecessary: that one is returned instead. None once closed."""
        if self._closed:
            return None
        waiting = self._queued[job.lane]
        if coalesce:
            for other in waiting:
                if other.kind is job.kind:
                    return other
        waiting.append(job)
        self._start_next(job.lane)
        self.busy_changed.emit()
        return job

    def cancel(self, kind: JobKind | None = None) -> None:
        """Cancel waiting and running jobs (of one kind, or all). A running job stops at its
        next check; one that cannot stop part-way (a deletion) finishes."""
        for lane in Lane:
            kept = deque(j for j in self._queued[lane] if kind is not None and j.kind is not kind)
            dropped = [j for j in self._queued[lane] if j not in kept]
            self._queued[lane] = kept
            for job in dropped:
                self.finished.emit(Outcome(job, cancelled=True))
            running = self._running[lane]
            if running is not None and (kind is None or running[0].kind is kind):
                running[1].cancel()
        self.busy_changed.emit()

    # ------------------------------------------------------------------ looking
    def is_busy(self, lane: Lane | None = None) -> bool:
        lanes = list(Lane) if lane is None else [lane]
        return any(self._running[one] is not None or self._queued[one] for one in lanes)

    def is_active(self, kind: JobKind) -> bool:
        """A job of this kind runs or waits."""
        running = self._running[kind.lane]
        return (running is not None and running[0].kind is kind) or any(
            job.kind is kind for job in self._queued[kind.lane]
        )

    def running_job(self, lane: Lane) -> Job | None:
        running = self._running[lane]
        return running[0] if running else None

    # ------------------------------------------------------------------ ending
    def shutdown(self, timeout_s: float = 30.0) -> bool:
        """Cancel everything, let running jobs end, stop the threads (the window closes).
        Outcomes still on their way are dropped. True when every thread has stopped."""
        self._closed = True
        self.cancel()
        for thread in self._threads.values():
            thread.stop()
        deadline = time.monotonic() + timeout_s
        stopped = all(
            thread.join(max(0.0, deadline - time.monotonic())) for thread in self._threads.values()
        )
        self._threads.clear()
        return stopped

    # ------------------------------------------------------------------ inside
    def _start_next(self, lane: Lane) -> None:
        if self._running[lane] is not None or not self._queued[lane]:
            return
        job = self._queued[lane].popleft()
        progressed = self._progressed

        def report(progress: Progress, job: Job = job) -> None:
            progressed.emit(job, progress)

        context = JobContext(report)
        self._running[lane] = (job, context)
        thread = self._threads.get(lane)
        if thread is None:
            thread = self._threads[lane] = _LaneThread(lane, self._delivered.emit)
        collector = installed()
        if collector is not None:
            collector.job_started()
        self.started.emit(job)
        thread.run(job, context)

    def _on_delivered(self, outcome: Outcome) -> None:
        lane = outcome.job.lane
        running = self._running[lane]
        if running is not None and running[0] is outcome.job:
            self._running[lane] = None
            collector = installed()
            if collector is not None:
                collector.job_ended()
        if self._closed:
            return
        self.finished.emit(outcome)
        self._start_next(lane)
        self.busy_changed.emit()


__all__ = [
    "Job",
    "JobCancelledError",
    "JobContext",
    "JobKind",
    "JobRunner",
    "Lane",
    "Outcome",
    "Progress",
]
