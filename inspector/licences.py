"""The components shipped with Cookie Inspector and their licences (resources/licences/)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from inspector.resources import resource


@dataclass(frozen=True, slots=True)
class Component:
    id: str
    name: str
    version: str
    licence: str
    url: str
    file: str

    def text(self) -> str:
        """The full licence text."""
        return resource("licences", self.file).read_text("utf-8")


def components() -> list[Component]:
    """Every bundled component, as scripts/collect_licences.py recorded them."""
    data = tomllib.loads(resource("licences", "components.toml").read_text("utf-8"))
    return [
        Component(**{key: str(entry[key]) for key in Component.__slots__})
        for entry in data["component"]
    ]


def own_licence() -> str:
    """Cookie Inspector's own licence, GPL-3.0-or-later (the LICENSE file)."""
    return resource("licences", "cookie-inspector.txt").read_text("utf-8")
