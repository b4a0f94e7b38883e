"""Typed errors. Every error a person can meet names the file and says what to do."""

from __future__ import annotations

from pathlib import Path

from inspector.i18n import _


class InspectorError(Exception):
    """Base of every error this program raises on purpose."""

    def __init__(self, message: str, *, path: Path | str | None = None, advice: str = "") -> None:
        self.path = Path(path) if path is not None else None
        self.advice = advice
        super().__init__(message)

    @property
    def message(self) -> str:
        return str(self.args[0])

    def describe(self) -> str:
        """The whole text for a person: what happened, to which file, what to do."""
        parts = [self.message]
        if self.path is not None and str(self.path) not in self.message:
            parts.append(_("File: {path}").format(path=self.path))
        if self.advice:
            parts.append(self.advice)
        return " ".join(parts)


class StoreError(InspectorError):
    """A cookie store could not be read."""


class StoreMissingError(StoreError):
    """The file is not there (any more)."""


class StorePermissionError(StoreError):
    """The operating system refused access to the file."""


class StoreLockedError(StoreError):
    """Another program holds the file so that it cannot be read or written now."""


class StoreFormatError(StoreError):
    """The file is not a cookie store this program knows, or it is damaged."""


class EmptyStoreFileError(StoreFormatError):
    """The file has zero bytes."""


class CorruptStoreError(StoreFormatError):
    """The file is truncated or corrupt."""


class NotACookieStoreError(StoreFormatError):
    """The file is readable but holds no cookie table."""


class UnsupportedSchemaError(StoreFormatError):
    """A cookie database with a schema version this program does not know."""


class ValueUnavailableError(InspectorError):
    """A cookie's value cannot be decrypted; the cookie itself is still listed."""


class BrowserRunningError(InspectorError):
    """The browser that owns a store is running, so the store must not be written."""


class CatalogueError(InspectorError):
    """A catalogue file is broken; the message names the file and the entry."""


class ConsentFormatError(InspectorError):
    """A consent record's value is malformed or truncated and cannot be decoded."""


def describe_unexpected(error: BaseException) -> str:
    """What to tell a person about an exception no check foresaw (a defect of this program):
    never its traceback or bare repr, always what to do next."""
    return _(
        "Something unexpected went wrong ({kind}); nothing was changed. Try again; if it "
        "happens again, open one cookie file at a time to find the one that causes it, and "
        "report this with that browser's name and version."
    ).format(kind=type(error).__name__)
