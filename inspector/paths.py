"""Per-user folders: settings, backups and imported catalogues.

Nothing is resolved at import time. ``COOKIE_INSPECTOR_HOME`` (or ``--home`` on the command
line) redirects every per-user path into one folder; tests use it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "cookie-inspector"
ENVIRONMENT_VARIABLE = "COOKIE_INSPECTOR_HOME"


@dataclass(frozen=True, slots=True)
class AppPaths:
    config_dir: Path
    data_dir: Path

    @classmethod
    def resolve(cls, home: Path | str | None = None) -> AppPaths:
        home = home or os.environ.get(ENVIRONMENT_VARIABLE)
        if home:
            root = Path(home).expanduser()
            return cls(root / "config", root / "data")
        return cls(
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
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

    def ensure_private(self, folder: Path) -> Path:
        """Create a folder only its owner can enter."""
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.name != "nt":
            folder.chmod(0o700)
        return folder
