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

from inspector.report.json_report import cookie_entry
from inspector.report.model import Report
from inspector.report.redact import home_folder
from inspector.resources import resource

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


def iter_csv(report: Report) -> Iterator[bytes]:
    """The CSV report in pieces of a thousand rows, never held whole."""
    header = columns(report.include_values)
    home = home_folder()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    yield buffer.getvalue().encode("utf-8-sig")
    items = report.cookies
    for start in range(0, len(items), 1000):
        buffer.seek(0)
        buffer.truncate()
        for item in items[start : start + 1000]:
            entry = cookie_entry(item, report.include_values, home)
            said = "; ".join(
                f"{v.evidence}: refused {v.refused_purpose} ({v.cmp})" for v in item.contradictions
            )
            row = _flatten(entry, item.flags, said)
            writer.writerow([cell(row.get(name)) for name in header])
        yield buffer.getvalue().encode("utf-8")
