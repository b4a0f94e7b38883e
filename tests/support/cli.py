"""Running the command line in-process, as the tests of its commands do."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

from inspector.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    """``cookie-inspector *argv``: its exit status, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()
