"""Python's garbage collector, run only on the GUI thread, for the application's lifetime.

A collection can destroy Qt objects. Started on a worker thread (any allocation there can
start one), it may destroy objects that belong to the GUI thread, and Qt crashes. So, from
the moment the application object exists until it quits, automatic collection is off and a
timer on the GUI thread runs the same generational collections when they are due. Worker
threads never switch the collector on or off (``inspector.speed.collection_paused`` leaves
it alone outside the main thread). When the application quits, automatic collection is
switched back on as it was.

While background jobs run, the timer collects nothing: a worker building an analysis
allocates millions of objects, and collecting them on the GUI thread would freeze the window
for a second. When the last job ends, what it built is frozen (``gc.freeze``): those objects
form no cycles and live until the next analysis replaces them, and refcounting frees them
then; collections after that only look at what is new.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

NAME = "gui-garbage-collector"


class GuiGarbageCollector(QObject):
    INTERVAL_MS = 300

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._was_enabled = gc.isenabled()
        self._jobs = 0
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(self.INTERVAL_MS)
        app.aboutToQuit.connect(self.release)

    def job_started(self) -> None:
        self._jobs += 1

    def job_ended(self) -> None:
        self._jobs = max(0, self._jobs - 1)
        if not self._jobs:
            gc.freeze()

    def check(self) -> None:
        if self._jobs:
            return
        first, second, third = gc.get_threshold()
        young, middle, old = gc.get_count()
        if old > third:
            gc.collect(2)
        elif middle > second:
            gc.collect(1)
        elif young > first:
            gc.collect(0)

    def release(self) -> None:
        """The application quits: the collector goes back to how it was."""
        self.timer.stop()
        if self._was_enabled:
            gc.enable()


def installed() -> GuiGarbageCollector | None:
    """The application's collector, if the window's application installed one."""
    app = QCoreApplication.instance()
    found = app.findChild(GuiGarbageCollector, NAME) if app is not None else None
    return found if isinstance(found, GuiGarbageCollector) else None


def install(app: QCoreApplication) -> GuiGarbageCollector:
    """Once per application object, owned by it (a child QObject found again by name)."""
    found = app.findChild(GuiGarbageCollector, NAME)
    if isinstance(found, GuiGarbageCollector):
        return found
    collector = GuiGarbageCollector(app)
    collector.setObjectName(NAME)
    return collector
