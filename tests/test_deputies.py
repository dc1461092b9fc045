"""kazparl.deputies: grouped quantiles, age brackets and women's share, checked by hand."""

from __future__ import annotations

import math
import statistics

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kazparl import data, deputies
from kazparl.params import ParameterError

# The 2007 Majilis as the 2008 paper gives it: under 40: 4; 40-49: 36; 50-59: 44; 60+: 23.
PAPER_2007 = pd.DataFrame(
    {
        "band_min": pd.array([None, 40, 50, 60], dtype="Int64"),
        "band_max": pd.array([39, 49, 59, None], dtype="Int64"),
        "count": pd.array([4, 36, 44, 23], dtype="Int64"),
    }
)


def package_bands(chamber: str = "majilis", convocation: int = 4) -> pd.DataFrame:
    bands = data.load("age_bands")
    return bands[(bands["chamber"] == chamber) & (bands["convocation"] == convocation)]


# --------------------------------------------------------------------------- grouped_quantile


def test_grouped_median_2007_majilis_by_hand() -> None:
    # N = 4 + 36 + 44 + 23 = 107; N/2 = 53.5.
    # Cumulative: 4 (under 40), 40 (to 49), 84 (to 59) -> the median band is 50-59.
    # F = 40 before it, f = 44, L = 50, w = 59 + 1 - 50 = 10:
    # 50 + (53.5 - 40) / 44 * 10 = 50 + 13.5 / 4.4 = 50 + 3.0682 = 53.068...
    expected = 50 + (53.5 - 40) / 44 * 10
    assert expected == pytest.approx(53.0682, abs=1e-4)
    assert deputies.grouped_quantile(PAPER_2007) == pytest.approx(expected)


def test_grouped_median_of_the_data_package_matches_the_paper_bands() -> None:
    bands = package_bands()
    assert len(bands) == 4
    assert deputies.grouped_quantile(bands) == pytest.approx(53.0682, abs=1e-4)


def test_grouped_median_is_not_the_papers_median_of_52() -> None:
    # The paper says "the median age for a deputy in the Majilis is 52" (composition table).
    # Interpolating within 50-59 gives ~53.1, not 52: the paper's figure presumably came from
    # individual ages, which put the 54th deputy nearer the bottom of the band than an even
    # spread would. Both are consistent with the bands (52 lies in 50-59); neither is wrong.
    comp = data.load("composition")
    row = comp[(comp["chamber"] == "majilis") & (comp["convocation"] == 4) & comp["preferred"]]
    assert float(row["age_median"].iloc[0]) == 52
    grouped = deputies.grouped_quantile(package_bands())
    assert round(grouped, 1) == 53.1
    assert 50 <= 52 < 60  # the reported median lies in the band the formula uses


def test_grouped_median_agrees_with_statistics_median_grouped() -> None:
    # statistics.median_grouped treats each value x as the class [x - w/2, x + w/2); band
    # midpoints 35, 45, 55, 65 with interval 10 give the classes [30,40), [40,50), ...
    values = [35] * 4 + [45] * 36 + [55] * 44 + [65] * 23
    assert deputies.grouped_quantile(PAPER_2007) == pytest.approx(
        statistics.median_grouped(values, interval=10)
    )


def test_grouped_quartiles_by_hand() -> None:
    # q = 0.25: 0.25 * 107 = 26.75 -> band 40-49 (cumulative 4 before, 40 through it).
    # 40 + (26.75 - 4) / 36 * 10 = 40 + 6.3194 = 46.319
    assert deputies.grouped_quantile(PAPER_2007, 0.25) == pytest.approx(46.3194, abs=1e-4)
    # q = 0.75: 80.25 -> band 50-59: 50 + (80.25 - 40) / 44 * 10 = 50 + 9.1477 = 59.148
    assert deputies.grouped_quantile(PAPER_2007, 0.75) == pytest.approx(59.1477, abs=1e-4)


def test_quantile_on_a_band_edge() -> None:
    # q * N = 40 exactly: the end of 40-49 -> 40 + (40 - 4) / 36 * 10 = 50, the real limit.
    assert deputies.grouped_quantile(PAPER_2007, 40 / 107) == pytest.approx(50)


def test_quantile_in_an_open_band_needs_an_assumed_width() -> None:
    # q = 0.9: 96.3 > 84 (through 59) -> the open band 60+.
    with pytest.raises(ValueError, match="open band '60 and over'"):
        deputies.grouped_quantile(PAPER_2007, 0.9)
    # Assuming 60+ means 60-69: 60 + (96.3 - 84) / 23 * 10 = 60 + 5.3478 = 65.348
    assert deputies.grouped_quantile(PAPER_2007, 0.9, open_width=10) == pytest.approx(
        65.3478, abs=1e-4
    )
    # q = 4/107: q * N = 4, the upper edge 40 of 'under 40', known without any width
    assert deputies.grouped_quantile(PAPER_2007, 4 / 107) == 40
    # q = 0.02: 2.14 <= 4 -> the open band under 40; width 10 means 30-39:
    # 30 + 2.14 / 4 * 10 = 35.35
    with pytest.raises(ValueError, match="open band 'under 40'"):
        deputies.grouped_quantile(PAPER_2007, 0.02)
    assert deputies.grouped_quantile(PAPER_2007, 0.02, open_width=10) == pytest.approx(35.35)


def test_zero_count_bands_are_skipped() -> None:
    bands = pd.DataFrame({"band_min": [20, 30, 40], "band_max": [29, 39, 49], "count": [0, 4, 0]})
    # q = 0: target 0 -> first non-empty band 30-39 at its lower limit 30.
    assert deputies.grouped_quantile(bands, 0) == 30
    # q = 1: target 4 -> 30 + (4 - 0) / 4 * 10 = 40.
    assert deputies.grouped_quantile(bands, 1) == 40


@pytest.mark.parametrize(
    ("band_min", "band_max", "message"),
    [
        ([20, 35], [35, 49], "overlap"),  # 35 is in both
        ([20, 31], [29, 49], "leave a gap"),  # nobody can be 30
        ([20, None], [29, None], "open at both ends"),
        ([None, None], [29, 39], "only the youngest band may be open below"),
        ([20, 30], [None, 39], "only the oldest band may be open above"),
    ],
)
def test_bad_bands_are_refused(band_min: list, band_max: list, message: str) -> None:
    bands = pd.DataFrame(
        {
            "band_min": pd.array(band_min, dtype="Int64"),
            "band_max": pd.array(band_max, dtype="Int64"),
            "count": [1, 1],
        }
    )
    with pytest.raises(ValueError, match=message):
        deputies.grouped_quantile(bands)


def test_bad_q_is_a_parameter_error() -> None:
    with pytest.raises(ParameterError, match=r"q = 1.5 is outside the valid range \[0, 1\]"):
        deputies.grouped_quantile(PAPER_2007, 1.5)


@given(
    counts=st.lists(st.integers(0, 50), min_size=1, max_size=6).filter(lambda c: sum(c) > 0),
    q1=st.floats(0, 1),
    q2=st.floats(0, 1),
)
def test_grouped_quantile_is_monotone_and_inside_the_bands(
    counts: list[int], q1: float, q2: float
) -> None:
    starts = [20 + 10 * i for i in range(len(counts))]
    bands = pd.DataFrame({"band_min": starts, "band_max": [s + 9 for s in starts], "count": counts})
    lo, hi = sorted([q1, q2])
    a, b = deputies.grouped_quantile(bands, lo), deputies.grouped_quantile(bands, hi)
    assert 20 <= a <= b + 1e-9 <= starts[-1] + 10 + 1e-9


# --------------------------------------------------------------------------- shares and checks


def test_share_under_40_is_4_of_107() -> None:
    # "under 40" = aged 39 or under = the open band up to 39: 4 / 107 = 0.03738 (3.74 %)
    res = deputies.share_at_or_under(package_bands(), 39)
    assert res["count"] == 4
    assert res["total"] == 107
    assert res["share"] == pytest.approx(4 / 107)
    assert res["pct"] == pytest.approx(3.7383, abs=1e-4)
    assert res["reason"] is None


def test_share_at_the_other_edges() -> None:
    # <= 49: 4 + 36 = 40; <= 59: 40 + 44 = 84
    assert deputies.share_at_or_under(PAPER_2007, 49)["share"] == pytest.approx(40 / 107)
    assert deputies.share_at_or_under(PAPER_2007, 59)["share"] == pytest.approx(84 / 107)


@pytest.mark.parametrize(
    ("age", "band"), [(40, "40-49"), (45, "40-49"), (30, "under 40"), (70, "60 and over")]
)
def test_share_inside_a_band_is_not_interpolated(age: int, band: str) -> None:
    res = deputies.share_at_or_under(PAPER_2007, age)
    assert res["share"] is None
    assert res["count"] is None
    assert f"inside the band '{band}'" in res["reason"]


def test_ipu_brackets_answer_only_under_40() -> None:
    table = deputies.age_brackets(PAPER_2007).set_index("bracket")
    assert list(table.index) == [
        "under 30",
        "30 or under",
        "under 40",
        "40 or under",
        "under 45",
        "45 or under",
    ]
    assert table.at["under 40", "share"] == pytest.approx(4 / 107)
    assert table["share"].notna().sum() == 1


def test_band_total_check() -> None:
    # 4 + 36 + 44 + 23 = 107 = the chamber's 107 members
    assert deputies.band_total_check(PAPER_2007, 107) == {
        "band_total": 107,
        "members": 107,
        "difference": 0,
        "ok": True,
    }
    assert deputies.band_total_check(PAPER_2007, 106)["difference"] == 1
    assert deputies.band_total_check(PAPER_2007, None)["ok"] is None


def test_women_share() -> None:
    # 17 / 107 * 100 = 15.888...; Senate 2 / 47 * 100 = 4.255...
    assert deputies.women_share(17, 107) == pytest.approx(15.8879, abs=1e-4)
    assert deputies.women_share(2, 47) == pytest.approx(4.2553, abs=1e-4)
    assert math.isnan(deputies.women_share(None, 77))
    assert math.isnan(deputies.women_share(pd.NA, 77))
    with pytest.raises(ValueError, match="not between 0 and members"):
        deputies.women_share(108, 107)
    with pytest.raises(ValueError, match="at least one member"):
        deputies.women_share(0, 0)


# --------------------------------------------------------------------------- from the package


def test_chamber_profile_majilis_2007() -> None:
    p = deputies.chamber_profile("majilis", 4)
    assert (p["members"], p["women"], p["elected_year"]) == (107, 17, 2007)
    assert p["women_pct"] == pytest.approx(100 * 17 / 107)
    assert p["age_median"] == 52  # as reported
    assert p["age_median_grouped"] == pytest.approx(53.0682, abs=1e-4)  # as interpolated
    assert p["band_check"]["ok"] is True
    assert p["source_id"] == "bowyer-2008"
    assert p["age_brackets"].set_index("bracket").at["under 40", "count"] == 4


def test_chamber_profile_without_bands() -> None:
    p = deputies.chamber_profile("senate", 4)
    assert (p["members"], p["women"]) == (47, 2)
    assert p["bands"] is None
    assert p["age_median_grouped"] is None
    assert p["age_median_grouped_reason"] == "no age bands in the package"


def test_unknown_chamber_or_convocation_lists_the_choices() -> None:
    with pytest.raises(ParameterError, match="choose one of: majilis, senate, supreme-kenges"):
        deputies.chamber_profile("lords", 4)
    # data/composition.csv, preferred senate rows: convocations 1 (line 7), 3 (line 14),
    # 4 (line 17), 5 (line 20), 6 (line 26), 8 (line 35) and, since issue 13, 2 (line 37,
    # vestiru-2002-senate); no senate row of the 7th convocation, so 7 is still unknown
    with pytest.raises(
        ParameterError, match=r"convocation \(of senate\) = 7 .* 1, 2, 3, 4, 5, 6, 8$"
    ):
        deputies.chamber_profile("senate", 7)
    with pytest.raises(ParameterError, match="choose one of: majilis, senate"):
        deputies.available("lords")


def test_available() -> None:
    table = deputies.available()
    assert {"chamber", "convocation", "has_age_bands"} <= set(table.columns)
    assert not table.duplicated(["chamber", "convocation"]).any()
    banded = table[table["has_age_bands"]]
    assert list(zip(banded["chamber"], banded["convocation"], strict=True)) == [("majilis", 4)]
    assert set(deputies.available("senate")["chamber"]) == {"senate"}


def test_women_by_convocation_shares_are_the_counts_over_the_chamber():
    women = deputies.women_by_convocation().set_index(["chamber", "convocation"])
    # Bowyer (2008): 17 women of 107 in the 2007 Majilis, 2 of 47 in the Senate
    assert women.loc[("majilis", 4), "women_pct"] == pytest.approx(100 * 17 / 107)
    assert women.loc[("senate", 4), "women_pct"] == pytest.approx(100 * 2 / 47)
    assert women["women_pct"].notna().all()


def test_world_under_40_benchmarks_are_ipus():
    # IPU, "Data on youth participation" (2018 report): "15.5 per cent of the world's MPs are
    # aged under 40 - up from 14.2 per cent in 2016"
    rows = deputies.world_benchmarks("mps_age_share", "under 40").set_index("year")["value"]
    assert rows[2016] == 14.2 and rows[2018] == 15.5


def test_the_chambers_of_1995_end_and_the_kurultai_replaces_them() -> None:
    # chambers.csv: the Majilis and the Senate end on 1 July 2026 (Article 95, Kazinform,
    # 12 Feb 2026); the Kurultai has 145 deputies for five years; no convocation of it yet
    from kazparl.findings import deputy_profiles as findings

    rows = deputies.chambers().set_index("chamber")
    assert str(rows.loc["majilis", "to_date"].date()) == "2026-07-01"
    assert rows.loc["kurultai", ["seats", "term_years", "convocations"]].tolist() == [145, 5, 0]
    text = findings.chambers(deputies.chambers())
    assert text.startswith("The Majilis and the Senate ended their powers on 1 July 2026")
    assert "has 145 deputies elected for 5 years" in text and "none of its convocations" in text
