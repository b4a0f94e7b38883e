"""Windows: the AES key in ``Local State`` (protected with DPAPI for the signed-in user) and
DPAPI itself for values written before Chrome 80. Needs no administrator rights; app-bound
``v20`` values are out of reach by design (see inspector/keys/crypto.py)."""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

from inspector.keys.problems import KeyProblem, KeyUnavailableError

DPAPI_PREFIX = b"DPAPI"


def aes_key(local_state: Path | None) -> bytes:
    """The AES-256-GCM key of a user-data folder."""
    if local_state is None:
        raise KeyUnavailableError(KeyProblem.NOT_FOUND)
    try:
        state = json.loads(local_state.read_text("utf-8"))
        wrapped = base64.b64decode(state["os_crypt"]["encrypted_key"])
    except (OSError, ValueError, KeyError, TypeError):
        raise KeyUnavailableError(KeyProblem.NOT_FOUND) from None
    if not wrapped.startswith(DPAPI_PREFIX):
        raise KeyUnavailableError(KeyProblem.UNSUPPORTED)
    return unprotect(wrapped[len(DPAPI_PREFIX) :])


def unprotect(blob: bytes) -> bytes:
    """CryptUnprotectData for the current user (no prompt, no administrator rights)."""
    if sys.platform == "win32":
        return _crypt_unprotect(blob)
    raise KeyUnavailableError(KeyProblem.UNSUPPORTED)


if sys.platform == "win32":

    def _crypt_unprotect(blob: bytes) -> bytes:
        import ctypes
        from ctypes import wintypes

        class Blob(ctypes.Structure):
            _fields_ = [("size", wintypes.DWORD), ("data", ctypes.POINTER(ctypes.c_char))]

        buffer = ctypes.create_string_buffer(blob, len(blob))
        source = Blob(len(blob), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char)))
        target = Blob()
        crypt32 = ctypes.windll.crypt32
        kernel32 = ctypes.windll.kernel32
        if not crypt32.CryptUnprotectData(
            ctypes.byref(source), None, None, None, None, 0, ctypes.byref(target)
        ):
            raise KeyUnavailableError(KeyProblem.FAILED, "CryptUnprotectData")
        try:
            return ctypes.string_at(target.data, target.size)
        finally:
            kernel32.LocalFree(target.data)
