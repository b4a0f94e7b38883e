"""The "<Browser> Safe Storage" password from the macOS Keychain, through ``security``.

The first read by a program may make macOS show its own prompt (Allow / Always Allow / Deny);
the window explains that before asking (see inspector/gui). A denied prompt ends the command
with status 51 (errSecAuthFailed) or 128 (user cancelled).
"""

from __future__ import annotations

import subprocess

from inspector.keys.problems import KeyProblem, KeyUnavailableError

SERVICES = {
    "chrome": ("Chrome Safe Storage", "Chrome"),
    "chromium": ("Chromium Safe Storage", "Chromium"),
    "brave": ("Brave Safe Storage", "Brave"),
    "edge": ("Microsoft Edge Safe Storage", "Microsoft Edge"),
    "opera": ("Opera Safe Storage", "Opera"),
    "opera-gx": ("Opera Safe Storage", "Opera"),
    "vivaldi": ("Vivaldi Safe Storage", "Vivaldi"),
}
_NOT_FOUND = 44  # errSecItemNotFound
TIMEOUT_SECONDS = 120.0


def password(browser_id: str) -> bytes:
    service, account = SERVICES.get(browser_id, SERVICES["chromium"])
    try:
        done = subprocess.run(
            ["/usr/bin/security", "find-generic-password", "-w", "-s", service, "-a", account],
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise KeyUnavailableError(KeyProblem.REFUSED) from None
    except OSError as error:
        raise KeyUnavailableError(KeyProblem.FAILED, str(error)) from None
    if done.returncode == _NOT_FOUND:
        raise KeyUnavailableError(KeyProblem.NOT_FOUND)
    if done.returncode != 0:
        raise KeyUnavailableError(KeyProblem.REFUSED, done.stderr.decode(errors="replace").strip())
    return done.stdout.rstrip(b"\n")
