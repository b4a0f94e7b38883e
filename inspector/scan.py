"""Scanning: read a list of stores, yielding progress so a GUI thread, the CLI and tests can
share one code path."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from inspector.discovery import (
    Found,
    Roots,
    Unreadable,
    discover_all,
    store_for_path,
    unique_stores,
)
from inspector.errors import InspectorError
from inspector.i18n import _
from inspector.model import Cookie, Family, Store, StoreResult
from inspector.stores import read_store


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    total: int
    result: StoreResult


@dataclass(frozen=True, slots=True)
class ScanResult:
    results: tuple[StoreResult, ...]

    @property
    def cookies(self) -> list[Cookie]:
        return [cookie for result in self.results for cookie in result.cookies]

    @property
    def cookie_count(self) -> int:
        """How many cookies, without building the list :attr:`cookies` builds each time."""
        return sum(len(result.cookies) for result in self.results)

    @property
    def failed(self) -> list[StoreResult]:
        return [result for result in self.results if not result.ok]


def iter_scan(stores: Sequence[Store]) -> Iterator[Progress]:
    for index, store in enumerate(stores, start=1):
        yield Progress(index, len(stores), read_store(store))


def scan(stores: Sequence[Store]) -> ScanResult:
    return ScanResult(tuple(progress.result for progress in iter_scan(stores)))


def resolve_stores(
    paths: Iterable[Path | str] = (), roots: Roots | None = None
) -> tuple[list[Store], list[StoreResult]]:
    """Stores for the paths a person named, or every discovered store when none was named.

    A path that cannot be opened becomes a failed result, so the other stores still load.
    """
    paths = list(paths)
    if not paths:
        return _split(discover_all(roots))
    stores: list[Store] = []
    failures: list[StoreResult] = []
    for raw in paths:
        path = Path(raw)
        try:
            found, unreadable = _split(store_for_path(path))
            stores.extend(found)
            failures.extend(unreadable)
        except InspectorError as error:
            placeholder = Store(
                "unknown",
                _("Unknown browser"),
                Family.CHROMIUM,
                path.name or str(path),
                path.absolute(),
                path.absolute().parent,
            )
            failures.append(
                StoreResult(placeholder, error=error.describe(), error_type=type(error).__name__)
            )
    unique, _none = _split(unique_stores(stores))
    return unique, failures


def _split(items: Iterable[Found]) -> tuple[list[Store], list[StoreResult]]:
    stores: list[Store] = []
    failures: list[StoreResult] = []
    for item in items:
        if isinstance(item, Unreadable):
            failures.append(
                StoreResult(
                    item.store, error=item.error.describe(), error_type=type(item.error).__name__
                )
            )
        else:
            stores.append(item)
    return stores, failures
