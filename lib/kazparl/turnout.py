"""Regional turnout: how far regions differ, which stand out, and whether the order persists.

Pure functions over a regional frame (one row per region: ``region_id``, ``turnout_pct``,
optionally ``registered``), plus helpers that read the data package (:func:`available`,
:func:`regional_frame`, :func:`rank_correlation`). What a regional analysis should report
follows the methods notes (section 4.2): range, max/min ratio, SD, CV and IQR across regions,
weighted and unweighted; robust-z outliers; the city/oblast gap; rank stability over time.

With ~16-20 regions these are descriptions of all regions, not estimates from a sample, and
most regional figures in the package are *preliminary* election-night counts: carry
``as_of``/``status`` into every table and caption (:func:`regional_frame` keeps them).

>>> d = dispersion([20, 40, 60])
>>> d["range"], d["ratio"], round(d["sd_population"], 2)
(40.0, 3.0, 16.33)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from kazparl import data, params, sources

__all__ = [
    "MAD_SCALE",
    "available",
    "chosen_spread",
    "city_effect",
    "city_gap",
    "city_model",
    "dispersion",
    "election_night",
    "forensics_scope",
    "gap",
    "highlighted",
    "national",
    "outliers",
    "panel",
    "persistence",
    "rank_correlation",
    "rank_stability",
    "regional_frame",
    "regional_outliers",
    "reported",
    "reporting_time",
    "robust_z",
    "spearman",
    "standings",
]

#: 1 / Phi^-1(3/4): makes the MAD a consistent estimator of the SD for normal data.
MAD_SCALE = 1.4826

ArrayLike = Sequence[float] | np.ndarray | pd.Series


def _floats(values: ArrayLike) -> pd.Series:
    """A float64 Series (NaN for missing), keeping a Series' index."""
    if isinstance(values, pd.Series):
        return pd.to_numeric(values, errors="raise").astype("float64")
    return pd.Series(pd.array(list(values), dtype="Float64")).astype("float64")


def _attached(*values: Any) -> tuple[str, ...]:
    """The sources a Series carries in ``attrs`` (a list or array carries none)."""
    found: list[str] = []
    for v in values:
        found += list(getattr(v, "attrs", {}).get("sources", ()))
    return tuple(dict.fromkeys(found))


def _row_sources(frame: pd.DataFrame) -> tuple[str, ...]:
    """The sources of exactly these rows: their ``source_id`` column, else the frame's attrs."""
    if "source_id" in frame.columns:
        return sources.of(list(frame["source_id"].dropna().astype(str)))
    return tuple(frame.attrs.get("sources", ()))


# --------------------------------------------------------------------------- dispersion


def dispersion(values: ArrayLike, weights: ArrayLike | None = None) -> dict[str, Any]:
    """How far regional turnouts spread: range, ratio, SD, CV, IQR (and weighted versions).

    Missing values are left out (``n`` counts those used, ``n_missing`` the rest). Returns:

    - ``mean``, ``median``, ``min``, ``max``;
    - ``range`` = max - min (points) and ``ratio`` = max / min (NaN unless min > 0);
    - ``sd_population`` (divisor n: the regions *are* the population) and ``sd_sample``
      (divisor n - 1, what ``pandas.Series.std`` and most reports give; the methods notes'
      2023 demo, SD 9.59 and CV 0.17, uses it); ``cv_population`` and ``cv_sample`` are
      the two SDs divided by the mean;
    - ``q1``, ``q3``, ``iqr`` with linear interpolation between order statistics (numpy's
      default, Hyndman & Fan type 7);
    - ``weighted`` (bool) and ``weighted_mean``, ``weighted_sd``, ``weighted_cv``.

    ``weights`` (registered voters per region) make the weighted versions: the weighted mean
    of regional turnout with registered voters as weights is the national turnout
    (sum voted / sum registered) when turnout = voted / registered. ``weighted_sd`` is
    ``sqrt(sum w (x - mean_w)^2 / sum w)``: frequency weights, each voter carrying their
    region's turnout; with millions of voters the n - 1 correction is irrelevant. If a weight
    is missing for any value used, the weighted measures are NaN, ``weighted`` is False and
    ``note`` says why: weighting only the regions with known electorates would change
    which regions are described. ``sources`` holds the source ids that ``values`` and
    ``weights`` carry (``attrs["sources"]`` of a column of :func:`regional_frame`).
    """
    x = _floats(values)
    w: pd.Series | None = None
    if weights is not None:
        w = _floats(weights)
        if len(w) != len(x):
            raise ValueError(f"{len(w)} weights for {len(x)} values")
        w = pd.Series(w.to_numpy(), index=x.index)
        if (w.dropna() < 0).any():
            raise ValueError("weights must not be negative")
    used = x.notna()
    v = x[used].to_numpy()
    n = len(v)
    nan = math.nan
    out: dict[str, Any] = {
        "n": n,
        "n_missing": int((~used).sum()),
        "mean": nan,
        "median": nan,
        "min": nan,
        "max": nan,
        "range": nan,
        "ratio": nan,
        "sd_population": nan,
        "sd_sample": nan,
        "cv_population": nan,
        "cv_sample": nan,
        "q1": nan,
        "q3": nan,
        "iqr": nan,
        "weighted": False,
        "weighted_mean": nan,
        "weighted_sd": nan,
        "weighted_cv": nan,
        "note": None,
        "sources": _attached(values, weights),
    }
    if n == 0:
        out["note"] = "no values"
        return out
    lo, hi = float(v.min()), float(v.max())
    mean = float(v.mean())
    q1, q3 = (float(q) for q in np.percentile(v, [25, 75]))
    sd_sample = float(v.std(ddof=1)) if n > 1 else nan
    out.update(
        mean=mean,
        median=float(np.median(v)),
        min=lo,
        max=hi,
        range=hi - lo,
        ratio=hi / lo if lo > 0 else nan,
        sd_population=float(v.std(ddof=0)),
        sd_sample=sd_sample,
        cv_population=float(v.std(ddof=0)) / mean if mean != 0 else nan,
        cv_sample=sd_sample / mean if mean != 0 else nan,
        q1=q1,
        q3=q3,
        iqr=q3 - q1,
    )
    if w is not None:
        wu = w[used]
        if wu.isna().any():
            out["note"] = (
                f"weights missing for {int(wu.isna().sum())} of {n} values: weighted measures "
                "not computed"
            )
        elif wu.sum() <= 0:
            out["note"] = "weights sum to 0: weighted measures not computed"
        else:
            ww = wu.to_numpy()
            wmean = float(np.average(v, weights=ww))
            wsd = float(np.sqrt(np.average((v - wmean) ** 2, weights=ww)))
            out.update(
                weighted=True,
                weighted_mean=wmean,
                weighted_sd=wsd,
                weighted_cv=wsd / wmean if wmean != 0 else nan,
            )
    return out


def robust_z(values: ArrayLike) -> pd.Series:
    """Robust z-scores: ``(x - median) / (1.4826 * MAD)``, MAD = median |x - median|.

    The modified z-score of Iglewicz & Hoaglin (1993, *How to Detect and Handle Outliers*,
    ASQC), written ``0.6745 (x - median) / MAD`` there (0.6745 = 1 / 1.4826); Leys et al.
    (2013, "Detecting outliers: do not use standard deviation around the mean, use absolute
    deviation around the median", J. Exp. Soc. Psychol. 49(4):764-766) argue for it over the
    mean/SD z. Median and MAD ignore missing values; missing values stay missing. The index
    of a Series is kept. Raises ``ValueError`` when the MAD is 0 (half the values equal).
    """
    x = _floats(values)
    v = x.dropna()
    if v.empty:
        return pd.Series(np.nan, index=x.index, name="robust_z")
    med = float(v.median())
    mad = float((v - med).abs().median())
    if mad == 0:
        raise ValueError("the MAD is 0 (at least half the values are equal): robust z undefined")
    return ((x - med) / (MAD_SCALE * mad)).rename("robust_z")


def outliers(values: ArrayLike, cutoff: float = 3.5) -> pd.DataFrame:
    """Values whose :func:`robust_z` exceeds ``cutoff`` in absolute value, lowest z first.

    3.5 is Iglewicz & Hoaglin's recommended cut-off; Leys et al. suggest 3 (conservative),
    2.5 (moderate) or 2 (liberal). Columns ``value``, ``robust_z``; the index of ``values``.
    """
    params.in_range("cutoff", cutoff, 0, low_open=True)
    x = _floats(values)
    z = robust_z(x)
    flagged = z.abs() > cutoff
    out = pd.DataFrame({"value": x[flagged], "robust_z": z[flagged]})
    return out.sort_values("robust_z", kind="stable")


# --------------------------------------------------------------------------- gaps


def _kinds() -> pd.Series:
    regions = data.load("regions")
    return regions.set_index("region_id")["kind"].astype("string")


def _one_row_per_region(frame: pd.DataFrame) -> None:
    dup = frame["region_id"][frame["region_id"].duplicated()]
    if len(dup):
        raise ValueError(
            f"several rows for {', '.join(sorted(set(dup)))}: pass one row per region "
            "(e.g. regional_frame(), which keeps the preferred row)"
        )


def city_gap(
    frame: pd.DataFrame, *, value: str = "turnout_pct", weights: str | None = None
) -> dict[str, Any]:
    """Mean turnout of the cities of republican status minus that of the oblasts.

    ``kind`` (city / oblast) is read from the ``regions`` table by ``region_id``. Means are
    unweighted (each region counts once) unless ``weights`` names a column (e.g.
    ``"registered"``); a missing weight then raises ``ValueError``. Regions without a
    ``value`` are left out and counted in ``n_missing``. A negative ``gap`` means the cities
    turn out less. Returns ``cities_mean``, ``oblasts_mean``, ``gap``, ``n_cities``,
    ``n_oblasts``, ``n_missing``, ``cities`` (their ids), ``weighted``, a ``label`` and the
    ``sources`` of the rows used.
    """
    _one_row_per_region(frame)
    kinds = _kinds()
    unknown = sorted(set(frame["region_id"]) - set(kinds.index))
    if unknown:
        raise ValueError(f"region_id not in the regions table: {', '.join(unknown)}")
    f = frame.assign(_kind=frame["region_id"].map(kinds), _value=_floats(frame[value]))
    n_missing = int(f["_value"].isna().sum())
    f = f[f["_value"].notna()]
    if weights is not None:
        f = f.assign(_w=_floats(f[weights]))
        lacking = f.loc[f["_w"].isna(), "region_id"]
        if len(lacking):
            raise ValueError(f"{weights} missing for: {', '.join(sorted(lacking))}")

    def mean(part: pd.DataFrame) -> float:
        if part.empty:
            return math.nan
        if weights is None:
            return float(part["_value"].mean())
        return float(np.average(part["_value"], weights=part["_w"]))

    cities, oblasts = f[f["_kind"] == "city"], f[f["_kind"] == "oblast"]
    c, o = mean(cities), mean(oblasts)
    how = f"weighted by {weights}" if weights else "unweighted"
    return {
        "label": f"mean {value}, cities of republican status minus oblasts ({how}; points)",
        "cities_mean": c,
        "oblasts_mean": o,
        "gap": c - o,
        "n_cities": len(cities),
        "n_oblasts": len(oblasts),
        "n_missing": n_missing,
        "cities": sorted(cities["region_id"]),
        "weighted": weights is not None,
        "sources": _row_sources(f),
    }


def gap(frame: pd.DataFrame, a: str, b: str, *, value: str = "turnout_pct") -> dict[str, Any]:
    """Turnout of region ``a`` minus region ``b`` (percentage points), e.g. city vs oblast.

    ``a`` or ``b`` not in ``frame`` raises :class:`~kazparl.errors.UnknownIdError` listing the
    regions it has. ``sources`` are those of the two rows.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"region_id": ["almaty-city", "almaty-region"],
    ...                   "turnout_pct": [22.5, 90.0]})
    >>> gap(f, "almaty-region", "almaty-city")["gap"]
    67.5
    """
    _one_row_per_region(frame)
    present = list(frame["region_id"])
    params.known("a", a, present)
    params.known("b", b, present)
    vals = _floats(frame.set_index("region_id")[value])
    va, vb = float(vals[a]), float(vals[b])
    rows = frame[frame["region_id"].isin([a, b])]
    return {
        "label": f"{value}: {a} minus {b} (points)",
        "a": a,
        "b": b,
        "value_a": va,
        "value_b": vb,
        "gap": va - vb,
        "sources": _row_sources(rows),
    }


# --------------------------------------------------------------------------- the data package


def available() -> list[str]:
    """Elections with regional turnout in the package, in date order."""
    have = set(data.load("regional_turnout")["election_id"])
    return [e for e in data.election_ids() if e in have]


def regional_frame(election_id: str) -> pd.DataFrame:
    """The preferred regional turnout of one election, one row per region, highest first.

    Columns: ``election_id``, ``region_id``, ``name_en``, ``kind`` (city / oblast),
    ``turnout_pct``, ``registered``, ``voted``, ``as_of`` (reporting time, 'unstated' or
    'final'), ``status`` (final / preliminary) and ``source_id``, so that tables and captions
    can say "preliminary, as of 22:00". The preferred rows of one election may mix reporting
    times and sources (see the ``note`` column of ``data/regional_turnout.csv``).

    An election without regional data raises :class:`~kazparl.errors.UnknownIdError` (a
    :class:`~kazparl.errors.ParameterError`) listing those that have it. The frame carries its
    sources (``attrs["sources"]``).
    """
    params.known("election_id", election_id, available())
    frame = data.regional_turnout(election_id)
    regions = data.load("regions")[["region_id", "name_en", "kind"]]
    frame = frame.merge(regions, on="region_id", how="left", validate="one_to_one")
    cols = [
        "election_id",
        "region_id",
        "name_en",
        "kind",
        "turnout_pct",
        "registered",
        "voted",
        "as_of",
        "status",
        "source_id",
    ]
    return sources.attach(frame[cols].reset_index(drop=True))


# --------------------------------------------------------------------------- rank stability


def spearman(x: pd.Series, y: pd.Series) -> dict[str, Any]:
    """Spearman's rank correlation of two Series matched on their index (e.g. region_id).

    Only index labels present in both with values in both are used; ties get average ranks
    (``scipy.stats.spearmanr``). The p-value tests rho = 0 treating regions as independent
    draws, which they are not: with a dozen regions read it as a rough guide. Needs at least
    3 pairs (``ValueError``). Returns ``rho``, ``pvalue``, ``n``.
    """
    from scipy import stats

    pair = pd.concat([_floats(x).rename("x"), _floats(y).rename("y")], axis=1, join="inner")
    pair = pair.dropna()
    if len(pair) < 3:
        raise ValueError(f"only {len(pair)} matched pairs; Spearman's rho needs at least 3")
    res = stats.spearmanr(pair["x"], pair["y"])
    return {"rho": float(res.statistic), "pvalue": float(res.pvalue), "n": len(pair)}


def _stem(name: str) -> str:
    for suffix in (" Region", " City"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _continuations(regions: pd.DataFrame) -> dict[str, str]:
    """{successor: predecessor} for renamed continuations (Turkestan <- South Kazakhstan).

    A region is the continuation of the region in its ``split_from`` when that predecessor
    ceased to exist (``valid_to`` set), both are of the same kind, and the successor's
    ``former_names`` include the predecessor's name. Any other region with ``split_from``
    is a split-off part (Shymkent, Abai, Zhetysu, Ulytau).
    """
    reg = regions.set_index("region_id")
    out: dict[str, str] = {}
    for rid, row in reg[reg["split_from"].notna()].iterrows():
        parent = reg.loc[row["split_from"]]
        former = [] if pd.isna(row["former_names"]) else row["former_names"].split("; ")
        if (
            pd.notna(parent["valid_to"])
            and row["kind"] == parent["kind"]
            and _stem(parent["name_en"]) in former
        ):
            if row["split_from"] in out.values():
                raise ValueError(f"several continuations of {row['split_from']} in regions")
            out[str(rid)] = str(row["split_from"])
    return out


def _election_date(election_id: str) -> pd.Timestamp:
    el = data.load("elections")
    el = el[(el["election_id"] == election_id) & el["preferred"].fillna(False)]
    return el["date"].min()


def rank_correlation(election_a: str, election_b: str, *, mode: str = "common") -> dict[str, Any]:
    """Do the same regions turn out high in two elections? Spearman's rho across regions.

    ``mode="common"``: regions are matched by ``region_id``; a region present in only one
    election is dropped (listed in ``dropped``). Note that an id can cover a smaller territory
    in the later election: East Kazakhstan after Abai split off (2022) is the remainder.

    ``mode="parent"``: as "common", and in addition a *renamed continuation* is matched with
    its predecessor: Turkestan region (2018-) with South Kazakhstan region (-2018), the unit
    being named by the predecessor's id. The rule for split-off regions (Shymkent 2018;
    Abai, Zhetysu, Ulytau 2022) is conservative: **the parent's remainder stands for the
    parent, and the split-off region is dropped** from a comparison with an election held
    before it existed. Its figure is never averaged into the parent's, nor used in place of
    it: combining them would need registered and voted counts for both parts (an exact
    sum voted / sum registered), which the package mostly lacks, and anything else would
    invent a figure. A split-off region present in both elections is compared with itself.

    In both modes, each matched unit has ``territory_changed``: True when a part split off
    between the two election dates, so rho compares a region with its own remainder there.

    Returns ``rho``, ``pvalue``, ``n`` (see :func:`spearman`), ``mode``, the elections,
    ``regions`` (unit, region_a, turnout_a, region_b, turnout_b, territory_changed),
    ``dropped`` (election_id, region_id, reason), ``preliminary`` (True if any figure used is
    preliminary), ``as_of_a``/``as_of_b`` (reporting times of the figures used) and the
    ``sources`` of the figures used.
    """
    params.choice("mode", mode, ["common", "parent"])
    fa, fb = regional_frame(election_a), regional_frame(election_b)
    regions = data.load("regions")
    renamed = _continuations(regions)  # used to explain drops in either mode
    cont = renamed if mode == "parent" else {}

    def unit(rid: str) -> str:
        while rid in cont:
            rid = cont[rid]
        return rid

    reg = regions.set_index("region_id")
    dropped: list[dict[str, str]] = []

    def prepare(frame: pd.DataFrame, name: str) -> pd.DataFrame:
        f = frame.assign(unit=frame["region_id"].map(unit))
        if "source_id" not in f.columns:
            f = f.assign(source_id=pd.NA)
        for rid in f.loc[f["turnout_pct"].isna(), "region_id"]:
            dropped.append({"election_id": name, "region_id": rid, "reason": "no turnout figure"})
        return f[f["turnout_pct"].notna()]

    a, b = prepare(fa, election_a), prepare(fb, election_b)
    for f, name, other, other_name in (
        (a, election_a, b, election_b),
        (b, election_b, a, election_a),
    ):
        for rid, u in zip(f["region_id"], f["unit"], strict=True):
            if u in set(other["unit"]):
                continue
            parent = reg.at[rid, "split_from"]
            if pd.notna(parent) and rid not in renamed:
                since = reg.at[rid, "valid_from"]
                when = f" on {since.date()}" if pd.notna(since) else ""
                why = (
                    f"split off from {parent}{when}; not in {other_name} "
                    f"(never combined with {parent})"
                )
            elif rid in renamed.values() and mode == "common":
                succ = next(k for k, v in renamed.items() if v == rid)
                why = (
                    f"renamed {succ} later; not matched by id in {other_name} (mode='parent' does)"
                )
            elif pd.notna(parent) and mode == "common":
                why = (
                    f"renamed from {parent}; not matched by id in {other_name} (mode='parent' does)"
                )
            else:
                why = f"not in {other_name}"
            dropped.append({"election_id": name, "region_id": rid, "reason": why})
    kept = ["unit", "region_id", "turnout_pct", "as_of", "status", "source_id"]
    merged = a[kept].merge(
        b[kept],
        on="unit",
        suffixes=("_a", "_b"),
        validate="one_to_one",
    )
    d1, d2 = sorted([_election_date(election_a), _election_date(election_b)])
    parts = regions[regions["split_from"].notna() & ~regions["region_id"].isin(list(renamed))]

    def changed(u: str) -> bool:
        lineage = {u} | {s for s in cont if unit(s) == u}
        split = parts[parts["split_from"].isin(lineage)]
        return bool(((split["valid_from"] > d1) & (split["valid_from"] <= d2)).any())

    merged["territory_changed"] = merged["unit"].map(changed).astype("boolean")
    stats = spearman(
        merged.set_index("unit")["turnout_pct_a"], merged.set_index("unit")["turnout_pct_b"]
    )
    used_status = pd.concat([merged["status_a"], merged["status_b"]]).astype("string")
    table = merged[
        [
            "unit",
            "region_id_a",
            "turnout_pct_a",
            "region_id_b",
            "turnout_pct_b",
            "territory_changed",
        ]
    ].rename(
        columns={
            "region_id_a": "region_a",
            "turnout_pct_a": "turnout_a",
            "region_id_b": "region_b",
            "turnout_pct_b": "turnout_b",
        }
    )
    used = sources.of(
        list(merged["source_id_a"].dropna().astype(str)),
        list(merged["source_id_b"].dropna().astype(str)),
    )
    return {
        **stats,
        "mode": mode,
        "election_a": election_a,
        "election_b": election_b,
        "regions": sources.attach(table.sort_values("unit", ignore_index=True), used),
        "dropped": pd.DataFrame(dropped, columns=["election_id", "region_id", "reason"]),
        "preliminary": bool((used_status != "final").any()),
        "as_of_a": sorted(set(merged["as_of_a"])),
        "as_of_b": sorted(set(merged["as_of_b"])),
        "sources": used,
    }


def national(election_id: str) -> dict[str, Any]:
    """National turnout from the preferred ``elections`` row (first round): value, status,
    source. ``turnout_pct`` is None where that row does not give it; no other row stands in.

    Returns ``election_id``, ``turnout_pct``, ``status``, ``source_id`` and ``sources`` (the
    row's source, also when it lacks the turnout: it is the row that was read).
    """
    row = data.election(election_id)
    if row is None:
        return {
            "election_id": election_id,
            "turnout_pct": None,
            "status": None,
            "source_id": None,
            "sources": (),
        }
    value = row["turnout_pct"]
    return {
        "election_id": election_id,
        "turnout_pct": None if pd.isna(value) else float(value),
        "status": str(row["status"]),
        "source_id": str(row["source_id"]),
        "sources": (str(row["source_id"]),),
    }


def panel(elections: list[str] | None = None) -> pd.DataFrame:
    """Regional turnout of several elections stacked (default: all with 3+ regions), with
    ``city`` (1 for cities of republican status), ``turnout`` (a float) and the election's
    ``date``; the frame carries the sources of its rows."""
    chosen = elections or [e for e in available() if len(regional_frame(e)) >= 3]
    out = pd.concat([regional_frame(e) for e in chosen], ignore_index=True)
    dates = data.load("elections").groupby("election_id")["date"].min()
    out["date"] = out["election_id"].map(dates)
    out["city"] = (out["kind"] == "city").astype(int)
    out["turnout"] = out["turnout_pct"].astype(float)
    return sources.attach(out.sort_values(["date", "region_id"], ignore_index=True))


def city_model(frame: pd.DataFrame) -> Any:
    """OLS of regional turnout on city status with election fixed effects, standard errors
    clustered by region: ``turnout ~ city + C(election_id)``.

    The city coefficient is the average within-election gap between cities of republican
    status and oblasts, in points; clustering allows each region's figures to be correlated
    across elections (Cameron and Miller 2015, "A Practitioner's Guide to Cluster-Robust
    Inference"). Returns the fitted statsmodels results, which cannot carry sources:
    :func:`city_effect` returns the same fit in a dict with the ``sources`` of ``frame``.
    """
    import statsmodels.formula.api as smf

    groups = pd.factorize(frame["region_id"])[0]
    model = smf.ols("turnout ~ city + C(election_id)", data=frame)
    return model.fit(cov_type="cluster", cov_kwds={"groups": groups})


def city_effect(frame: pd.DataFrame) -> dict[str, Any]:
    """:func:`city_model` on ``frame`` (e.g. :func:`panel`), as a dict that carries its sources.

    Returns ``estimate`` (the city coefficient, points), ``std_error``, ``ci_low`` and
    ``ci_high`` (95% interval, cluster-robust), ``pvalue``, ``nobs``, ``n_regions``,
    ``n_elections``, ``reference`` (the election the fixed effects are measured against),
    ``cities`` (their ids), ``city_names`` ({id: name}, the id where ``frame`` has no
    ``name_en``), ``city_elections`` ({city: elections it has a figure in}),
    ``rsquared``, ``fit`` (the statsmodels results), ``coefficients`` (a frame: ``term``,
    ``election_id`` for the fixed effects, ``coef``, ``std_error``, ``coef_low``,
    ``coef_high``, ``p_value``; it carries the sources) and ``sources`` (those of ``frame``).
    """
    import re

    fit = city_model(frame)
    ci = fit.conf_int(alpha=0.05)
    elections = sorted(set(frame["election_id"]))
    rows = []
    for term in fit.params.index:
        fixed = re.fullmatch(r"C\(election_id\)\[T\.(.+)\]", term)
        if term == "Intercept":
            label, election = "intercept: an oblast in the reference election", elections[0]
        elif term == "city":
            label, election = "city of republican status", None
        else:
            label, election = "election fixed effect (against the reference)", fixed.group(1)
        rows.append(
            {
                "term": label,
                "election_id": election,
                "coef": float(fit.params[term]),
                "std_error": float(fit.bse[term]),
                "coef_low": float(ci.loc[term, 0]),
                "coef_high": float(ci.loc[term, 1]),
                "p_value": float(fit.pvalues[term]),
            }
        )
    used = sources.of(frame)
    order = list(dict.fromkeys(frame["election_id"]))
    # the city effect first, then the intercept, then the fixed effects in date order
    rank = {"city of republican status": 0, "intercept: an oblast in the reference election": 1}
    rows.sort(key=lambda r: (rank.get(r["term"], 2), order.index(r["election_id"] or order[0])))
    coefficients = sources.attach(pd.DataFrame(rows), used)
    cities = frame.loc[frame["city"] == 1]
    return {
        "estimate": float(fit.params["city"]),
        "std_error": float(fit.bse["city"]),
        "ci_low": float(ci.loc["city", 0]),
        "ci_high": float(ci.loc["city", 1]),
        "pvalue": float(fit.pvalues["city"]),
        "nobs": int(fit.nobs),
        "n_regions": int(frame["region_id"].nunique()),
        "n_elections": len(elections),
        "elections": order,
        "reference": elections[0],
        "cities": sorted(set(cities["region_id"])),
        "city_names": {
            c: str(cities.loc[cities["region_id"] == c, "name_en"].iloc[0])
            if "name_en" in cities
            else c
            for c in sorted(set(cities["region_id"]))
        },
        "city_elections": {
            c: [e for e in order if e in set(cities.loc[cities["region_id"] == c, "election_id"])]
            for c in sorted(set(cities["region_id"]))
        },
        "rsquared": float(fit.rsquared),
        "fit": fit,
        "coefficients": coefficients,
        "sources": used,
    }


# --------------------------------------------------------------------------- for the notebook


def reporting_time(frame: pd.DataFrame) -> str:
    """When the figures of ``frame`` were reported, from its ``as_of`` column ('' if final).

    >>> reporting_time(pd.DataFrame({"as_of": ["20:00", "unstated", "18:00"]}))
    'as of 18:00, 20:00 or an unstated time'
    >>> reporting_time(pd.DataFrame({"as_of": ["unstated"]}))
    'reporting time not stated'
    """
    times = sorted(set(frame["as_of"].dropna().astype(str)))
    clock = [t for t in times if t not in ("unstated", "final")]
    if "unstated" in times and clock:
        clock.append("an unstated time")
    if not clock:
        return "reporting time not stated" if "unstated" in times else ""
    if len(clock) == 1:
        return f"as of {clock[0]}"
    return f"as of {', '.join(clock[:-1])} or {clock[-1]}"


def reported(frame: pd.DataFrame) -> str:
    """How the figures of ``frame`` were reported: ``status`` and :func:`reporting_time`.

    >>> reported(pd.DataFrame({"status": ["preliminary"], "as_of": ["22:10"]}))
    'preliminary, as of 22:10'
    >>> reported(pd.DataFrame({"status": ["preliminary"], "as_of": ["unstated"]}))
    'preliminary, reporting time not stated'
    """
    statuses = sorted(set(frame["status"].dropna().astype(str)))
    status = " and ".join(statuses) if statuses else "status not stated"
    when = reporting_time(frame)
    return f"{status}, {when}" if when else status


def election_night(election_id: str) -> dict[str, Any]:
    """The national turnout announced before the final count: the *preliminary* rows of
    ``elections`` (first round) that give a turnout, whether preferred or not.

    Returns ``turnout_pct`` (their value if they agree, else None), ``values`` (the distinct
    values, in the order of the rows) and ``sources``. An unknown election raises
    :class:`~kazparl.errors.UnknownIdError`.
    """
    params.known("election_id", election_id, data.election_ids())
    rows = data.load("elections")
    rows = rows[
        (rows["election_id"] == election_id)
        & (rows["round"] == 1)
        & (rows["status"].astype("string") == "preliminary")
        & rows["turnout_pct"].notna()
    ]
    values = list(dict.fromkeys(float(v) for v in rows["turnout_pct"]))
    return {
        "election_id": election_id,
        "turnout_pct": values[0] if len(values) == 1 else None,
        "values": values,
        "sources": _row_sources(rows),
    }


def _region_names() -> dict[str, str]:
    return data.load("regions").set_index("region_id")["name_en"].astype(str).to_dict()


def persistence() -> pd.DataFrame:
    """The spread and the gaps of every election with regional figures, one row per election.

    Columns: ``election_id``; ``n_regions``; ``as_of`` (the reporting times, joined) and
    ``status`` of the regional figures; ``turnout_min``, ``turnout_max``, ``turnout_range``,
    ``turnout_ratio`` (max / min), ``turnout_sd`` (sample SD), ``turnout_cv`` (sample SD /
    mean) and ``turnout_iqr`` (see :func:`dispersion`, unweighted); ``city_gap`` (cities of
    republican status minus oblasts, :func:`city_gap`); ``almaty_gap`` (Almaty city minus
    Almaty region, the paper's pair, :func:`gap`); ``national_turnout`` and
    ``national_status`` (:func:`national`). With fewer than 3 regions (the paper's 2007 pair)
    there is a gap but no distribution: the spread measures and ``city_gap`` are NaN.
    The frame carries the sources of every regional and national figure used.
    """
    rows, used = [], []
    for election in available():
        frame = regional_frame(election)
        spread = dispersion(frame["turnout_pct"])
        whole = spread["n"] >= 3
        nat = national(election)
        present = set(frame["region_id"])
        pair = (
            gap(frame, "almaty-city", "almaty-region")["gap"]
            if {"almaty-city", "almaty-region"} <= present
            else math.nan
        )
        rows.append(
            {
                "election_id": election,
                "n_regions": int(spread["n"]),
                "as_of": ", ".join(sorted(set(frame["as_of"].astype(str)))),
                "status": ", ".join(sorted(set(frame["status"].astype(str)))),
                "turnout_min": spread["min"],
                "turnout_max": spread["max"],
                "turnout_range": spread["range"] if whole else math.nan,
                "turnout_ratio": spread["ratio"] if whole else math.nan,
                "turnout_sd": spread["sd_sample"] if whole else math.nan,
                "turnout_cv": spread["cv_sample"] if whole else math.nan,
                "turnout_iqr": spread["iqr"] if whole else math.nan,
                "city_gap": city_gap(frame)["gap"] if whole else math.nan,
                "almaty_gap": pair,
                "national_turnout": (
                    math.nan if nat["turnout_pct"] is None else nat["turnout_pct"]
                ),
                "national_status": nat["status"],
            }
        )
        used += [frame, nat]
    return sources.attach(pd.DataFrame(rows), *used)


def _minutes(clock: str) -> int | None:
    """``"20:30"`` -> 1230; None for "unstated" or "final"."""
    hours, _, minutes = clock.partition(":")
    return int(hours) * 60 + int(minutes) if hours.isdigit() and minutes.isdigit() else None


def _earlier_than_most(part: pd.DataFrame, as_of: str) -> bool:
    """Was a figure reported at ``as_of`` earlier than the most common reporting time of the
    regions in ``part`` (one election)?"""
    times = part["as_of"].astype(str).map(_minutes).dropna()
    mine = _minutes(as_of)
    return bool(mine is not None and len(times) and mine < times.mode().max())


def standings(frame: pd.DataFrame) -> pd.DataFrame:
    """Who is at the top and at the bottom in each election of ``frame`` (e.g. :func:`panel`).

    One row per election (in ``frame``'s order): ``n_regions``; ``highest`` and ``lowest``
    (region ids), their ``*_name``, ``*_kind`` and ``*_turnout``, and ``lowest_tied`` (how
    many regions share the lowest figure); ``lowest_oblast`` with its name and turnout; and
    ``cities_above`` (a tuple of the names of the cities of republican status whose turnout
    is above the lowest oblast's); ``lowest_oblast_as_of`` with ``lowest_oblast_early``
    (True when that figure was reported earlier than most regions' figures of the election:
    turnout accumulates, so an earlier figure is lower than the day's). Carries the sources
    of ``frame``.
    """
    rows = []
    for election, part in frame.groupby("election_id", sort=False):
        part = part.assign(_v=_floats(part["turnout_pct"])).dropna(subset=["_v"])
        part = part.sort_values(["_v", "region_id"], ascending=[False, True])
        top, bottom = part.iloc[0], part.iloc[-1]
        oblasts = part[part["kind"] == "oblast"]
        cities = part[part["kind"] == "city"]
        low_oblast = oblasts.iloc[-1] if len(oblasts) else None
        has_time = low_oblast is not None and "as_of" in part.columns
        as_of = str(low_oblast["as_of"]) if has_time else None
        above = (
            tuple(cities.loc[cities["_v"] > low_oblast["_v"], "name_en"].astype(str))
            if low_oblast is not None
            else ()
        )
        rows.append(
            {
                "election_id": election,
                "n_regions": len(part),
                "highest": top["region_id"],
                "highest_name": str(top["name_en"]),
                "highest_kind": str(top["kind"]),
                "highest_turnout": float(top["_v"]),
                "lowest": bottom["region_id"],
                "lowest_name": str(bottom["name_en"]),
                "lowest_kind": str(bottom["kind"]),
                "lowest_turnout": float(bottom["_v"]),
                "lowest_tied": int((part["_v"] == bottom["_v"]).sum()),
                "lowest_oblast": None if low_oblast is None else low_oblast["region_id"],
                "lowest_oblast_name": None if low_oblast is None else str(low_oblast["name_en"]),
                "lowest_oblast_turnout": math.nan if low_oblast is None else low_oblast["_v"],
                "lowest_oblast_as_of": as_of,
                "lowest_oblast_early": as_of is not None and _earlier_than_most(part, as_of),
                "n_cities": len(cities),
                "cities_above": above,
            }
        )
    return sources.attach(pd.DataFrame(rows), frame)


def rank_stability(mode: str = "parent") -> pd.DataFrame:
    """Spearman's rho of regional turnout between each election and the one before it.

    One row per election with 3 or more regions, in date order; each is compared with the
    previous such election (``previous``) by :func:`rank_correlation` (default ``mode``
    "parent"), so the rows hold the consecutive pairs and the first row, having nothing
    before it, has no figures. Columns: ``election_id``, ``previous``, ``rho_previous``,
    ``p_value``, ``n_matched``, and, as region names joined by ", " (None when there are
    none): ``dropped_regions`` (left out of the pair), ``renamed_units`` (matched across a
    renaming, "old → new") and ``split_units`` (lost territory between the two dates).
    Carries the sources of the figures compared.
    """
    params.choice("mode", mode, ["common", "parent"])
    elections = [e for e in available() if len(regional_frame(e)) >= 3]
    names = _region_names()

    def joined(ids: Any) -> str | None:
        listed = [names.get(i, i) for i in ids]
        return ", ".join(listed) if listed else None

    rows, used = [], []
    for before, election in zip([None, *elections], elections, strict=False):
        row: dict[str, Any] = {"election_id": election, "previous": before}
        if before is None:
            row |= dict.fromkeys(
                ["rho_previous", "p_value", "n_matched"], math.nan
            ) | dict.fromkeys(["dropped_regions", "renamed_units", "split_units"])
            rows.append(row)
            continue
        res = rank_correlation(before, election, mode=mode)
        table = res["regions"]
        renamed = table[table["region_a"] != table["region_b"]]
        row |= {
            "rho_previous": res["rho"],
            "p_value": res["pvalue"],
            "n_matched": res["n"],
            "dropped_regions": joined(res["dropped"]["region_id"]),
            "renamed_units": (
                ", ".join(
                    f"{names.get(a, a)} → {names.get(b, b)}"
                    for a, b in zip(renamed["region_a"], renamed["region_b"], strict=True)
                )
                or None
            ),
            "split_units": joined(table.loc[table["territory_changed"].fillna(False), "region_b"]),
        }
        rows.append(row)
        used.append(res)
    out = pd.DataFrame(rows)
    out["n_matched"] = out["n_matched"].astype("Int64")
    return sources.attach(out, *used)


def chosen_spread(election_id: str, weighted: bool = False) -> dict[str, Any]:
    """:func:`dispersion` of one election's regional turnout, saying what could be computed.

    ``weighted=True`` weights by registered voters where every region's count is known;
    otherwise the measures stay unweighted and ``weights_note`` says so (with how many
    regions have a count). Adds to :func:`dispersion`'s keys: ``election_id``,
    ``weighted_requested``, ``registered_known`` (regions with a count), ``distribution``
    (False with fewer than 3 regions: a gap, not a distribution), ``reported``
    (:func:`reported`), ``weights_note`` and ``sources`` (the regional rows used).
    """
    frame = regional_frame(election_id)
    known = int(frame["registered"].notna().sum())
    out = dispersion(frame["turnout_pct"], weights=frame["registered"] if weighted else None)
    note = None
    if weighted and not out["weighted"]:
        note = (
            f"registered voters are known for {known} of {len(frame)} regions, so the "
            "measures are unweighted"
        )
    out.update(
        election_id=election_id,
        weighted_requested=bool(weighted),
        registered_known=known,
        distribution=out["n"] >= 3,
        reported=reported(frame),
        weights_note=note,
        sources=sources.of(frame),
    )
    return out


def regional_outliers(frame: pd.DataFrame, cutoff: float = 3.5) -> pd.DataFrame:
    """The regions of ``frame`` (e.g. :func:`regional_frame`) whose :func:`robust_z` exceeds
    ``cutoff`` in absolute value, lowest z first: ``region_id``, ``name_en``, ``kind``,
    ``turnout_pct``, ``robust_z``. Every region enters the median and the MAD, so the frame
    carries the sources of all of ``frame``; ``attrs["cutoff"]`` holds the cut-off, and
    ``attrs["note"]`` the reason when no z can be computed (fewer than 3 regions, a MAD of 0).
    """
    params.in_range("cutoff", cutoff, 0, low_open=True)
    values = frame.set_index("region_id")["turnout_pct"]
    cols = ["region_id", "name_en", "kind", "turnout_pct", "robust_z"]
    note = None
    if values.notna().sum() < 3:
        flagged = pd.DataFrame(columns=["value", "robust_z"])
        note = f"only {int(values.notna().sum())} regions, too few for one to stand out"
    else:
        try:
            flagged = outliers(values, cutoff=cutoff)
        except ValueError as error:
            flagged, note = pd.DataFrame(columns=["value", "robust_z"]), str(error)
    out = (
        frame.set_index("region_id")
        .loc[list(flagged.index)]
        .assign(robust_z=flagged["robust_z"])
        .reset_index()[cols]
    )
    out = sources.attach(out, sources.of(frame))
    out.attrs |= {"cutoff": cutoff, "note": note}
    return out


def highlighted(frame: pd.DataFrame, region_ids: Sequence[str]) -> dict[str, Any]:
    """The chosen regions of ``frame`` (e.g. :func:`regional_frame`), each with its rank.

    Returns ``regions`` (a frame in the order of ``region_ids``: ``region_id``, ``name_en``,
    ``kind``, ``turnout_pct``, ``rank`` (1 = highest turnout; tied regions share the better
    rank) and ``n_regions``), ``highest`` and ``lowest`` (ids, None if none chosen), ``span``
    (highest minus lowest, points), ``first_minus_second`` (for exactly two regions, the
    first minus the second, :func:`gap`; else None) and ``sources`` (the rows chosen). An id
    not in ``frame`` raises :class:`~kazparl.errors.UnknownIdError`.
    """
    ids = params.choices("highlight", region_ids, frame["region_id"].tolist())
    ranks = _floats(frame["turnout_pct"]).rank(method="min", ascending=False)
    ranked = frame.assign(rank=ranks.astype("Int64"), n_regions=len(frame))
    chosen = ranked.set_index("region_id").loc[ids].reset_index()
    regions = chosen[["region_id", "name_en", "kind", "turnout_pct", "rank", "n_regions"]]
    used = _row_sources(chosen)
    values = _floats(chosen.set_index("region_id")["turnout_pct"])
    pair = gap(frame, ids[0], ids[1])["gap"] if len(ids) == 2 else None
    return {
        "regions": sources.attach(regions.copy(), used),
        "highest": values.idxmax() if len(ids) else None,
        "lowest": values.idxmin() if len(ids) else None,
        "span": float(values.max() - values.min()) if len(ids) else math.nan,
        "first_minus_second": pair,
        "sources": used,
    }


def forensics_scope(frame: pd.DataFrame) -> dict[str, Any]:
    """What a forensic comparison of turnout with the winner's share would have to work with.

    ``regional_results``: whether the ``results`` table has results by region (a
    ``region_id`` column); ``n_min``/``n_max``: the fewest and most regions per election in
    ``frame`` (e.g. :func:`panel`); ``sources``: those of ``frame``.
    """
    counts = frame.groupby("election_id", sort=False)["region_id"].nunique()
    return {
        "regional_results": "region_id" in data.load("results").columns,
        "n_min": int(counts.min()),
        "n_max": int(counts.max()),
        "n_elections": len(counts),
        "sources": sources.of(frame),
    }
