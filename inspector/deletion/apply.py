"""Carry out a deletion plan, and undo one: backup first, all or nothing."""

from __future__ import annotations

import os
import signal
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inspector.analysis import Finding
from inspector.deletion.backup import (
    APPLIED,
    PREPARED,
    ROLLED_BACK,
    UNDONE,
    Backup,
    BackupStore,
    StorePart,
    new_id,
)
from inspector.deletion.files import (
    SafariFile,
    SessionFile,
    firefox_keys,
    record_from_json,
    record_to_json,
    replace_file,
    session_files,
    sha256,
)
from inspector.deletion.lock import deletion_lock
from inspector.deletion.plan import Plan
from inspector.deletion.recovery import check_identity, history, identity_of, recover
from inspector.deletion.running import refuse_if_running
from inspector.deletion.sqlite_store import TABLES, SqliteDeletion, restore_rows
from inspector.discovery import resolved
from inspector.errors import InspectorError
from inspector.i18n import _, ngettext
from inspector.model import Cookie, Family, Source, Store
from inspector.paths import AppPaths

FAULT_VARIABLE = "COOKIE_INSPECTOR_FAULT"  # test hook: simulate a crash at a named point


class InjectedFaultError(RuntimeError):
    """Raised by the test hook to simulate a failure at a named point."""


def _fault(point: str) -> None:
    wanted = os.environ.get(FAULT_VARIABLE)
    if not wanted:
        return
    if wanted == f"kill-{point}":  # as abrupt as a power cut: no cleanup runs
        if hasattr(signal, "SIGKILL"):
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(86)
    if wanted == f"fail-{point}":
        raise InjectedFaultError(_("simulated failure {point}").format(point=point))


@dataclass
class StoreOutcome:
    store: Store
    deleted: int = 0
    missing: int = 0


@dataclass
class DeletionResult:
    backup_id: str | None
    outcomes: list[StoreOutcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def deleted(self) -> int:
        return sum(o.deleted for o in self.outcomes)


class _StoreWork:
    """Everything one store needs for a deletion, prepared without writing anything."""

    def __init__(self, store: Store, cookies: Sequence[Cookie]) -> None:
        self.store = store
        self.cookies = cookies
        self.sqlite: SqliteDeletion | None = None
        self.sessions: list[SessionFile] = []
        self.session_removed: dict[str, list[dict[str, Any]]] = {}
        self.safari: SafariFile | None = None
        self.safari_removed: list[Any] = []

    def prepare(self) -> None:
        if self.store.family is Family.SAFARI:
            self.safari = SafariFile.load(self.store.path)
            keys = {(c.host, c.name, c.path) for c in self.cookies}
            self.safari_removed = self.safari.remove(keys)
            return
        database = [c for c in self.cookies if c.source is Source.DATABASE]
        self.sqlite = SqliteDeletion(self.store)
        self.sqlite.collect(database)
        if self.store.family is Family.FIREFOX:
            keys = firefox_keys(self.cookies)
            for path in session_files(self.store.profile_dir):
                session = SessionFile.load(path)
                removed = session.remove(keys)
                if removed:
                    self.sessions.append(session)
                    self.session_removed[str(path)] = removed

    def part(self) -> StorePart:
        """The backup of this store: where it is (absolute, links resolved, so that undo finds
        it from any folder), which store it is, and everything that will be removed."""
        s = resolved(self.store)
        return StorePart(
            browser=s.browser,
            browser_id=s.browser_id,
            profile=s.profile,
            family=s.family.value,
            path=str(s.path),
            profile_dir=str(s.profile_dir),
            user_data_dir=str(s.user_data_dir) if s.user_data_dir else None,
            table=self.sqlite.table if self.sqlite else None,
            columns=self.sqlite.columns if self.sqlite else (),
            key=self.sqlite.key if self.sqlite else (),
            rows=tuple(tuple(r) for r in self.sqlite.rows) if self.sqlite else (),
            session_entries={
                str(Path(name).resolve()): entries for name, entries in self.session_removed.items()
            },
            safari_records=tuple(record_to_json(r) for r in self.safari_removed),
            identity=identity_of(s.path),
            safari_original=self.safari.original if self.safari else None,
            safari_written=sha256(self.safari.new_bytes()) if self.safari else None,
        )

    def commit(self) -> StoreOutcome:
        outcome = StoreOutcome(self.store)
        if self.sqlite is not None:
            outcome.deleted += self.sqlite.apply()
            outcome.missing = self.sqlite.missing
        for session in self.sessions:
            session.save()
        outcome.deleted += sum(len(v) for v in self.session_removed.values())
        if self.safari is not None:
            self.safari.save()
            outcome.deleted += len(self.safari_removed)
        return outcome

    def release(self) -> None:
        if self.sqlite is not None:
            self.sqlite.close()


def _group(findings: Sequence[Finding]) -> dict[Store, list[Cookie]]:
    groups: dict[Store, list[Cookie]] = defaultdict(list)
    for finding in findings:
        groups[finding.cookie.store].append(finding.cookie)
    return groups


def execute(plan: Plan, paths: AppPaths, description: str) -> DeletionResult:
    """Delete what the plan says, from every store, or from none.

    The order makes every instant recoverable: the backup is durable (file and folder synced)
    before the first store commits; each store commits in one transaction; the outcome is a
    tiny marker written afterwards. A process killed anywhere leaves either no backup and no
    change, or a backup that :func:`~inspector.deletion.recovery.recover` settles from the
    stores themselves.
    """
    groups = _group(plan.delete)
    if not groups:
        return DeletionResult(None)
    with deletion_lock(paths):
        recover(paths)
        return _execute(groups, paths, description)


def _execute(
    groups: dict[Store, list[Cookie]], paths: AppPaths, description: str
) -> DeletionResult:
    refuse_if_running(list(groups))
    backups = BackupStore(paths)
    work = [_StoreWork(store, cookies) for store, cookies in groups.items()]
    backup: Backup | None = None
    try:
        for item in work:
            item.prepare()
        now = datetime.now(UTC)
        backup = Backup(
            new_id(now),
            now,
            description,
            PREPARED,
            tuple(item.part() for item in work),
            pid=os.getpid(),
        )
        backups.write(backup)  # the commit point of the backup: durable from here on
        _fault("after-backup")
        outcomes = []
        for index, item in enumerate(work):
            _fault(f"before-commit-{index}")
            outcomes.append(item.commit())
            _fault(f"after-commit-{index}")
        backup = backups.set_status(backup, APPLIED)
        _fault("after-applied")
    except BaseException as error:
        _compensate(work)
        if backup is not None:
            try:
                failed = backups.set_status(backup, ROLLED_BACK, note=str(error))
                backups.scrub(failed)
            except InspectorError:
                pass  # still prepared: the next start settles it from the stores
        raise
    finally:
        for item in work:
            item.release()
    result = DeletionResult(backup.id, outcomes)
    if any(item.store.family is Family.SAFARI for item in work):
        from inspector.deletion.files import SAFARI_NOTE

        result.notes.append(_(SAFARI_NOTE))
    return result


def _compensate(work: list[_StoreWork]) -> None:
    """Put back stores already changed when a later one failed: all or nothing."""
    for item in work:
        if item.sqlite is not None:
            if item.sqlite.committed:
                restore_rows(
                    item.store,
                    item.sqlite.table,
                    item.sqlite.columns,
                    item.sqlite.rows,
                    item.sqlite.key,
                )
            else:
                item.sqlite.rollback()
        for session in item.sessions:
            if session.saved:
                session.put_back()
        if item.safari is not None and item.safari.saved:
            item.safari.put_back()


# ----------------------------------------------------------------------------------- undo


@dataclass
class UndoResult:
    backup_id: str
    restored: int = 0
    already_there: int = 0
    notes: list[str] = field(default_factory=list)


def _store_of(part: StorePart) -> Store:
    return Store(
        part.browser_id,
        part.browser,
        Family(part.family),
        part.profile,
        Path(part.path),
        Path(part.profile_dir),
        user_data_dir=Path(part.user_data_dir) if part.user_data_dir else None,
    )


def undo(paths: AppPaths, backup_id: str | None = None) -> UndoResult:
    """Restore a deletion exactly, into the very store it came from; cookies the site has set
    again since are left alone. Afterwards the backup keeps no values."""
    with deletion_lock(paths):
        recover(paths)
        return _undo(paths, backup_id)


def _undo(paths: AppPaths, backup_id: str | None) -> UndoResult:
    backups = BackupStore(paths)
    backup = backups.load(backup_id) if backup_id else backups.latest_undoable()
    if backup is None:
        raise InspectorError(
            _("There is no deletion to undo."), advice=_("See 'cookie-inspector undo --list'.")
        )
    if backup.status == PREPARED:
        raise InspectorError(
            _(
                "The deletion {id} was interrupted, and its stores cannot be checked now to "
                "tell whether anything was deleted."
            ).format(id=backup.id),
            advice=_(
                "Make sure the browser profiles it names are where they were, then run undo "
                "again. The backup is kept."
            ),
        )
    if backup.status != APPLIED:
        raise InspectorError(
            _("The deletion {id} is {status}; only an applied deletion can be undone.").format(
                id=backup.id, status=backup.status
            ),
            advice=_("Choose another backup."),
        )
    for part in backup.stores:
        check_identity(part)
    stores = [_store_of(part) for part in backup.stores]
    refuse_if_running(stores)
    result = UndoResult(backup.id)
    for part, store in zip(backup.stores, stores, strict=True):
        _undo_part(part, store, result)
        _fault("after-undo-store")
    done = backups.set_status(
        backup,
        UNDONE,
        note=ngettext(
            "{restored} restored, {again} already set again by the site",
            "{restored} restored, {again} already set again by their sites",
            result.already_there,
        ).format(restored=result.restored, again=result.already_there),
    )
    _fault("after-undone")
    backups.scrub(done)
    return result


def _undo_part(part: StorePart, store: Store, result: UndoResult) -> None:
    if part.rows and part.table:
        restored, present = restore_rows(store, part.table, part.columns, part.rows, part.key)
        result.restored += restored
        result.already_there += present
    for path_text, entries in part.session_entries.items():
        path = Path(path_text)
        if not path.is_file():
            result.notes.append(
                ngettext(
                    "{path} no longer exists; its session cookie was not put back.",
                    "{path} no longer exists; its {count} session cookies were not put back.",
                    len(entries),
                ).format(path=path, count=len(entries))
            )
            continue
        session = SessionFile.load(path)
        added, present = session.add(entries)
        if added:
            session.save()
        result.restored += added
        result.already_there += present
    if part.safari_records:
        _undo_safari(part, store, result)


def _undo_safari(part: StorePart, store: Store, result: UndoResult) -> None:
    safari = SafariFile.load(store.path)
    records = [record_from_json(r) for r in part.safari_records]
    if (
        part.safari_original is not None
        and part.safari_written is not None
        and sha256(safari.original) == part.safari_written
    ):
        # Safari has not changed the file since: give back the very bytes it had
        replace_file(store.path, part.safari_original)
        result.restored += len(records)
        return
    added, present = safari.add(records)
    if added:
        safari.save()
    result.restored += added
    result.already_there += present


__all__ = ["TABLES", "DeletionResult", "UndoResult", "execute", "history", "undo"]
