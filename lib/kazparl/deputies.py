"""Who sits in parliament: chamber size, women's share and age from banded counts.

Pure functions over small DataFrames, plus two helpers that read the data package
(:func:`available`, :func:`chamber_profile`). The age functions take the banded counts of
the ``age_bands`` table (``band_min``, ``band_max``, ``count``), because that is what the
sources publish: the 2008 paper gives the 2007 Majilis as "under 40: 4; 40-49: 36;
50-59: 44; 60 and over: 23", not individual ages.

Conventions (stated once, used everywhere here):

- **Band edges are inclusive integer ages** (completed years). A band 40-49 holds the members
  aged 40, 41, ..., 49. An empty ``band_min`` is an open lower band ("under 40" is stored as
  ``band_max = 39``); an empty ``band_max`` is an open upper band ("60 and over").
- **For interpolation, ages are continuous** with the real class limits
  ``[band_min, band_max + 1)``: a member "aged 49" is somewhere in [49, 50). So 40-49 has
  lower limit 40 and width 10.
- **IPU brackets.** IPU Parline's aggregates are "% 30 or under", "% 40 or under",
  "% 45 or under", while its reports word the same cut-offs "under 30/40/45". The two differ
  by the members exactly aged 30, 40 or 45. Here "X or under" means ``age <= X`` and "under X"
  means ``age <= X - 1``; :func:`share_at_or_under` answers only where the bands allow.

>>> import pandas as pd
>>> bands = pd.DataFrame({"band_min": [None, 40, 50, 60], "band_max": [39, 49, 59, None],
...                       "count": [4, 36, 44, 23]})
>>> round(grouped_quantile(bands, 0.5), 2)
53.07
>>> share_at_or_under(bands, 39)["count"]
4
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from kazparl import data, params, sources
from kazparl.prose import ordinal

__all__ = [
    "IPU_CUTOFFS",
    "age_brackets",
    "age_statistics",
    "available",
    "band_labels",
    "band_table",
    "band_total_check",
    "chamber_name",
    "chamber_profile",
    "chambers",
    "grouped_quantile",
    "grouped_quantile_terms",
    "list_quotas",
    "share_at_or_under",
    "women_by_convocation",
    "women_share",
    "world_at",
    "world_benchmarks",
    "world_series",
]

#: The cut-offs of IPU Parline's age-bracket aggregates ("% 30 / 40 / 45 or under").
IPU_CUTOFFS = (30, 40, 45)

_BAND_COLUMNS = ("band_min", "band_max", "count")


# --------------------------------------------------------------------------- bands


def _bands(bands: pd.DataFrame) -> pd.DataFrame:
    """Validated bands sorted by age: columns lo, hi (inclusive, NaN = open), count."""
    missing = [c for c in _BAND_COLUMNS if c not in bands.columns]
    if missing:
        raise ValueError(f"bands lack the column(s) {', '.join(missing)}; need {_BAND_COLUMNS}")
    if bands.empty:
        raise ValueError("no bands given")
    lo = pd.to_numeric(bands["band_min"], errors="raise").astype("float64")
    hi = pd.to_numeric(bands["band_max"], errors="raise").astype("float64")
    count = pd.to_numeric(bands["count"], errors="raise").astype("float64")
    if count.isna().any():
        raise ValueError("a band has no count; banded statistics need every count")
    if (count < 0).any():
        raise ValueError("a band has a negative count")
    if (lo.isna() & hi.isna()).any():
        raise ValueError("a band is open at both ends (band_min and band_max both empty)")
    if (lo > hi).any():
        raise ValueError("a band has band_min > band_max")
    out = pd.DataFrame({"lo": lo.to_numpy(), "hi": hi.to_numpy(), "count": count.to_numpy()})
    # order by the age the band starts at (an open lower band first)
    start = out["lo"].fillna(-math.inf)
    out = out.assign(_start=start).sort_values("_start", kind="stable").drop(columns="_start")
    out = out.reset_index(drop=True)
    last = len(out) - 1
    for i in range(len(out)):
        if pd.isna(out.at[i, "lo"]) and i != 0:
            raise ValueError("only the youngest band may be open below (empty band_min)")
        if pd.isna(out.at[i, "hi"]) and i != last:
            raise ValueError("only the oldest band may be open above (empty band_max)")
    for i in range(last):
        end, nxt = out.at[i, "hi"] + 1, out.at[i + 1, "lo"]
        if nxt != end:
            what = "overlap" if nxt < end else "leave a gap"
            raise ValueError(
                f"bands {_label(out, i)} and {_label(out, i + 1)} {what}: bands must be "
                "contiguous (add a zero-count band for an age range nobody is in)"
            )
    return out


def _label(b: pd.DataFrame, i: int) -> str:
    lo, hi = b.at[i, "lo"], b.at[i, "hi"]
    if pd.isna(lo):
        return f"under {int(hi) + 1}"
    if pd.isna(hi):
        return f"{int(lo)} and over"
    return f"{int(lo)}-{int(hi)}"


def grouped_quantile(
    bands: pd.DataFrame, q: float = 0.5, *, open_width: float | None = None
) -> float:
    """The ``q``-quantile of ages given only banded counts, interpolated within its band.

    The textbook formula for grouped data (the grouped median for ``q = 0.5``; e.g.
    Spiegel & Stephens, *Schaum's Outline of Statistics*, "median of grouped data" and
    quartiles/percentiles of grouped data)::

        Q = L + (q * N - F) / f * w

    with ``N`` the total count, ``L`` the lower real class limit of the band holding the
    ``q * N``-th member, ``F`` the count of all younger bands, ``f`` the band's count and ``w``
    its width. It assumes members are spread evenly within that band. Python's
    ``statistics.median_grouped`` implements the same formula for ``q = 0.5``.

    Convention: ages are whole years treated as continuous, so the inclusive band
    ``band_min``-``band_max`` has real limits ``[band_min, band_max + 1)`` and width
    ``band_max - band_min + 1`` (40-49 -> L = 40, w = 10).

    Open bands (empty ``band_min`` or ``band_max``) have no width. If the quantile falls in a
    closed band, open bands elsewhere only add to ``N`` and ``F``, and that is fine. If it falls
    in an open band, this raises ``ValueError`` unless ``open_width`` is given; then the open
    band is *assumed* to be ``open_width`` years wide (e.g. 60+ read as 60-69 with
    ``open_width=10``) and the result rests on that assumption: say so where you report it.

    Bands must be contiguous and non-overlapping, with no missing counts (``ValueError``).

    >>> import pandas as pd
    >>> b = pd.DataFrame({"band_min": [20, 30], "band_max": [29, 39], "count": [1, 3]})
    >>> grouped_quantile(b)  # N/2 = 2 -> 30 + (2 - 1) / 3 * 10
    33.333333333333336
    """
    return grouped_quantile_terms(bands, q, open_width=open_width)["value"]


def grouped_quantile_terms(
    bands: pd.DataFrame, q: float = 0.5, *, open_width: float | None = None
) -> dict[str, Any]:
    """The terms of :func:`grouped_quantile`'s formula ``Q = L + (q N - F) / f * w``.

    Returns ``value`` (Q), ``lower`` (L), ``target`` (q N), ``below`` (F), ``count`` (f),
    ``width`` (w), ``total`` (N) and ``band`` (the label of the band holding the quantile),
    so a report can show the arithmetic. Raises as :func:`grouped_quantile`.

    >>> import pandas as pd
    >>> b = pd.DataFrame({"band_min": [20, 30], "band_max": [29, 39], "count": [1, 3]})
    >>> t = grouped_quantile_terms(b)
    >>> t["lower"], t["target"], t["below"], t["count"], t["width"], t["band"]
    (30.0, 2.0, 1.0, 3.0, 10.0, '30-39')
    """
    params.in_range("q", q, 0, 1)
    if open_width is not None:
        params.in_range("open_width", open_width, 0, low_open=True)
    b = _bands(bands)
    n = float(b["count"].sum())
    if n <= 0:
        raise ValueError("the bands hold no members (total count 0)")
    target = q * n
    below = 0.0
    for i in range(len(b)):
        f = float(b.at[i, "count"])
        if f > 0 and below + f >= target:
            break
        below += f
    else:  # pragma: no cover - unreachable: the last non-empty band always qualifies
        raise AssertionError("no band holds the quantile")
    lo, hi = b.at[i, "lo"], b.at[i, "hi"]
    terms = {"total": n, "target": target, "below": below, "count": f, "band": _label(b, i)}
    if pd.isna(lo) and pd.notna(hi) and math.isclose(target, below + f, rel_tol=1e-12):
        # exactly at the open band's closed upper edge: no width needed
        return {**terms, "value": float(hi + 1), "lower": math.nan, "width": math.nan}
    if pd.isna(lo) or pd.isna(hi):
        if open_width is None:
            raise ValueError(
                f"the {q:g}-quantile falls in the open band '{_label(b, i)}', which has no "
                "width; pass open_width=<years> to assume one (and report the assumption)"
            )
        if pd.isna(lo):
            upper = hi + 1
            lower = upper - open_width
        else:
            lower = lo
        width = float(open_width)
    else:
        lower, width = lo, hi + 1 - lo
    value = float(lower + (target - below) / f * width)
    return {**terms, "value": value, "lower": float(lower), "width": float(width)}


def share_at_or_under(bands: pd.DataFrame, age: int) -> dict[str, Any]:
    """Members aged ``age`` or under (``age`` included), when the bands can say so exactly.

    Band edges are inclusive integer ages, so the share of members aged ``<= age`` is known
    exactly only when ``age`` is the ``band_max`` of some band: then every band is wholly at
    or under ``age`` or wholly above it. Otherwise the result has ``share = None`` and a
    ``reason``; nothing is interpolated.

    Mind IPU's wording: its aggregates are "% 40 or under" (``age=40``) while its reports say
    "under 40" (``age=39``). The 2007 Majilis band "under 40" answers ``age=39`` only.

    Returns a dict: ``age``, ``count`` (members aged <= age, or None), ``total`` (sum of
    all bands), ``share`` (0-1, or None), ``pct`` (percent, or None), ``reason`` (None when
    computed).
    """
    b = _bands(bands)
    total = int(b["count"].sum())
    out: dict[str, Any] = {
        "age": age,
        "count": None,
        "total": total,
        "share": None,
        "pct": None,
        "reason": None,
    }
    closed_max = b["hi"].dropna()
    if not (closed_max == age).any():
        holder = [
            _label(b, i)
            for i in range(len(b))
            if (pd.isna(b.at[i, "lo"]) or b.at[i, "lo"] <= age)
            and (pd.isna(b.at[i, "hi"]) or age <= b.at[i, "hi"])
        ]
        where = f"falls inside the band '{holder[0]}'" if holder else "is outside every band"
        edges = ", ".join(str(int(x)) for x in closed_max)
        out["reason"] = (
            f"age {age} {where}; the share aged {age} or under is exact only at a band's "
            f"upper edge ({edges})"
        )
        return out
    if total == 0:
        out["reason"] = "the bands hold no members"
        return out
    count = int(b.loc[b["hi"] <= age, "count"].sum())
    out.update(count=count, share=count / total, pct=100 * count / total)
    return out


def age_brackets(bands: pd.DataFrame, cutoffs: tuple[int, ...] = IPU_CUTOFFS) -> pd.DataFrame:
    """IPU-style age brackets, both wordings: "under X" (age <= X-1) and "X or under" (age <= X).

    One row per bracket with the :func:`share_at_or_under` fields; brackets the bands cannot
    answer exactly keep ``share`` empty and give the ``reason``.
    """
    rows = []
    for cut in cutoffs:
        for label, age in ((f"under {cut}", cut - 1), (f"{cut} or under", cut)):
            rows.append({"bracket": label, **share_at_or_under(bands, age)})
    out = pd.DataFrame(rows)
    out["count"] = out["count"].astype("Int64")
    out["share"] = out["share"].astype("Float64")
    out["pct"] = out["pct"].astype("Float64")
    out["reason"] = out["reason"].astype("string")
    return out


def band_total_check(bands: pd.DataFrame, members: int | None) -> dict[str, Any]:
    """Do the bands add up to the chamber? ``band_total``, ``members``, ``difference``, ``ok``.

    ``difference = band_total - members``; ``ok`` is None when ``members`` is unknown.
    """
    total = int(pd.to_numeric(bands["count"]).sum())
    if members is None or pd.isna(members):
        return {"band_total": total, "members": None, "difference": None, "ok": None}
    members = int(members)
    return {
        "band_total": total,
        "members": members,
        "difference": total - members,
        "ok": total == members,
    }


def women_share(women: int | None, members: int | None) -> float:
    """Women as a percentage of members; NaN when either count is unknown.

    A chamber's membership is a census, not a sample: 17 women of 107 deputies *is* 15.9 %,
    with no sampling error, so no confidence interval belongs here. (Comparisons across
    chambers or years are still descriptive; the "uncertainty" is about dates and sources,
    e.g. seats filled at the time of counting, which the data's ``source_id`` records.)

    >>> round(women_share(17, 107), 2)
    15.89
    """
    if women is None or members is None or pd.isna(women) or pd.isna(members):
        return math.nan
    if members <= 0:
        raise ValueError(f"members = {members}: a chamber needs at least one member")
    if not 0 <= women <= members:
        raise ValueError(f"women = {women} is not between 0 and members = {members}")
    return 100 * women / members


# --------------------------------------------------------------------------- the data package


def _composition() -> pd.DataFrame:
    comp = data.load("composition")
    comp = comp[comp["preferred"].fillna(False)].copy()
    comp["chamber"] = comp["chamber"].astype("string")
    return comp.sort_values(["chamber", "elected_year", "convocation"], ignore_index=True)


def available(chamber: str | None = None) -> pd.DataFrame:
    """Chambers and convocations in the package (preferred composition rows).

    One row per (chamber, convocation): ``elected_year``, ``members``, ``women``,
    ``has_age_bands``, ``source_id``. An unknown ``chamber`` raises
    :class:`~kazparl.errors.UnknownIdError` listing the chambers.
    """
    comp = _composition()
    if chamber is not None:
        params.known("chamber", chamber, list(dict.fromkeys(comp["chamber"])))
        comp = comp[comp["chamber"] == chamber]
    bands = data.load("age_bands")
    banded = set(zip(bands["chamber"].astype("string"), bands["convocation"], strict=True))
    out = comp[["chamber", "convocation", "elected_year", "members", "women", "source_id"]].copy()
    out.insert(
        5,
        "has_age_bands",
        [(c, v) in banded for c, v in zip(out["chamber"], out["convocation"], strict=True)],
    )
    return sources.attach(out.reset_index(drop=True))


_CHAMBERS = {"majilis": "Majilis", "senate": "Senate", "supreme-kenges": "Supreme Kenges"}


def chamber_name(chamber: str, convocation: int | None = None, year: int | None = None) -> str:
    """``"the Majilis of the 4th convocation (2007)"``, or ``"the Senate"`` without a convocation.

    The Supreme Kenges counts convocations from the Soviet Supreme Soviets (the 13th, 1994).

    >>> chamber_name("majilis", 4, 2007)
    'the Majilis of the 4th convocation (2007)'
    """
    name = f"the {_CHAMBERS.get(chamber, chamber)}"
    if convocation is None:
        return name
    when = f" ({year})" if year is not None else ""
    return f"{name} of the {ordinal(int(convocation))} convocation{when}"


def chamber_profile(chamber: str, convocation: int) -> dict[str, Any]:
    """Everything the package says about one chamber in one convocation, computed.

    From the preferred ``composition`` row: ``members``, ``elected``, ``appointed``,
    ``assembly_of_people``, ``women``, ``women_pct`` (:func:`women_share`), the *reported*
    ``age_median``/``age_mean`` (as the source states them), ``status`` and ``source_id``.
    From ``age_bands`` (None where there are none): ``bands`` (the rows),
    ``band_check`` (:func:`band_total_check`), ``age_median_grouped``
    (:func:`grouped_quantile`, None with ``age_median_grouped_reason`` when it cannot be
    computed) and ``age_brackets`` (:func:`age_brackets`).

    The reported median and the grouped median can differ: the first comes from individual
    ages (presumably), the second assumes ages spread evenly within a band.

    Unknown chamber or convocation: :class:`~kazparl.errors.UnknownIdError` with the choices.
    """
    comp = _composition()
    params.known("chamber", chamber, list(dict.fromkeys(comp["chamber"])))
    rows = comp[comp["chamber"] == chamber]
    params.known(f"convocation (of {chamber})", convocation, [int(c) for c in rows["convocation"]])
    row = rows[rows["convocation"] == convocation].iloc[0]

    def value(col: str) -> Any:
        v = row[col]
        return None if pd.isna(v) else (v.item() if hasattr(v, "item") else v)

    profile: dict[str, Any] = {
        "chamber": chamber,
        "convocation": int(convocation),
        "elected_year": value("elected_year"),
        "members": value("members"),
        "elected": value("elected"),
        "appointed": value("appointed"),
        "assembly_of_people": value("assembly_of_people"),
        "women": value("women"),
        "women_pct": women_share(value("women"), value("members")),
        "age_median": value("age_median"),
        "age_mean": value("age_mean"),
        "status": str(row["status"]),
        "source_id": str(row["source_id"]),
        "sources": (str(row["source_id"]),),
        "name": chamber_name(chamber, convocation, value("elected_year")),
        "bands": None,
        "band_check": None,
        "age_median_grouped": None,
        "age_median_grouped_reason": None,
        "age_brackets": None,
    }
    all_bands = data.load("age_bands")
    bands = all_bands[
        (all_bands["chamber"].astype("string") == chamber)
        & (all_bands["convocation"] == convocation)
    ].reset_index(drop=True)
    if bands.empty:
        profile["age_median_grouped_reason"] = "no age bands in the package"
        return profile
    cited = sorted(bands["source_id"].unique())
    if len(cited) > 1:
        raise ValueError(
            f"age bands of {chamber} {convocation} come from several sources "
            f"({', '.join(cited)}); pick one before combining"
        )
    profile["bands"] = bands
    profile["sources"] = sources.of(profile["sources"], bands)
    profile["band_check"] = band_total_check(bands, value("members"))
    try:
        profile["age_median_grouped"] = grouped_quantile(bands, 0.5)
    except ValueError as exc:
        profile["age_median_grouped_reason"] = str(exc)
    profile["age_brackets"] = sources.attach(age_brackets(bands), bands)
    return profile


def band_table(profile: dict[str, Any]) -> pd.DataFrame | None:
    """The age bands of a :func:`chamber_profile` for a figure or a table: ``band`` (its
    label), ``band_min``, ``band_max``, ``count``, ``source_id``; None without bands."""
    bands = profile["bands"]
    if bands is None:
        return None
    out = bands[["band_min", "band_max", "count", "source_id"]].copy()
    out.insert(0, "band", band_labels(bands))
    out.attrs["title"] = f"{profile['name'][0].upper()}{profile['name'][1:]}: members by age"
    return sources.attach(out)


def women_by_convocation() -> pd.DataFrame:
    """Women in each chamber and convocation (preferred composition rows where the count is
    known): chamber, convocation, elected_year, women, members, women_pct, source_id.

    Where the preferred row gives women but not members, the chamber's size from another
    composition row of the same convocation is *not* borrowed: the share stays missing.
    """
    comp = _composition()
    rows = comp[comp["women"].notna()].copy()
    rows["women_pct"] = [
        women_share(w, m) for w, m in zip(rows["women"], rows["members"], strict=True)
    ]
    cols = ["chamber", "convocation", "elected_year", "women", "members", "women_pct", "source_id"]
    return sources.attach(rows[cols].sort_values(["chamber", "convocation"], ignore_index=True))


def world_benchmarks(indicator: str, bracket: str | None = None) -> pd.DataFrame:
    """IPU world figures (preferred rows of the ``benchmarks`` table) with a ``year`` column.

    ``indicator``: "women_pct" or "mps_age_share" (then ``bracket``, e.g. "under 40").
    """
    rows = data.load("benchmarks")
    rows = rows[rows["preferred"].fillna(False) & (rows["scope"] == "world")]
    params.known("indicator", indicator, ["women_pct", "mps_age_share"])
    rows = rows[rows["indicator"] == indicator]
    if bracket is not None:
        rows = rows[rows["bracket"] == bracket]
    rows = rows.assign(year=pd.to_numeric(rows["as_of"].str[:4]).astype("Int64"))
    cols = ["indicator", "chamber", "bracket", "value", "as_of", "year", "source_id"]
    return sources.attach(rows[cols].sort_values(["year", "chamber", "as_of"], ignore_index=True))


def world_series(indicator: str = "women_pct", bracket: str | None = None) -> pd.DataFrame:
    """One world figure per year, both chambers combined (IPU's ``all``): the latest figure of
    each year where a year has several. Columns as :func:`world_benchmarks`."""
    rows = world_benchmarks(indicator, bracket)
    rows = rows[rows["chamber"] == "all"].drop_duplicates("year", keep="last")
    return sources.attach(rows.reset_index(drop=True))


def world_at(world: pd.DataFrame, year: int) -> pd.Series | None:
    """The row of a world series (``year``, ``value``) to set beside a chamber of ``year``:
    that year's figure, else the nearest one (the earlier on a tie); None if the series is
    empty. Say which year was used: IPU figures exist only for some years."""
    if world.empty:
        return None
    distance = (world["year"].astype(int) - int(year)).abs()
    order = pd.DataFrame({"d": distance, "y": world["year"].astype(int)}).sort_values(["d", "y"])
    return world.loc[order.index[0]]


def chambers() -> pd.DataFrame:
    """The chambers of the legislature (``chambers`` table) with ``convocations``: how many
    convocations of each the ``composition`` table holds."""
    rows = data.load("chambers")
    held = _composition().groupby("chamber")["convocation"].nunique()
    rows["convocations"] = rows["chamber"].astype("string").map(held).fillna(0).astype("Int64")
    return sources.attach(rows)


def list_quotas(chamber: str = "majilis") -> pd.DataFrame:
    """The list quotas of a chamber (``quotas`` table), oldest first; undated rows last."""
    rows = data.load("quotas")
    rows = rows[rows["chamber"].astype("string") == chamber]
    return sources.attach(rows.sort_values("amended", na_position="last", ignore_index=True))


def band_labels(bands: pd.DataFrame) -> list[str]:
    """Readable labels of age bands in order: "under 40", "40-49", "60+"."""
    b = _bands(bands)
    return [_label(b, i) for i in range(len(b))]


def age_statistics() -> pd.DataFrame:
    """Chambers and convocations with a reported median or mean age (preferred rows)."""
    comp = _composition()
    rows = comp[comp["age_median"].notna() | comp["age_mean"].notna()]
    cols = [
        "chamber",
        "convocation",
        "elected_year",
        "members",
        "age_median",
        "age_mean",
        "source_id",
    ]
    return sources.attach(rows[cols].reset_index(drop=True))
