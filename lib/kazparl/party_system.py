"""The party system election by election: list-tier shares, seats, indices and counterfactuals.

:mod:`kazparl.electoral` holds the rules and indices; this module applies them to the data
package, one tidy DataFrame per question::

    >>> from kazparl import party_system
    >>> party_system.list_elections()[:2]
    ['majilis-1999', 'majilis-2004']

Choices made here, stated once:

- **Votes.** A list election's preferred rows give votes (counts) where the preferred source
  has them. Where it gives only percentages (Majilis 2012: the CEC's final shares via Reuters),
  the shares stand in for votes ("pseudo-votes", exact decimals); ``votes_kind`` says which.
- **Shares** are of the votes cast for parties (the sum of the list rows), the same base every
  year, so indices compare across elections. The official percentages (on participants or
  valid votes, see ``pct_base``) are kept beside them in :func:`list_results`.
- **Threshold base.** Where the data package declares the base (the election law's Article 97
  for 2012-2021: voters who took part) and the preferred ``elections`` row gives that number,
  it is the base; otherwise the base is the votes cast for parties, and ``threshold_base`` says
  so. (For 2004 this matters: measured on all 4,893,204 ballots, AIST's 336,177 votes are
  6.87%, below 7%, yet AIST won a list seat; on party votes they are 7.07%.)
- **The ruling party** is Otan (1999-2006), renamed Nur Otan (2006-2022) and Amanat (2022-);
  parties that merged into it later count as what they were when they ran.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from kazparl import data, electoral
from kazparl.audit import half_unit

__all__ = [
    "RULING_PARTY",
    "allocation_input",
    "counterfactuals",
    "describe_counterfactuals",
    "list_elections",
    "list_results",
    "paper_comparison",
    "party_names",
    "scenario",
    "sources_of",
    "summary",
    "tiers",
]

# The ruling party under its three names. Parties that merged into it later (Asar 2006,
# Adal 2022 and, through Birlik and Adal, Rukhaniyat and Adilet) were rivals when they ran.
RULING_PARTY = ("otan", "nur-otan", "amanat")


def list_elections() -> list[str]:
    """Majilis elections with preferred party-list results, in date order."""
    results = data.load("results")
    rows = results[(results["tier"] == "list") & results["preferred"].fillna(False)]
    have = set(rows.loc[rows["votes"].notna() | rows["pct"].notna(), "election_id"])
    return [e for e in data.election_ids("majilis") if e in have]


def list_results(election_id: str) -> pd.DataFrame:
    """The preferred list rows of an election with shares of party votes and of seats.

    Columns: party_id, votes, pct (official, on ``pct_base``), pct_base, seats, source_id,
    ``votes_kind`` ("count" or "share"), ``vote_share`` and ``seat_share`` (percent of the
    party votes and of the tier's seats), ``ruling`` (the Otan lineage).
    """
    rows = data.results(election_id, "list").copy()
    if rows.empty:
        valid = ", ".join(list_elections())
        raise KeyError(f"{election_id} has no list results; elections with them: {valid}")
    counts = rows["votes"].notna().all()
    rows["votes_kind"] = "count" if counts else "share"
    weight = rows["votes"] if counts else rows["pct"]
    rows["vote_share"] = (100 * weight / weight.sum()).astype("Float64")
    seats = rows["seats"].fillna(0)
    rows["seats"] = seats.astype("Int64")
    rows["seat_share"] = (100 * seats / seats.sum()).astype("Float64")
    rows["ruling"] = rows["party_id"].isin(RULING_PARTY)
    columns = ["party_id", "votes", "pct", "pct_base", "seats", "source_id", "votes_kind"]
    return rows[[*columns, "vote_share", "seat_share", "ruling"]]


def allocation_input(election_id: str) -> dict:
    """What a seat allocation of an election's list tier starts from.

    Returns ``votes`` (a Series of ints, counts or pseudo-votes from shares), ``votes_kind``,
    ``seats`` (the list tier's size), ``threshold`` (legal, as a fraction), ``base`` (voters who
    took part, or None) and ``threshold_base`` ("participants" or "party votes").
    """
    rows = list_results(election_id)
    if (rows["votes_kind"] == "count").all():
        votes = rows.set_index("party_id")["votes"].astype(int)
    else:  # exact decimal shares as integers: 80.99% -> 8099
        votes = rows.set_index("party_id")["pct"].map(lambda p: int(Fraction(str(p)) * 100))
    elections = data.load("elections")
    mine = elections[elections["election_id"] == election_id]
    chosen = data.election(election_id)
    participants = chosen["participants"] if chosen is not None else pd.NA
    seats = mine["seats_list"].dropna()
    threshold = mine["threshold_pct"].dropna()
    declared = set(mine["threshold_base"].dropna())
    counts = rows["votes_kind"].iat[0] == "count"
    if "participants" in declared and counts and pd.notna(participants):
        base, base_label = int(participants), "participants"
    elif "participants" in declared:
        base, base_label = None, "party votes (participants not in the preferred row)"
    else:
        base, base_label = None, "party votes (no source read states the base)"
    return {
        "votes": votes,
        "votes_kind": rows["votes_kind"].iat[0],
        "seats": int(seats.max()),
        "threshold": float(Fraction(str(threshold.iloc[0])) / 100) if len(threshold) else 0.0,
        "base": base,
        "threshold_base": base_label,
    }


def summary() -> pd.DataFrame:
    """One row per list election: the ruling party's shares, ENP, disproportionality, waste.

    Columns: election_id, year, seats, ruling_vote_share, ruling_seat_share, enp_votes,
    enp_seats (Laakso-Taagepera), gallagher, loosemore_hanby (points), wasted_votes (share of
    party votes cast for lists that won no seat), volatility (Pedersen, in points, against
    the previous list election, with parties mapped through renamings and mergers completed by
    the later election), parties (lists on the ballot), votes_kind.
    """
    out = []
    parties = data.load("parties")
    dates = data.load("elections").groupby("election_id")["date"].min()
    previous: pd.Series | None = None
    for election_id in list_elections():
        rows = list_results(election_id)
        vote, seat = rows["vote_share"].astype(float), rows["seat_share"].astype(float)
        shares = pd.Series(vote.to_numpy(), index=rows["party_id"])
        if previous is None:
            volatility = float("nan")
        else:  # parties as they stood at this election: renamings and completed mergers
            lineage = electoral.party_lineage(parties, until=dates[election_id])
            volatility = electoral.pedersen(previous, shares, lineage)
        previous = shares
        out.append(
            {
                "election_id": election_id,
                "year": int(election_id[-4:]),
                "seats": int(rows["seats"].sum()),
                "ruling_vote_share": float(vote[rows["ruling"]].sum()),
                "ruling_seat_share": float(seat[rows["ruling"]].sum()),
                "enp_votes": electoral.enp(vote),
                "enp_seats": electoral.enp(seat),
                "gallagher": electoral.gallagher(vote, seat),
                "loosemore_hanby": electoral.loosemore_hanby(vote, seat),
                "wasted_votes": float(vote[rows["seats"] == 0].sum()),
                "volatility": volatility,
                "parties": len(rows),
                "votes_kind": rows["votes_kind"].iat[0],
            }
        )
    return pd.DataFrame(out)


def counterfactuals(
    thresholds: tuple[float, ...] = (0.03, 0.05, 0.07),
    methods: tuple[str, ...] = ("largest_remainder", "dhondt"),
    elections: list[str] | None = None,
) -> pd.DataFrame:
    """Seats of every list election under other thresholds and methods.

    Tidy: election_id, threshold, method, party_id, seats, official_seats. The base of the
    threshold and the tier size are the election's own (:func:`allocation_input`); the
    runner-up rule is not applied (it is a rule about one party passing, which these
    scenarios are meant to test).
    """
    parts = []
    for election_id in elections or list_elections():
        inp = allocation_input(election_id)
        official = list_results(election_id).set_index("party_id")["seats"]
        for method in methods:
            for threshold in thresholds:
                seats = electoral.allocate_seats(
                    inp["votes"], inp["seats"], method=method, threshold=threshold, base=inp["base"]
                )
                part = seats.rename("seats").rename_axis("party_id").reset_index()
                part.insert(0, "method", method)
                part.insert(0, "threshold", threshold)
                part.insert(0, "election_id", election_id)
                part["official_seats"] = part["party_id"].map(official).astype("Int64")
                parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["seats"] = out["seats"].astype("Int64")
    return out


def tiers(election_id: str) -> pd.DataFrame:
    """Seats by party in each tier (list, single-mandate, total) of a mixed election, kept apart."""
    rows = []
    for tier in ("list", "single-mandate", "total"):
        part = data.results(election_id, tier)
        part = part.groupby("party_id", observed=True)["seats"].max()  # last round's total
        rows.append(part.rename(tier))
    out = pd.concat(rows, axis=1).astype("Int64")
    out = out.sort_values("total", ascending=False, na_position="last")
    out.insert(0, "party", out.index.map(party_names()))
    return out.reset_index()


def paper_comparison(election_id: str) -> pd.DataFrame:
    """The paper's list figures beside the preferred (final) and preliminary ones, flagged.

    One row per party: ``final`` (preferred pct), ``preliminary`` (a preliminary row's pct if
    any), ``paper`` (Bowyer 2008), the difference paper - final, and a ``flag``: "matches",
    "rounding", "paper uses the preliminary figure", "paper's figure is another party's",
    or "differs".
    """
    rows = data.results(election_id, "list", preferred=False)
    final = rows[rows["preferred"].fillna(False)].set_index("party_id")["pct"]
    prelim = rows[rows["status"] == "preliminary"]
    prelim = prelim[prelim["source_id"] != "bowyer-2008"].groupby("party_id")["pct"].first()
    paper = rows[rows["source_id"] == "bowyer-2008"].groupby("party_id")["pct"].first()
    out = pd.DataFrame({"final": final, "preliminary": prelim, "paper": paper})
    out = out[out["paper"].notna()].copy()
    out["paper_minus_final"] = out["paper"] - out["final"]
    values = rows[["party_id", "pct"]].dropna()

    def flag(row: pd.Series) -> str:
        if pd.isna(row["final"]):
            return "only the paper"
        if row["paper"] == row["final"]:
            return "matches"
        if pd.notna(row["preliminary"]) and row["paper"] == row["preliminary"]:
            return "paper uses the preliminary figure"
        if abs(row["paper"] - row["final"]) <= half_unit(row["paper"], row["final"]):
            return "rounding"
        if ((values["party_id"] != row.name) & (values["pct"] == row["paper"])).any():
            return "paper's figure is another party's"
        return "differs"

    out["flag"] = out.apply(flag, axis=1)
    out.index.name = "party_id"
    return out.reset_index()


def scenario(
    election_id: str,
    *,
    threshold: float | None = None,
    method: str = "largest_remainder",
    seats: int | None = None,
) -> pd.DataFrame:
    """The list tier of one election re-allocated under another threshold, method or size.

    ``None`` keeps the election's own value (legal threshold, the tier's size). Columns:
    party_id, vote_share, official_seats, seats; ``attrs["ties"]`` lists ties that decided a
    seat and ``attrs["rule"]`` describes the rule applied.
    """
    inp = allocation_input(election_id)
    thr = inp["threshold"] if threshold is None else threshold
    size = inp["seats"] if seats is None else seats
    result = electoral.allocate_seats(
        inp["votes"], size, method=method, threshold=thr, base=inp["base"]
    )
    rows = list_results(election_id).set_index("party_id")
    out = pd.DataFrame(
        {
            "vote_share": rows["vote_share"],
            "official_seats": rows["seats"],
            "seats": result.astype("Int64"),
        }
    )
    out.attrs["ties"] = list(result.attrs.get("ties", []))
    out.attrs["rule"] = (
        f"{method}, {size} seats, threshold {thr:.0%} of {inp['threshold_base']}"
        f" ({'votes' if inp['votes_kind'] == 'count' else 'shares as votes'})"
    )
    return out.rename_axis("party_id").reset_index()


def party_names() -> dict[str, str]:
    """party_id -> the short name used in tables and figures (``parties.name_short``)."""
    return data.load("parties").set_index("party_id")["name_short"].to_dict()


def sources_of(elections: list[str]) -> list[str]:
    """The sources of the preferred list rows of these elections, in order of first use."""
    ids: list[str] = []
    for election_id in elections:
        ids += data.results(election_id, "list")["source_id"].tolist()
    return list(dict.fromkeys(ids))


def describe_counterfactuals(frame: pd.DataFrame, names: dict[str, str] | None = None) -> list[str]:
    """Plain sentences: for each election and method, who wins seats at each threshold.

    ``frame`` is the output of :func:`counterfactuals`; ``names`` maps party ids to labels
    (default: :func:`party_names`).
    """
    names = names or party_names()
    lines = []
    for (election_id, method), part in frame.groupby(["election_id", "method"], sort=True):
        official = set(part.loc[part["official_seats"].fillna(0) > 0, "party_id"])
        lines.append(f"{election_id}, {method.replace('_', ' ')}:")
        for threshold, rows in part.groupby("threshold", sort=True):
            winners = rows[rows["seats"] > 0].sort_values("seats", ascending=False)
            new = [names.get(p, p) for p in winners["party_id"] if p not in official]
            gone = [names.get(p, p) for p in official if p not in set(winners["party_id"])]
            seats = ", ".join(
                f"{names.get(p, p)} {s}"
                for p, s in zip(winners["party_id"], winners["seats"], strict=True)
            )
            change = "; ".join(
                [
                    *(["enter: " + ", ".join(new)] if new else []),
                    *(["out: " + ", ".join(gone)] if gone else []),
                ]
            )
            lines.append(f"  {threshold:>4.0%}  {seats}" + (f"  ({change})" if change else ""))
    return lines
