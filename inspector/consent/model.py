"""The decoded form of a consent-management cookie: purposes, decisions, roles, the record.

Every platform decoder produces a :class:`ConsentRecord` through :func:`build_record` (or
:func:`unreadable_record`), so the rules for decisions, role and summary live in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING

from inspector import purposes

if TYPE_CHECKING:
    from inspector.consent.tcf import TCString


# The app's own purpose ids (see resources/catalogue/SCHEMA.md), shared with the classifier.
Purpose = purposes.Purpose


#: The purposes a person can accept or refuse; the others are never optional.
OPTIONAL_PURPOSES: tuple[Purpose, ...] = (
    Purpose.REQUESTED_SERVICE,
    Purpose.ANALYTICS,
    Purpose.ADVERTISING,
    Purpose.INTERACTIVE,
)

_PURPOSE_WORDS: Mapping[Purpose, str] = MappingProxyType(
    {
        Purpose.COMMUNICATION: "necessary site operation",
        Purpose.REQUESTED_SERVICE: "preference and feature cookies",
        Purpose.ANALYTICS: "analytics",
        Purpose.ADVERTISING: "advertising",
        Purpose.INTERACTIVE: "embedded or social content",
        Purpose.CONSENT: "consent records",
    }
)


class Decision(StrEnum):
    """What a record says about one purpose."""

    ACCEPTED = "accepted"
    REFUSED = "refused"


class Role(StrEnum):
    """The overall meaning of a record, shown by the app."""

    CONSENT = "consent"
    """Everything the record asks about was accepted."""
    REFUSAL = "refusal"
    """Everything optional was refused."""
    MIXED = "mixed"
    """Some optional things accepted, some refused."""
    UNKNOWN = "unknown"
    """The record is not readable or states no choice."""


class ChoiceKind(StrEnum):
    """How one category of a record takes part in decisions and role."""

    NECESSARY = "necessary"
    """Always on; shown, but not a choice."""
    OPTIONAL = "optional"
    """A real choice: counts for decisions and role."""
    INFO = "info"
    """Shown and mapped to no decision or role (e.g. TCF special features)."""


@dataclass(frozen=True)
class Choice:
    """One category as the platform names it, with its state and the app purposes it covers."""

    label: str
    accepted: bool
    purposes: tuple[Purpose, ...] = ()
    kind: ChoiceKind = ChoiceKind.OPTIONAL


@dataclass(frozen=True)
class ConsentRecord:
    """A consent-management cookie turned into a structured choice.

    ``decisions`` holds only purposes the record speaks about. ``raw_categories`` keeps the
    platform's own category names and their states for display. ``interacted`` is True when the
    record says the person answered the banner, False when it says they did not (implied or
    default values), None when it does not say.
    """

    platform: str
    platform_name: str
    readable: bool
    reason: str = ""
    choice_time: datetime | None = None
    decisions: Mapping[Purpose, Decision] = field(default_factory=lambda: MappingProxyType({}))
    role: Role = Role.UNKNOWN
    raw_categories: Mapping[str, bool] = field(default_factory=lambda: MappingProxyType({}))
    tcf: TCString | None = None
    interacted: bool | None = None
    note: str = ""

    def summary(self) -> str:
        """One plain-English sentence describing the record."""
        return _summary(self)


def unreadable_record(platform: str, platform_name: str, reason: str) -> ConsentRecord:
    """A record that is present but whose choice cannot be read."""
    return ConsentRecord(
        platform=platform,
        platform_name=platform_name,
        readable=False,
        reason=reason,
    )


def build_record(
    platform: str,
    platform_name: str,
    choices: Sequence[Choice],
    *,
    choice_time: datetime | None = None,
    tcf: TCString | None = None,
    interacted: bool | None = None,
    note: str = "",
    overrides: Mapping[Purpose, Decision] | None = None,
) -> ConsentRecord:
    """Derive decisions, role and raw categories from the platform's categories.

    A purpose is ``accepted`` when at least one optional category covering it was accepted, and
    ``refused`` when every optional category covering it was refused: the question the app asks
    is "may cookies of this purpose be set?". ``overrides`` replace single decisions afterwards
    (used for rules such as TCF purpose 1).
    """
    decisions = _decisions(choices)
    if overrides:
        decisions.update(overrides)
    raw = {choice.label: choice.accepted for choice in choices}
    return ConsentRecord(
        platform=platform,
        platform_name=platform_name,
        readable=True,
        choice_time=choice_time,
        decisions=MappingProxyType(decisions),
        role=role_of(choices),
        raw_categories=MappingProxyType(raw),
        tcf=tcf,
        interacted=interacted,
        note=note,
    )


def _decisions(choices: Iterable[Choice]) -> dict[Purpose, Decision]:
    result: dict[Purpose, Decision] = {}
    for choice in choices:
        if choice.kind is not ChoiceKind.OPTIONAL:
            continue
        for purpose in choice.purposes:
            if choice.accepted:
                result[purpose] = Decision.ACCEPTED
            else:
                result.setdefault(purpose, Decision.REFUSED)
    return result


def role_of(choices: Iterable[Choice]) -> Role:
    """The role from the optional categories: all accepted, none accepted, or some."""
    states = [choice.accepted for choice in choices if choice.kind is ChoiceKind.OPTIONAL]
    if not states:
        return Role.UNKNOWN
    if all(states):
        return Role.CONSENT
    if not any(states):
        return Role.REFUSAL
    return Role.MIXED


def purpose_words(purposes: Iterable[Purpose]) -> str:
    """Plain words for a list of purposes: "analytics and advertising"."""
    words = [_PURPOSE_WORDS[p] for p in OPTIONAL_PURPOSES if p in set(purposes)]
    return _join(words)


def _join(words: Sequence[str]) -> str:
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


#: Sentence openings that read right in lower case after "cannot be read:".
_LOWER_FIRST_WORDS = frozenset({"The", "A", "An", "It", "Its", "This", "Unreadable"})


def _when(record: ConsentRecord) -> str:
    moment = record.choice_time
    if moment is None:
        return ""
    if (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0):
        return f" (recorded {moment:%Y-%m-%d})"  # day precision, as in TCF 2.2 strings
    return f" (recorded {moment:%Y-%m-%d %H:%M} UTC)"


def _summary(record: ConsentRecord) -> str:
    name = record.platform_name
    if not record.readable:
        reason = record.reason.rstrip(". ") or "it is not in a form this program knows"
        if reason.split(" ", 1)[0] in _LOWER_FIRST_WORDS:
            reason = reason[:1].lower() + reason[1:]
        return f"The {name} record is present, but its choice cannot be read: {reason}."
    accepted = [p for p, d in record.decisions.items() if d is Decision.ACCEPTED]
    refused = [p for p, d in record.decisions.items() if d is Decision.REFUSED]
    if record.role is Role.UNKNOWN:
        main = f"The {name} record is present but states no choice"
    elif record.role is Role.CONSENT:
        what = purpose_words(accepted) or "every optional category it lists"
        main = f"The {name} record says you accepted {what}"
    elif record.role is Role.REFUSAL:
        what = purpose_words(refused) or "every optional category it lists"
        main = f"The {name} record says you refused {what}"
    else:
        took = f"accepted {purpose_words(accepted)}" if accepted else "accepted some categories"
        left = f"refused {purpose_words(refused)}" if refused else "refused others"
        main = f"The {name} record says you {took} and {left}"
    note = record.note.strip().rstrip(".")
    return f"{main}{_when(record)}{'; ' + note if note else ''}."
