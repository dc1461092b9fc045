"""The findings of ``notebooks/regional_turnout.ipynb``, from :mod:`kazparl.turnout` results.

Each function takes what :mod:`kazparl.turnout` returns and writes the sentences that state
its figures; words such as "below", "every" or "narrower" are chosen from the data.

>>> from kazparl import turnout
>>> print(spread(turnout.chosen_spread("majilis-2007")))
*The spread across regions does not apply here: Majilis 2007 has figures for only 2 regions, a
gap rather than a distribution.*
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from kazparl import prose, sources, turnout
from kazparl.prose import Markdown, ordinal
from kazparl.tables import election_name

__all__ = [
    "almaty_gaps",
    "chosen_election",
    "city_effect",
    "forensics",
    "paper_pair",
    "rank_stability",
    "reporting",
    "spread",
    "standings",
]


def _region(name: Any, kind: Any) -> str:
    """A region's name for prose; a city of republican status is marked as one.

    >>> _region("Almaty", "city"), _region("Almaty Region", "oblast")
    ('Almaty city', 'Almaty Region')
    """
    text = prose.escape(name)
    return f"{text} city" if kind == "city" and not text.lower().endswith("city") else text


def _percent(x: float) -> str:
    """A sourced turnout with the decimals its source gives: ``22.5%``, ``90%``."""
    return f"{prose.as_stated(x)}%"


def _side(x: float, below: str = "below", above: str = "above") -> str:
    return below if x < 0 else above


def _plural(n: int, one: str, many: str) -> str:
    return f"{prose.count(n)} {one if n == 1 else many}"


def _elections(ids: Iterable[str]) -> str:
    return prose.listing([election_name(e) for e in ids])


def reporting(persistence: pd.DataFrame) -> Markdown:
    """How the regional and national figures were reported, election by election.

    ``persistence`` is :func:`kazparl.turnout.persistence`.
    """
    statuses = persistence["status"].astype(str)
    n = len(persistence)
    if (statuses == "preliminary").all():
        regional = (
            "**Every regional figure here is preliminary**: the data have no final regional "
            f"figure for any of the {_plural(n, 'election', 'elections')} with regional figures."
        )
    else:
        final = persistence.loc[statuses.str.contains("final"), "election_id"]
        regional = (
            f"Regional figures are final (at least in part) for {_elections(final)}; for the "
            "other elections they are preliminary."
        )
    nat = persistence["national_status"].astype("string")
    missing = persistence.loc[persistence["national_turnout"].isna(), "election_id"]
    preliminary = persistence.loc[nat == "preliminary", "election_id"]
    if missing.empty and preliminary.empty:
        national = "The national figures are final for every election."
    else:
        national = "The national figures are final where the data have them"
        if not preliminary.empty:
            national += f", preliminary for {_elections(preliminary)}"
        national += "."
        if not missing.empty:
            national += (
                f" For {_elections(missing)} the preferred national row gives no turnout, and "
                "no other row stands in for it."
            )
    return prose.paragraph(regional, national)


def paper_pair(
    pair: pd.DataFrame,
    gap: dict[str, Any],
    final: dict[str, Any],
    night: dict[str, Any],
) -> Markdown:
    """The paper's 2007 pair as the data hold it, with the national figures beside it.

    ``pair`` is :func:`kazparl.turnout.regional_frame` of the election, ``gap`` its
    :func:`kazparl.turnout.gap`, ``final`` :func:`kazparl.turnout.national` and ``night``
    :func:`kazparl.turnout.election_night`.
    """
    rows = pair.set_index("region_id")
    a, b = rows.loc[gap["a"]], rows.loc[gap["b"]]
    name = election_name(str(pair["election_id"].iloc[0]))
    region_a, region_b = _region(a["name_en"], a["kind"]), _region(b["name_en"], b["kind"])
    first = (
        f"In {name}, {region_a} had a turnout of **{_percent(gap['value_a'])}** and {region_b} "
        f"**{_percent(gap['value_b'])}** ({turnout.reported(pair)}; "
        f"source: {sources.in_prose(gap)}): "
        f"{region_a} was **{prose.points(abs(gap['gap']))} {_side(gap['gap'])}** {region_b}."
    )
    if night["turnout_pct"] is not None:
        evening = (
            f"Nationally, the election-night figure was **{_percent(night['turnout_pct'])}** "
            f"(source: {sources.in_prose(night)})"
        )
    elif night["values"]:
        listed = prose.listing([_percent(v) for v in night["values"]], "or")
        evening = (
            f"Nationally, the election-night figures disagree: {listed} ({sources.in_prose(night)})"
        )
    else:
        evening = "The data hold no election-night national figure"
    if final["turnout_pct"] is None:
        later = "; the preferred national row gives no turnout."
    else:
        later = (
            f"; the preferred national figure is **{_percent(final['turnout_pct'])}** "
            f"({final['status']}; source: {sources.in_prose(final)})."
        )
    return prose.paragraph(first, evening + later)


def chosen_election(
    frame: pd.DataFrame,
    national: dict[str, Any],
    chosen: dict[str, Any],
    city: dict[str, Any],
    flagged: pd.DataFrame,
) -> Markdown:
    """The chosen election: highest and lowest regions, cities against oblasts, the highlighted
    regions, outliers and the national figure.

    ``frame`` is :func:`kazparl.turnout.regional_frame`, ``national``
    :func:`kazparl.turnout.national`, ``chosen`` :func:`kazparl.turnout.highlighted`, ``city``
    :func:`kazparl.turnout.city_gap` and ``flagged`` :func:`kazparl.turnout.regional_outliers`.
    """
    name = election_name(str(frame["election_id"].iloc[0]))
    top = turnout.standings(frame).iloc[0]
    tied = f" (shared by {top['lowest_tied']} regions)" if top["lowest_tied"] > 1 else ""
    lines = [
        f"In {name} the data give turnout for {_plural(top['n_regions'], 'region', 'regions')} "
        f"({turnout.reported(frame)}). It was highest in "
        f"**{_region(top['highest_name'], top['highest_kind'])} "
        f"({_percent(top['highest_turnout'])})** and lowest in "
        f"**{_region(top['lowest_name'], top['lowest_kind'])} "
        f"({_percent(top['lowest_turnout'])})**{tied}."
    ]
    early = _earlier_figures(frame)
    if early:
        lines.append(early)
    lines.append(_cities_against_oblasts(frame, city))
    lines.append(_highlighted(chosen))
    lines.append(_outliers(flagged))
    if national["turnout_pct"] is None:
        lines.append(
            f"The preferred national figure for {name} gives no turnout, and no other row "
            "stands in for it."
        )
    else:
        lines.append(
            f"Nationally, turnout was **{_percent(national['turnout_pct'])}** "
            f"({national['status']} figure; source: {sources.in_prose(national)})."
        )
    return Markdown("\n\n".join(lines))


def _earlier_figures(frame: pd.DataFrame) -> str:
    """A caution when some regions' figures were reported earlier than most (the most common
    reporting time): turnout accumulates through the day, so they look lower than they were."""
    clock = frame[frame["as_of"].astype(str).str.fullmatch(r"\d{1,2}:\d\d")]
    if clock.empty:
        return ""
    minutes = clock["as_of"].astype(str).map(lambda t: int(t[:-3]) * 60 + int(t[-2:]))
    usual = minutes.mode().max()
    early = clock[minutes < usual]
    if early.empty:
        return ""
    names = [
        f"{_region(r.name_en, r.kind)} ({r.as_of})"
        for r in early.sort_values(["as_of", "name_en"]).itertuples(index=False)
    ]
    verb = "was" if len(names) == 1 else "were"
    usual_time = f"{usual // 60:02d}:{usual % 60:02d}"
    return (
        f"Not every figure is of the same time: {prose.listing(names)} {verb} reported earlier "
        f"than most regions ({usual_time}). Turnout accumulates through the day, so "
        f"{'this region looks' if len(names) == 1 else 'these regions look'} lower beside the "
        "others than by the close."
    )


def _cities_against_oblasts(frame: pd.DataFrame, city: dict[str, Any]) -> str:
    if city["n_cities"] == 0 or city["n_oblasts"] == 0:
        return (
            "The city–oblast gap does not apply here: the data have "
            f"{_plural(city['n_cities'], 'city', 'cities')} of republican status and "
            f"{_plural(city['n_oblasts'], 'oblast', 'oblasts')} for this election."
        )
    names = frame.set_index("region_id")["name_en"]
    cities = prose.listing(prose.escape(names[c]) for c in city["cities"])
    one_city, one_oblast = city["n_cities"] == 1, city["n_oblasts"] == 1
    how = "weighted by registered voters" if city["weighted"] else "unweighted means"
    how = "" if one_city and one_oblast else f" ({how})"
    group = (
        "The only city of republican status here"
        if one_city
        else f"The {prose.count(city['n_cities'])} cities of republican status"
    )
    others = "the only oblast" if one_oblast else f"the {prose.count(city['n_oblasts'])} oblasts"
    subject = "the city was" if one_city else "the cities were"
    return (
        f"{group} ({cities}) {'reported' if one_city else 'averaged'} "
        f"{prose.pct(city['cities_mean'])}, {others} {prose.pct(city['oblasts_mean'])}: "
        f"{subject} **{prose.points(abs(city['gap']))} {_side(city['gap'])}** "
        f"{'the oblast' if one_oblast else 'the oblasts'}{how}."
    )


def _highlighted(chosen: dict[str, Any]) -> str:
    regions = chosen["regions"]
    if regions.empty:
        return "No region is highlighted (`highlight` is empty)."
    items = [
        f"{_region(r['name_en'], r['kind'])} {_percent(r['turnout_pct'])} "
        f"({ordinal(int(r['rank']))} of {r['n_regions']})"
        for _, r in regions.iterrows()
    ]
    text = f"Highlighted: {prose.listing(items)}."
    names = regions.set_index("region_id")
    if chosen["first_minus_second"] is not None:
        a, b = names.iloc[0], names.iloc[1]
        diff = chosen["first_minus_second"]
        text += (
            f" {_region(a['name_en'], a['kind'])} was **{prose.points(abs(diff))} "
            f"{_side(diff)}** {_region(b['name_en'], b['kind'])}."
        )
    elif len(regions) > 2:
        hi, lo = names.loc[chosen["highest"]], names.loc[chosen["lowest"]]
        text += (
            f" They span **{prose.points(chosen['span'])}**, from "
            f"{_region(hi['name_en'], hi['kind'])} down to {_region(lo['name_en'], lo['kind'])}."
        )
    return text


def _outliers(flagged: pd.DataFrame) -> str:
    cutoff = prose.as_stated(flagged.attrs.get("cutoff", 3.5))
    if flagged.attrs.get("note"):
        return f"Robust z-scores cannot be computed here: {prose.escape(flagged.attrs['note'])}."
    if flagged.empty:
        return (
            f"No region's robust z-score (median and MAD) exceeds {cutoff} in absolute value: "
            "none stands out from the others."
        )
    items = [
        f"{_region(r['name_en'], r['kind'])} (z = {prose.number(r['robust_z'], 2)})"
        for _, r in flagged.iterrows()
    ]
    verb = "stands" if len(items) == 1 else "stand"
    return (
        f"By robust z-scores (median and MAD, cut-off {cutoff} in absolute value), "
        f"{prose.listing(items)} {verb} out from the other regions."
    )


def spread(result: dict[str, Any]) -> Markdown:
    """The spread of one election's regional turnout (:func:`kazparl.turnout.chosen_spread`)."""
    name = election_name(result["election_id"])
    if not result["distribution"]:
        return prose.not_applicable(
            "The spread across regions",
            f"{name} has figures for only {result['n']} regions, a gap rather than a distribution",
        )
    first = (
        f"Across the {prose.count(result['n'])} regions of {name}, turnout averaged "
        f"{prose.pct(result['mean'])} (median {prose.pct(result['median'])}). It ran from "
        f"{_percent(result['min'])} to {_percent(result['max'])}, a range of "
        f"**{prose.points(result['range'])}**, the highest "
        f"{prose.number(result['ratio'], 2)} times the lowest. The standard deviation "
        f"(divisor n − 1) is {prose.points(result['sd_sample'])}, the coefficient of variation "
        f"{prose.number(result['cv_sample'], 2)} and the interquartile range "
        f"{prose.points(result['iqr'])}."
    )
    if result["weighted"]:
        second = (
            f"Weighted by registered voters, the mean is {prose.pct(result['weighted_mean'])} "
            f"and the standard deviation {prose.points(result['weighted_sd'])}."
        )
    elif result["weighted_requested"]:
        second = f"`weighted = True` was asked for, but {result['weights_note']}."
    else:
        second = "Each region counts once (unweighted)."
    return prose.paragraph(first, second)


def almaty_gaps(persistence: pd.DataFrame) -> Markdown:
    """The paper's pair, Almaty city minus Almaty region, in every election that has both.

    ``persistence`` is :func:`kazparl.turnout.persistence`.
    """
    rows = persistence.dropna(subset=["almaty_gap"]).reset_index(drop=True)
    if rows.empty:
        return prose.not_applicable("The paper's pair over time", "no election has both regions")
    items = [
        f"{prose.points(g)} in {election_name(e)}"
        for e, g in zip(rows["election_id"], rows["almaty_gap"], strict=True)
    ]
    first = f"Almaty city minus Almaty region: {prose.listing(items)}."
    below = int((rows["almaty_gap"] < 0).sum())
    if below == len(rows):
        second = (
            "The gap never closed: the city's turnout was below the region's in every election "
            "with figures for both."
        )
    elif below == 0:
        second = "The city's turnout was above the region's in every election with both."
    else:
        second = (
            f"The city's turnout was below the region's in {below} of the {len(rows)} "
            "elections with figures for both."
        )
    size = rows["almaty_gap"].abs()
    wide, narrow = rows.loc[size.idxmax()], rows.loc[size.idxmin()]
    third = (
        f"The difference was largest in {election_name(wide['election_id'])} "
        f"({prose.points(abs(wide['almaty_gap']))}) and smallest in "
        f"{election_name(narrow['election_id'])} ({prose.points(abs(narrow['almaty_gap']))})."
    )
    if len(rows) > 1:
        start, end = rows.iloc[0], rows.iloc[-1]
        change = abs(end["almaty_gap"]) - abs(start["almaty_gap"])
        word = "smaller" if change < 0 else "larger" if change > 0 else "the same size"
        third += (
            f" In {election_name(end['election_id'])}, the latest, it was "
            f"{prose.points(abs(change))} {word} than in {election_name(start['election_id'])}."
            if change
            else f" In {election_name(end['election_id'])}, the latest, it was as large as in "
            f"{election_name(start['election_id'])}."
        )
    return prose.paragraph(first, second, third)


def standings(table: pd.DataFrame) -> Markdown:
    """Who is lowest and highest in each election, and where the cities stand.

    ``table`` is :func:`kazparl.turnout.standings` (of :func:`kazparl.turnout.panel`).
    """
    names = _elections(table["election_id"])
    lowest = list(dict.fromkeys(table["lowest"]))
    tied = table.loc[table["lowest_tied"] > 1, "election_id"]
    if len(lowest) == 1:
        row = table.iloc[0]
        low = (
            f"**{_region(row['lowest_name'], row['lowest_kind'])} had the lowest turnout of all "
            f"regions in every election** with figures for three or more regions ({names})."
        )
    else:
        low = "The lowest turnout: " + _by_region(table, "lowest") + "."
    if not tied.empty:
        low += f" In {_elections(tied)} the lowest figure is shared."
    cities = []
    clear = table.loc[(table["n_cities"] > 0) & (table["cities_above"].map(len) == 0)]
    if len(clear) == len(table):
        cities.append("Every city of republican status was below every oblast in every election.")
    else:
        if not clear.empty:
            cities.append(
                f"Every city of republican status was below every oblast in "
                f"{_elections(clear['election_id'])}"
            )
        for _, row in table[table["cities_above"].map(len) > 0].iterrows():
            above = row["cities_above"]
            cities.append(
                f"in {election_name(row['election_id'])} "
                f"{prose.listing(prose.escape(c) for c in above)} "
                f"{'was' if len(above) == 1 else 'were'} above the lowest oblast, "
                f"{prose.escape(row['lowest_oblast_name'])} "
                f"({_percent(row['lowest_oblast_turnout'])}"
                + (
                    f", a figure of {row['lowest_oblast_as_of']}, earlier than most)"
                    if row.get("lowest_oblast_early")
                    else ")"
                )
            )
        text = "; ".join(cities)
        cities = [text[0].upper() + text[1:] + "."]
    kinds = set(table["highest_kind"])
    which = "always in an oblast" if kinds == {"oblast"} else "not always in an oblast"
    high = f"The highest turnout was {which}: " + _by_region(table, "highest") + "."
    return prose.paragraph(low, *cities, high)


def _by_region(table: pd.DataFrame, which: str) -> str:
    """``"Almaty Region in Majilis 2012 and Majilis 2016; Zhetysu Region in …"``."""
    groups: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for _, row in table.iterrows():
        groups.setdefault(row[which], []).append(row["election_id"])
        labels[row[which]] = _region(row[f"{which}_name"], row[f"{which}_kind"])
    return "; ".join(f"{labels[r]} in {_elections(e)}" for r, e in groups.items())


def rank_stability(table: pd.DataFrame) -> Markdown:
    """How far the regional order persists from one election to the next.

    ``table`` is :func:`kazparl.turnout.rank_stability`.
    """
    pairs = table.dropna(subset=["rho_previous"]).reset_index(drop=True)
    if pairs.empty:
        return prose.not_applicable("Rank stability", "fewer than two elections have regions")

    def pair(row: pd.Series) -> str:
        return f"{election_name(row['previous'])} to {election_name(row['election_id'])}"

    lo, hi = pairs.loc[pairs["rho_previous"].idxmin()], pairs.loc[pairs["rho_previous"].idxmax()]
    positive = int((pairs["rho_previous"] > 0).sum())
    sign = (
        "positive in every pair"
        if positive == len(pairs)
        else f"positive in {positive} of the {len(pairs)} pairs"
    )
    return prose.paragraph(
        f"Between consecutive elections, Spearman's rho ranged from "
        f"**{prose.number(lo['rho_previous'], 2)}** ({pair(lo)}) to "
        f"**{prose.number(hi['rho_previous'], 2)}** ({pair(hi)}); it was {sign}."
    )


def city_effect(effect: dict[str, Any]) -> Markdown:
    """The city coefficient of :func:`kazparl.turnout.city_effect`, with what it rests on."""
    est, lo, hi = effect["estimate"], effect["ci_low"], effect["ci_high"]
    if hi < 0:
        where = "lies entirely below zero"
    elif lo > 0:
        where = "lies entirely above zero"
    else:
        where = "includes zero"
    first = (
        f"Within the same election, a city of republican status reported a turnout "
        f"**{prose.points(abs(est))} {_side(est)}** the average oblast. With standard errors "
        f"clustered by region, the 95% interval runs from {prose.points(lo)} to "
        f"{prose.points(hi)}: it {where}."
    )
    names = effect["city_names"]
    order = effect["elections"]
    partial = []
    for c, present in effect["city_elections"].items():
        if len(present) == len(order):
            continue
        if present == order[len(order) - len(present) :]:
            partial.append(f"{prose.escape(names[c])} only from {election_name(present[0])} on")
        else:
            partial.append(f"{prose.escape(names[c])} only in {_elections(present)}")
    cities = prose.listing(prose.escape(names[c]) for c in effect["cities"])
    these = "this city" if len(effect["cities"]) == 1 else "these cities"
    second = (
        f"The model has {prose.count(effect['nobs'])} region-elections from "
        f"{prose.count(effect['n_regions'])} regions in {effect['n_elections']} elections, but "
        f"only {_plural(len(effect['cities']), 'city', 'cities')} ({cities}"
        + (f"; {'; '.join(partial)}" if partial else "")
        + f"), so the city effect is little more than the difference between {these} and the "
        f"rest. R² = {prose.number(effect['rsquared'], 2)}."
    )
    return prose.paragraph(first, second)


def forensics(scope: dict[str, Any]) -> Markdown:
    """Whether turnout can be set against the winner's share region by region.

    ``scope`` is :func:`kazparl.turnout.forensics_scope`.
    """
    size = (
        f"{scope['n_min']}"
        if scope["n_min"] == scope["n_max"]
        else f"{scope['n_min']}–{scope['n_max']}"
    )
    coarse = (
        f"With {size} regions per election it would in any case be far too coarse: the "
        "forensic literature works with thousands of polling stations."
    )
    if scope["regional_results"]:
        return prose.paragraph(
            "The data package has results by region, but this notebook does not yet set them "
            "against turnout.",
            coarse,
        )
    return prose.paragraph(
        "The data package has **no results by party and region** for any election (none were "
        "found; see `data/README.md`), so this comparison cannot be made here.",
        coarse,
    )
