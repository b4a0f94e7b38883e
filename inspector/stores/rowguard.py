"""One bad row costs that row, never its store.

SQLite does not enforce column types and the browsers' schemas allow NULL in columns a
reader needs, so a damaged or crafted store can hold a NULL or BLOB host, a REAL or
out-of-range time, text where a number belongs, or bytes that are not UTF-8. The guards
are cheap because most of them run inside SQLite:

* ``text(column)`` and ``time_us(column, ...)`` are SQL expressions that turn a value of
  the wrong type, or a time outside the years 1970..9999, into NULL: the cookie is listed
  with that field blank.
* ``readable(requirements)`` is the WHERE clause that leaves out rows whose identity
  columns (host, name, path) are not text; ``skipped_warnings`` counts them by reason, with one
  extra query only when rows are missing.
* ``fetch`` converts rows batch by batch with the reader's own fast loop; only a batch in
  which a conversion raises is converted again row by row, leaving out the bad rows. Text
  that is not UTF-8 (which makes Python's sqlite3 raise for the whole query) switches the
  query to bytes, and rows whose text cannot be decoded are left out and counted.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from operator import itemgetter
from typing import Any

from inspector.i18n import N_, _, ngettext
from inspector.model import SharedKey

#: 9999-12-31T23:59:59Z in microseconds since 1970, the latest time a datetime can hold.
MAX_UNIX_US = 253_402_300_799_000_000
_BATCH = 2048

Row = tuple[Any, ...]
Convert = Callable[[Iterable[Row]], Iterator[Any]]


def shared_key_columns(
    selected: list[str], key: tuple[str, ...], identity: Mapping[int, int]
) -> tuple[list[str], Callable[[Row], SharedKey]]:
    """The unique-key columns still to select after ``selected``, and a function that gives
    each row its key. The readers keep each cookie's host, name and path as the row has
    them: ``identity`` maps the positions in ``selected`` of those three columns to
    0 (host), 1 (name) and 2 (path). The function returned gives each row a
    :class:`SharedKey` holding only the key's other parts, one object per distinct such
    parts (the reader keeps it for the whole read). Parts equal in value but not in type
    (1 and 1.0, which only a damaged store mixes in one column) share the first one's
    object: SQLite finds the row again by either, and rows are read in the same order at
    every scan, so the cookie's id stays the same too."""
    extra: list[str] = []
    positions: list[int] = []
    rest: list[int] = []  # where the other parts are in the row
    for column in key:
        where = selected.index(column) if column in selected else None
        if where is not None and where in identity:
            positions.append(identity[where])
            continue
        if where is None:
            where = len(selected) + len(extra)
            extra.append(column)
        positions.append(3 + len(rest))
        rest.append(where)
    shared: dict[tuple[Any, ...], SharedKey] = {}
    if not rest:
        only = SharedKey(positions, ())
        return extra, lambda row: only
    take: Callable[[Row], Any] = itemgetter(*rest)
    single = len(rest) == 1

    def key_of(row: Row) -> SharedKey:
        parts = (take(row),) if single else take(row)
        found = shared.get(parts)
        if found is None:
            found = shared[parts] = SharedKey(positions, parts)
        return found

    return extra, key_of


def text(column: str) -> str:
    """The column when it holds text, else NULL."""
    return f"CASE WHEN typeof({column}) = 'text' THEN {column} END"


def time_us(column: str, *, scale: int = 1, offset: int = 0) -> str:
    """Microseconds since 1970 from ``column * scale - offset``, or NULL.

    NULL for text, blobs and values not above 0; numbers past the year 9999 (including
    INT64_MAX and infinities) become the year 9999, so no multiplication can overflow.
    """
    limit = (MAX_UNIX_US + offset) // scale
    value = f"CAST(min({column}, {limit}) AS INTEGER)"
    if scale != 1:
        value = f"{value} * {scale}"
    if offset:
        value = f"{value} - {offset}"
    return f"CASE WHEN typeof({column}) IN ('integer', 'real') AND {column} > 0 THEN {value} END"


def must_be_text(*columns: str, or_null: bool = False) -> dict[str, str]:
    """Requirements for ``readable``: column → an SQL condition that is true for a bad row."""
    allowed = "('text', 'null')" if or_null else "('text')"
    return {column: f"typeof({column}) NOT IN {allowed}" for column in columns}


def readable(requirements: Mapping[str, str]) -> str:
    """A WHERE condition that holds for rows meeting every requirement."""
    return " AND ".join(f"NOT ({bad})" for bad in requirements.values())


# The stores' column names, in the words a person reads in a warning.
FIELD_WORDS = {
    "host_key": N_("host"),
    "host": N_("host"),
    "name": N_("name"),
    "path": N_("path"),
    "top_frame_site_key": N_("partition"),
    "originAttributes": N_("partition"),
}


def skipped_warnings(
    connection: sqlite3.Connection, table: str, requirements: Mapping[str, str], listed: int
) -> list[str]:
    """Why rows were left out by ``readable(requirements)``, when ``listed`` is short of the
    table's row count (a count that costs SQLite one pass over an index)."""
    total = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    if total <= listed:
        return []
    sums = ", ".join(f"sum({bad})" for bad in requirements.values())
    counts = connection.execute(f"SELECT {sums} FROM {table}").fetchone()
    warnings = []
    for column, count in zip(requirements, counts, strict=True):
        if count:
            warnings.append(
                ngettext(
                    "{count} cookie was left out because its {field} is missing or is not text.",
                    "{count} cookies were left out because their {field} is missing or is not "
                    "text.",
                    count,
                ).format(count=count, field=_(FIELD_WORDS.get(column, column)))
            )
    return warnings


def first_rows(
    connection: sqlite3.Connection,
    query: str,
    table: str,
    requirements: Mapping[str, str],
    limit: int | None,
) -> tuple[str, int | None]:
    """A reader's ``query`` limited to its first ``limit`` rows, and how many rows ``table``
    holds, when more than ``limit`` are readable (:func:`readable`); else the query as it is
    and None: the reader reads every row, as without a limit."""
    if limit is None:
        return query, None
    beyond = connection.execute(
        f"SELECT 1 FROM {table} WHERE {readable(requirements)} LIMIT 1 OFFSET {int(limit)}"
    ).fetchone()
    if beyond is None:
        return query, None
    rows = int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    return f"{query} LIMIT {int(limit)}", rows


def fetch(
    connection: sqlite3.Connection, query: str, convert: Convert, text_columns: int
) -> tuple[list[Any], list[str]]:
    """Run ``query`` and convert its rows; bad rows are left out and counted in warnings.

    ``text_columns``: how many leading columns are text the reader relies on (decoded, and
    the row left out, if they are not UTF-8).
    """
    try:
        return _converted(connection.execute(query), convert)
    except sqlite3.OperationalError as error:
        if "decode" not in str(error).lower():
            raise
    # some text is not UTF-8: decode it ourselves and leave out the rows it spoils
    previous = connection.text_factory
    connection.text_factory = _lenient
    try:
        rows, undecodable = _decoded(connection.execute(query), text_columns)
        cookies, warnings = _converted(iter([rows]), convert, batched=True)
    finally:
        connection.text_factory = previous
    if undecodable:
        warnings.insert(0, _not_utf8(undecodable))
    return cookies, warnings


def _converted(
    cursor: Any, convert: Convert, *, batched: bool = False
) -> tuple[list[Any], list[str]]:
    results: list[Any] = []
    failed = 0
    batches = cursor if batched else _batches(cursor)
    for batch in batches:
        done = len(results)
        try:
            results.extend(convert(batch))
        except Exception:  # a row of a kind no guard foresaw: find it, keep the others
            del results[done:]
            for row in batch:
                try:
                    results.extend(convert((row,)))
                except Exception:
                    failed += 1
    warnings = []
    if failed:
        warnings.append(
            ngettext(
                "{count} cookie was left out because a field of it could not be read.",
                "{count} cookies were left out because a field of them could not be read.",
                failed,
            ).format(count=failed)
        )
    return results, warnings


def _batches(cursor: sqlite3.Cursor) -> Iterator[list[Row]]:
    while batch := cursor.fetchmany(_BATCH):
        yield batch


class _Undecodable(bytes):
    """TEXT that is not UTF-8, as read in the fallback."""


def _lenient(raw: bytes) -> str | bytes:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return _Undecodable(raw)


def _decoded(cursor: sqlite3.Cursor, text_columns: int) -> tuple[list[Row], int]:
    rows: list[Row] = []
    undecodable = 0
    for row in cursor:
        if any(isinstance(value, _Undecodable) for value in row[:text_columns]):
            undecodable += 1
        else:
            rows.append(row)
    return rows, undecodable


def _not_utf8(count: int) -> str:
    return ngettext(
        "{count} cookie was left out because its text is not valid UTF-8.",
        "{count} cookies were left out because their text is not valid UTF-8.",
        count,
    ).format(count=count)
