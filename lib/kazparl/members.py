"""Deputies one by one: ages at the election day, brackets, women by party, who returned.

The ``people`` and ``mandates`` tables (made by :mod:`kazparl.rosters`) list deputies person
by person where a roster exists. This module answers, from them, what
:mod:`kazparl.deputies` answers from banded counts, and says each time how many deputies the
answer rests on.

Conventions:

- **Age is counted at the election day** (the IPU's convention): completed years on the
  polling day of the convocation's election (``elections`` table, first round).
- **A birth date known only to the year (or month) gives two possible ages**: a deputy born
  in 1956 is 55 or 56 on 15 January 2012. :func:`age_on` returns both; counts that the
  unknown day could change are given as a range (:func:`bracket_counts`), never guessed.
- **Missing ages are not filled.** :func:`median_bounds` states how far the deputies without
  a birth date could move the median of the whole chamber.

>>> import pandas as pd
>>> age_on(pd.Timestamp("1956-11-10"), "day", pd.Timestamp("2012-01-15"))
(55, 55)
"""

from __future__ import annotations

import itertools
import math
import statistics
from typing import Any

import pandas as pd

from kazparl import data, params, sources
from kazparl.deputies import IPU_CUTOFFS, chamber_name
from kazparl.prose import ordinal

__all__ = [
    "AGE_BANDS",
    "ROSTER_COLUMNS",
    "age_on",
    "age_table",
    "ages",
    "band_counts",
    "bands_beside",
    "bracket_counts",
    "coverage",
    "coverage_markdown",
    "election_day",
    "median_bounds",
    "medians",
    "returned",
    "roster",
    "rostered",
    "turnover",
    "turnovers",
    "women_by",
]

#: The columns of :func:`roster`.
ROSTER_COLUMNS = [
    "person_id", "name", "gender", "birth_date", "birth_precision", "seat_type", "party_id",
    "group", "district", "region_id", "age_youngest", "age_oldest", "age", "source_id",
    "details_source_id", "gender_source_id", "note",
]  # fmt: skip

#: The paper's four age bands of the 2007 Majilis (inclusive edges; None = open).
AGE_BANDS = ((None, 39), (40, 49), (50, 59), (60, None))

# --------------------------------------------------------------------------- one deputy


def age_on(birth: Any, precision: str | None, day: Any) -> tuple[int | None, int | None]:
    """Completed years of age on ``day`` (the IPU counts age at the election date), as the
    bounds the birth date's precision allows: ``(youngest, oldest)`` possible age.

    ``precision`` is ``"day"``, ``"month"`` or ``"year"`` (the birth date's, as sourced):
    born on 10 November 1956, a deputy is 55 on 15 January 2012 (birthday passed); born in
    1956 (year only), 55 or 56 depending on the unknown day. ``(None, None)`` when the birth
    date is unknown.

    >>> import pandas as pd
    >>> age_on(pd.Timestamp("1956-11-10"), "day", pd.Timestamp("2012-01-15"))
    (55, 55)
    >>> age_on(pd.Timestamp("1956-01-15"), "day", pd.Timestamp("2012-01-15"))  # the birthday
    (56, 56)
    >>> age_on(pd.Timestamp("1956-01-16"), "day", pd.Timestamp("2012-01-15"))  # the day after
    (55, 55)
    >>> age_on(pd.Timestamp("1956-01-01"), "year", pd.Timestamp("2012-01-15"))
    (55, 56)
    >>> age_on(pd.Timestamp("1956-01-01"), "month", pd.Timestamp("2012-01-15"))  # January 1956
    (55, 56)
    """
    if birth is None or pd.isna(birth) or day is None or pd.isna(day):
        return None, None
    birth, day = pd.Timestamp(birth), pd.Timestamp(day)

    def exact(b: pd.Timestamp) -> int:
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    if precision == "day":
        return exact(birth), exact(birth)
    if precision == "month":
        last = (birth + pd.offsets.MonthEnd(0)).normalize()
        return exact(last), exact(birth.replace(day=1))
    if precision == "year":
        return exact(pd.Timestamp(birth.year, 12, 31)), exact(pd.Timestamp(birth.year, 1, 1))
    params.known("precision", precision, ["day", "month", "year"])
    raise AssertionError("unreachable")  # pragma: no cover


def bracket_counts(
    youngest: pd.Series, oldest: pd.Series, cutoffs: tuple[int, ...] = IPU_CUTOFFS
) -> pd.DataFrame:
    """Members in the IPU's age brackets, counted exactly from individual ages.

    For each cut-off, both wordings: "under X" (age <= X-1) and "X or under" (age <= X). A
    member whose possible ages (``youngest`` to ``oldest``, from :func:`age_on`) straddle the
    edge cannot be counted either way: ``uncertain`` says how many, and ``low``/``high`` bound
    the count; members with no age are ``unknown``. Columns: bracket, age, low, high,
    uncertain, unknown, known (members with an age).

    >>> import pandas as pd
    >>> y, o = pd.Series([29, 39, 40, None]), pd.Series([29, 40, 40, None])
    >>> counts = bracket_counts(y, o, (40,))
    >>> counts[["bracket", "low", "high", "uncertain", "unknown"]].values.tolist()
    [['under 40', 1, 2, 1, 1], ['40 or under', 3, 3, 0, 1]]
    """
    rows = []
    known = youngest.notna() & oldest.notna()
    y, o = youngest[known].astype(int), oldest[known].astype(int)
    for cut in cutoffs:
        for label, age in ((f"under {cut}", cut - 1), (f"{cut} or under", cut)):
            surely = int((o <= age).sum())
            maybe = int(((y <= age) & (o > age)).sum())
            rows.append(
                {
                    "bracket": label,
                    "age": age,
                    "low": surely,
                    "high": surely + maybe,
                    "uncertain": maybe,
                    "unknown": int((~known).sum()),
                    "known": int(known.sum()),
                }
            )
    return pd.DataFrame(rows)


def median_bounds(youngest: pd.Series, oldest: pd.Series, members: int) -> dict[str, Any]:
    """The median age of a chamber of ``members`` deputies, from the ages known, with bounds.

    ``median`` uses the known ages (the midpoint of each member's possible ages where the
    birth date is only a year or a month). ``low`` and ``high`` bound what the median of the
    whole chamber could be: every member without an age counted as younger than everyone
    (``low``), or older (``high``), each known member at the end of his range that lowers
    (raises) it. ``known`` members have an age, ``missing`` = members - known.

    >>> import pandas as pd
    >>> r = median_bounds(pd.Series([40, 50, 60]), pd.Series([40, 50, 60]), 5)
    >>> r["median"], r["low"], r["high"], r["missing"]
    (50.0, 40.0, 60.0, 2)
    """
    known = youngest.notna() & oldest.notna()
    y, o = youngest[known].astype(float), oldest[known].astype(float)
    missing = max(int(members) - int(known.sum()), 0)
    out = {"known": int(known.sum()), "members": int(members), "missing": missing}
    if not known.any():
        return {**out, "median": None, "low": None, "high": None}
    middle = ((y + o) / 2).tolist()
    low = statistics.median([-math.inf] * missing + y.tolist())
    high = statistics.median([math.inf] * missing + o.tolist())
    return {
        **out,
        "median": float(statistics.median(middle)),
        "low": None if math.isinf(low) else float(low),
        "high": None if math.isinf(high) else float(high),
    }


# --------------------------------------------------------------------------- the rosters


def rostered(chamber: str | None = None) -> list[tuple[str, int]]:
    """(chamber, convocation) pairs that have deputies in the ``mandates`` table, in order."""
    mandates = data.load("mandates")
    pairs = sorted(
        {
            (str(c), int(v))
            for c, v in zip(mandates["chamber"], mandates["convocation"], strict=True)
        }
    )
    return [p for p in pairs if chamber is None or p[0] == chamber]


def _composition_value(chamber: str, convocation: int, column: str) -> int | None:
    """An integer column of the preferred ``composition`` row (None: no row, or empty)."""
    comp = data.load("composition")
    rows = comp[
        (comp["chamber"].astype("string") == chamber)
        & (comp["convocation"] == convocation)
        & comp["preferred"].fillna(False)
    ]
    if rows.empty or pd.isna(rows[column].iat[0]):
        return None
    return int(rows[column].iat[0])


def election_day(chamber: str, convocation: int) -> dict[str, Any] | None:
    """The polling day the convocation was elected on: the first round of the preferred
    ``elections`` row of ``chamber`` in the convocation's election year (``composition``).
    A dict with ``date``, ``election_id`` and ``source_id``; None where the package has no
    such election (the Senate's indirect elections are not in the ``elections`` table).

    >>> election_day("majilis", 5)["date"].date()
    datetime.date(2012, 1, 15)
    """
    year = _composition_value(chamber, convocation, "elected_year")
    if year is None:
        return None
    elections = data.load("elections")
    found = elections[
        (elections["body"].astype("string") == chamber)
        & (elections["date"].dt.year == year)
        & (elections["round"] == 1)
        & elections["preferred"].fillna(False)
    ].sort_values("date")
    if found.empty:
        return None
    first = found.iloc[0]
    return {
        "date": first["date"],
        "election_id": str(first["election_id"]),
        "source_id": str(first["source_id"]),
    }


def _members(chamber: str, convocation: int) -> int | None:
    return _composition_value(chamber, convocation, "members")


def roster(chamber: str, convocation: int) -> pd.DataFrame:
    """The deputies of one chamber and convocation, one row per person, with their age at
    the election day (:func:`age_on`): ``age_youngest``, ``age_oldest`` (equal where the
    birth date is known to the day) and ``age`` (their midpoint; NaN where unknown).

    Columns: person_id, name, gender, birth_date, birth_precision, seat_type, party_id,
    group, district, region_id, age_youngest, age_oldest, age, source_id (the roster),
    details_source_id (birth date), gender_source_id, note (how a field was read). Its
    ``attrs["sources"]`` name every source used, the election's included. A chamber or
    convocation without a roster raises :class:`~kazparl.errors.UnknownIdError` listing
    those that have one.
    """
    pairs = rostered()
    params.known("chamber", chamber, list(dict.fromkeys(c for c, _ in pairs)))
    params.known(f"convocation (of {chamber})", convocation, [v for c, v in pairs if c == chamber])
    mandates = data.load("mandates")
    mandates = mandates[
        (mandates["chamber"].astype("string") == chamber) & (mandates["convocation"] == convocation)
    ]
    people = data.load("people").drop(columns=["source_id"])
    out = mandates.merge(people, on="person_id", how="left", validate="one_to_one")
    day = election_day(chamber, convocation)
    bounds = [
        age_on(b, p, day["date"] if day else None)
        for b, p in zip(out["birth_date"], out["birth_precision"], strict=True)
    ]
    out["age_youngest"] = pd.array([b[0] for b in bounds], dtype="Int64")
    out["age_oldest"] = pd.array([b[1] for b in bounds], dtype="Int64")
    out["age"] = (out["age_youngest"] + out["age_oldest"]).astype("Float64") / 2
    out = out[ROSTER_COLUMNS].reset_index(drop=True)
    used = sources.of(
        out,
        *out["details_source_id"].dropna().tolist(),
        *out["gender_source_id"].dropna().tolist(),
        day if day and out["age"].notna().any() else None,
    )
    out.attrs["sources"] = used
    return out


def coverage() -> pd.DataFrame:
    """What the rosters hold, per chamber and convocation: ``members`` (the chamber's size,
    ``composition``), ``listed`` (deputies in ``mandates``), ``party_known``,
    ``gender_known``, ``women``, ``birth_known`` and ``birth_day_known`` (birth date known to
    the day), with the roster's ``source_id``."""
    rows = []
    for chamber, convocation in rostered():
        r = roster(chamber, convocation)
        rows.append(
            {
                "chamber": chamber,
                "convocation": convocation,
                "members": _members(chamber, convocation),
                "listed": len(r),
                "party_known": int(r["party_id"].notna().sum()),
                "gender_known": int(r["gender"].notna().sum()),
                "women": int((r["gender"] == "female").sum()),
                "birth_known": int(r["birth_date"].notna().sum()),
                "birth_day_known": int((r["birth_precision"] == "day").sum()),
                "source_id": "; ".join(dict.fromkeys(r["source_id"])),
            }
        )
    out = pd.DataFrame(rows)
    out["members"] = out["members"].astype("Int64")
    return sources.attach(out)


def coverage_markdown() -> str:
    """The coverage table of ``data/README.md`` (between its ``coverage`` markers), from
    :func:`coverage`: one row per chamber and convocation with a roster."""
    from kazparl.deputies import chamber_name

    head = (
        "| chamber and convocation | seats | deputies listed | with party | with gender "
        "| women | with birth date | to the day | roster |\n|---|---|---|---|---|---|---|---|---|"
    )
    rows = [head]
    for _, r in coverage().iterrows():
        name = chamber_name(r["chamber"], r["convocation"]).removeprefix("the ")
        seats = "" if pd.isna(r["members"]) else str(int(r["members"]))
        cited = ", ".join(f"`{s.strip()}`" for s in str(r["source_id"]).split(";"))
        rows.append(
            f"| {name} | {seats} | {r['listed']} | {r['party_known']} | {r['gender_known']} "
            f"| {r['women']} | {r['birth_known']} | {r['birth_day_known']} | {cited} |"
        )
    return "\n".join(rows) + "\n"


# --------------------------------------------------------------------------- ages


def band_counts(
    youngest: pd.Series,
    oldest: pd.Series,
    bands: tuple[tuple[int | None, int | None], ...] = AGE_BANDS,
) -> pd.DataFrame:
    """Members per age band, counted from individual ages: ``low`` members surely in the band,
    ``high`` those who may be (a birth year alone can put a member on either side of an
    edge); ``known`` members have an age. Bands are inclusive (None = open), as the paper's.

    >>> import pandas as pd
    >>> c = band_counts(pd.Series([39, 45, 59]), pd.Series([40, 45, 59]))
    >>> c[["band", "low", "high"]].values.tolist()
    [['under 40', 0, 1], ['40-49', 1, 2], ['50-59', 1, 1], ['60 and over', 0, 0]]
    """
    from kazparl.deputies import band_labels

    known = youngest.notna() & oldest.notna()
    y, o = youngest[known].astype(int), oldest[known].astype(int)
    frame = pd.DataFrame(
        {"band_min": [b[0] for b in bands], "band_max": [b[1] for b in bands], "count": 0}
    )
    labels = band_labels(frame)
    rows = []
    for (lo, hi), label in zip(bands, labels, strict=True):
        lo_, hi_ = -math.inf if lo is None else lo, math.inf if hi is None else hi
        inside = (y >= lo_) & (o <= hi_)
        touches = (o >= lo_) & (y <= hi_)
        rows.append(
            {
                "band": label,
                "band_min": lo,
                "band_max": hi,
                "low": int(inside.sum()),
                "high": int(touches.sum()),
                "known": int(known.sum()),
            }
        )
    return pd.DataFrame(rows)


def ages(chamber: str, convocation: int) -> dict[str, Any]:
    """The age profile of one convocation from its deputies' birth dates.

    ``roster`` (:func:`roster`), ``election`` (:func:`election_day`), ``members`` (the
    chamber's size; the roster's length where the package has none), ``listed``, ``known``
    (deputies with an age), ``median`` with ``median_low``/``median_high`` and ``missing``
    (:func:`median_bounds`), ``mean`` (of the known ages; ``mean_low``/``mean_high`` with
    every year-only birth date at its youngest/oldest), ``youngest``/``oldest`` (the extreme
    known ages), ``brackets`` (:func:`bracket_counts`), ``bands`` (:func:`band_counts`),
    ``name`` and ``sources``. Everything about ages is None where no age is known; a
    convocation without a roster has ``listed`` 0 (and an empty ``roster``).
    """
    day = election_day(chamber, convocation)
    if (chamber, convocation) not in rostered():
        r = pd.DataFrame({c: pd.Series(dtype="object") for c in ROSTER_COLUMNS})
        r = r.astype({"age_youngest": "Int64", "age_oldest": "Int64", "age": "Float64"})
    else:
        r = roster(chamber, convocation)
    members = _members(chamber, convocation) or len(r)
    y, o = r["age_youngest"], r["age_oldest"]
    bounds = median_bounds(y, o, members)
    known = r["age"].notna()
    year = None if day is None else int(day["date"].year)
    out: dict[str, Any] = {
        "chamber": chamber,
        "convocation": int(convocation),
        "name": chamber_name(chamber, convocation, year),
        "roster": r,
        "election": day,
        "members": members,
        "listed": len(r),
        "known": bounds["known"],
        "missing": bounds["missing"],
        "median": bounds["median"],
        "median_low": bounds["low"],
        "median_high": bounds["high"],
        "mean": None,
        "mean_low": None,
        "mean_high": None,
        "youngest": None,
        "oldest": None,
        "brackets": None,
        "bands": None,
        "sources": sources.of(r),
    }
    if not known.any():
        return out
    out.update(
        mean=float(r.loc[known, "age"].mean()),
        mean_low=float(y[known].mean()),
        mean_high=float(o[known].mean()),
        youngest=int(y[known].min()),
        oldest=int(o[known].max()),
        brackets=sources.attach(bracket_counts(y, o), r),
        bands=sources.attach(band_counts(y, o), r),
    )
    return out


def age_table(chamber: str) -> pd.DataFrame | None:
    """The known ages of every rostered convocation of ``chamber``, one row per deputy with an
    age, for a figure: convocation, year, ``label`` ("2012 (5th): 52 of 107 ages known"),
    person_id, age, age_youngest, age_oldest, birth_precision and the sources. None where no
    convocation of the chamber has a known age."""
    parts = []
    for _, convocation in rostered(chamber):
        profile = ages(chamber, convocation)
        if not profile["known"]:
            continue
        r = profile["roster"]
        r = r[r["age"].notna()]
        year = int(profile["election"]["date"].year)
        part = r[["person_id", "age", "age_youngest", "age_oldest", "birth_precision"]].copy()
        part.insert(0, "convocation", convocation)
        part.insert(1, "year", year)
        known, of = profile["known"], profile["members"]
        label = f"{year} ({ordinal(convocation)}): {known} of {of} ages known"
        part.insert(2, "label", label)
        part["source_id"] = "; ".join(profile["sources"])
        parts.append(part)
    if not parts:
        return None
    return sources.attach(pd.concat(parts, ignore_index=True))


def bands_beside(chamber: str = "majilis") -> pd.DataFrame | None:
    """The paper's age bands beside the same bands counted from individual ages, one row per
    convocation and band: ``basis`` ("bands" as a source gives them, or "individual ages"),
    ``low``/``high`` (equal for bands), ``base`` (members the shares are of: the chamber for
    bands, the deputies with a known age otherwise), ``pct_low``/``pct_high``, ``members``,
    ``year`` and ``label`` (e.g. "2012: ages of 54 of 107"). None where the chamber has
    neither bands nor known ages.
    """
    from kazparl.deputies import band_labels

    parts = []
    all_bands = data.load("age_bands")
    all_bands = all_bands[all_bands["chamber"].astype("string") == chamber]
    for convocation, bands in all_bands.groupby("convocation"):
        bands = bands.sort_values("band_min", na_position="first")
        members = _members(chamber, int(convocation))
        total = int(bands["count"].sum())
        day = election_day(chamber, int(convocation))
        year = int(day["date"].year) if day else None
        parts.append(
            pd.DataFrame(
                {
                    "convocation": int(convocation),
                    "year": year,
                    "basis": "bands",
                    "band": band_labels(bands),
                    "low": bands["count"].astype(int).to_numpy(),
                    "high": bands["count"].astype(int).to_numpy(),
                    "base": total,
                    "members": members,
                    "label": f"{year}: bands of all {total}"
                    if total == members
                    else f"{year}: bands of {total} of {members}",
                    "source_id": bands["source_id"].astype(str).to_numpy(),
                }
            )
        )
    for _, convocation in rostered(chamber):
        profile = ages(chamber, convocation)
        if profile["bands"] is None:
            continue
        b = profile["bands"]
        year = int(profile["election"]["date"].year)
        part = b[["band", "low", "high"]].copy()
        part.insert(0, "convocation", convocation)
        part.insert(1, "year", year)
        part.insert(2, "basis", "individual ages")
        part["base"] = profile["known"]
        part["members"] = profile["members"]
        part["label"] = f"{year}: ages of {profile['known']} of {profile['members']}"
        part["source_id"] = "; ".join(profile["sources"])
        parts.append(part)
    if not parts:
        return None
    out = pd.concat(parts, ignore_index=True)
    out["pct_low"] = 100 * out["low"] / out["base"]
    out["pct_high"] = 100 * out["high"] / out["base"]
    return sources.attach(
        out.sort_values(["year", "convocation"], kind="stable", ignore_index=True)
    )


def medians(chamber: str = "majilis") -> pd.DataFrame:
    """Every median age the package allows for ``chamber``, one row per convocation:
    ``reported`` (a source's own figure, ``composition``), ``grouped`` (interpolated from
    age bands, :func:`kazparl.deputies.grouped_quantile`), ``known_median`` (of the
    individual ages known) with ``known`` and ``members``, and ``year``."""
    from kazparl import deputies

    rows = []
    for _, row in deputies.available(chamber).iterrows():
        convocation = int(row["convocation"])
        profile = deputies.chamber_profile(chamber, convocation)
        individual = ages(chamber, convocation)
        reported, grouped = profile["age_median"], profile["age_median_grouped"]
        if reported is None and grouped is None and individual["median"] is None:
            continue
        rows.append(
            {
                "convocation": convocation,
                "year": profile["elected_year"],
                "reported": profile["age_median"],
                "grouped": profile["age_median_grouped"],
                "known_median": individual["median"],
                "known": individual["known"],
                "members": individual["members"],
                "source_id": "; ".join(sources.of(profile["sources"], individual["sources"])),
            }
        )
    out = pd.DataFrame(
        rows,
        columns=["convocation", "year", "reported", "grouped", "known_median", "known",
                 "members", "source_id"],
    )  # fmt: skip
    return sources.attach(out)


# --------------------------------------------------------------------------- women, turnover


def women_by(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Women among the deputies of a :func:`roster`, per value of ``by`` (``group``,
    ``seat_type``...; an empty value is "not stated"): ``listed``, ``women``, ``men``,
    ``gender_unknown`` and ``women_pct`` (of those whose gender is known).

    >>> import pandas as pd
    >>> r = pd.DataFrame({"group": ["A", "A", "B", None],
    ...                   "gender": ["female", "male", None, "female"]})
    >>> women_by(r, "group")[["group", "listed", "women", "gender_unknown"]].values.tolist()
    [['A', 2, 1, 0], ['B', 1, 0, 1], ['not stated', 1, 1, 0]]
    """
    key = frame[by].astype("object").where(frame[by].notna(), "not stated")
    grouped = frame.assign(**{by: key}).groupby(by, sort=False)
    out = pd.DataFrame(
        {
            "listed": grouped.size(),
            "women": grouped["gender"].apply(lambda g: int((g == "female").sum())),
            "men": grouped["gender"].apply(lambda g: int((g == "male").sum())),
        }
    )
    out["gender_unknown"] = out["listed"] - out["women"] - out["men"]
    known = out["women"] + out["men"]
    out["women_pct"] = (100 * out["women"] / known.where(known > 0)).astype("Float64")
    out = out.sort_values("listed", ascending=False, kind="stable").reset_index()
    stated = out[by] != "not stated"
    out = pd.concat([out[stated], out[~stated]], ignore_index=True)
    out.attrs["sources"] = sources.of(frame)
    return out


def returned(chamber: str, earlier: int, later: int) -> pd.DataFrame:
    """Deputies of convocation ``earlier`` who sat again in ``later`` (the same person id):
    person_id, name, and their ``group`` in each (``group_earlier``, ``group_later``)."""
    a, b = roster(chamber, earlier), roster(chamber, later)
    both = a[["person_id", "name", "group", "source_id"]].merge(
        b[["person_id", "group", "source_id"]], on="person_id", suffixes=("_earlier", "_later")
    )
    both.attrs["sources"] = sources.of(a[a["person_id"].isin(both["person_id"])], b)
    return both.drop(columns=["source_id_earlier", "source_id_later"])


def turnover(chamber: str, earlier: int, later: int) -> dict[str, Any]:
    """How many deputies of ``later`` had sat in ``earlier``: ``returned`` (count and the
    frame :func:`returned` as ``people``), ``listed_earlier``, ``listed_later``,
    ``members_later``, ``returned_pct`` (of the later chamber's listed deputies), ``new``
    (listed later, not earlier) and ``complete`` (both rosters list the whole chamber: only
    then is the count the chamber's turnover, else a lower bound)."""
    people = returned(chamber, earlier, later)
    a, b = roster(chamber, earlier), roster(chamber, later)
    members_a, members_b = _members(chamber, earlier), _members(chamber, later)
    complete = len(a) == members_a and len(b) == members_b
    return {
        "earlier": earlier,
        "later": later,
        "returned": len(people),
        "people": people,
        "listed_earlier": len(a),
        "listed_later": len(b),
        "members_later": members_b,
        "returned_pct": 100 * len(people) / len(b) if len(b) else math.nan,
        "new": len(b) - len(people),
        "complete": complete,
        "sources": sources.of(a, b),
    }


def turnovers(chamber: str) -> list[dict[str, Any]]:
    """:func:`turnover` for each pair of consecutive convocations of ``chamber`` whose rosters
    both list the whole chamber under one kind of person id (the parlam.kz id). Rosters that
    list part of a chamber, or people under ids no source ties together, give no turnover:
    a deputy who returned would look new."""
    complete = []
    for _, convocation in rostered(chamber):
        r = roster(chamber, convocation)
        if (
            len(r) == _members(chamber, convocation)
            and r["person_id"].str.startswith("parlam-").all()
        ):
            complete.append(convocation)
    return [turnover(chamber, a, b) for a, b in itertools.pairwise(complete) if b == a + 1]
