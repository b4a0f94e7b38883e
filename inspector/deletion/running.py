"""Is the browser that owns a store running? Checked through the locks the browsers hold."""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
from pathlib import Path

from inspector.errors import BrowserRunningError
from inspector.i18n import _
from inspector.model import Family, Store


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to someone else
    except OSError:
        return False
    return True


def _chromium_singleton(user_data: Path) -> str | None:
    """Chromium's ``SingletonLock`` symlink points at ``<hostname>-<pid>``."""
    lock = user_data / "SingletonLock"
    try:
        target = str(lock.readlink())
    except FileNotFoundError:
        return None
    except OSError:
        return "its SingletonLock file is present" if lock.exists() else None
    host, _, pid_text = target.rpartition("-")
    if not pid_text.isdigit():
        return "its SingletonLock is present"
    if host and host != socket.gethostname():
        return f"it holds a lock from the computer {host}"
    return f"process {pid_text} holds its profile lock" if _pid_alive(int(pid_text)) else None


def _windows_exclusive(path: Path) -> bool:
    """Chromium (and Firefox's parent.lock) open files without sharing on Windows."""
    try:
        with path.open("r+b"):
            return False
    except PermissionError as error:
        return getattr(error, "winerror", None) in (32, 33) or error.errno == errno.EACCES
    except OSError:
        return False


def _firefox_lock(profile: Path) -> str | None:
    link = profile / "lock"
    try:
        target = str(link.readlink())
    except OSError:
        target = ""
    if target:
        _, _, pid_text = target.rpartition("+")
        if pid_text.isdigit() and _pid_alive(int(pid_text)):
            return f"process {pid_text} holds its profile lock"
    if os.name == "nt":
        parent = profile / "parent.lock"
        return "its parent.lock is held" if parent.exists() and _windows_exclusive(parent) else None
    return _fcntl_held(profile / ".parentlock")


def _fcntl_held(path: Path) -> str | None:
    if not path.exists():
        return None
    import fcntl

    try:
        descriptor = os.open(path, os.O_RDWR)
    except OSError:
        return None
    try:
        fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return "its profile lock (.parentlock) is held"
    else:
        fcntl.lockf(descriptor, fcntl.LOCK_UN)
        return None
    finally:
        os.close(descriptor)


def _safari_running() -> str | None:
    if _platform() != "darwin":
        return None
    try:
        done = subprocess.run(
            ["pgrep", "-x", "Safari"], capture_output=True, timeout=5, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return "Safari is open" if done.returncode == 0 else None


def _platform() -> str:
    return sys.platform  # through a call, so that type checkers keep every branch


def running_reason(store: Store) -> str | None:
    """Why the store's browser counts as running, or None when it is closed."""
    if store.family is Family.CHROMIUM:
        reason = _chromium_singleton(store.user_data_dir or store.profile_dir.parent)
        if reason is None and os.name == "nt" and _windows_exclusive(store.path):
            reason = "it holds its cookie file open"
        return reason
    if store.family is Family.FIREFOX:
        return _firefox_lock(store.profile_dir)
    return _safari_running()


def refuse_if_running(stores: list[Store]) -> None:
    """Raise one error naming every running browser; nothing has been written."""
    running = [(store, reason) for store in stores if (reason := running_reason(store)) is not None]
    if not running:
        return
    names = "; ".join(f"{s.browser} (profile {s.profile}: {r})" for s, r in running)
    first = running[0][0]
    raise BrowserRunningError(
        _("{names} is running, so its cookies cannot be changed safely.").format(names=names),
        path=first.path,
        advice=_(
            "Close the browser completely (all its windows), then try again. Nothing was changed."
        ),
    )
