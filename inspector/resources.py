"""Access to the data files under ``resources/`` from a checkout, a wheel or a bundle."""

from __future__ import annotations

from importlib.resources import as_file, files
from importlib.resources.abc import Traversable


def resource(*parts: str) -> Traversable:
    """A file or folder in the bundled ``resources`` package."""
    node: Traversable = files("inspector_resources")
    for part in parts:
        node = node.joinpath(part)
    return node


__all__ = ["as_file", "resource"]
