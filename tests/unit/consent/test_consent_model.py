"""Records: how categories become decisions, role and a one-sentence summary."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from inspector.consent import Choice, ChoiceKind, Decision, Purpose, Role
from inspector.consent.model import build_record, role_of, unreadable_record

AN, AD, RS = Purpose.ANALYTICS, Purpose.ADVERTISING, Purpose.REQUESTED_SERVICE
NECESSARY = Choice("necessary", True, (), ChoiceKind.NECESSARY)


@pytest.mark.parametrize(
    ("choices", "role"),
    [
        pytest.param([], Role.UNKNOWN, id="nothing-recorded"),
        pytest.param([NECESSARY], Role.UNKNOWN, id="necessary-is-no-choice"),
        pytest.param([NECESSARY, Choice("a", True), Choice("b", True)], Role.CONSENT, id="all"),
        pytest.param([NECESSARY, Choice("a", False), Choice("b", False)], Role.REFUSAL, id="none"),
        pytest.param([Choice("a", True), Choice("b", False)], Role.MIXED, id="some"),
        pytest.param([Choice("a", True), Choice("i", False, (), ChoiceKind.INFO)], Role.CONSENT,
                     id="info-does-not-count"),
    ],
)  # fmt: skip
def test_role(choices: list[Choice], role: Role) -> None:
    # Reason: the role definition the app shows.
    assert role_of(choices) is role


def test_decisions_accept_when_any_category_of_a_purpose_is_accepted() -> None:
    # Reason: "may cookies of this purpose be set?" - one accepted category suffices.
    record = build_record(
        "klaro",
        "Klaro",
        [Choice("matomo", False, (AN,)), Choice("ga", True, (AN,)), Choice("ads", False, (AD,))],
    )
    assert record.decisions == {AN: Decision.ACCEPTED, AD: Decision.REFUSED}
    assert record.raw_categories == {"matomo": False, "ga": True, "ads": False}


def test_overrides_replace_decisions() -> None:
    # Reason: rules like TCF purpose 1 refuse purposes whatever the other categories say.
    record = build_record(
        "tcf", "IAB TCF", [Choice("p2", True, (AD,))], overrides={AD: Decision.REFUSED}
    )
    assert record.decisions == {AD: Decision.REFUSED}


def test_records_are_read_only() -> None:
    # Reason: records are shared with the GUI; nobody may change them in place.
    record = build_record("klaro", "Klaro", [Choice("ga", True, (AN,))])
    with pytest.raises(TypeError):
        record.decisions[AD] = Decision.ACCEPTED  # type: ignore[index]
    with pytest.raises(AttributeError):
        record.role = Role.REFUSAL  # type: ignore[misc]


SUMMARIES = [
    pytest.param(
        build_record("onetrust", "OneTrust", [Choice("x", True, (AN,)), Choice("y", True, (AD,))],
                     choice_time=datetime(2024, 3, 1, 9, 30, tzinfo=UTC)),
        "The OneTrust record says you accepted analytics and advertising "
        "(recorded 1 March 2024, 09:30 UTC).",
        id="consent-with-time",
    ),
    pytest.param(
        build_record("cookiebot", "Cookiebot",
                     [Choice("x", False, (RS,)), Choice("y", False, (AD,))]),
        "The Cookiebot record says you refused preference and feature cookies and advertising.",
        id="refusal",
    ),
    pytest.param(
        build_record("klaro", "Klaro", [Choice("x", True, (AN,)), Choice("y", False, (AD,))],
                     note="a note"),
        "The Klaro record says you accepted analytics and refused advertising; a note.",
        id="mixed-with-note",
    ),
    pytest.param(
        build_record("klaro", "Klaro", [Choice("x", True, (AN,)), Choice("custom", False)]),
        "The Klaro record says you accepted analytics and refused others.",
        id="mixed-unmapped-refusal",
    ),
    pytest.param(
        build_record("didomi", "Didomi", [Choice("vendor x", True)],
                     choice_time=datetime(2024, 3, 1, tzinfo=UTC)),
        "The Didomi record says you accepted every optional category it lists "
        "(recorded 1 March 2024).",
        id="unmapped-day-precision",
    ),
    pytest.param(
        build_record("onetrust", "OneTrust", [], note="it only says when the banner was closed"),
        "The OneTrust record is present but states no choice; "
        "it only says when the banner was closed.",
        id="no-choice",
    ),
    pytest.param(
        unreadable_record("osano", "Osano", "Osano stores the choice in an opaque form."),
        "The Osano record is present, but its choice cannot be read: "
        "Osano stores the choice in an opaque form.",
        id="unreadable",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("record", "text"), SUMMARIES)
def test_summary_is_one_plain_sentence(record: object, text: str) -> None:
    # Reason: the sentence the app shows next to the role.
    assert record.summary() == text  # type: ignore[attr-defined]
