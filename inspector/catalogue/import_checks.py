"""Checks on a community catalogue before anything is saved.

An imported file is loaded by every later run, so one the loader rejects would break every
run until it is deleted by hand, and a huge one would slow every scan. So an import is
refused, with the file, the line or entry and the reason, when:

* the file is not a regular file, or larger than ``MAX_FILE_BYTES``;
* its structure is not what its format says (a list where text belongs, a number where a
  list of domains belongs, JSON nested deeper than any catalogue);
* it converts to more than ``MAX_ENTRIES`` entries;
* the converted catalogue does not load with the very loader later runs use.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from inspector.catalogue.loader import _Document, build, bundled_documents
from inspector.catalogue.model import Rank
from inspector.errors import CatalogueError, StoreFormatError
from inspector.i18n import _
from inspector.safefile import read_regular

#: The community catalogues are a few MB (Ghostery's TrackerDB, the largest, about 10 MB).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Services plus cookie entries; the largest community catalogue has about 10,000. More would
#: slow every scan for nothing (600,000 rows once made each scan take 24 s).
MAX_ENTRIES = 50_000

_ENTRY = re.compile(r"entry (.+?): ")
_QUOTED = re.compile(r"'([^']+)'")


def refused(path: Path, reason: str, advice: str = "") -> CatalogueError:
    return CatalogueError(
        _("{path} was not imported: {reason}").format(path=path, reason=reason),
        path=path,
        advice=advice or _("Nothing was saved. Fix the file or choose the original download."),
    )


def read_source(path: Path) -> bytes:
    """The file's bytes: a regular file of at most MAX_FILE_BYTES, read without blocking."""
    try:
        return read_regular(path, MAX_FILE_BYTES)
    except StoreFormatError as error:  # not a regular file, or far too large
        raise refused(path, error.message, error.advice) from None
    except OSError as error:
        raise CatalogueError(
            _("{path} cannot be read ({reason}).").format(path=path, reason=error.strerror),
            path=path,
            advice=_("Choose a file you can open."),
        ) from None


def converted(path: Path, convert: Callable[[Path], dict[str, Any]]) -> dict[str, Any]:
    """``convert(path)``, with every failure of a malformed file turned into a refusal."""
    try:
        return convert(path)
    except CatalogueError:
        raise
    except RecursionError:
        raise refused(path, _("it is nested far deeper than any catalogue.")) from None
    except (ValueError, TypeError, AttributeError, KeyError, IndexError) as error:
        raise refused(
            path,
            _("its content does not have the layout of its format ({detail}).").format(
                detail=type(error).__name__
            ),
        ) from None


def check_structure(path: Path, kind: str, document: object) -> None:
    """Types the converters rely on, entry by entry (JSON formats)."""
    if kind == "ghostery" and isinstance(document, Mapping):
        _check_ghostery(path, document)
    elif kind == "disconnect" and isinstance(document, Mapping):
        _check_disconnect(path, document)
    elif kind == "ocd-json" and isinstance(document, Mapping):
        _check_ocd_json(path, document)


def _wrong(path: Path, entry: str, problem: str) -> CatalogueError:
    return refused(path, _("entry {entry}: {problem}.").format(entry=entry, problem=problem))


def _check_ghostery(path: Path, document: Mapping[str, Any]) -> None:
    for table in ("patterns", "organizations"):
        if not isinstance(document.get(table) or {}, Mapping):
            raise _wrong(path, table, _("must be an object"))
    for key, pattern in (document.get("patterns") or {}).items():
        if not isinstance(pattern, Mapping):
            continue
        for field in ("name", "category", "organization"):
            if not isinstance(pattern.get(field, ""), str | None):
                raise _wrong(path, f"patterns.{key}.{field}", _("must be text"))
        domains = pattern.get("domains") or []
        if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
            raise _wrong(path, f"patterns.{key}.domains", _("must be a list of text"))
    for key, organization in (document.get("organizations") or {}).items():
        if isinstance(organization, Mapping) and not isinstance(
            organization.get("name", ""), str | None
        ):
            raise _wrong(path, f"organizations.{key}.name", _("must be text"))


def _check_disconnect(path: Path, document: Mapping[str, Any]) -> None:
    for category, entries in (document.get("categories") or {}).items():
        if not isinstance(entries, list):
            raise _wrong(path, f"categories.{category}", _("must be a list"))
        for index, entry in enumerate(entries):
            where = f"categories.{category}[{index}]"
            if not isinstance(entry, Mapping):
                raise _wrong(path, where, _("must be an object"))
            for organization, sites in entry.items():
                if not organization.strip():
                    raise _wrong(path, where, _("an organisation has no name"))
                if not isinstance(sites, Mapping):
                    raise _wrong(path, f"{where}.{organization}", _("must be an object"))
                for site, domains in sites.items():
                    if not isinstance(domains, list) or not all(
                        isinstance(d, str) for d in domains
                    ):
                        if isinstance(domains, str) and site in ("performance", "dnt"):
                            continue  # Disconnect's own flags beside the domain lists
                        raise _wrong(
                            path, f"{where}.{organization}.{site}", _("must be a list of text")
                        )


_OCD_TEXT = ("platform", "category", "cookie", "domain", "description", "dataController")


def _check_ocd_json(path: Path, document: Mapping[str, Any]) -> None:
    for platform, entries in document.items():
        if not isinstance(entries, list):
            raise _wrong(path, str(platform), _("must be a list"))
        for index, entry in enumerate(entries):
            if not isinstance(entry, Mapping):
                raise _wrong(path, f"{platform}[{index}]", _("must be an object"))
            for field in _OCD_TEXT:
                if not isinstance(entry.get(field, ""), str | int | float | None):
                    raise _wrong(path, f"{platform}[{index}].{field}", _("must be text"))


def check_size(path: Path, document: Mapping[str, Any]) -> None:
    count = len(document["service"]) + len(document["cookie"])
    if count > MAX_ENTRIES:
        raise refused(
            path,
            _(
                "it holds {count} entries; Cookie Inspector imports at most {limit} (the "
                "largest community catalogue has about 10,000), so that scans stay fast."
            ).format(count=f"{count:,}", limit=f"{MAX_ENTRIES:,}"),
            _("Nothing was saved. Import the community's own file, or split this one."),
        )


def check_text(path: Path, document: Mapping[str, Any]) -> None:
    """JSON may escape lone surrogates (``"\\ud800"``), which no file can hold as UTF-8."""
    try:
        json.dumps(document, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise refused(path, _("it holds text that is not valid Unicode.")) from None


def check_with_loader(path: Path, document: Mapping[str, Any], data: bytes) -> None:
    """Load the converted catalogue exactly as later runs will; refuse what they would."""
    try:
        build([*bundled_documents(), _Document(str(path), document, Rank.IMPORTED, "check")])
    except CatalogueError as error:
        found = _ENTRY.search(error.message)
        quoted = _QUOTED.search(found.group(1)) if found else None
        entry = (quoted.group(1) if quoted else found.group(1).strip()) if found else ""
        line = _line_of(entry, document, data) if entry else None
        problem = error.message.split(":", 1)[-1].strip().rstrip(".")
        where = (
            _("line {line} (entry {entry})").format(line=line, entry=entry)
            if line
            else _("entry {entry}").format(entry=entry or "?")
        )
        raise refused(path, f"{where}: {problem}.") from None


def _line_of(entry: str, document: Mapping[str, Any], data: bytes) -> int | None:
    """The CSV line an Open Cookie Database entry (or its service or organisation) came from."""
    if document.get("format") != "ocd-csv":
        return None
    index = _row_index(entry, document)
    if index is None:
        return None
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig", errors="replace")))
    next(reader, None)  # the header
    first_line = reader.line_num + 1
    for row_number, _row in enumerate(reader):
        if row_number == index:
            return first_line  # where the record starts (a quoted cell may span lines)
        first_line = reader.line_num + 1
    return None


def _row_index(entry: str, document: Mapping[str, Any]) -> int | None:
    cookies = document.get("cookie") or []
    services = {s.get("id"): s for s in document.get("service") or [] if isinstance(s, dict)}
    for cookie in cookies:
        service = services.get(cookie.get("service"), {})
        if entry in (cookie.get("id"), cookie.get("service"), service.get("organization")):
            match = re.match(r"ocd-(\d+)-", str(cookie.get("id", "")))
            return int(match.group(1)) if match else None
    return None
