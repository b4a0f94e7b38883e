"""Decrypting one Chromium cookie value, given the keys (no I/O, no system calls).

What Chromium writes (components/os_crypt, net/extras/sqlite/sqlite_persistent_cookie_store.cc):

* Linux: ``v10`` = AES-128-CBC with the key derived from the fixed password "peanuts";
  ``v11`` = the same with the password kept in the Secret Service or KWallet. Key =
  PBKDF2-HMAC-SHA1(password, "saltysalt", 1 iteration, 16 bytes), IV = 16 spaces, PKCS#7.
* macOS: ``v10`` = AES-128-CBC with the Keychain's "<Browser> Safe Storage" password,
  1003 iterations.
* Windows: ``v10`` (and ``v11``) = AES-256-GCM with the key in ``Local State``
  (``os_crypt.encrypted_key``, protected with DPAPI): 12-byte nonce, ciphertext, 16-byte tag.
  No prefix = the whole value is a DPAPI blob (before Chrome 80). ``v20`` = app-bound
  encryption (Chrome 127+), which only the browser's elevated service can undo.
* Meta version 24 and later put SHA-256(host_key) before the plaintext.
"""

from __future__ import annotations

import hashlib
import sys
import threading
from collections.abc import Callable
from enum import StrEnum
from functools import lru_cache
from typing import Any

from inspector.i18n import _

SALT = b"saltysalt"
CBC_IV = b" " * 16
LINUX_FIXED_PASSWORD = b"peanuts"
LINUX_ITERATIONS = 1
MACOS_ITERATIONS = 1003
HOST_HASH_VERSION = 24
DPAPI_BLOB_PREFIX = b"\x01\x00\x00\x00\xd0\x8c\x9d\xdf"


class Scheme(StrEnum):
    """How one value is encrypted, from its first bytes."""

    PLAIN = "plain"  # the value column holds it
    V10 = "v10"
    V11 = "v11"
    V20 = "v20"  # Windows app-bound
    DPAPI = "dpapi"  # Windows before Chrome 80
    UNKNOWN = "unknown"


def scheme_of(encrypted: bytes) -> Scheme:
    prefix = bytes(encrypted[:3])
    for scheme in (Scheme.V10, Scheme.V11, Scheme.V20):
        if prefix == scheme.value.encode():
            return scheme
    if bytes(encrypted[: len(DPAPI_BLOB_PREFIX)]) == DPAPI_BLOB_PREFIX:
        return Scheme.DPAPI
    return Scheme.UNKNOWN


@lru_cache(maxsize=8)
def cbc_key(password: bytes, iterations: int = LINUX_ITERATIONS) -> bytes:
    """The AES-128 key Chromium derives from a password on Linux and macOS. Remembered: it is
    asked for once per encrypted value, and on macOS (1003 rounds) deriving it again would
    cost about 0.8 ms a cookie."""
    return hashlib.pbkdf2_hmac("sha1", password, SALT, iterations, 16)


_LOADING = threading.Lock()


def aes() -> Any:
    """Cryptodome's AES module, imported on the first encrypted value.

    Cryptodome reaches its compiled ciphers through cffi when cffi is installed, and through
    ctypes otherwise; both are supported. With cffi it first parses the C declarations of
    every library it opens (pycparser), which cost more than all the rest of a warm scan of a
    small store; ctypes only opens them, and a decryption call takes as long either way
    (about 2 µs for a value, measured with both). So unless something in this process
    already uses cffi, Cryptodome is imported with cffi out of its sight."""
    module = sys.modules.get("Cryptodome.Cipher.AES")
    if module is not None:
        return module
    with _LOADING:
        hidden = "cffi" not in sys.modules
        if hidden:
            sys.modules["cffi"] = None  # type: ignore[assignment]  # "import cffi" now fails
        try:
            from Cryptodome.Cipher import AES
        finally:
            if hidden and sys.modules.get("cffi", 0) is None:
                del sys.modules["cffi"]
    return AES


class DecryptionError(Exception):
    """This key does not open this value (wrong key, damaged value)."""


@lru_cache(maxsize=8)
def _block_decryptor(key: bytes) -> Callable[[bytes], bytes]:
    """The raw AES block decryption (ECB) for ``key``: it keeps no state between calls, so
    one serves every value of a run; setting up a CBC cipher per value cost more than the
    decryption itself."""
    decrypt: Callable[[bytes], bytes] = aes().new(key, aes().MODE_ECB).decrypt
    return decrypt


def decrypt_cbc(key: bytes, encrypted: bytes) -> bytes:
    """A ``v10``/``v11`` value of Linux or macOS, without its prefix removed yet.

    CBC by its definition: each block's raw decryption XOR the block before it (the IV for
    the first), the blocks decrypted together in one call."""
    body = bytes(encrypted[3:])
    if not body or len(body) % 16:
        raise DecryptionError(_("the value is not a whole number of AES blocks"))
    raw = _block_decryptor(key)(body)
    chained = CBC_IV + body[:-16]
    plain = (int.from_bytes(raw, "big") ^ int.from_bytes(chained, "big")).to_bytes(len(raw), "big")
    pad = plain[-1]
    if not 1 <= pad <= 16 or plain[-pad:] != bytes([pad]) * pad:
        raise DecryptionError(_("the padding is wrong: not this key"))
    return plain[:-pad]


def decrypt_gcm(key: bytes, encrypted: bytes) -> bytes:
    """A ``v10``/``v11`` value of Windows: nonce, ciphertext, tag."""
    AES = aes()  # noqa: N806 - the module's own name

    body = bytes(encrypted[3:])
    if len(body) < 12 + 16:
        raise DecryptionError(_("the value is too short for AES-GCM"))
    nonce, ciphertext, tag = body[:12], body[12:-16], body[-16:]
    try:
        plain: bytes = AES.new(key, AES.MODE_GCM, nonce=nonce).decrypt_and_verify(ciphertext, tag)
    except ValueError as error:
        raise DecryptionError(_("the authentication tag does not match: not this key")) from error
    return plain


def strip_host_hash(plain: bytes, host: str, version: int) -> bytes:
    """Remove the SHA-256 of the host that version 24 and later put before the value."""
    if version >= HOST_HASH_VERSION and plain[:32] == hashlib.sha256(host.encode()).digest():
        return plain[32:]
    return plain


def as_text(plain: bytes) -> str:
    return plain.decode("utf-8", errors="replace")
