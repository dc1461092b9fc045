"""Pages that orient the reader (issue 19, part 3): the index says what each report is and
with which values; each page carries its plan title; a failure reads as one line and links
the failed run. Before, the index showed ``{}`` for the defaults, every tab read "Notebook"
and a failure showed a raw exception with temporary paths."""

from __future__ import annotations

import re

import pytest

from kazparl import reports
from kazparl.reports.execute import one_line_reason

pytestmark = pytest.mark.slow

PLAN = """
[descriptions]
data_overview = "What the data package holds, table by table."

[[report]]
notebook = "data_overview"
name = "default"

[[report]]
notebook = "data_overview"
name = "sources"
title = "The sources table in detail"
parameters = { table = "sources" }

[[report]]
notebook = "data_overview"
name = "broken"
parameters = { show_rows = 60 }
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("pages")
    plan = root / "plan.toml"
    plan.write_text(PLAN)
    out = root / "reports"
    reports.build(plan=plan, reports_dir=out, log=lambda *_: None)
    return out


def test_the_index_describes_each_report_with_its_values(built):
    index = (built / "index.html").read_text()
    assert index.count("What the data package holds, table by table.") == 3
    # the defaults filled in, not {}: the sources entry shows its own table and the default rows
    assert "<code>table = &quot;sources&quot;</code>" in index
    assert '<code>show_rows = 5</code> <small class="dflt">default</small>' in index
    assert "{}" not in index


def test_each_page_has_its_plan_title_as_browser_title_and_heading(built):
    page = (built / "data_overview" / "sources.html").read_text()
    assert "<title>The sources table in detail</title>" in page
    assert re.search(r"<h1[^>]*>The sources table in detail", page)
    assert "<title>Notebook</title>" not in page


def test_a_failed_entry_reads_as_one_line_and_links_its_failed_run(built):
    index = (built / "index.html").read_text()
    row = index[index.index("data_overview</code></td><td>broken") :].split("</tr>")[0]
    assert "show_rows = 60 is outside the valid range [0, 50]" in row
    assert '<a href="data_overview/broken.failed.ipynb">the failed run</a>' in row
    assert ".tmp" not in row and "Traceback" not in row
    assert (built / "data_overview" / "broken.failed.ipynb").exists()


def test_temporary_paths_never_reach_the_reader(tmp_path):
    raw = f"FileNotFoundError: {tmp_path}/vote_shares/.default.tmp6826.ipynb\nTraceback ..."
    assert one_line_reason(raw, tmp_path) == "FileNotFoundError: vote_shares/default.ipynb"
