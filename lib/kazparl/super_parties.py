"""Central Asia's super-parties side by side: the paper's closing comparison, measured.

The 2008 paper says a "super party which assimilates other, pro-presidential parties appears
necessary only in countries where there is a credible, active opposition" (lines 1617-1622):
Russia, Kazakhstan and Kyrgyzstan, not Uzbekistan or Turkmenistan, with Tajikistan a "curious
case" (``paper_typology``). This module sets the six countries' lower-house elections side by
side from the ``elections``, ``results``, ``parties`` and ``party_roles`` tables:

- :func:`summary`: per election, the president's party (``party_roles``), its share of the list
  votes and of the seats, the effective number of parties by votes and by seats, Gallagher (list
  votes against list seats) and the parties in parliament;
- :func:`typology`: the paper's typology beside what the data show, for an operational
  definition of a super-party that is a parameter (:func:`is_super_party`).

Seats are each party's seats in the whole chamber (the ``total`` tier where the results give
one, else list and district seats added), as a share of the chamber's size; votes are the
national party-list votes (counts where the source gives them, else its shares). A country with
districts only (Uzbekistan to 2019, Turkmenistan) has seat measures and no vote measures.

>>> sorted(COUNTRIES)
['KG', 'KZ', 'RU', 'TJ', 'TM', 'UZ']
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pandas as pd

from kazparl import data, electoral, params, sources

__all__ = [
    "COUNTRIES",
    "LOWER_HOUSES",
    "absorbed",
    "elections",
    "is_super_party",
    "roles",
    "seats",
    "sensitivity",
    "sensitivity_table",
    "summary",
    "typology",
    "votes",
]

COUNTRIES = {
    "KZ": "Kazakhstan",
    "RU": "Russia",
    "KG": "Kyrgyzstan",
    "UZ": "Uzbekistan",
    "TJ": "Tajikistan",
    "TM": "Turkmenistan",
}

#: The elected (lower or single) chamber compared in each country.
LOWER_HOUSES = {
    "KZ": ("majilis", "kurultai"),
    "RU": ("duma",),
    "KG": ("jogorku-kenesh",),
    "UZ": ("legislative-chamber",),
    "TJ": ("assembly-of-representatives",),
    "TM": ("mejlis",),
}

#: Not parties: their seats count in the chamber, not among the parties in parliament.
NOT_PARTIES = ("independents",)


def _country(frame: pd.DataFrame) -> pd.Series:
    return frame["country"].fillna("KZ").astype(str)


def elections(country: str | None = None, period: tuple[int, int] | None = None) -> pd.DataFrame:
    """The lower-house elections of ``country`` (all six if None) in ``period`` (first and last
    year, inclusive), in date order: election_id, country, body, year, date, seats (the
    chamber's size: the largest stated ``seats_total`` of the election's rows), annulled
    (a preferred row's note says the election was annulled), source_id."""
    if country is not None:
        params.known("country", country, COUNTRIES)
    rows = data.load("elections")
    rows = rows.assign(country=_country(rows))
    bodies = {b for c, bs in LOWER_HOUSES.items() for b in bs if country in (None, c)}
    rows = rows[rows["body"].astype(str).isin(bodies)]
    if country is not None:
        rows = rows[rows["country"] == country]
    first = rows[rows["preferred"].fillna(False)].sort_values(["date", "round"])
    first = first.drop_duplicates("election_id")
    size = rows.groupby("election_id")["seats_total"].max()
    out = first[["election_id", "country", "body", "date", "source_id"]].copy()
    out["year"] = out["date"].dt.year.astype(int)
    out["seats"] = out["election_id"].map(size).astype("Int64")
    notes = rows.groupby("election_id")["note"].agg(lambda n: " ".join(n.dropna().astype(str)))
    out["annulled"] = out["election_id"].map(notes).str.contains("ANNULLED", case=True)
    if period is not None:
        out = out[(out["year"] >= period[0]) & (out["year"] <= period[1])]
    cols = ["election_id", "country", "body", "year", "date", "seats", "annulled", "source_id"]
    return sources.attach(out[cols].reset_index(drop=True))


def _preferred(election_id: str, tier: str) -> pd.DataFrame:
    rows = data.results(election_id, tier)
    return rows[rows["party_id"].notna()]


def seats(election_id: str) -> pd.Series:
    """Each party's seats in the whole chamber: the results' ``total`` tier (its last round)
    where there is one, else the list and district seats added (the district seats of the
    last round that gives them). Indexed by party_id; ``attrs["sources"]``."""
    total = _preferred(election_id, "total")
    if total["seats"].notna().any():
        last = total[total["round"] == total.loc[total["seats"].notna(), "round"].max()]
        out = last.groupby("party_id", observed=True)["seats"].max().dropna()
        out.attrs["sources"] = sources.of(last)
        return out.astype(int)
    parts, used = [], []
    for tier in ("list", "single-mandate"):
        rows = _preferred(election_id, tier)
        rows = rows[rows["seats"].notna()]
        if len(rows):
            rows = rows[rows["round"] == rows["round"].max()] if tier == "list" else rows
            parts.append(rows.groupby("party_id", observed=True)["seats"].sum())
            used.append(rows)
    out = pd.concat(parts).groupby(level=0).sum() if parts else pd.Series(dtype="int64")
    out.attrs["sources"] = sources.of(*used)
    return out.astype(int)


def votes(election_id: str) -> pd.Series:
    """Each list's national votes (counts where every preferred list row has one, else the
    shares the sources print), indexed by party_id; empty for a districts-only election."""
    rows = _preferred(election_id, "list")
    rows = rows[rows["round"] == rows["round"].min()] if len(rows) else rows
    if len(rows) and rows["votes"].notna().all():
        out = rows.set_index("party_id")["votes"].astype(float)
    elif len(rows) and rows["pct"].notna().any():
        out = rows.dropna(subset=["pct"]).set_index("party_id")["pct"].astype(float)
    else:
        out = pd.Series(dtype=float)
    out.attrs["sources"] = sources.of(rows)
    return out


def roles(election_id: str) -> dict[str, set[str]]:
    """``{role: {party_id, ...}}`` of ``party_roles`` for an election (president's party,
    pro-presidential, opposition), with the sources in ``["sources"]``."""
    table = data.load("party_roles")
    rows = table[table["election_id"] == election_id]
    out: dict[str, Any] = {
        str(role): set(part["party_id"].astype(str)) for role, part in rows.groupby("role")
    }
    out["sources"] = sources.of(rows)
    return out


def absorbed(party_id: str, *, until: Any = None) -> list[str]:
    """The parties that merged into (or were absorbed by) ``party_id``'s lineage by ``until``
    (a date or year; all if None): the ``parties`` table's successor links with kind
    ``merged`` or ``absorbed``, followed through renamings."""
    parties = data.load("parties")
    lineage = electoral.party_lineage(parties, until=_date(until))
    root = lineage.get(party_id, party_id)
    kinds = parties.set_index("party_id")["successor_kind"].astype("string").fillna("")
    joined = {p for p, k in kinds.items() if k in ("merged", "absorbed")}
    return sorted(p for p, r in lineage.items() if r == root and p != party_id and p in joined)


def _date(until: Any) -> Any:
    if until is None or not isinstance(until, int | float):
        return until
    return f"{int(until)}-12-31"


def _shares(x: pd.Series) -> pd.Series:
    total = float(x.sum())
    return 100 * x / total if total > 0 else x * 0.0


def summary(
    country: str | None = None,
    period: tuple[int, int] | None = None,
    *,
    include_annulled: bool = False,
) -> pd.DataFrame:
    """One row per lower-house election of ``country`` (all if None) in ``period``: country,
    election_id, year, seats (the chamber), ruling_party and ruling_basis (the president's
    party, as ``party_roles`` gives it; where no source names one, the largest party a source
    calls pro-presidential; empty where neither), ruling_vote_share (its share of the
    list votes, percent), ruling_chamber_share (its seats as a percent of the chamber), enp_votes,
    enp_seats (Laakso-Taagepera; independents' seats counted as one bloc is avoided: they are
    left out of enp_seats), gallagher (list votes against the chamber's seats, where there are
    list votes), parties_in_parliament (parties with a seat), absorbed (parties merged into the
    ruling party's lineage by that year), annulled. Annulled elections (Kyrgyzstan 2020) are
    left out unless ``include_annulled``."""
    found = elections(country, period)
    if not include_annulled:
        found = found[~found["annulled"]]
    rows, used = [], [found]
    for e in found.itertuples(index=False):
        won, cast, role = seats(e.election_id), votes(e.election_id), roles(e.election_id)
        used += [won.attrs, cast.attrs, role]
        parties = won[[not str(p).endswith(NOT_PARTIES) for p in won.index]]
        ruling_id, basis = _ruling(role, won)
        size = int(e.seats) if pd.notna(e.seats) else int(won.sum()) if len(won) else 0
        seat_share = _shares(won) if len(won) else won
        vote_share = _shares(cast) if len(cast) else cast
        rows.append(
            {
                "country": e.country,
                "election_id": e.election_id,
                "year": e.year,
                "seats": size,
                "ruling_party": ruling_id,
                "ruling_basis": basis,
                "ruling_vote_share": (
                    float(vote_share.get(ruling_id, 0.0)) if len(cast) and ruling_id else None
                ),
                "ruling_chamber_share": (
                    100 * float(won.get(ruling_id, 0)) / size if ruling_id and size else None
                ),
                "enp_votes": electoral.enp(vote_share) if len(cast) else None,
                "enp_seats": electoral.enp(parties) if parties.sum() > 0 else None,
                "gallagher": (
                    electoral.gallagher(dict(vote_share), dict(seat_share))
                    if len(cast) and won.sum() > 0
                    else None
                ),
                "parties_in_parliament": int((parties > 0).sum()),
                "absorbed": len(absorbed(ruling_id, until=e.year)) if ruling_id else 0,
                "annulled": bool(e.annulled),
            }
        )
    out = pd.DataFrame(rows)
    for column in (
        "ruling_vote_share",
        "ruling_chamber_share",
        "enp_votes",
        "enp_seats",
        "gallagher",
    ):
        out[column] = pd.to_numeric(out[column]).astype("Float64")
    out["ruling_party"] = out["ruling_party"].astype("string")
    out["ruling_basis"] = out["ruling_basis"].astype("string")
    return sources.attach(out, *used)


def _ruling(role: dict[str, Any], won: pd.Series) -> tuple[str | None, str | None]:
    """The president's party (``party_roles``); where no source names one, the largest party
    with seats that a source calls pro-presidential. Returns (party_id, basis)."""
    president = sorted(role.get("president's party", set()))
    if president:
        return max(president, key=lambda p: won.get(p, 0)), "president's party"
    backing = [p for p in role.get("pro-presidential", set()) if won.get(p, 0) > 0]
    if backing:
        return max(backing, key=lambda p: won.get(p, 0)), "largest pro-presidential party"
    return None, None


def is_super_party(
    row: pd.Series | dict, *, seat_share: float = 200 / 3, must_absorb: bool = True
) -> bool:
    """The operational definition: the president's party holds at least ``seat_share``
    percent of the seats (two-thirds by default) and, if ``must_absorb``, has absorbed at least
    one other party (``absorbed``)."""
    share = row["ruling_chamber_share"]
    if share is None or pd.isna(share):
        return False
    return bool(share >= seat_share and (row["absorbed"] > 0 or not must_absorb))


def typology(
    frame: pd.DataFrame, *, seat_share: float = 200 / 3, must_absorb: bool = True
) -> pd.DataFrame:
    """The paper's typology (``paper_typology``) beside the data, per country, for the
    latest election in ``frame`` (:func:`summary`) that was not annulled and whose seats by
    party are in the data: country, election_id,
    super_party (paper) and super_party_data (:func:`is_super_party`), credible_opposition
    (paper) and opposition_in_parliament (a party ``party_roles`` calls opposition won seats),
    several_pro_presidential (paper) and pro_presidential_in_parliament (parties the sources call
    pro-presidential or the president's, with seats), agrees (the super-party verdicts agree;
    "behaves as one" counts as no)."""
    paper = data.load("paper_typology").set_index("country")
    rows, used = [], [frame, paper]
    counted = frame[~frame["annulled"] & (frame["parties_in_parliament"] > 0)]
    for country, part in counted.groupby("country", sort=False):
        last = part.iloc[-1]
        role = roles(last["election_id"])
        won = seats(last["election_id"])
        used += [role, won.attrs]
        with_seats = set(won[won > 0].index)
        backing = role.get("pro-presidential", set()) | role.get("president's party", set())
        data_verdict = is_super_party(last, seat_share=seat_share, must_absorb=must_absorb)
        says = paper.loc[country] if country in paper.index else None
        rows.append(
            {
                "country": country,
                "election_id": last["election_id"],
                "super_party": says["super_party"] if says is not None else pd.NA,
                "super_party_data": "yes" if data_verdict else "no",
                "credible_opposition": says["credible_opposition"] if says is not None else pd.NA,
                "opposition_in_parliament": len(role.get("opposition", set()) & with_seats),
                "several_pro_presidential": (
                    says["several_pro_presidential"] if says is not None else pd.NA
                ),
                "pro_presidential_in_parliament": len(backing & with_seats),
                "agrees": (
                    (says["super_party"] == "yes") == data_verdict if says is not None else pd.NA
                ),
            }
        )
    return sources.attach(pd.DataFrame(rows), *used)


def sensitivity(
    frame: pd.DataFrame, shares: tuple[float, ...] = (50.0, 60.0, 200 / 3, 75.0)
) -> pd.DataFrame:
    """How the super-party verdicts move with the definition: per country (latest election of
    ``frame``) and seat-share bar, with and without the absorption condition: country,
    super_share (the bar, percent of seats), must_absorb, super_party_data."""
    rows = []
    for share in shares:
        for must in (True, False):
            t = typology(frame, seat_share=share, must_absorb=must)
            for r in t.itertuples(index=False):
                rows.append(
                    {
                        "country": r.country,
                        "super_share": float(Fraction(share).limit_denominator(3)),
                        "must_absorb": must,
                        "super_party_data": r.super_party_data,
                    }
                )
    return sources.attach(pd.DataFrame(rows), frame)


def sensitivity_table(moved: pd.DataFrame) -> pd.DataFrame:
    """:func:`sensitivity` as one row per country and one column per definition, named like
    ``"≥ 66.7%, absorbed"`` (or ``"≥ 50.0%"`` without the absorption condition)."""
    frame = moved.assign(
        definition=[
            f"≥ {share:.1f}%" + (", absorbed" if must else "")
            for share, must in zip(moved["super_share"], moved["must_absorb"], strict=True)
        ]
    )
    order = list(dict.fromkeys(frame["definition"]))
    wide = frame.pivot_table(
        index="country", columns="definition", values="super_party_data", aggfunc="first",
        sort=False,
    )  # fmt: skip
    wide = wide.reindex(columns=order).reset_index()
    wide.columns.name = None
    return sources.attach(wide, moved)
