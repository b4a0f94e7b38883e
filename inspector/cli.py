"""The command line: the same work as the window, for scripts and tests."""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from inspector import __version__
from inspector.analysis import Analysis, analyse
from inspector.catalogue import load_catalogue
from inspector.catalogue.importers import import_file
from inspector.classify import Classification
from inspector.document import (  # re-exported: exit codes and the JSON contract of scan
    EXIT_BROWSER_RUNNING as EXIT_BROWSER_RUNNING,
)
from inspector.document import EXIT_FAILED as EXIT_FAILED
from inspector.document import EXIT_OK as EXIT_OK
from inspector.document import EXIT_STORES_FAILED as EXIT_STORES_FAILED
from inspector.document import EXIT_USAGE as EXIT_USAGE
from inspector.document import JSON_SCHEMA_VERSION as JSON_SCHEMA_VERSION
from inspector.document import classification_entry as classification_entry
from inspector.document import classifier_for as classifier_for
from inspector.document import consent_entry as consent_entry
from inspector.document import cookie_entry as cookie_entry
from inspector.document import finding_entry as finding_entry
from inspector.document import load as load
from inspector.document import scan_document as scan_document
from inspector.document import store_entry as store_entry
from inspector.errors import BrowserRunningError, CatalogueError, InspectorError
from inspector.explain import explain
from inspector.i18n import _, set_language
from inspector.model import Cookie
from inspector.paths import AppPaths
from inspector.purposes import Purpose
from inspector.settings import load_settings


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # on every command, so that it works wherever it is typed (choose_language reads it)
        self.add_argument(
            "--lang",
            metavar="LANG",
            default=argparse.SUPPRESS,
            help=_(
                "the language of the program: en, fr ... (default: the saved setting, "
                "else the system's)"
            ),
        )

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cookie-inspector",
        description="See, understand and remove the cookies of every browser.",
    )
    parser.add_argument("--version", action="version", version=f"cookie-inspector {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the window on sample data written by real browsers",
    )
    parser.add_argument(
        "--home",
        metavar="DIR",
        help="keep settings, backups and imports in DIR instead of the usual per-user folders",
    )
    entry = parser.add_mutually_exclusive_group()
    entry.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="Linux: add Cookie Inspector to your applications menu (for pip and pipx installs; "
        "the bundle's install.sh does it for you)",
    )
    entry.add_argument(
        "--uninstall-desktop-entry",
        action="store_true",
        help="Linux: remove the applications-menu entry that --install-desktop-entry added",
    )
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    gui = commands.add_parser("gui", help="open the window (the default without a command)")
    _add_store_option(gui)
    gui.add_argument(
        "--demo",
        action="store_true",
        dest="gui_demo",
        help="open sample data written by real browsers",
    )
    gui.add_argument(
        "--screenshot",
        metavar="FILE",
        help="render the window after loading, write a PNG, and exit",
    )
    gui.add_argument(
        "--view",
        choices=["overview", "sites", "cookies"],
        default="overview",
        help="which view to show (with --screenshot)",
    )
    gui.add_argument("--theme", choices=["system", "light", "dark"], default="system")
    scan_parser = commands.add_parser("scan", help="list every cookie of every browser profile")
    _add_store_option(scan_parser)
    scan_parser.add_argument("--json", action="store_true", help="print one JSON document")
    scan_parser.add_argument(
        "--explain", action="store_true", help="add a plain-language explanation of each cookie"
    )
    _add_value_options(scan_parser)

    explain_parser = commands.add_parser("explain", help="explain cookies in plain language")
    _add_store_option(explain_parser)
    explain_parser.add_argument(
        "--site", action="append", default=[], help="only cookies of this site (repeatable)"
    )
    explain_parser.add_argument(
        "--name", action="append", default=[], help="only cookies with this name (repeatable)"
    )
    _add_value_options(explain_parser)

    catalogue = commands.add_parser("catalogue", help="the tracker catalogue")
    catalogue_commands = catalogue.add_subparsers(
        dest="catalogue_command", required=True, parser_class=_Parser
    )
    importer = catalogue_commands.add_parser(
        "import",
        help="import a community catalogue file (Open Cookie Database, Ghostery "
        "TrackerDB, Disconnect)",
    )
    importer.add_argument("file")
    catalogue_commands.add_parser("list", help="what the catalogue holds and where it came from")

    delete = commands.add_parser(
        "delete",
        help="delete cookies from the browsers' stores (backed up first; undo with 'undo')",
    )
    _add_store_option(delete)
    what = delete.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--trackers", action="store_true", help="every analytics and advertising cookie"
    )
    what.add_argument("--site", action="append", default=[], help="every cookie of a site")
    what.add_argument(
        "--purpose",
        action="append",
        default=[],
        choices=[p.value for p in Purpose],
        help="every cookie of a purpose",
    )
    what.add_argument(
        "--organization",
        action="append",
        default=[],
        help="every cookie of an organisation (name or id)",
    )
    what.add_argument(
        "--cookie",
        action="append",
        default=[],
        metavar="ID",
        help="one cookie, by its id from 'scan --json'",
    )
    delete.add_argument(
        "--include-social",
        action="store_true",
        help="with --trackers: also social-network and embed cookies "
        "(signs you out of those networks)",
    )
    delete.add_argument(
        "--keep-site",
        action="append",
        default=[],
        metavar="SITE",
        help="never touch this site (added to your saved keep list)",
    )
    delete.add_argument(
        "--no-keep-consent",
        action="store_true",
        help="also delete consent and refusal records, including ad networks' "
        "opt-out cookies (sites will ask again and forget your refusals)",
    )
    delete.add_argument("--dry-run", action="store_true", help="show the plan, change nothing")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.add_argument("--json", action="store_true", help="print the plan or result as JSON")
    delete.add_argument(
        "--decrypt",
        action="store_true",
        help="allow the system keyring for values that decide a cookie's purpose (opt-out cookies)",
    )

    undo_parser = commands.add_parser("undo", help="put back the cookies of a deletion")
    undo_what = undo_parser.add_mutually_exclusive_group()
    undo_what.add_argument("--list", action="store_true", help="list the deletions kept")
    undo_what.add_argument("--purge", action="store_true", help="delete every backup")
    undo_what.add_argument("backup_id", nargs="?", help="which deletion (default: the last)")
    undo_parser.add_argument("--json", action="store_true", help="print JSON")

    keep = commands.add_parser("keep", help="the keep list: sites never touched by deletions")
    keep_commands = keep.add_subparsers(dest="keep_command", required=True, parser_class=_Parser)
    keep_commands.add_parser("list", help="show the keep list")
    for verb in ("add", "remove"):
        sub = keep_commands.add_parser(verb, help=f"{verb} sites")
        sub.add_argument("sites", nargs="+")

    report = commands.add_parser(
        "report",
        help="export a report to keep, share or attach to a complaint (HTML, JSON, CSV or PDF)",
    )
    _add_store_option(report)
    report.add_argument(
        "--format",
        required=True,
        choices=["html", "json", "csv", "pdf"],
        help="html: a page to read or print; json: for programs; csv: one row "
        "per cookie for spreadsheets; pdf: to print or send",
    )
    report.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="where to write the report (replaced all at once)",
    )
    report.add_argument(
        "--include-values",
        action="store_true",
        help="put cookie values in the report (they can include sign-in "
        "tokens; the report then warns about it)",
    )
    return parser


def _add_value_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--decrypt",
        action="store_true",
        help="allow asking the system keyring or Keychain for Chromium's key "
        "(your system may ask for permission)",
    )
    parser.add_argument(
        "--show-values", action="store_true", help="include cookie values (hidden by default)"
    )


def _add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        action="append",
        default=[],
        metavar="PATH",
        help="a cookie file, a profile folder or a Chromium user-data folder "
        "(repeatable); default: every browser found",
    )


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # the reader went away (`cookie-inspector scan | head`): stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def window_main() -> int:
    """The windowed entry point (``cookie-inspector-gui``): the window, with gui's options."""
    return main(["gui", *sys.argv[1:]])


def choose_language(argv: Sequence[str] | None) -> str:
    """The language of this run, chosen before any text is shown (the help included):
    ``--lang``, else the saved setting, else the system's locale."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", default="")
    early.add_argument("--home")
    known, _rest = early.parse_known_args(sys.argv[1:] if argv is None else list(argv))
    saved = ""
    if not known.lang:
        try:
            saved = load_settings(AppPaths.resolve(known.home).settings_file).language
        except InspectorError:
            pass  # the command that needs the settings says what is wrong with them
    return set_language(known.lang or saved or None)


def _main(argv: Sequence[str] | None = None) -> int:
    choose_language(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        return run_desktop_entry(install=args.install_desktop_entry)
    if args.command is None or args.command == "gui":
        return run_gui(args)
    if sys.stdout is None:  # the windowed Windows build has no console to print to
        return EXIT_USAGE
    _prefer_utf8()
    paths = AppPaths.resolve(args.home)
    try:
        if args.command == "scan":
            return run_scan(args, paths, sys.stdout)
        if args.command == "explain":
            return run_explain(args, paths, sys.stdout)
        if args.command == "catalogue":
            return run_catalogue(args, paths, sys.stdout)
        if args.command == "delete":
            from inspector.cli_delete import run_delete

            return run_delete(args, paths, sys.stdout)
        if args.command == "undo":
            from inspector.cli_delete import run_undo

            return run_undo(args, paths, sys.stdout)
        if args.command == "keep":
            from inspector.cli_delete import run_keep

            return run_keep(args, paths, sys.stdout)
        if args.command == "report":
            from inspector.report.command import run_report

            if args.format == "pdf":  # Qt loads here only: the report package stays Qt-free
                from inspector.gui.pdf_report import render_pdf

                return run_report(args, paths, sys.stdout, pdf=render_pdf)
            return run_report(args, paths, sys.stdout)
    except BrowserRunningError as error:
        sys.stderr.write(f"cookie-inspector: {error.describe()}\n")
        return EXIT_BROWSER_RUNNING
    except InspectorError as error:
        sys.stderr.write(f"cookie-inspector: {error.describe()}\n")
        return EXIT_FAILED if not isinstance(error, CatalogueError) else EXIT_USAGE
    parser.print_help()
    return EXIT_USAGE


def run_desktop_entry(*, install: bool) -> int:
    from inspector import desktop_entry

    try:
        if install:
            files = desktop_entry.install()
            print(
                _("Added Cookie Inspector to your applications menu ({path}).").format(
                    path=files.launcher
                )
            )
        else:
            removed = desktop_entry.uninstall()
            print(
                _("Removed the applications-menu entry ({count} files).").format(count=len(removed))
                if removed
                else _("There was no menu entry of ours to remove.")
            )
    except (InspectorError, OSError) as error:
        detail = error.describe() if isinstance(error, InspectorError) else str(error)
        sys.stderr.write(f"cookie-inspector: {detail}\n")
        return EXIT_FAILED
    return EXIT_OK


def _prefer_utf8() -> None:
    """Cookie names and JSON can hold any character; a legacy console code page cannot."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if callable(reconfigure) and (getattr(stream, "encoding", "") or "").lower() not in (
            "utf-8",
            "utf8",
        ):
            try:
                reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):
                pass


def _no_display() -> bool:
    """On Linux without a display Qt would abort; say what to do instead."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_gui(args: argparse.Namespace) -> int:
    if _no_display():
        sys.stderr.write(
            "cookie-inspector: there is no graphical display here, so the window "
            "cannot open. Use the command line instead, for example "
            "'cookie-inspector scan' (see 'cookie-inspector --help').\n"
        )
        return EXIT_FAILED
    try:
        from inspector.gui.app import run
    except ImportError as error:  # a broken Qt installation: say so instead of a traceback
        sys.stderr.write(
            f"cookie-inspector: the window cannot start ({error}). The command "
            "line still works: see 'cookie-inspector --help'.\n"
        )
        return EXIT_FAILED
    return run(
        getattr(args, "store", []),
        demo=args.demo or getattr(args, "gui_demo", False),
        screenshot=getattr(args, "screenshot", None),
        view=getattr(args, "view", "overview"),
        theme=getattr(args, "theme", "system"),
        home=args.home,
    )


def load_analysis(args: argparse.Namespace, paths: AppPaths) -> Analysis:
    return analyse(
        load(args.store),
        classifier_for(paths),
        allow_keyring=args.decrypt,
        all_values=args.show_values,
    )


def run_scan(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    analysis = load_analysis(args, paths)
    if args.json:
        document = scan_document(analysis, explain=args.explain, values=args.show_values)
        json.dump(document, out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        write_table(analysis, out, values=args.show_values)
    return EXIT_STORES_FAILED if analysis.scan.failed else EXIT_OK


def run_explain(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    analysis = load_analysis(args, paths)
    sites = {site.lower().lstrip(".") for site in args.site}
    names = set(args.name)
    shown = 0
    for finding in sorted(analysis.findings, key=lambda f: (f.info.site, f.cookie.name)):
        cookie, info = finding.cookie, finding.info
        if sites and info.site not in sites and cookie.domain not in sites:
            continue
        if names and cookie.name not in names:
            continue
        shown += 1
        out.write(
            f"\n{cookie.name} — {cookie.host}{cookie.path}  "
            f"({cookie.store.browser}, {cookie.store.profile})\n"
        )
        out.write(
            f"{info.purpose.label} · {info.party}-party · "
            f"{info.organization.name if info.organization else info.site}\n"
        )
        if args.show_values:
            out.write(f"Value: {_value_text(analysis, cookie)}\n")
        for line in explain(cookie, info).as_dict().values():
            out.write(textwrap.fill(line, width=100) + "\n")
    if not shown:
        out.write("No cookie matched.\n")
    return EXIT_STORES_FAILED if analysis.scan.failed else EXIT_OK


def run_catalogue(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    if args.catalogue_command == "import":
        target, document = import_file(Path(args.file), paths.imported_dir)
        out.write(
            f"Imported {len(document['service'])} services and {len(document['cookie'])} "
            f"cookie entries from {args.file}.\nLicence: {document['licence']}\n"
            f"Saved in {target}. Imported entries rank below Cookie Inspector's own.\n"
        )
        return EXIT_OK
    catalogue = load_catalogue(paths.data_dir)
    out.write(f"Catalogue version {catalogue.version}\n")
    for source in catalogue.sources:
        organizations = sum(1 for o in catalogue.organizations.values() if o.source == source)
        services = sum(1 for s in catalogue.services.values() if s.source == source)
        rules = sum(1 for r in catalogue.rules if r.source == source)
        out.write(
            f"  {source}: {organizations} organisations, {services} services, "
            f"{rules} cookie entries\n"
        )
    return EXIT_OK


def _value_text(analysis: Analysis, cookie: Cookie) -> str:
    value = analysis.values.get(cookie.id)
    if value is None:
        return "(not read)"
    return value.value if value.value is not None else f"(unavailable: {value.reason})"


def write_table(analysis: Analysis, out: TextIO, *, values: bool = False) -> None:
    result = analysis.scan
    if not result.results:
        out.write("No browser profiles were found on this computer.\n")
        return
    by_cookie = {f.cookie.id: f.info for f in analysis.findings}
    for entry in result.results:
        store = entry.store
        out.write(f"\n{store.browser} — {store.profile}  ({store.path})\n")
        if entry.error:
            out.write(f"  Could not be read: {entry.error}\n")
            continue
        for warning in entry.warnings:
            out.write(f"  Note: {warning}\n")
        out.write(f"  {len(entry.cookies)} cookies\n")
        for cookie in sorted(entry.cookies, key=lambda c: (c.domain, c.name)):
            out.write("  " + _row(cookie, by_cookie[cookie.id]) + "\n")
            if values:
                out.write(f"      value: {_value_text(analysis, cookie)}\n")


def _row(cookie: Cookie, info: Classification) -> str:
    expires = "session" if cookie.expires is None else cookie.expires.strftime("%Y-%m-%d")
    flags = "".join(["S" if cookie.secure else "-", "H" if cookie.http_only else "-"])
    long_lived = "!" if info.exceeds_13_months else " "
    who = info.organization.name if info.organization else "—"
    partition = f"  [partitioned under {cookie.partition_key}]" if cookie.partition_key else ""
    return (
        f"{cookie.host:<30} {cookie.name:<26} {expires:<10}{long_lived} {flags} "
        f"{cookie.same_site.value:<11} {info.purpose.value:<17} {info.party:<5} {who}"
        f"{partition}"
    )
