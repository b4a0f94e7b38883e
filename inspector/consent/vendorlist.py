"""The TCF vocabulary (resources/consent/tcf.toml): purposes, special features, CMPs, vendors.

The file is validated on load; any problem raises :class:`~inspector.errors.CatalogueError`
naming the file and the entry. The default path is the repository's resources folder; the app
will later pass the path it finds itself.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from inspector.consent.model import Purpose
from inspector.errors import CatalogueError
from inspector.i18n import _

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "resources" / "consent" / "tcf.toml"

_T = TypeVar("_T")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SECTIONS = {"meta", "purpose", "special_feature", "cmp", "vendor"}
_KEYS = {
    "purpose": ({"id", "name", "app_purposes"}, {"refusal_covers"}),
    "special_feature": ({"id", "name"}, set()),
    "cmp": ({"id", "name"}, set()),
    "vendor": ({"id", "name", "organization"}, set()),
}


@dataclass(frozen=True)
class TcfPurposeInfo:
    """A TCF purpose: its plain name, the app purposes it opens, what its refusal closes."""

    id: int
    name: str
    app_purposes: tuple[Purpose, ...]
    refusal_covers: tuple[Purpose, ...] = ()


@dataclass(frozen=True)
class NamedId:
    """A special feature or a CMP: an id and a name."""

    id: int
    name: str


@dataclass(frozen=True)
class VendorInfo:
    """A Global Vendor List entry we are sure of, with its catalogue organization id."""

    id: int
    name: str
    organization: str


@dataclass(frozen=True)
class TcfVocabulary:
    """Everything the decoders need to name TCF ids in plain words."""

    purposes: Mapping[int, TcfPurposeInfo]
    special_features: Mapping[int, NamedId]
    cmps: Mapping[int, NamedId]
    vendors: Mapping[int, VendorInfo]

    def cmp_name(self, cmp_id: int) -> str:
        """The CMP's name, or "CMP <id>" when we do not know it."""
        known = self.cmps.get(cmp_id)
        return known.name if known else f"CMP {cmp_id}"


def load_vocabulary(path: Path | str | None = None) -> TcfVocabulary:
    """Load and validate the vocabulary file (default: the repository's resources folder)."""
    if path is None:
        return _default_vocabulary()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _default_vocabulary() -> TcfVocabulary:
    from inspector.resources import as_file, resource

    with as_file(resource("consent", "tcf.toml")) as path:
        return _load(Path(path))


def _load(path: Path) -> TcfVocabulary:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogueError(
            _("Cannot read the TCF vocabulary {path}: {exc}.").format(
                path=path, exc=exc.strerror or exc
            ),
            path=path,
            advice=_("Reinstall the program to restore its resources folder."),
        ) from exc
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CatalogueError(
            _("The TCF vocabulary {path} is not valid TOML: {exc}.").format(path=path, exc=exc),
            path=path,
        ) from exc
    return _Validator(path).vocabulary(data)


class _Validator:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> CatalogueError:
        return CatalogueError(f"{self.path}: {where}: {problem}.", path=self.path)

    def vocabulary(self, data: dict[str, Any]) -> TcfVocabulary:
        unknown = set(data) - _SECTIONS
        if unknown:
            raise self.fail("top level", f"unknown section(s) {sorted(unknown)}")
        purposes = {p.id: p for p in self._entries(data, "purpose", self._purpose)}
        features = {f.id: f for f in self._entries(data, "special_feature", self._named)}
        cmps = {c.id: c for c in self._entries(data, "cmp", self._named)}
        vendors = {v.id: v for v in self._entries(data, "vendor", self._vendor)}
        if not purposes:
            raise self.fail("[[purpose]]", "no purposes are defined")
        return TcfVocabulary(
            purposes=MappingProxyType(purposes),
            special_features=MappingProxyType(features),
            cmps=MappingProxyType(cmps),
            vendors=MappingProxyType(vendors),
        )

    def _entries(
        self, data: dict[str, Any], section: str, make: Callable[[str, dict[str, Any]], _T]
    ) -> list[_T]:
        raw = data.get(section, [])
        if not isinstance(raw, list):
            raise self.fail(f"[[{section}]]", "must be an array of tables")
        seen: set[int] = set()
        result: list[_T] = []
        for index, entry in enumerate(raw, start=1):
            where = f"[[{section}]] entry #{index}"
            if not isinstance(entry, dict):
                raise self.fail(where, "is not a table")
            required, optional = _KEYS[section]
            missing = required - set(entry)
            extra = set(entry) - required - optional
            if missing:
                raise self.fail(where, f"missing key(s) {sorted(missing)}")
            if extra:
                raise self.fail(where, f"unknown key(s) {sorted(extra)}")
            entry_id = entry["id"]
            if isinstance(entry_id, bool) or not isinstance(entry_id, int) or entry_id < 1:
                raise self.fail(where, "id must be a positive integer")
            where = f"[[{section}]] id {entry_id}"
            if entry_id in seen:
                raise self.fail(where, "the id is defined twice")
            seen.add(entry_id)
            name = entry["name"]
            if not isinstance(name, str) or not name.strip():
                raise self.fail(where, "name must be a non-empty string")
            result.append(make(where, entry))
        return result

    def _purpose(self, where: str, entry: dict[str, Any]) -> TcfPurposeInfo:
        return TcfPurposeInfo(
            id=entry["id"],
            name=entry["name"],
            app_purposes=self._purposes(where, "app_purposes", entry["app_purposes"]),
            refusal_covers=self._purposes(where, "refusal_covers", entry.get("refusal_covers", [])),
        )

    def _purposes(self, where: str, key: str, value: Any) -> tuple[Purpose, ...]:
        allowed = {p.value for p in Purpose}
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(where, f"{key} must be a list of purpose ids")
        wrong = [v for v in value if v not in allowed]
        if wrong:
            raise self.fail(where, f"{key} has unknown purpose id(s) {wrong}")
        return tuple(Purpose(v) for v in value)

    def _named(self, where: str, entry: dict[str, Any]) -> NamedId:
        return NamedId(id=entry["id"], name=entry["name"])

    def _vendor(self, where: str, entry: dict[str, Any]) -> VendorInfo:
        organization = entry["organization"]
        if not isinstance(organization, str) or not _SLUG.fullmatch(organization):
            raise self.fail(where, "organization must be a lowercase a-z0-9- id")
        return VendorInfo(id=entry["id"], name=entry["name"], organization=organization)
