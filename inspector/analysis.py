"""Scan results joined with classification: what the CLI, the GUI and reports show."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from inspector.classify import Classification, Classifier
from inspector.model import Cookie
from inspector.purposes import Purpose
from inspector.scan import ScanResult
from inspector.speed import collection_paused
from inspector.values import CookieValue, StoredValues, read_values

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
    values = read_values(cookies, allow_keyring=allow_keyring) if all_values else {}
    stored = StoredValues(allow_keyring=allow_keyring)
    value_dependent = classifier.matcher.value_dependent_names
    consent = Purpose.CONSENT
    findings: list[Finding] = []
    unread: list[int] = []  # cookies whose reader kept no value: read together afterwards
    step = 5000
    for start in range(0, len(cookies), step):
        with collection_paused():
            for cookie in cookies[start : start + step]:
                # one pass: classified without its value, and again with it only where the
                # value changes the answer (consent records, opt-out cookies)
                value = values.get(cookie.id) if values else None
                if value is not None:
                    info = classifier.classify(cookie, value.value)
                else:
                    info = classifier.classify(cookie)
                    if cookie.name in value_dependent or info.purpose is consent:
                        if cookie.stored_value is None:
                            unread.append(len(findings))
                        else:
                            value = values[cookie.id] = stored.value(cookie)
                            if value.value is not None:
                                info = classifier.classify(cookie, value.value)
                findings.append(Finding(cookie, info))
        yield min(start + step, len(cookies))
    if unread:
        read = read_values([findings[i].cookie for i in unread], allow_keyring=allow_keyring)
        values.update(read)
        for index in unread:
            cookie = findings[index].cookie
            value = read[cookie.id]
            if value.value is not None:
                findings[index] = Finding(cookie, classifier.classify(cookie, value.value))
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
