"""Backups of everything a deletion removes: private files, written before any change.

One JSON file per deletion in ``<data>/backups/``, readable by its owner only (0600 in a
0700 folder; on Windows the per-user data folder is private to the user). Bytes are stored as
base64. A backup is ``prepared`` before the stores change, ``applied`` once they all did,
``rolled-back`` when a failure undid the change, ``undone`` after an undo.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from inspector.errors import InspectorError
from inspector.paths import AppPaths
from inspector.settings import write_private_atomically

FORMAT = 1


class BackupError(InspectorError):
    """A backup could not be written or read."""


@dataclass(frozen=True)
class StorePart:
    """What was removed from one store."""

    browser: str
    browser_id: str
    profile: str
    family: str
    path: str
    profile_dir: str
    user_data_dir: str | None
    table: str | None = None
    columns: tuple[str, ...] = ()
    key: tuple[str, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    session_entries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    safari_records: tuple[dict[str, Any], ...] = ()

    @property
    def count(self) -> int:
        return (
            len(self.rows)
            + len(self.safari_records)
            + sum(len(entries) for entries in self.session_entries.values())
        )


@dataclass(frozen=True)
class Backup:
    id: str
    created: datetime
    description: str
    status: str
    stores: tuple[StorePart, ...]
    note: str = ""

    @property
    def count(self) -> int:
        return sum(part.count for part in self.stores)


def new_id(now: datetime) -> str:
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$b64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$b64"}:
            return base64.b64decode(value["$b64"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def to_json(backup: Backup) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "id": backup.id,
        "created": backup.created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "description": backup.description,
        "status": backup.status,
        "note": backup.note,
        "stores": [
            _encode(
                {
                    "browser": p.browser,
                    "browser_id": p.browser_id,
                    "profile": p.profile,
                    "family": p.family,
                    "path": p.path,
                    "profile_dir": p.profile_dir,
                    "user_data_dir": p.user_data_dir,
                    "table": p.table,
                    "columns": list(p.columns),
                    "key": list(p.key),
                    "rows": [list(r) for r in p.rows],
                    "session_entries": p.session_entries,
                    "safari_records": list(p.safari_records),
                }
            )
            for p in backup.stores
        ],
    }


def from_json(data: dict[str, Any]) -> Backup:
    if data.get("format") != FORMAT:
        raise ValueError(f"unknown backup format {data.get('format')!r}")
    parts = []
    for raw in data["stores"]:
        item = _decode(raw)
        parts.append(
            StorePart(
                browser=item["browser"],
                browser_id=item["browser_id"],
                profile=item["profile"],
                family=item["family"],
                path=item["path"],
                profile_dir=item["profile_dir"],
                user_data_dir=item.get("user_data_dir"),
                table=item.get("table"),
                columns=tuple(item.get("columns", [])),
                key=tuple(item.get("key", [])),
                rows=tuple(tuple(r) for r in item.get("rows", [])),
                session_entries=item.get("session_entries", {}),
                safari_records=tuple(item.get("safari_records", [])),
            )
        )
    created = datetime.strptime(data["created"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return Backup(
        data["id"],
        created,
        data.get("description", ""),
        data["status"],
        tuple(parts),
        data.get("note", ""),
    )


class BackupStore:
    """The folder of backups."""

    def __init__(self, paths: AppPaths) -> None:
        self.folder = paths.backups_dir
        self._paths = paths

    def _file(self, backup_id: str) -> Path:
        if not backup_id or any(c in backup_id for c in "/\\."):
            raise BackupError(
                f"{backup_id!r} is not a backup id.",
                advice="Use an id from 'cookie-inspector undo --list'.",
            )
        return self.folder / f"{backup_id}.json"

    def write(self, backup: Backup) -> Path:
        path = self._file(backup.id)
        try:
            self._paths.ensure_private(self.folder)
            write_private_atomically(path, json.dumps(to_json(backup)).encode("utf-8"))
        except OSError as error:
            raise BackupError(
                f"The backup could not be written to {self.folder} ({error.strerror or error}).",
                path=self.folder,
                advice="Free some disk space or check that the folder is writable, then try "
                "again. Nothing was deleted.",
            ) from None
        return path

    def set_status(self, backup: Backup, status: str, note: str = "") -> Backup:
        updated = replace(backup, status=status, note=note or backup.note)
        self.write(updated)
        return updated

    def load(self, backup_id: str) -> Backup:
        path = self._file(backup_id)
        try:
            return from_json(json.loads(path.read_text("utf-8")))
        except FileNotFoundError:
            raise BackupError(
                f"There is no backup {backup_id}.",
                path=path,
                advice="See 'cookie-inspector undo --list'.",
            ) from None
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise BackupError(
                f"The backup {path} cannot be read ({error}).",
                path=path,
                advice="It may be damaged; it cannot be used for undo.",
            ) from None

    def all(self) -> list[Backup]:
        """Every readable backup, newest first."""
        if not self.folder.is_dir():
            return []
        backups = []
        for path in self.folder.glob("*.json"):
            try:
                backups.append(from_json(json.loads(path.read_text("utf-8"))))
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return sorted(backups, key=lambda b: (b.created, b.id), reverse=True)

    def latest_undoable(self) -> Backup | None:
        return next((b for b in self.all() if b.status == "applied"), None)

    def purge(self, older_than_days: int | None, now: datetime | None = None) -> int:
        """Delete backups older than the retention period (all when None)."""
        now = now or datetime.now(UTC)
        removed = 0
        for backup in self.all():
            if older_than_days is None or now - backup.created > timedelta(days=older_than_days):
                self._file(backup.id).unlink(missing_ok=True)
                removed += 1
        return removed
