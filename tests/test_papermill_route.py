"""The papermill route keeps the README's promise: the notebook's own check cell refuses a
bad parameter with the accepted names and types, in the words ``kazparl run`` uses.

Before issue 19 a wrong type failed deep inside a cell (``TypeError: '<' not supported``), an
unknown parameter was ignored (exit 0), a list given as text was checked letter by letter and
a fractional count failed in cell 12 of 13.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kazparl import paths, reports

pytestmark = pytest.mark.slow

CASES = [
    ("vote_shares", ["-p", "seats", "3.5"], {"seats": 3.5}),
    ("vote_shares", ["-p", "threshold", "seven"], {"threshold": "seven"}),
    ("vote_shares", ["-p", "colour", "red"], {"colour": "red"}),
    ("regional_turnout", ["-p", "highlight", '["almaty-city"]'], {"highlight": '["almaty-city"]'}),
]


@pytest.mark.parametrize(("notebook", "args", "parameters"), CASES)
def test_papermill_fails_in_the_check_cell_with_kazparls_message(
    tmp_path: Path, notebook: str, args: list[str], parameters: dict
) -> None:
    source = paths.NOTEBOOKS_DIR / f"{notebook}.ipynb"
    with pytest.raises(reports.PlanError) as expected:
        reports.check_parameters(source, parameters)
    papermill = Path(sys.executable).parent / "papermill"
    done = subprocess.run(
        [str(papermill), str(source), str(tmp_path / "out.ipynb"), "-k", reports.KERNEL,
         "--cwd", str(paths.NOTEBOOKS_DIR), "--no-progress-bar", *args],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode != 0
    assert "ParameterError" in done.stderr
    assert str(expected.value) in done.stderr
    # it failed in the check cell, the first after the injected parameters
    cells = json.loads((tmp_path / "out.ipynb").read_text())["cells"]
    failed = [
        "".join(c["source"])
        for c in cells
        if any(o.get("output_type") == "error" for o in c.get("outputs", []))
    ]
    assert len(failed) == 1 and "params.check_namespace(globals()" in failed[0]
