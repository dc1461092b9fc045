"""Station-level election forensics: integer-percentage peaks, comets, regional spread.

The functions take the per-station tables of :func:`kazparl.stations.read` and return tidy
DataFrames. The integer-percentage test is the one of Kobak, Shpilkin & Pshenichnikov
(2016, *Annals of Applied Statistics* 10(1), 54–73), as their repository's notebook
``analysis/duma2021/duma2021.ipynb`` implements it:

1. Keep stations with ballots in the boxes, at least 100 registered voters, and turnout and
   the ruling party's result both at most 99%.
2. A station is *integer* in a measure when the measure, in percent, lies within half a bin
   (0.05 points for the 0.1-point bins) of a whole number: ``|x − round(x)| ≤ w / 2``,
   decided exactly in integers (:func:`near_integer`).
3. Observed: the stations integer in turnout, in the ruling party's result, or in either.
4. Expected: redraw each station's counts from the binomial distribution with the station's
   own size and observed rate (``issued ~ Bin(registered, issued / registered)``,
   ``ruling ~ Bin(ballots_cast, ruling / ballots_cast)``), count the integer stations, and
   repeat. The mean over replications is the expectation under smooth (binomial)
   variation; the excess is observed − expected.
5. The one-sided Monte Carlo p-value is ``(1 + #{replications ≥ observed}) / (1 + R)``; with
   R replications it cannot go below ``1 / (1 + R)``.

>>> import numpy as np, pandas as pd
>>> toy = pd.DataFrame({"registered": [1000, 1000], "issued": [500, 612],
...                     "ballots_cast": [500, 610], "ruling": [250, 300]})
>>> integer_stations(toy)["either"].tolist()
[True, False]
"""

from __future__ import annotations

import contextlib
import os
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kazparl import paths, stations, turnout
from kazparl.errors import ParameterError

#: The measures of the integer test and their (count, base) columns.
MEASURES = {"turnout": ("issued", "registered"), "ruling": ("ruling", "ballots_cast")}
MIN_REGISTERED = 100
MAX_SHARE = 0.99


def eligible(frame: pd.DataFrame) -> pd.Series:
    """The stations the integer test uses (step 1 of the module docstring), as a mask."""
    cast, registered = frame["ballots_cast"], frame["registered"]
    with np.errstate(divide="ignore", invalid="ignore"):
        keep = (cast > 0) & (registered >= MIN_REGISTERED)
        keep &= (frame["issued"] / registered <= MAX_SHARE) & (frame["ruling"] / cast <= MAX_SHARE)
    return keep.fillna(False)


def near_integer(count: np.ndarray, base: np.ndarray, bin_width: float = 0.1) -> np.ndarray:
    """Whether ``100 * count / base`` lies within ``bin_width / 2`` points of a whole number,
    decided exactly in integers: with ``r = 100 * count mod base`` and half-width ``a / b``,
    ``b * r <= a * base`` or ``b * r >= (b - a) * base``. (The authors' floating-point test,
    ``|x - round(x)| <= 0.05``, differs only on exact boundary cases, a few in a million.)

    >>> near_integer(np.array([500, 612, 1001]), np.array([1000, 1000, 2000])).tolist()
    [True, False, True]
    """
    from fractions import Fraction

    half = Fraction(bin_width / 2).limit_denominator(10_000)
    a, b = half.numerator, half.denominator
    count = np.asarray(count, dtype=np.int64)
    base = np.asarray(base, dtype=np.int64)
    r = (100 * count) % base
    return (b * r <= a * base) | (b * r >= (b - a) * base)


def integer_stations(frame: pd.DataFrame, *, bin_width: float = 0.1) -> pd.DataFrame:
    """For each station: is turnout, the ruling party's result, or either an integer percent?"""
    out = {}
    for name, (count, base) in MEASURES.items():
        out[name] = near_integer(frame[count].to_numpy(), frame[base].to_numpy(), bin_width)
    out["either"] = out["turnout"] | out["ruling"]
    return pd.DataFrame(out, index=frame.index)


def integer_test(
    frame: pd.DataFrame,
    *,
    replications: int = 200,
    seed: int = 42,
    bin_width: float = 0.1,
    chunk: int = 50,
) -> pd.DataFrame:
    """The integer-percentage test (module docstring): one row per measure.

    Columns: ``measure`` (turnout, ruling, either), ``stations`` (used), ``observed``,
    ``expected`` (Monte Carlo mean), ``excess``, ``sd`` (of the simulated counts), ``z`` =
    excess / sd, ``p_value`` (one-sided Monte Carlo), ``replications``. The draws use numpy's
    ``default_rng(seed)``, so a run is repeatable; the expectation moves by about
    ``sd / sqrt(replications)`` from one seed to another.
    """
    if replications < 1:
        raise ParameterError(f"replications = {replications}: must be at least 1")
    used = frame[eligible(frame)]
    observed = integer_stations(used, bin_width=bin_width)
    rng = np.random.default_rng(seed)
    sizes = {m: used[base].to_numpy(np.int64) for m, (_, base) in MEASURES.items()}
    rates = {m: used[c].to_numpy(float) / sizes[m] for m, (c, _) in MEASURES.items()}
    counts: dict[str, list[int]] = {"turnout": [], "ruling": [], "either": []}
    for start in range(0, replications, chunk):
        k = min(chunk, replications - start)
        hits = {}
        for m in MEASURES:
            draws = rng.binomial(sizes[m], rates[m], size=(k, len(used)))
            hits[m] = near_integer(draws, sizes[m], bin_width)
        hits["either"] = hits["turnout"] | hits["ruling"]
        for m, h in hits.items():
            counts[m].extend(h.sum(axis=1).tolist())
    rows = []
    for m in ("turnout", "ruling", "either"):
        sim = np.asarray(counts[m], dtype=float)
        obs = int(observed[m].sum())
        sd = float(sim.std())
        rows.append(
            {
                "measure": m,
                "stations": len(used),
                "observed": obs,
                "expected": float(sim.mean()),
                "excess": obs - float(sim.mean()),
                "sd": sd,
                "z": (obs - float(sim.mean())) / sd if sd > 0 else np.nan,
                "p_value": (1 + int((sim >= obs).sum())) / (1 + replications),
                "replications": replications,
            }
        )
    result = pd.DataFrame(rows)
    result.attrs["sources"] = frame.attrs.get("sources", ())
    return result


def jittered(frame: pd.DataFrame, *, seed: int = 42) -> pd.DataFrame:
    """Turnout and the ruling party's result with U(−0.5, 0.5) added to each count, for plots.

    A ratio of small integers piles up on simple fractions (1/2, 2/3) and makes spurious
    spikes in fine histograms; a uniform half-vote of noise on the numerator, as Kobak et al.
    add for their figures, removes them without moving any station by more than half a vote.
    Returns ``turnout_pct`` and ``ruling_pct`` for the stations with ballots cast and fewer
    ballots issued than registered voters (the stations their figures show).
    """
    keep = (frame["ballots_cast"] > 0) & (frame["issued"] < frame["registered"])
    used = frame[keep]
    rng = np.random.default_rng(seed)
    out = pd.DataFrame(index=used.index)
    for name, (count, base) in MEASURES.items():
        noise = rng.random(len(used)) - 0.5
        out[f"{name}_pct"] = 100 * (used[count] + noise) / used[base]
    out["electronic"] = used["electronic"]
    out.attrs["sources"] = frame.attrs.get("sources", ())
    return out


def by_region(frame: pd.DataFrame) -> pd.DataFrame:
    """Station sums by region, with turnout and the ruling party's share (commission bases).

    Columns: ``region``, ``stations``, ``registered``, ``issued``, ``ballots_cast``,
    ``ruling``, ``turnout_pct``, ``ruling_pct``; sorted by ``ruling_pct``, highest first.
    """
    sums = frame.groupby("region", sort=True).agg(
        stations=("registered", "size"),
        registered=("registered", "sum"),
        issued=("issued", "sum"),
        ballots_cast=("ballots_cast", "sum"),
        ruling=("ruling", "sum"),
    )
    sums["turnout_pct"] = 100 * sums["issued"] / sums["registered"]
    sums["ruling_pct"] = 100 * sums["ruling"] / sums["ballots_cast"]
    out = sums.reset_index().sort_values("ruling_pct", ascending=False, ignore_index=True)
    out.attrs["sources"] = frame.attrs.get("sources", ())
    return out


def totals(frame: pd.DataFrame) -> dict[str, Any]:
    """National sums of a station table and the two commission percentages."""
    sums = frame[["registered", "issued", "ballots_cast", "valid", "ruling"]].sum()
    return {
        "stations": len(frame),
        **{k: int(v) for k, v in sums.items()},
        "turnout_pct": 100 * sums["issued"] / sums["registered"],
        "ruling_pct": 100 * sums["ruling"] / sums["ballots_cast"],
    }


def electronic_split(frame: pd.DataFrame) -> pd.DataFrame:
    """The ruling party's share at electronic and at physical stations, in the regions that
    voted electronically (empty when the file has no electronic voting).

    Columns: ``region``, ``kind`` (electronic, physical), ``ballots_cast``, ``ruling``,
    ``ruling_pct``.
    """
    regions = frame.loc[frame["electronic"], "region"].unique()
    part = frame[frame["region"].isin(regions)].copy()
    part["kind"] = np.where(part["electronic"], "electronic", "physical")
    sums = part.groupby(["region", "kind"], sort=True)[["ballots_cast", "ruling"]].sum()
    sums["ruling_pct"] = 100 * sums["ruling"] / sums["ballots_cast"]
    out = sums.reset_index()
    out.attrs["sources"] = frame.attrs.get("sources", ())
    return out


@lru_cache(maxsize=16)
def _test_cached(election_id: str, replications: int, seed: int) -> pd.DataFrame:
    entry = next(e for e in stations.manifest() if e["election_id"] == election_id)
    code = paths.fingerprint([Path(__file__), Path(stations.__file__)])
    key = f"{entry['sha256'][:16]}-{code[:16]}-{replications}-{seed}"
    cached = paths.ROOT / "build" / "integer-tests" / f"{election_id}-{key}.pkl"
    try:
        result = pd.read_pickle(cached)
    except (OSError, ValueError, EOFError, pickle.UnpicklingError):
        result = integer_test(stations.read(election_id), replications=replications, seed=seed)
        with contextlib.suppress(OSError):
            cached.parent.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_name(f".{cached.name}.tmp{os.getpid()}")
            result.to_pickle(temporary)
            os.replace(temporary, cached)
    result.attrs["sources"] = (entry["source_id"], entry["reconcile"]["source_id"])
    return result


def election_test(election_id: str, *, replications: int = 200, seed: int = 42) -> pd.DataFrame:
    """:func:`integer_test` of a whole election's file, computed once per machine.

    The result is kept in the process and in ``build/integer-tests/`` (keyed by the file's
    checksum, the code of this module and of :mod:`kazparl.stations`, the replications and
    the seed), so the reports that show the same election share one computation; the draws
    are seeded, so a cached result is the one a new run would give.
    """
    return _test_cached(election_id, replications, seed).copy()


# --------------------------------------------------------------------------- across elections


#: A Kazakh election is comparable when its regional turnout covers at least the fourteen
#: oblasts (the paper's 2007 figures cover two regions only).
MIN_KZ_REGIONS = 14


def kazakhstan_pair(election_id: str) -> str:
    """The Majilis election nearest in time to ``election_id`` whose regional turnout in the
    data covers at least :data:`MIN_KZ_REGIONS` regions."""
    date = stations.election_date(election_id)
    majilis = [
        e
        for e in turnout.available()
        if e.startswith("majilis-")
        and turnout.regional_frame(e)["turnout_pct"].notna().sum() >= MIN_KZ_REGIONS
    ]
    return min(majilis, key=lambda e: abs((stations.election_date(e) - date).days))


def regional_series(frame: pd.DataFrame, election_id: str) -> pd.DataFrame:
    """Regional figures to set side by side: the station file's regional turnout and ruling
    party's share, and Kazakhstan's regional turnout at the nearest Majilis election.

    Tidy: ``series``, ``region``, ``value`` (percent), ``status`` (``protocols`` for the
    station sums, else the Kazakh figures' status); ``attrs["sources"]`` holds every source.
    """
    from kazparl import tables

    regions = by_region(frame)
    name = tables.election_name(election_id)
    pair = kazakhstan_pair(election_id)
    kz = turnout.regional_frame(pair)
    parts = [
        pd.DataFrame({"series": f"{name}: turnout", "region": regions["region"],
                      "value": regions["turnout_pct"]}),
        pd.DataFrame({"series": f"{name}: United Russia's share", "region": regions["region"],
                      "value": regions["ruling_pct"]}),
        pd.DataFrame({"series": f"{tables.election_name(pair)}: turnout",
                      "region": kz["name_en"], "value": kz["turnout_pct"].astype(float),
                      "status": kz["status"].astype(str)}),
    ]  # fmt: skip
    out = pd.concat(parts, ignore_index=True)
    out["status"] = out["status"].fillna("protocols")
    out.attrs["sources"] = (*frame.attrs.get("sources", ()), *kz.attrs.get("sources", ()))
    return out


def spread_table(series: pd.DataFrame) -> pd.DataFrame:
    """:func:`kazparl.turnout.dispersion` of each series of :func:`regional_series`:
    ``series``, ``status``, ``regions``, ``min``, ``max``, ``range``, ``iqr``, ``sd``
    (population: the regions are all there are)."""
    rows = []
    for name, part in series.groupby("series", sort=False):
        d = turnout.dispersion(part["value"])
        status = ", ".join(sorted(set(part["status"])))
        rows.append({"series": name, "status": status, "regions": d["n"], "min": d["min"],
                     "max": d["max"], "range": d["range"], "iqr": d["iqr"],
                     "sd": d["sd_population"]})  # fmt: skip
    out = pd.DataFrame(rows)
    out.attrs["sources"] = series.attrs.get("sources", ())
    return out


def over_time(*, replications: int = 200, seed: int = 42) -> pd.DataFrame:
    """One row per Duma election with a station file: what changed from 2007 to 2021.

    Columns: ``election_id``, ``stations``, ``turnout_pct``, ``ruling_pct`` (both from the
    files), ``excess`` and ``z`` (integer stations, either measure, :func:`integer_test`),
    ``region_sd`` (population SD of the regional ruling share), ``electronic_pct`` (share of
    the ballots cast that were electronic).
    """
    rows = []
    sources: list[str] = []
    for election_id in stations.elections():
        frame = stations.read(election_id)
        sources += frame.attrs["sources"]
        sums = totals(frame)
        test = election_test(election_id, replications=replications, seed=seed)
        either = test.set_index("measure").loc["either"]
        rows.append({
            "election_id": election_id,
            "stations": sums["stations"],
            "turnout_pct": sums["turnout_pct"],
            "ruling_pct": sums["ruling_pct"],
            "excess": either["excess"],
            "z": either["z"],
            "region_sd": turnout.dispersion(by_region(frame)["ruling_pct"])["sd_population"],
            "electronic_pct": 100 * frame.loc[frame["electronic"], "ballots_cast"].sum()
            / sums["ballots_cast"],
        })  # fmt: skip
    out = pd.DataFrame(rows)
    out.attrs["sources"] = tuple(dict.fromkeys(sources))
    return out


def region_test(
    election_id: str, region: str = "all", *, replications: int = 200, seed: int = 42
) -> pd.DataFrame:
    """:func:`integer_test` of one region's stations, or of the whole file for ``"all"``
    (then cached with :func:`election_test`, which :func:`over_time` reuses)."""
    if region == "all":
        return election_test(election_id, replications=replications, seed=seed)
    frame = stations.read(election_id, region=region)
    return integer_test(frame, replications=replications, seed=seed)
