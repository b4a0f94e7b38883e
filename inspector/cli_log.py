"""What the command line says besides its results: progress, notes and a log file.

Results go to standard output; everything else goes to standard error, so that
``cookie-inspector scan --json > cookies.json`` stays clean. Progress is drawn only when
standard error is a terminal (a pipe or a file gets none), ``--quiet`` keeps only errors, and
``--verbose`` adds what the program is doing. Every run also appends to a small rotating log
file in the data folder, to attach to a bug report; it never holds cookie values.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from inspector.i18n import _
from inspector.terminal import terminal_text

LOGGER_NAME = "cookie_inspector"
LOG_FILE_BYTES = 256 * 1024
LOG_FILE_COUNT = 3
PROGRESS_INTERVAL = 0.1  # seconds between redraws: a redraw per cookie would cost more than it


def log_file(data_dir: Path) -> Path:
    return data_dir / "logs" / "cookie-inspector.log"


def configure_logging(data_dir: Path, *, verbose: bool, quiet: bool) -> logging.Logger:
    """The program's logger: the log file (kept at INFO), and standard error at the level the
    person asked for. A log file that cannot be written is not an error worth stopping for."""
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.ERROR if quiet else logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(_Escaping("cookie-inspector: %(message)s"))
    logger.addHandler(console)
    path = log_file(data_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=LOG_FILE_BYTES, backupCount=LOG_FILE_COUNT, encoding="utf-8"
        )
    except OSError:
        return logger
    handler.setLevel(logging.DEBUG if verbose else logging.INFO)
    handler.setFormatter(_Escaping("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    return logger


class _Escaping(logging.Formatter):
    """Messages quote store text (names, paths, errors): no escape sequence reaches the
    terminal or the log (see inspector.terminal)."""

    def format(self, record: logging.LogRecord) -> str:
        return terminal_text(super().format(record))


def log_defect(error: BaseException) -> Path | None:
    """Write ``error`` with its traceback to the log file only (never to the terminal);
    returns the log file's path, or None when no log file is open."""
    logger = logging.getLogger(LOGGER_NAME)
    files = [h for h in logger.handlers if isinstance(h, logging.FileHandler)]
    if not files:
        return None
    record = logger.makeRecord(
        logger.name,
        logging.ERROR,
        __file__,
        0,
        "unexpected error: %r",
        (error,),
        (type(error), error, error.__traceback__),
    )
    for handler in files:
        handler.handle(record)
    return Path(files[0].baseFilename)


@dataclass(slots=True)
class ProgressLine:
    """One line of progress on a terminal, redrawn in place and wiped when done."""

    stream: TextIO = field(default_factory=lambda: sys.stderr)
    enabled: bool = True
    _last_draw: float = 0.0
    _width: int = 0

    @classmethod
    def for_terminal(cls, *, quiet: bool, stream: TextIO | None = None) -> ProgressLine:
        stream = stream or sys.stderr
        isatty = getattr(stream, "isatty", None)
        return cls(stream, enabled=not quiet and bool(callable(isatty) and isatty()))

    def show(self, text: str, done: int | None = None, total: int | None = None) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if (
            done is not None
            and total
            and done < total
            and now - self._last_draw < PROGRESS_INTERVAL
        ):
            return
        self._last_draw = now
        text = terminal_text(text)  # profile names come from the browsers' files
        line = text if done is None or not total else f"{text} {done * 100 // total} %"
        padding = " " * max(0, self._width - len(line))
        self.stream.write(f"\r{line}{padding}")
        self.stream.flush()
        self._width = len(line)

    def clear(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0


def reading_label(index: int, total: int, browser: str, profile: str) -> str:
    return _("Reading {browser} — {profile} ({index} of {total})…").format(
        browser=browser, profile=profile, index=index, total=total
    )
