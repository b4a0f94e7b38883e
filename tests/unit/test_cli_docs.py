"""The man page and shell completions are made from the parser, and the shells accept them."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from inspector.cli import build_parser
from inspector.cli_docs import commands, completion, man_page, options

SHELL_TOOLS = {"bash": "bash", "zsh": "zsh", "fish": "fish"}


def every_option() -> set[str]:
    return {
        name
        for command in commands(build_parser())
        for action in options(command.parser)
        for name in action.option_strings
        if name.startswith("--") and name != "--help"
    }


def test_the_parser_has_what_the_docs_walk():
    names = {" ".join(c.words) for c in commands(build_parser())}
    assert {"scan", "delete", "catalogue import", "keep add", "undo"} <= names
    assert {"--trackers", "--print-completion", "--include-values"} <= every_option()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completions_know_every_option_and_command(shell):
    script = completion(build_parser(), shell)
    missing = [name for name in every_option() if name not in script and name[2:] not in script]
    assert not missing
    for command in ("scan", "explain", "delete", "undo", "report", "catalogue", "keep", "gui"):
        assert command in script


def test_man_page_documents_every_option_and_the_exit_codes():
    page = man_page(build_parser())
    roff_names = {name: name.replace("-", "\\-") for name in every_option()}
    missing = [name for name, roff in roff_names.items() if roff not in page]
    assert not missing
    assert ".SH EXIT STATUS" in page and "cancelled" in page
    assert page.count(".SS cookie\\-inspector ") >= 8  # one section per command


def test_groff_reads_the_man_page_without_warnings(tmp_path):
    groff = shutil.which("groff")
    if groff is None:
        pytest.skip("groff is not installed (.ci/run installs it)")
    page = tmp_path / "cookie-inspector.1"
    page.write_text(man_page(build_parser()), "utf-8")
    result = subprocess.run(
        [groff, "-man", "-ww", "-z", str(page)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_shell_accepts_the_script(shell, tmp_path):
    tool = shutil.which(SHELL_TOOLS[shell])
    if tool is None:
        pytest.skip(f"{shell} is not installed (.ci/run installs it)")
    script = tmp_path / f"completion.{shell}"
    script.write_text(completion(build_parser(), shell), "utf-8")
    check = "--no-execute" if shell == "fish" else "-n"
    result = subprocess.run([tool, check, str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def bash_complete(tmp_path, line: str) -> list[str]:
    script = tmp_path / "completion.bash"
    script.write_text(completion(build_parser(), "bash"), "utf-8")
    words = line.split(" ")
    program = (
        f"source {script}\n"
        f"COMP_WORDS=({' '.join(repr(w) for w in words)})\n"
        f"COMP_CWORD={len(words) - 1}\n"
        "_cookie_inspector\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(["bash", "-c", program], capture_output=True, text=True, check=True)
    return sorted(result.stdout.split())


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("cookie-inspector rep", ["report"]),
        ("cookie-inspector report --format ", ["csv", "html", "json", "pdf"]),
        ("cookie-inspector catalogue ", ["import", "list"]),
        ("cookie-inspector delete --tra", ["--trackers"]),
        ("cookie-inspector --print-completion ", ["bash", "fish", "zsh"]),
    ],
    ids=["command", "choices", "nested", "option", "global-choices"],
)
def test_bash_completes(tmp_path, line, expected):
    assert bash_complete(tmp_path, line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("cookie-inspector report --format ", {"csv", "html", "json", "pdf"}),
        ("cookie-inspector catalogue ", {"import", "list"}),
    ],
    ids=["choices", "nested"],
)
def test_fish_completes(tmp_path, line, expected):
    fish = shutil.which("fish")
    if fish is None:
        pytest.skip("fish is not installed (.ci/run installs it)")
    script = tmp_path / "completion.fish"
    script.write_text(completion(build_parser(), "fish"), "utf-8")
    result = subprocess.run(
        [fish, "--no-config", "-c", f"source {script}; complete -C '{line}'"],
        capture_output=True,
        text=True,
        check=True,
    )
    offered = {row.split("\t")[0] for row in result.stdout.splitlines()}
    assert offered == expected
