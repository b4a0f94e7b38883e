"""Cookie values, read only when asked for.

Firefox and Safari keep values in clear. Chromium encrypts them; ``inspector.keys`` decrypts
them where it can (Linux v10, and v11 with the Secret Service or KWallet; macOS Keychain;
Windows DPAPI). Every value is decrypted on its own, so one that cannot be decrypted (Windows
app-bound ``v20``, a keyring that cannot be reached, a refused Keychain prompt) is reported
with its reason and never hides the others.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from inspector.errors import InspectorError
from inspector.keys import KeyProblem, KeyRing
from inspector.model import Cookie, Family, Source, Store
from inspector.stores import chromium, firefox
from inspector.stores.snapshot import sqlite_snapshot
from inspector.stores.sqlite_errors import explained


@dataclass(frozen=True, slots=True)
class CookieValue:
    value: str | None
    reason: str | None = None  # why the value is unavailable
    problem: KeyProblem | None = None  # when a missing key is why: which problem

    @property
    def available(self) -> bool:
        return self.value is not None


def read_values(
    cookies: Iterable[Cookie], *, allow_keyring: bool = True, keyring: KeyRing | None = None
) -> dict[str, CookieValue]:
    """Values of the given cookies by cookie id; problems become per-cookie reasons.

    With ``allow_keyring=False`` nothing is asked of the system keyring or Keychain (which
    may show a prompt): Chromium values that need it are reported as unavailable. A
    ``keyring`` passed in keeps its answers across calls (forget() makes a retry ask again).
    """
    keyring = keyring or KeyRing(allow_keyring)
    by_store: dict[Store, list[Cookie]] = defaultdict(list)
    values: dict[str, CookieValue] = {}
    decryptors = StoredValues(keyring=keyring)
    for cookie in cookies:
        if cookie.stored_value is not None:  # read with the rest: no second pass over the store
            values[cookie.id] = decryptors.value(cookie)
        else:
            by_store[cookie.store].append(cookie)
    for store, wanted in by_store.items():
        try:
            values.update(_store_values(store, wanted, keyring))
        except InspectorError as error:
            reason = f"The store could not be read: {error.describe()}"
            values.update({cookie.id: CookieValue(None, reason) for cookie in wanted})
    return values


class StoredValues:
    """Values from what the readers kept (:attr:`Cookie.stored_value`), decrypting Chromium's
    with the run's keys, asked for when the first encrypted value needs them."""

    def __init__(self, *, allow_keyring: bool = False, keyring: KeyRing | None = None) -> None:
        self.keyring = keyring or KeyRing(allow_keyring)

    def value(self, cookie: Cookie) -> CookieValue:
        stored = cookie.stored_value
        if stored is None:
            return CookieValue(None, "not read")
        if not isinstance(stored, tuple):
            return CookieValue(_text(stored))
        encrypted, hashed_host = stored
        if not encrypted:
            return CookieValue("")
        store = cookie.store
        version = chromium.HASHED_HOST_VERSION if hashed_host else 0
        opened = self.keyring.open(
            store.browser_id, store.user_data_dir, cookie.host, encrypted, version
        )
        return CookieValue(opened.text, opened.reason, opened.problem)


def _store_values(store: Store, wanted: list[Cookie], keyring: KeyRing) -> dict[str, CookieValue]:
    ids = {cookie.row_key: cookie.id for cookie in wanted if cookie.source is Source.DATABASE}
    found: dict[str, CookieValue] = {}
    if store.family is Family.CHROMIUM:
        found = _chromium_values(store, ids, keyring)
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
    store: Store, ids: dict[tuple[str | int, ...], str], keyring: KeyRing
) -> dict[str, CookieValue]:
    with sqlite_snapshot(store.path) as connection, explained(store.path, store.browser):
        version = chromium.schema_version(connection, store.path)
        columns = {row[1] for row in connection.execute("PRAGMA table_info(cookies)")}
        key = chromium.unique_key(connection, columns)
        encrypted = "encrypted_value" if "encrypted_value" in columns else "X''"  # before 7
        query = f"SELECT {', '.join(key)}, host_key, value, {encrypted} FROM cookies"
        connection.text_factory = bytes
        rows = connection.execute(query).fetchall()
    result = {}
    for row in rows:
        row_key = tuple(_text(part) if isinstance(part, bytes) else part for part in row[:-3])
        cookie_id = ids.get(row_key)
        if cookie_id is None:
            continue
        host, value, sealed = _text(row[-3]), row[-2], row[-1]
        if value or not sealed:
            result[cookie_id] = CookieValue(_text(value))
            continue
        opened = keyring.open(store.browser_id, store.user_data_dir, host, sealed, version)
        result[cookie_id] = CookieValue(opened.text, opened.reason, opened.problem)
    return result
