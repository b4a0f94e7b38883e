"""A real, unlocked GNOME Keyring on a private D-Bus session bus, for tests (no display).

The recipe (../shared/research/cookie-stores.md): a private HOME whose keyrings/default file
names the collection "login"; ``gnome-keyring-daemon --unlock --components=secrets`` reading
the login password on stdin; the browser's key stored with ``secret-tool`` under Chromium's
own schema, so that no prompt is ever needed. Leaving the block ends the bus (the keyring
daemon exits with it).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TOOLS = ("dbus-daemon", "gnome-keyring-daemon", "secret-tool")
CHROMIUM_SCHEMA = "chrome_libsecret_os_crypt_password_v2"


def keyring_available() -> bool:
    return all(shutil.which(tool) for tool in TOOLS)


@dataclass(frozen=True)
class SecretService:
    bus_address: str
    home: Path

    @property
    def environment(self) -> dict[str, str]:
        return {"DBUS_SESSION_BUS_ADDRESS": self.bus_address}

    def store_browser_key(self, application: str, label: str, key: str) -> None:
        subprocess.run(
            [
                "secret-tool",
                "store",
                f"--label={label}",
                "xdg:schema",
                CHROMIUM_SCHEMA,
                "application",
                application,
            ],
            input=key.encode(),
            env=self._env(),
            check=True,
            timeout=30,
        )

    def _env(self) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
            "XDG_RUNTIME_DIR": str(self.home / "run"),
            **self.environment,
        }


@contextlib.contextmanager
def secret_service(home: Path, login_password: str = "login-password") -> Iterator[SecretService]:
    """Start a private session bus and an unlocked GNOME Keyring on it."""
    keyrings = home / ".local" / "share" / "keyrings"
    keyrings.mkdir(parents=True, exist_ok=True)
    (keyrings / "default").write_text("login")  # the default collection, without a prompt
    (home / "run").mkdir(mode=0o700, exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_RUNTIME_DIR": str(home / "run"),
    }
    started = subprocess.run(
        ["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
        capture_output=True,
        env=env,
        check=True,
        timeout=30,
        text=True,
    )
    address, pid = started.stdout.split()[:2]
    try:
        service = SecretService(address, home)
        subprocess.run(
            ["gnome-keyring-daemon", "--daemonize", "--unlock", "--components=secrets"],
            input=login_password.encode(),
            env=service._env(),
            capture_output=True,
            check=True,
            timeout=30,
        )
        yield service
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(pid), signal.SIGTERM)


CHROMIUM_KEY = "keyring-held-chromium-key"


def build_v11_chromium_profile(directory: Path, service: SecretService) -> Path:
    """Real Chromium, run over the standard scenario, keeping its key in the keyring: every
    value it writes is ``v11``. Returns the user-data folder."""
    from tests.support.browserlab import STANDARD, Browser, ChromiumSession, Lab

    service.store_browser_key("chromium", "Chromium Safe Storage", CHROMIUM_KEY)
    user_data = directory / "chromium"
    with (
        Lab(STANDARD) as lab,
        ChromiumSession(
            user_data,
            extra_args=("--password-store=gnome-libsecret",),
            environment=service.environment,
        ) as session,
    ):
        session.visit(lab.visit_urls())
        session.wait_for_cookies(lab.scenario.expected_in(Browser.CHROMIUM))
    return user_data
