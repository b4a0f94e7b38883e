"""The password Chromium keeps in the Secret Service (GNOME Keyring, KeePassXC, ...) or in
KWallet on Linux, asked for over D-Bus.

Chromium stores it with the libsecret schema ``chrome_libsecret_os_crypt_password_v2`` (older
builds ``_v1``) and the attribute ``application`` (``chrome``, ``chromium``, ``brave``, ...);
in KWallet as "<Browser> Safe Storage" in the folder "<Browser> Keys". A locked collection is
unlocked through the Secret Service's own prompt (the desktop asks for the login password);
a prompt that is dismissed is a refusal, never retried behind the person's back.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Any

from inspector.keys.problems import KeyProblem, KeyUnavailableError

SCHEMAS = ("chrome_libsecret_os_crypt_password_v2", "chrome_libsecret_os_crypt_password_v1")
# browser id -> the application attribute Chromium-family browsers write (first match wins)
APPLICATIONS = {
    "chrome": ("chrome",),
    "chromium": ("chromium",),
    "brave": ("brave",),
    "edge": ("microsoft-edge", "chromium"),
    "opera": ("opera", "chromium"),
    "opera-gx": ("opera", "chromium"),
    "vivaldi": ("vivaldi", "chrome"),
}
KWALLET_NAMES = {
    "chrome": "Chrome",
    "chromium": "Chromium",
    "brave": "Brave",
    "edge": "Microsoft Edge",
    "opera": "Opera",
    "opera-gx": "Opera",
    "vivaldi": "Vivaldi",
}
PROMPT_TIMEOUT_SECONDS = 120.0
_SERVICE = "org.freedesktop.secrets"
_SERVICE_PATH = "/org/freedesktop/secrets"


def password(browser_id: str) -> bytes:
    """The browser's password from the Secret Service, else KWallet; KeyUnavailableError if none."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        raise KeyUnavailableError(KeyProblem.NO_SESSION_BUS)
    try:
        return secret_service_password(browser_id)
    except KeyUnavailableError as error:
        if error.problem is not KeyProblem.NO_SECRET_SERVICE:
            raise
        found = kwallet_password(browser_id)
        if found is None:
            raise
        return found


def secret_service_password(browser_id: str) -> bytes:
    from jeepney import DBusAddress, DBusErrorResponse, new_method_call
    from jeepney.io.blocking import open_dbus_connection
    from jeepney.wrappers import unwrap_msg

    service = DBusAddress(
        _SERVICE_PATH, bus_name=_SERVICE, interface="org.freedesktop.Secret.Service"
    )
    try:
        with open_dbus_connection(bus="SESSION") as router:

            def call(method: str, signature: str, *args: Any) -> Any:
                message = new_method_call(service, method, signature, args)
                return unwrap_msg(router.send_and_get_reply(message, timeout=10))

            items = _find_items(call, browser_id)
            if not items:
                raise KeyUnavailableError(KeyProblem.NOT_FOUND)
            unlocked, locked = items
            if not unlocked:
                unlocked = _unlock(router, call, locked)
            _algorithm, session = call("OpenSession", "sv", "plain", ("s", ""))
            secrets = call("GetSecrets", "aoo", unlocked[:1], session)[0]
            _session, _params, value, _type = secrets[unlocked[0]]
            return bytes(value)
    except DBusErrorResponse as error:
        if "ServiceUnknown" in str(error.name) or "NoReply" in str(error.name):
            raise KeyUnavailableError(KeyProblem.NO_SECRET_SERVICE) from None
        if "IsLocked" in str(error.name):
            raise KeyUnavailableError(KeyProblem.LOCKED) from None
        raise KeyUnavailableError(KeyProblem.FAILED, str(error.name)) from None
    except (OSError, ValueError, TimeoutError) as error:
        raise KeyUnavailableError(KeyProblem.NO_SESSION_BUS, type(error).__name__) from None


def _find_items(call: Any, browser_id: str) -> tuple[list[str], list[str]] | None:
    for schema in SCHEMAS:
        for application in APPLICATIONS.get(browser_id, ("chromium",)):
            unlocked, locked = call(
                "SearchItems", "a{ss}", {"xdg:schema": schema, "application": application}
            )
            if unlocked or locked:
                return list(unlocked), list(locked)
    return None


def _unlock(router: Any, call: Any, locked: list[str]) -> list[str]:
    """Unlock through the Secret Service's prompt; a dismissed prompt is a refusal."""
    from jeepney import DBusAddress, MatchRule, new_method_call
    from jeepney.bus_messages import message_bus
    from jeepney.wrappers import unwrap_msg

    unlocked, prompt = call("Unlock", "ao", locked)
    if unlocked:
        return list(unlocked)
    if prompt == "/":
        raise KeyUnavailableError(KeyProblem.LOCKED)
    rule = MatchRule(
        type="signal", interface="org.freedesktop.Secret.Prompt", member="Completed", path=prompt
    )
    unwrap_msg(router.send_and_get_reply(message_bus.AddMatch(rule), timeout=10))
    with router.filter(rule) as queue:
        address = DBusAddress(prompt, bus_name=_SERVICE, interface="org.freedesktop.Secret.Prompt")
        prompting = new_method_call(address, "Prompt", "s", ("",))
        unwrap_msg(router.send_and_get_reply(prompting, timeout=10))
        try:
            signal = router.recv_until_filtered(queue, timeout=PROMPT_TIMEOUT_SECONDS)
        except TimeoutError:
            raise KeyUnavailableError(KeyProblem.LOCKED) from None
    dismissed, result = signal.body
    if dismissed:
        raise KeyUnavailableError(KeyProblem.REFUSED)
    _signature, paths = result
    return list(paths) or locked


def kwallet_password(browser_id: str) -> bytes | None:
    """KWallet through its own command-line tool, when it is installed."""
    tool = shutil.which("kwallet-query")
    if tool is None:
        return None
    name = KWALLET_NAMES.get(browser_id, "Chromium")
    try:
        done = subprocess.run(
            [
                tool,
                "--read-password",
                f"{name} Safe Storage",
                "--folder",
                f"{name} Keys",
                "kdewallet",
            ],
            capture_output=True,
            timeout=PROMPT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = done.stdout.strip()
    if done.returncode != 0 or not text or text.lower().startswith(b"failed to read"):
        return None
    return text
