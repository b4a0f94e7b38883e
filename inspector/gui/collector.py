"""Python's garbage collector, run only on the GUI thread.

A collection can destroy Qt objects. Started in a worker thread (any allocation can start
one), it may destroy objects that belong to the GUI thread, and Qt crashes. So automatic
collection is switched off while the window exists, and a timer on the GUI thread runs the
same generational collections when they are due.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

_installed: GuiGarbageCollector | None = None


class GuiGarbageCollector(QObject):
    INTERVAL_MS = 300

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(self.INTERVAL_MS)

    def check(self) -> None:
        first, second, third = gc.get_threshold()
        young, middle, old = gc.get_count()
        if old > third:
            gc.collect(2)
        elif middle > second:
            gc.collect(1)
        elif young > first:
            gc.collect(0)


def install(app: QObject) -> GuiGarbageCollector:
    """Once per process, owned by the application object."""
    global _installed
    if _installed is None:
        _installed = GuiGarbageCollector(app)
    return _installed
