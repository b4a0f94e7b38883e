"""The purposes of the cookie policy: the product's vocabulary."""

from __future__ import annotations

from enum import StrEnum


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
        return LABELS[self]

    @property
    def is_tracking(self) -> bool:
        return self in (Purpose.ANALYTICS, Purpose.ADVERTISING)

    @property
    def strictly_necessary(self) -> bool:
        return self in (Purpose.COMMUNICATION, Purpose.REQUESTED_SERVICE)


LABELS = {
    Purpose.COMMUNICATION: "Needed to communicate",
    Purpose.REQUESTED_SERVICE: "Needed for a service you asked for",
    Purpose.ANALYTICS: "Analytics",
    Purpose.ADVERTISING: "Advertising",
    Purpose.INTERACTIVE: "Social and interactive features",
    Purpose.CONSENT: "Your consent or refusal",
    Purpose.UNKNOWN: "Unknown",
}
