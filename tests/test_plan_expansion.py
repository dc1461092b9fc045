"""Plans that cover every election (issue 19, part 6): an entry expands over a parameter's
valid choices, so a scheduled run picks up a new election without an edit to the plan, and
the index groups the expanded reports."""

from __future__ import annotations

import re

import pytest

from kazparl import paths, reports, turnout
from kazparl.reports import plan as plan_module
from kazparl.reports.index import write_index

EXPANDING = """
[[report]]
notebook = "regional_turnout"
name = "election-{value}"
title = "Regional turnout"
group = "Regional turnout, election by election"
expand = { parameter = "election", choices = "kazparl.turnout:available" }
"""


def _plan(tmp_path, text=EXPANDING):
    path = tmp_path / "plan.toml"
    path.write_text(text)
    return path


def test_one_entry_per_election_with_regional_figures_but_the_default(tmp_path):
    entries = reports.load_plan(_plan(tmp_path))
    default = reports.declared_parameters(paths.NOTEBOOKS_DIR / "regional_turnout.ipynb")
    expected = [e for e in turnout.available() if e != default["election"].default]
    assert [e.parameters["election"] for e in entries] == expected
    assert entries[0].key == f"regional_turnout/election-{expected[0]}"
    assert {e.group for e in entries} == {"Regional turnout, election by election"}


def test_a_new_election_in_the_data_is_covered_without_editing_the_plan(tmp_path, monkeypatch):
    before = {e.parameters["election"] for e in reports.load_plan(_plan(tmp_path))}
    grown = [*turnout.available(), "majilis-2029"]
    monkeypatch.setattr(turnout, "available", lambda: grown)
    # the data package changed (that is how a new election arrives): the cache is refreshed
    monkeypatch.setattr(plan_module.paths, "fingerprint", lambda *a, **k: "new data")
    after = {e.parameters["election"] for e in reports.load_plan(_plan(tmp_path))}
    assert after - before == {"majilis-2029"}


def test_expanding_over_an_unknown_parameter_lists_the_accepted_ones(tmp_path):
    text = EXPANDING.replace('parameter = "election"', 'parameter = "year"')
    with pytest.raises(reports.PlanError, match="expand names 'year'; accepted parameters: "):
        reports.load_plan(_plan(tmp_path, text))


def test_choices_must_name_a_library_function(tmp_path):
    text = EXPANDING.replace("kazparl.turnout:available", "os:listdir")
    with pytest.raises(reports.PlanError, match=re.escape("give 'kazparl.<module>:<function>'")):
        reports.load_plan(_plan(tmp_path, text))


def test_the_index_groups_the_expanded_reports(tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    page = write_index(out, _plan(tmp_path)).read_text()
    assert page.count('<tr class="group"><th colspan="9">Regional turnout, election by') == 1
    assert "Regional turnout: Majilis 2012" in page
