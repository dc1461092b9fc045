"""kazparl.turnout: dispersion, robust z, gaps and rank stability, checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kazparl import turnout
from kazparl.params import ParameterError

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


def test_city_model_recovers_the_within_election_gap():
    # Two elections, one city and two oblasts each. Election A: city 40, oblasts 70 and 80
    # (gap to the oblast mean: -35); election B: city 50, oblasts 60 and 70 (gap -15). With the
    # same design in both elections, OLS with election fixed effects gives the mean gap, -25.
    frame = pd.DataFrame(
        {
            "election_id": ["a", "a", "a", "b", "b", "b"],
            "region_id": ["c", "o1", "o2", "c", "o1", "o2"],
            "city": [1, 0, 0, 1, 0, 0],
            "turnout": [40.0, 70.0, 80.0, 50.0, 60.0, 70.0],
        }
    )
    fit = turnout.city_model(frame)
    assert fit.params["city"] == pytest.approx(-25.0)


def test_national_turnout_comes_from_the_preferred_row_only():
    # 2021: the CEC's final 63.25% (Astana Times / KazTAG, 12 January 2021)
    assert turnout.national("majilis-2021")["turnout_pct"] == 63.25
    # 2019: the preferred row (ElectionGuide) gives counts but no turnout: nothing stands in
    assert turnout.national("president-2019")["turnout_pct"] is None
