"""The findings of ``notebooks/station_forensics.ipynb``, from :mod:`kazparl.stations` and
:mod:`kazparl.forensics`."""

from __future__ import annotations

from typing import Any

import pandas as pd

from kazparl import consistency, prose, sources, tables
from kazparl.prose import Markdown

__all__ = [
    "changes",
    "comet",
    "electronic",
    "integer",
    "reconciled",
    "regions",
    "scope",
]


def _name(election_id: str) -> str:
    return tables.election_name(election_id)


def scope(election_id: str, region: str, frame: pd.DataFrame) -> Markdown:
    """Which stations the report describes."""
    if region == "all":
        return prose.paragraph(
            f"This report reads the {prose.count(len(frame))} polling-station protocols of "
            f"{_name(election_id)} in all the regions of Russia.",
            "Every figure below is summed or counted from them by the library; the national "
            "totals are checked against the official ones first.",
        )
    return prose.paragraph(
        f"This report reads the {prose.count(len(frame))} polling-station protocols of "
        f"{_name(election_id)} in the region {prose.escape(region)}.",
        "The comet, the peaks and the integer test describe them; the check against the "
        "official totals, the regional comparison and the changes since 2007 are national, "
        "so the region is one of the dots there.",
    )


def _stated(x: float) -> str:
    """A sourced figure as stated; whole counts with thousands separators."""
    return prose.count(int(x)) if float(x).is_integer() and abs(x) >= 1000 else prose.as_stated(x)


def reconciled(table: pd.DataFrame, election_id: str) -> Markdown:
    """How the files' national sums compare with the sources (``table`` is
    :func:`kazparl.stations.reconciliation`)."""
    said = []
    for row in table.itertuples():
        if pd.isna(row.official):
            files = prose.number(row.files, 2)
            said.append(f"{row.measure}: {files} in the files; no source in the data gives it")
            continue
        stated = float(row.official)
        whole = float(row.files).is_integer()
        diff = prose.number(row.difference, 2)
        tolerance = consistency.half_unit(stated, stated)
        files = prose.number(row.files, consistency.decimals(stated))
        who = sources.label(row.source_id) + ("" if row.preferred else " (not the preferred row)")
        if abs(row.difference) <= tolerance:
            said.append(f"{row.measure}: {files} in the files, {_stated(stated)} in {who}")
        else:
            said.append(
                f"{row.measure}: **{files} in the files against {_stated(stated)} in "
                f"{who}**, a difference of {_stated(row.difference) if whole else diff}"
            )
    return Markdown(
        f"{_name(election_id)}, the files against the sources (a match is a difference within "
        "the rounding of the source's figure):\n\n" + "\n".join(f"- {s}" for s in said)
    )


def comet(points: pd.DataFrame) -> Markdown:
    """What the joint distribution shows, in counts (``points``: :func:`forensics.jittered`)."""
    n = len(points)
    high = int(((points["turnout_pct"] >= 90) & (points["ruling_pct"] >= 90)).sum())
    mid_t = points["turnout_pct"].median()
    mid_r = points["ruling_pct"].median()
    return prose.paragraph(
        f"The median station has a turnout of {prose.pct(mid_t)} and gives the ruling party "
        f"{prose.pct(mid_r)}.",
        f"{prose.of(high, n)} stations report both a turnout and a ruling-party result of 90% "
        "or more: the upper-right tail of the comet.",
    )


def integer(test: pd.DataFrame, published: dict[str, Any], *, whole: bool) -> Markdown:
    """The integer test's result, and how it compares with the authors' published figure."""
    t = test.set_index("measure")
    e = t.loc["either"]
    reps = int(e["replications"])
    floor = 1 / (1 + reps)
    p = (
        f"p ≤ {prose.number(floor, 4)}, the smallest value {prose.count(reps)} replications "
        "can give"
        if e["p_value"] <= floor
        else f"p = {prose.number(e['p_value'], 3)}"
    )
    lines = [
        f"Of the {prose.count(e['stations'])} stations the test uses, "
        f"{prose.count(e['observed'])} report a turnout or a ruling-party result within 0.05 "
        f"points of a whole percent; binomial variation alone would give "
        f"{prose.number(e['expected'], 0)} (SD {prose.number(e['sd'], 0)}).",
        f"The excess is {prose.number(e['excess'], 0)} stations, {prose.number(e['z'], 1)} "
        f"standard deviations ({p}).",
        f"Turnout alone: {prose.number(t.loc['turnout', 'excess'], 0)} excess stations; the "
        f"ruling party's result alone: {prose.number(t.loc['ruling', 'excess'], 0)}.",
    ]
    if whole and published:
        value = float(published["excess_integer_stations"])
        diff = float(e["excess"]) - value
        error = float(e["sd"]) * (1 / reps + 1 / int(published["replications"])) ** 0.5
        lines.append(
            f"The authors' notebook ({sources.label(published['source_id'])}) printed an excess "
            f"of {prose.as_stated(value)} with {prose.count(published['replications'])} "
            f"replications; this run differs by {prose.number(diff, 1)} stations, "
            f"{prose.number(abs(diff) / error, 1)} times the Monte Carlo error of the difference "
            f"({prose.number(error, 1)})."
        )
    elif not whole:
        lines.append(
            "The authors published national figures only; a region has nothing to compare."
        )
    return prose.paragraph(*lines)


def regions(spreads: pd.DataFrame, by_region: pd.DataFrame) -> Markdown:
    """The regional spread of the ruling party's share and turnout, beside Kazakhstan's."""
    s = spreads.set_index("series")
    names = list(s.index)
    top, bottom = by_region.iloc[0], by_region.iloc[-1]
    said = [
        f"The ruling party's regional share runs from {prose.pct(bottom['ruling_pct'])} "
        f"({prose.escape(bottom['region'])}) to {prose.pct(top['ruling_pct'])} "
        f"({prose.escape(top['region'])})."
    ]
    for name in names:
        row = s.loc[name]
        said.append(
            f"{prose.escape(name)}: {prose.count(row['regions'])} regions, SD "
            f"{prose.points(row['sd'])}, interquartile range {prose.points(row['iqr'])}, range "
            f"{prose.points(row['range'])}."
        )
    ru_turnout, kz_turnout = s.loc[names[0]], s.loc[names[2]]
    wider = "wider" if ru_turnout["sd"] > kz_turnout["sd"] else "narrower"
    said.append(
        f"Russia's regional turnout spreads {wider} than Kazakhstan's by SD "
        f"({prose.points(ru_turnout['sd'])} against {prose.points(kz_turnout['sd'])}); "
        f"Kazakhstan's regional figures are {kz_turnout['status']}, and Kazakhstan has "
        "far fewer regions, so the comparison is a rough one."
    )
    return prose.paragraph(*said)


def changes(over: pd.DataFrame) -> Markdown:
    """What changed across the four elections (``over``: :func:`forensics.over_time`)."""
    first, last = over.iloc[0], over.iloc[-1]
    peak = over.loc[over["excess"].idxmax()]
    electronic = over[over["electronic_pct"] > 0]
    said = [
        f"From {_name(first['election_id'])} to {_name(last['election_id'])} the ruling party's "
        f"share in the files went from {prose.pct(first['ruling_pct'], 2)} to "
        f"{prose.pct(last['ruling_pct'], 2)} and turnout from {prose.pct(first['turnout_pct'], 2)} "
        f"to {prose.pct(last['turnout_pct'], 2)}.",
        f"The excess of integer stations is largest in {_name(peak['election_id'])} "
        f"({prose.number(peak['excess'], 0)}) and smallest in "
        f"{_name(over.loc[over['excess'].idxmin(), 'election_id'])} "
        f"({prose.number(over['excess'].min(), 0)}).",
    ]
    for row in electronic.itertuples():
        said.append(
            f"Of the four files only {_name(row.election_id)} holds remote electronic voting: "
            f"{prose.pct(row.electronic_pct)} of its ballots cast."
        )
    return prose.paragraph(*said)


def electronic(split: pd.DataFrame, election_id: str) -> Markdown:
    """Electronic against physical stations, region by region."""
    if split.empty:
        return prose.not_applicable(
            "The electronic-voting comparison",
            f"{_name(election_id)} had no remote electronic vote",
        )
    wide = split.pivot(index="region", columns="kind", values="ruling_pct")
    higher = int((wide["electronic"] > wide["physical"]).sum())
    return prose.paragraph(
        f"In {prose.count(len(wide))} regions part of the vote was electronic. The ruling party "
        f"did better in the electronic vote than at the physical stations in {prose.count(higher)} "
        f"of them, and worse in {prose.count(len(wide) - higher)}."
    )
