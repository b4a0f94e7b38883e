"""``cookie-inspector report``: read the stores, build the report, write it all or nothing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol, TextIO

from inspector.analysis import analyse
from inspector.atomic import current_umask, write_atomically
from inspector.deletion.backup import BackupStore
from inspector.document import (
    EXIT_OK,
    EXIT_STORES_FAILED,
    classifier_for,
    load,
    remember,
    with_decrypt_hint,
)
from inspector.errors import InspectorError
from inspector.i18n import _, ngettext
from inspector.localeformat import format_number
from inspector.paths import AppPaths
from inspector.report.csv_report import iter_csv
from inspector.report.html import SecondPart, iter_html_bytes, start_second_part
from inspector.report.json_report import iter_json
from inspector.report.model import Report, build_report, site_groups
from inspector.speed import collection_paused, keep_until_exit

FORMATS = ("html", "json", "csv", "pdf")
Renderer = Callable[[Report], bytes]


class PieceRenderer(Protocol):
    """Writes a format in pieces, so that a large report is written as it is made;
    ``parallel``: in two processes when the report is large (only where no other thread
    runs)."""

    def __call__(self, report: Report, *, parallel: bool = False) -> Iterable[bytes]: ...


CORE_RENDERERS: dict[str, PieceRenderer] = {
    "html": iter_html_bytes,
    "json": iter_json,
    "csv": iter_csv,
}


def render(report: Report, fmt: str, pdf: Renderer | None = None) -> bytes:
    """The report in one format; ``pdf`` draws PDFs (it lives with the Qt code)."""
    if fmt == "pdf":
        if pdf is None:
            raise InspectorError(
                _("PDF reports need the Qt part of Cookie Inspector."),
                advice=_("Choose --format html, json or csv."),
            )
        return pdf(report)
    return b"".join(CORE_RENDERERS[fmt](report))


def render_pieces(
    report: Report,
    fmt: str,
    pdf: Renderer | None = None,
    *,
    parallel: bool = False,
    second: SecondPart | None = None,
) -> Iterable[bytes]:
    """:func:`render` in pieces (one piece for a PDF); ``parallel`` lets an HTML, JSON or CSV
    report be written by two processes (:mod:`inspector.report.childpart`), ``second`` being
    the HTML page's second one when it was started before the report was built
    (:func:`inspector.report.html.iter_html_bytes`)."""
    if fmt == "pdf":
        return [render(report, fmt, pdf)]
    if fmt == "html":
        return iter_html_bytes(report, parallel=parallel, second=second)
    return CORE_RENDERERS[fmt](report, parallel=parallel)


def write_report_file(target: Path, data: bytes | Iterable[bytes], *, private: bool) -> None:
    """All or nothing; a report holding values (``private``) is readable by its owner only."""
    write_atomically(target, data, mode=0o600 if private else 0o666 & ~current_umask())


def save_report(
    report: Report,
    fmt: str,
    target: Path,
    *,
    pdf: Renderer | None = None,
    parallel: bool = False,
    second: SecondPart | None = None,
) -> None:
    """Render ``report`` as ``fmt`` and write it to ``target`` all or nothing.

    The window's export uses it too, passing :func:`inspector.gui.pdf_report.render_pdf`
    (never ``parallel``: a process with threads must not fork).
    """
    data = render_pieces(report, fmt, pdf, parallel=parallel, second=second)
    try:
        write_report_file(target, data, private=report.include_values)
    except OSError as error:
        raise InspectorError(
            _("The report could not be written to {path} ({reason}).").format(
                path=target, reason=error.strerror or error
            ),
            path=target,
            advice=_("Check that the folder is writable and has free space; nothing was written."),
        ) from None


def run_report(
    args: argparse.Namespace, paths: AppPaths, out: TextIO, *, pdf: Renderer | None = None
) -> int:
    """Build the report asked for on the command line and write it to ``args.output``."""
    target = Path(args.output).expanduser()
    if not target.parent.is_dir():
        raise InspectorError(
            _("The folder {path} does not exist.").format(path=target.parent),
            path=target.parent,
            advice=_("Create it or choose another place for the report."),
        )
    classifier = classifier_for(paths)
    analysis = analyse(
        load(args.store),
        classifier,
        allow_keyring=getattr(args, "decrypt", False),
        all_values=args.include_values,
    )
    analysis = with_decrypt_hint(analysis)
    remember(classifier, paths)
    history = BackupStore(paths).all()
    # the report's objects form no cycles: with tens of thousands of them, the collector
    # would run again and again over everything the analysis holds, for nothing
    with collection_paused():
        groups = site_groups(analysis.findings)
        # a large HTML page: a second process starts on its last sites while this one builds
        # the report (not with values, which building the report reads)
        early = args.format == "html" and not args.include_values
        second = start_second_part(analysis, groups) if early else None
        try:
            report = build_report(
                analysis, history=history, include_values=args.include_values, groups=groups
            )
            keep_until_exit(report)  # freed by the end of the process, not one by one
            save_report(report, args.format, target, pdf=pdf, parallel=True, second=second)
        finally:
            if second is not None:
                second.close()
    figures = report.figures
    sites = ngettext("{n} site", "{n} sites", figures.sites).format(n=format_number(figures.sites))
    out.write(
        ngettext(
            "Report ({format}) written to {path}: {n} cookie from {sites}.",
            "Report ({format}) written to {path}: {n} cookies from {sites}.",
            figures.cookies,
        ).format(
            format=args.format.upper(), path=target, n=format_number(figures.cookies), sites=sites
        )
        + "\n"
    )
    if report.warning:
        warning = _("warning: {message}").format(message=report.warning)
        sys.stderr.write(f"cookie-inspector: {warning}\n")
    if figures.failed_stores:
        out.write(
            ngettext(
                "{n} store could not be read; the report says which and why.",
                "{n} stores could not be read; the report says which and why.",
                figures.failed_stores,
            ).format(n=format_number(figures.failed_stores))
            + "\n"
        )
    return EXIT_STORES_FAILED if figures.failed_stores else EXIT_OK
