"""The command line's deleting side: delete, undo and the keep list."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from typing import TextIO

from inspector.analysis import analyse
from inspector.cli_log import LOGGER_NAME
from inspector.deletion.apply import execute, undo
from inspector.deletion.backup import BackupStore
from inspector.deletion.lock import deletion_lock
from inspector.deletion.plan import (
    REASONS,
    Plan,
    Selection,
    make_plan,
    unreadable_value_dependent,
)
from inspector.deletion.recovery import describe_status, history, recover
from inspector.document import (
    EXIT_CANCELLED,
    EXIT_OK,
    EXIT_STORES_FAILED,
    EXIT_USAGE,
    classifier_for,
    load,
    remember,
)
from inspector.i18n import _, ngettext
from inspector.localeformat import format_datetime, format_number
from inspector.model import Cookie
from inspector.paths import AppPaths
from inspector.purposes import Purpose
from inspector.settings import load_settings, normalise_site, save_settings
from inspector.speed import keep_until_exit
from inspector.terminal import terminal_text


def _selection(args: argparse.Namespace, keep_sites: tuple[str, ...]) -> Selection:
    return Selection(
        trackers=args.trackers,
        include_social=args.include_social,
        sites=frozenset(args.site),
        purposes=frozenset(Purpose(p) for p in args.purpose),
        organizations=frozenset(args.organization),
        cookie_ids=frozenset(args.cookie),
        keep_sites=frozenset(keep_sites) | frozenset(args.keep_site),
        keep_consent=not args.no_keep_consent,
    )


def describe_selection(selection: Selection) -> str:
    """What a deletion removes, in words (kept with its backup, in the language of the
    moment it was made)."""
    if selection.trackers:
        if selection.include_social:
            return _("Delete trackers and social-network cookies")
        return _("Delete trackers")
    parts = [_("site {site}").format(site=s) for s in sorted(selection.sites)]
    parts += [_("purpose {purpose}").format(purpose=p.label) for p in sorted(selection.purposes)]
    parts += [
        _("organisation {organization}").format(organization=o)
        for o in sorted(selection.organizations)
    ]
    if selection.cookie_ids:
        count = len(selection.cookie_ids)
        parts.append(
            ngettext("{n} chosen cookie", "{n} chosen cookies", count).format(
                n=format_number(count)
            )
        )
    return _("Delete {what}").format(what=", ".join(parts))


def build_plan(args: argparse.Namespace, paths: AppPaths) -> tuple[Plan, int]:
    """The plan, and how many stores could not be read (each named on standard error: a
    deletion must never look complete when a store was left out)."""
    settings = load_settings(paths.settings_file)
    if args.keep_site:
        settings = settings.with_keep_sites([*settings.keep_sites, *args.keep_site])
        save_settings(paths.settings_file, settings)
    classifier = classifier_for(paths)
    scanned = load(args.store)
    logger = logging.getLogger(LOGGER_NAME)
    for failed in scanned.failed:
        store = failed.store
        logger.error(
            _(
                "{browser} — {profile} ({path}) could not be read, so nothing in it is "
                "deleted: {error}"
            ).format(
                browser=terminal_text(store.browser),
                profile=terminal_text(store.profile),
                path=terminal_text(str(store.path)),
                error=terminal_text(failed.error or ""),
            )
        )
    analysis = analyse(scanned, classifier, allow_keyring=args.decrypt)
    keep_until_exit(analysis, scanned)  # freed by the end of the process, not one by one
    remember(classifier, paths)
    uncertain = unreadable_value_dependent(analysis, classifier.matcher.value_dependent_names)
    plan = make_plan(analysis, _selection(args, settings.keep_sites), uncertain)
    return plan, len(scanned.failed)


def _where(cookie: Cookie) -> str:
    """What tells apart two cookies of the same name and host: their path, their partition."""
    where = ""
    if cookie.path not in ("", "/"):
        where += " " + _("path {path}").format(path=terminal_text(cookie.path))
    if cookie.partition_key:
        where += " " + _("[partitioned under {site}]").format(
            site=terminal_text(cookie.partition_key)
        )
    return where


def write_plan(plan: Plan, out: TextIO) -> None:
    by_store: dict[str, list[str]] = {}
    safe = terminal_text  # names and hosts come from websites: nothing may rewrite the plan
    for finding in plan.delete:
        store = finding.cookie.store
        label = f"{safe(store.browser)} — {safe(store.profile)}"
        who = finding.info.organization.name if finding.info.organization else finding.info.site
        line = _("{name} on {host} ({purpose}, {organization})").format(
            name=safe(finding.cookie.name),
            host=safe(finding.cookie.host),
            purpose=finding.info.purpose.label,
            organization=safe(who),
        )
        by_store.setdefault(label, []).append(line + _where(finding.cookie))
    if not plan.delete:
        out.write(_("Nothing to delete.") + "\n")
    for label, lines in by_store.items():
        heading = ngettext(
            "{store}: {n} cookie will be deleted",
            "{store}: {n} cookies will be deleted",
            len(lines),
        ).format(store=label, n=format_number(len(lines)))
        out.write(f"\n{heading}\n")
        for line in sorted(lines):
            out.write(f"  - {line}\n")
    reasons: Counter[str] = Counter()
    for reason, count in Counter(plan.reasons).items():  # translated once per reason
        reasons[_(REASONS[reason])] += count
    if reasons:
        out.write("\n" + _("Kept:") + "\n")
        for text, count in reasons.most_common():
            out.write(f"  {count:>5}  {safe(text)}\n")


def run_delete(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    plan, unreadable = build_plan(args, paths)
    done = EXIT_STORES_FAILED if unreadable else EXIT_OK
    if args.dry_run:
        if args.json:
            json.dump(plan.as_json(), out, indent=1)
            out.write("\n")
        else:
            write_plan(plan, out)
        return done
    if not args.yes:
        if not sys.stdin.isatty():
            sys.stderr.write(
                _(
                    "cookie-inspector: refusing to delete without confirmation: no "
                    "terminal to ask on. Add --yes to confirm, or --dry-run to see "
                    "the plan."
                )
                + "\n"
            )
            return EXIT_USAGE
        write_plan(plan, out)
        if not plan.delete:
            return done
        count = len(plan.delete)
        question = ngettext(
            "Delete {n} cookie? A backup is kept for undo. [y/N]",
            "Delete {n} cookies? A backup is kept for undo. [y/N]",
            count,
        ).format(n=format_number(count))
        out.write(f"\n{question} ")
        out.flush()
        # Translators: the answers that confirm a deletion, separated by |; English "y|yes"
        # always works too
        yes = {"y", "yes", *_("y|yes").split("|")}
        if sys.stdin.readline().strip().lower() not in yes:
            out.write(_("Nothing was deleted.") + "\n")
            return EXIT_CANCELLED
    result = execute(plan, paths, describe_selection(plan.selection))
    if args.json:
        json.dump(
            {
                "backup_id": result.backup_id,
                "deleted": result.deleted,
                "delete": [f.cookie.id for f in plan.delete],
                "stores": [
                    {
                        "browser": o.store.browser,
                        "profile": o.store.profile,
                        "path": str(o.store.path),
                        "deleted": o.deleted,
                        "already_gone": o.missing,
                    }
                    for o in result.outcomes
                ],
                "notes": result.notes,
            },
            out,
            indent=1,
        )
        out.write("\n")
    else:
        out.write(
            ngettext("Deleted {n} cookie.", "Deleted {n} cookies.", result.deleted).format(
                n=format_number(result.deleted)
            )
        )
        if result.backup_id:
            out.write(
                " "
                + _("To put them back: {command}").format(
                    command=f"cookie-inspector undo {result.backup_id}"
                )
            )
        out.write("\n")
        for note in result.notes:
            out.write(_("Note: {note}").format(note=terminal_text(note)) + "\n")
    return done


def run_undo(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    backups = BackupStore(paths)
    settings = load_settings(paths.settings_file)
    if args.list:
        items = history(paths)  # interrupted deletions are settled first
        backups.purge(settings.backup_retention_days)
        items = [b for b in items if b.id in set(backups.ids())]
        if args.json:
            json.dump(
                [
                    {
                        "id": b.id,
                        "created": b.created.strftime("%Y-%m-%dT%H:%M:%SZ"),
                        "description": b.description,
                        "status": b.status,
                        "cookies": b.count,
                        "note": b.note,
                        "stores": [part.path for part in b.stores],
                    }
                    for b in items
                ],
                out,
                indent=1,
            )
            out.write("\n")
        elif not items:
            out.write(_("No deletions are kept.") + "\n")
        for b in items if not args.json else []:
            cookies = ngettext("{n} cookie", "{n} cookies", b.count).format(
                n=format_number(b.count)
            )
            out.write(
                f"{b.id}  {format_datetime(b.created.astimezone(), length='short'):<17} "
                f"{describe_status(b):<30} "
                f"{cookies:>12}  {terminal_text(b.description)}\n"
            )
        return EXIT_OK
    if args.purge:
        with deletion_lock(paths):
            recover(paths)
            removed = backups.purge(None)
        out.write(
            ngettext("Deleted {n} backup.", "Deleted {n} backups.", removed).format(
                n=format_number(removed)
            )
            + "\n"
        )
        return EXIT_OK
    result = undo(paths, args.backup_id)
    with deletion_lock(paths):
        backups.purge(settings.backup_retention_days)
    if args.json:
        json.dump(
            {
                "backup_id": result.backup_id,
                "restored": result.restored,
                "already_there": result.already_there,
                "notes": result.notes,
            },
            out,
            indent=1,
        )
        out.write("\n")
    else:
        out.write(
            ngettext("Put back {n} cookie.", "Put back {n} cookies.", result.restored).format(
                n=format_number(result.restored)
            )
        )
        if result.already_there:
            out.write(
                " "
                + ngettext(
                    "{n} had been set again by its site and was left as it is now.",
                    "{n} had been set again by their sites and were left as they are now.",
                    result.already_there,
                ).format(n=format_number(result.already_there))
            )
        out.write("\n")
        for note in result.notes:
            out.write(_("Note: {note}").format(note=terminal_text(note)) + "\n")
    return EXIT_OK


def run_keep(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    settings = load_settings(paths.settings_file)
    if args.keep_command == "list":
        for site in settings.keep_sites:
            out.write(f"{terminal_text(site)}\n")
        if not settings.keep_sites:
            out.write(_("The keep list is empty.") + "\n")
        return EXIT_OK
    sites = {normalise_site(s) for s in args.sites}
    current = set(settings.keep_sites)
    updated = current | sites if args.keep_command == "add" else current - sites
    save_settings(paths.settings_file, settings.with_keep_sites(sorted(updated)))
    out.write(
        ngettext(
            "The keep list has {n} site.", "The keep list has {n} sites.", len(updated)
        ).format(n=format_number(len(updated)))
        + "\n"
    )
    return EXIT_OK
