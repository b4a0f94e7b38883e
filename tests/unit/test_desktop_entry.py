"""The applications-menu entry written for pip, pipx and the bundle."""

import shutil
import subprocess
import sys

import pytest

from inspector import desktop_entry
from inspector.desktop_entry import install, quote_exec_argument, uninstall


def split_exec(value: str) -> list[str]:
    """Read an Exec value back the way the Desktop Entry Specification says a desktop does:
    undo the string escaping, then split on unquoted spaces and undo quoting."""
    unescaped = value.replace("\\\\", "\\")
    arguments, current, quoted, index = [], "", False, 0
    while index < len(unescaped):
        character = unescaped[index]
        if quoted and character == "\\":
            index += 1
            current += unescaped[index]
        elif character == '"':
            quoted = not quoted
        elif character == " " and not quoted:
            arguments.append(current)
            current = ""
        else:
            current += character
        index += 1
    return [*arguments, current]


@pytest.mark.parametrize(
    "path",
    [
        "/home/ann/.local/bin/cookie-inspector",
        "/home/Ann Marie/.local/bin/cookie-inspector",  # the reported bug: a space in $HOME
        '/home/o"neil/$HOME/back\\slash/`x`/cookie-inspector',  # every escaped character
        "/home/100%/cookie-inspector",  # % is a field code unless doubled
    ],
    ids=["plain", "space", "escaped-characters", "percent"],
)
def test_exec_survives_quoting(path):
    value = quote_exec_argument(path)
    assert split_exec(value.replace("%%", "%")) == [path]
    if " " in path:
        assert value.startswith('"')


def test_install_writes_a_valid_entry_under_a_home_with_spaces(tmp_path):
    home = tmp_path / "my home" / ".local" / "share"
    program = tmp_path / "my home" / "venv bin" / "cookie-inspector"
    files = install(program, home)
    text = files.launcher.read_text("utf-8")
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert split_exec(exec_line.removeprefix("Exec=")) == [str(program)]
    assert f"TryExec={program}" in text
    assert files.icon.read_bytes().startswith(b"<")
    assert files.metainfo.is_file()
    assert files.manual.read_text("utf-8").startswith(".TH COOKIE")
    assert "complete -F _cookie_inspector" in files.bash.read_text("utf-8")
    assert files.zsh.read_text("utf-8").startswith("#compdef cookie-inspector")
    assert "complete -c cookie-inspector" in files.fish.read_text("utf-8")
    validator = shutil.which("desktop-file-validate")
    if validator:  # .ci/run installs desktop-file-utils
        result = subprocess.run([validator, str(files.launcher)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_uninstall_removes_only_our_entry(tmp_path):
    files = install(tmp_path / "bin" / "cookie-inspector", tmp_path)
    assert sorted(uninstall(tmp_path)) == sorted(files.all())
    assert not any(path.exists() for path in files.all())
    # A launcher of the same name that someone else wrote stays.
    files.launcher.parent.mkdir(parents=True, exist_ok=True)
    files.launcher.write_text("[Desktop Entry]\nName=Other\n", "utf-8")
    assert uninstall(tmp_path) == []
    assert files.launcher.exists()


def test_the_command_line_installs_for_the_running_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    script = shutil.which("cookie-inspector", path=str(sys.prefix) + "/bin")
    assert script, "the test environment has the cookie-inspector script"
    result = subprocess.run(
        [script, "--install-desktop-entry"], capture_output=True, text=True, check=True
    )
    launcher = tmp_path / "applications" / f"{desktop_entry.APP_ID}.desktop"
    assert str(launcher) in result.stdout
    assert f"Exec={script}" in launcher.read_text("utf-8")
    assert (tmp_path / "config" / "fish" / "completions" / "cookie-inspector.fish").is_file()
    subprocess.run([script, "--uninstall-desktop-entry"], check=True, capture_output=True)
    assert not launcher.exists()
    assert not (tmp_path / "config" / "fish" / "completions" / "cookie-inspector.fish").exists()
