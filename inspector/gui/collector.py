"""Python's garbage collector, run only on the GUI thread, for the application's lifetime.

A collection can destroy Qt objects. Started on a worker thread (any allocation there can
start one), it may destroy objects that belong to the GUI thread, and Qt crashes. So, from
the moment the application object exists until it quits, automatic collection is off and a
timer on the GUI thread runs the same generational collections when they are due. Worker
threads never switch the collector on or off (``inspector.speed.collection_paused`` leaves
it alone outside the main thread). When the application quits, automatic collection is
switched back on as it was.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer


class GuiGarbageCollector(QObject):
    INTERVAL_MS = 300

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(self.INTERVAL_MS)
        app.aboutToQuit.connect(self.release)

    def check(self) -> None:
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


def install(app: QCoreApplication) -> GuiGarbageCollector:
    """Once per application object, owned by it (a child QObject found again by name)."""
    found = app.findChild(GuiGarbageCollector, "gui-garbage-collector")
    if isinstance(found, GuiGarbageCollector):
        return found
    collector = GuiGarbageCollector(app)
    collector.setObjectName("gui-garbage-collector")
    return collector
