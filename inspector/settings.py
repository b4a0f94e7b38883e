"""The person's settings, kept in the per-user config folder and written atomically."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from inspector.errors import InspectorError
from inspector.i18n import _
from inspector.paths import private_folder, read_private, write_private

DEFAULT_RETENTION_DAYS = 30


@dataclass(frozen=True, slots=True)
class Settings:
    keep_sites: tuple[str, ...] = ()  # sites never touched by bulk deletions
    keep_consent: bool = True  # keep consent and refusal records in bulk deletions
    backup_retention_days: int = DEFAULT_RETENTION_DAYS
    language: str = ""  # "" follows the system's locale; else "en", "fr" ... (--lang wins)
    country: str = ""  # "" follows the locale's territory; else ISO 3166 "FR" (authority shown)
    # reading consent records whose values need the system keyring or Keychain (which may
    # show its own prompt): "ask" once with a sentence saying why, "allow", or "deny"
    keyring_access: str = "ask"
    extra: dict[str, Any] = field(default_factory=dict)  # GUI state and future settings

    def with_keep_sites(self, sites: list[str]) -> Settings:
        cleaned = sorted({normalise_site(site) for site in sites if normalise_site(site)})
        return replace(self, keep_sites=tuple(cleaned))


def normalise_site(site: str) -> str:
    return (
        site.strip()
        .lower()
        .lstrip(".")
        .removeprefix("https://")
        .removeprefix("http://")
        .split("/")[0]
    )


def load_settings(path: Path) -> Settings:
    """The saved settings; defaults when there are none. A damaged file is an error, never
    silently an empty keep list (that would let a bulk deletion touch kept sites)."""
    try:
        data = json.loads(read_private(path).decode("utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as error:
        raise InspectorError(
            _("The settings file {path} cannot be read ({error}).").format(path=path, error=error),
            path=path,
            advice=_(
                "Fix or delete the file; deleting it resets your keep list and other settings."
            ),
        ) from None
    if not isinstance(data, dict):
        raise InspectorError(
            _("The settings file {path} is damaged.").format(path=path),
            path=path,
            advice=_("Delete it to start with default settings."),
        )
    sites = data.get("keep_sites", [])
    retention = data.get("backup_retention_days", DEFAULT_RETENTION_DAYS)
    return Settings(
        keep_sites=tuple(str(s) for s in sites) if isinstance(sites, list) else (),
        keep_consent=bool(data.get("keep_consent", True)),
        backup_retention_days=int(retention)
        if isinstance(retention, int) and retention > 0
        else DEFAULT_RETENTION_DAYS,
        language=_short_code(data.get("language")),
        country=_short_code(data.get("country")).upper(),
        keyring_access=_keyring_access(data.get("keyring_access")),
        extra=data.get("extra", {}) if isinstance(data.get("extra"), dict) else {},
    )


KEYRING_ACCESS = ("ask", "allow", "deny")


def _keyring_access(value: object) -> str:
    return value if isinstance(value, str) and value in KEYRING_ACCESS else "ask"


def _short_code(value: object) -> str:
    """A language or country code from the file; anything else means "follow the system"."""
    if isinstance(value, str) and 2 <= len(value) <= 3 and value.isalpha():
        return value.lower()
    return ""


def save_settings(path: Path, settings: Settings) -> None:
    write_private_atomically(path, json.dumps(asdict(settings), indent=1).encode("utf-8"))


def write_private_atomically(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only, all or nothing, surviving a crash; its folder
    is made private too, and a link in place of either is refused."""
    path.parent.parent.mkdir(parents=True, exist_ok=True)
    private_folder(path.parent)
    write_private(path, data)
