"""What a deletion removes and what it keeps, and why — decided before anything is written."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from inspector.analysis import Analysis, Finding
from inspector.catalogue import Catalogue
from inspector.catalogue.consent_names import ConsentNames
from inspector.i18n import N_, _
from inspector.purposes import Purpose
from inspector.settings import normalise_site

TRACKER_PURPOSES = frozenset({Purpose.ANALYTICS, Purpose.ADVERTISING})
# name and value patterns only: the bundled catalogue's consent names are part of it
_CONSENT_NAMES = ConsentNames(Catalogue("patterns"))

# reason ids and their plain words
REASONS = {
    "consent-record": N_("a record of your consent or refusal choice (kept by default)"),
    "possible-opt-out": N_(
        "it may be your opt-out from this ad network, and its value could not be read to make sure"
    ),
    "keep-list": N_("its site is on your keep list"),
    "social-not-included": N_(
        "a social-network or embed cookie: removing it signs you out of that network, so it is "
        "only removed when you ask"
    ),
    "necessary": N_("the site needs it to work"),
    "unknown": N_("it is not known to be a tracker"),
    "guess": N_("only a guess says it may be a tracker; guesses never delete anything in bulk"),
    "not-selected": N_("it is not part of this selection"),
}


@dataclass(frozen=True, slots=True)
class Selection:
    """What the person asked to delete."""

    trackers: bool = False
    include_social: bool = False
    sites: frozenset[str] = frozenset()
    purposes: frozenset[Purpose] = frozenset()
    organizations: frozenset[str] = frozenset()  # names or ids, any case
    cookie_ids: frozenset[str] = frozenset()
    keep_sites: frozenset[str] = frozenset()
    keep_consent: bool = True

    @property
    def is_empty(self) -> bool:
        return not (
            self.trackers or self.sites or self.purposes or self.organizations or self.cookie_ids
        )


@dataclass(frozen=True, slots=True)
class Kept:
    finding: Finding
    reason: str  # a key of REASONS

    @property
    def text(self) -> str:
        """Why it stays, in the user's language."""
        return _(REASONS[self.reason])


@dataclass(frozen=True, slots=True)
class Plan:
    """What goes and what stays. What stays is kept as two parallel tuples, the findings and
    their reasons (one of a few strings): most of a large profile stays, and an object per
    cookie kept cost 4 MB per 100,000 cookies for as long as the dialog was open."""

    delete: tuple[Finding, ...]
    kept: tuple[Finding, ...]
    reasons: tuple[str, ...]  # keys of REASONS, one per finding in ``kept``
    selection: Selection = field(default_factory=Selection)

    @property
    def keep(self) -> tuple[Kept, ...]:
        """What stays and why."""
        return tuple(map(Kept, self.kept, self.reasons))

    def as_json(self) -> dict[str, object]:
        return {
            "delete": [f.cookie.id for f in self.delete],
            "keep": [
                {"id": f.cookie.id, "reason": reason}
                for f, reason in zip(self.kept, self.reasons, strict=True)
            ],
        }


def _matches(finding: Finding, selection: Selection) -> bool:
    info, cookie = finding.info, finding.cookie
    # (an id is a hash worked out on first use: not for every cookie when none is named)
    if selection.cookie_ids and cookie.id in selection.cookie_ids:
        return True
    if selection.trackers and (
        (info.purpose in TRACKER_PURPOSES and info.is_firm)
        or (selection.include_social and info.purpose is Purpose.INTERACTIVE and info.is_firm)
        # not keeping consent records is an explicit choice to remove them as well
        or (not selection.keep_consent and info.purpose is Purpose.CONSENT)
    ):
        return True
    if selection.sites and (info.site in selection.sites or cookie.domain in selection.sites):
        return True
    if selection.purposes and info.purpose in selection.purposes:
        return True
    organization = info.organization
    return bool(
        selection.organizations
        and organization is not None
        and (
            organization.id.lower() in selection.organizations
            or organization.name.lower() in selection.organizations
        )
    )


def is_consent_record(finding: Finding, value: str | None = None) -> bool:
    """A consent or opt-out record, by its classification or, as a second check that does
    not trust the classification, by the name and value patterns of every consent platform
    and opt-out scheme we know."""
    info = finding.info
    if info.purpose is Purpose.CONSENT or info.consent_role is not None:
        return True
    return _CONSENT_NAMES.platform(finding.cookie.name, value) is not None


def _bulk_keep_reason(
    finding: Finding,
    selection: Selection,
    maybe_opt_out: frozenset[str],
    value: str | None = None,
) -> str | None:
    """Why a cookie a bulk selection matched must stay anyway."""
    info = finding.info
    kept = selection.keep_sites
    if info.site in kept or finding.cookie.domain in kept or info.partitioned_under in kept:
        return "keep-list"
    if selection.keep_consent and is_consent_record(finding, value):
        return "consent-record"
    if selection.keep_consent and maybe_opt_out and finding.cookie.id in maybe_opt_out:
        return "possible-opt-out"
    return None


def _unselected_reason(finding: Finding, selection: Selection) -> str:
    purpose = finding.info.purpose
    if selection.trackers:
        if purpose is Purpose.INTERACTIVE:
            return "social-not-included"
        if purpose is Purpose.CONSENT:
            return "consent-record"
        if purpose.strictly_necessary:
            return "necessary"
        if purpose is Purpose.UNKNOWN:
            return "unknown"
        if purpose.is_tracking and not finding.info.is_firm:
            return "guess"
    return "not-selected"


def make_plan(analysis: Analysis, selection: Selection, maybe_opt_out: Iterable[str] = ()) -> Plan:
    """Split every cookie into what goes and what stays.

    ``maybe_opt_out`` lists cookies whose classification would depend on a value that could
    not be read (an opt-out cookie shares its name with the tracking id): bulk actions keep
    them, so that a person's opt-out is never deleted by mistake.
    """
    selection = _normalised(selection)
    opt_outs = frozenset(maybe_opt_out)
    delete: list[Finding] = []
    kept: list[Finding] = []
    reasons: list[str] = []
    for finding in analysis.findings:
        if not _matches(finding, selection):
            kept.append(finding)
            reasons.append(_unselected_reason(finding, selection))
            continue
        explicit = bool(selection.cookie_ids) and finding.cookie.id in selection.cookie_ids
        value = analysis.values.get(finding.cookie.id)
        reason = (
            None
            if explicit
            else _bulk_keep_reason(
                finding, selection, opt_outs, value.value if value is not None else None
            )
        )
        if reason is None:
            delete.append(finding)
        else:
            kept.append(finding)
            reasons.append(reason)
    return Plan(tuple(delete), tuple(kept), tuple(reasons), selection)


def _normalised(selection: Selection) -> Selection:
    return Selection(
        trackers=selection.trackers,
        include_social=selection.include_social,
        sites=frozenset(normalise_site(s) for s in selection.sites),
        purposes=selection.purposes,
        organizations=frozenset(o.strip().lower() for o in selection.organizations),
        cookie_ids=selection.cookie_ids,
        keep_sites=frozenset(normalise_site(s) for s in selection.keep_sites),
        keep_consent=selection.keep_consent,
    )


def unreadable_value_dependent(analysis: Analysis, names: frozenset[str]) -> list[str]:
    """Cookies whose name has a value-dependent rule (an opt-out twin) but whose value was
    not read: their purpose is not certain."""
    unreadable = []
    for finding in analysis.findings:
        if finding.cookie.name in names and finding.info.purpose is not Purpose.CONSENT:
            value = analysis.values.get(finding.cookie.id)
            if value is None or value.value is None:
                unreadable.append(finding.cookie.id)
    return unreadable
