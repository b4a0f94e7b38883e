"""The least a ``scan --json`` could do in CPython, as a whole program: read a Chromium
store's rows with ``sqlite3`` and print one JSON object per cookie with 14 fields, its id
hashed as the real one is and its "classification" a constant looked up once per (host,
name, partition). No cookie objects, no classification, no consent decoding, no
contradictions, times printed as integers, nothing decrypted.

``benchmarks/floor_scan.py`` runs it next to browser-cookie3's bare load and the real command;
it is not part of the program. Run: ``python benchmarks/e2e_floor.py STORE > out.json``.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from json.encoder import encode_basestring as quote  # the C function

_COOKIE = (
    '{"id":"%s","host":%s,"name":%s,"path":%s,"created":%d,"expires":%s,"last_accessed":%d,'
    '"secure":%s,"http_only":%s,"same_site":%d,"partition_key":%s,%s,"lifetime_days":%s}'
)
_BOOL = ("false", "true")
_DAY_US = 86_400_000_000


def main(path: str) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    query = (
        "SELECT host_key, name, path, creation_utc, CASE WHEN has_expires THEN expires_utc END,"
        " last_access_utc, is_secure, is_httponly, samesite, top_frame_site_key FROM cookies"
    )
    start = hashlib.blake2b(f"{path}\x1fdatabase\x1f".encode(), digest_size=8)
    shared: dict[tuple[str, str, str], str] = {}
    out: list[str] = []
    append = out.append
    cursor = connection.execute(query)
    while rows := cursor.fetchmany(2000):
        for host, name, cookie_path, created, expires, accessed, secure, http, same, part in rows:
            key = (host, name, part)
            classification = shared.get(key)
            if classification is None:
                classification = shared[key] = '"purpose":"unknown","party":"first"'
            state = start.copy()
            state.update(f"{host}\x1f{name}\x1f{cookie_path}\x1f{part}".encode())
            lifetime = "null" if expires is None else repr((expires - created) / _DAY_US)
            append(
                _COOKIE
                % (
                    state.hexdigest(),
                    quote(host),
                    quote(name),
                    quote(cookie_path),
                    created,
                    "null" if expires is None else str(expires),
                    accessed,
                    _BOOL[bool(secure)],
                    _BOOL[bool(http)],
                    same,
                    quote(part),
                    classification,
                    lifetime,
                )
            )
    sys.stdout.write('{"cookies":[' + ",".join(out) + "]}\n")
    return len(out)


if __name__ == "__main__":
    main(sys.argv[1])
