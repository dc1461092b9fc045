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

from kazparl import data, params

__all__ = [
    "MAD_SCALE",
    "available",
    "city_gap",
    "city_model",
    "dispersion",
    "gap",
    "national",
    "outliers",
    "panel",
    "rank_correlation",
    "regional_frame",
    "robust_z",
    "spearman",
]

#: 1 / Phi^-1(3/4): makes the MAD a consistent estimator of the SD for normal data.
MAD_SCALE = 1.4826

ArrayLike = Sequence[float] | np.ndarray | pd.Series


def _floats(values: ArrayLike) -> pd.Series:
    """A float64 Series (NaN for missing), keeping a Series' index."""
    if isinstance(values, pd.Series):
        return pd.to_numeric(values, errors="raise").astype("float64")
    return pd.Series(pd.array(list(values), dtype="Float64")).astype("float64")


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
    which regions are described.
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
    ``n_oblasts``, ``n_missing``, ``cities`` (their ids), ``weighted`` and a ``label``.
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
    }


def gap(frame: pd.DataFrame, a: str, b: str, *, value: str = "turnout_pct") -> dict[str, Any]:
    """Turnout of region ``a`` minus region ``b`` (percentage points), e.g. city vs oblast.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"region_id": ["almaty-city", "almaty-region"],
    ...                   "turnout_pct": [22.5, 90.0]})
    >>> gap(f, "almaty-region", "almaty-city")["gap"]
    67.5
    """
    _one_row_per_region(frame)
    present = list(frame["region_id"])
    params.choice("a", a, present)
    params.choice("b", b, present)
    vals = _floats(frame.set_index("region_id")[value])
    va, vb = float(vals[a]), float(vals[b])
    return {
        "label": f"{value}: {a} minus {b} (points)",
        "a": a,
        "b": b,
        "value_a": va,
        "value_b": vb,
        "gap": va - vb,
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

    An election without regional data raises :class:`~kazparl.params.ParameterError`
    listing those that have it.
    """
    params.choice("election_id", election_id, available())
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
    return frame[cols]


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
    preliminary) and ``as_of_a``/``as_of_b`` (reporting times of the figures used).
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
    merged = a[["unit", "region_id", "turnout_pct", "as_of", "status"]].merge(
        b[["unit", "region_id", "turnout_pct", "as_of", "status"]],
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
    return {
        **stats,
        "mode": mode,
        "election_a": election_a,
        "election_b": election_b,
        "regions": table.sort_values("unit", ignore_index=True),
        "dropped": pd.DataFrame(dropped, columns=["election_id", "region_id", "reason"]),
        "preliminary": bool((used_status != "final").any()),
        "as_of_a": sorted(set(merged["as_of_a"])),
        "as_of_b": sorted(set(merged["as_of_b"])),
    }


def national(election_id: str) -> dict[str, Any]:
    """National turnout from the preferred ``elections`` row (first round): value, status,
    source. ``turnout_pct`` is None where that row does not give it; no other row stands in."""
    from kazparl import data

    row = data.election(election_id)
    if row is None:
        return {"turnout_pct": None, "status": None, "source_id": None}
    value = row["turnout_pct"]
    return {
        "turnout_pct": None if pd.isna(value) else float(value),
        "status": str(row["status"]),
        "source_id": str(row["source_id"]),
    }


def panel(elections: list[str] | None = None) -> pd.DataFrame:
    """Regional turnout of several elections stacked (default: all with 3+ regions), with
    ``city`` (1 for cities of republican status) and the election's ``date``."""
    from kazparl import data

    chosen = elections or [e for e in available() if len(regional_frame(e)) >= 3]
    out = pd.concat([regional_frame(e) for e in chosen], ignore_index=True)
    dates = data.load("elections").groupby("election_id")["date"].min()
    out["date"] = out["election_id"].map(dates)
    out["city"] = (out["kind"] == "city").astype(int)
    out["turnout"] = out["turnout_pct"].astype(float)
    return out.sort_values(["date", "region_id"], ignore_index=True)


def city_model(frame: pd.DataFrame):
    """OLS of regional turnout on city status with election fixed effects, standard errors
    clustered by region: ``turnout ~ city + C(election_id)``.

    The city coefficient is the average within-election gap between cities of republican
    status and oblasts, in points; clustering allows each region's figures to be correlated
    across elections (Cameron and Miller 2015, "A Practitioner's Guide to Cluster-Robust
    Inference"). Returns the fitted statsmodels results.
    """
    import statsmodels.formula.api as smf

    groups = pd.factorize(frame["region_id"])[0]
    model = smf.ols("turnout ~ city + C(election_id)", data=frame)
    return model.fit(cov_type="cluster", cov_kwds={"groups": groups})
