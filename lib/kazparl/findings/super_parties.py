"""The findings of ``notebooks/super_parties.ipynb``, from :mod:`kazparl.super_parties`."""

from __future__ import annotations

import pandas as pd

from kazparl import party_system, prose, super_parties, tables
from kazparl.prose import Markdown

__all__ = ["coverage", "definition", "kazakhstan", "moves", "verdicts"]


def _country(code: str) -> str:
    return super_parties.COUNTRIES.get(code, code)


def _party(party_id: str) -> str:
    return prose.escape(party_system.party_names().get(party_id, party_id))


def coverage(summary: pd.DataFrame) -> Markdown:
    """What the data hold for the chosen countries and period (``summary`` is
    :func:`kazparl.super_parties.summary`)."""
    if summary.empty:
        return Markdown("*No lower-house election of the chosen countries falls in the period.*")
    with_votes = int(summary["enp_votes"].notna().sum())
    with_seats = int((summary["parties_in_parliament"] > 0).sum())
    named = int(summary["ruling_party"].notna().sum())
    countries = prose.listing(_country(c) for c in dict.fromkeys(summary["country"]))
    return prose.paragraph(
        f"The data hold {prose.count(len(summary))} lower-house elections of {countries} from "
        f"{int(summary['year'].min())} to {int(summary['year'].max())}.",
        f"{prose.count(with_seats)} have seats by party, {prose.count(with_votes)} national "
        f"list votes, and for {prose.count(named)} a source names the president's party or a "
        "pro-presidential one; the others are gaps in the sources read, not zeros.",
    )


def definition(share: float, must_absorb: bool) -> Markdown:
    """The operational definition in force, in words."""
    absorb = (
        " and it has absorbed at least one other party (a merger into its lineage in the "
        "`parties` table)"
        if must_absorb
        else ""
    )
    return Markdown(
        f"**Definition used here:** a country has a super-party when the president's party (or, "
        f"where no source names one, the largest party a source calls pro-presidential) holds "
        f"at least {prose.pct(share)} of the chamber's seats{absorb}."
    )


def verdicts(typology: pd.DataFrame) -> Markdown:
    """Where the data agree with the paper's typology, and where not."""
    if typology.empty:
        return Markdown("*No election of the chosen countries and period has seats by party.*")
    found = [_country(c) for c, v in zip(typology["country"], typology["super_party_data"],
                                          strict=True) if v == "yes"]  # fmt: skip
    agree = typology[typology["agrees"] == True]  # noqa: E712 - a nullable column
    differ = typology[typology["agrees"] == False]  # noqa: E712
    details = [
        f"{_country(r.country)} (the paper, in 2008: “{r.super_party}”; the data, "
        f"{r.election_id[-4:]}: “{r.super_party_data}”)"
        for r in differ.itertuples(index=False)
    ]
    return prose.paragraph(
        f"By this definition the data find a super-party in "
        f"{prose.listing(found) if found else 'no country'}.",
        f"They agree with the paper for {prose.count(len(agree))} of the "
        f"{prose.count(len(typology))} {'country' if len(typology) == 1 else 'countries'} "
        "compared" + (f"; they differ for {prose.listing(details)}." if details else "."),
    )


def moves(sensitivity: pd.DataFrame) -> Markdown:
    """Which countries' verdicts move when the definition moves."""
    if sensitivity.empty:
        return Markdown("")
    by = sensitivity.groupby("country", sort=False)["super_party_data"].nunique()
    moving = [_country(c) for c, n in by.items() if n > 1]
    steady = [_country(c) for c, n in by.items() if n == 1]
    bars = sorted(set(sensitivity["super_share"]))
    return prose.paragraph(
        f"Between a bar of {prose.pct(bars[0])} and {prose.pct(bars[-1])} of the seats, with "
        "and without the absorption condition, the verdict moves for "
        f"{prose.listing(moving) if moving else 'no country'}"
        + (f" and stays put for {prose.listing(steady)}." if steady else "."),
    )


def kazakhstan(summary: pd.DataFrame) -> Markdown:
    """Kazakhstan's elections in the comparison, from the first to the last with seats."""
    kz = summary[(summary["country"] == "KZ") & summary["ruling_chamber_share"].notna()]
    if kz.empty:
        return Markdown("*Kazakhstan has no election with seats by party in the chosen period.*")
    parts = [
        f"{r.year}: {_party(r.ruling_party)} {prose.pct(r.ruling_chamber_share)} of the seats"
        for r in kz.itertuples(index=False)
    ]
    pending = summary[(summary["country"] == "KZ") & (summary["parties_in_parliament"] == 0)]
    names = [tables.election_name(e) for e in pending["election_id"]]
    tail = (
        f" No seats by party are in the data yet for {prose.listing(names)}."
        if len(pending)
        else ""
    )
    return Markdown(f"Kazakhstan in the comparison: {'; '.join(parts)}.{tail}")
