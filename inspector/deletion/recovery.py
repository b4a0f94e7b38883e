"""What an interrupted deletion did, told from its backup and the stores themselves.

The states of a deletion, and how each is recovered (``recover`` runs under the deletion lock
before every deletion and undo, and when the history is shown):

- no backup file: the process died before the backup was complete (only a temporary file,
  removed here, may be left); no store was touched, because every store commits only after
  the backup is durable;
- ``prepared`` (backup written, no outcome marker): the process died somewhere between the
  backup and the marker. Each store is checked: when none of the backed-up rows (or session
  entries, or Safari records) is still there exactly as it was, that store's commit happened.
  If any store committed, the deletion is recorded as ``applied`` (undo puts back what went;
  what did not go is found "already there"); if none did, as ``interrupted`` — nothing
  changed. When a store cannot be read now the backup stays ``prepared``, is never purged, and
  is checked again next time;
- ``applied``: complete; undo restores it. An undo killed halfway leaves it ``applied``, and
  running undo again finishes the job (rows already back are recognised);
- ``rolled-back`` / ``interrupted`` / ``undone``: final. The values are scrubbed from the
  backup; if the process died before scrubbing, it is scrubbed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from inspector.deletion.backup import (
    APPLIED,
    FINAL,
    INTERRUPTED,
    PREPARED,
    Backup,
    BackupError,
    BackupStore,
    StorePart,
)
from inspector.deletion.files import SafariFile, SessionFile, record_from_json, sha256
from inspector.deletion.lock import DeletionBusyError, deletion_lock
from inspector.deletion.sqlite_store import count_present
from inspector.errors import InspectorError
from inspector.i18n import _
from inspector.paths import AppPaths
from inspector.stores.snapshot import sqlite_snapshot


def identity_of(path: Path) -> dict[str, list[int]]:
    """Which store this is, beyond its name: the file's and its folder's (device, inode)."""
    file, folder = path.stat(), path.parent.stat()
    return {"file": [file.st_dev, file.st_ino], "folder": [folder.st_dev, folder.st_ino]}


def check_identity(part: StorePart) -> None:
    """Refuse to restore into anything but the store the rows came from."""
    path = Path(part.path)
    if not path.is_absolute():
        raise BackupError(
            _(
                "The deletion recorded its store as {path}, without its full location, so "
                "Cookie Inspector cannot be sure which store to put the cookies back into."
            ).format(path=path),
            path=path,
            advice=_("This backup was made by an older version and cannot be undone safely."),
        )
    if not part.identity:
        return  # made before identities were recorded; the absolute path is all we have
    try:
        now = identity_of(path)
    except OSError as error:
        raise BackupError(
            _("The store {path} cannot be found ({reason}).").format(
                path=path, reason=error.strerror or error
            ),
            path=path,
            advice=_(
                "If the browser profile was moved or removed, these cookies cannot be put back."
            ),
        ) from None
    if not any(part.identity.get(k) == now[k] for k in ("file", "folder") if k in part.identity):
        raise BackupError(
            _(
                "{path} is not the store these cookies were deleted from: a different file and "
                "folder are at that place now. Nothing was changed."
            ).format(path=path),
            path=path,
            advice=_(
                "The profile may have been replaced or recreated; restoring into it could mix "
                "another profile's cookies in."
            ),
        )


@dataclass
class _Verdict:
    changed: bool = False  # at least one part of a store was committed
    unknown: list[str] | None = None  # why a part could not be checked


def _sqlite_changed(part: StorePart) -> bool | None:
    """True: the deletion committed (no backed-up row is still there as it was)."""
    if not part.rows or not part.table:
        return None
    with sqlite_snapshot(Path(part.path)) as connection:
        present = count_present(connection, part.table, part.columns, part.key, part.rows)
    return present == 0


def _session_changed(path: Path, entries: list[dict[str, object]]) -> bool | None:
    if not entries or not path.is_file():
        return None
    session = SessionFile.load(path)
    current = [e for lst in session._lists() for e in lst if isinstance(e, dict)]
    return not any(entry in current for entry in entries)


def _safari_changed(part: StorePart) -> bool | None:
    if not part.safari_records:
        return None
    data = Path(part.path).read_bytes()
    digest = sha256(data)
    if part.safari_written and digest == part.safari_written:
        return True
    if part.safari_original is not None and digest == sha256(part.safari_original):
        return False
    current = set(SafariFile.load(Path(part.path)).parsed.records())
    wanted = [record_from_json(r) for r in part.safari_records]
    return not any(record in current for record in wanted)


def _judge(backup: Backup) -> _Verdict:
    verdict = _Verdict()
    reasons: list[str] = []
    for part in backup.stores:
        checks: list[tuple[Path, object]] = [(Path(part.path), lambda p=part: _sqlite_changed(p))]
        checks += [
            (Path(name), lambda n=name, e=entries: _session_changed(Path(n), e))
            for name, entries in part.session_entries.items()
        ]
        checks.append((Path(part.path), lambda p=part: _safari_changed(p)))
        for path, check in checks:
            try:
                changed = check()  # type: ignore[operator]
            except (OSError, ValueError, InspectorError) as e:
                reasons.append(f"{path}: {e}")
                continue
            verdict.changed = verdict.changed or bool(changed)
    if reasons:
        verdict.unknown = reasons
    return verdict


def reconcile(backups: BackupStore, backup: Backup) -> Backup:
    """Settle a ``prepared`` backup whose process is gone. Call under the deletion lock."""
    verdict = _judge(backup)
    if verdict.changed:
        return backups.set_status(
            backup,
            APPLIED,
            note=_("Interrupted after the cookies were deleted; it can be undone."),
        )
    if verdict.unknown:
        return backup  # cannot tell yet: kept, checked again next time
    settled = backups.set_status(
        backup, INTERRUPTED, note=_("Interrupted before anything was deleted.")
    )
    return backups.scrub(settled)


def recover(paths: AppPaths) -> list[Backup]:
    """Settle every interrupted deletion and finish interrupted bookkeeping. Returns the
    backups whose status changed. Call under the deletion lock."""
    backups = BackupStore(paths)
    for leftover in backups.leftovers():
        leftover.unlink(missing_ok=True)
    changed = []
    for backup in backups.unsettled():
        if backup.status == PREPARED:
            settled = reconcile(backups, backup)
            if settled.status != PREPARED:
                changed.append(settled)
        elif backup.status in FINAL and not backup.scrubbed:
            backups.scrub(backup)
    return changed


def settle(paths: AppPaths) -> None:
    """Recover interrupted deletions now unless another deletion or undo is running (the
    window calls this when it starts; the command line's delete and undo always recover)."""
    try:
        with deletion_lock(paths):
            recover(paths)
    except DeletionBusyError:
        pass
    except InspectorError:
        pass  # the data folder cannot be written now: the next deletion or undo will


def history(paths: AppPaths) -> list[Backup]:
    """Every deletion kept, newest first, with interrupted ones settled first when no other
    deletion or undo is running (if one is, its backup shows as ``prepared``)."""
    settle(paths)
    return BackupStore(paths).all()


def describe_status(backup: Backup) -> str:
    """The status in words, for the history."""
    words = {
        APPLIED: _("Can be undone"),
        "undone": _("Undone"),
        "rolled-back": _("Failed, nothing changed"),
        INTERRUPTED: _("Interrupted, nothing changed"),
        PREPARED: _("In progress, or interrupted and not yet checked"),
    }
    return words.get(backup.status, backup.status)


__all__ = ["check_identity", "describe_status", "history", "identity_of", "recover", "settle"]
