"""A command's results are not freed one object at a time when the process ends
(``inspector.speed.exit_program``): its output must still be there, whole, with its exit
status, and a write that fails must still be said."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from inspector import speed

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = """
import logging, sys
from inspector import speed
if sys.argv[1] == "armed":
    speed.arm_quick_exit()
import logging.handlers
# a handler that writes only when flushed or closed, as logging.shutdown() does at the end
held = logging.handlers.MemoryHandler(100, target=logging.FileHandler(sys.argv[2]))
logging.getLogger("t").addHandler(held)
logging.getLogger("t").setLevel(logging.INFO)
logging.getLogger("t").info("logged before the end")
results = [object() for _ in range(1000)]
speed.keep_until_exit(results)
sys.stdout.write("x" * int(sys.argv[3]) + "end")  # buffered: the end must still come out
speed.exit_program(3)
"""


def run(
    mode: str, log: Path, stdout: object = subprocess.PIPE, size: int = 100_000
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    environment["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-c", PROGRAM, mode, str(log), str(size)],
        stdout=stdout,  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("mode", ["armed", "not armed"])
def test_the_output_and_the_log_are_whole(mode: str, tmp_path: Path) -> None:
    done = run(mode, tmp_path / "log")
    assert done.returncode == 3, done.stderr
    assert done.stdout == "x" * 100_000 + "end"
    assert "logged before the end" in (tmp_path / "log").read_text()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_that_cannot_be_written_is_said(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        done = run("armed", tmp_path / "log", stdout=full, size=100)  # fails when flushed
    assert done.returncode == 3  # the command's own status stands (it was not 0)
    assert "the output could not be written" in done.stderr


def test_nothing_kept_unless_armed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(speed, "_kept", None)
    speed.keep_until_exit(object())
    assert speed._kept is None
    with pytest.raises(SystemExit) as stopped:
        speed.exit_program(2)  # the usual way: a test calling main() is not ended
    assert stopped.value.code == 2


def test_the_collector_stays_off_only_for_a_process_about_to_end(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Turned back on, the collector would first walk every object the command made."""
    import gc

    from inspector.cli import main

    was_enabled = gc.isenabled()  # (a window made by an earlier test keeps it off)
    gc.enable()
    try:
        monkeypatch.setattr(speed, "_kept", None)  # a test calling main(): the usual end
        assert main(["--home", str(tmp_path), "catalogue", "list"]) == 0
        assert gc.isenabled()
        monkeypatch.setattr(speed, "_kept", [])  # the program's entry point armed it
        assert main(["--home", str(tmp_path), "catalogue", "list"]) == 0
        assert not gc.isenabled()
    finally:
        if was_enabled:
            gc.enable()
        else:
            gc.disable()
