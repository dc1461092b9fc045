"""Kernels forked from the warm template start clean (issue 19, part 5).

A report that changes pandas options, matplotlib rcParams, a module global or a kazparl
cache must leave the next report untouched; and a build with forked kernels must write the
same bytes as one with fresh interpreters (``--fresh-kernels``).
"""

from __future__ import annotations

import os

import nbformat
import pytest
from nbclient import NotebookClient

from kazparl import paths, reports
from kazparl.reports import execute, forkserver

pytestmark = pytest.mark.slow

MESS = """
import pandas as pd, matplotlib as mpl, kazparl.prose as prose
from kazparl import data
pd.set_option("display.max_rows", 3)
mpl.rcParams["axes.titlesize"] = 99
prose.SOMETHING_NEW = "leaked"
data.load("parties")  # fills the loader's cache
print("messed")
"""
LOOK = """
import pandas as pd, matplotlib as mpl, kazparl.prose as prose
from kazparl import data
print(pd.get_option("display.max_rows"), mpl.rcParams["axes.titlesize"],
      hasattr(prose, "SOMETHING_NEW"), data._load.cache_info().currsize)
"""


def _run(code: str) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(code)]
    client = NotebookClient(
        nb,
        kernel_name=reports.KERNEL,
        kernel_manager_class=execute._kernel_manager_class(),
        resources={"metadata": {"path": str(paths.NOTEBOOKS_DIR)}},
    )
    client.execute()
    return "".join(o.get("text", "") for o in nb.cells[0].outputs)


def test_what_one_report_changes_never_reaches_the_next():
    fresh = _run(LOOK)  # a new interpreter: the reference
    with forkserver.Template():
        assert os.environ[forkserver.ENV]
        assert _run(MESS).strip() == "messed"
        after = _run(LOOK)
    assert after == fresh
    assert after.split()[:3] == ["60", "large", "False"]


def test_forked_and_fresh_kernels_write_the_same_bytes(tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text(
        '[[report]]\nnotebook = "vote_shares"\nname = "default"\n\n'
        '[[report]]\nnotebook = "vote_shares"\nname = "at-3"\nparameters = { threshold = 0.03 }\n'
    )
    quiet = {"log": lambda *_: None, "plan": plan, "jobs": 2}
    reports.build(reports_dir=tmp_path / "forked", **quiet)
    reports.build(reports_dir=tmp_path / "fresh", fresh_kernels=True, **quiet)
    for name in ("default.ipynb", "default.html", "at-3.ipynb", "at-3.html"):
        forked = (tmp_path / "forked" / "vote_shares" / name).read_bytes()
        fresh = (tmp_path / "fresh" / "vote_shares" / name).read_bytes()
        assert forked == fresh, name
