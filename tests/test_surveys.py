"""Survey statistics: expected values are worked out by hand from the formulas, not from the code.

References for the formulas used below:

- Wilson (1927), "Probable inference, the law of succession, and statistical inference", JASA 22:
  centre = (p + z²/2n) / (1 + z²/n), half = z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n).
- Kish (1965), *Survey Sampling*, s. 8.2: n_eff = n / deff (deff multiplies the variance).
- Two independent waves (Wald): Var(p2 - p1) = p1q1/n1 + p2q2/n2, z = (p2 - p1)/sqrt(Var).
- One poll, two responses (Franklin 2007; Scott and Seber 1983):
  Var(pa - pb) = (pa + pb - (pa - pb)²)/n.

z for 95% is Phi^-1(0.975) = 1.959963985, z² = 3.841458822.
"""

from __future__ import annotations

import csv
import doctest
import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kazparl import data, paths, sources, surveys
from kazparl.errors import UnknownIdError
from kazparl.params import ParameterError
from kazparl.surveys import UnknownSampleSize

Z95 = 1.959963985


def wilson_by_hand(p: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson (1927) interval for a proportion p (0-1) of n, written out (bounds in 0-1)."""
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return centre - half, centre + half


# --------------------------------------------------------------------------- proportion_ci


def test_wilson_p50_n100_by_hand():
    # z² = 1.959963985² = 3.841458822
    # denominator 1 + z²/n = 1 + 0.03841458822 = 1.03841458822
    # centre (0.5 + 0.01920729411) / 1.03841458822 = 0.5 (symmetric)
    # sqrt(0.5·0.5/100 + 3.841458822/40000) = sqrt(0.0025 + 0.0000960365) = sqrt(0.0025960365)
    #   = 0.0509513147
    # half-width = 1.959963985 · 0.0509513147 / 1.03841458822 = 0.0998627 / 1.0384146 = 0.0961685
    lo, hi = surveys.proportion_ci(50, 100)
    assert lo == pytest.approx(100 * (0.5 - 0.0961685), abs=1e-4)  # 40.38315
    assert hi == pytest.approx(100 * (0.5 + 0.0961685), abs=1e-4)  # 59.61685


def test_design_effect_2_is_wilson_with_n_eff_50():
    # deff 2 doubles the variance: n_eff = 100 / 2 = 50.
    # denominator 1 + 3.841458822/50 = 1.0768291764
    # sqrt(0.25/50 + 3.841458822/(4·2500)) = sqrt(0.005 + 0.000384146) = sqrt(0.005384146)
    #   = 0.0733767394
    # half-width = 1.959963985 · 0.0733767394 / 1.0768291764 = 0.143816 / 1.076829 = 0.1335549
    lo, hi = surveys.proportion_ci(50, 100, design_effect=2)
    assert lo == pytest.approx(100 * (0.5 - 0.1335549), abs=1e-4)  # 36.64451
    assert hi == pytest.approx(100 * (0.5 + 0.1335549), abs=1e-4)
    assert (lo, hi) == pytest.approx(surveys.proportion_ci(50, 50), abs=1e-12)


def test_design_effect_doubles_the_variance_of_the_wald_interval():
    # Wald half-width z·sqrt(p(1-p)/n): n = 100: 1.959963985 · sqrt(0.0025) = 1.959963985 · 0.05
    #   = 0.0979982; with deff 2: 1.959963985 · sqrt(0.25/50) = 1.959963985 · 0.0707107
    #   = 0.1385904 = sqrt(2) · 0.0979982 (variance doubled, half-width times sqrt 2)
    lo1, hi1 = surveys.proportion_ci(50, 100, method="normal")
    lo2, hi2 = surveys.proportion_ci(50, 100, method="normal", design_effect=2)
    assert (hi1 - lo1) / 2 == pytest.approx(100 * 0.0979982, abs=1e-4)
    assert (hi2 - lo2) / 2 == pytest.approx(100 * 0.1385904, abs=1e-4)
    assert (hi2 - lo2) / (hi1 - lo1) == pytest.approx(math.sqrt(2), rel=1e-12)


def test_fractional_count_is_passed_exactly():
    # pct 44, n 1000, deff 1.5: n_eff = 666.667, count = 0.44 · 666.667 = 293.333 (not 293).
    # denominator 1 + 3.841458822/666.667 = 1.00576219
    # centre (0.44 + 3.841458822/1333.333) / 1.00576219 = (0.44 + 0.00288109) / 1.00576219
    #   = 0.44034375
    # sqrt(0.44·0.56/666.667 + 3.841458822/(4·444444.4)) = sqrt(0.00036960 + 0.00000216)
    #   = sqrt(0.00037176) = 0.0192811; half = 1.959963985 · 0.0192811 / 1.00576219 = 0.0375738
    # -> [0.4027700, 0.4779175]
    lo, hi = surveys.proportion_ci(44, 1000, design_effect=1.5)
    assert lo == pytest.approx(40.27700, abs=1e-4)
    assert hi == pytest.approx(47.79175, abs=1e-4)
    # rounding the count to 293 would have moved the interval
    lo_r, _ = wilson_by_hand(293 / (1000 / 1.5), 1000 / 1.5)
    assert abs(100 * lo_r - lo) > 0.04


@pytest.mark.parametrize(("count", "n"), [(0, 10), (3, 10), (10, 10), (44, 100), (527, 1200)])
def test_statsmodels_wilson_agrees_with_the_formula_for_integer_counts(count, n):
    lo, hi = surveys.proportion_ci(100 * count / n, n)
    hand_lo, hand_hi = wilson_by_hand(count / n, n)
    assert lo == pytest.approx(100 * hand_lo, abs=1e-7)
    assert hi == pytest.approx(100 * hand_hi, abs=1e-7)


@pytest.mark.parametrize("n", [None, pd.NA, np.nan, float("nan")])
def test_unknown_n_raises_and_never_invents_an_interval(n):
    with pytest.raises(UnknownSampleSize, match="unknown"):
        surveys.proportion_ci(44, n)
    with pytest.raises(UnknownSampleSize):
        surveys.effective_n(n, 1.0)
    assert issubclass(UnknownSampleSize, ValueError)


def test_effective_n():
    assert surveys.effective_n(1500, 1.5) == 1000.0  # Kish: 1500 / 1.5
    assert surveys.effective_n(800) == 800.0


# --------------------------------------------------------------------------- the paper's figures


def _share(results: pd.DataFrame, survey_id: str, response: str) -> float:
    row = results[
        (results.survey_id == survey_id)
        & (results.question_id == "democracy")
        & (results.response == response)
        & (results.subgroup == "all")
    ]
    assert len(row) == 1
    return float(row.pct.iloc[0])


def test_ifes_democracy_figures_have_unknown_n():
    results = data.load("survey_results")
    # the paper: 44% "not a democracy" vs 36% "was a democracy" (IFES 1996); the year before
    # 42% "was a democracy" vs 33% "not a democracy"
    assert _share(results, "ifes-1996", "not a democracy") == 44
    assert _share(results, "ifes-1996", "was a democracy") == 36
    assert _share(results, "ifes-1995", "was a democracy") == 42
    assert _share(results, "ifes-1995", "not a democracy") == 33
    sizes = data.load("surveys").set_index("survey_id")["n"]
    assert pd.isna(sizes["ifes-1995"]) and pd.isna(sizes["ifes-1996"])
    with pytest.raises(UnknownSampleSize):
        surveys.proportion_ci(44, sizes["ifes-1996"])
    with pytest.raises(UnknownSampleSize):
        surveys.change_test(42, sizes["ifes-1995"], 36, sizes["ifes-1996"])
    with pytest.raises(UnknownSampleSize):
        surveys.lead_margin(44, 36, sizes["ifes-1996"])


def test_ifes_democracy_change_with_assumed_n_1000():
    # "was a democracy" 42% (1995) -> 36% (1996), n = 1000 assumed in both waves (Wald):
    # Var = 0.42·0.58/1000 + 0.36·0.64/1000 = (0.2436 + 0.2304)/1000 = 0.000474
    # SE = sqrt(0.000474) = 0.0217715;  z = -0.06 / 0.0217715 = -2.75589
    # p = 2·Phi(-2.75589) = 0.005853
    # CI = -0.06 ± 1.959963985 · 0.0217715 = -0.06 ± 0.0426714 -> [-10.267, -1.733] points
    r = surveys.change_test(42, 1000, 36, 1000)
    assert r["change"] == pytest.approx(-6.0)
    assert r["z"] == pytest.approx(-2.75589, abs=1e-4)
    assert r["p_value"] == pytest.approx(0.005853, abs=1e-5)
    assert r["ci_low"] == pytest.approx(-10.2671, abs=1e-3)
    assert r["ci_high"] == pytest.approx(-1.7329, abs=1e-3)
    assert r["significant"] is True
    # "not a democracy" 33% -> 44%: Var = (0.33·0.67 + 0.44·0.56)/1000 = (0.2211 + 0.2464)/1000
    #   = 0.0004675; SE = 0.0216217; z = 0.11 / 0.0216217 = 5.08747
    r = surveys.change_test(33, 1000, 44, 1000)
    assert r["z"] == pytest.approx(5.08747, abs=1e-4)


def test_change_test_design_effect_can_flip_the_verdict():
    # methods-notes 4.1 demo: 48% (n 1200) -> 53% (n 1100), deff 1.5 -> n_eff 800 and 733.33
    # Var = 0.48·0.52/800 + 0.53·0.47/733.333 = 0.000312 + 0.000339682 = 0.000651682
    # z = 0.05 / sqrt(0.000651682) = 0.05 / 0.0255281 = 1.95863 -> p = 0.0502 (not significant)
    with_deff = surveys.change_test(48, 1200, 53, 1100, design_effect=1.5)
    assert with_deff["z"] == pytest.approx(1.95863, abs=1e-4)
    assert with_deff["n_eff2"] == pytest.approx(733.3333, abs=1e-3)
    assert with_deff["significant"] is False
    # without it: Var = 0.2496/1200 + 0.2491/1100 = 0.000208 + 0.000226455 = 0.000434455
    # z = 0.05 / 0.0208436 = 2.39882 -> p = 0.0164 (significant)
    without = surveys.change_test(48, 1200, 53, 1100)
    assert without["z"] == pytest.approx(2.39882, abs=1e-4)
    assert without["significant"] is True
    # Newcombe's interval, as in the methods-notes demo: [-0.0001, 0.0997] (proportions)
    newcomb = surveys.change_test(48, 1200, 53, 1100, design_effect=1.5, method="newcomb")
    assert newcomb["ci_low"] == pytest.approx(-0.01, abs=0.01)
    assert newcomb["ci_high"] == pytest.approx(9.97, abs=0.01)
    assert newcomb["method"] == "newcomb"


@given(
    p1=st.floats(1, 99),
    p2=st.floats(1, 99),
    n1=st.integers(50, 5000),
    n2=st.integers(50, 5000),
)
@settings(max_examples=60, deadline=None)
def test_wald_change_interval_and_test_agree(p1, p2, n1, n2):
    r = surveys.change_test(p1, n1, p2, n2)
    excludes = r["ci_low"] > 0 or r["ci_high"] < 0
    if abs(r["p_value"] - 0.05) > 1e-9:
        assert excludes == r["significant"]


# --------------------------------------------------------------------------- lead_margin


def test_lead_margin_by_hand():
    # a = 0.44, b = 0.36, n = 1000: lead 0.08
    # Var = (0.44 + 0.36 - 0.08²)/1000 = (0.80 - 0.0064)/1000 = 0.0007936
    # SE = sqrt(0.0007936) = 0.0281709; half-width = 1.959963985 · 0.0281709 = 0.0552140
    # CI = 8 ± 5.5214 -> [2.4786, 13.5214] points: excludes 0
    r = surveys.lead_margin(44, 36, 1000)
    assert r["lead"] == pytest.approx(8.0)
    assert r["se"] == pytest.approx(2.81709, abs=1e-4)
    assert r["half_width"] == pytest.approx(5.52140, abs=1e-4)
    assert r["ci_low"] == pytest.approx(2.47860, abs=1e-4)
    assert r["ci_high"] == pytest.approx(13.52140, abs=1e-4)
    assert r["excludes_zero"] is True


def test_lead_is_not_a_difference_of_independent_shares():
    # Treating the two shares as independent samples of 1000 would give
    # Var = (0.44·0.56 + 0.36·0.64)/1000 = (0.2464 + 0.2304)/1000 = 0.0004768,
    # half-width 1.959963985 · sqrt(0.0004768) = 1.959963985 · 0.0218358 = 0.0427973 (4.28 pts),
    # too narrow: within one poll the shares are negatively correlated (Cov = -pa·pb/n).
    from statsmodels.stats.proportion import confint_proportions_2indep

    lo, hi = confint_proportions_2indep(440, 1000, 360, 1000, method="wald")
    independent_half = 100 * (hi - lo) / 2
    assert independent_half == pytest.approx(4.27973, abs=1e-4)
    lead = surveys.lead_margin(44, 36, 1000)
    assert lead["half_width"] == pytest.approx(5.52140, abs=1e-4)
    assert lead["half_width"] - independent_half > 1.2


def test_lead_margin_design_effect_and_small_lead():
    # deff 2: Var doubles, half-width 5.5214 · sqrt(2) = 7.8085
    r = surveys.lead_margin(44, 36, 1000, design_effect=2)
    assert r["half_width"] == pytest.approx(5.52140 * math.sqrt(2), abs=1e-4)
    assert r["n_eff"] == 500
    # lead 2 points, a = 0.41, b = 0.39, n = 1000: Var = (0.80 - 0.0004)/1000 = 0.0007996,
    # half = 1.959963985 · 0.0282772 = 0.0554223 -> CI [-3.54, 7.54]: includes 0
    r = surveys.lead_margin(41, 39, 1000)
    assert r["half_width"] == pytest.approx(5.54223, abs=1e-4)
    assert r["excludes_zero"] is False


def test_lead_margin_rejects_shares_over_100():
    with pytest.raises(ParameterError, match="exceeds 100"):
        surveys.lead_margin(60, 50, 1000)


# --------------------------------------------------------------------------- parameter errors


@pytest.mark.parametrize("confidence", [0, 1, 1.5, -0.1, 95])
def test_confidence_outside_0_1(confidence):
    with pytest.raises(ParameterError, match=r"confidence .* valid range \(0, 1\)"):
        surveys.proportion_ci(50, 100, confidence=confidence)
    with pytest.raises(ParameterError, match="confidence"):
        surveys.change_test(50, 100, 40, 100, confidence=confidence)
    with pytest.raises(ParameterError, match="confidence"):
        surveys.lead_margin(50, 40, 100, confidence=confidence)


def test_design_effect_below_1():
    with pytest.raises(ParameterError, match=r"design_effect = 0.5 .* \[1, inf\]"):
        surveys.proportion_ci(50, 100, design_effect=0.5)
    with pytest.raises(ParameterError, match="design_effect"):
        surveys.effective_n(100, 0.9)
    with pytest.raises(ParameterError, match="design_effect"):
        surveys.lead_margin(50, 40, 100, design_effect=0)


@pytest.mark.parametrize("n", [0, -5])
def test_n_not_positive(n):
    with pytest.raises(ParameterError, match=r"n = .* \(0, inf\]"):
        surveys.proportion_ci(50, n)
    with pytest.raises(ParameterError, match="n2"):
        surveys.change_test(50, 100, 40, n)
    with pytest.raises(ParameterError, match="assumed_n"):
        surveys.with_intervals(data.load("survey_results"), assumed_n=n)


def test_unknown_method_lists_the_choices():
    with pytest.raises(ParameterError) as err:
        surveys.proportion_ci(50, 100, method="clopper")
    for m in ("wilson", "normal", "agresti_coull", "beta", "jeffreys"):
        assert m in str(err.value)
    with pytest.raises(ParameterError, match="choose one of: wald, newcomb"):
        surveys.change_test(50, 100, 40, 100, method="score")
    with pytest.raises(ParameterError, match="wilson"):
        surveys.with_intervals(data.load("survey_results"), method="binom_test")


def test_jeffreys_boundary_modification():
    # Brown, Cai and DasGupta (2001), s. 4.1.2: at x = 0 the Jeffreys lower bound is 0, at x = n
    # the upper bound is 1; the upper bound at x = 0 is the Beta(0.5, n + 0.5) 97.5% quantile.
    from scipy.stats import beta

    lo, hi = surveys.proportion_ci(0, 20, method="jeffreys")
    assert lo == 0
    assert hi == pytest.approx(100 * beta.ppf(0.975, 0.5, 20.5))
    lo, hi = surveys.proportion_ci(100, 20, method="jeffreys")
    assert hi == 100
    assert lo == pytest.approx(100 * beta.ppf(0.025, 20.5, 0.5))


def test_pct_outside_0_100():
    with pytest.raises(ParameterError, match=r"pct = 101"):
        surveys.proportion_ci(101, 100)


# --------------------------------------------------------------------------- with_intervals


def test_with_intervals_labels_stated_assumed_and_unknown():
    frame = pd.DataFrame(
        {
            "survey_id": ["a", "b", "c", "d"],
            "pct": [50.0, 50.0, 50.0, None],
            "n": pd.array([100, None, 100, 100], dtype="Int64"),
            "subgroup": ["all", "all", "rural residents", "all"],
        }
    )
    out = surveys.with_intervals(frame)
    assert out.n_status.tolist() == ["stated", "unknown", "unknown", "stated"]
    # row a: the hand-computed Wilson interval for p = 0.5, n = 100 (above): 50 ± 9.61685
    assert out.ci_low[0] == pytest.approx(40.38315, abs=1e-4)
    assert out.ci_high[0] == pytest.approx(59.61685, abs=1e-4)
    # b: no n; c: a subgroup, whose base is not the whole sample; d: no share
    assert out.ci_low[1:].isna().all() and out.ci_high[1:].isna().all()
    assert pd.isna(out.n_used[1]) and pd.isna(out.n_used[2])
    assert "n_used" not in frame.columns  # the input is not changed

    assumed = surveys.with_intervals(frame, assumed_n=50)
    assert assumed.n_status.tolist() == ["stated", "assumed", "assumed", "stated"]
    assert assumed.n_used.tolist()[:3] == [100, 50, 50]  # the stated n is kept
    # b with assumed n 50: 50 ± 13.35549 (hand-computed above for n_eff 50)
    assert assumed.ci_low[1] == pytest.approx(36.64451, abs=1e-4)
    assert assumed.ci_low[0] == pytest.approx(40.38315, abs=1e-4)


def test_with_intervals_on_the_data_package():
    results = data.load("survey_results")
    out = surveys.with_intervals(results)
    assert set(out.columns) == set(results.columns) | {"n_used", "ci_low", "ci_high", "n_status"}
    assert len(out) == len(results)
    sizes = data.load("surveys").set_index("survey_id")["n"]
    expected_stated = results.survey_id.map(sizes).notna() & (results.subgroup == "all")
    assert (out.n_status == "stated").tolist() == expected_stated.tolist()
    unknown = out[out.n_status == "unknown"]
    assert unknown.ci_low.isna().all() and unknown.n_used.isna().all()
    assert out.loc[out.survey_id == "ifes-1996", "n_status"].eq("unknown").all()
    exit_poll = out[(out.survey_id == "iri-exit-2005") & (out.response == "Nursultan Nazarbayev")]
    assert exit_poll.n_used.iloc[0] == 23780
    lo, hi = surveys.proportion_ci(83.2, 23780)
    assert exit_poll.ci_low.iloc[0] == pytest.approx(lo)
    assert exit_poll.ci_high.iloc[0] == pytest.approx(hi)


def test_with_intervals_assumed_n_marks_every_unknown_row():
    out = surveys.with_intervals(data.load("survey_results"), assumed_n=1000)
    assert set(out.n_status.astype(str)) <= {"stated", "assumed"}
    assumed = out[out.n_status == "assumed"]
    assert (assumed.n_used == 1000).all()
    stated = out[out.n_status == "stated"]
    assert (stated.n_used != 1000).all()  # no survey in the data has n = 1000
    # the IFES 1996 "not a democracy" row with n = 1000: Wilson 95% for p = 0.44, n = 1000:
    # denominator 1 + 3.841458822/1000 = 1.00384146;
    # centre (0.44 + 0.00192073)/1.00384146 = 0.44192073/1.00384146 = 0.4402296;
    # half = 1.959963985 · sqrt(0.0002464 + 0.00000096036)/1.00384146
    #      = 1.959963985 · 0.0157277/1.00384146 = 0.0307078 -> [40.95218, 47.09374]
    row = assumed[(assumed.survey_id == "ifes-1996") & (assumed.response == "not a democracy")]
    assert row.ci_low.iloc[0] == pytest.approx(100 * (0.4402296 - 0.0307078), abs=1e-4)
    assert row.ci_high.iloc[0] == pytest.approx(100 * (0.4402296 + 0.0307078), abs=1e-4)


def test_with_intervals_subgroup_of_a_survey_with_stated_n_is_unknown():
    frame = pd.DataFrame(
        {
            "survey_id": ["kisi-2022-02", "kisi-2022-02"],
            "pct": [50.4, 40.0],
            "subgroup": ["all", "rural residents"],
        }
    )
    out = surveys.with_intervals(frame)
    assert out.n_status.tolist() == ["stated", "unknown"]
    assert out.n_used[0] == 6800


def test_with_intervals_needs_survey_id_and_pct():
    with pytest.raises(KeyError, match="pct"):
        surveys.with_intervals(pd.DataFrame({"survey_id": ["x"]}))


# --------------------------------------------------------------------------- themes and trend


def test_themes_sorted_and_present():
    themes = surveys.themes()
    assert themes == sorted(themes)
    assert set(themes) == set(data.load("survey_results").theme.dropna().astype(str))
    assert "democracy" in themes


def test_trend_series_never_joins_different_wordings_or_organisations():
    for theme in surveys.themes():
        t = surveys.trend(theme)
        assert (t.theme.astype(str) == theme).all()
        per_series = t.groupby("series")[["organisation", "question", "response", "subgroup"]]
        assert (per_series.nunique(dropna=False) <= 1).all().all()
        years = t.year.dropna().tolist()
        assert years == sorted(years)
        assert t.year.isna().sum() == 0 or t.year.isna().iloc[-t.year.isna().sum() :].all()
        for col in ("organisation", "year", "fieldwork_start", "fieldwork_end", "n", "series"):
            assert col in t.columns


def test_trend_democracy_joins_the_two_ifes_waves():
    t = surveys.trend("democracy")
    was = t[t.response == "was a democracy"]
    assert was.survey_id.tolist() == ["ifes-1995", "ifes-1996"]
    assert was.series.nunique() == 1
    assert was.pct.tolist() == [42, 36]


def test_trend_separates_reworded_questions_and_unknown_organisations():
    t = surveys.trend("other")
    direction = t[t.question_id == "direction"]
    # three different wordings of "right direction" (IRI 2010, Institute for Democracy 2012,
    # 2013): same question_id, never one series
    assert direction.question.nunique() == 3
    for _, rows in direction.groupby("series"):
        assert rows.question.nunique() == 1
    no_org = t[t.organisation.isna()]
    assert len(no_org) > 0
    assert no_org.series.str.contains(r"organisation not stated \(").all()


def test_trend_unknown_theme_lists_the_themes():
    with pytest.raises(ParameterError, match="democracy"):
        surveys.trend("democracyy")


# --------------------------------------------------------------------------- properties

PROPERTY_METHODS = st.sampled_from(list(surveys.METHODS))


# Shares as surveys report them (0.0-100.0 in steps of 0.1) and samples of at least 30.
REPORTED_PCT = st.integers(0, 1000).map(lambda tenths: tenths / 10)
# Jeffreys' equal-tailed interval can exclude x/n near 0 or 1 for small n (Brown, Cai and
# DasGupta 2001, sec. 4.1.2), so containment is a property of the other four methods only.
CONTAINING_METHODS = st.sampled_from(["wilson", "normal", "agresti_coull", "beta"])


@given(
    pct=REPORTED_PCT,
    n=st.floats(30, 1e5),
    deff=st.floats(1, 3),
    method=CONTAINING_METHODS,
)
@settings(max_examples=200, deadline=None)
def test_interval_contains_the_estimate(pct, n, deff, method):
    lo, hi = surveys.proportion_ci(pct, n, method=method, design_effect=deff)
    assert 0 - 1e-9 <= lo <= pct + 1e-9
    assert pct - 1e-9 <= hi <= 100 + 1e-9


@given(
    pct=REPORTED_PCT,
    n=st.floats(30, 1e5),
    shrink=st.floats(1.01, 10),
    deff=st.floats(1, 3),
    grow=st.floats(1.01, 3),
    method=PROPERTY_METHODS,
)
@settings(max_examples=200, deadline=None)
def test_interval_widens_as_n_falls_or_deff_grows(pct, n, shrink, deff, grow, method):
    def width(n_, deff_):
        lo, hi = surveys.proportion_ci(pct, n_, method=method, design_effect=deff_)
        return hi - lo

    base = width(n, deff)
    assert width(n / shrink, deff) >= base - 1e-9
    assert width(n, deff * grow) >= base - 1e-9
    if 0 < pct < 100 and method == "wilson":
        assert width(n / shrink, deff) > base


# --------------------------------------------------------------------------- module hygiene


def test_docstring_examples():
    result = doctest.testmod(surveys, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_import_does_not_load_statsmodels():
    code = "import sys, kazparl.surveys; print('statsmodels' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- the notebook's views
#
# Expected values come from data/survey_results.csv and data/surveys.csv read with the csv
# module (not through the code under test) and from the formulas worked out by hand.


def _csv(name: str) -> list[dict[str, str]]:
    with open(paths.ROOT / "data" / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _ifes_democracy_rows() -> list[dict[str, str]]:
    return [
        r
        for r in _csv("survey_results")
        if r["question_id"] == "democracy" and r["subgroup"] == "all" and r["pct"]
    ]


def test_lead_margin_p_value_by_hand():
    # a = 0.44, b = 0.36, n = 300: Var = (0.80 - 0.0064)/300 = 0.0026453333
    # SE = sqrt(0.0026453333) = 0.0514328; z = 0.08 / 0.0514328 = 1.555428
    # p = erfc(z / sqrt 2) = 0.11984; half = 1.959963985 · 0.0514328 = 0.1008064
    # -> [-2.0806, 18.0806]: includes 0, and p > 0.05 (the same Wald statistic)
    r = surveys.lead_margin(44, 36, 300)
    assert r["z"] == pytest.approx(1.555428, abs=1e-5)
    assert r["p_value"] == pytest.approx(math.erfc(1.555428 / math.sqrt(2)), abs=1e-6)
    assert r["p_value"] == pytest.approx(0.11984, abs=1e-4)
    assert r["ci_low"] == pytest.approx(-2.0806, abs=1e-3)
    assert r["ci_high"] == pytest.approx(18.0806, abs=1e-3)
    assert r["excludes_zero"] is False


def test_lead_margin_without_sampling_variation():
    # one answer holds the whole sample: Var = (1 + 0 - 1²)/n = 0
    r = surveys.lead_margin(100, 0, 500)
    assert r["se"] == 0 and r["p_value"] == 0.0 and r["z"] == math.inf
    tie = surveys.lead_margin(0, 0, 500)
    assert tie["p_value"] == 1.0 and math.isnan(tie["z"])


@given(a=st.floats(1, 60), b=st.floats(1, 39), n=st.integers(50, 5000))
@settings(max_examples=60, deadline=None)
def test_lead_p_value_and_interval_agree(a, b, n):
    r = surveys.lead_margin(a, b, n)
    if abs(r["p_value"] - 0.05) > 1e-9:
        assert r["excludes_zero"] == (r["p_value"] < 0.05)


def test_trend_unknown_theme_raises_unknown_id_error():
    with pytest.raises(UnknownIdError, match="choose one of: democracy, independents_vs_party"):
        surveys.trend("trust")


def test_results_carry_their_sources():
    results = _csv("survey_results")
    survey_sources = {r["survey_id"]: r["source_id"] for r in _csv("surveys")}
    theme = [r for r in results if r["theme"] == "party_identification"]
    expected = {r["source_id"] for r in theme} | {survey_sources[r["survey_id"]] for r in theme}
    assert set(surveys.trend("party_identification").attrs["sources"]) == expected
    paper = [r for r in results if r["source_id"] == "bowyer-2008"]
    out = surveys.paper_figures()
    assert len(out) == len(paper)
    assert out.attrs["sources"] == ("bowyer-2008",)  # the surveys rows cite the paper too
    intervals = surveys.with_intervals(data.load("survey_results").head(3), assumed_n=500)
    assert intervals.attrs["interval"] == {
        "confidence": 0.95,
        "method": "wilson",
        "design_effect": 1.0,
        "assumed_n": 500.0,
    }
    assert "bowyer-2008" in intervals.attrs["sources"]


def test_theme_figures_keep_the_rows_with_a_share():
    theme = [r for r in _csv("survey_results") if r["theme"] == "interest_in_politics"]
    with_share = [r for r in theme if r["pct"]]
    out = surveys.theme_figures("interest_in_politics")
    # survey_results.csv, interest_in_politics: a share in lines 10 (ifes-1996, 61), 22
    # (iri-2004, 57), 61 (indem-2011, 80.4), 64 (indem-2013 rural, 83.4) and, since issue 13,
    # 108 (demoscope-2019-07, 49); in words only: lines 27, 62, 63
    assert len(out) == len(with_share) == 5
    assert out.attrs["without_share"] == len(theme) - len(with_share) == 3
    assert sorted(out["pct"].astype(float)) == sorted(float(r["pct"]) for r in with_share)
    # only demoscope-2019-07 states an n (surveys.csv line 28: 1,100; its row is for the whole
    # sample); the four other surveys state none
    stated = out["survey_id"] == "demoscope-2019-07"
    assert (out.loc[stated, "n_status"] == "stated").all() and stated.sum() == 1
    assert (out.loc[stated, "n_used"] == 1100).all()
    assert set(out.loc[~stated, "n_status"].astype(str)) == {"unknown"}
    # an assumed n fills only the rows whose n is unknown; the stated 1,100 is kept
    assumed = surveys.theme_figures("interest_in_politics", assumed_n=800)
    kept = assumed["survey_id"] == "demoscope-2019-07"
    assert (assumed.loc[~kept, "n_status"] == "assumed").all()
    assert (assumed.loc[~kept, "n_used"] == 800).all() and (~kept).sum() == 4
    assert (assumed.loc[kept, "n_status"] == "stated").all()
    assert (assumed.loc[kept, "n_used"] == 1100).all()
    # the sources are those of the rows kept, and of their surveys
    survey_sources = {r["survey_id"]: r["source_id"] for r in _csv("surveys")}
    expected = {r["source_id"] for r in with_share}
    expected |= {survey_sources[r["survey_id"]] for r in with_share}
    assert set(out.attrs["sources"]) == expected


def test_panels_of_the_democracy_theme():
    rows = [r for r in _csv("survey_results") if r["theme"] == "democracy" and r["pct"]]
    out = surveys.panels(surveys.theme_figures("democracy"))
    assert out["figures"].sum() == len(rows) == 10
    # IFES asked "Is Kazakhstan a democracy?" in 1995 and 1996: the one panel with two waves
    two = out[out["surveys"] > 1]
    assert len(two) == 1
    assert two["question"].iloc[0].startswith("Is Kazakhstan a democracy?")
    assert (two["first_year"].iloc[0], two["last_year"].iloc[0]) == (1995, 1996)
    assert (out["unknown"] == out["figures"]).all()
    assert out.attrs["sources"]


def test_democracy_waves_are_the_papers_four_figures():
    expected = {(r["survey_id"], r["response"]): float(r["pct"]) for r in _ifes_democracy_rows()}
    assert expected == {
        ("ifes-1996", "not a democracy"): 44,
        ("ifes-1996", "was a democracy"): 36,
        ("ifes-1995", "was a democracy"): 42,
        ("ifes-1995", "not a democracy"): 33,
    }
    waves = surveys.democracy_waves()
    got = {(r.survey_id, r.response): float(r.pct) for r in waves.itertuples()}
    assert got == expected
    assert waves["wave"].tolist()[:1] == ["IFES 1995"]  # sorted by year
    assert set(waves.n_status.astype(str)) == {"unknown"}
    assert waves.ci_low.isna().all()
    assert waves.attrs["title"] == "Is Kazakhstan a democracy? IFES, 1995 and 1996"
    assert waves.attrs["sources"] == ("bowyer-2008",)
    assumed = surveys.democracy_waves(assumed_n=1000)
    assert (assumed.n_status == "assumed").all()
    with pytest.raises(UnknownIdError, match="democracy"):
        surveys.democracy_waves(question_id="nope")


def test_wave_label():
    assert surveys.wave_label("ifes-1995") == "IFES 1995"


def test_sensitivity_by_hand():
    table = surveys.sensitivity(surveys.democracy_waves())
    assert table["assumed_n"].drop_duplicates().tolist() == [300, 1000, 2000]
    assert list(surveys.ASSUMED_SIZES) == [300, 1000, 2000]
    assert not table["from_parameter"].any()
    at300 = table[table.assumed_n == 300].set_index("comparison")
    # "was a democracy" 42 -> 36, n = 300 each: Var = (0.42·0.58 + 0.36·0.64)/300
    #   = 0.474/300 = 0.00158; SE = 0.0397492; z = -0.06/0.0397492 = -1.509466
    #   p = erfc(1.509466/sqrt 2) = 0.13118; CI = -6 ± 1.959963985 · 3.97492 = -6 ± 7.79065
    was = at300.loc["'was a democracy', 1995 to 1996"]
    assert was["difference"] == pytest.approx(-6.0)
    assert was["p_value"] == pytest.approx(0.13118, abs=1e-4)
    assert was["diff_ci_low"] == pytest.approx(-13.79065, abs=1e-3)
    assert was["diff_ci_high"] == pytest.approx(1.79065, abs=1e-3)
    assert not was["stands_out"]
    # "not a democracy" 33 -> 44: Var = (0.33·0.67 + 0.44·0.56)/300 = 0.4675/300 = 0.00155833
    #   SE = 0.0394757; z = 0.11/0.0394757 = 2.786524; p = erfc(2.786524/sqrt 2) = 0.005328
    rise = at300.loc["'not a democracy', 1995 to 1996"]
    assert rise["p_value"] == pytest.approx(0.005328, abs=1e-5)
    assert rise["stands_out"]
    # the 1996 lead at n = 300 (by hand in test_lead_margin_p_value_by_hand): [-2.08, 18.08]
    lead = at300[at300.kind == "lead"].iloc[0]
    assert (lead["response"], lead["versus"]) == ("not a democracy", "was a democracy")
    assert (lead["pct_to"], lead["pct_from"]) == (44, 36)
    assert lead["diff_ci_low"] == pytest.approx(-2.0806, abs=1e-3)
    assert not lead["stands_out"]
    # at n = 1000 and 2000 everything stands out (n = 1000 by hand above: z = -2.756, 5.087)
    assert table[table.assumed_n >= 1000]["stands_out"].all()
    assert table.attrs["sources"] == ("bowyer-2008",)


def test_sensitivity_adds_assumed_n_once_and_follows_confidence():
    waves = surveys.democracy_waves(assumed_n=1000)
    table = surveys.sensitivity(waves, assumed_n=1000)
    assert table["assumed_n"].drop_duplicates().tolist() == [300, 1000, 2000]
    assert table.loc[table.from_parameter, "assumed_n"].unique().tolist() == [1000]
    table = surveys.sensitivity(waves, assumed_n=1500, sizes=(300,))
    assert table["assumed_n"].drop_duplicates().tolist() == [300, 1500]
    # at 99.9% the fall of 'was a democracy' at n = 1000 (p = 0.005853, by hand above) is not
    # beyond sampling error any more
    strict = surveys.sensitivity(waves, sizes=(1000,), confidence=0.999)
    fall = strict[strict.comparison == "'was a democracy', 1995 to 1996"].iloc[0]
    assert fall["p_value"] == pytest.approx(0.005853, abs=1e-5)
    assert not fall["stands_out"]


def test_sensitivity_needs_two_waves():
    waves = surveys.democracy_waves()
    with pytest.raises(ParameterError, match="two waves"):
        surveys.sensitivity(waves[waves.survey_id == "ifes-1996"])
    with pytest.raises(ParameterError, match="assumed_n"):
        surveys.sensitivity(waves, assumed_n=0)


def test_new_functions_keep_sources_through_attach():
    # a frame of the library, filtered by a caller, still names its sources
    figures = surveys.theme_figures("democracy")
    assert sources.of(figures[figures.pct > 40])


def test_a_figure_reported_twice_is_counted_once() -> None:
    # survey_results.csv lines 216 and 218: the PORI poll of January 2023, "against all" 2.6
    # (Kazinform, preferred) and 3 (the Astana Times, probably rounded): one figure, not two
    rows = surveys.trend("party_identification")
    key = ["survey_id", "question_id", "response", "subgroup"]
    assert not rows.duplicated(key).any()
    pori = rows[(rows["survey_id"] == "pori-2023-01") & (rows["response"] == "against all")]
    assert pori["pct"].tolist() == [2.6]


def test_polls_are_set_against_the_official_count() -> None:
    table = surveys.polls_against_count()
    # survey_results.csv: the Institute of Democracy's 2023 exit poll (n 12,000, surveys.csv)
    # gave Amanat 53.33%; the preferred official share is 53.9% (results.csv,
    # kazpravda-2023-03-27): 53.33 - 53.9 = -0.57 points, inside the poll's 95% interval
    # (Wilson, n = 12,000: about 52.4 to 54.2)
    row = table[(table["survey_id"] == "indem-exit-2023") & (table["party_id"] == "amanat")]
    row = row.iloc[0]
    assert (row["pct"], row["official_pct"], row["poll"]) == (53.33, 53.9, "exit")
    assert round(float(row["difference"]), 2) == -0.57 and bool(row["inside"])
    assert 52.3 < row["ci_low"] < 52.5 and 54.1 < row["ci_high"] < 54.3
    # polls of Almaty city alone are left out: no official count by region and party
    assert not set(table["survey_id"]) & {"socis-a-exit-2021-almaty", "indem-2023-almaty"}
    # 2019: the preferred candidate rows (ElectionGuide) give counts only; Tokayev's stated
    # final share comes from the most authoritative other final row, TASS's 70.96 (press),
    # not the encyclopedia copy
    tokayev = table[(table["election_id"] == "president-2019")]
    tokayev = tokayev[tokayev["response"] == "Kassym-Jomart Tokayev"]
    assert set(tokayev["official_source"]) == {"tass-2019-06-10"}
    assert set(tokayev["official_pct"]) == {70.96}
