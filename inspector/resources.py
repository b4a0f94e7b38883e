"""Access to the data files under ``resources/`` from a checkout, a wheel or a bundle."""

from __future__ import annotations

from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path


def resource(*parts: str) -> Traversable:
    """A file or folder in the bundled ``resources`` package."""
    node: Traversable = files("inspector_resources")
    for part in parts:
        node = node.joinpath(part)
    return node


def locale_dir() -> Path:
    """The folder of gettext catalogues (``locale/<lang>/LC_MESSAGES/*.mo``). Resources are
    installed as plain files (checkout, wheel, PyInstaller bundle), so this is a real path."""
    return Path(str(resource("locale")))


__all__ = ["as_file", "locale_dir", "resource"]
