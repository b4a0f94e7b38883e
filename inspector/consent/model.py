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
from inspector.i18n import NC_, _, list_separator, pgettext

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

# Translators: what a consent record covers, as in "the record says you refused analytics"
_WORDS = "consent record covers"
_PURPOSE_WORDS: Mapping[Purpose, str] = MappingProxyType(
    {
        Purpose.COMMUNICATION: NC_("consent record covers", "necessary site operation"),
        Purpose.REQUESTED_SERVICE: NC_("consent record covers", "preference and feature cookies"),
        Purpose.ANALYTICS: NC_("consent record covers", "analytics"),
        Purpose.ADVERTISING: NC_("consent record covers", "advertising"),
        Purpose.INTERACTIVE: NC_("consent record covers", "embedded or social content"),
        Purpose.CONSENT: NC_("consent record covers", "consent records"),
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
    from inspector.localeformat import format_list  # Babel: only when a sentence is written

    words = [pgettext(_WORDS, _PURPOSE_WORDS[p]) for p in OPTIONAL_PURPOSES if p in set(purposes)]
    return format_list(words)


#: Sentence openings that read right in lower case after "cannot be read:".
_LOWER_FIRST_WORDS = frozenset({"The", "A", "An", "It", "Its", "This", "Unreadable"})


def _when(record: ConsentRecord) -> str:
    from inspector.localeformat import format_date  # Babel: only when a sentence is written

    moment = record.choice_time
    if moment is None:
        return ""
    if (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0):
        # day precision, as in TCF 2.2 strings
        return " " + _("(recorded {date})").format(date=format_date(moment))
    return " " + _("(recorded {date}, {time} UTC)").format(
        date=format_date(moment), time=f"{moment:%H:%M}"
    )


def _summary(record: ConsentRecord) -> str:
    name = record.platform_name
    if not record.readable:
        reason = _(record.reason).rstrip(". ") or _("it is not in a form this program knows")
        if reason.split(" ", 1)[0] in _LOWER_FIRST_WORDS:
            reason = reason[:1].lower() + reason[1:]
        unreadable = _("The {platform} record is present, but its choice cannot be read: {reason}.")
        return unreadable.format(platform=name, reason=reason)
    accepted = [p for p, d in record.decisions.items() if d is Decision.ACCEPTED]
    refused = [p for p, d in record.decisions.items() if d is Decision.REFUSED]
    every = _("every optional category it lists")
    # the sentence goes on with the date and a note, then its full stop
    if record.role is Role.UNKNOWN:
        main = _("The {platform} record is present but states no choice").format(platform=name)
    elif record.role is Role.CONSENT:
        main = _("The {platform} record says you accepted {purposes}").format(
            platform=name, purposes=purpose_words(accepted) or every
        )
    elif record.role is Role.REFUSAL:
        main = _("The {platform} record says you refused {purposes}").format(
            platform=name, purposes=purpose_words(refused) or every
        )
    elif accepted and refused:
        main = _("The {platform} record says you accepted {accepted} and refused {refused}").format(
            platform=name, accepted=purpose_words(accepted), refused=purpose_words(refused)
        )
    elif accepted:
        main = _("The {platform} record says you accepted {accepted} and refused others").format(
            platform=name, accepted=purpose_words(accepted)
        )
    else:
        main = _(
            "The {platform} record says you accepted some categories and refused {refused}"
        ).format(platform=name, refused=purpose_words(refused))
    note = _(record.note.strip()).rstrip(".")
    return f"{main}{_when(record)}{list_separator() + note if note else ''}."
