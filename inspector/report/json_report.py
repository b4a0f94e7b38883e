"""The JSON report: the report model as one document a program can read.

Its shape is described by ``resources/report/report.schema.json``. Stores, cookies and
contradictions use exactly the shapes of ``scan --json`` (taken from :mod:`inspector.cli`, not
copied), with every cookie explained and the home folder written as ``~``.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from typing import Any

from inspector.document import JSON_SCHEMA_VERSION, finding_entry, store_entry
from inspector.report.model import (
    Bar,
    ConsentItem,
    CookieItem,
    DeletionItem,
    OrganisationSection,
    Report,
    SiteSection,
    evidence_label,
)
from inspector.report.redact import COOKIE_KEYS, STORE_KEYS, home_folder, tilde_fields
from inspector.timeconv import iso

REPORT_SCHEMA_VERSION = 2
SCHEMA_ID = "https://cookie-inspector.invalid/schemas/report-2.schema.json"
SITE_FLAGS = ("tracker", "past_13_months", "consent_record", "contradiction")


def report_document(report: Report, *, cookies: bool = True) -> dict[str, Any]:
    """The whole report as plain JSON data (``cookies=False`` leaves the cookies out, for
    :func:`iter_json`, which writes them a batch at a time)."""
    home = home_folder()
    figures = report.figures
    return {
        "report_schema_version": REPORT_SCHEMA_VERSION,
        "scan_schema_version": JSON_SCHEMA_VERSION,
        "generated": iso(report.generated),
        "program_version": report.program_version,
        "catalogue_version": report.catalogue_version,
        "includes_values": report.include_values,
        "warning": report.warning,
        "summary": {
            "cookies": figures.cookies,
            "sites": figures.sites,
            "trackers": figures.trackers,
            "organisations": figures.organizations,
            "consent_records": figures.consent_records,
            "past_13_months": figures.past_13_months,
            "contradictions": figures.contradictions,
            "stores": figures.stores,
            "stores_failed": figures.failed_stores,
        },
        "charts": {
            "by_purpose": _bars(report.by_purpose),
            "top_organisations": _bars(report.top_organisations),
            "lifetimes": _bars(report.lifetimes),
        },
        "stores": [
            tilde_fields(store_entry(result), STORE_KEYS, home)
            for result in report.analysis.scan.results
        ],
        "organisations": [_organisation(section) for section in report.organisations],
        "sites": [_site(section) for section in report.sites],
        "cookies": cookie_entries(report, home) if cookies else [],
        "consent_records": [_consent(item) for item in report.consent],
        "contradictions": [
            violation.as_dict()
            | {
                "explanation": violation.explanation(),
                "evidence_label": evidence_label(violation),
            }
            for violation in report.contradictions
        ],
        "deletions": [_deletion(item) for item in report.deletions],
    }


def render_json(report: Report) -> bytes:
    """The JSON report, UTF-8 (see :func:`iter_json`)."""
    return b"".join(iter_json(report))


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def iter_json(report: Report) -> Iterator[bytes]:
    """The JSON report in pieces: indented for people who open it in an editor, except the
    cookies, one compact object per line, encoded (by the C encoder) and written a batch at
    a time so that a large report is never held whole."""
    home = home_folder()
    document = report_document(report, cookies=False)
    mark = f"\0cookies-{secrets.token_hex(8)}\0"  # no text in the report can hold it
    document["cookies"] = mark
    text = json.dumps(document, ensure_ascii=False, indent=1)
    before, after = text.split(json.dumps(mark))
    yield before.encode("utf-8") + b"["
    items = report.cookies
    for start in range(0, len(items), 1000):
        entries = [
            _cookie(item, report.include_values, home) for item in items[start : start + 1000]
        ]
        lines = ",\n  ".join(_COMPACT.encode(entry) for entry in entries)
        yield (("\n  " if start == 0 else ",\n  ") + lines).encode("utf-8")
    yield (("\n " if items else "") + "]" + after + "\n").encode("utf-8")


def _bars(bars: tuple[Bar, ...]) -> list[dict[str, Any]]:
    return [{"key": bar.key, "label": bar.label, "cookies": bar.count} for bar in bars]


def cookie_entries(report: Report, home: str | None = None) -> list[dict[str, Any]]:
    """Every cookie in the shape of ``scan --json --explain``, home folder as ``~``."""
    home = home_folder() if home is None else home
    return [_cookie(item, report.include_values, home) for item in report.cookies]


def cookie_entry(item: CookieItem, values: bool, home: str) -> dict[str, Any]:
    """One cookie in the shape of ``scan --json --explain``, home folder as ``~``."""
    return _cookie(item, values, home)


def _cookie(item: CookieItem, values: bool, home: str) -> dict[str, Any]:
    entry = finding_entry(item.finding, explain_it=True, value=item.value, values=values)
    return tilde_fields(entry, COOKIE_KEYS, home)


def _organisation(section: OrganisationSection) -> dict[str, Any]:
    organization = section.organization
    return {
        "id": organization.id,
        "name": organization.name,
        "country": organization.country or None,
        "country_name": section.country_name or None,
        "privacy_policy": organization.privacy_policy or None,
        "opt_out": organization.opt_out or None,
        "data_categories": list(organization.data_categories),
        "purposes": [purpose.value for purpose in section.purposes],
        "sites": list(section.sites),
        "cookies": section.cookies,
        "trackers": section.trackers,
    }


def _site(section: SiteSection) -> dict[str, Any]:
    return {
        "site": section.site,
        "cookies": len(section.cookies),
        "trackers": section.count("tracker"),
        "past_13_months": section.count("past_13_months"),
        "consent_records": section.count("consent_record"),
        "contradictions": section.count("contradiction"),
        "cookie_ids": [item.finding.cookie.id for item in section.cookies],
    }


def _consent(item: ConsentItem) -> dict[str, Any]:
    cookie, info, record = item.finding.cookie, item.finding.info, item.record
    return {
        "cookie_id": cookie.id,
        "cookie_name": cookie.name,
        "site": info.site,
        "browser": cookie.store.browser,
        "profile": cookie.store.profile,
        "platform": record.platform if record else None,
        "platform_name": record.platform_name if record else None,
        "readable": record.readable if record else False,
        "choice_time": iso(record.choice_time) if record else None,
        "role": info.consent_role,
        "decisions": {str(p): str(d) for p, d in record.decisions.items()} if record else {},
        "summary": record.summary() if record else None,
    }


def _deletion(item: DeletionItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "created": iso(item.created),
        "description": item.description,
        "status": item.status,
        "note": item.note,
        "cookies": item.cookies,
        "stores": [
            {
                "browser": s.browser,
                "profile": s.profile,
                "path": s.path,
                "cookies": s.cookies,
                "names": list(s.names),
            }
            for s in item.stores
        ],
    }
