"""Per-user folders: settings, backups and imported catalogues; and the private files in them.

Nothing is resolved at import time. ``COOKIE_INSPECTOR_HOME`` (or ``--home`` on the command
line) redirects every per-user path into one folder; tests use it.

The program's own files hold cookie values, so they are written so that nobody else can read
them or redirect them: folders 0700, files 0600, and a symbolic link where one of them should
be is refused, never followed (someone could have planted it to have a backup written — or
its permissions changed — somewhere else).
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from inspector.atomic import write_atomically
from inspector.errors import InspectorError
from inspector.i18n import _

APP_NAME = "cookie-inspector"
ENVIRONMENT_VARIABLE = "COOKIE_INSPECTOR_HOME"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_POSIX = os.name != "nt"


class UnsafePathError(InspectorError):
    """One of the program's own files or folders is a link, not a folder, or someone else's."""


@dataclass(frozen=True, slots=True)
class AppPaths:
    config_dir: Path
    data_dir: Path

    @classmethod
    def resolve(cls, home: Path | str | None = None) -> AppPaths:
        home = home or os.environ.get(ENVIRONMENT_VARIABLE)
        if home:
            root = Path(home).expanduser().absolute()
            return cls(root / "config", root / "data")
        return cls(
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)).absolute(),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)).absolute(),
        )

    @property
    def imported_dir(self) -> Path:
        return self.data_dir / "imported"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / "deletion.lock"

    def ensure_private(self, folder: Path) -> Path:
        """Create a folder only its owner can enter, checking every folder of ours on the way
        (from the data or config folder down): each must be a real folder of this user."""
        for root in (self.data_dir, self.config_dir):
            if folder == root or root in folder.parents:
                root.parent.mkdir(parents=True, exist_ok=True)
                chain = [root, *reversed([p for p in folder.parents if root in p.parents])]
                if folder != root:
                    chain.append(folder)
                for step in chain:
                    private_folder(step)
                return folder
        folder.parent.mkdir(parents=True, exist_ok=True)
        private_folder(folder)
        return folder


def refuse_link(path: Path) -> UnsafePathError:
    return UnsafePathError(
        _(
            "{path} is a symbolic link. Cookie Inspector never follows links for its own "
            "files, so that what it writes cannot be sent somewhere else."
        ).format(path=path),
        path=path,
        advice=_("Remove the link (or choose another folder with --home), then try again."),
    )


def _refuse_owner(path: Path) -> UnsafePathError:
    return UnsafePathError(
        _("{path} belongs to another user.").format(path=path),
        path=path,
        advice=_("Remove it or choose another folder with --home, then try again."),
    )


def check_owner(path: Path, info: os.stat_result) -> None:
    if _POSIX and info.st_uid != os.getuid():
        raise _refuse_owner(path)


def private_folder(path: Path) -> None:
    """Make ``path`` a folder only this user can enter; refuse a link or someone else's."""
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        pass
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise refuse_link(path)
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafePathError(
            _("{path} should be a folder but is a file.").format(path=path),
            path=path,
            advice=_("Move the file away, then try again."),
        )
    check_owner(path, info)
    if not _POSIX:
        return
    descriptor = os.open(path, os.O_RDONLY | _DIRECTORY | _NOFOLLOW)
    try:
        opened = os.fstat(descriptor)
        if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
            raise refuse_link(path)  # swapped between the check and the open
        if stat.S_IMODE(opened.st_mode) != 0o700:
            os.fchmod(descriptor, 0o700)
    finally:
        os.close(descriptor)


def check_not_link(path: Path) -> None:
    """Refuse when ``path`` exists as a symbolic link."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise refuse_link(path)


def write_private(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``, readable by its owner only, all or nothing and durable
    once this returns (the file and the folder entry are both synced). The folder must already
    be private (see :meth:`AppPaths.ensure_private`); a link at ``path`` is refused."""
    check_not_link(path)
    # The temporary file is created O_EXCL and renamed over the path: a link there is
    # replaced itself, never written through.
    write_atomically(path, data, mode=0o600)


def read_private(path: Path) -> bytes:
    """The bytes of one of our own files, refusing a symbolic link in its place."""
    if not _NOFOLLOW:
        check_not_link(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_BINARY", 0))
    except OSError as error:
        if _NOFOLLOW and error.errno == errno.ELOOP:
            raise refuse_link(path) from None
        raise
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise UnsafePathError(
                _("{path} is not a regular file.").format(path=path),
                path=path,
                advice=_("Move it away, then try again."),
            )
        check_owner(path, info)
        return handle.read()
