"""The least a ``scan --json`` could do through a vectorised library, as a whole program: the
output of ``e2e_floor.py`` (the same 14 fields per cookie, the same ids), with the per-row
work done by Polars (Rust) over columns that the ADBC SQLite driver (C) reads straight into
Arrow memory. Only the ids stay in Python: they are BLAKE2b digests, which Polars does not
compute, and the program's ids must not change. It classifies nothing either.

Issue 14 asks whether "a vectorised or native path for the per-row work" reaches 0.25× of
browser-cookie3's bare load; ``benchmarks/floor_scan.py`` runs this next to the CPython floor
and the real command when both libraries are installed (they are in the ``test`` extra, for
this benchmark only: the program does not use them). It prints, on standard error, how long
each step took inside the process.

Run: ``python benchmarks/e2e_floor_columnar.py STORE > out.json``.
"""

from __future__ import annotations

import hashlib
import sys
import time

STARTED = time.perf_counter()

import adbc_driver_sqlite.dbapi as adbc  # noqa: E402
import polars as pl  # noqa: E402

CHUNK = 20_000  # rows encoded at a time: the JSON text of one chunk is held, not the whole
_DAY_US = 86_400_000_000


def main(path: str) -> int:
    imported = time.perf_counter()
    query = (
        "SELECT host_key AS host, name, path, creation_utc AS created,"
        " CASE WHEN has_expires THEN expires_utc END AS expires,"
        " last_access_utc AS last_accessed, is_secure AS secure, is_httponly AS http_only,"
        " samesite AS same_site, top_frame_site_key AS partition_key FROM cookies"
    )
    with adbc.connect(f"file:{path}?mode=ro&immutable=1") as connection:
        cursor = connection.cursor()
        cursor.execute(query)
        frame = pl.DataFrame(cursor.fetch_arrow()).rechunk()
        cursor.close()
    read = time.perf_counter()
    ids = _ids(path, frame)
    hashed = time.perf_counter()
    # the "classification": one constant per distinct (host, name, partition), joined back
    keys = frame.select("host", "name", "partition_key").unique()
    shared = keys.with_columns(purpose=pl.lit("unknown"), party=pl.lit("first"))
    frame = frame.with_columns(pl.Series("id", ids, dtype=pl.String)).join(
        shared, on=["host", "name", "partition_key"], how="left", maintain_order="left"
    )
    objects = frame.select(
        pl.struct(
            "id",
            "host",
            "name",
            "path",
            "created",
            "expires",
            "last_accessed",
            pl.col("secure").cast(pl.Boolean),
            pl.col("http_only").cast(pl.Boolean),
            "same_site",
            "partition_key",
            "purpose",
            "party",
            lifetime_days=(pl.col("expires") - pl.col("created")) / _DAY_US,
        ).struct.json_encode()
    ).to_series()
    out = sys.stdout
    out.write('{"cookies":[')
    for start in range(0, len(objects), CHUNK):
        if start:
            out.write(",")
        out.write(objects.slice(start, CHUNK).str.join(",").item())
    out.write("]}\n")
    out.flush()
    done = time.perf_counter()
    print(
        f"imports {imported - STARTED:.3f} s, read {read - imported:.3f} s, "
        f"ids {hashed - read:.3f} s, join and encode and write {done - hashed:.3f} s",
        file=sys.stderr,
    )
    return len(objects)


def _ids(path: str, frame: pl.DataFrame) -> list[str]:
    """The ids ``e2e_floor.py`` (and the program) compute, one digest per row."""
    start = hashlib.blake2b(f"{path}\x1fdatabase\x1f".encode(), digest_size=8)
    ids = []
    append = ids.append
    columns = (frame[name].to_list() for name in ("host", "name", "path", "partition_key"))
    for host, name, cookie_path, partition in zip(*columns, strict=True):
        state = start.copy()
        state.update(f"{host}\x1f{name}\x1f{cookie_path}\x1f{partition}".encode())
        append(state.hexdigest())
    return ids


if __name__ == "__main__":
    main(sys.argv[1])
