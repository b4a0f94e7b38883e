"""Scan results joined with classification: what the CLI, the GUI and reports show."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from inspector.classify import Classification, Classifier
from inspector.i18n import _, ngettext
from inspector.keys import KeyProblem, KeyRing
from inspector.model import Cookie, Store
from inspector.purposes import Purpose
from inspector.scan import ScanResult
from inspector.speed import collection_paused
from inspector.values import CookieValue, StoredValues, read_values

if TYPE_CHECKING:
    from inspector.contradictions import Violation


@dataclass(slots=True, unsafe_hash=True)
class Finding:
    """A cookie and its classification. Treat as immutable: not frozen only because a frozen
    dataclass takes twice as long to build, and one is built per cookie."""

    cookie: Cookie
    info: Classification


@dataclass(frozen=True, slots=True)
class UnreadChoices:
    """Consent records and opt-out cookies of one store whose values could not be read, so
    the choices they hold are unknown (never "none found")."""

    store: Store
    problem: KeyProblem
    reason: str
    cookie_ids: tuple[str, ...]
    sites: tuple[str, ...]  # registrable domains, sorted

    @property
    def records(self) -> int:
        return len(self.cookie_ids)


@dataclass(frozen=True, slots=True)
class Analysis:
    scan: ScanResult
    findings: tuple[Finding, ...]
    catalogue_version: str
    values: dict[str, CookieValue] = field(default_factory=dict)
    violations: tuple[Violation, ...] = ()
    unread: tuple[UnreadChoices, ...] = ()

    @property
    def unread_sites(self) -> tuple[str, ...]:
        """Every site where a consent choice could not be read, sorted."""
        return tuple(sorted({site for group in self.unread for site in group.sites}))


STEP = 5000  # cookies classified between two progress reports (or two batches)


class Analyser:
    """The analysis of one scan, in steps: :meth:`step` classifies the next cookies and
    returns their findings, :meth:`finish` does what needs them all (values that had to be
    read afterwards, contradictions, unread choices) and returns the :class:`Analysis`.

    A window can show the findings of each step while the next is classified (each step is
    final for its cookies except the few whose value is read in :meth:`finish`, which the
    Analysis then holds). One step at a time: it is not meant for two threads at once.

    Values are read only where they change the classification (consent records and opt-out
    cookies) unless ``all_values`` asks for every value. Those whose key could not be had
    are gathered per store in ``Analysis.unread``.
    """

    def __init__(
        self,
        result: ScanResult,
        classifier: Classifier,
        *,
        allow_keyring: bool = False,
        all_values: bool = False,
        keyring: KeyRing | None = None,
    ) -> None:
        self.result, self.classifier, self.all_values = result, classifier, all_values
        self.cookies = result.cookies
        classifier.note_visits(self.cookies)
        self.keyring = keyring or KeyRing(allow_keyring)
        self.values = read_values(self.cookies, keyring=self.keyring) if all_values else {}
        self._stored = StoredValues(keyring=self.keyring)
        self._deciding: list[int] = []  # findings whose meaning depends on their value
        self._unread: list[int] = []  # their reader kept no value: read together at the end
        self.findings: list[Finding] = []

    @property
    def total(self) -> int:
        return len(self.cookies)

    @property
    def done(self) -> int:
        return len(self.findings)

    def step(self, count: int = STEP) -> list[Finding]:
        """Classify the next ``count`` cookies (fewer at the end); their findings."""
        classifier, values, all_values = self.classifier, self.values, self.all_values
        value_dependent = classifier.matcher.value_dependent_names
        consent = Purpose.CONSENT
        findings, deciding, unread, stored = (
            self.findings,
            self._deciding,
            self._unread,
            self._stored,
        )
        begin = len(findings)
        with collection_paused():
            for cookie in self.cookies[begin : begin + count]:
                # one pass: classified without its value, and again with it only where the
                # value changes the answer (consent records, opt-out cookies)
                value = values.get(cookie.id) if all_values else None
                if value is not None:
                    info = classifier.classify(cookie, value.value)
                else:
                    info = classifier.classify(cookie)
                    if cookie.name in value_dependent or info.purpose is consent:
                        deciding.append(len(findings))
                        if cookie.stored_value is None:
                            unread.append(len(findings))
                        else:
                            value = values[cookie.id] = stored.value(cookie)
                            if value.value is not None:
                                info = classifier.classify(cookie, value.value)
                    else:
                        cookie.stored_value = None
                findings.append(Finding(cookie, info))
        return findings[begin:]

    def finish(self) -> Analysis:
        """Classify what is left, then what needs every finding: the Analysis."""
        while self.done < self.total:
            self.step(max(self.total - self.done, 1))
        classifier, findings, values = self.classifier, self.findings, self.values
        if self._unread:
            read = read_values([findings[i].cookie for i in self._unread], keyring=self.keyring)
            values.update(read)
            for index in self._unread:
                cookie = findings[index].cookie
                value = read[cookie.id]
                if value.value is not None:
                    findings[index] = Finding(cookie, classifier.classify(cookie, value.value))
        # the places were a cache for this scan's cookies: their findings keep the ones used
        classifier.forget_places()
        from inspector.contradictions import find_violations

        violations = tuple(find_violations(findings))
        deciding = self._deciding
        if self.all_values:  # the steps skipped the deciding cookies whose values they had
            deciding = [i for i, f in enumerate(findings) if classifier.needs_value(f.cookie)]
        # (only the deciding cookies' ids: computing every cookie's id here cost a tenth of a
        # scan)
        chosen = [findings[i] for i in deciding]
        missing = unread_choices(
            [f.cookie for f in chosen], values, {f.cookie.id: f.info.site for f in chosen}
        )
        return Analysis(
            self.result,
            tuple(findings),
            classifier.catalogue.version,
            values,
            violations,
            missing,
        )


def iter_analyse(
    result: ScanResult,
    classifier: Classifier,
    *,
    allow_keyring: bool = False,
    all_values: bool = False,
    keyring: KeyRing | None = None,
) -> Iterator[int | Analysis]:
    """Classify every cookie, yielding how many are done, then the Analysis (see
    :class:`Analyser`, which this runs step by step)."""
    analyser = Analyser(
        result, classifier, allow_keyring=allow_keyring, all_values=all_values, keyring=keyring
    )
    while analyser.done < analyser.total:
        analyser.step(STEP)
        yield analyser.done
    yield analyser.finish()


def unread_choices(
    deciding: list[Cookie], values: dict[str, CookieValue], site_of: dict[str, str]
) -> tuple[UnreadChoices, ...]:
    """The deciding cookies whose value a missing key kept unread, per store and problem."""
    groups: dict[tuple[Store, KeyProblem], list[Cookie]] = {}
    reasons: dict[tuple[Store, KeyProblem], str] = {}
    for cookie in deciding:
        value = values.get(cookie.id)
        if value is None or value.value is not None or value.problem is None:
            continue
        key = (cookie.store, value.problem)
        groups.setdefault(key, []).append(cookie)
        reasons.setdefault(key, value.reason or "")
    return tuple(
        UnreadChoices(
            store,
            problem,
            reasons[store, problem],
            tuple(c.id for c in group),
            tuple(sorted({site_of.get(c.id) or c.domain for c in group})),
        )
        for (store, problem), group in groups.items()
    )


def analyse(
    result: ScanResult,
    classifier: Classifier,
    *,
    allow_keyring: bool = False,
    all_values: bool = False,
    keyring: KeyRing | None = None,
) -> Analysis:
    for item in iter_analyse(
        result, classifier, allow_keyring=allow_keyring, all_values=all_values, keyring=keyring
    ):
        if isinstance(item, Analysis):
            return item
    raise AssertionError("iter_analyse always ends with an Analysis")  # pragma: no cover


def with_unread_warnings(analysis: Analysis, sentence: Callable[[UnreadChoices], str]) -> Analysis:
    """The analysis with one warning per unread group added to its store's result."""
    if not analysis.unread:
        return analysis
    notes: dict[Store, list[str]] = {}
    for group in analysis.unread:
        notes.setdefault(group.store, []).append(sentence(group))
    results = tuple(
        dataclasses.replace(result, warnings=(*result.warnings, *notes[result.store]))
        if result.store in notes
        else result
        for result in analysis.scan.results
    )
    return dataclasses.replace(analysis, scan=ScanResult(results))


def unread_sentence(group: UnreadChoices, *, retry: str) -> str:
    """What to say about one unread group; ``retry`` is how to read them after all (the CLI's
    --decrypt, the window's button), used when the keyring was simply not asked."""
    count = group.records
    sites = ", ".join(group.sites)
    if group.problem is KeyProblem.NOT_ASKED:
        text = ngettext(
            "The consent choices in {count} record ({sites}) could not be read: its value is "
            "encrypted with a key kept in the system keyring or Keychain, which was not asked. "
            "{retry}",
            "The consent choices in {count} records ({sites}) could not be read: their values "
            "are encrypted with a key kept in the system keyring or Keychain, which was not "
            "asked. {retry}",
            count,
        )
        return text.format(count=count, sites=sites, retry=retry)
    text = ngettext(
        "The consent choices in {count} record ({sites}) could not be read. {reason}",
        "The consent choices in {count} records ({sites}) could not be read. {reason}",
        count,
    )
    return text.format(count=count, sites=sites, reason=group.reason)


def unread_summary(analysis: Analysis, *, retry: str) -> str:
    """The consent choices on N sites could not be read, and why (each reason once);
    ``retry`` (translated by the caller) stands for the keyring simply not asked."""
    sites = len(analysis.unread_sites)
    reasons: list[str] = []
    for group in analysis.unread:
        reason = _(retry) if group.problem is KeyProblem.NOT_ASKED else group.reason
        if reason not in reasons:
            reasons.append(reason)
    lead = ngettext(
        "The consent choices on {count} site could not be read.",
        "The consent choices on {count} sites could not be read.",
        sites,
    ).format(count=sites)
    return " ".join([lead, *reasons])
