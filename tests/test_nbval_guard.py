"""nbval must catch a changed figure: edit one number in a copy of data/, and the stored
notebook no longer matches until it is re-executed — outputs and prose alike, because every
sentence that states a figure is a cell output written by kazparl.findings."""

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


def run_nbval(data: Path, notebook: Path = NOTEBOOK) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, KAZPARL_DATA=str(data))
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(notebook),
            "--nbval",
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


def test_a_sentence_follows_the_data_and_nbval_fails_until_reexecuted(data_copy: Path) -> None:
    # The paper's 17 women of 107 deputies in the 2007 Majilis (composition.csv, the preferred
    # bowyer-2008 row: lines 1555-1556 of the paper), changed to 18.
    from kazparl import deputies
    from kazparl.findings import deputy_profiles as findings

    composition = data_copy / "composition.csv"
    row = line_of(composition, "majilis,4,2007,107,98,0,9,17,")
    edit_csv(composition, row, ",9,17,52,", ",9,18,52,")
    sentence = findings.composition(deputies.chamber_profile("majilis", 4))
    assert "**18 of the 107 seats (16.8%)**" in sentence  # 18 / 107 = 16.82%
    stored = paths.NOTEBOOKS_DIR / "deputy_profiles.ipynb"
    assert "17 of the 107 seats (15.9%)" in stored.read_text(encoding="utf-8")
    proc = run_nbval(data_copy, stored)
    assert proc.returncode != 0
    # nbval shows the new sentence as what the notebook now produces
    assert "18 of the 107 seats (16.8%)" in proc.stdout, proc.stdout[-3000:]
