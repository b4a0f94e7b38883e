"""The deletion benchmark still runs (at a tiny size, so it does not rot); its figures are
never asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_bench_delete_runs_and_puts_everything_back() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_delete.py"), "--cookies", "300"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "delete --trackers" in done.stdout and "peak" in done.stdout
    assert "300 cookies\n" in done.stdout  # the undo step: every cookie back
