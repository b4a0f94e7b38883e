"""The Qt this window runs on, for ``cookie-inspector --version`` and bug reports."""

from __future__ import annotations

import PySide6
from PySide6 import QtCore


def qt_versions() -> str:
    return f"PySide6 {PySide6.__version__}, Qt {QtCore.qVersion()}"
