"""Plain domain types shared by the readers, the classifier, the CLI and the GUI."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from hashlib import blake2b
from operator import itemgetter
from pathlib import Path
from typing import Any

from inspector.timeconv import from_unix_micro


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


# a value as a store keeps it: clear text (bytes when read from SQLite), or Chromium's
# encrypted bytes with whether the plain text starts with a hash of the host (schema 24+)
StoredValue = str | bytes | tuple[bytes, bool]


class SharedKey:
    """A row key told by its parts other than the cookie's host, name and path, which many
    cookies share (a partition, a port, a scheme): the readers hand one object to every
    cookie with the same such parts, and :attr:`Cookie.row_key` puts the key together when
    asked. A tuple per cookie cost about 125 bytes of each cookie's memory."""

    __slots__ = ("_assemble", "_text", "rest")

    def __init__(self, positions: Sequence[int], rest: tuple[Any, ...]) -> None:
        """``positions``: for each part of the key in the store's order, its index in
        ``(host, name, path, *rest)``."""
        self.rest = rest
        self._assemble: Any = _assembler(tuple(positions))
        # the key as :func:`cookie_id` joins it, with holes for host, name and path
        self._text: str | None = (
            "\x1f".join(
                f"{{{at}}}" if at < 3 else str(rest[at - 3]).replace("{", "{{").replace("}", "}}")
                for at in positions
            )
            if positions
            else None
        )

    def key(self, host: str, name: str, path: str) -> tuple[Any, ...]:
        return tuple(self._assemble((host, name, path, *self.rest)))


@lru_cache(maxsize=64)
def _assembler(positions: tuple[int, ...]) -> Any:
    if len(positions) == 1:
        only = positions[0]
        return lambda parts: (parts[only],)
    return itemgetter(*positions)


class Cookie:
    """One cookie row of one store, with the identity needed to find exactly that row again.

    Built for speed (a profile may hold many thousands): times are kept as integer
    microseconds since 1970 and turned into datetimes when asked for; the stable ``id`` is
    computed on first use. Treat instances as immutable.
    """

    __slots__ = (
        "_id",
        "_row_key",
        "container",
        "created_us",
        "expires_us",
        "host",
        "http_only",
        "last_accessed_us",
        "name",
        "origin_attributes",
        "partition_key",
        "path",
        "same_site",
        "secure",
        "source",
        "store",
        "stored_value",
    )

    def __init__(
        self,
        store: Store,
        host: str,
        name: str,
        path: str,
        created_us: int | None,
        expires_us: int | None,
        last_accessed_us: int | None,
        secure: bool,
        http_only: bool,
        same_site: SameSite,
        partition_key: str | None,
        row_key: tuple[str | int, ...] | SharedKey,
        source: Source = Source.DATABASE,
        container: str | None = None,
        origin_attributes: str = "",
        stored_value: StoredValue | None = None,
    ) -> None:
        self.store = store
        self.host = host
        self.name = name
        self.path = path
        self.created_us = created_us  # None when the store does not say
        self.expires_us = expires_us  # None for a session cookie
        self.last_accessed_us = last_accessed_us
        self.secure = secure
        self.http_only = http_only
        self.same_site = same_site
        self.partition_key = partition_key  # top-level site the cookie is partitioned under
        self._row_key = row_key  # the store's unique key columns, in the store's own terms
        self.source = source
        self.container = container  # Firefox container (userContextId), if any
        self.origin_attributes = origin_attributes  # Firefox's raw originAttributes suffix
        # the value as the store keeps it, read in the same query as the rest (None: not read)
        self.stored_value = stored_value
        self._id: str | None = None

    @property
    def row_key(self) -> tuple[str | int, ...]:
        """The store's unique key columns of this row, in the store's own terms."""
        key = self._row_key
        if isinstance(key, SharedKey):
            return key.key(self.host, self.name, self.path)
        return key

    @property
    def id(self) -> str:
        found = self._id
        if found is None:
            key = self._row_key
            # (written out: worked out once per cookie, for every cookie a command shows)
            text = key._text if type(key) is SharedKey else None
            if text is None:
                found = _fast_cookie_id(self.store.path, self.source, self.row_key)
            else:
                state = _id_start(self.store.path, self.source).copy()
                joined = text.format(self.host, self.name, self.path)
                state.update(joined.encode("utf-8", "surrogatepass"))
                found = str(state.hexdigest())
            self._id = found
        return found

    @property
    def created(self) -> datetime | None:
        return from_unix_micro(self.created_us)

    @property
    def expires(self) -> datetime | None:
        return from_unix_micro(self.expires_us)

    @property
    def last_accessed(self) -> datetime | None:
        return from_unix_micro(self.last_accessed_us)

    @property
    def session(self) -> bool:
        return self.expires_us is None

    @property
    def domain(self) -> str:
        """The host without the leading dot of a domain cookie, lower-cased."""
        return self.host.lstrip(".").lower()

    def __repr__(self) -> str:
        return f"Cookie({self.host!r}, {self.name!r}, {self.path!r}, store={self.store.path})"


def cookie_id(store_path: Path | str, source: Source, row_key: Sequence[str | int]) -> str:
    """A short identifier that is stable for the same row of the same store across scans."""
    text = "\x1f".join([str(store_path), source.value, *(str(part) for part in row_key)])
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


@lru_cache(maxsize=256)
def _id_start(store_path: Path, source: Source) -> Any:
    """The hash state after the store's part of the text, made once per store."""
    return blake2b(
        f"{store_path}\x1f{source.value}\x1f".encode("utf-8", "surrogatepass"), digest_size=8
    )


def _fast_cookie_id(store_path: Path, source: Source, row_key: tuple[str | int, ...]) -> str:
    """:func:`cookie_id`, continuing a hash state that already holds the store's part."""
    if not row_key:
        return cookie_id(store_path, source, row_key)
    state = _id_start(store_path, source).copy()
    state.update("\x1f".join(map(str, row_key)).encode("utf-8", "surrogatepass"))
    return str(state.hexdigest())


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
