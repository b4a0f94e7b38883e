"""The application-menu entry on Linux desktops, for every way of installing.

The bundle's install.sh, ``pip install`` and ``pipx install`` all end with the same call:
``cookie-inspector --install-desktop-entry`` writes the launcher (``.desktop``), the icon and
the AppStream data into the user's ``$XDG_DATA_HOME`` with ``Exec=`` pointing at the program
that ran it, quoted as the Desktop Entry Specification requires (a home folder with spaces
must not make the desktop drop the entry). ``--uninstall-desktop-entry`` removes exactly those
files, and only when they are ours.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from inspector.atomic import write_atomically
from inspector.errors import InspectorError
from inspector.i18n import _
from inspector.resources import resource

APP_ID = "io.github.cookie_inspector.CookieInspector"
MARKER = "X-CookieInspector-Installed-By=cookie-inspector"
# Characters that oblige an Exec argument to be quoted (Desktop Entry Specification, "The Exec
# key"), and those that must then be escaped inside the quotes.
RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
ESCAPED_IN_QUOTES = set('"`$\\')


@dataclass(frozen=True, slots=True)
class EntryFiles:
    launcher: Path
    icon: Path
    metainfo: Path
    manual: Path  # the man page, where `man cookie-inspector` finds it
    bash: Path  # bash-completion loads completions from here on demand
    zsh: Path  # add this folder to $fpath (zsh has no per-user default)
    fish: Path  # fish loads completions from here on demand

    @classmethod
    def under(cls, data_home: Path, config_home: Path) -> EntryFiles:
        return cls(
            data_home / "applications" / f"{APP_ID}.desktop",
            data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
            data_home / "metainfo" / f"{APP_ID}.metainfo.xml",
            data_home / "man" / "man1" / "cookie-inspector.1",
            data_home / "bash-completion" / "completions" / "cookie-inspector",
            data_home / "zsh" / "site-functions" / "_cookie-inspector",
            config_home / "fish" / "completions" / "cookie-inspector.fish",
        )

    def all(self) -> tuple[Path, ...]:
        return (
            self.launcher,
            self.icon,
            self.metainfo,
            self.manual,
            self.bash,
            self.zsh,
            self.fish,
        )


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def config_home() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")


def quote_exec_argument(argument: str) -> str:
    """One Exec argument, quoted and escaped by the Desktop Entry Specification, then escaped
    again as a desktop-file string value (where a backslash is written twice)."""
    if "%" in argument:
        argument = argument.replace("%", "%%")
    if any(character in RESERVED for character in argument):
        inner = "".join("\\" + c if c in ESCAPED_IN_QUOTES else c for c in argument)
        argument = f'"{inner}"'
    return argument.replace("\\", "\\\\")


def program_path() -> Path:
    """The program to start from the menu: the bundle's windowed executable, else the
    ``cookie-inspector`` script of the environment we run from."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().with_name("cookie-inspector")
    script = Path(sys.argv[0]).resolve()
    if script.name.startswith("cookie-inspector") and script.is_file():
        return script.with_name("cookie-inspector")
    found = shutil.which("cookie-inspector")
    if found is None:
        raise InspectorError(
            _("The cookie-inspector program was not found on your PATH."),
            advice=_("Run this command from the cookie-inspector program you installed."),
        )
    return Path(found).resolve()


def launcher_text(program: Path) -> str:
    template = resource("desktop", f"{APP_ID}.desktop").read_text("utf-8")
    command = quote_exec_argument(str(program))
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={command}"
        elif line.startswith("TryExec="):
            # TryExec is a plain path, not a command line: only string escaping applies.
            line = "TryExec=" + str(program).replace("\\", "\\\\")
        lines.append(line)
    lines.append(MARKER)
    return "\n".join(lines) + "\n"


def install(
    program: Path | None = None, home: Path | None = None, config: Path | None = None
) -> EntryFiles:
    """Write the launcher, icon, AppStream data, man page and completions for ``program``."""
    from inspector.cli import build_parser
    from inspector.cli_docs import completion, man_page

    files = EntryFiles.under(home or data_home(), config or home or config_home())
    program = program or program_path()
    for path in files.all():
        path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(files.launcher, launcher_text(program).encode("utf-8"))
    write_atomically(files.icon, resource("icons", "app.svg").read_bytes())
    metainfo = resource("desktop", f"{APP_ID}.metainfo.xml").read_bytes()
    write_atomically(files.metainfo, metainfo)
    parser = build_parser()
    write_atomically(files.manual, man_page(parser).encode("utf-8"))
    for shell in ("bash", "zsh", "fish"):
        write_atomically(getattr(files, shell), completion(parser, shell).encode("utf-8"))
    for path in files.all():
        path.chmod(0o644)
    refresh_caches(files)
    return files


def is_ours(launcher: Path) -> bool:
    try:
        return MARKER in launcher.read_text("utf-8", "replace").splitlines()
    except OSError:
        return False


def uninstall(home: Path | None = None, config: Path | None = None) -> list[Path]:
    """Remove what :func:`install` wrote; a launcher someone else wrote is left alone."""
    files = EntryFiles.under(home or data_home(), config or home or config_home())
    if not is_ours(files.launcher):
        return []
    removed = [path for path in files.all() if path.is_file()]
    for path in removed:
        path.unlink()
    refresh_caches(files)
    return removed


def refresh_caches(files: EntryFiles) -> None:
    """Desktops notice new launchers by themselves; this makes it immediate where it can."""
    tool = shutil.which("update-desktop-database")
    if tool:
        subprocess.run([tool, "-q", str(files.launcher.parent)], check=False, capture_output=True)
