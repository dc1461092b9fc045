"""Deputies person by person: the tables follow from the raw rosters, links are certain or
absent, and ages are counted as the IPU counts them."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from kazparl import data, members, rosters
from kazparl.errors import ParameterError


def test_the_committed_tables_are_what_the_code_makes_of_the_raw_files() -> None:
    built = rosters.build()
    for name, frame in built.items():
        committed = pd.read_csv(data.paths.data_dir() / f"{name}.csv", dtype=str)
        assert (
            frame.astype(object)
            .where(frame.notna(), None)
            .astype(str)
            .replace("None", "nan")
            .values.tolist()
            == committed.astype(str).values.tolist()
        ), f"data/{name}.csv is not what `python -m kazparl rosters` makes: run it and review"


def test_a_raw_file_that_is_not_the_recorded_copy_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "raw"
    shutil.copytree(rosters.RAW, folder)
    path = folder / "term-5.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("ABDIROV", "ABDIROFF"), "utf-8")
    with pytest.raises(
        ParameterError,
        match=r"term-5.csv: SHA-256 \w+ is not the \w+ of the copy at commit \w+ \(MANIFEST.json\)",
    ):
        rosters.build(folder)


def test_both_convocations_are_complete_and_a_deputy_keeps_one_id() -> None:
    mandates = data.load("mandates")
    mandates = mandates[mandates["person_id"].str.startswith("parlam-")]
    assert mandates.groupby(["chamber", "convocation"]).size().to_dict() == {
        ("majilis", 5): 107,
        ("majilis", 6): 107,
    }
    # term-5.csv and term-6.csv each list 107 deputies; 43 photo ids appear in both
    both = mandates.groupby("person_id")["convocation"].nunique()
    people = data.load("people")
    parlam = people[people["person_id"].str.startswith("parlam-")]
    assert int((both == 2).sum()) == 43 and len(parlam) == 107 + 107 - 43
    # the 5th convocation's party groups (term-5.csv): Nur Otan 83, Ak Zhol 8, CPPK 7
    fifth = mandates[mandates["convocation"] == 5]
    assert fifth["party_id"].value_counts().to_dict() == {"nur-otan": 83, "ak-zhol": 8, "cppk": 7}


def test_an_ambiguous_name_stays_unlinked() -> None:
    wikidata = pd.DataFrame(
        {
            "wikidata_id": ["Q1", "Q2", "Q3"],
            "name_ru": ["Иванов, Пётр Сергеевич", "Иванов, Пётр Сергеевич", None],
            "name_kk": [None, None, "Әлия Серікқызы Сейітова"],
        }
    )
    roster = pd.DataFrame(
        {
            "person_id": ["a", "b", "c"],
            "name": ["IVANOV Petr Sergeevich", "SEITOVA Aliya Serikovna", "PETROV Ivan"],
            "ep_id": ["", "", ""],
            "name_ru": ["", "", ""],
            "name_kk": ["", "", ""],
        }
    )
    links = rosters.link(roster, wikidata, {}).set_index("person_id")
    assert links.loc["a", "status"] == "ambiguous" and pd.isna(links.loc["a", "wikidata_id"])
    assert links.loc["a", "candidates"] == "Q1;Q2"
    # Serikovna (Russian form) and Серікқызы (Kazakh form) name the same father
    assert links.loc["b", ["status", "wikidata_id"]].tolist() == ["linked", "Q3"]
    assert links.loc["c", "status"] == "unlinked"


def test_a_name_without_patronymic_is_not_linked_on_surname_and_given_name_alone() -> None:
    # ALIYEV Zhumatay (term-5.csv) against Wikidata's Алиев, Жуматай Алиевич: two words
    # agree, the third cannot be compared, so the match is listed, not made
    wikidata = pd.DataFrame(
        {"wikidata_id": ["Q1"], "name_ru": ["Алиев, Жуматай Алиевич"], "name_kk": [None]}
    )
    roster = pd.DataFrame(
        {
            "person_id": ["a"],
            "name": ["ALIYEV Zhumatay"],
            "ep_id": [""],
            "name_ru": [""],
            "name_kk": [""],
        }
    )
    links = rosters.link(roster, wikidata, {}).set_index("person_id")
    assert links.loc["a", ["status", "candidates"]].tolist() == ["unlinked", "Q1"]
    assert pd.isna(links.loc["a", "wikidata_id"])


def test_every_link_is_one_of_the_rules_and_no_item_is_linked_twice() -> None:
    links = data.load("person_links")
    linked = links[links["status"] == "linked"]
    assert linked["wikidata_id"].notna().all() and linked["wikidata_id"].is_unique
    assert links.loc[links["status"] != "linked", "wikidata_id"].isna().all()
    # EveryPolitician's 11 reconciled matches (reconciliation/wikidata.csv) are all used
    assert (linked["method"] == "everypolitician reconciliation").sum() == 11


def test_a_link_agrees_with_the_rosters_own_gender() -> None:
    people = data.load("people").set_index("person_id")
    with (rosters.RAW / "term-6.csv").open(encoding="utf-8") as fh:
        genders = {rosters.parlam_id(r["image"]): r["gender"] for r in csv.DictReader(fh)}
    for pid, gender in genders.items():
        if gender:
            assert people.loc[f"parlam-{pid}", "gender"] == gender


@pytest.mark.parametrize(
    ("birth", "precision", "day", "ages"),
    [
        ("1956-03-20", "day", "2016-03-20", (60, 60)),  # the birthday itself: 60
        ("1956-03-21", "day", "2016-03-20", (59, 59)),  # the day after election day: still 59
        ("1956-03-19", "day", "2016-03-20", (60, 60)),
        ("1956-01-01", "year", "2016-03-20", (59, 60)),  # born in 1956, day unknown
        ("1956-03-01", "month", "2016-03-20", (59, 60)),  # born in March 1956
        ("1956-02-01", "month", "2016-03-20", (60, 60)),  # born in February: already 60
    ],
)
def test_age_at_election_day(birth, precision, day, ages) -> None:
    assert members.age_on(pd.Timestamp(birth), precision, pd.Timestamp(day)) == ages


def test_brackets_count_only_what_the_precision_allows() -> None:
    # three deputies: 39 exactly, 39 or 40 (born in a year), 45
    youngest, oldest = pd.Series([39, 39, 45]), pd.Series([39, 40, 45])
    counts = members.bracket_counts(youngest, oldest).set_index("bracket")
    assert counts.loc["under 40", ["low", "high", "uncertain"]].tolist() == [1, 2, 1]
    assert counts.loc["40 or under", ["low", "high", "uncertain"]].tolist() == [2, 2, 0]
    assert counts.loc["45 or under", ["low", "high"]].tolist() == [3, 3]
    assert counts.loc["under 30", ["low", "high"]].tolist() == [0, 0]


def test_a_press_roster_with_a_wrong_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "press.csv"
    path.write_text("person_id,name\nkz-a-b,A B\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"press.csv:1: the header must be person_id,name,"):
        rosters.press_roster(path)


def test_a_press_roster_row_without_a_source_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "press.csv"
    row = dict.fromkeys(rosters.PRESS_COLUMNS, "")
    row.update(person_id="kz-bapi-ermurat", name="Ermurat Bapi", chamber="majilis")
    row.update(convocation="8", seat_type="single-mandate", district="3")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, rosters.PRESS_COLUMNS)
        writer.writeheader()
        writer.writerow(row)
    with pytest.raises(ParameterError, match=r"press.csv:2:15: source_id is required"):
        rosters.press_roster(path)


def test_a_deputy_wikidata_holds_twice_is_ambiguous_not_linked_to_the_first_found() -> None:
    # AISINA Mayra Arapovna: Wikidata has "Айсина, Майра Араповна" (Q60835425, no birth date)
    # and "Майра Арапқызы Айсина" (Q12552412, born 1956): the Russian and the Kazakh exact
    # names find different items, so neither is taken
    wikidata = pd.DataFrame(
        {
            "wikidata_id": ["Q60835425", "Q12552412"],
            "name_ru": ["Айсина, Майра Араповна", None],
            "name_kk": [None, "Майра Арапқызы Айсина"],
        }
    )
    roster = pd.DataFrame(
        {
            "person_id": ["parlam-1194"],
            "name": ["AISINA Mayra Arapovna"],
            "ep_id": [""],
            "name_ru": ["АйсинаМайраАраповна"],
            "name_kk": ["АйсинаМайраАрапқызы"],
        }
    )
    links = rosters.link(roster, wikidata, {}).set_index("person_id")
    row = links.loc["parlam-1194"]
    assert row["status"] == "ambiguous" and pd.isna(row["wikidata_id"])
    assert set(row["candidates"].split(";")) == {"Q60835425", "Q12552412"}
    assert data.load("person_links").set_index("person_id").loc["parlam-1194", "status"] == (
        "ambiguous"
    )


def test_the_readme_coverage_table_is_the_one_the_data_give() -> None:
    # data/README.md states coverage per chamber and convocation; a changed roster must
    # fail here until `python -m kazparl rosters` rewrites it
    start, end = rosters.README_MARKERS
    text = (data.paths.data_dir() / "README.md").read_text(encoding="utf-8")
    block = text.split(start, 1)[1].split(end, 1)[0]
    assert block == "\n" + members.coverage_markdown()
