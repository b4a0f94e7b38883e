"""The JSON shapes of ``scan --json`` and the loading both the command line and reports use.

Qt-free: reports build on it without pulling in the window.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from inspector import __version__
from inspector.analysis import Analysis, Finding, unread_sentence, with_unread_warnings
from inspector.catalogue import load_catalogue
from inspector.classify import Classification, Classifier
from inspector.consent.model import ConsentRecord
from inspector.consent.serialize import record_dict
from inspector.i18n import _
from inspector.model import Cookie, StoreResult
from inspector.paths import AppPaths
from inspector.scan import ScanResult, resolve_stores, scan
from inspector.speed import collection_paused
from inspector.timeconv import iso_micro
from inspector.values import CookieValue

JSON_SCHEMA_VERSION = 1
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_STORES_FAILED = 3
EXIT_BROWSER_RUNNING = 4
EXIT_CANCELLED = 5  # the person declined the confirmation, or pressed Ctrl+C


def load(
    paths: Sequence[str], progress: Callable[[int, int, str, str], None] | None = None
) -> ScanResult:
    """Read the stores at ``paths`` (every browser found when empty); ``progress`` is told
    (index, total, browser, profile) before each store is read."""
    stores, failures = resolve_stores(paths)
    results: list[StoreResult] = []
    for index, store in enumerate(stores, 1):
        if progress is not None:
            progress(index, len(stores), store.browser, store.profile)
        results.extend(scan([store]).results)
    return ScanResult(tuple(failures) + tuple(results))


def classifier_for(paths: AppPaths) -> Classifier:
    """A classifier for this person's catalogue, with what earlier runs learnt.

    Everything it is built from is kept compiled in the data folder's cache between runs
    (inspector.catalogue.compiled, inspector.guess, inspector.classcache)."""
    from inspector import classcache

    with collection_paused():  # many objects, no cycles: see inspector.speed
        catalogue = load_catalogue(paths.data_dir)
        classifier = Classifier(catalogue, data_dir=paths.data_dir)
        classcache.load(classifier, paths.data_dir)
    return classifier


def remember(classifier: Classifier, paths: AppPaths) -> None:
    """Keep what ``classifier`` learnt for the next run (inspector.classcache)."""
    from inspector import classcache

    classcache.save(classifier, paths.data_dir)


def store_entry(result: StoreResult) -> dict[str, Any]:
    return {
        "browser": result.store.browser,
        "browser_id": result.store.browser_id,
        "profile": result.store.profile,
        "path": str(result.store.path),
        "install": result.store.install,
        "cookie_count": len(result.cookies),
        "error": result.error,
        "error_type": result.error_type,
        "warnings": list(result.warnings),
    }


def cookie_entry(cookie: Cookie) -> dict[str, Any]:
    return {
        "id": cookie.id,
        "browser": cookie.store.browser,
        "profile": cookie.store.profile,
        "store": str(cookie.store.path),
        "host": cookie.host,
        "name": cookie.name,
        "path": cookie.path,
        "created": iso_micro(cookie.created_us),
        "expires": iso_micro(cookie.expires_us),
        "last_accessed": iso_micro(cookie.last_accessed_us),
        "session": cookie.session,
        "secure": cookie.secure,
        "http_only": cookie.http_only,
        "same_site": cookie.same_site.value,
        "partition_key": cookie.partition_key,
        "container": cookie.container,
        "source": cookie.source.value,
    }


def classification_entry(info: Classification) -> dict[str, Any]:
    return {
        "site": info.site,
        "party": info.party,
        "organization": info.organization.name if info.organization else None,
        "organization_id": info.organization.id if info.organization else None,
        "service": info.service.name if info.service else None,
        "purpose": info.purpose.value,
        "consent_role": info.consent_role,
        "lifetime": info.lifetime,
        "lifetime_days": _rounded(info.lifetime_days),
        "remaining_days": _rounded(info.remaining_days),
        "exceeds_13_months": info.exceeds_13_months,
        "confidence": info.confidence,
        "rule": info.rule,
        "consent_record": consent_entry(info.consent_record),
    }


def _rounded(days: float | None) -> float | None:
    return None if days is None else round(days, 2)


def consent_entry(record: ConsentRecord | None) -> dict[str, Any] | None:
    return None if record is None else record_dict(record)


def finding_entry(
    finding: Finding, *, explain_it: bool, value: CookieValue | None, values: bool
) -> dict[str, Any]:
    entry = cookie_entry(finding.cookie) | classification_entry(finding.info)
    if explain_it:
        from inspector.explain import explain  # only for --explain

        entry["explanation"] = explain(finding.cookie, finding.info).as_dict()
    if values:
        entry["value"] = value.value if value else None
        entry["value_unavailable_reason"] = value.reason if value else "not read"
    return entry


def scan_document(
    analysis: Analysis, *, explain: bool = False, values: bool = False
) -> dict[str, Any]:
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "program_version": __version__,
        "catalogue_version": analysis.catalogue_version,
        "stores": [store_entry(entry) for entry in analysis.scan.results],
        "cookies": [
            finding_entry(
                f, explain_it=explain, value=analysis.values.get(f.cookie.id), values=values
            )
            for f in analysis.findings
        ],
        "violations": [violation.as_dict() for violation in analysis.violations],
    }


def with_decrypt_hint(analysis: Analysis) -> Analysis:
    """Store warnings for consent records whose values could not be read (for the command
    line: --decrypt reads them when the keyring was simply not asked)."""
    retry = _("Run again with --decrypt to read them (your system may ask for permission).")
    return with_unread_warnings(analysis, lambda group: unread_sentence(group, retry=retry))
