"""What the command line says besides its results: help, version, progress, quiet and verbose,
the log file, exit codes, and where errors go."""

from __future__ import annotations

import argparse
import importlib.util
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from inspector.cli import build_parser
from inspector.cli_log import log_file
from inspector.i18n import available_languages, set_language
from tests.support.cli import run
from tests.support.storefactory import FakeCookie, make_chromium_store

COMMANDS = ["gui", "scan", "explain", "catalogue", "delete", "undo", "keep", "report"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_description_examples_and_exit_codes(command):
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "examples:" in out
    assert f"cookie-inspector {command}" in out.split("examples:")[1]  # a real example
    assert "exit status:" in out and "5  cancelled" in out
    usage_and_options = out.split("\n\n")
    assert len(usage_and_options) > 3  # usage, a description, options, examples


def test_options_the_report_named_as_undocumented_are_documented():
    _, gui_help, _ = run("gui", "--help")
    assert "--theme" in gui_help and "follow the system" in gui_help
    _, import_help, _ = run("catalogue", "import", "--help")
    assert "FILE" in import_help and "Nothing is saved unless" in import_help


def test_version_names_what_it_runs_on():
    code, out, _ = run("--version")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].startswith("cookie-inspector ")
    assert any(line.startswith("catalogue ") and line[10:11].isdigit() for line in lines)
    assert any(line.startswith("Python 3.") for line in lines)
    if importlib.util.find_spec("PySide6") is None:  # the core's own run, without Qt
        assert "PySide6 not installed: the window is unavailable" in lines
    else:
        assert any(line.startswith("PySide6 ") and ", Qt 6." in line for line in lines)


@pytest.fixture
def chrome(tmp_path: Path) -> Path:
    return make_chromium_store(
        tmp_path / "chrome" / "Default" / "Cookies",
        [FakeCookie(host=".google-analytics.com", name="_ga", value="GA1.2.3.4")],
    )


def cli(*argv: str, stderr: int | None = None, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "inspector", *argv],
        stdout=subprocess.PIPE,
        stderr=stderr if stderr is not None else subprocess.PIPE,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_progress_is_drawn_on_a_terminal(chrome):
    leader, follower = pty.openpty()
    try:
        result = cli("scan", "--json", "--store", str(chrome), stderr=follower)
        os.close(follower)
        follower = -1
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed: everything was read
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    assert result.returncode == 0
    assert b"Reading " in drawn and b"(1 of 1)" in drawn
    assert b"\r" in drawn  # redrawn in place, then wiped
    assert b"Reading" not in result.stdout  # never mixed into the results


def test_no_progress_when_stderr_is_not_a_terminal(chrome):
    result = cli("scan", "--json", "--store", str(chrome))
    assert result.returncode == 0
    assert result.stderr == b""


def test_quiet_silences_notes_but_not_errors(tmp_path):
    # A store of a newer schema than we know is read with a note.
    newer = make_chromium_store(
        tmp_path / "new" / "Default" / "Cookies", [FakeCookie(".example.com", "a")], 99
    )
    missing = str(tmp_path / "nope")
    code, _, err = run("scan", "--store", str(newer))
    assert code == 0
    assert "newer" in err  # the note, on stderr
    code, _, err = run("--quiet", "scan", "--store", str(newer), "--store", missing)
    assert code == 3
    assert "newer" not in err  # the note is silenced
    assert "does not exist" in err  # the error still shows


def test_verbose_says_what_it_does(chrome):
    code, _, err = run("--verbose", "scan", "--json", "--store", str(chrome))
    assert code == 0
    assert "reading " in err and "(1 of 1)" in err


def test_every_run_is_logged_without_values(private_home, chrome):
    code, _, _ = run("scan", "--json", "--show-values", "--store", str(chrome))
    assert code == 0
    text = log_file(private_home / "data").read_text("utf-8")
    assert "cookie-inspector" in text and ": scan" in text
    assert "GA1.2.3.4" not in text


def test_a_screenshot_path_that_cannot_be_written_fails(tmp_path):
    code, out, err = run("gui", "--screenshot", str(tmp_path / "no such folder" / "x.png"))
    assert code == 1
    assert "Screenshot written" not in out
    assert "cannot write the screenshot" in err


def every_help(parser: argparse.ArgumentParser) -> str:
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return "".join(p.format_help() for p in [parser, *commands.choices.values()])


@pytest.mark.parametrize("language", available_languages())
def test_the_parser_builds_in_every_language(language):
    # Help texts are translated when the parser is built, and argparse %-formats them when
    # help is shown: a broken placeholder in a translation would raise here.
    english = every_help(build_parser())
    assert set_language(language) == language
    shown = every_help(build_parser())
    assert (shown == english) == (language == "en")


def test_a_defect_goes_to_the_log_file_not_the_terminal(private_home, chrome, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("a defect deep inside")

    monkeypatch.setattr("inspector.cli.load_analysis", broken)
    code, _out, err = run("scan", "--store", str(chrome))
    assert code == 1
    assert "Traceback" not in err and "a defect deep inside" not in err
    log = log_file(private_home / "data")
    assert str(log) in err  # the person is told which file to attach
    text = log.read_text("utf-8")
    assert "Traceback" in text and "RuntimeError: a defect deep inside" in text


def test_keep_and_catalogue_subcommands_explain_themselves():
    _, add_help, _ = run("keep", "add", "--help")
    assert "SITE" in add_help and "example.com" in add_help.split("SITE", 2)[-1]
    _, list_help, _ = run("catalogue", "list", "--help")
    assert "organisations, services and cookie entries" in list_help
