"""Numbers and text as the person's locale writes them (thousands separators)."""

from __future__ import annotations

from PySide6.QtCore import QLocale


def number(value: int) -> str:
    """66651 → "66,651" in English, "66 651" in French."""
    return QLocale().toString(value)
