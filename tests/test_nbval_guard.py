"""nbval must catch a changed figure: edit one number in a copy of data/, and the stored
notebook no longer matches until it is re-executed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kazparl import paths
from tests.conftest import edit_csv

pytestmark = pytest.mark.slow
NOTEBOOK = paths.NOTEBOOKS_DIR / "data_overview.ipynb"


def run_nbval(data: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, KAZPARL_DATA=str(data))
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(NOTEBOOK),
            "-p",
            "no:xdist",
            "-q",
            "--no-header",
            "-p",
            "no:randomly",
        ],
        cwd=paths.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def line_of(path: Path, start: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(start):
            return number
    raise AssertionError(f"no line starting {start!r} in {path.name}")


def test_an_unchanged_copy_passes(data_copy: Path) -> None:
    proc = run_nbval(data_copy)
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_one_changed_number_fails_nbval(data_copy: Path) -> None:
    # The paper's Almaty-city turnout in 2007 (22.5%), changed to 23.5%.
    turnout = data_copy / "regional_turnout.csv"
    edit_csv(turnout, line_of(turnout, "majilis-2007,almaty-city,22.5,"), ",22.5,", ",23.5,")
    proc = run_nbval(data_copy)
    assert proc.returncode != 0
    assert "failed" in proc.stdout and "data package version" in proc.stdout
