"""The CSV report: one row per cookie, for spreadsheets.

Encoding: UTF-8 with a byte-order mark. Cookie names, hosts and explanations are often not
ASCII; without the mark, Excel on Windows reads the file in the system's legacy code page and
garbles them, while LibreOffice, Numbers, Python's ``utf-8-sig`` and most CSV readers skip the
mark. Rows end with CRLF, as RFC 4180 asks.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula, and cookie names, hosts and values are written by web sites. Every text cell that
starts so gets a leading apostrophe, which spreadsheets show as text. Numbers the program
computed itself (such as a negative ``remaining_days`` of an expired cookie) are left as
numbers: they cannot hold a formula.

The columns follow the cookie fields of ``scan --json`` (as listed in the JSON report's
schema), with the decoded consent record reduced to its one-sentence summary and the
explanation spread over ``explanation_*`` columns.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from inspector.classify import Classification
from inspector.explain import Explainer, attribution_key, plain_site
from inspector.model import Cookie, SameSite
from inspector.report.childpart import ChildPart, worth_two_processes
from inspector.report.json_report import cookie_entry
from inspector.report.model import CookieItem, Report
from inspector.report.redact import home_folder, tilde
from inspector.resources import resource
from inspector.timeconv import iso_micro

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPLANATION_KEYS = ("what", "why", "how_long", "who_receives", "how_to_object", "your_rights")
VALUE_KEYS = ("value", "value_unavailable_reason")
EXTRA_COLUMNS = ("flags", "contradictions")


def neutralise(text: str) -> str:
    """Text a spreadsheet will show as it is, never run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value: Any) -> str | int | float:
    """One CSV cell: empty for null, true/false, numbers as numbers, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    return neutralise(str(value))


@lru_cache(maxsize=1)
def cookie_fields() -> tuple[str, ...]:
    """The per-cookie fields of the JSON report, in schema order (values excluded)."""
    schema = json.loads(resource("report", "report.schema.json").read_text("utf-8"))
    names = tuple(schema["$defs"]["cookie"]["properties"])
    return tuple(name for name in names if name not in VALUE_KEYS)


def columns(include_values: bool) -> list[str]:
    """The header row."""
    header: list[str] = []
    for name in cookie_fields():
        if name == "consent_record":
            header.append("consent_summary")
        elif name == "explanation":
            header.extend(f"explanation_{key}" for key in EXPLANATION_KEYS)
        else:
            header.append(name)
    header.extend(EXTRA_COLUMNS)
    if include_values:
        header.extend(VALUE_KEYS)
    return header


def _flatten(entry: dict[str, Any], flags: tuple[str, ...], contradictions: str) -> dict[str, Any]:
    row = dict(entry)
    record = row.pop("consent_record", None)
    row["consent_summary"] = record["summary"] if record else None
    for key, text in row.pop("explanation", {}).items():
        row[f"explanation_{key}"] = text
    row["flags"] = " ".join(flags)
    row["contradictions"] = contradictions
    return row


def render_csv(report: Report) -> bytes:
    """The CSV report as bytes (UTF-8 with BOM, CRLF line ends)."""
    return b"".join(iter_csv(report))


def iter_csv(report: Report, *, plain: bool = False, parallel: bool = False) -> Iterator[bytes]:
    """The CSV report in pieces of a thousand rows, never held whole.

    Rows are tuples made from parts shared by many cookies (:class:`CsvRows`); ``plain``
    flattens each cookie's JSON dictionary instead, the slow way tests compare against.
    ``parallel`` lets a child process write the second half of a large report's rows
    meanwhile (:mod:`inspector.report.childpart`); only a program with no other thread may
    ask.
    """
    header = columns(report.include_values)
    home = home_folder()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    items = report.cookies
    split, second = len(items), None
    if parallel and not plain and worth_two_processes(len(items)):
        split = len(items) // 2
        second = ChildPart(
            lambda: _rows(report, header, split, len(items), home, plain), cookies=len(items)
        )
    try:
        yield buffer.getvalue().encode("utf-8-sig")
        yield from _rows(report, header, 0, split, home, plain)
        if second is not None:
            yield from second.pieces(lambda: _rows(report, header, split, len(items), home, plain))
    finally:
        if second is not None:
            second.close()


def _rows(
    report: Report, header: list[str], begin: int, stop: int, home: str, plain: bool
) -> Iterator[bytes]:
    """The rows of the cookies ``begin`` to ``stop``, a thousand a piece."""
    items = report.cookies
    fast = None if plain or tuple(header) != _FAST_COLUMNS[: len(header)] else CsvRows(report, home)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for start in range(begin, stop, 1000):
        batch = items[start : min(start + 1000, stop)]
        if fast is not None:
            lines = [fast.line(item) for item in batch]
            lines.append("")  # the last line ends like the others
            yield "\r\n".join(lines).encode("utf-8")
            continue
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([_plain_row(item, header, report.include_values, home) for item in batch])
        yield buffer.getvalue().encode("utf-8")


def _plain_row(item: CookieItem, header: list[str], values: bool, home: str) -> list[Any]:
    entry = cookie_entry(item, values, home)
    said = _contradictions(item)
    row = _flatten(entry, item.flags, said)
    return [cell(row.get(name)) for name in header]


def _contradictions(item: CookieItem) -> str:
    return "; ".join(
        f"{v.evidence}: refused {v.refused_purpose} ({v.cmp})" for v in item.contradictions
    )


#: the columns :class:`CsvRows` writes, in its order (the header must match, else the rows
#: are made the plain way)
_FAST_COLUMNS = (
    "id",
    "browser",
    "profile",
    "store",
    "host",
    "name",
    "path",
    "created",
    "expires",
    "last_accessed",
    "session",
    "secure",
    "http_only",
    "same_site",
    "partition_key",
    "container",
    "source",
    "site",
    "party",
    "organization",
    "organization_id",
    "service",
    "purpose",
    "consent_role",
    "lifetime",
    "lifetime_days",
    "remaining_days",
    "exceeds_13_months",
    "confidence",
    "rule",
    "consent_summary",
    *(f"explanation_{key}" for key in EXPLANATION_KEYS),
    *EXTRA_COLUMNS,
    *VALUE_KEYS,
)


def _boolean(value: object) -> str:
    return "true" if value is True else "false" if value is False else field(cell(value))


def _text(value: str | None) -> str:
    return "" if value is None else neutralise(value)


def field(value: object) -> str:
    """One cell as :mod:`csv`'s writer writes it (its default dialect, lines ending with
    CRLF): floats by ``repr``, quoted when it holds a comma, quote or line break, quotes
    doubled."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, float):
        text = repr(value)
    else:
        text = str(value)
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


def text_field(text: str) -> str:
    """``field(neutralise(text))`` (``in`` looks through long texts much faster than a
    regular expression)."""
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


class CsvRows:
    """Each cookie's line of the table, from parts shared by many cookies (a store's cells
    once per store, an attribution's once per attribution and party, explanations from
    :class:`Explainer`'s shared texts), each cell written as :func:`field` says. Gives
    exactly the plain way's lines (a test compares them); a cookie whose site cannot fill
    the texts' holes (:func:`plain_site`) gets the plain way's cells."""

    def __init__(self, report: Report, home: str) -> None:
        self.values, self.home = report.include_values, home
        self.header = columns(self.values)
        self.explainer = Explainer()
        self._stores: dict[int, tuple[object, str]] = {}
        self._attributions: dict[tuple[object, ...], tuple[Any, ...]] = {}
        self._flags: dict[tuple[str, ...], str] = {}
        # cells that few values share: the same few strings for every cookie
        self._switches: dict[tuple[object, ...], str] = {}
        self._kinds: dict[tuple[object, ...], tuple[str, str]] = {}

    def line(self, item: CookieItem) -> str:
        finding = item.finding
        cookie, info = finding.cookie, finding.info
        site = info.place.site
        if not plain_site(site):
            return ",".join(
                [field(value) for value in _plain_row(item, self.header, self.values, self.home)]
            )
        store = self._stores.get(id(cookie.store))
        if store is None or store[0] is not cookie.store:
            store = self._store(cookie)
        key = (attribution_key(info.attribution), info.place.party)
        shared = self._attributions.get(key) or self._shared(info, key)
        explainer = self.explainer
        record = info.consent_record
        lifetime_days, remaining = info.lifetime_days, info.remaining_days
        flags = self._flags.get(item.flags)
        if flags is None:
            flags = self._flags[item.flags] = text_field(" ".join(item.flags))
        switches = (cookie.session, cookie.secure, cookie.http_only, cookie.same_site)
        middle = self._switches.get(switches)
        if middle is None:
            middle = self._switches[switches] = self._cells(switches)
        partition, container = cookie.partition_key, cookie.container
        kind = (cookie.source, info.consent_role, info.lifetime)
        kinds = self._kinds.get(kind)
        if kinds is None:
            kinds = self._kinds[kind] = (
                text_field(cookie.source.value),
                ",".join([text_field(_text(info.consent_role)), text_field(info.lifetime)]),
            )
        cells = [
            text_field(cookie.id),
            store[1],
            text_field(cookie.host),
            text_field(cookie.name),
            text_field(cookie.path),
            iso_micro(cookie.created_us) or "",  # digits, "-", ":", "T" and "Z" only
            iso_micro(cookie.expires_us) or "",
            iso_micro(cookie.last_accessed_us) or "",
            middle,
            "" if partition is None else text_field(partition),
            "" if container is None else text_field(container),
            kinds[0],
            text_field(site),
            shared[1],
            kinds[1],
            "" if lifetime_days is None else field(round(lifetime_days, 2)),
            "" if remaining is None else field(round(remaining, 2)),
            _boolean(info.exceeds_13_months),
            shared[2],
            "" if record is None else text_field(record.summary()),
            text_field(explainer.what(cookie, info, shared[0])),
            shared[3],
            text_field(" ".join(explainer.how_long(cookie, info))),
            text_field(site.join(shared[4])),
            text_field(site.join(shared[5])),
            text_field(site.join(shared[6])),
            flags,
            text_field(_contradictions(item)) if item.contradictions else "",
        ]
        if self.values:
            value = item.value
            cells.append(field(cell(value.value if value else None)))
            cells.append(field(cell(value.reason if value else "not read")))
        return ",".join(cells)

    @staticmethod
    def _cells(switches: tuple[object, object, object, SameSite]) -> str:
        session, secure, http_only, same_site = switches
        return ",".join(
            [_boolean(session), _boolean(secure), _boolean(http_only), text_field(same_site.value)]
        )

    def _store(self, cookie: Cookie) -> tuple[object, str]:
        store = cookie.store
        cells = (
            neutralise(store.browser),
            neutralise(store.profile),
            neutralise(tilde(str(store.path), self.home)),
        )
        found = self._stores[id(store)] = (store, ",".join(map(field, cells)))
        return found

    def _shared(self, info: Classification, key: tuple[object, ...]) -> tuple[Any, ...]:
        organization, service = info.organization, info.service
        shared = self.explainer.shared(info)
        attribution = (
            neutralise(info.party),
            _text(organization.name if organization else None),
            _text(organization.id if organization else None),
            _text(service.name if service else None),
            neutralise(info.purpose.value),
        )
        found = (
            shared,
            ",".join(map(field, attribution)),
            ",".join(map(field, (neutralise(info.confidence), _text(info.rule)))),
            field(neutralise(shared.why)),
            shared.who,
            shared.how_to_object,
            shared.rights,
            info.attribution,  # keeps the objects whose identities the key holds alive
        )
        if len(self._attributions) >= 4096:
            self._attributions.clear()
        self._attributions[key] = found
        return found
