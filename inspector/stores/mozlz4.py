"""Mozilla's ``mozLz40`` container: an 8-byte magic, a little-endian size, one LZ4 block."""

from __future__ import annotations

import struct
from pathlib import Path

import lz4.block

from inspector.errors import CorruptStoreError, EmptyStoreFileError, NotACookieStoreError
from inspector.i18n import _

MAGIC = b"mozLz40\0"
# A session store is a few MB; refuse to allocate for an absurd declared size.
MAX_SIZE = 512 * 1024 * 1024


def decompress(data: bytes, *, path: Path | str = "<memory>") -> bytes:
    if not data:
        raise EmptyStoreFileError(
            _("{path} is empty.").format(path=path),
            path=path,
            advice=_("Firefox writes it again while it runs."),
        )
    if not data.startswith(MAGIC):
        raise NotACookieStoreError(
            _("{path} is not a Firefox session file (mozLz4).").format(path=path),
            path=path,
            advice=_("Choose sessionstore.jsonlz4 or recovery.jsonlz4."),
        )
    if len(data) < 12:
        raise CorruptStoreError(
            _("{path} is cut short.").format(path=path),
            path=path,
            advice=_("Firefox rewrites it; open and close Firefox."),
        )
    (size,) = struct.unpack_from("<I", data, 8)
    if size > MAX_SIZE:
        raise CorruptStoreError(
            _("{path} declares an impossible size.").format(path=path),
            path=path,
            advice=_("Firefox rewrites it; open and close Firefox."),
        )
    try:
        payload: bytes = lz4.block.decompress(data[12:], uncompressed_size=size)
        return payload
    except (lz4.block.LZ4BlockError, ValueError, MemoryError) as error:
        raise CorruptStoreError(
            _("{path} is damaged ({error}).").format(path=path, error=error),
            path=path,
            advice=_("Firefox rewrites it; open and close Firefox."),
        ) from None


def compress(payload: bytes) -> bytes:
    block: bytes = lz4.block.compress(payload, store_size=False)
    return MAGIC + struct.pack("<I", len(payload)) + block
