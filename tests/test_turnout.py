"""kazparl.turnout: dispersion, robust z, gaps and rank stability, checked by hand."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kazparl import turnout
from kazparl.params import ParameterError
from tests.conftest import edit_csv

# --------------------------------------------------------------------------- dispersion


def test_dispersion_of_20_40_60_by_hand() -> None:
    d = turnout.dispersion([20, 40, 60])
    # mean 40; range 60 - 20 = 40; ratio 60 / 20 = 3
    assert (d["n"], d["mean"], d["median"], d["range"], d["ratio"]) == (3, 40, 40, 40, 3)
    # squared deviations 400 + 0 + 400 = 800
    # population SD = sqrt(800 / 3) = 16.3299; sample SD = sqrt(800 / 2) = 20
    assert d["sd_population"] == pytest.approx(math.sqrt(800 / 3))
    assert d["sd_population"] == pytest.approx(16.33, abs=0.005)
    assert d["sd_sample"] == pytest.approx(20)
    # CV = 16.33 / 40 = 0.408 (population SD); 20 / 40 = 0.5 (sample SD)
    assert d["cv_population"] == pytest.approx(math.sqrt(800 / 3) / 40)
    assert d["cv_sample"] == pytest.approx(0.5)
    # type 7 quartiles: position (n - 1) * p = 0.5 and 1.5 -> 20 + 0.5*20 = 30, 40 + 0.5*20 = 50
    assert (d["q1"], d["q3"], d["iqr"]) == (30, 50, 20)
    assert d["weighted"] is False
    assert math.isnan(d["weighted_mean"])


def test_dispersion_leaves_out_missing_values() -> None:
    d = turnout.dispersion(pd.Series([20, None, 40, np.nan, 60], dtype="Float64"))
    assert (d["n"], d["n_missing"], d["range"]) == (3, 2, 40)
    assert d["sd_sample"] == pytest.approx(20)
    assert turnout.dispersion([20, None, 40, 60])["n_missing"] == 1


def test_dispersion_of_one_or_no_value() -> None:
    one = turnout.dispersion([55.0])
    assert (one["range"], one["sd_population"]) == (0, 0)
    assert math.isnan(one["sd_sample"])
    none = turnout.dispersion([None, None])
    assert none["n"] == 0
    assert math.isnan(none["mean"])


def test_weighted_dispersion_by_hand() -> None:
    # weights 1, 1, 2: weighted mean = (20 + 40 + 2*60) / 4 = 180 / 4 = 45
    # weighted variance = (1*25^2 + 1*5^2 + 2*15^2) / 4 = (625 + 25 + 450) / 4 = 275
    d = turnout.dispersion([20, 40, 60], weights=[1, 1, 2])
    assert d["weighted"] is True
    assert d["weighted_mean"] == pytest.approx(45)
    assert d["weighted_sd"] == pytest.approx(math.sqrt(275))
    assert d["weighted_cv"] == pytest.approx(math.sqrt(275) / 45)
    assert d["mean"] == 40  # the unweighted figures stay


def test_weighted_sd_agrees_with_statsmodels() -> None:
    from statsmodels.stats.weightstats import DescrStatsW

    x, w = [25.8, 42.9, 45.5, 60.0, 67.2], [1.1e6, 0.8e6, 0.6e6, 0.5e6, 0.4e6]
    d = turnout.dispersion(x, weights=w)
    ref = DescrStatsW(np.array(x), weights=np.array(w), ddof=0)
    assert d["weighted_mean"] == pytest.approx(ref.mean)
    assert d["weighted_sd"] == pytest.approx(ref.std)


def test_weighted_mean_by_registered_voters_is_the_national_turnout() -> None:
    # region A: 20 of 100 voted (20 %); B: 120 of 200 (60 %)
    # national = (20 + 120) / (100 + 200) = 46.67 %, not the plain mean 40 %
    d = turnout.dispersion([20, 60], weights=[100, 200])
    assert d["weighted_mean"] == pytest.approx(100 * 140 / 300)


def test_weighted_measures_need_every_weight() -> None:
    d = turnout.dispersion([20, 40, 60], weights=[100, None, 200])
    assert d["weighted"] is False
    assert math.isnan(d["weighted_mean"])
    assert "weights missing for 1 of 3" in d["note"]
    assert d["sd_sample"] == pytest.approx(20)
    # a weight missing only where the value is missing does not matter
    assert turnout.dispersion([20, None, 60], weights=[1, None, 1])["weighted"] is True
    with pytest.raises(ValueError, match="2 weights for 3 values"):
        turnout.dispersion([20, 40, 60], weights=[1, 2])


def test_dispersion_2023_matches_the_methods_notes() -> None:
    # methods-notes 4.2 (CEC via Kazinform, 22:10): mean 56.31, median 58.84, SD 9.59,
    # CV 0.17, range 41.39 (67.21 - 25.82), max/min 2.60, IQR 7.23; 20 units.
    f = turnout.regional_frame("majilis-2023")
    d = turnout.dispersion(f["turnout_pct"])
    assert d["n"] == 20
    assert d["mean"] == pytest.approx(56.31, abs=0.005)
    assert d["median"] == pytest.approx(58.835)
    assert d["sd_sample"] == pytest.approx(9.59, abs=0.005)
    assert d["cv_sample"] == pytest.approx(0.17, abs=0.005)
    assert d["range"] == pytest.approx(67.21 - 25.82)
    assert d["ratio"] == pytest.approx(67.21 / 25.82)
    assert d["iqr"] == pytest.approx(7.23, abs=0.005)


# --------------------------------------------------------------------------- robust z


def test_robust_z_by_hand() -> None:
    # x = 1, 2, 3, 4, 100: median 3; |x - 3| = 2, 1, 0, 1, 97 -> sorted 0, 1, 1, 2, 97: MAD = 1
    # z = (x - 3) / (1.4826 * 1) = -1.349, -0.674, 0, 0.674, 65.43
    z = turnout.robust_z([1, 2, 3, 4, 100])
    expected = [-2 / 1.4826, -1 / 1.4826, 0, 1 / 1.4826, 97 / 1.4826]
    assert z.tolist() == pytest.approx(expected)
    assert z.iloc[-1] == pytest.approx(65.4256, abs=1e-4)
    flagged = turnout.outliers([1, 2, 3, 4, 100])
    assert flagged["value"].tolist() == [100]


def test_robust_z_keeps_index_and_missing_values() -> None:
    x = pd.Series([1, None, 2, 3, 4, 100], index=list("abcdef"), dtype="Float64")
    z = turnout.robust_z(x)
    assert list(z.index) == list("abcdef")
    assert math.isnan(z["b"])
    assert z["f"] == pytest.approx(97 / 1.4826)  # same median and MAD as without the NA


def test_robust_z_refuses_a_zero_mad() -> None:
    # 5, 5, 5, 1: median 5, |x - 5| = 0, 0, 0, 4 -> MAD 0
    with pytest.raises(ValueError, match="MAD is 0"):
        turnout.robust_z([5, 5, 5, 1])


def test_robust_z_2023_matches_the_methods_notes() -> None:
    # methods notes: robust z < -2 for Almaty city (-4.43) and Astana (-2.14)
    f = turnout.regional_frame("majilis-2023").set_index("region_id")["turnout_pct"]
    z = turnout.robust_z(f)
    assert z["almaty-city"] == pytest.approx(-4.43, abs=0.005)
    assert z["astana"] == pytest.approx(-2.14, abs=0.005)
    assert list(turnout.outliers(f).index) == ["almaty-city"]  # |z| > 3.5
    assert list(turnout.outliers(f, cutoff=2).index) == ["almaty-city", "astana"]


# --------------------------------------------------------------------------- gaps


def test_gap_2007_almaty_from_the_data_package() -> None:
    # The paper: Almaty city 22.5 % vs Almaty region 90 %: 90 - 22.5 = 67.5 points.
    f = turnout.regional_frame("majilis-2007")
    res = turnout.gap(f, "almaty-region", "almaty-city")
    assert (res["value_a"], res["value_b"], res["gap"]) == (90.0, 22.5, 67.5)
    assert turnout.gap(f, "almaty-city", "almaty-region")["gap"] == -67.5
    # the figures carry their reporting status for the caption
    assert set(f["status"].astype(str)) == {"preliminary"}
    assert set(f["as_of"]) == {"unstated"}
    with pytest.raises(ParameterError, match="choose one of: almaty-region, almaty-city"):
        turnout.gap(f, "astana", "almaty-city")


def test_city_gap_by_hand() -> None:
    f = pd.DataFrame(
        {
            "region_id": ["astana", "almaty-city", "akmola", "aktobe"],
            "turnout_pct": [40.0, 20.0, 70.0, 50.0],
            "registered": [100, 300, 100, 100],
        }
    )
    # unweighted: cities (40 + 20) / 2 = 30; oblasts (70 + 50) / 2 = 60; gap 30 - 60 = -30
    res = turnout.city_gap(f)
    assert (res["cities_mean"], res["oblasts_mean"], res["gap"]) == (30, 60, -30)
    assert res["cities"] == ["almaty-city", "astana"]
    assert "unweighted" in res["label"]
    # weighted: cities (40*100 + 20*300) / 400 = 10000 / 400 = 25; oblasts 60; gap -35
    w = turnout.city_gap(f, weights="registered")
    assert (w["cities_mean"], w["gap"], w["weighted"]) == (25, -35, True)


def test_city_gap_refuses_missing_weights_and_unknown_regions() -> None:
    f = pd.DataFrame(
        {"region_id": ["astana", "akmola"], "turnout_pct": [40.0, 70.0], "registered": [1, None]}
    )
    with pytest.raises(ValueError, match="registered missing for: akmola"):
        turnout.city_gap(f, weights="registered")
    bad = pd.DataFrame({"region_id": ["atlantis"], "turnout_pct": [50.0]})
    with pytest.raises(ValueError, match="not in the regions table: atlantis"):
        turnout.city_gap(bad)
    twice = pd.DataFrame({"region_id": ["astana", "astana"], "turnout_pct": [40.0, 41.0]})
    with pytest.raises(ValueError, match="several rows for astana"):
        turnout.city_gap(twice)


def test_city_gap_2023_matches_the_methods_notes() -> None:
    # cities: (42.91 + 25.82 + 45.46) / 3 = 114.19 / 3 = 38.063
    # all 20: 20 * 56.309 = 1126.18; oblasts (1126.18 - 114.19) / 17 = 1011.99 / 17 = 59.529
    # gap 38.063 - 59.529 = -21.47 (the notes: "a gap of 21.5 points, unweighted")
    res = turnout.city_gap(turnout.regional_frame("majilis-2023"))
    assert (res["n_cities"], res["n_oblasts"]) == (3, 17)
    assert res["cities_mean"] == pytest.approx(114.19 / 3)
    assert res["oblasts_mean"] == pytest.approx(1011.99 / 17)
    assert res["gap"] == pytest.approx(-21.47, abs=0.005)


# --------------------------------------------------------------------------- the data package


def test_regional_frame_carries_status_and_kind() -> None:
    f = turnout.regional_frame("majilis-2021")
    assert {"as_of", "status", "source_id", "kind", "name_en"} <= set(f.columns)
    assert not f["region_id"].duplicated().any()
    assert set(f.loc[f["kind"] == "city", "region_id"]) == {"almaty-city", "astana", "shymkent"}


@pytest.mark.parametrize("election", ["majilis-2004", "majilis-2030"])
def test_regional_frame_lists_the_elections_with_regional_data(election: str) -> None:
    with pytest.raises(ParameterError, match=r"choose one of: majilis-2007, .*majilis-2023"):
        turnout.regional_frame(election)
    assert "majilis-2004" not in turnout.available()


# --------------------------------------------------------------------------- rank stability


def test_spearman_hand_ranked_four_regions() -> None:
    # x: 50, 60, 70, 80 -> ranks 1, 2, 3, 4; y: 55, 75, 65, 85 -> ranks 1, 3, 2, 4
    # d = 0, -1, 1, 0; sum d^2 = 2; rho = 1 - 6*2 / (4 * (16 - 1)) = 1 - 12/60 = 0.8
    # p: t = 0.8 * sqrt(2 / (1 - 0.64)) = 1.8856, df 2; the t(2) cdf is
    # 1/2 + t / (2 sqrt(2 + t^2)) = 0.5 + 1.8856 / (2 * 2.3570) = 0.9 -> two-sided p = 0.2
    x = pd.Series([50, 60, 70, 80], index=["a", "b", "c", "d"])
    y = pd.Series([85, 65, 75, 55, 99], index=["d", "c", "b", "a", "z"])  # order, extra label
    res = turnout.spearman(x, y)
    assert res["n"] == 4
    assert res["rho"] == pytest.approx(0.8)
    assert res["pvalue"] == pytest.approx(0.2)


def test_spearman_needs_three_pairs() -> None:
    with pytest.raises(ValueError, match="only 2 matched pairs"):
        turnout.spearman(pd.Series([1, 2]), pd.Series([2, 1]))


def fake_frames(monkeypatch: pytest.MonkeyPatch) -> None:
    """2016-like and 2021-like frames where only the handling of split regions differs."""
    frames = {
        "majilis-2016": {"akmola": 50, "aktobe": 60, "atyrau": 70, "south-kazakhstan": 80},
        "majilis-2021": {
            "akmola": 55,
            "aktobe": 75,
            "atyrau": 65,
            "turkestan": 85,
            "shymkent": 10,
        },
    }

    def regional_frame(election_id: str) -> pd.DataFrame:
        values = frames[election_id]
        return pd.DataFrame(
            {
                "region_id": list(values),
                "turnout_pct": list(values.values()),
                "as_of": "final",
                "status": "final",
            }
        )

    monkeypatch.setattr(turnout, "regional_frame", regional_frame)


def test_rank_correlation_parent_mode_by_hand(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_frames(monkeypatch)
    # parent mode: Turkestan (the renamed remainder) stands for South Kazakhstan; Shymkent,
    # split off in 2018, is dropped. Units akmola, aktobe, atyrau, south-kazakhstan:
    # 2016 ranks 1, 2, 3, 4; 2021 (55, 75, 65, 85) ranks 1, 3, 2, 4 -> rho = 0.8 (as above).
    # (Had Shymkent's 10 stood in for the parent: ranks 2, 4, 3, 1, sum d^2 = 1+4+0+9 = 14,
    # rho = 1 - 84/60 = -0.4.)
    res = turnout.rank_correlation("majilis-2016", "majilis-2021", mode="parent")
    assert (res["n"], res["rho"]) == (4, pytest.approx(0.8))
    row = res["regions"].set_index("unit").loc["south-kazakhstan"]
    assert (row["region_a"], row["region_b"], row["territory_changed"]) == (
        "south-kazakhstan",
        "turkestan",
        True,  # Shymkent left between the two dates
    )
    assert res["dropped"]["region_id"].tolist() == ["shymkent"]
    assert "split off from south-kazakhstan" in res["dropped"]["reason"].iloc[0]
    assert res["preliminary"] is False


def test_rank_correlation_common_mode_by_hand(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_frames(monkeypatch)
    # common ids akmola, aktobe, atyrau: 2016 ranks 1, 2, 3; 2021 (55, 75, 65) ranks 1, 3, 2
    # d = 0, -1, 1; rho = 1 - 6*2 / (3 * (9 - 1)) = 1 - 12/24 = 0.5
    res = turnout.rank_correlation("majilis-2016", "majilis-2021")
    assert (res["n"], res["rho"]) == (3, pytest.approx(0.5))
    assert sorted(res["dropped"]["region_id"]) == ["shymkent", "south-kazakhstan", "turkestan"]


def test_rank_correlation_2016_2021_from_the_data_package() -> None:
    common = turnout.rank_correlation("majilis-2016", "majilis-2021")
    parent = turnout.rank_correlation("majilis-2016", "majilis-2021", mode="parent")
    # 16 units in 2016, 17 in 2021; by id 15 in common (South Kazakhstan renamed Turkestan);
    # parent mode adds South Kazakhstan <-> Turkestan and drops Shymkent.
    assert (common["n"], parent["n"]) == (15, 16)
    assert parent["dropped"]["region_id"].tolist() == ["shymkent"]
    table = parent["regions"]
    from scipy.stats import spearmanr

    assert parent["rho"] == pytest.approx(spearmanr(table["turnout_a"], table["turnout_b"])[0])
    assert parent["preliminary"] is True  # election-night figures


def test_rank_correlation_2021_2023_flags_the_2022_splits() -> None:
    res = turnout.rank_correlation("majilis-2021", "majilis-2023", mode="parent")
    assert res["n"] == 17
    assert sorted(res["dropped"]["region_id"]) == ["abai", "ulytau", "zhetysu"]
    changed = res["regions"].loc[res["regions"]["territory_changed"], "unit"]
    assert sorted(changed) == ["almaty-region", "east-kazakhstan", "karaganda"]
    # Shymkent and Turkestan exist in both: compared with themselves, unchanged
    same = res["regions"].set_index("unit")
    assert same.at["south-kazakhstan", "region_a"] == "turkestan"
    assert not same.at["south-kazakhstan", "territory_changed"]
    assert same.at["shymkent", "region_b"] == "shymkent"


def test_rank_correlation_refuses_too_few_regions_and_bad_mode() -> None:
    with pytest.raises(ValueError, match="only 2 matched pairs"):
        turnout.rank_correlation("majilis-2007", "majilis-2012")
    with pytest.raises(ParameterError, match="choose one of: common, parent"):
        turnout.rank_correlation("majilis-2016", "majilis-2021", mode="child")


def two_elections() -> pd.DataFrame:
    """Two elections, one city and two oblasts each (see the test below)."""
    return pd.DataFrame(
        {
            "election_id": ["a", "a", "a", "b", "b", "b"],
            "region_id": ["c", "o1", "o2", "c", "o1", "o2"],
            "city": [1, 0, 0, 1, 0, 0],
            "turnout": [40.0, 70.0, 80.0, 50.0, 60.0, 70.0],
        }
    )


def test_city_model_recovers_the_within_election_gap():
    # Two elections, one city and two oblasts each. Election A: city 40, oblasts 70 and 80
    # (gap to the oblast mean: -35); election B: city 50, oblasts 60 and 70 (gap -15). With the
    # same design in both elections, OLS with election fixed effects gives the mean gap, -25.
    frame = two_elections()
    fit = turnout.city_model(frame)
    assert fit.params["city"] == pytest.approx(-25.0)


def without_2019_turnout(folder: Path) -> Path:
    """The data copy ``folder`` with the turnout of the preferred president-2019 row blanked.

    elections.csv, president-2019: the preferred row (RBC, 77.5, final; preferred since issue
    13) loses its turnout; the other rows keep theirs (en-wiki 77.54 final, Deccan Chronicle
    77.4 preliminary) and ElectionGuide (now not preferred) still gives counts only.
    """
    path = folder / "elections.csv"
    line = next(
        i
        for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if text.startswith("president-2019,") and ",final,true,rbc-2019-06-11," in text
    )
    edit_csv(path, line, ",77.5,final,true,rbc-2019-06-11,", ",,final,true,rbc-2019-06-11,")
    return folder


def test_national_turnout_comes_from_the_preferred_row_only(data_copy):
    # 2021: the CEC's final 63.25% (Astana Times / KazTAG, 12 January 2021)
    assert turnout.national("majilis-2021")["turnout_pct"] == 63.25
    # 2019: since issue 13 the preferred row is RBC's final 77.5 (elections.csv line 99,
    # rbc-2019-06-11, quoting the CEC's site); ElectionGuide (line 58: counts, no turnout) is
    # no longer preferred, and en-wiki's 77.54 (line 100) is not used
    assert turnout.national("president-2019")["turnout_pct"] == 77.5
    # the same election with the preferred row's turnout blanked (a copy of the data): the
    # preferred row gives no turnout, and nothing stands in (not 77.54, not 77.4)
    without_2019_turnout(data_copy)
    assert turnout.national("president-2019")["turnout_pct"] is None


# --------------------------------------------------------------------------- sources travel


def csv_rows(table: str) -> list[dict[str, str]]:
    """The rows of a data-package CSV as the file holds them (read without kazparl.data)."""
    import csv

    from kazparl import paths

    with (paths.data_dir() / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def preferred_regional(election: str) -> list[dict[str, str]]:
    return [
        r
        for r in csv_rows("regional_turnout")
        if r["election_id"] == election and r["preferred"] == "true"
    ]


def test_regional_frame_and_panel_carry_the_sources_of_their_rows() -> None:
    # 2012: the preferred rows come from three sources (the embassy for Astana, Tengrinews'
    # 20:00 list for North Kazakhstan, Vesti's end-of-voting list for the rest)
    expected = {r["source_id"] for r in preferred_regional("majilis-2012")}
    assert expected == {
        "vesti-2012-turnout-end",
        "tengrinews-2012-turnout-2000",
        "kazakhembus-2012-turnout",
    }
    frame = turnout.regional_frame("majilis-2012")
    assert set(frame.attrs["sources"]) == expected
    assert set(frame["turnout_pct"].attrs["sources"]) == expected  # a column keeps them
    stacked = turnout.panel()
    assert "inform-2023-turnout-2210" in stacked.attrs["sources"]
    assert "bowyer-2008" not in stacked.attrs["sources"]  # 2007 has two regions: not in the panel


def test_unknown_election_raises_unknown_id_error() -> None:
    from kazparl.errors import UnknownIdError

    with pytest.raises(UnknownIdError, match="choose one of: majilis-2007"):
        turnout.regional_frame("majilis-2004")
    with pytest.raises(UnknownIdError, match="'narnia'"):
        turnout.gap(turnout.regional_frame("majilis-2007"), "narnia", "almaty-city")


def test_national_gap_and_city_gap_name_their_sources(data_copy) -> None:
    # elections.csv: the preferred 2023 row is Sputnik/UrduPoint's final 54.21
    row = next(
        r
        for r in csv_rows("elections")
        if r["election_id"] == "majilis-2023" and r["preferred"] == "true"
    )
    assert (row["turnout_pct"], row["source_id"]) == ("54.21", "sputnik-urdupoint-2023-03-27")
    nat = turnout.national("majilis-2023")
    assert (nat["turnout_pct"], nat["sources"]) == (54.21, ("sputnik-urdupoint-2023-03-27",))
    # 2019: the preferred row is RBC's (elections.csv line 99, since issue 13)
    assert turnout.national("president-2019")["sources"] == ("rbc-2019-06-11",)
    pair = turnout.regional_frame("majilis-2007")
    assert turnout.gap(pair, "almaty-city", "almaty-region")["sources"] == ("bowyer-2008",)
    res = turnout.city_gap(turnout.regional_frame("majilis-2023"))
    assert res["sources"] == ("inform-2023-turnout-2210",)
    # with its turnout blanked (a copy of the data) the preferred row has no turnout, but it
    # is the row that was read
    without_2019_turnout(data_copy)
    blank = turnout.national("president-2019")
    assert (blank["turnout_pct"], blank["sources"]) == (None, ("rbc-2019-06-11",))


def test_dispersion_keeps_the_sources_a_series_carries() -> None:
    frame = turnout.regional_frame("majilis-2023")
    assert turnout.dispersion(frame["turnout_pct"])["sources"] == ("inform-2023-turnout-2210",)
    assert turnout.dispersion([20, 40, 60])["sources"] == ()


def test_rank_correlation_names_the_sources_of_the_figures_compared() -> None:
    res = turnout.rank_correlation("majilis-2021", "majilis-2023")
    assert set(res["sources"]) == {"mediaworld-2021-turnout-2200", "inform-2023-turnout-2210"}
    assert res["regions"].attrs["sources"] == res["sources"]


# --------------------------------------------------------------------------- reporting


def test_reporting_time_of_2016_from_the_data() -> None:
    # 2016's preferred rows: East Kazakhstan at 18:00 (Islam.kz), West Kazakhstan at 20:00
    # (Kazinform), the other 14 from an end-of-voting list without a time
    times = sorted({r["as_of"] or "unstated" for r in preferred_regional("majilis-2016")})
    assert times == ["18:00", "20:00", "unstated"]
    frame = turnout.regional_frame("majilis-2016")
    assert turnout.reporting_time(frame) == "as of 18:00, 20:00 or an unstated time"
    assert turnout.reported(frame) == "preliminary, as of 18:00, 20:00 or an unstated time"
    assert turnout.reported(turnout.regional_frame("majilis-2023")) == "preliminary, as of 22:10"


def test_election_night_2007_is_the_papers_64_56() -> None:
    # elections.csv, 2007: preliminary rows with a turnout are URBC's and the paper's, both
    # 64.56 (the paper: 5,726,544 of 8,870,146 = 64.56%); the preferred final row says 68.4.
    rows = [
        r
        for r in csv_rows("elections")
        if r["election_id"] == "majilis-2007" and r["status"] == "preliminary" and r["turnout_pct"]
    ]
    assert [(r["source_id"], r["turnout_pct"]) for r in rows] == [
        ("urbc-2007-08-20", "64.56"),
        ("bowyer-2008", "64.56"),
    ]
    assert round(100 * 5726544 / 8870146, 2) == 64.56
    night = turnout.election_night("majilis-2007")
    assert night["turnout_pct"] == 64.56
    assert night["values"] == [64.56]
    assert night["sources"] == ("urbc-2007-08-20", "bowyer-2008")
    from kazparl.errors import UnknownIdError

    with pytest.raises(UnknownIdError):
        turnout.election_night("majilis-2008")


# --------------------------------------------------------------------------- persistence


def test_persistence_has_one_row_per_election_with_regional_figures(data_copy) -> None:
    table = turnout.persistence()
    assert table["election_id"].tolist() == turnout.available()
    rows = table.set_index("election_id")
    # 2007: the paper's pair, 22.5 and 90: a gap of -67.5 but no distribution
    first = rows.loc["majilis-2007"]
    assert (first["n_regions"], first["turnout_min"], first["turnout_max"]) == (2, 22.5, 90)
    assert first["almaty_gap"] == -67.5
    assert math.isnan(first["turnout_range"]) and math.isnan(first["city_gap"])
    assert first["national_turnout"] == 68.4  # the preferred final row
    # 2023, as in the methods notes: range 67.21 - 25.82 = 41.39, SD 9.59, city gap -21.47
    last = rows.loc["majilis-2023"]
    assert last["turnout_range"] == pytest.approx(41.39)
    assert last["turnout_sd"] == pytest.approx(9.59, abs=0.005)
    assert last["city_gap"] == pytest.approx(-21.47, abs=0.005)
    # Almaty city 25.82 - Almaty region 60.03 = -34.21 (Kazinform, 22:10)
    assert last["almaty_gap"] == pytest.approx(-34.21)
    assert last["as_of"] == "22:10"
    # 2012: 41.38 - 92.6 = -51.22; 16 regions; ratio 92.6 / 41.38
    assert rows.at["majilis-2012", "almaty_gap"] == pytest.approx(-51.22)
    assert rows.at["majilis-2012", "turnout_ratio"] == pytest.approx(92.6 / 41.38)
    # 2019: the preferred national row (elections.csv line 99, RBC, since issue 13) gives 77.5
    assert rows.at["president-2019", "national_turnout"] == 77.5
    assert rows.at["president-2019", "national_status"] == "final"
    # its sources: every regional and national figure used
    used = table.attrs["sources"]
    assert {"bowyer-2008", "francowiki-2007-carr-ipu", "inform-2023-turnout-2210"} <= set(used)
    assert {"sputnik-urdupoint-2023-03-27", "rbc-2019-06-11"} <= set(used)
    # the same with the preferred 2019 row's turnout blanked (a copy of the data): NaN, not
    # another row's figure, and the status of the row read
    without_2019_turnout(data_copy)
    blank = turnout.persistence().set_index("election_id")
    assert math.isnan(blank.at["president-2019", "national_turnout"])
    assert blank.at["president-2019", "national_status"] == "final"


# --------------------------------------------------------------------------- standings


def test_standings_from_the_data_package() -> None:
    table = turnout.standings(turnout.panel()).set_index("election_id")
    # Almaty city is the lowest of all regions in every election with 3+ regions
    assert set(table["lowest"]) == {"almaty-city"}
    # 2016: Astana 74.65 > Pavlodar 72.85 (the lowest oblast; West Kazakhstan 73.68)
    assert table.at["majilis-2016", "lowest_oblast"] == "pavlodar"
    assert table.at["majilis-2016", "cities_above"] == ("Astana",)
    # 2019: West Kazakhstan 66.3 is the lowest oblast; Astana 68.9 and Shymkent 67.6 above it
    assert table.at["president-2019", "lowest_oblast_turnout"] == 66.3
    assert set(table.at["president-2019", "cities_above"]) == {"Astana", "Shymkent"}
    # 2021: Shymkent 56.5 > Mangystau 55.0 (Atyrau 56.4 is not the lowest oblast)
    assert table.at["majilis-2021", "lowest_oblast"] == "mangystau"
    assert table.at["majilis-2021", "cities_above"] == ("Shymkent",)
    # 2012: Astana 53.32 is below Pavlodar 71.0
    assert table.at["majilis-2012", "cities_above"] == ()
    # highest: Almaty region 92.6 (2012); North Kazakhstan 75.5 (2021); Zhetysu 81.42 (2022)
    assert table.at["majilis-2012", "highest"] == "almaty-region"
    assert table.at["majilis-2021", "highest"] == "north-kazakhstan"
    assert table.at["president-2022", "highest_turnout"] == 81.42
    assert set(table["highest_kind"]) == {"oblast"}


def test_standings_by_hand_with_a_tie() -> None:
    frame = pd.DataFrame(
        {
            "election_id": ["x"] * 4,
            "region_id": ["a", "b", "c", "d"],
            "name_en": ["A", "B", "C", "D"],
            "kind": ["oblast", "oblast", "city", "city"],
            "turnout_pct": [70.0, 40.0, 50.0, 40.0],
        }
    )
    row = turnout.standings(frame).iloc[0]
    # b and d share the lowest figure, 40; the lowest oblast is b (40); city c (50) is above it
    assert row["lowest_tied"] == 2
    assert (row["lowest_oblast"], row["cities_above"]) == ("b", ("C",))
    assert (row["highest"], row["highest_turnout"]) == ("a", 70.0)


# --------------------------------------------------------------------------- rank stability


def test_rank_stability_holds_every_consecutive_pair() -> None:
    table = turnout.rank_stability()
    elections = [e for e in turnout.available() if e != "majilis-2007"]  # 2007: two regions
    assert table["election_id"].tolist() == elections
    assert table["previous"].tolist()[1:] == elections[:-1]
    assert math.isnan(table["rho_previous"].iloc[0])  # nothing before the first
    for _, row in table.iloc[1:].iterrows():
        res = turnout.rank_correlation(row["previous"], row["election_id"], mode="parent")
        assert row["rho_previous"] == pytest.approx(res["rho"])
        assert row["n_matched"] == res["n"]
    rows = table.set_index("election_id")
    # 2012 -> 2016: the same 16 regions; Spearman's rho from the two lists themselves
    from scipy.stats import spearmanr

    a = turnout.regional_frame("majilis-2012").set_index("region_id")["turnout_pct"]
    b = turnout.regional_frame("majilis-2016").set_index("region_id")["turnout_pct"]
    assert set(a.index) == set(b.index)
    rho = spearmanr(a.sort_index().astype(float), b.sort_index().astype(float))[0]
    assert rows.at["majilis-2016", "rho_previous"] == pytest.approx(rho)
    # 2016 -> 2019: Shymkent (2018) left out; South Kazakhstan matched with Turkestan, which
    # lost Shymkent in between
    assert rows.at["president-2019", "dropped_regions"] == "Shymkent"
    assert rows.at["president-2019", "renamed_units"] == (
        "South Kazakhstan Region → Turkestan Region"
    )
    assert rows.at["president-2019", "split_units"] == "Turkestan Region"
    # 2021 -> 2022: the three regions of June 2022 left out; their parents lost territory
    dropped = rows.at["president-2022", "dropped_regions"].split(", ")
    assert sorted(dropped) == ["Abai Region", "Ulytau Region", "Zhetysu Region"]
    assert sorted(rows.at["president-2022", "split_units"].split(", ")) == [
        "Almaty Region",
        "East Kazakhstan Region",
        "Karaganda Region",
    ]
    assert pd.isna(rows.at["majilis-2023", "dropped_regions"])
    assert "inform-2023-turnout-2210" in table.attrs["sources"]


# --------------------------------------------------------------------------- the chosen election


def test_chosen_spread_says_when_weights_are_missing() -> None:
    # 2016: registered voters are in the data for West Kazakhstan only (430,875, Kazinform)
    known = [r["region_id"] for r in preferred_regional("majilis-2016") if r["registered"]]
    assert known == ["west-kazakhstan"]
    res = turnout.chosen_spread("majilis-2016", weighted=True)
    assert (res["weighted_requested"], res["weighted"], res["registered_known"]) == (True, False, 1)
    assert res["weights_note"] == (
        "registered voters are known for 1 of 16 regions, so the measures are unweighted"
    )
    assert res["n"] == 16 and res["distribution"] is True
    assert res["range"] == pytest.approx(94.06 - 34.1)
    assert set(res["sources"]) >= {"inform-2016-wko-2000", "yknews-2016-turnout-end"}
    unweighted = turnout.chosen_spread("majilis-2016")
    assert unweighted["weights_note"] is None and unweighted["weighted_requested"] is False
    assert turnout.chosen_spread("majilis-2007")["distribution"] is False  # two regions


def test_chosen_spread_weighted_when_every_count_is_known(monkeypatch) -> None:
    # A: 20 of 100 voted (20 %); B: 120 of 200 (60 %); C: 50 of 100 (50 %)
    # weighted mean = (20 + 120 + 50) / (100 + 200 + 100) = 190 / 400 = 47.5 %
    frame = pd.DataFrame(
        {
            "region_id": ["a", "b", "c"],
            "turnout_pct": [20.0, 60.0, 50.0],
            "registered": [100, 200, 100],
            "as_of": "22:00",
            "status": "preliminary",
            "source_id": "s",
        }
    )
    monkeypatch.setattr(turnout, "regional_frame", lambda election_id: frame)
    res = turnout.chosen_spread("x", weighted=True)
    assert res["weighted"] is True and res["weights_note"] is None
    assert res["weighted_mean"] == pytest.approx(47.5)
    assert res["sources"] == ("s",)


def test_regional_outliers_2023_and_too_few_regions() -> None:
    frame = turnout.regional_frame("majilis-2023")
    flagged = turnout.regional_outliers(frame)
    assert flagged["region_id"].tolist() == ["almaty-city"]
    assert flagged["robust_z"].iloc[0] == pytest.approx(-4.43, abs=0.005)  # methods notes
    assert flagged.attrs["sources"] == ("inform-2023-turnout-2210",)
    assert flagged.attrs["cutoff"] == 3.5
    assert turnout.regional_outliers(frame, cutoff=2)["region_id"].tolist() == [
        "almaty-city",
        "astana",
    ]
    pair = turnout.regional_outliers(turnout.regional_frame("majilis-2007"))
    assert pair.empty and "only 2 regions" in pair.attrs["note"]


def test_highlighted_regions_with_ranks() -> None:
    frame = turnout.regional_frame("majilis-2023")
    res = turnout.highlighted(frame, ["almaty-city", "almaty-region"])
    # 2023: above Almaty region's 60.03 are Kyzylorda 67.21, North Kazakhstan 65.25,
    # Zhambyl 65.21, Kostanay 65.1 and East Kazakhstan 64.15: it is 6th of 20; the city last
    assert res["regions"]["rank"].tolist() == [20, 6]
    assert res["first_minus_second"] == pytest.approx(25.82 - 60.03)
    assert res["sources"] == ("inform-2023-turnout-2210",)
    # 2022: Almaty city 28.72, Astana 48.6, Turkestan 80.37 (3rd after Zhetysu 81.42 and
    # Kyzylorda 81.07): they span 80.37 - 28.72 = 51.65 points
    three = turnout.highlighted(
        turnout.regional_frame("president-2022"), ["almaty-city", "astana", "turkestan"]
    )
    assert three["regions"]["rank"].tolist() == [20, 19, 3]
    assert (three["highest"], three["lowest"]) == ("turkestan", "almaty-city")
    assert three["span"] == pytest.approx(51.65)
    assert three["first_minus_second"] is None
    # 2019: Astana and Mangystau share 68.9; twelve regions are above it: both are 13th
    ties = turnout.highlighted(turnout.regional_frame("president-2019"), ["astana", "mangystau"])
    assert ties["regions"]["rank"].tolist() == [13, 13]
    none = turnout.highlighted(frame, [])
    assert none["regions"].empty and none["highest"] is None
    from kazparl.errors import UnknownIdError

    with pytest.raises(UnknownIdError, match="'shymkent'"):
        turnout.highlighted(turnout.regional_frame("majilis-2012"), ["shymkent"])


# --------------------------------------------------------------------------- the model


def test_city_effect_carries_the_fit_and_its_sources() -> None:
    stacked = turnout.panel()
    effect = turnout.city_effect(stacked)
    fit = turnout.city_model(stacked)
    assert effect["estimate"] == pytest.approx(fit.params["city"])
    assert effect["ci_low"] < effect["estimate"] < effect["ci_high"]
    # the preferred rows of regional_turnout.csv per election with 3+ regions: majilis-2012
    # 16, majilis-2016 16, president-2019 17, majilis-2021 17, referendum-2022 17 (5 June 2022,
    # before Abai, Zhetysu and Ulytau existed; lines 239-255), president-2022 20,
    # majilis-2023 20, referendum-2024 20 (lines 302-321), referendum-2026 20 (lines 322-331,
    # 340-345, 357-359 and 361): 163 region-elections
    assert effect["nobs"] == 16 + 16 + 17 + 17 + 17 + 20 + 20 + 20 + 20 == 163
    # the 16 units of 2012, then Shymkent and Turkestan (2018), Abai, Zhetysu, Ulytau (2022)
    assert effect["n_regions"] == 16 + 2 + 3
    assert effect["cities"] == ["almaty-city", "astana", "shymkent"]
    assert effect["city_elections"]["shymkent"][0] == "president-2019"
    assert effect["city_names"]["almaty-city"] == "Almaty"
    assert effect["reference"] == "majilis-2012"
    assert effect["sources"] == stacked.attrs["sources"]
    table = effect["coefficients"]
    assert table["term"].iloc[0] == "city of republican status"
    assert len(table) == 2 + 8  # city, intercept, eight election fixed effects (9 elections)
    assert table.attrs["sources"] == effect["sources"]
    # a frame without sources: the hand-made example of the model test
    frame = two_elections()
    small = turnout.city_effect(frame)
    assert small["estimate"] == pytest.approx(-25.0)
    assert small["sources"] == () and small["city_names"] == {"c": "c"}


def test_forensics_scope_from_the_data_package() -> None:
    header = csv_rows("results")[0].keys()
    assert "region_id" not in header  # no results by region in the package
    scope = turnout.forensics_scope(turnout.panel())
    assert scope["regional_results"] is False
    # the fewest regions: 16 (majilis-2012 and majilis-2016); the most: 20 (president-2022,
    # majilis-2023, referendum-2024, referendum-2026); 9 elections with 3+ regions (the six
    # before issue 13 and referendum-2022, referendum-2024, referendum-2026)
    assert (scope["n_min"], scope["n_max"], scope["n_elections"]) == (16, 20, 9)
