"""Why a browser's key could not be had, in words a person can act on."""

from __future__ import annotations

from enum import StrEnum

from inspector.i18n import _


class KeyProblem(StrEnum):
    NOT_ASKED = "not-asked"  # the person has not allowed asking the keyring (yet)
    NO_SESSION_BUS = "no-session-bus"
    NO_SECRET_SERVICE = "no-secret-service"
    NOT_FOUND = "not-found"
    LOCKED = "locked"
    REFUSED = "refused"
    APP_BOUND = "app-bound"  # Windows v20
    UNSUPPORTED = "unsupported"
    FAILED = "failed"


class KeyUnavailableError(Exception):
    def __init__(self, problem: KeyProblem, detail: str = "") -> None:
        super().__init__(problem.value, detail)
        self.problem = problem
        self.detail = detail


def describe(problem: KeyProblem) -> str:
    """One sentence: why the values encrypted with this key cannot be shown."""
    texts = {
        KeyProblem.NOT_ASKED: _(
            "This value is encrypted with a key kept in the system keyring (or macOS "
            "Keychain), which was not asked for it. Use 'Show values' (or --decrypt) to allow "
            "that; your system may ask for your permission."
        ),
        KeyProblem.NO_SESSION_BUS: _(
            "The system keyring could not be reached (there is no D-Bus session), so values "
            "encrypted with its key cannot be shown."
        ),
        KeyProblem.NO_SECRET_SERVICE: _(
            "No keyring service (GNOME Keyring, KWallet or another Secret Service) is running, "
            "so values encrypted with the browser's keyring key cannot be shown."
        ),
        KeyProblem.NOT_FOUND: _(
            "The system keyring holds no key for this browser, so its encrypted values cannot "
            "be shown."
        ),
        KeyProblem.LOCKED: _(
            "The system keyring is locked and was not unlocked, so values encrypted with its "
            "key cannot be shown. Unlock it (log in again, or open Passwords and Keys) and "
            "retry."
        ),
        KeyProblem.REFUSED: _(
            "Access to the browser's key was refused, so its encrypted values cannot be "
            "shown. Retry and allow it to read them."
        ),
        KeyProblem.APP_BOUND: _(
            "Chrome protects this value with app-bound encryption (v20), which only the browser "
            "itself can undo. The cookie is listed; its value cannot be shown."
        ),
        KeyProblem.UNSUPPORTED: _(
            "This value is encrypted in a way Cookie Inspector does not know; the cookie is "
            "listed, its value cannot be shown."
        ),
        KeyProblem.FAILED: _("The browser's decryption key could not be obtained."),
    }
    return texts[problem]
