"""Backups of everything a deletion removes: private files, durable before any change.

Each deletion has two files in ``<data>/backups/``, readable by their owner only (0600 in a
0700 folder, links refused):

- ``<id>.json``, the backup itself: every removed row with all its columns, the absolute path
  and the identity of each store. It is written once, synced (file and folder) before any store
  commits, and rewritten only to scrub the values once they are no longer needed;
- ``<id>.state``, a tiny marker with the outcome, written atomically after the fact.

The status of a deletion is the marker's (``applied``, ``rolled-back``, ``interrupted``,
``undone``), or ``prepared`` while there is no marker yet: the deletion is running, or its
process died between writing the backup and writing the marker. A ``prepared`` backup is
reconciled against the stores (see :mod:`inspector.deletion.recovery`) before anything else is
done with it, and never purged. Bytes are stored as base64.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from inspector.errors import InspectorError
from inspector.i18n import _
from inspector.paths import AppPaths, UnsafePathError, read_private, write_private

FORMAT = 2
READABLE_FORMATS = (1, 2)


class BackupStatus(StrEnum):
    """Where a deletion stands (the JSON value of ``undo --list --json``'s ``status``)."""

    PREPARED = "prepared"  # backup durable, no outcome yet: running, or to be reconciled
    APPLIED = "applied"  # the stores changed; undo restores
    ROLLED_BACK = "rolled-back"  # a failure put everything back
    INTERRUPTED = "interrupted"  # the process died before any store changed
    UNDONE = "undone"


PREPARED = BackupStatus.PREPARED
APPLIED = BackupStatus.APPLIED
ROLLED_BACK = BackupStatus.ROLLED_BACK
INTERRUPTED = BackupStatus.INTERRUPTED
UNDONE = BackupStatus.UNDONE
FINAL = (ROLLED_BACK, INTERRUPTED, UNDONE)  # the values are no longer needed

VALUE_COLUMNS = frozenset({"value", "encrypted_value"})


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
    # (st_dev, st_ino) of the store file and of its folder when the backup was made
    identity: dict[str, list[int]] = field(default_factory=dict)
    safari_original: bytes | None = None  # the file's bytes before the deletion
    safari_written: str | None = None  # sha256 of the bytes the deletion wrote

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
    scrubbed: bool = False  # values removed: only the history is left
    pid: int = 0  # the process that made the deletion

    @property
    def count(self) -> int:
        return sum(part.count for part in self.stores)


def new_id(now: datetime) -> str:
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$b64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, list | tuple):
        # (a row's cells are mostly text and numbers, kept as they are without a call)
        return [_encode(v) if isinstance(v, _NESTED) else v for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    return value


_NESTED = (bytes, list, tuple, dict)


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
        "pid": backup.pid,
        "scrubbed": backup.scrubbed,
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
                    "identity": p.identity,
                    "table": p.table,
                    "columns": list(p.columns),
                    "key": list(p.key),
                    "rows": [list(r) for r in p.rows],
                    "session_entries": p.session_entries,
                    "safari_records": list(p.safari_records),
                    "safari_original": p.safari_original,
                    "safari_written": p.safari_written,
                }
            )
            for p in backup.stores
        ],
    }


def from_json(data: dict[str, Any], state: dict[str, Any] | None = None) -> Backup:
    """A backup from its file and its state marker (``None``: there is no marker)."""
    if data.get("format") not in READABLE_FORMATS:
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
                identity=item.get("identity") or {},
                safari_original=item.get("safari_original"),
                safari_written=item.get("safari_written"),
            )
        )
    created = datetime.strptime(data["created"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    if state is not None:
        status, note = str(state["status"]), str(state.get("note", ""))
    elif data["format"] == 1:  # the status lived in the backup itself
        status, note = str(data["status"]), str(data.get("note", ""))
    else:
        status, note = PREPARED, ""
    if status in BackupStatus._value2member_map_:
        status = BackupStatus(status)
    return Backup(
        data["id"],
        created,
        data.get("description", ""),
        status,
        tuple(parts),
        note,
        scrubbed=bool(data.get("scrubbed", False)),
        pid=int(data.get("pid", 0) or 0),
    )


def scrubbed(backup: Backup) -> Backup:
    """The backup without any cookie value: what the history shows is kept (which store, how
    many cookies, their hosts and names)."""
    parts = []
    for part in backup.stores:
        blank = [i for i, column in enumerate(part.columns) if column in VALUE_COLUMNS]
        rows = tuple(
            tuple(None if i in blank else v for i, v in enumerate(row)) for row in part.rows
        )
        sessions = {
            path: [{k: v for k, v in entry.items() if k != "value"} for entry in entries]
            for path, entries in part.session_entries.items()
        }
        records = tuple({**record, "value": ""} for record in part.safari_records)
        parts.append(
            replace(
                part,
                rows=rows,
                session_entries=sessions,
                safari_records=records,
                safari_original=None,
            )
        )
    return replace(backup, stores=tuple(parts), scrubbed=True)


class BackupStore:
    """The folder of backups."""

    def __init__(self, paths: AppPaths) -> None:
        self.folder = paths.backups_dir
        self._paths = paths

    def _file(self, backup_id: str, suffix: str = ".json") -> Path:
        if not backup_id or any(c in backup_id for c in "/\\.") or backup_id.startswith("-"):
            raise BackupError(
                _("{id!r} is not a backup id.").format(id=backup_id),
                advice=_("Use an id from 'cookie-inspector undo --list'."),
            )
        return self.folder / f"{backup_id}{suffix}"

    def _write(self, path: Path, data: bytes) -> None:
        try:
            self._paths.ensure_private(self.folder)
            write_private_atomically(path, data)
        except UnsafePathError:
            raise
        except OSError as error:
            raise BackupError(
                _(
                    "The backup could not be written to {folder} ({reason}). Nothing was deleted."
                ).format(folder=self.folder, reason=error.strerror or error),
                path=self.folder,
                advice=_(
                    "Free some disk space or check that the folder is writable, then try again."
                ),
            ) from None

    def write(self, backup: Backup) -> Path:
        """Write the backup itself; durable (file and folder synced) when this returns. A
        backup with an outcome other than ``prepared`` gets its marker too."""
        path = self._file(backup.id)
        self._write(path, json.dumps(to_json(backup)).encode("utf-8"))
        if backup.status != PREPARED:
            self.set_status(backup, backup.status, backup.note)
        return path

    def set_status(self, backup: Backup, status: str, note: str = "") -> Backup:
        """Record the outcome in the small marker file (never a rewrite of the backup)."""
        updated = replace(backup, status=status, note=note or backup.note)
        marker = {
            "status": status,
            "note": updated.note,
            "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "scrubbed": updated.scrubbed,
        }
        self._write(self._file(backup.id, ".state"), json.dumps(marker).encode("utf-8"))
        return updated

    def scrub(self, backup: Backup) -> Backup:
        """Remove the values from a backup that no longer needs them."""
        if backup.scrubbed:
            return backup
        clean = scrubbed(backup)
        path = self._file(backup.id)
        self._write(path, json.dumps(to_json(clean)).encode("utf-8"))
        if clean.status != PREPARED:  # so that recovery need not open the backup again
            self.set_status(clean, clean.status, clean.note)
        return clean

    def _read(self, backup_id: str) -> Backup:
        data = json.loads(read_private(self._file(backup_id)).decode("utf-8"))
        try:
            state = json.loads(read_private(self._file(backup_id, ".state")).decode("utf-8"))
        except FileNotFoundError:
            state = None
        return from_json(data, state)

    def load(self, backup_id: str) -> Backup:
        path = self._file(backup_id)
        try:
            return self._read(backup_id)
        except FileNotFoundError:
            raise BackupError(
                _("There is no backup {id}.").format(id=backup_id),
                path=path,
                advice=_("See 'cookie-inspector undo --list'."),
            ) from None
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise BackupError(
                _("The backup {path} cannot be read ({reason}).").format(path=path, reason=error),
                path=path,
                advice=_("It may be damaged; it cannot be used for undo."),
            ) from None

    def ids(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return [p.stem for p in self.folder.glob("*.json") if not p.name.startswith(".")]

    def unsettled(self) -> list[Backup]:
        """The backups recovery must look at: no outcome yet, or values still to scrub.
        Only their small markers are read to find them."""
        found = []
        for backup_id in self.ids():
            try:
                marker = read_private(self._file(backup_id, ".state"))
                state = json.loads(marker.decode("utf-8"))
                if state.get("status") not in FINAL or state.get("scrubbed"):
                    continue
            except FileNotFoundError:
                pass  # prepared
            except (OSError, ValueError, AttributeError, InspectorError):
                continue
            try:
                found.append(self._read(backup_id))
            except (OSError, ValueError, KeyError, TypeError, InspectorError):
                continue
        return found

    def all(self) -> list[Backup]:
        """Every readable backup, newest first."""
        backups = []
        for backup_id in self.ids():
            try:
                backups.append(self._read(backup_id))
            except (OSError, ValueError, KeyError, TypeError, InspectorError):
                continue
        return sorted(backups, key=lambda b: (b.created, b.id), reverse=True)

    def latest_undoable(self) -> Backup | None:
        return next((b for b in self.all() if b.status == APPLIED), None)

    def remove(self, backup_id: str) -> None:
        self._file(backup_id, ".state").unlink(missing_ok=True)
        self._file(backup_id).unlink(missing_ok=True)

    def leftovers(self) -> list[Path]:
        """Temporary files of a write that a crash interrupted (they may hold values)."""
        if not self.folder.is_dir():
            return []
        return [p for p in self.folder.glob(".*.tmp") if p.is_file() and not p.is_symlink()]

    def purge(self, older_than_days: int | None, now: datetime | None = None) -> int:
        """Delete backups older than the retention period (all when None). A ``prepared``
        backup is kept whatever its age: it may be the only copy of deleted rows until it is
        reconciled."""
        now = now or datetime.now(UTC)
        removed = 0
        for backup in self.all():
            if backup.status == PREPARED:
                continue
            if older_than_days is None or now - backup.created > timedelta(days=older_than_days):
                self.remove(backup.id)
                removed += 1
        return removed


def write_private_atomically(path: Path, data: bytes) -> None:
    """One of our private files, durable when this returns (a test hook replaces it)."""
    write_private(path, data)
