"""The data package against itself: the checks a careful reader would make by hand.

Every table validates; the reference tool (frictionless) agrees; shares add up on their base;
seats add up to the tier; stated turnout matches participants / registered; every region was a
region on election day. Known exceptions are listed with the reason, so a new one fails.
"""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from kazparl import data, paths

TIER_SIZE = {"list": "seats_list", "single-mandate": "seats_single_mandate", "total": "seats_total"}


@pytest.fixture(scope="module")
def results() -> pd.DataFrame:
    return data.load("results")


@pytest.fixture(scope="module")
def elections() -> pd.DataFrame:
    return data.load("elections")


def preferred(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["preferred"].fillna(False)]


@pytest.mark.parametrize("table", data.table_names())
def test_every_table_validates_and_cites_sources(table: str) -> None:
    frame = data.load(table)  # raises DataError on any broken rule
    assert len(frame) > 0, f"{table} is empty"
    assert frame["source_id"].notna().all()


def test_frictionless_validates_the_package() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "datapackage.json"],
        cwd=paths.ROOT / "data",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_shares_never_exceed_100_on_their_base(results: pd.DataFrame) -> None:
    keys = ["election_id", "round", "tier", "status", "source_id"]
    with_pct = results.dropna(subset=["pct"])
    sums = with_pct.groupby(keys, observed=True)["pct"].agg(["sum", "size"])
    # each share may be rounded up by half a unit of its last digit (0.05 for one decimal)
    over = sums[sums["sum"] > 100 + 0.05 * sums["size"]]
    assert over.empty, over


@pytest.mark.parametrize(
    ("election_id", "other"),
    [
        # complete list results: the parties' shares of valid votes add up to 100
        ("majilis-2004", 0.0),
        ("majilis-2007", 0.0),
        ("majilis-2012", 0.0),
        ("majilis-2016", 0.0),
        ("majilis-2021", 0.0),
        # 2023: 3.90% voted against all (newtimes.kz, CEC figures); parties + against all = 100
        ("majilis-2023", 3.9),
    ],
)
def test_list_shares_add_up_to_100(results: pd.DataFrame, election_id: str, other: float) -> None:
    rows = preferred(results)
    rows = rows[(rows["election_id"] == election_id) & (rows["tier"] == "list")]
    total = rows["pct"].sum() + other
    assert abs(total - 100) <= 0.005 * len(rows) + 0.01, (election_id, total)


def test_list_seats_add_up_to_the_list_tier(results: pd.DataFrame, elections: pd.DataFrame) -> None:
    size = elections.groupby("election_id")["seats_list"].max().dropna()
    seats = preferred(results)
    seats = seats[seats["tier"] == "list"].groupby("election_id")["seats"].sum()
    checked = size.index.intersection(seats.index)
    assert len(checked) >= 6  # 1999, 2004, 2007, 2012, 2016, 2021, 2023
    for election_id in checked:
        assert seats[election_id] == size[election_id], election_id


def test_no_tier_gets_more_seats_than_it_has(
    results: pd.DataFrame, elections: pd.DataFrame
) -> None:
    rows = preferred(results)
    for tier, column in TIER_SIZE.items():
        size = elections.groupby("election_id")[column].max()
        won = rows[rows["tier"] == tier].groupby(["election_id", "round"])["seats"].sum()
        for (election_id, rnd), n in won.items():
            limit = size.get(election_id)
            if pd.notna(limit):
                assert n <= limit, (election_id, rnd, tier, n, limit)


# Rows whose stated turnout does not follow from their own counts: the reason, and whether the
# row may still be the preferred one.
TURNOUT_EXCEPTIONS = {
    ("majilis-2016", "kazinform-2016-03-22"): (
        "'7,966,000 participated' is a probable typo in the source (7,966,000 / 9,810,000 = "
        "81.2%, not the 77.12% it states)",
        False,
    ),
    ("president-2005", "rg-2005-12-05"): (
        "counts stated in rounded thousands (8,880 and 6,850 thousand): 77.14% vs 77.0%",
        True,
    ),
}


def test_turnout_matches_participants_over_registered(elections: pd.DataFrame) -> None:
    rows = elections.dropna(subset=["participants", "registered", "turnout_pct"])
    assert len(rows) >= 5
    for _, row in rows.iterrows():
        implied = 100 * row["participants"] / row["registered"]
        key = (row["election_id"], row["source_id"])
        if key in TURNOUT_EXCEPTIONS:
            reason, may_be_preferred = TURNOUT_EXCEPTIONS[key]
            assert abs(implied - row["turnout_pct"]) > 0.06, f"{key} is fine now: drop it"
            assert may_be_preferred or not row["preferred"], f"{key} is preferred: {reason}"
            continue
        assert abs(implied - row["turnout_pct"]) <= 0.06, (key, row["turnout_pct"], implied)


def test_regions_existed_on_election_day(elections: pd.DataFrame) -> None:
    regions = data.load("regions").set_index("region_id")
    dates = elections.groupby("election_id")["date"].min()
    turnout = data.load("regional_turnout")
    for _, row in turnout.iterrows():
        day = dates[row["election_id"]]
        region = regions.loc[row["region_id"]]
        assert pd.isna(region["valid_from"]) or region["valid_from"] <= day, tuple(row[:2])
        assert pd.isna(region["valid_to"]) or day <= region["valid_to"], tuple(row[:2])


def test_every_election_with_regional_data_covers_each_region_once() -> None:
    for election_id in data.load("regional_turnout")["election_id"].unique():
        rows = data.regional_turnout(election_id)
        assert rows["region_id"].is_unique, election_id


def test_the_papers_2007_turnout_pair_is_in_the_data() -> None:
    # Bowyer (2008), lines 1416-1420: 22.5% in Almaty city, 90% in Almaty region
    rows = data.regional_turnout("majilis-2007").set_index("region_id")
    assert rows.loc["almaty-city", "turnout_pct"] == 22.5
    assert rows.loc["almaty-region", "turnout_pct"] == 90
