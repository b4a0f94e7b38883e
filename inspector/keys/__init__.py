"""Chromium's value keys, from wherever the system keeps them, asked for at most once per
browser and per run, and only when allowed (the keyring and Keychain may show a prompt).

This package owns the decryption step; browser-cookie3 is no longer needed for it (a contract
test checks both give the same values: tests/unit/test_keys.py, tests/e2e/test_keyring.py).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from inspector.keys import crypto
from inspector.keys.crypto import DecryptionError, Scheme
from inspector.keys.problems import KeyProblem, KeyUnavailableError, describe

__all__ = ["KeyProblem", "KeyRing", "Opened", "describe"]


@dataclass(frozen=True, slots=True)
class Opened:
    """One value: its text, or why it cannot be shown."""

    text: str | None
    problem: KeyProblem | None = None
    reason: str | None = None


@dataclass
class KeyRing:
    """The keys of every browser met in one run (a cache with the answers, never global)."""

    allow_keyring: bool
    platform: str = sys.platform
    _passwords: dict[str, bytes | KeyUnavailableError] = field(default_factory=dict)
    _aes: dict[Path | None, bytes | KeyUnavailableError] = field(default_factory=dict)

    def open(
        self,
        browser_id: str,
        user_data_dir: Path | None,
        host: str,
        encrypted: object,  # bytes from the store; SQLite may hold any type there
        version: int,
    ) -> Opened:
        if isinstance(encrypted, str):  # SQLite keeps what it was given: read it as Chromium does
            encrypted = encrypted.encode("utf-8", "surrogateescape")
        elif not isinstance(encrypted, bytes | bytearray | memoryview):
            return Opened(None, KeyProblem.UNSUPPORTED, describe(KeyProblem.UNSUPPORTED))
        sealed = bytes(encrypted)
        scheme = crypto.scheme_of(sealed)
        try:
            plain = self._decrypt(browser_id, user_data_dir, scheme, sealed)
        except KeyUnavailableError as error:
            return Opened(None, error.problem, describe(error.problem))
        except DecryptionError:
            return Opened(None, KeyProblem.FAILED, _wrong_key(scheme))
        return Opened(crypto.as_text(crypto.strip_host_hash(plain, host, version)))

    def _decrypt(
        self, browser_id: str, user_data_dir: Path | None, scheme: Scheme, encrypted: bytes
    ) -> bytes:
        if scheme is Scheme.V20:
            raise KeyUnavailableError(KeyProblem.APP_BOUND)
        if self.platform == "win32":
            return self._windows(user_data_dir, scheme, encrypted)
        if scheme is Scheme.V10 and self.platform.startswith("linux"):
            return crypto.decrypt_cbc(crypto.cbc_key(crypto.LINUX_FIXED_PASSWORD), encrypted)
        if scheme not in (Scheme.V10, Scheme.V11):
            raise KeyUnavailableError(KeyProblem.UNSUPPORTED)
        password = self._password(browser_id)
        if self.platform == "darwin":
            return crypto.decrypt_cbc(crypto.cbc_key(password, crypto.MACOS_ITERATIONS), encrypted)
        try:
            return crypto.decrypt_cbc(crypto.cbc_key(password), encrypted)
        except DecryptionError:
            # Chromium used an empty password when the keyring handed out an empty one
            return crypto.decrypt_cbc(crypto.cbc_key(b""), encrypted)

    def _password(self, browser_id: str) -> bytes:
        if not self.allow_keyring:
            raise KeyUnavailableError(KeyProblem.NOT_ASKED)
        known = self._passwords.get(browser_id)
        if known is None:
            try:
                if self.platform == "darwin":
                    from inspector.keys import macos

                    known = macos.password(browser_id)
                else:
                    from inspector.keys import linux

                    known = linux.password(browser_id)
            except KeyUnavailableError as error:
                known = error
            self._passwords[browser_id] = known
        if isinstance(known, KeyUnavailableError):
            raise known
        return known

    def _windows(self, user_data_dir: Path | None, scheme: Scheme, encrypted: bytes) -> bytes:
        from inspector.keys import windows

        if scheme is Scheme.DPAPI:
            return windows.unprotect(encrypted)
        if scheme not in (Scheme.V10, Scheme.V11):
            raise KeyUnavailableError(KeyProblem.UNSUPPORTED)
        key = self._aes.get(user_data_dir)
        if key is None:
            state = user_data_dir / "Local State" if user_data_dir else None
            try:
                key = windows.aes_key(state if state and state.is_file() else None)
            except KeyUnavailableError as error:
                key = error
            self._aes[user_data_dir] = key
        if isinstance(key, KeyUnavailableError):
            raise key
        return crypto.decrypt_gcm(key, encrypted)

    def forget(self) -> None:
        """Drop every answer, so that a retry asks again."""
        self._passwords.clear()
        self._aes.clear()


def _wrong_key(scheme: Scheme) -> str:
    from inspector.i18n import _

    if scheme is Scheme.V11:
        return _(
            "This value is encrypted with a key kept in the system keyring, and the key the "
            "keyring gave out does not open it."
        )
    return _("This value could not be decrypted with the browser's key.")
