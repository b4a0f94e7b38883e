"""Cookie values, read only when asked for.

Firefox and Safari keep values in clear. Chromium encrypts them; browser-cookie3 decrypts
them where it can (Linux v10/v11 with the keyring, macOS Keychain, Windows DPAPI). Every
value is decrypted on its own, so one that cannot be decrypted (Windows app-bound ``v20``, a
keyring that cannot be reached, a refused Keychain prompt) is reported with its reason and
never hides the others.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from inspector.errors import InspectorError
from inspector.model import Cookie, Family, Source, Store
from inspector.stores import chromium, firefox
from inspector.stores.snapshot import sqlite_snapshot
from inspector.stores.sqlite_errors import explained


@dataclass(frozen=True, slots=True)
class CookieValue:
    value: str | None
    reason: str | None = None  # why the value is unavailable

    @property
    def available(self) -> bool:
        return self.value is not None


def read_values(cookies: Iterable[Cookie], *, allow_keyring: bool = True) -> dict[str, CookieValue]:
    """Values of the given cookies by cookie id; problems become per-cookie reasons.

    With ``allow_keyring=False`` nothing is asked of the system keyring or Keychain (which
    may show a prompt): Chromium values that need it are reported as unavailable.
    """
    by_store: dict[Store, list[Cookie]] = defaultdict(list)
    values: dict[str, CookieValue] = {}
    decryptors = StoredValues(allow_keyring=allow_keyring)
    for cookie in cookies:
        if cookie.stored_value is not None:  # read with the rest: no second pass over the store
            values[cookie.id] = decryptors.value(cookie)
        else:
            by_store[cookie.store].append(cookie)
    for store, wanted in by_store.items():
        try:
            values.update(_store_values(store, wanted, allow_keyring))
        except InspectorError as error:
            reason = f"The store could not be read: {error.describe()}"
            values.update({cookie.id: CookieValue(None, reason) for cookie in wanted})
    return values


class StoredValues:
    """Values from what the readers kept (:attr:`Cookie.stored_value`), decrypting Chromium's
    with one decryptor per store, made when the first encrypted value needs it."""

    def __init__(self, *, allow_keyring: bool) -> None:
        self.allow_keyring = allow_keyring
        self._decryptors: dict[tuple[Store, bool], ChromiumDecryptor] = {}

    def value(self, cookie: Cookie) -> CookieValue:
        stored = cookie.stored_value
        if stored is None:
            return CookieValue(None, "not read")
        if not isinstance(stored, tuple):
            return CookieValue(_text(stored))
        encrypted, hashed_host = stored
        key = (cookie.store, hashed_host)
        decryptor = self._decryptors.get(key)
        if decryptor is None:
            decryptor = self._decryptors[key] = ChromiumDecryptor(
                cookie.store, hashed_host=hashed_host, allow_keyring=self.allow_keyring
            )
        return decryptor.decrypt(b"", encrypted)


def _store_values(
    store: Store, wanted: list[Cookie], allow_keyring: bool
) -> dict[str, CookieValue]:
    ids = {cookie.row_key: cookie.id for cookie in wanted if cookie.source is Source.DATABASE}
    found: dict[str, CookieValue] = {}
    if store.family is Family.CHROMIUM:
        found = _chromium_values(store, ids, allow_keyring)
    elif store.family is Family.FIREFOX:
        found = {} if firefox.is_session_file(store.path) else _firefox_values(store, ids)
        session = {c.row_key: c.id for c in wanted if c.source is Source.SESSION_STORE}
        if session:
            found.update(_session_values(store, session))
    else:
        found = _safari_values(store, ids)
    gone = CookieValue(None, "The cookie is no longer in the store; scan again.")
    return {cookie.id: found.get(cookie.id, gone) for cookie in wanted}


def _firefox_values(store: Store, ids: dict[tuple[str | int, ...], str]) -> dict[str, CookieValue]:
    with sqlite_snapshot(store.path) as connection, explained(store.path, store.browser):
        columns = {row[1] for row in connection.execute("PRAGMA table_info(moz_cookies)")}
        key = firefox.unique_key(columns)
        query = f"SELECT {', '.join(key)}, value FROM moz_cookies"
        connection.text_factory = _replacing  # one value that is not UTF-8 costs itself only
        rows = connection.execute(query).fetchall()
    result = {}
    for *row_key, value in rows:
        cookie_id = ids.get(tuple(row_key))
        if cookie_id is not None:
            result[cookie_id] = CookieValue(_text(value))
    return result


def _session_values(store: Store, ids: dict[tuple[str | int, ...], str]) -> dict[str, CookieValue]:
    from inspector.stores import origin_attributes

    path = firefox.session_file_of(store)
    if path is None:
        return {}
    result = {}
    for entry in firefox.load_session(path):
        name, host, cookie_path = entry.get("name"), entry.get("host"), entry.get("path")
        if not (isinstance(name, str) and isinstance(host, str)):
            continue  # such an entry was never listed
        cookie_path = cookie_path if isinstance(cookie_path, str) else "/"
        key = (name, host, cookie_path, origin_attributes.to_suffix(entry.get("originAttributes")))
        cookie_id = ids.get(key)
        if cookie_id is not None:
            result[cookie_id] = CookieValue(_text(entry.get("value", "")))
    return result


def _safari_values(store: Store, ids: dict[tuple[str | int, ...], str]) -> dict[str, CookieValue]:
    from inspector.stores import safari

    result = {}
    for record in safari.read_file(store).records():
        cookie_id = ids.get((record.domain, record.name, record.path))
        if cookie_id is not None:
            result[cookie_id] = CookieValue(record.display_value)
    return result


def _replacing(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    text = "" if value is None else str(value)
    # a lone surrogate (JSON's "\\ud800") cannot be printed or saved: show U+FFFD instead
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _chromium_values(
    store: Store, ids: dict[tuple[str | int, ...], str], allow_keyring: bool
) -> dict[str, CookieValue]:
    with sqlite_snapshot(store.path) as connection, explained(store.path, store.browser):
        version = chromium.schema_version(connection, store.path)
        columns = {row[1] for row in connection.execute("PRAGMA table_info(cookies)")}
        key = chromium.unique_key(connection, columns)
        encrypted = "encrypted_value" if "encrypted_value" in columns else "X''"  # before 7
        query = f"SELECT {', '.join(key)}, value, {encrypted} FROM cookies"
        connection.text_factory = bytes
        rows = connection.execute(query).fetchall()
    decryptor = ChromiumDecryptor(store, hashed_host=version >= 24, allow_keyring=allow_keyring)
    result = {}
    for row in rows:
        row_key = tuple(_text(part) if isinstance(part, bytes) else part for part in row[:-2])
        cookie_id = ids.get(row_key)
        if cookie_id is not None:
            result[cookie_id] = decryptor.decrypt(row[-2], row[-1])
    return result


_BC3_CLASSES = {
    "chrome": "Chrome",
    "chromium": "Chromium",
    "edge": "Edge",
    "brave": "Brave",
    "opera": "Opera",
    "opera-gx": "OperaGX",
    "vivaldi": "Vivaldi",
}
KEYRING_NOT_ASKED = (
    "This value is encrypted with a key kept in the system keyring (or macOS Keychain), which "
    "was not asked for it. Use 'Show values' (or --decrypt) to allow that; your system may ask "
    "for your permission."
)
V20_REASON = (
    "Chrome protects this value with app-bound encryption (v20), which only the browser "
    "itself can undo. The cookie is listed; its value cannot be shown."
)


class ChromiumDecryptor:
    """Per-value decryption through browser-cookie3, degrading to reasons instead of failing."""

    def __init__(self, store: Store, *, hashed_host: bool, allow_keyring: bool = True) -> None:
        self._hashed_host = hashed_host
        self._setup_problem: str | None = None
        self._backend: Any = None
        if not allow_keyring and sys.platform != "win32":
            self._setup_problem = KEYRING_NOT_ASKED
            self._backend = self._basic_backend(store)
            return
        try:
            self._backend = self._make_backend(store)
        except Exception as error:  # browser-cookie3 raises many kinds; none may escape
            self._setup_problem = _setup_reason(error)
            self._backend = self._basic_backend(store)

    @staticmethod
    def _make_backend(store: Store) -> Any:
        import browser_cookie3

        cls = getattr(browser_cookie3, _BC3_CLASSES.get(store.browser_id, "Chromium"))
        key_file = store.user_data_dir / "Local State" if store.user_data_dir else None
        key = str(key_file) if key_file and key_file.is_file() else None
        return cls(cookie_file=str(store.path), key_file=key)

    @staticmethod
    def _basic_backend(store: Store) -> Any:
        """The keyring-less key Chromium itself uses on Linux when no keyring is available."""
        if not sys.platform.startswith("linux"):
            return None
        import browser_cookie3

        cls = getattr(browser_cookie3, _BC3_CLASSES.get(store.browser_id, "Chromium"))
        backend = cls.__new__(cls)
        backend.salt, backend.iv, backend.length = b"saltysalt", b" " * 16, 16
        basic = browser_cookie3.PBKDF2(
            browser_cookie3.CHROMIUM_DEFAULT_PASSWORD, backend.salt, backend.length, 1
        )
        backend.v10_key = basic
        backend.v11_key = backend.v11_empty_key = browser_cookie3.PBKDF2(
            b"", backend.salt, backend.length, 1
        )
        return backend

    def decrypt(self, value: bytes, encrypted: bytes) -> CookieValue:
        if value:
            return CookieValue(_text(value))
        if not encrypted:
            return CookieValue("")
        prefix = encrypted[:3]
        if prefix == b"v20":
            return CookieValue(None, V20_REASON)
        if self._backend is None:
            return CookieValue(None, self._setup_problem or "No decryption key is available.")
        try:
            plain = self._backend._decrypt(value, encrypted, self._hashed_host)
        except Exception:  # wrong key, bad padding, keyring refusal: this value only
            return CookieValue(None, self._value_reason(prefix))
        if isinstance(plain, bytes):
            plain = plain.decode("utf-8", errors="replace")
        return CookieValue(str(plain))

    def _value_reason(self, prefix: bytes) -> str:
        if self._setup_problem and (prefix == b"v11" or self._backend is None):
            return self._setup_problem
        if prefix == b"v11":
            return (
                "This value is encrypted with a key kept in the system keyring, and the "
                "keyring did not give it out."
            )
        return "This value could not be decrypted with the browser's key."


def _setup_reason(error: Exception) -> str:
    if isinstance(error, KeyError) and "DBUS" in str(error):
        return (
            "The system keyring could not be reached (there is no D-Bus session), so "
            "values encrypted with its key cannot be shown."
        )
    if sys.platform == "darwin":
        return (
            "The macOS Keychain did not give out the browser's key (the prompt may have "
            "been refused)."
        )
    return f"The browser's decryption key could not be obtained ({type(error).__name__})."
