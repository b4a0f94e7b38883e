"""Access to the data files under ``resources/`` from a checkout, a wheel or a bundle.

They are installed as plain files in every case (checkout, wheel, PyInstaller bundle), so a
resource is a real path under the ``inspector_resources`` package's folder. That is found
from the package itself rather than through ``importlib.resources``, whose import (temporary
files, zip archives) every command would otherwise pay before its first line of work.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.resources import as_file
    from importlib.resources.abc import Traversable

_ROOT = Path(import_module("inspector_resources").__path__[0])


def resource(*parts: str) -> Traversable:
    """A file or folder in the bundled ``resources`` package."""
    return _ROOT.joinpath(*parts)


def locale_dir() -> Path:
    """The folder of gettext catalogues (``locale/<lang>/LC_MESSAGES/*.mo``)."""
    return _ROOT / "locale"


def __getattr__(name: str) -> Any:
    if name == "as_file":  # for a path, the path itself: kept for the callers that use it
        from importlib.resources import as_file

        return as_file
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["as_file", "locale_dir", "resource"]
