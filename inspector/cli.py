"""The command line: the same work as the window, for scripts and tests."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from inspector import __version__
from inspector.model import Cookie, StoreResult
from inspector.scan import ScanResult, resolve_stores, scan
from inspector.timeconv import iso

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_STORES_FAILED = 3
EXIT_BROWSER_RUNNING = 4
JSON_SCHEMA_VERSION = 1


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cookie-inspector",
                     description="See, understand and remove the cookies of every browser.")
    parser.add_argument("--version", action="version", version=f"cookie-inspector {__version__}")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    scan_parser = commands.add_parser("scan", help="list every cookie of every browser profile")
    _add_store_option(scan_parser)
    scan_parser.add_argument("--json", action="store_true", help="print one JSON document")
    return parser


def _add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", action="append", default=[], metavar="PATH",
                        help="a cookie file, a profile folder or a Chromium user-data folder "
                        "(repeatable); default: every browser found")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    if args.command == "scan":
        return run_scan(args.store, as_json=args.json, out=sys.stdout)
    parser.error(f"unknown command {args.command}")
    return EXIT_USAGE


def load(paths: Sequence[str]) -> ScanResult:
    stores, failures = resolve_stores(paths)
    result = scan(stores)
    return ScanResult(tuple(failures) + result.results)


def run_scan(paths: Sequence[str], *, as_json: bool, out: TextIO) -> int:
    result = load(paths)
    if as_json:
        json.dump(scan_document(result), out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        write_table(result, out)
    return EXIT_STORES_FAILED if result.failed else EXIT_OK


def store_entry(result: StoreResult) -> dict[str, Any]:
    return {
        "browser": result.store.browser,
        "browser_id": result.store.browser_id,
        "profile": result.store.profile,
        "path": str(result.store.path),
        "install": result.store.install,
        "cookie_count": len(result.cookies),
        "error": result.error,
        "error_type": result.error_type,
        "warnings": list(result.warnings),
    }


def cookie_entry(cookie: Cookie) -> dict[str, Any]:
    return {
        "id": cookie.id,
        "browser": cookie.store.browser,
        "profile": cookie.store.profile,
        "store": str(cookie.store.path),
        "host": cookie.host,
        "name": cookie.name,
        "path": cookie.path,
        "created": iso(cookie.created),
        "expires": iso(cookie.expires),
        "last_accessed": iso(cookie.last_accessed),
        "session": cookie.session,
        "secure": cookie.secure,
        "http_only": cookie.http_only,
        "same_site": cookie.same_site.value,
        "partition_key": cookie.partition_key,
        "container": cookie.container,
        "source": cookie.source.value,
    }


def scan_document(result: ScanResult) -> dict[str, Any]:
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "program_version": __version__,
        "stores": [store_entry(entry) for entry in result.results],
        "cookies": [cookie_entry(cookie) for cookie in result.cookies],
    }


def write_table(result: ScanResult, out: TextIO) -> None:
    if not result.results:
        out.write("No browser profiles were found on this computer.\n")
        return
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
            out.write("  " + _row(cookie) + "\n")


def _row(cookie: Cookie) -> str:
    expires = "session" if cookie.expires is None else cookie.expires.strftime("%Y-%m-%d")
    flags = "".join(["S" if cookie.secure else "-", "H" if cookie.http_only else "-"])
    partition = f"  [partitioned under {cookie.partition_key}]" if cookie.partition_key else ""
    return f"{cookie.host:<32} {cookie.name:<28} {expires:<10} {flags} " \
           f"{cookie.same_site.value:<11}{partition}"
