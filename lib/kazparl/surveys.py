"""Confidence intervals and tests for survey shares, honest about unknown sample sizes.

Shares are given and returned in **percent** (0-100), as in ``data/survey_results.csv``.
Every interval here is for **sampling error only**: it says nothing about question wording,
non-response, interviewer effects or a non-probability sample, and none is computed when the
sample size is unknown (:class:`UnknownSampleSize`) unless the caller assumes one, in which case
the result is labelled as assumed.

- :func:`proportion_ci` — an interval for one share (Wilson by default, via statsmodels'
  ``proportion_confint``) on the effective sample size ``n / deff`` (Kish 1965).
- :func:`change_test` — the change of a share between two independent waves (Wald difference
  of two independent proportions, via ``confint_proportions_2indep`` and
  ``test_proportions_2indep``).
- :func:`lead_margin` — the lead of one response over another *within one poll*, where the two
  shares come from the same multinomial sample (Franklin 2007).
- :func:`with_intervals` — the same for every row of ``survey_results``, with ``n_status``.
- :func:`themes`, :func:`trend` — the survey data by theme, with a ``series`` column that never
  joins different question wordings or organisations; :func:`theme_figures` — the rows of a
  theme that have a share, with intervals; :func:`panels` — one row per panel of a theme.
- :func:`paper_figures` — every survey figure the 2008 paper cites.
- :func:`democracy_waves`, :func:`sensitivity` — the paper's most quoted comparison (IFES 1995
  and 1996) and how its verdict depends on an assumed sample size.

Every frame returned carries the sources of its rows in ``attrs["sources"]`` (the results'
sources and those of the survey rows their n and year come from; :mod:`kazparl.sources`).

The design effect ``deff = V_complex / V_SRS`` (Kish 1965, *Survey Sampling*, s. 8.2) inflates
the variance of a simple random sample; a survey of ``n`` respondents carries the information of
``n_eff = n / deff`` of them. Clustered face-to-face samples typically have ``deff`` of 1.5-2.5.

>>> lo, hi = proportion_ci(50, 100)          # Wilson 95%, n = 100
>>> round(lo, 2), round(hi, 2)
(40.38, 59.62)
>>> lo, hi = proportion_ci(50, 100, design_effect=2)   # = Wilson with n_eff = 50
>>> round(lo, 2), round(hi, 2)
(36.64, 63.36)
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from kazparl import params, sources

__all__ = [
    "ASSUMED_SIZES",
    "CHANGE_METHODS",
    "METHODS",
    "N_STATUS",
    "POLL_QUESTIONS",
    "UnknownSampleSize",
    "change_test",
    "democracy_waves",
    "effective_n",
    "lead_margin",
    "panels",
    "paper_figures",
    "polls_against_count",
    "proportion_ci",
    "sensitivity",
    "theme_figures",
    "themes",
    "trend",
    "wave_label",
    "with_intervals",
]

#: Methods of ``statsmodels.stats.proportion.proportion_confint`` supported here. Its
#: ``"binom_test"`` is left out: it needs an integer count, and ``pct * n_eff`` rarely is one.
METHODS = ("wilson", "normal", "agresti_coull", "beta", "jeffreys")

#: Methods of :func:`change_test`: ``"wald"`` (default) or ``"newcomb"``.
CHANGE_METHODS = ("wald", "newcomb")

#: Values of the ``n_status`` column of :func:`with_intervals`.
N_STATUS = ("stated", "assumed", "unknown")

#: The sample sizes :func:`sensitivity` assumes by default: a small poll and two typical
#: national ones (a method choice, not data).
ASSUMED_SIZES = (300, 1000, 2000)


class UnknownSampleSize(ValueError):
    """The sample size is not known, so no sampling interval can be computed honestly."""


# --------------------------------------------------------------------------- checks


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # an array or another non-scalar
        return False


def _check_confidence(confidence: float) -> float:
    return float(params.in_range("confidence", confidence, 0, 1, low_open=True, high_open=True))


def _check_deff(design_effect: float) -> float:
    return float(params.in_range("design_effect", design_effect, 1))


def _check_pct(name: str, pct: float) -> float:
    if _is_missing(pct):
        raise params.ParameterError(f"{name} is missing; a share in percent (0-100) is needed")
    return float(params.in_range(name, pct, 0, 100))


def _check_n(name: str, n: Any) -> float:
    if _is_missing(n):
        raise UnknownSampleSize(
            f"{name} is unknown, so no sampling interval can be computed; pass an assumed "
            f"{name} explicitly (and label the result as assumed) or report the share alone"
        )
    return float(params.in_range(name, n, 0, low_open=True))


def _confint(p: Any, n_eff: Any, confidence: float, method: str) -> tuple[Any, Any]:
    """statsmodels' interval for proportions ``p`` (0-1) of ``n_eff``, with count ``p * n_eff``.

    For ``"jeffreys"`` the boundary modification of Brown, Cai and DasGupta (2001, s. 4.1.2) is
    applied: the lower bound is 0 when ``p = 0`` and the upper bound 1 when ``p = 1`` (the
    equal-tailed interval would otherwise exclude the estimate itself).
    """
    from statsmodels.stats.proportion import proportion_confint

    p, n_eff = np.asarray(p, dtype=float), np.asarray(n_eff, dtype=float)
    low, high = proportion_confint(p * n_eff, n_eff, alpha=1 - confidence, method=method)
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    if method == "jeffreys":
        low, high = np.where(p <= 0, 0.0, low), np.where(p >= 1, 1.0, high)
    return low, high


def _z(confidence: float) -> float:
    """The two-sided normal critical value: ``z = Phi^-1((1 + confidence) / 2)``."""
    return NormalDist().inv_cdf((1 + confidence) / 2)


# --------------------------------------------------------------------------- one share


def effective_n(n: float | None, design_effect: float = 1.0) -> float:
    """The effective sample size ``n_eff = n / deff`` (Kish 1965, *Survey Sampling*, s. 8.2).

    A complex sample (clusters, weights) whose variance is ``deff`` times that of a simple
    random sample of the same size is worth ``n / deff`` simple random draws. Raises
    :class:`UnknownSampleSize` for ``n`` None or NA and
    :class:`~kazparl.params.ParameterError` for ``n <= 0`` or ``design_effect < 1``.

    >>> effective_n(1500, 1.5)
    1000.0
    """
    return _check_n("n", n) / _check_deff(design_effect)


def proportion_ci(
    pct: float,
    n: float | None,
    *,
    confidence: float = 0.95,
    method: str = "wilson",
    design_effect: float = 1.0,
) -> tuple[float, float]:
    """Confidence interval, in percent, for a share ``pct`` (0-100) of a sample of ``n``.

    Computed by ``statsmodels.stats.proportion.proportion_confint`` on the effective sample
    ``n_eff = n / deff`` with the exact, usually fractional, count ``p * n_eff`` (statsmodels
    accepts non-integer counts for every method in :data:`METHODS`; rounding the count would
    move the interval). The default is the Wilson (1927) score interval,

        centre = (p + z^2 / (2 n)) / (1 + z^2 / n)
        half   = z * sqrt(p (1 - p) / n + z^2 / (4 n^2)) / (1 + z^2 / n)

    with ``n = n_eff`` and ``z = Phi^-1((1 + confidence) / 2)`` (1.959964 for 95%); it is
    recommended over the Wald interval ``p +- z sqrt(p (1 - p) / n)`` by Brown, Cai and
    DasGupta (2001), "Interval Estimation for a Binomial Proportion", *Statistical Science*
    16(2): 101-133. The interval is for sampling error only.

    Methods: ``"wilson"``, ``"normal"`` (Wald), ``"agresti_coull"``, ``"beta"``
    (Clopper-Pearson) and ``"jeffreys"`` (with Brown, Cai and DasGupta's boundary modification:
    lower bound 0 at a share of 0, upper bound 100 at 100). Raises :class:`UnknownSampleSize`
    if ``n`` is None or NA — an interval is never invented — and
    :class:`~kazparl.params.ParameterError` for an invalid argument.

    >>> lo, hi = proportion_ci(44, 1000)
    >>> round(lo, 2), round(hi, 2)
    (40.95, 47.09)
    """
    method = params.choice("method", method, METHODS)
    conf = _check_confidence(confidence)
    p = _check_pct("pct", pct) / 100
    n_eff = effective_n(n, design_effect)
    low, high = _confint(p, n_eff, conf, method)
    return 100 * float(low), 100 * float(high)


# --------------------------------------------------------------------------- two shares


def change_test(
    pct1: float,
    n1: float | None,
    pct2: float,
    n2: float | None,
    *,
    confidence: float = 0.95,
    design_effect: float = 1.0,
    method: str = "wald",
) -> dict[str, Any]:
    """The change ``pct2 - pct1`` of a share between two independent waves, with CI and test.

    The waves are independent samples, so ``Var(p2 - p1) = p1 q1 / n1 + p2 q2 / n2`` with
    ``q = 1 - p`` and ``n = n_eff = n / deff`` for both waves. With ``method="wald"`` (the
    default) the interval is ``(p2 - p1) +- z sqrt(Var)`` from statsmodels'
    ``confint_proportions_2indep(method="wald")`` and the test is the unpooled Wald z-test
    ``z = (p2 - p1) / sqrt(Var)`` from ``test_proportions_2indep(method="wald")``: both use the
    same variance, so the interval excludes 0 exactly when ``p_value < 1 - confidence``, and the
    figures can be checked by hand. For shares near 0 or 100% or small samples choose
    ``method="newcomb"``: Newcombe's (1998) hybrid Wilson score interval ("Interval estimation
    for the difference between independent proportions", *Statistics in Medicine* 17: 873-890,
    method 10), with the score test of Miettinen and Nurminen (1985); the two can then disagree
    at the margin. Counts are the exact fractional ``p * n_eff``.

    Returns a dict: ``change``, ``ci_low``, ``ci_high`` (percentage points), ``z``,
    ``p_value``, ``significant`` (``p_value < 1 - confidence``), ``n_eff1``, ``n_eff2``,
    ``confidence``, ``design_effect``, ``method``. Raises :class:`UnknownSampleSize` if either
    n is unknown.

    >>> r = change_test(42, 1000, 36, 1000)   # 'was a democracy', IFES 1995 -> 1996, n assumed
    >>> round(r["change"], 1), round(r["z"], 3), r["significant"]
    (-6.0, -2.756, True)
    """
    from statsmodels.stats.proportion import (
        confint_proportions_2indep,
        test_proportions_2indep,
    )

    method = params.choice("method", method, CHANGE_METHODS)
    conf = _check_confidence(confidence)
    p1, p2 = _check_pct("pct1", pct1) / 100, _check_pct("pct2", pct2) / 100
    deff = _check_deff(design_effect)
    m1, m2 = _check_n("n1", n1) / deff, _check_n("n2", n2) / deff
    # statsmodels compares sample 1 minus sample 2, so the later wave goes first
    low, high = confint_proportions_2indep(
        p2 * m2, m2, p1 * m1, m1, method=method, compare="diff", alpha=1 - conf
    )
    test_method = "wald" if method == "wald" else "score"
    res = test_proportions_2indep(
        p2 * m2, m2, p1 * m1, m1, method=test_method, compare="diff", alternative="two-sided"
    )
    p_value = float(res.pvalue)
    return {
        "change": 100 * (p2 - p1),
        "ci_low": 100 * float(low),
        "ci_high": 100 * float(high),
        "z": float(res.statistic),
        "p_value": p_value,
        "significant": p_value < 1 - conf,
        "n_eff1": m1,
        "n_eff2": m2,
        "confidence": conf,
        "design_effect": deff,
        "method": method,
    }


def lead_margin(
    pct_a: float,
    pct_b: float,
    n: float | None,
    *,
    confidence: float = 0.95,
    design_effect: float = 1.0,
) -> dict[str, Any]:
    """The lead of response ``a`` over response ``b`` within ONE poll, with its interval.

    Both shares come from the same respondents (one multinomial sample), so they are negatively
    correlated, ``Cov(p_a, p_b) = -p_a p_b / n``, and

        Var(p_a - p_b) = (p_a + p_b - (p_a - p_b)^2) / n

    (Franklin, C. 2007, "The 'Margin of Error' for Differences in Polls", University of
    Wisconsin; Scott, A. J. and Seber, G. A. F. 1983, "Difference of proportions from the same
    survey", *The American Statistician* 37(4): 319-320), with ``n = n_eff = n / deff``. This is
    larger than the variance of the difference of two *independent* shares,
    ``(p_a q_a + p_b q_b) / n``, which must not be used for a lead. The interval is the Wald
    interval ``(p_a - p_b) +- z sqrt(Var)``.

    Returns a dict: ``lead``, ``ci_low``, ``ci_high``, ``half_width``, ``se`` (percentage
    points), ``z`` (``lead / se``), ``p_value`` (two-sided, of the same Wald statistic, so
    ``p_value < 1 - confidence`` exactly when the interval excludes 0), ``excludes_zero`` (the
    lead is larger than sampling error at this confidence), ``n_eff``, ``confidence``,
    ``design_effect``. Requires ``pct_a + pct_b <= 100``.

    >>> r = lead_margin(44, 36, 1000)  # 'not a democracy' vs 'was a democracy', n assumed
    >>> round(r["lead"], 1), round(r["half_width"], 2), r["excludes_zero"]
    (8.0, 5.52, True)
    """
    conf = _check_confidence(confidence)
    deff = _check_deff(design_effect)
    a, b = _check_pct("pct_a", pct_a) / 100, _check_pct("pct_b", pct_b) / 100
    if a + b > 1 + 1e-9:
        raise params.ParameterError(
            f"pct_a + pct_b = {pct_a + pct_b!r} exceeds 100; two responses to one question "
            "cannot hold more than the whole sample"
        )
    n_eff = effective_n(n, deff)
    lead = a - b
    se = math.sqrt(max(a + b - lead**2, 0.0) / n_eff)
    half = _z(conf) * se
    low, high = lead - half, lead + half
    if se > 0:
        z = lead / se
        p_value = 2 * (1 - NormalDist().cdf(abs(z)))
    else:  # both shares 0, or one of them 100%: no sampling variation at all
        z = math.nan if lead == 0 else math.copysign(math.inf, lead)
        p_value = 1.0 if lead == 0 else 0.0
    return {
        "lead": 100 * lead,
        "ci_low": 100 * low,
        "ci_high": 100 * high,
        "half_width": 100 * half,
        "se": 100 * se,
        "z": z,
        "p_value": p_value,
        "excludes_zero": bool(low > 0 or high < 0),
        "n_eff": n_eff,
        "confidence": conf,
        "design_effect": deff,
    }


# --------------------------------------------------------------------------- tables


def with_intervals(
    frame: pd.DataFrame,
    *,
    confidence: float = 0.95,
    method: str = "wilson",
    design_effect: float = 1.0,
    assumed_n: float | None = None,
) -> pd.DataFrame:
    """Rows of ``survey_results`` with a confidence interval for each share, where n allows.

    ``frame`` needs ``survey_id`` and ``pct``; if it has no ``n`` column, the survey's ``n``
    is taken from ``data.load("surveys")``. A survey's ``n`` is its whole sample, so for a row
    whose ``subgroup`` is not ``"all"`` (rural residents, those aged 18-29 ...) the base is a
    smaller, unstated number and the row's n counts as unknown.

    Adds the columns:

    - ``n_used``: the sample size the interval is computed from (before the design effect);
    - ``ci_low``, ``ci_high``: the bounds in percent (:func:`proportion_ci`);
    - ``n_status``: ``"stated"`` (the source gives n), ``"assumed"`` (n unknown, ``assumed_n``
      used) or ``"unknown"`` (n unknown, no interval: NA bounds).

    Stated and assumed sample sizes are never mixed silently: ``assumed_n`` only fills rows
    whose n is unknown, and those rows say so in ``n_status``. Rows without a share (``pct``
    NA) get NA bounds whatever their n.

    The result keeps the sources of ``frame`` (and of the ``surveys`` rows whose n it looked
    up) in ``attrs["sources"]``, and the settings in ``attrs["interval"]`` (``confidence``,
    ``method``, ``design_effect``, ``assumed_n``), so a figure can say how its intervals were
    computed.

    >>> from kazparl import data
    >>> out = with_intervals(data.load("survey_results"))
    >>> out.loc[out.survey_id == "ifes-1996", "n_status"].unique().tolist()
    ['unknown']
    """
    method = params.choice("method", method, METHODS)
    conf = _check_confidence(confidence)
    deff = _check_deff(design_effect)
    if assumed_n is not None:
        assumed_n = _check_n("assumed_n", assumed_n)
    missing = [c for c in ("survey_id", "pct") if c not in frame.columns]
    if missing:
        raise KeyError(f"with_intervals needs the columns {missing}; it got {list(frame.columns)}")

    out = frame.copy()
    looked_up: list[Any] = []
    if "n" in out.columns:
        n = pd.to_numeric(out["n"]).astype("Float64")
    else:
        from kazparl import data

        table = data.load("surveys")
        sizes = table.set_index("survey_id")["n"]
        n = out["survey_id"].map(sizes).astype("Float64")
        looked_up.append(table[table["survey_id"].isin(out["survey_id"])])
    if "subgroup" in out.columns:
        n = n.mask(out["subgroup"].astype("string").fillna("all") != "all")
    n = pd.Series(n.to_numpy(dtype=float, na_value=np.nan), index=out.index)
    stated = n.notna().to_numpy()

    status = np.where(stated, "stated", "unknown").astype(object)
    if assumed_n is not None:
        status[~stated] = "assumed"
        n = n.fillna(assumed_n)
    pct = pd.to_numeric(out["pct"]).astype("Float64")
    pct = pd.Series(pct.to_numpy(dtype=float, na_value=np.nan), index=out.index)
    if ((pct < 0) | (pct > 100)).any():
        raise params.ParameterError("pct must lie in [0, 100] (percent)")

    low = np.full(len(out), np.nan)
    high = np.full(len(out), np.nan)
    ok = (n.notna() & pct.notna()).to_numpy()
    if ok.any():
        lo, hi = _confint(pct.to_numpy()[ok] / 100, n.to_numpy()[ok] / deff, conf, method)
        low[ok], high[ok] = 100 * lo, 100 * hi

    n_used = pd.array(n.to_numpy(), dtype="Float64")
    if np.all(np.mod(n.dropna().to_numpy(), 1) == 0):
        n_used = n_used.astype("Int64")
    out["n_used"] = n_used
    out["ci_low"] = pd.array(low, dtype="Float64")
    out["ci_high"] = pd.array(high, dtype="Float64")
    out["n_status"] = pd.Categorical(status, categories=list(N_STATUS))
    out.attrs["interval"] = {
        "confidence": conf,
        "method": method,
        "design_effect": deff,
        "assumed_n": assumed_n,
    }
    return sources.attach(out, frame, *looked_up)


def themes() -> list[str]:
    """The themes present in ``survey_results``, sorted.

    >>> "democracy" in themes()
    True
    """
    from kazparl import data

    return sorted(str(t) for t in data.load("survey_results")["theme"].dropna().unique())


def trend(theme: str) -> pd.DataFrame:
    """The rows of one ``theme`` joined with their surveys, sorted by year, with a ``series``.

    Adds ``organisation``, ``year``, ``fieldwork_start``, ``fieldwork_end`` and ``n`` from
    ``surveys``. ``series`` labels the rows that may be joined by a line in a plot: the same
    organisation, the same question wording, the same response and the same subgroup. A change
    of wording or of organisation (house effects) starts a new series, so a line never suggests
    a trend that is partly a change of instrument. ``panel`` is the same without the response
    (one question of one organisation: one facet of a plot). A survey without a stated
    organisation is a series of its own. Rows without a share keep ``pct`` NA. Where sources
    report the same figure differently, only the preferred row is used. An unknown
    ``theme`` raises :class:`~kazparl.errors.UnknownIdError` listing the themes.

    >>> t = trend("democracy")
    >>> t.groupby("series")[["organisation", "question"]].nunique().max().tolist()
    [1, 1]
    """
    from kazparl import data

    theme = params.known("theme", theme, themes())
    res = data.load("survey_results")
    # one row per survey, question, answer and subgroup: the preferred one where sources differ
    res = res[(res["theme"].astype("string") == theme) & res["preferred"].fillna(False)]
    cols = ["survey_id", "organisation", "year", "fieldwork_start", "fieldwork_end", "n"]
    table = data.load("surveys")
    out = res.merge(table[cols], on="survey_id", how="left", validate="m:1")

    org = out["organisation"].astype("string")
    org = org.fillna("organisation not stated (" + out["survey_id"].astype("string") + ")")
    question = out["question"].astype("string").fillna("wording not stated")
    subgroup = out["subgroup"].astype("string")
    panel = org + " | " + question
    out["panel"] = panel.where(subgroup == "all", panel + " | " + subgroup)
    series = org + " | " + question + " | " + out["response"].astype("string")
    out["series"] = series.where(subgroup == "all", series + " | " + subgroup)
    out = out.sort_values(
        ["year", "fieldwork_start", "series"], na_position="last", kind="stable"
    ).reset_index(drop=True)
    return sources.attach(out, res, table[table["survey_id"].isin(res["survey_id"])])


def paper_figures() -> pd.DataFrame:
    """Every survey figure the 2008 paper cites: survey, year, question, response, share, n,
    the line range of the paper's text, and the paper's own citation (its footnote).

    The rows are those of ``survey_results`` whose source is of the kind ``paper``.

    >>> paper_figures().attrs["sources"]
    ('bowyer-2008',)
    """
    from kazparl import data

    res = data.load("survey_results")
    kinds = data.load("sources").set_index("source_id")["kind"]
    res = res[res["source_id"].map(kinds).astype("string") == "paper"]
    cols = ["survey_id", "organisation", "year", "n"]
    table = data.load("surveys")
    out = res.merge(table[cols], on="survey_id", how="left", validate="m:1")
    keep = [
        "survey_id",
        "year",
        "n",
        "theme",
        "question",
        "response",
        "pct",
        "source_locator",
        "cited_as",
    ]
    out = out[keep].sort_values(["year", "survey_id", "theme"], kind="stable", ignore_index=True)
    return sources.attach(out, res, table[table["survey_id"].isin(res["survey_id"])])


# --------------------------------------------------------------------------- the notebook's views


def theme_figures(
    theme: str,
    *,
    confidence: float = 0.95,
    method: str = "wilson",
    design_effect: float = 1.0,
    assumed_n: float | None = None,
) -> pd.DataFrame:
    """The rows of :func:`trend` for ``theme`` that state a share, with :func:`with_intervals`.

    Rows whose finding the source gives in words only (``pct`` NA) are left out; their number
    is kept in ``attrs["without_share"]``. The sources are those of the rows kept.

    >>> out = theme_figures("democracy")
    >>> bool(out["pct"].notna().all()), out.attrs["without_share"]
    (True, 1)
    """
    rows = trend(theme)
    shared = rows[rows["pct"].notna()].reset_index(drop=True)
    shared.attrs["sources"] = ()  # only the kept rows' sources count
    out = with_intervals(
        shared,
        confidence=confidence,
        method=method,
        design_effect=design_effect,
        assumed_n=assumed_n,
    )
    out.attrs["without_share"] = int(rows["pct"].isna().sum())
    return sources.attach(out, shared, _survey_rows(shared))


def _survey_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The ``surveys`` rows (n, year, organisation) behind the survey ids of ``rows``."""
    from kazparl import data

    table = data.load("surveys")
    return table[table["survey_id"].isin(rows["survey_id"])]


def panels(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per panel of ``figures`` (from :func:`theme_figures`), in order of first year.

    Columns: ``panel``, ``organisation``, ``question``, ``subgroup``, ``surveys`` (how many
    surveys, i.e. waves of the same question from the same organisation), ``first_year``,
    ``last_year`` (NA if no survey of the panel has a year), ``figures`` (rows), and one count
    per ``n_status`` (``stated``, ``assumed``, ``unknown``).

    >>> p = panels(theme_figures("democracy"))
    >>> p.loc[p["surveys"] > 1, ["first_year", "last_year"]].values.tolist()
    [[1995, 1996]]
    """
    rows = []
    for name, part in figures.groupby("panel", sort=False):
        status = part["n_status"].astype("string").value_counts()
        years = part["year"].dropna()
        rows.append(
            {
                "panel": name,
                "organisation": part["organisation"].iloc[0],
                "question": part["question"].iloc[0],
                "subgroup": part["subgroup"].iloc[0],
                "surveys": int(part["survey_id"].nunique()),
                "first_year": int(years.min()) if len(years) else pd.NA,
                "last_year": int(years.max()) if len(years) else pd.NA,
                "figures": len(part),
                **{s: int(status.get(s, 0)) for s in N_STATUS},
            }
        )
    columns = ["panel", "organisation", "question", "subgroup", "surveys", "first_year"]
    columns += ["last_year", "figures", *N_STATUS]
    out = pd.DataFrame(rows, columns=columns)
    for col in ("first_year", "last_year"):
        out[col] = out[col].astype("Int64")
    return sources.attach(out, figures)


def wave_label(survey_id: Any) -> str:
    """A survey id as a wave label: ``ifes-1995`` -> ``IFES 1995``.

    >>> wave_label("iri-brif-2006")
    'IRI BRIF 2006'
    """
    return str(survey_id).upper().replace("-", " ")


def democracy_waves(
    *,
    confidence: float = 0.95,
    method: str = "wilson",
    design_effect: float = 1.0,
    assumed_n: float | None = None,
    question_id: str = "democracy",
) -> pd.DataFrame:
    """The paper's most quoted comparison: every wave of one question of the democracy theme.

    The rows of :func:`trend` ``("democracy")`` for ``question_id`` (IFES's "Is Kazakhstan a
    democracy?", asked in 1995 and 1996) for the whole sample, with :func:`with_intervals` and
    a ``wave`` label (:func:`wave_label`). ``attrs["title"]`` names the question, the
    organisation and the years, for a figure. An unknown ``question_id`` raises
    :class:`~kazparl.errors.UnknownIdError`.

    >>> w = democracy_waves()
    >>> w[["wave", "response", "pct"]].values.tolist()[:2]
    [['IFES 1995', 'not a democracy', 33.0], ['IFES 1995', 'was a democracy', 42.0]]
    """
    rows = trend("democracy")
    params.known("question_id", question_id, list(dict.fromkeys(rows["question_id"])))
    chosen = rows[
        (rows["question_id"] == question_id)
        & (rows["subgroup"].astype("string") == "all")
        & rows["pct"].notna()
    ].reset_index(drop=True)
    chosen.attrs["sources"] = ()
    out = with_intervals(
        chosen,
        confidence=confidence,
        method=method,
        design_effect=design_effect,
        assumed_n=assumed_n,
    )
    out["wave"] = out["survey_id"].map(wave_label)
    question = str(out["question"].iloc[0]).split(" (")[0]
    years = _listed_years(out["year"])
    orgs = [_short_organisation(o) for o in dict.fromkeys(out["organisation"].dropna())]
    out.attrs["title"] = f"{question} {', '.join(orgs)}, {years}".strip()
    return sources.attach(out, chosen, _survey_rows(chosen))


def _listed_years(years: Any) -> str:
    """``1995 and 1996``, ``2004, 2006 and 2010``: the distinct years of ``years``, sorted.

    >>> _listed_years(pd.Series([1996, 1995, 1996]))
    '1995 and 1996'
    """
    items = [str(int(y)) for y in sorted(set(pd.Series(years).dropna()))]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _short_organisation(name: str) -> str:
    """The abbreviation in parentheses, if any: ``... Systems (IFES)`` -> ``IFES``."""
    inside = name[name.rfind("(") + 1 : name.rfind(")")] if name.endswith(")") else ""
    return inside or name


def sensitivity(
    waves: pd.DataFrame,
    *,
    sizes: tuple[float, ...] = ASSUMED_SIZES,
    assumed_n: float | None = None,
    confidence: float = 0.95,
    design_effect: float = 1.0,
) -> pd.DataFrame:
    """How the verdict on two waves of one question depends on an assumed sample size.

    ``waves`` holds the shares of two surveys of the same question (``survey_id``, ``year``,
    ``response``, ``pct``), e.g. :func:`democracy_waves`. For every n of ``sizes`` and
    ``assumed_n`` (if given), assumed for each wave, the result has one row per comparison:

    - ``kind="change"``, one per response: its change from the earlier wave to the later one
      (:func:`change_test`, two independent samples, Wald);
    - ``kind="lead"``: the lead of the later wave's most frequent response over the second
      (:func:`lead_margin`: two shares of *one* sample).

    Columns: ``assumed_n``, ``from_parameter`` (that n is ``assumed_n``), ``kind``,
    ``comparison`` (a label), ``response`` (for a lead, the leading answer), ``versus`` (for a
    lead, the second; NA for a change), ``year_from``, ``year_to``, ``pct_from``, ``pct_to``
    (a change: the earlier and the later share; a lead: the second's and the leader's share),
    ``difference`` (``pct_to - pct_from``, points), ``diff_ci_low``, ``diff_ci_high``,
    ``p_value``, ``stands_out`` (``p_value < 1 - confidence``: the interval excludes 0),
    ``n_eff``, ``confidence``, ``design_effect``. The sources are those of ``waves``.

    >>> table = sensitivity(democracy_waves(), sizes=(1000,))
    >>> for row in table[["comparison", "difference", "stands_out"]].round(1).values.tolist():
    ...     print(row)
    ["'was a democracy', 1995 to 1996", -6.0, True]
    ["'not a democracy', 1995 to 1996", 11.0, True]
    ["1996: 'not a democracy' minus 'was a democracy' (one poll)", 8.0, True]
    """
    conf = _check_confidence(confidence)
    deff = _check_deff(design_effect)
    surveys_ = list(dict.fromkeys(waves.sort_values("year", kind="stable")["survey_id"]))
    if len(surveys_) != 2:
        raise params.ParameterError(
            f"sensitivity compares two waves; waves holds {len(surveys_)}: {surveys_}"
        )
    first, last = (waves[waves["survey_id"] == s] for s in surveys_)
    year_from, year_to = int(first["year"].iloc[0]), int(last["year"].iloc[0])
    before = first.set_index("response")["pct"].astype(float)
    after = last.set_index("response")["pct"].astype(float)
    responses = [r for r in before.sort_values(ascending=False).index if r in after.index]
    ranked = after.sort_values(ascending=False)
    asked = [_check_n("n", n) for n in sizes]
    if assumed_n is not None:
        asked.append(_check_n("assumed_n", assumed_n))
    chosen = [int(n) if n.is_integer() else n for n in sorted(set(asked))]
    rows = []
    for n in chosen:
        common = {"assumed_n": n, "from_parameter": assumed_n is not None and n == assumed_n}
        for response in responses:
            r = change_test(
                before[response], n, after[response], n, confidence=conf, design_effect=deff
            )
            rows.append(
                {
                    **common,
                    "kind": "change",
                    "comparison": f"'{response}', {year_from} to {year_to}",
                    "response": response,
                    "versus": pd.NA,
                    "year_from": year_from,
                    "year_to": year_to,
                    "pct_from": before[response],
                    "pct_to": after[response],
                    "difference": r["change"],
                    "diff_ci_low": r["ci_low"],
                    "diff_ci_high": r["ci_high"],
                    "p_value": r["p_value"],
                    "stands_out": r["significant"],
                    "n_eff": r["n_eff2"],
                }
            )
        if len(ranked) >= 2:
            (lead_name, a), (second, b) = list(ranked.items())[:2]
            r = lead_margin(a, b, n, confidence=conf, design_effect=deff)
            rows.append(
                {
                    **common,
                    "kind": "lead",
                    "comparison": f"{year_to}: '{lead_name}' minus '{second}' (one poll)",
                    "response": lead_name,
                    "versus": second,
                    "year_from": year_to,
                    "year_to": year_to,
                    "pct_from": b,
                    "pct_to": a,
                    "difference": r["lead"],
                    "diff_ci_low": r["ci_low"],
                    "diff_ci_high": r["ci_high"],
                    "p_value": r["p_value"],
                    "stands_out": r["p_value"] < 1 - conf,
                    "n_eff": r["n_eff"],
                }
            )
    out = pd.DataFrame(rows)
    out["versus"] = out["versus"].astype("string")
    out["confidence"] = conf
    out["design_effect"] = deff
    return sources.attach(out, waves)


# --------------------------------------------------------------------------- polls and counts

#: Questions that ask whom a respondent will vote for (pre-election) or voted for (exit).
POLL_QUESTIONS = {
    "party_preference": "pre-election",
    "candidate_preference": "pre-election",
    "party_vote": "exit",
    "candidate_vote": "exit",
}


def _official_shares(election_id: str, tier: str) -> pd.DataFrame:
    """The official share of each list or candidate: the preferred row's ``pct``, else the
    share the most authoritative other final row states (``sources.kind`` order), named in
    ``official_source``; never computed here."""
    from kazparl import data

    rows = data.results(election_id, tier, preferred=False)
    rows = rows[rows["status"] == "final"].copy()
    rows["key"] = rows["party_id"].astype("string").fillna(rows["candidate"].astype("string"))
    kinds = data.load("sources").set_index("source_id")["kind"]
    rank = {k: i for i, k in enumerate(kinds.cat.categories)}
    rows["_order"] = (~rows["preferred"].fillna(False)).astype(int)
    rows["_kind"] = rows["source_id"].map(kinds).astype(str).map(rank)
    stated = rows[rows["pct"].notna()].sort_values(["key", "_order", "_kind"], kind="stable")
    first = stated.drop_duplicates("key")
    return first.rename(
        columns={"pct": "official_pct", "pct_base": "official_base", "source_id": "official_source"}
    )[["key", "official_pct", "official_base", "official_source"]]


def polls_against_count(
    *,
    confidence: float = 0.95,
    design_effect: float = 1.0,
    assumed_n: float | None = None,
) -> pd.DataFrame:
    """Every national pre-election and exit poll in the data beside the official count.

    One row per poll and answer that names a list (``party_id``) or a candidate with an
    official final share: election_id, survey_id, organisation, ``poll`` ("pre-election" or
    "exit", from :data:`POLL_QUESTIONS`), fieldwork_end, response, party_id, pct (the poll's
    share), n_used, n_status, ci_low, ci_high (:func:`with_intervals`, only where n is
    stated or assumed), official_pct with official_base and official_source (the preferred
    final row's share, else another final row's: :func:`_official_shares`), ``difference``
    (poll minus official, points) and ``inside`` (the official share lies in the poll's
    interval; NA without one). Polls limited to one region (``surveys.region_id``) are left
    out: there is no official count by region and party to set them against. The poll's base
    (those who named a party; all respondents) and the official base (voters who took part)
    differ, so a difference of a few points is not by itself an error of the poll.

    >>> table = polls_against_count()
    >>> sorted(table["election_id"].unique())[:2]
    ['majilis-2012', 'majilis-2021']
    """
    from kazparl import data

    res = data.load("survey_results")
    res = res[
        res["question_id"].isin(list(POLL_QUESTIONS))
        & res["preferred"].fillna(False)
        & (res["subgroup"].astype("string") == "all")
        & res["pct"].notna()
    ]
    table = data.load("surveys")
    national = table[table["election_id"].notna() & table["region_id"].isna()]
    cols = ["survey_id", "organisation", "fieldwork_end", "election_id", "n"]
    rows = res.merge(national[cols], on="survey_id", how="inner", validate="m:1")
    rows = with_intervals(
        rows, confidence=confidence, design_effect=design_effect, assumed_n=assumed_n
    )
    rows["poll"] = rows["question_id"].map(POLL_QUESTIONS)
    rows["key"] = rows["party_id"].astype("string").fillna(rows["response"].astype("string"))
    parts = []
    for election_id, part in rows.groupby("election_id", sort=False):
        tier = "candidate" if str(election_id).startswith("president") else "list"
        parts.append(part.merge(_official_shares(election_id, tier), on="key", how="inner"))
    out = pd.concat(parts, ignore_index=True) if parts else rows.iloc[0:0]
    out["difference"] = (out["pct"] - out["official_pct"]).astype("Float64")
    has_ci = out["ci_low"].notna()
    out["inside"] = pd.array(
        [
            (lo <= off <= hi) if ok else pd.NA
            for lo, off, hi, ok in zip(
                out["ci_low"], out["official_pct"], out["ci_high"], has_ci, strict=True
            )
        ],
        dtype="boolean",
    )
    order = data.election_ids()
    out["_e"] = out["election_id"].map({e: i for i, e in enumerate(order)})
    out = out.sort_values(
        ["_e", "poll", "fieldwork_end", "survey_id", "official_pct"],
        ascending=[True, False, True, True, False],
        ignore_index=True,
    )
    keep = [
        "election_id",
        "survey_id",
        "organisation",
        "poll",
        "fieldwork_end",
        "response",
        "party_id",
        "pct",
        "n_used",
        "n_status",
        "ci_low",
        "ci_high",
        "official_pct",
        "official_base",
        "official_source",
        "difference",
        "inside",
        "source_id",
    ]
    used = national[national["survey_id"].isin(out["survey_id"])]
    return sources.attach(out[keep], used, out["official_source"])
