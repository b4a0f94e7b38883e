"""Scan results joined with classification: what the CLI, the GUI and reports show."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from inspector.classify import Classification, Classifier
from inspector.model import Cookie
from inspector.scan import ScanResult
from inspector.speed import collection_paused
from inspector.values import CookieValue, read_values

if TYPE_CHECKING:
    from inspector.contradictions import Violation


@dataclass(frozen=True, slots=True)
class Finding:
    cookie: Cookie
    info: Classification


@dataclass(frozen=True, slots=True)
class Analysis:
    scan: ScanResult
    findings: tuple[Finding, ...]
    catalogue_version: str
    values: dict[str, CookieValue] = field(default_factory=dict)
    violations: tuple[Violation, ...] = ()


def iter_analyse(
    result: ScanResult,
    classifier: Classifier,
    *,
    allow_keyring: bool = False,
    all_values: bool = False,
) -> Iterator[int | Analysis]:
    """Classify every cookie, yielding how many are done, then the Analysis.

    Values are read only where they change the classification (consent records and opt-out
    cookies) unless ``all_values`` asks for every value.
    """
    cookies = result.cookies
    classifier.note_visits(cookies)
    wanted = cookies if all_values else [c for c in cookies if classifier.needs_value(c)]
    values = read_values(wanted, allow_keyring=allow_keyring) if wanted else {}
    findings: list[Finding] = []
    step = 5000
    for start in range(0, len(cookies), step):
        with collection_paused():
            for cookie in cookies[start : start + step]:
                value = values.get(cookie.id) if values else None
                info = classifier.classify(cookie, value.value if value else None)
                findings.append(Finding(cookie, info))
        yield min(start + step, len(cookies))
    from inspector.contradictions import find_violations

    violations = tuple(find_violations(findings))
    yield Analysis(result, tuple(findings), classifier.catalogue.version, values, violations)


def analyse(
    result: ScanResult,
    classifier: Classifier,
    *,
    allow_keyring: bool = False,
    all_values: bool = False,
) -> Analysis:
    for item in iter_analyse(
        result, classifier, allow_keyring=allow_keyring, all_values=all_values
    ):
        if isinstance(item, Analysis):
            return item
    raise AssertionError("iter_analyse always ends with an Analysis")  # pragma: no cover
