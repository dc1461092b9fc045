"""Ages, brackets, women and turnover from the deputy-by-deputy rosters (kazparl.members).

Expected values are read in the raw files (data/raw/everypolitician/) or worked by hand, not
taken from the code's output.
"""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from kazparl import data, members, rosters
from kazparl.errors import UnknownIdError

WIKIDATA = rosters.RAW / "sources" / "morph" / "wikidata.csv"


def raw_birth(qid: str) -> str:
    with WIKIDATA.open(encoding="utf-8") as handle:
        return next(r["birth_date"] for r in csv.DictReader(handle) if r["id"] == qid)


@pytest.mark.parametrize(
    ("person_id", "age"),
    [
        # born 12 January 1950 (Wikidata): his birthday fell three days before polling day
        ("parlam-1191", 62),
        # born 28 January 1971: polling day, 15 January 2012, came thirteen days before his 41st
        ("parlam-1423", 40),
    ],
)
def test_age_is_counted_on_polling_day_of_2012(person_id: str, age: int) -> None:
    roster = members.roster("majilis", 5).set_index("person_id")
    row = roster.loc[person_id]
    assert row["birth_date"] == raw_birth(
        data.load("people").set_index("person_id").loc[person_id, "wikidata_id"]
    )
    assert members.election_day("majilis", 5)["date"] == pd.Timestamp("2012-01-15")
    assert (row["age_youngest"], row["age_oldest"]) == (age, age)


def test_a_deputy_aged_forty_is_under_forty_in_one_ipu_wording_only() -> None:
    # parlam-1423 was exactly 40: in "40 or under", not in "under 40"
    brackets = members.ages("majilis", 5)["brackets"].set_index("bracket")
    assert brackets.loc["40 or under", "low"] >= brackets.loc["under 40", "high"] + 1


def test_missing_ages_are_left_missing_and_counted() -> None:
    for convocation in (5, 6):
        profile = members.ages("majilis", convocation)
        r = profile["roster"]
        with_birth = int(r["birth_date"].notna().sum())
        assert profile["known"] == with_birth == int(r["age"].notna().sum())
        assert profile["missing"] == 107 - with_birth  # the chamber has 107 seats
        assert r.loc[r["birth_date"].isna(), "age"].isna().all()


def test_median_bounds_by_hand() -> None:
    # five members, four known ages: the fifth, if youngest, makes the median 50; if oldest, 60
    y = o = pd.Series([40, 50, 60, 70])
    r = members.median_bounds(y, o, 5)
    assert (r["median"], r["low"], r["high"], r["missing"]) == (55.0, 50.0, 60.0, 1)
    # more unknown than known: no bound at all
    r = members.median_bounds(pd.Series([50]), pd.Series([50]), 3)
    assert (r["low"], r["high"]) == (None, None)


def test_the_paper_bands_stand_beside_the_roster_bands_unchanged() -> None:
    # lines 1546-1556: 4 under 40, 36 of 40-49, 44 of 50-59, 23 over 60 (of 107)
    beside = members.bands_beside("majilis")
    paper = beside[beside["basis"] == "bands"]
    assert paper["low"].tolist() == [4, 36, 44, 23] and set(paper["base"]) == {107}
    ages = beside[beside["basis"] == "individual ages"]
    for _, part in ages.groupby("convocation"):
        # every known age falls in some band; uncertain ones may touch two
        assert part["low"].sum() <= part["base"].iat[0] <= part["high"].sum()


def test_turnover_from_the_5th_to_the_6th_convocation() -> None:
    # data/raw/everypolitician/README.md: of the 107 names of the 6th, 43 appear in term-5.csv
    (change,) = members.turnovers("majilis")
    assert (change["earlier"], change["later"], change["returned"]) == (5, 6, 43)
    assert change["new"] == 107 - 43 and change["complete"]


def test_women_by_party_add_up_to_the_roster() -> None:
    people = data.load("people").set_index("person_id")
    mandates = data.load("mandates")
    fifth = mandates[(mandates["chamber"] == "majilis") & (mandates["convocation"] == 5)]
    women = int((people.loc[fifth["person_id"], "gender"] == "female").sum())
    by_group = members.women_by(members.roster("majilis", 5), "group")
    assert int(by_group["women"].sum()) == women
    assert int(by_group["listed"].sum()) == 107
    assert by_group.set_index("group").loc["Nur Otan", "listed"] == 83  # term-5.csv's groups


def test_a_convocation_without_roster_has_no_ages_but_no_error() -> None:
    profile = members.ages("majilis", 4)
    assert profile["listed"] == 0 and profile["median"] is None and profile["brackets"] is None
    with pytest.raises(UnknownIdError, match="choose one of: 5, 6, 7, 8"):
        members.roster("majilis", 4)
