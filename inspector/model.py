"""Plain domain types shared by the readers, the classifier, the CLI and the GUI."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path


class Family(StrEnum):
    """How a browser stores cookies."""

    CHROMIUM = "chromium"
    FIREFOX = "firefox"
    SAFARI = "safari"


class SameSite(StrEnum):
    UNSPECIFIED = "unspecified"
    NONE = "none"
    LAX = "lax"
    STRICT = "strict"


class Source(StrEnum):
    """Which file of a store a cookie record came from."""

    DATABASE = "database"  # Cookies / cookies.sqlite / Cookies.binarycookies
    SESSION_STORE = "sessionstore"  # Firefox's session store (session cookies only)


@dataclass(frozen=True, slots=True)
class Store:
    """One cookie store: the cookie file of one profile of one browser."""

    browser_id: str  # "chrome", "firefox", ...
    browser: str  # display name, "Google Chrome"
    family: Family
    profile: str  # display name of the profile
    path: Path  # the cookie database file
    profile_dir: Path
    install: str = "native"  # native, snap, flatpak, store
    user_data_dir: Path | None = None  # Chromium: where Local State and SingletonLock live

    @property
    def key(self) -> str:
        return str(self.path)


@dataclass(frozen=True, slots=True)
class Cookie:
    """One cookie row of one store, with the identity needed to find exactly that row again."""

    id: str
    store: Store
    host: str
    name: str
    path: str
    created: datetime | None
    expires: datetime | None  # None for a session cookie
    last_accessed: datetime | None
    secure: bool
    http_only: bool
    same_site: SameSite
    partition_key: str | None  # top-level site the cookie is partitioned under
    row_key: tuple[str | int, ...]  # the store's unique key columns, in the store's own terms
    source: Source = Source.DATABASE
    container: str | None = None  # Firefox container (userContextId), if any
    origin_attributes: str = ""  # Firefox's raw originAttributes suffix

    @property
    def session(self) -> bool:
        return self.expires is None

    @property
    def domain(self) -> str:
        """The host without the leading dot of a domain cookie, lower-cased."""
        return self.host.lstrip(".").lower()


def cookie_id(store_path: Path | str, source: Source, row_key: Sequence[str | int]) -> str:
    """A short identifier that is stable for the same row of the same store across scans."""
    text = "\x1f".join([str(store_path), source.value, *(str(part) for part in row_key)])
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


@dataclass(frozen=True, slots=True)
class StoreResult:
    """What reading one store gave: its cookies, or the error that stopped it."""

    store: Store
    cookies: tuple[Cookie, ...] = ()
    error: str | None = None
    error_type: str | None = None
    warnings: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.error is None
