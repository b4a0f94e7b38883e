"""The purposes of the cookie policy: the product's vocabulary."""

from __future__ import annotations

from enum import StrEnum

from inspector.i18n import N_, _


class Purpose(StrEnum):
    COMMUNICATION = "communication"
    REQUESTED_SERVICE = "requested_service"
    ANALYTICS = "analytics"
    ADVERTISING = "advertising"
    INTERACTIVE = "interactive"
    CONSENT = "consent"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """The purpose in a phrase, as explanations and report headings say it."""
        return _(LABELS[self])

    @property
    def short_label(self) -> str:
        """The purpose in a word or two, as lists, charts and tables (window and reports)
        show it."""
        return _(SHORT_LABELS[self])

    @property
    def is_tracking(self) -> bool:
        return self in (Purpose.ANALYTICS, Purpose.ADVERTISING)

    @property
    def strictly_necessary(self) -> bool:
        return self in (Purpose.COMMUNICATION, Purpose.REQUESTED_SERVICE)

    @property
    def needs_consent(self) -> bool:
        """Cookies a site may set only with the person's consent (and keep 13 months at
        most); unknown cookies are not claimed either way."""
        return self in (Purpose.ANALYTICS, Purpose.ADVERTISING, Purpose.INTERACTIVE)


LABELS = {
    Purpose.COMMUNICATION: N_("Needed to communicate"),
    Purpose.REQUESTED_SERVICE: N_("Needed for a service you asked for"),
    Purpose.ANALYTICS: N_("Analytics"),
    Purpose.ADVERTISING: N_("Advertising"),
    Purpose.INTERACTIVE: N_("Social and interactive features"),
    Purpose.CONSENT: N_("Your consent or refusal"),
    Purpose.UNKNOWN: N_("Unknown"),
}
SHORT_LABELS = {
    Purpose.COMMUNICATION: N_("Necessary"),
    Purpose.REQUESTED_SERVICE: N_("Service you asked for"),
    Purpose.ANALYTICS: N_("Analytics"),
    Purpose.ADVERTISING: N_("Advertising"),
    Purpose.INTERACTIVE: N_("Social & embeds"),
    Purpose.CONSENT: N_("Consent record"),
    Purpose.UNKNOWN: N_("Unknown"),
}
