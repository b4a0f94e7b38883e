"""The command line: the same work as the window, for scripts and tests."""

from __future__ import annotations

import argparse
import importlib
import itertools
import logging
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, cast

from inspector import __version__
from inspector.analysis import Analysis, Finding, iter_analyse
from inspector.catalogue import load_catalogue
from inspector.classify import Classification, Party
from inspector.cli_log import (
    LOGGER_NAME,
    ProgressLine,
    configure_logging,
    log_defect,
    reading_label,
)
from inspector.document import (  # re-exported: exit codes and the JSON contract of scan
    EXIT_BROWSER_RUNNING as EXIT_BROWSER_RUNNING,
)
from inspector.document import EXIT_CANCELLED as EXIT_CANCELLED
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
from inspector.document import remember
from inspector.document import scan_document as scan_document
from inspector.document import store_entry as store_entry
from inspector.document import with_decrypt_hint as with_decrypt_hint
from inspector.errors import BrowserRunningError, CatalogueError, InspectorError
from inspector.i18n import N_, N_plural, _, ngettext, set_country, set_language
from inspector.model import Cookie
from inspector.paths import AppPaths
from inspector.purposes import Purpose
from inspector.settings import load_settings
from inspector.speed import (
    arm_quick_exit,
    collection_paused,
    ending_quickly,
    exit_program,
    keep_until_exit,
)
from inspector.terminal import terminal_json, terminal_text

if TYPE_CHECKING:
    from inspector.explain import Explanation

# Imported where they are used: what one command needs (the catalogue importers, the
# explanations, Babel's number and date formats) is not paid by every other one.


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
        self.exit(
            EXIT_USAGE, _("{prog}: error: {message}").format(prog=self.prog, message=message) + "\n"
        )


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions and examples keep their line breaks; option help is wrapped."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32, width=min(100, _terminal_width()))


def _terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


def exit_codes_text() -> str:
    return _(
        "exit status:\n"
        "  0  done\n"
        "  1  failed: the message says which file and what to do\n"
        "  2  wrong arguments, or a broken catalogue file\n"
        "  3  some cookie stores could not be read (the others were)\n"
        "  4  a browser is running: close it and try again (delete, undo)\n"
        "  5  cancelled: you answered no when asked to confirm, or pressed Ctrl+C"
    )


def _epilog(examples: str, *, codes: bool = True) -> str:
    text = _("examples:") + "\n" + examples
    return text + ("\n\n" + exit_codes_text() if codes else "")


def _command(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    summary: str,
    description: str,
    examples: str,
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=description,
        epilog=_epilog(examples),
        formatter_class=_HelpFormatter,
    )
    return parser


def version_text() -> str:
    """The program's version and those of what it runs on, for bug reports."""
    import platform

    lines = [f"cookie-inspector {__version__}"]
    try:
        import tomllib

        from inspector.resources import resource

        meta = tomllib.loads(resource("catalogue", "meta.toml").read_text("utf-8"))
        version = meta["catalogue"]["version"]
        lines.append(_("catalogue {version}").format(version=version))
    except (OSError, KeyError, ValueError):
        lines.append(_("catalogue: unreadable"))
    lines.append(f"Python {platform.python_version()} ({platform.platform(terse=True)})")
    try:
        from inspector.gui.versions import qt_versions

        lines.append(qt_versions())
    except ImportError:
        lines.append(_("PySide6 not installed: the window is unavailable"))
    return "\n".join(lines)


class _VersionAction(argparse.Action):
    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help=kwargs.get("help"))  # type: ignore[arg-type]

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(version_text())
        parser.exit(EXIT_OK)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cookie-inspector",
        description=_(
            "See, understand and remove the cookies of every browser on this computer.\n"
            "Without a command, opens the window. Each command below has its own --help."
        ),
        epilog=_epilog(
            _(
                "  cookie-inspector                      open the window\n"
                "  cookie-inspector scan                 list every cookie of every browser\n"
                "  cookie-inspector scan --json > cookies.json\n"
                "  cookie-inspector explain --site example.com\n"
                "  cookie-inspector delete --trackers --dry-run\n"
                "  cookie-inspector undo\n"
                "  cookie-inspector report --format html -o report.html"
            )
        )
        + "\n\n"
        + _(
            "files:\n"
            "  settings, deletion backups, imported catalogues and a log file for bug reports\n"
            "  are kept in your per-user folders (see the README); --home DIR or the\n"
            "  COOKIE_INSPECTOR_HOME environment variable puts them all in DIR.\n"
            "  The log file is in <data folder>/logs/cookie-inspector.log; it never holds\n"
            "  cookie values."
        ),
        formatter_class=_HelpFormatter,
    )
    parser.add_argument(
        "--version",
        action=_VersionAction,
        help=_("print the version, and those of the catalogue, Python and Qt, then exit"),
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=_("open the window on sample data written by real browsers"),
    )
    parser.add_argument(
        "--home",
        metavar="DIR",
        help=_("keep settings, backups, imports and the log in DIR instead of the usual folders"),
    )
    talk = parser.add_mutually_exclusive_group()
    talk.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help=_("print only results and errors: no progress, notes or warnings"),
    )
    talk.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help=_("also say what is being done, step by step (on standard error)"),
    )
    entry = parser.add_mutually_exclusive_group()
    entry.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help=_(
            "Linux: add Cookie Inspector to your applications menu, with its manual page and "
            "shell completions (for pip and pipx installs; the bundle's install.sh does it)"
        ),
    )
    entry.add_argument(
        "--uninstall-desktop-entry",
        action="store_true",
        help=_("Linux: remove what --install-desktop-entry added"),
    )
    docs = parser.add_mutually_exclusive_group()
    docs.add_argument(
        "--print-man",
        action="store_true",
        help=_("print the manual page (roff), made from this help, and exit"),
    )
    docs.add_argument(
        "--print-completion",
        choices=["bash", "zsh", "fish"],
        metavar="SHELL",
        help=_("print the completion script for bash, zsh or fish, and exit"),
    )
    commands = parser.add_subparsers(
        dest="command", parser_class=_Parser, title=_("commands"), metavar="COMMAND"
    )
    _add_gui(commands)
    _add_scan(commands)
    _add_explain(commands)
    _add_catalogue(commands)
    _add_delete(commands)
    _add_undo(commands)
    _add_keep(commands)
    _add_report(commands)
    return parser


def _add_gui(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    gui = _command(
        commands,
        "gui",
        _("open the window (the default without a command)"),
        _(
            "Open the window: an overview, every site and every cookie, explained, with\n"
            "one-click deletion of trackers and undo."
        ),
        _(
            "  cookie-inspector gui\n"
            "  cookie-inspector gui --store ~/.config/chromium/Default\n"
            "  cookie-inspector gui --demo --theme dark --screenshot window.png"
        ),
    )
    _add_store_option(gui)
    gui.add_argument(
        "--demo",
        action="store_true",
        dest="gui_demo",
        help=_("open sample data written by real browsers (a private copy; deleting is safe)"),
    )
    gui.add_argument(
        "--screenshot",
        metavar="FILE",
        help=_("render the window after loading, write it to FILE as PNG, and exit"),
    )
    gui.add_argument(
        "--view",
        choices=["overview", "sites", "cookies"],
        default="overview",
        help=_("which view to show first (default: overview)"),
    )
    gui.add_argument(
        "--theme",
        choices=["system", "light", "dark"],
        default="system",
        help=_("colours: follow the system (default), or always light or dark"),
    )
    gui.add_argument(
        "--size",
        metavar="WIDTHxHEIGHT",
        type=_window_size,
        help=_("open the window at this size, for example 1024x600 (default: fit the screen)"),
    )


def _window_size(text: str) -> tuple[int, int]:
    width, _sep, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit()) or int(width) < 200 or int(height) < 200:
        raise argparse.ArgumentTypeError(
            _("{size} is not a window size such as 1024x600").format(size=text)
        )
    return int(width), int(height)


def _add_scan(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    scan_parser = _command(
        commands,
        "scan",
        _("list every cookie of every browser profile"),
        _(
            "List every cookie of every browser profile found (or of the stores given with\n"
            "--store): who set it, its purpose, whether it tracks, how long it lasts. Nothing\n"
            "is changed. Values stay hidden unless --show-values is given."
        ),
        _(
            "  cookie-inspector scan\n"
            "  cookie-inspector scan --store ~/.mozilla/firefox/abcd1234.default-release\n"
            "  cookie-inspector scan --json > cookies.json\n"
            "  cookie-inspector scan --json --decrypt   # read consent choices behind the keyring"
        ),
    )
    _add_store_option(scan_parser)
    scan_parser.add_argument(
        "--json", action="store_true", help=_("print one JSON document (see the README)")
    )
    scan_parser.add_argument(
        "--pretty",
        action="store_true",
        help=_("with --json: indent the document for reading (the default is compact)"),
    )
    scan_parser.add_argument(
        "--explain",
        action="store_true",
        help=_("add a plain-language explanation of each cookie"),
    )
    _add_value_options(scan_parser)


def _add_explain(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    explain_parser = _command(
        commands,
        "explain",
        _("explain cookies in plain language"),
        _(
            "Explain cookies in plain language: what each one is, who receives what, why, for\n"
            "how long, how to object, and your rights."
        ),
        _(
            "  cookie-inspector explain --site youtube.com\n"
            "  cookie-inspector explain --name _ga --name IDE"
        ),
    )
    _add_store_option(explain_parser)
    explain_parser.add_argument(
        "--site",
        action="append",
        default=[],
        help=_("only cookies of this site (repeatable)"),
    )
    explain_parser.add_argument(
        "--name",
        action="append",
        default=[],
        help=_("only cookies with this name (repeatable)"),
    )
    _add_value_options(explain_parser)


def _add_catalogue(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    catalogue = _command(
        commands,
        "catalogue",
        _("the tracker catalogue: list it, or import a community list"),
        _(
            "The catalogue that tells who sets a cookie and why. The bundled one is written\n"
            "by this project; community lists can be added and always rank below it."
        ),
        _(
            "  cookie-inspector catalogue list\n"
            "  cookie-inspector catalogue import open-cookie-database.csv"
        ),
    )
    catalogue_commands = catalogue.add_subparsers(
        dest="catalogue_command", required=True, parser_class=_Parser, metavar="ACTION"
    )
    importer = catalogue_commands.add_parser(
        "import",
        help=_(
            "check and import a community catalogue file (Open Cookie Database CSV or JSON, "
            "Ghostery TrackerDB, Disconnect services.json)"
        ),
        description=_(
            "Check FILE and add it to your catalogue. Nothing is saved unless the whole file\n"
            "is valid; the error names the line or entry to fix."
        ),
        formatter_class=_HelpFormatter,
    )
    importer.add_argument("file", metavar="FILE", help=_("the file to import"))
    catalogue_commands.add_parser(
        "list",
        help=_("what the catalogue holds and where it came from"),
        description=_(
            "Show how many organisations, services and cookie entries the catalogue holds,\n"
            "and which files they came from (the bundled catalogue, your imports)."
        ),
        formatter_class=_HelpFormatter,
    )


def _add_delete(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    delete = _command(
        commands,
        "delete",
        _("delete cookies (backed up first; undo with 'undo')"),
        _(
            "Delete cookies from the browsers' stores. The browsers must be closed. Every\n"
            "deleted cookie is backed up first, each store changes all at once or not at all,\n"
            "and 'cookie-inspector undo' puts them back. Your consent and refusal choices\n"
            "(and ad networks' opt-out cookies) are kept unless --no-keep-consent is given.\n"
            "Without --yes, the plan is shown and you are asked to confirm."
        ),
        _(
            "  cookie-inspector delete --trackers --dry-run\n"
            "  cookie-inspector delete --trackers\n"
            "  cookie-inspector delete --site example.com --yes\n"
            "  cookie-inspector delete --cookie ID   # an id from 'scan --json'"
        ),
    )
    _add_store_option(delete)
    what = delete.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--trackers",
        action="store_true",
        help=_("every analytics and advertising cookie"),
    )
    what.add_argument(
        "--site", action="append", default=[], help=_("every cookie of a site (repeatable)")
    )
    what.add_argument(
        "--purpose",
        action="append",
        default=[],
        choices=[p.value for p in Purpose],
        help=_("every cookie of a purpose (repeatable)"),
    )
    what.add_argument(
        "--organization",
        action="append",
        default=[],
        help=_("every cookie of an organisation, by name or id (repeatable)"),
    )
    what.add_argument(
        "--cookie",
        action="append",
        default=[],
        metavar="ID",
        help=_("one cookie, by its id from 'scan --json' (repeatable)"),
    )
    delete.add_argument(
        "--include-social",
        action="store_true",
        help=_(
            "with --trackers: also social-network and embed cookies "
            "(signs you out of those networks)"
        ),
    )
    delete.add_argument(
        "--keep-site",
        action="append",
        default=[],
        metavar="SITE",
        help=_("never touch this site (added to your saved keep list)"),
    )
    delete.add_argument(
        "--no-keep-consent",
        action="store_true",
        help=_(
            "also delete consent and refusal records, including ad networks' "
            "opt-out cookies (sites will ask again and forget your refusals)"
        ),
    )
    delete.add_argument("--dry-run", action="store_true", help=_("show the plan, change nothing"))
    delete.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    delete.add_argument(
        "--json", action="store_true", help=_("print the plan or the result as JSON")
    )
    delete.add_argument(
        "--decrypt",
        action="store_true",
        help=_(
            "allow the system keyring for values that decide a cookie's purpose (opt-out cookies)"
        ),
    )


def _add_undo(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    undo_parser = _command(
        commands,
        "undo",
        _("put back the cookies of a deletion"),
        _(
            "Put back the cookies a deletion removed, from its backup (the browsers must be\n"
            "closed). A cookie the site has set again since is left as it is now."
        ),
        _(
            "  cookie-inspector undo             # the last deletion\n"
            "  cookie-inspector undo --list\n"
            "  cookie-inspector undo 20261206T101500Z-ab12cd"
        ),
    )
    undo_what = undo_parser.add_mutually_exclusive_group()
    undo_what.add_argument(
        "--list", action="store_true", help=_("list the deletions that can be undone")
    )
    undo_what.add_argument(
        "--purge",
        action="store_true",
        help=_("delete every backup (deletions can then no longer be undone)"),
    )
    undo_what.add_argument(
        "backup_id",
        nargs="?",
        metavar="ID",
        help=_("which deletion (default: the last one)"),
    )
    undo_parser.add_argument("--json", action="store_true", help=_("print JSON"))


def _add_keep(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    keep = _command(
        commands,
        "keep",
        _("the keep list: sites never touched by deletions"),
        _("Sites on the keep list are never touched by bulk deletions."),
        _(
            "  cookie-inspector keep list\n"
            "  cookie-inspector keep add example.com bank.example\n"
            "  cookie-inspector keep remove example.com"
        ),
    )
    keep_commands = keep.add_subparsers(
        dest="keep_command", required=True, parser_class=_Parser, metavar="ACTION"
    )
    keep_commands.add_parser(
        "list",
        help=_("show the keep list"),
        description=_("Show the sites on the keep list, one a line."),
        formatter_class=_HelpFormatter,
    )
    add = keep_commands.add_parser(
        "add",
        help=_("add sites to the keep list"),
        description=_("Add sites to the keep list: bulk deletions never touch them."),
        formatter_class=_HelpFormatter,
    )
    add.add_argument(
        "sites",
        nargs="+",
        metavar="SITE",
        help=_("a site such as example.com (an address like https://example.com/page works too)"),
    )
    remove = keep_commands.add_parser(
        "remove",
        help=_("remove sites from the keep list"),
        description=_("Remove sites from the keep list."),
        formatter_class=_HelpFormatter,
    )
    remove.add_argument("sites", nargs="+", metavar="SITE", help=_("a site on the keep list"))


def _add_report(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    report = _command(
        commands,
        "report",
        _("write a report (HTML, JSON, CSV or PDF)"),
        _(
            "Write a report of what was found, to keep, share or attach to a complaint.\n"
            "Cookie values are left out unless --include-values is given."
        ),
        _(
            "  cookie-inspector report --format html -o cookies.html\n"
            "  cookie-inspector report --format pdf -o cookies.pdf\n"
            "  cookie-inspector report --format csv -o cookies.csv --store ~/.config/chromium"
        ),
    )
    _add_store_option(report)
    report.add_argument(
        "--format",
        required=True,
        choices=["html", "json", "csv", "pdf"],
        help=_(
            "html: a page to read or print; json: for programs; csv: one row "
            "per cookie for spreadsheets; pdf: to print or send"
        ),
    )
    report.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help=_("where to write the report (replaced all at once)"),
    )
    report.add_argument(
        "--include-values",
        action="store_true",
        help=_(
            "put cookie values in the report (they can include sign-in "
            "tokens; the report then warns about it)"
        ),
    )
    report.add_argument(
        "--decrypt",
        action="store_true",
        help=_(
            "allow asking the system keyring or Keychain for Chromium's key, to read consent "
            "records (your system may ask for permission)"
        ),
    )


def _add_value_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--decrypt",
        action="store_true",
        help=_(
            "allow asking the system keyring or Keychain for Chromium's key "
            "(your system may ask for permission)"
        ),
    )
    parser.add_argument(
        "--show-values",
        action="store_true",
        help=_("include cookie values (hidden by default)"),
    )


def _add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        action="append",
        default=[],
        metavar="PATH",
        help=_(
            "a cookie file, a profile folder or a Chromium user-data folder "
            "(repeatable); default: every browser found"
        ),
    )


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # the reader went away (`cookie-inspector scan | head`): stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return EXIT_CANCELLED
    except Exception as error:  # a defect: say so in one sentence, never with a traceback
        logged = log_defect(error)  # the traceback goes to the log file, for the bug report
        if sys.stderr is not None:
            sys.stderr.write(
                _(
                    "cookie-inspector: something unexpected went wrong ({kind}); nothing was "
                    "changed. Reading one store at a time with --store shows which one causes "
                    "it; please report this with the command you ran.\n"
                ).format(kind=type(error).__name__)
            )
            if logged is not None:
                sys.stderr.write(
                    _("cookie-inspector: the details are in {path}; attach that file.").format(
                        path=logged
                    )
                    + "\n"
                )
        return EXIT_FAILED


def run() -> NoReturn:
    """The program's entry point (the ``cookie-inspector`` command, ``python -m inspector``,
    the bundle): :func:`main`, then the end of the process without freeing what a command
    kept (:func:`inspector.speed.exit_program`)."""
    arm_quick_exit()
    exit_program(main())


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
    try:
        settings = load_settings(AppPaths.resolve(known.home).settings_file)
        saved = settings.language
        set_country(settings.country)
    except InspectorError:
        pass  # the command that needs the settings says what is wrong with them
    language = set_language(known.lang or saved or None)
    # argparse's own words (usage, options, its error messages) through our catalogue
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    return language


# argparse's own messages (Python 3.11-3.13), so that the help and usage errors speak the
# user's language too; argparse looks its module-level _() and ngettext() up at call time.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ignored explicit argument %r"),
    N_plural("expected %s argument", "expected %s arguments"),
)


def _main(argv: Sequence[str] | None = None) -> int:
    choose_language(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.print_man or args.print_completion:
        return print_docs(args)
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        return run_desktop_entry(install=args.install_desktop_entry)
    if args.command is None or args.command == "gui":
        return run_gui(args)
    if sys.stdout is None:  # the windowed Windows build has no console to print to
        return EXIT_USAGE
    if args.command not in COMMANDS:
        parser.print_help()
        return EXIT_USAGE
    _prefer_utf8()
    paths = AppPaths.resolve(args.home)
    logger = configure_logging(paths.data_dir, verbose=args.verbose, quiet=args.quiet)
    logger.info("cookie-inspector %s: %s", __version__, args.command)
    # a command builds hundreds of thousands of objects that form no cycles and lives a few
    # seconds: the cyclic collector would only walk them again and again (and once more
    # when turned back on, for nothing when the process ends right after)
    with collection_paused(resume=not ending_quickly()):
        return _run_command(args, paths, logger)


def _run_command(args: argparse.Namespace, paths: AppPaths, logger: logging.Logger) -> int:
    try:
        return command_runner(args.command)(args, paths, sys.stdout)
    except BrowserRunningError as error:
        logger.error(terminal_text(error.describe()))
        return EXIT_BROWSER_RUNNING
    except InspectorError as error:
        logger.error(terminal_text(error.describe()))
        return EXIT_FAILED if not isinstance(error, CatalogueError) else EXIT_USAGE
    except KeyboardInterrupt:
        logger.error(_("Interrupted."))
        return EXIT_CANCELLED


Runner = Callable[[argparse.Namespace, AppPaths, TextIO], int]

#: Each command's module and function, imported when the command runs (deletion and reports
#: stay unloaded for a scan).
COMMANDS: dict[str, tuple[str, str]] = {
    "scan": ("inspector.cli", "run_scan"),
    "explain": ("inspector.cli", "run_explain"),
    "catalogue": ("inspector.cli", "run_catalogue"),
    "delete": ("inspector.cli_delete", "run_delete"),
    "undo": ("inspector.cli_delete", "run_undo"),
    "keep": ("inspector.cli_delete", "run_keep"),
    "report": ("inspector.cli", "run_report_command"),
}


def command_runner(command: str) -> Runner:
    module, name = COMMANDS[command]
    runner: Runner = getattr(importlib.import_module(module), name)
    return runner


def run_report_command(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    from inspector.report.command import run_report

    if args.format == "pdf":  # Qt loads here only: the report package stays Qt-free
        from inspector.gui.pdf_report import render_pdf

        return run_report(args, paths, out, pdf=render_pdf)
    return run_report(args, paths, out)


def print_docs(args: argparse.Namespace) -> int:
    """``--print-man`` or ``--print-completion SHELL``: generated from the parser."""
    from inspector import cli_docs

    _prefer_utf8()
    if args.print_man:
        sys.stdout.write(cli_docs.man_page(build_parser()))
    else:
        sys.stdout.write(cli_docs.completion(build_parser(), args.print_completion))
    return EXIT_OK


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
        if not callable(reconfigure):
            continue
        try:
            if (getattr(stream, "encoding", "") or "").lower() not in ("utf-8", "utf8"):
                reconfigure(encoding="utf-8", errors="replace")
            else:  # text no store should hold (a lone surrogate) must not stop the output
                reconfigure(errors="replace")
        except (ValueError, OSError):
            pass


def _writable_folder(folder: Path) -> bool:
    return folder.resolve().is_dir() and os.access(folder.resolve(), os.W_OK)


def _no_display() -> bool:
    """On Linux without a display Qt would abort; say what to do instead."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_gui(args: argparse.Namespace) -> int:
    screenshot = getattr(args, "screenshot", None)
    if screenshot and not _writable_folder(Path(screenshot).parent):
        sys.stderr.write(
            _(
                "cookie-inspector: cannot write the screenshot to {path}: its folder does not "
                "exist or is not writable. Choose another path."
            ).format(path=screenshot)
            + "\n"
        )
        return EXIT_FAILED
    if _no_display():
        sys.stderr.write(
            _(
                "cookie-inspector: there is no graphical display here, so the window "
                "cannot open. Use the command line instead, for example "
                "'cookie-inspector scan' (see 'cookie-inspector --help')."
            )
            + "\n"
        )
        return EXIT_FAILED
    try:
        from inspector.gui.app import run
    except ImportError as error:  # a broken Qt installation: say so instead of a traceback
        sys.stderr.write(
            _(
                "cookie-inspector: the window cannot start ({error}). The command "
                "line still works: see 'cookie-inspector --help'."
            ).format(error=error)
            + "\n"
        )
        return EXIT_FAILED
    return run(
        getattr(args, "store", []),
        demo=args.demo or getattr(args, "gui_demo", False),
        screenshot=getattr(args, "screenshot", None),
        view=getattr(args, "view", "overview"),
        theme=getattr(args, "theme", "system"),
        home=args.home,
        size=getattr(args, "size", None),
    )


def load_analysis(args: argparse.Namespace, paths: AppPaths) -> Analysis:
    """Read and classify, showing progress on a terminal (see inspector.cli_log)."""
    progress = ProgressLine.for_terminal(quiet=getattr(args, "quiet", False))
    logger = logging.getLogger(LOGGER_NAME)

    def reading(index: int, total: int, browser: str, profile: str) -> None:
        progress.show(reading_label(index, total, browser, profile))
        logger.debug("reading %s — %s (%d of %d)", browser, profile, index, total)

    try:
        result = load(args.store, progress=reading)
        analysis: Analysis | None = None
        classifier = classifier_for(paths)
        for item in iter_analyse(
            result,
            classifier,
            allow_keyring=args.decrypt,
            all_values=getattr(args, "show_values", False),
        ):
            if isinstance(item, Analysis):
                analysis = item
            else:
                progress.show(_("Classifying cookies…"), item, result.cookie_count)
    finally:
        progress.clear()
    assert analysis is not None, "iter_analyse always ends with an Analysis"
    keep_until_exit(analysis, result)  # freed by the end of the process, not one by one
    remember(classifier, paths)
    logger.info("%d cookies in %d stores", result.cookie_count, len(result.results))
    return with_decrypt_hint(analysis)


def run_scan(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    analysis = load_analysis(args, paths)
    if args.json:
        from inspector.scan_json import write_scan_json

        target = cast(TextIO, JsonForTerminal(out)) if _is_terminal(out) else out
        write_scan_json(
            analysis, target, explain=args.explain, values=args.show_values, pretty=args.pretty
        )
    else:
        write_table(analysis, out, values=args.show_values)
    return EXIT_STORES_FAILED if analysis.scan.failed else EXIT_OK


def _is_terminal(out: TextIO) -> bool:
    isatty = getattr(out, "isatty", None)
    return bool(callable(isatty) and isatty())


class JsonForTerminal:
    """JSON on a terminal: what ``terminal_text`` escapes (C1 controls — U+009B acts as ESC [ —,
    bidirectional and invisible format characters…) is written as \\uXXXX escapes, which JSON
    reads back unchanged. A pipe or file gets the text as it is."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, text: str) -> int:
        self._out.write(terminal_json(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._out, name)


def run_explain(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    """Each cookie explained; why each purpose is there and your rights are said once per
    site, after its cookies, not under every cookie."""
    from inspector.explain import explain

    analysis = load_analysis(args, paths)
    country = None  # the Country setting, applied by set_country() when the command started
    sites = {site.lower().lstrip(".") for site in args.site}
    names = set(args.name)
    chosen = [
        finding
        for finding in sorted(analysis.findings, key=lambda f: (f.info.site, f.cookie.name))
        if (not sites or finding.info.site in sites or finding.cookie.domain in sites)
        and (not names or finding.cookie.name in names)
    ]
    for site, group in itertools.groupby(chosen, key=lambda f: f.info.site):
        findings = list(group)
        explanations = []
        for finding in findings:
            explanation = explain(finding.cookie, finding.info, country=country)
            explanations.append(explanation)
            _write_cookie_explanation(args, analysis, finding, explanation, out)
        _write_site_footer(site, findings, explanations, country, out)
    if not chosen:
        out.write(_("No cookie matched.") + "\n")
    return EXIT_STORES_FAILED if analysis.scan.failed else EXIT_OK


def _write_cookie_explanation(
    args: argparse.Namespace,
    analysis: Analysis,
    finding: Finding,
    explanation: Explanation,
    out: TextIO,
) -> None:
    from inspector.explain import party_label

    cookie, info = finding.cookie, finding.info
    safe = terminal_text
    out.write(
        f"\n{safe(cookie.name)} — {safe(cookie.host)}{safe(cookie.path)}  "
        f"({safe(cookie.store.browser)}, {safe(cookie.store.profile)})\n"
    )
    out.write(
        f"{info.purpose.label} · {party_label(info.party)} · "
        f"{safe(info.organization.name if info.organization else info.site)}\n"
    )
    if args.show_values:
        out.write(_("Value: {value}").format(value=safe(_value_text(analysis, cookie))) + "\n")
    for line in (
        explanation.what,
        explanation.how_long,
        explanation.who_receives,
        explanation.how_to_object,
    ):
        out.write(textwrap.fill(safe(line), width=100) + "\n")


def _write_site_footer(
    site: str,
    findings: list[Finding],
    explanations: list[Explanation],
    country: str | None,
    out: TextIO,
) -> None:
    """Why each purpose found on the site is there, and the rights, once."""
    from inspector.explain import rights_text

    safe = terminal_text
    out.write("\n" + _("On {site}:").format(site=safe(site)) + "\n")
    seen: dict[str, str] = {}
    for finding, explanation in zip(findings, explanations, strict=True):
        seen.setdefault(finding.info.purpose.label, explanation.why)
    for label, why in seen.items():
        line = _("{label}: {text}").format(label=label, text=safe(why))
        out.write(textwrap.fill(line, width=100) + "\n")
    if any(f.info.organization is not None for f in findings):
        controller = _("{site} and the companies named above").format(site=site)
        rights = rights_text(controller, plural=True, country=country)
    else:
        rights = rights_text(site, country=country)
    out.write(textwrap.fill(safe(rights), width=100) + "\n")


def run_catalogue(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    from inspector.catalogue.importers import import_file
    from inspector.localeformat import format_number

    if args.catalogue_command == "import":
        target, document = import_file(Path(args.file), paths.imported_dir)
        imported = ngettext("{n} service", "{n} services", len(document["service"])).format(
            n=format_number(len(document["service"]))
        )
        out.write(
            ngettext(
                "Imported {services} and {n} cookie entry from {file}.",
                "Imported {services} and {n} cookie entries from {file}.",
                len(document["cookie"]),
            ).format(services=imported, n=format_number(len(document["cookie"])), file=args.file)
            + "\n"
            + _("Licence: {licence}").format(licence=document["licence"])
            + "\n"
            + _("Saved in {path}. Imported entries rank below Cookie Inspector's own.").format(
                path=target
            )
            + "\n"
        )
        return EXIT_OK
    catalogue = load_catalogue(paths.data_dir)
    out.write(_("Catalogue version {version}").format(version=catalogue.version) + "\n")
    for source in catalogue.sources:
        organizations = sum(1 for o in catalogue.organizations.values() if o.source == source)
        services = sum(1 for s in catalogue.services.values() if s.source == source)
        rules = sum(1 for r in catalogue.rules if r.source == source)
        parts = [
            ngettext("{n} organisation", "{n} organisations", organizations).format(
                n=format_number(organizations)
            ),
            ngettext("{n} service", "{n} services", services).format(n=format_number(services)),
            ngettext("{n} cookie entry", "{n} cookie entries", rules).format(
                n=format_number(rules)
            ),
        ]
        out.write(f"  {source}: {', '.join(parts)}\n")
    return EXIT_OK


def _value_text(analysis: Analysis, cookie: Cookie) -> str:
    value = analysis.values.get(cookie.id)
    if value is None:
        return _("(not read)")
    if value.value is not None:
        return value.value
    return _("(unavailable: {reason})").format(reason=value.reason)


def write_table(analysis: Analysis, out: TextIO, *, values: bool = False) -> None:
    """The human listing on ``out``; stores that failed and notes go to standard error (through
    the logger, so that --quiet silences notes but never errors)."""
    from inspector.localeformat import format_number

    result = analysis.scan
    logger = logging.getLogger(LOGGER_NAME)
    if not result.results:
        out.write(_("No browser profiles were found on this computer.") + "\n")
        return
    # (by the cookie object: an id is a hash, worked out for no other reason here)
    by_cookie = {id(f.cookie): f.info for f in analysis.findings}
    rows = _TableRows()
    safe = terminal_text
    for entry in result.results:
        store = entry.store
        out.write(f"\n{safe(store.browser)} — {safe(store.profile)}  ({safe(store.path)})\n")
        if entry.error:
            out.write("  " + _("Could not be read (see the message on standard error).") + "\n")
            logger.error(
                _("{browser} — {profile} ({path}) could not be read: {error}").format(
                    browser=store.browser, profile=store.profile, path=store.path, error=entry.error
                )
            )
            continue
        for warning in entry.warnings:
            logger.warning(
                _("{browser} — {profile}: {note}").format(
                    browser=store.browser, profile=store.profile, note=warning
                )
            )
        count = len(entry.cookies)
        out.write(
            "  "
            + ngettext("{n} cookie", "{n} cookies", count).format(n=format_number(count))
            + "\n"
        )
        for cookie in sorted(entry.cookies, key=_listing_order):
            out.write("  " + rows.row(cookie, by_cookie[id(cookie)]) + "\n")
            if values:
                value = _("value: {value}").format(value=safe(_value_text(analysis, cookie)))
                out.write(f"      {value}\n")
    if analysis.findings:
        out.write("\n" + textwrap.fill(_table_legend(), width=100) + "\n")


def _table_legend() -> str:
    """What the columns of the listing are, said once under it."""
    return _(
        "Columns: where the cookie is kept, its name, when it expires (! = set to last longer "
        "than 13 months), S = Secure (sent over HTTPS only) and H = HttpOnly (hidden from the "
        "page's scripts), SameSite, purpose, first or third party, and who receives its data."
    )


def _listing_order(cookie: Cookie) -> tuple[str, str]:
    return (cookie.host.lstrip(".").lower(), cookie.name)  # Cookie.domain, without a call


class _TableRows:
    """One line of the listing per cookie, from parts worked out once: a day's date, a
    party's words, a company's name made safe for a terminal."""

    def __init__(self) -> None:
        from inspector.explain import party_label

        self._days: dict[int, str] = {}
        self._parties = {party: party_label(party) for party in Party}
        self._companies: dict[str, str] = {}
        self._session = _("session")

    def row(self, cookie: Cookie, info: Classification) -> str:
        expires = self._expires(cookie)
        flags = ("S" if cookie.secure else "-") + ("H" if cookie.http_only else "-")
        long_lived = "!" if info.exceeds_13_months else " "
        organization = info.attribution.organization
        who = "—" if organization is None else self._company(organization.name)
        partition = (
            "  " + _("[partitioned under {site}]").format(site=terminal_text(cookie.partition_key))
            if cookie.partition_key
            else ""
        )
        host, name = terminal_text(cookie.host), terminal_text(cookie.name)
        return (
            f"{host:<30} {name:<26} {expires:<10}{long_lived} {flags} "
            f"{cookie.same_site.value:<11} {info.attribution.purpose.short_label:<22} "
            f"{self._parties[info.place.party]:<14} {who}"
            f"{partition}"
        )

    def _expires(self, cookie: Cookie) -> str:
        expires_us = cookie.expires_us
        if expires_us is None:
            return self._session
        day = expires_us // 86_400_000_000
        text = self._days.get(day)
        if text is None:
            from inspector.localeformat import format_date

            moment = cookie.expires
            assert moment is not None
            text = self._days[day] = format_date(moment, length="short")
        return text

    def _company(self, name: str) -> str:
        text = self._companies.get(name)
        if text is None:
            text = self._companies[name] = terminal_text(name)
        return text
