"""Readers of the browsers' own cookie stores. Reading never changes a store."""

from __future__ import annotations

from collections.abc import Callable

from inspector.errors import InspectorError, StoreLockedError
from inspector.i18n import _
from inspector.model import Cookie, Family, Store, StoreResult
from inspector.speed import collection_paused

Reader = Callable[[Store], tuple[list[Cookie], list[str]]]
# Windows' ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION: another program holds the file open
# exclusively (Chrome and Edge do so with Cookies while they, or their background process, run)
WINDOWS_LOCK_ERRORS = (32, 33)


def held_by_browser(store: Store) -> StoreLockedError:
    """The typed error for a store that its browser holds open exclusively (Windows)."""
    return StoreLockedError(
        _("{browser} holds {path} open while it runs, so it cannot be read now.").format(
            browser=store.browser, path=store.path
        ),
        path=store.path,
        advice=_(
            "Close {browser} (and, in its settings, turn off 'Continue running background "
            "apps when closed'); the window reads the store by itself as soon as it is free."
        ).format(browser=store.browser),
    )


FirstReader = Callable[[Store, int | None], tuple[list[Cookie], list[str], int | None]]


def _first_reader(family: Family) -> FirstReader | None:
    """The reader that can stop after a store's first rows (SQLite stores)."""
    if family is Family.CHROMIUM:
        from inspector.stores import chromium

        return chromium.read_first
    if family is Family.FIREFOX:
        from inspector.stores import firefox

        return firefox.read_first
    return None


def _reader(family: Family) -> Reader:
    if family is Family.CHROMIUM:
        from inspector.stores import chromium

        return chromium.read
    if family is Family.FIREFOX:
        from inspector.stores import firefox

        return firefox.read
    from inspector.stores import safari

    return safari.read


def read_store(store: Store) -> StoreResult:
    """Read one store; a failure becomes the result's error, never an exception."""
    return read_first_rows(store, None)[0]


def read_first_rows(store: Store, limit: int | None) -> tuple[StoreResult, int | None]:
    """:func:`read_store`, stopping after ``limit`` cookies where the store's reader can
    (SQLite stores); the second part is how many rows the store holds when the result is
    only its first rows, None when the result is the whole store (what ``read_store``
    gives)."""
    rows = None
    try:
        with collection_paused():
            first = _first_reader(store.family) if limit is not None else None
            if first is not None:
                cookies, warnings, rows = first(store, limit)
            else:
                cookies, warnings = _reader(store.family)(store)
    except InspectorError as error:
        return StoreResult(store, error=error.describe(), error_type=type(error).__name__), None
    except OSError as error:
        if getattr(error, "winerror", None) in WINDOWS_LOCK_ERRORS:
            locked = held_by_browser(store)
            failed = StoreResult(store, error=locked.describe(), error_type=type(locked).__name__)
            return failed, None
        message = _("{path} could not be read ({reason}).").format(
            path=store.path, reason=error.strerror or error
        )
        return StoreResult(store, error=message, error_type="StoreError"), None
    except Exception as error:
        return StoreResult(store, error=unexpected(store, error), error_type="StoreError"), None
    return StoreResult(store, tuple(cookies), warnings=tuple(warnings)), rows


def unexpected(store: Store, error: BaseException) -> str:
    """What to say when a store fails in a way no check foresaw (a defect of this program)."""
    return _(
        "{path} could not be read: it holds something Cookie Inspector did not expect "
        "({kind}). The other stores were read. Please report this, with the browser's name "
        "and version, at the project's issue tracker."
    ).format(path=store.path, kind=type(error).__name__)
