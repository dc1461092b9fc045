"""kazparl.data: a broken table is refused with file, line, column, value and rule named.

These tests build a tiny package with the real schema (data/datapackage.json) and synthetic
rows, break one thing at a time, and check the message a curator would read.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from kazparl import data, paths
from kazparl.errors import UnknownIdError

ROWS = {
    "sources": [
        {
            "source_id": "test-source",
            "title": "A test source",
            "kind": "election-commission",
            "read": "true",
        },
        {
            "source_id": "other-source",
            "title": "Another test source",
            "kind": "press",
            "read": "true",
        },
    ],
    "parties": [
        {
            "party_id": "party-a",
            "name_en": "Party A",
            "name_short": "A",
            "source_id": "test-source",
        },
        {
            "party_id": "party-b",
            "name_en": "Party B",
            "name_short": "B",
            "source_id": "test-source",
        },
    ],
    "elections": [
        {
            "election_id": "majilis-2099",
            "body": "majilis",
            "date": "2099-01-10",
            "round": "1",
            "seats_list": "10",
            "turnout_pct": "60.5",
            "status": "final",
            "preferred": "true",
            "source_id": "test-source",
        }
    ],
    "results": [
        {
            "election_id": "majilis-2099",
            "round": "1",
            "tier": "list",
            "party_id": party,
            "votes": votes,
            "pct": pct,
            "pct_base": "participants",
            "seats": seats,
            "status": "final",
            "preferred": "true",
            "source_id": "test-source",
        }
        for party, votes, pct, seats in [
            ("party-a", "600", "60", "7"),
            ("party-b", "400", "40", "3"),
        ]
    ],
}


def write_table(folder: Path, name: str, rows: list[dict[str, str]], drop: str = "") -> Path:
    pkg = json.loads((folder / "datapackage.json").read_text())
    res = next(r for r in pkg["resources"] if r["name"] == name)
    header = [f["name"] for f in res["schema"]["fields"] if f["name"] != drop]
    rows = [{k: v for k, v in row.items() if k != drop} for row in rows]
    path = folder / res["path"]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(paths.ROOT / "data" / "datapackage.json", folder)
    for name in json.loads((folder / "datapackage.json").read_text())["resources"]:
        write_table(folder, name["name"], ROWS.get(name["name"], []))
    return folder


def problem_text(folder: Path, table: str) -> str:
    with pytest.raises(data.DataError) as info:
        data.load(table, folder)
    return str(info.value)


def test_a_valid_package_loads_typed(mini: Path) -> None:
    results = data.load("results", mini)
    assert results["votes"].dtype == "Int64"
    assert results["pct"].dtype == "Float64"
    assert results["preferred"].dtype == "boolean"
    assert isinstance(results["tier"].dtype, pd.CategoricalDtype)
    assert data.load("elections", mini)["date"].iloc[0] == pd.Timestamp("2099-01-10")


def test_missing_column_is_named(mini: Path) -> None:
    write_table(mini, "results", ROWS["results"], drop="pct_base")
    msg = problem_text(mini, "results")
    assert "results.csv:1" in msg and "'pct_base'" in msg and "missing from the header" in msg


def test_wrong_type_names_file_line_column_value_and_rule(mini: Path) -> None:
    rows = [dict(r) for r in ROWS["results"]]
    rows[1]["votes"] = "4,000"
    write_table(mini, "results", rows)
    msg = problem_text(mini, "results")
    assert "results.csv:3 (row 2)" in msg
    assert "column 'votes'" in msg and "value '4,000'" in msg
    assert "not a valid integer" in msg


def test_percentage_out_of_range(mini: Path) -> None:
    rows = [dict(r) for r in ROWS["results"]]
    rows[0]["pct"] = "160"
    write_table(mini, "results", rows)
    msg = problem_text(mini, "results")
    assert "results.csv:2" in msg and "column 'pct'" in msg and "at most 100" in msg


def test_unknown_status(mini: Path) -> None:
    rows = [dict(r) for r in ROWS["results"]]
    rows[0]["status"] = "provisional"
    write_table(mini, "results", rows)
    msg = problem_text(mini, "results")
    assert "column 'status'" in msg and "'provisional'" in msg and "final, preliminary" in msg


def test_duplicate_primary_key(mini: Path) -> None:
    rows = [dict(r) for r in ROWS["results"]]
    rows.append(dict(rows[0], votes="601"))
    write_table(mini, "results", rows)
    msg = problem_text(mini, "results")
    assert "results.csv:4" in msg and "duplicate primary key" in msg and "line 2" in msg


def test_dangling_foreign_key(mini: Path) -> None:
    rows = [dict(r) for r in ROWS["results"]]
    rows[1]["party_id"] = "party-z"
    write_table(mini, "results", rows)
    msg = problem_text(mini, "results")
    assert "results.csv:3" in msg and "'party-z'" in msg and "not found in parties.party_id" in msg


def test_source_id_must_resolve(mini: Path) -> None:
    rows = [dict(r) for r in ROWS["results"]]
    rows[0]["source_id"] = "nowhere"
    write_table(mini, "results", rows)
    assert "not found in sources.source_id" in problem_text(mini, "results")


def test_two_preferred_rows_for_one_key(mini: Path) -> None:
    rows = [dict(r) for r in ROWS["results"]]
    rows.append(dict(rows[0], pct="59.9", source_id="other-source"))
    write_table(mini, "results", rows)
    msg = problem_text(mini, "results")
    assert "2 rows of this key are preferred" in msg and "party_id=party-a" in msg


def test_no_preferred_row_for_a_conflict(mini: Path) -> None:
    rows = [dict(r) for r in ROWS["results"]]
    rows[0]["preferred"] = "false"
    write_table(mini, "results", rows)
    assert "no row of this key is preferred" in problem_text(mini, "results")


def test_a_conflict_is_kept_and_reported(mini: Path) -> None:
    rows = [dict(r) for r in ROWS["results"]]
    rows.append(dict(rows[0], pct="59.9", preferred="false", source_id="other-source"))
    write_table(mini, "results", rows)
    found = data.conflicts("results", mini)
    assert found[["party_id", "rows", "preferred_source"]].values.tolist() == [
        ["party-a", 2, "test-source"]
    ]


def test_ragged_row_and_malformed_csv(mini: Path) -> None:
    path = mini / "parties.csv"
    path.write_text(path.read_text() + "party-c,Party C\n")
    msg = problem_text(mini, "parties")
    assert "parties.csv:4" in msg and "has 2 cells but the header has" in msg


def test_an_unclosed_quote_names_the_row_it_starts_in(mini: Path) -> None:
    path = mini / "parties.csv"
    lines = path.read_text().splitlines()
    lines.insert(2, 'party-q,"Party Q with an open quote')
    path.write_text("\n".join(lines) + "\n")
    msg = problem_text(mini, "parties")
    assert "parties.csv:3 (row 2)" in msg
    assert "unexpected end of data" in msg and "never closed" in msg


def test_a_byte_that_is_not_utf8_names_its_line_and_offset(mini: Path) -> None:
    path = mini / "parties.csv"
    raw = path.read_bytes()
    second = raw.index(b"\n") + 1  # the start of line 2
    path.write_bytes(raw[: second + 3] + b"\xe9" + raw[second + 3 :])
    msg = problem_text(mini, "parties")
    assert "parties.csv:2 (row 1)" in msg
    assert f"byte 0xe9 at byte offset {second + 3} (character 4 of the line)" in msg


def test_every_problem_is_listed_not_just_the_first(mini: Path) -> None:
    rows = [dict(r) for r in ROWS["results"]]
    rows[0]["pct"] = "160"
    rows[1]["votes"] = "many"
    write_table(mini, "results", rows)
    with pytest.raises(data.DataError) as info:
        data.load("results", mini)
    assert len(info.value.problems) == 2


def test_unknown_table_lists_the_tables(mini: Path) -> None:
    # one error type for an unknown id everywhere; still a KeyError for older callers
    with pytest.raises(UnknownIdError, match=r"table = 'votes' .* choose one of: sources, regions"):
        data.load("votes", mini)
    assert issubclass(UnknownIdError, KeyError)


def test_years_come_from_dates_and_ids(mini: Path) -> None:
    assert data.years("elections", folder=mini).tolist() == [2099]
    assert data.years("results", folder=mini).tolist() == [2099, 2099]


def test_data_version_changes_with_any_figure(mini: Path) -> None:
    before = paths.data_version(mini)
    rows = [dict(r) for r in ROWS["results"]]
    rows[0]["votes"] = "601"
    write_table(mini, "results", rows)
    after = paths.data_version(mini)
    assert before != after and before.split("+")[0] == after.split("+")[0]


def test_seats_above_the_tiers_size(mini: Path) -> None:
    rows = [dict(r) for r in ROWS["results"]]
    rows[0]["seats"] = "11"  # the list tier of majilis-2099 has 10 seats
    write_table(mini, "results", rows)
    msg = problem_text(mini, "results")
    assert "results.csv:2" in msg and "column 'seats'" in msg and "value '11'" in msg
    assert "more seats than the list tier of majilis-2099 has (10" in msg


def test_common_questions_take_the_preferred_rows(mini: Path) -> None:
    rows = [dict(r) for r in ROWS["results"]]
    rows.append(dict(rows[0], pct="59.9", preferred="false", source_id="other-source"))
    write_table(mini, "results", rows)
    got = data.results("majilis-2099", folder=mini)
    assert got["party_id"].tolist() == ["party-a", "party-b"]
    assert got["pct"].tolist() == [60, 40]
    assert len(data.results("majilis-2099", preferred=False, folder=mini)) == 3
    with pytest.raises(UnknownIdError, match="choose one of: majilis-2099"):
        data.results("majilis-2098", folder=mini)
