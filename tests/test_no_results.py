"""An election can exist before its results are curated: every analysis says so in one
sentence, draws no empty figure, and fills in as soon as results are added.

Everything here happens in a temporary copy of data/: the "results" below are fictional
test rows citing a fictional source, never entered in the package itself.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kazparl import party_system, paths
from kazparl.findings import vote_shares as findings

ELECTION = "kurultai-2026"
FICTION = "test-fictional-source"


def _append(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in header})
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + out.getvalue(), "utf-8")


def _with_source(data: Path) -> None:
    _append(
        data / "sources.csv",
        [
            {
                "source_id": FICTION,
                "title": "A fictional source for tests",
                "kind": "press",
                "read": "true",
            }
        ],
    )


def _with_election(data: Path) -> None:
    """The Kurultai election's rules row, if the package does not hold one yet (fictional)."""
    text = (data / "elections.csv").read_text(encoding="utf-8")
    if f"\n{ELECTION}," in text:
        return
    row = {
        "election_id": ELECTION,
        "body": "kurultai",
        "date": "2026-08-23",
        "round": "1",
        "seats_total": "145",
        "seats_list": "145",
        "threshold_pct": "5",
        "status": "final",
        "preferred": "true",
        "source_id": FICTION,
        "note": "fictional test row: rules only",
    }
    _append(data / "elections.csv", [row])


FICTIONAL_RESULTS = [("amanat", 600000, 100), ("auyl", 300000, 45), ("baitak", 100000, 0)]


def _with_results(data: Path) -> None:
    rows = [
        {
            "election_id": ELECTION,
            "round": "1",
            "tier": "list",
            "party_id": party,
            "votes": str(votes),
            "seats": str(seats),
            "status": "final",
            "preferred": "true",
            "source_id": FICTION,
            "note": "fictional test row",
        }
        for party, votes, seats in FICTIONAL_RESULTS
    ]
    _append(data / "results.csv", rows)


@pytest.fixture
def without_results(data_copy: Path) -> Path:
    _with_source(data_copy)
    _with_election(data_copy)
    return data_copy


def test_a_list_election_without_results_is_a_choice_with_one_sentence(without_results) -> None:
    assert ELECTION in party_system.list_tier_elections()
    assert ELECTION not in party_system.list_elections()
    assert ELECTION in set(party_system.pending_elections()["election_id"])
    results = party_system.list_results(ELECTION)
    assert results.empty
    allocation = party_system.allocation_input(ELECTION)
    text = findings.election_result(results, allocation)
    assert text.startswith("**The results of the Kurultai election of 2026 are not in the data")
    assert "145 list seats" in text and "5%" in text
    scenario = findings.scenario(party_system.scenario(ELECTION))
    assert "does not apply here" in scenario
    assert "does not apply here" in findings.bloc(party_system.bloc_arithmetic(ELECTION))
    from kazparl import plotting, tables

    assert plotting.shares(data=results, allocation=allocation) is None  # no empty figure
    assert tables.show(results) is None


def test_once_results_are_curated_they_are_picked_up(without_results) -> None:
    _with_results(without_results)
    assert ELECTION in party_system.list_elections()
    results = party_system.list_results(ELECTION)
    text = findings.election_result(results, party_system.allocation_input(ELECTION))
    # 600,000 of 1,000,000 votes for parties: 60.0%; 100 of 145 seats: 69.0%
    assert "In the Kurultai election of 2026, **3 lists** stood for the 145 list seats" in text
    assert "Amanat (60.0% of the votes cast for parties, 69.0% of the seats)" in text
    assert ELECTION in set(party_system.summary()["election_id"])


def _run(notebook: str, parameters: dict, out: Path):
    import papermill as pm

    return pm.execute_notebook(
        str(paths.NOTEBOOKS_DIR / f"{notebook}.ipynb"),
        str(out),
        parameters=parameters,
        kernel_name="kazparl",
        progress_bar=False,
        execution_timeout=300,
        cwd=str(paths.NOTEBOOKS_DIR),
    )


def _markdown(nb) -> str:
    return "\n".join(
        "".join(o.get("data", {}).get("text/markdown", ""))
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
    )


def _figures(nb) -> int:
    return sum(
        "image/png" in o.get("data", {})
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
    )


@pytest.mark.slow
def test_every_notebook_runs_without_results_and_fills_in_with_them(
    without_results: Path, tmp_path: Path
) -> None:
    empty = _run("vote_shares", {"election": ELECTION}, tmp_path / "empty.ipynb")
    text = _markdown(empty)
    assert "are not in the data yet" in text
    default = _run("vote_shares", {}, tmp_path / "default.ipynb")
    # the default report names the election it leaves out of its series
    assert "Kurultai election of 2026 (23 August 2026; 145 list seats)" in _markdown(default)
    default_figures = _figures(default)
    assert _figures(empty) == default_figures - 1  # the election's own figure is left out
    for notebook in ("data_overview", "deputy_profiles", "regional_turnout", "survey_trends"):
        _run(notebook, {}, tmp_path / f"{notebook}.ipynb")  # the other analyses still run
    _with_results(without_results)
    full = _markdown(_run("vote_shares", {"election": ELECTION}, tmp_path / "full.ipynb"))
    assert "are not in the data yet" not in full
    assert "Amanat (60.0% of the votes cast for parties, 69.0% of the seats)" in full
