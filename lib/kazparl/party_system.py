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
- **Figures of the ``elections`` table** (the tier's size, the legal threshold) come from the
  preferred row of the election where it states them, else from the first row that does.
- **The ruling party** is Otan (1999-2006), renamed Nur Otan (2006-2022) and Amanat (2022-);
  parties that merged into it later count as what they were when they ran.

Every frame returned carries ``attrs["sources"]`` (and every dict a ``"sources"`` key): the
``results`` rows used, the ``elections`` rows whose figures are used and, where renamings and
mergers are followed, the ``parties`` rows that state them.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pandas as pd

from kazparl import data, electoral, params, sources, systems

__all__ = [
    "LIST_BODIES",
    "METHOD_NAMES",
    "PAPER_SOURCE",
    "RULING_PARTY",
    "RUNNER_UP_YEARS",
    "allocation_input",
    "bloc_arithmetic",
    "counterfactual_table",
    "counterfactuals",
    "list_elections",
    "list_results",
    "list_tier_elections",
    "mixed_elections",
    "paper_comparison",
    "paper_elections",
    "parties_winning",
    "party_names",
    "party_series",
    "pending_elections",
    "reproduction",
    "runner_up_check",
    "scenario",
    "summary",
    "tier_check",
    "tier_checks",
    "tiers",
]

# The ruling party under its three names. Parties that merged into it later (Asar 2006,
# Adal 2022 and, through Birlik and Adal, Rukhaniyat and Adilet) were rivals when they ran.
RULING_PARTY = ("otan", "nur-otan", "amanat")

#: The 2008 paper, whose list figures :func:`paper_comparison` sets beside the others.
PAPER_SOURCE = "bowyer-2008"

#: Years in which the election law had the runner-up rule of Article 97(2) (the 2009 text,
#: replaced in 2022), for sentences; which elections it applied to is data
#: (``electoral_rules``, :func:`kazparl.systems.system_of`).
RUNNER_UP_YEARS = range(2009, 2023)

#: How the seat methods are named in tables and sentences (defined in :mod:`kazparl.electoral`).
METHOD_NAMES = electoral.METHOD_NAMES


#: The chambers elected (in part) by national party lists.
LIST_BODIES = ("majilis", "kurultai")


def list_elections() -> list[str]:
    """Elections with preferred party-list results (Majilis, Kurultai), in date order."""
    results = data.load("results")
    rows = results[(results["tier"] == "list") & results["preferred"].fillna(False)]
    have = set(rows.loc[rows["votes"].notna() | rows["pct"].notna(), "election_id"])
    return [e for e in list_tier_elections() if e in have]


def list_tier_elections() -> list[str]:
    """Every election with a party-list tier (an ``elections`` row gives list seats), with or
    without curated results, in date order: the choices of a notebook's ``election``."""
    rows = data.load("elections")
    rows = rows[rows["body"].isin(LIST_BODIES) & (rows["seats_list"].fillna(0) > 0)]
    have = set(rows["election_id"])
    return [e for e in data.election_ids() if e in have]


def pending_elections() -> pd.DataFrame:
    """List elections in the data whose results are not curated yet (e.g. an election held
    before its results reached the sources read): election_id, date, seats_list,
    threshold_pct, status, source_id, from their preferred ``elections`` row."""
    curated = set(list_elections())
    rows = data.load("elections")
    rows = rows[
        rows["election_id"].isin([e for e in list_tier_elections() if e not in curated])
        & rows["preferred"].fillna(False)
    ]
    cols = ["election_id", "date", "seats_list", "threshold_pct", "status", "source_id"]
    return sources.attach(rows[cols].reset_index(drop=True))


def _year(election_id: str) -> int:
    return int(str(election_id)[-4:])


def list_results(election_id: str) -> pd.DataFrame:
    """The preferred list rows of an election with shares of party votes and of seats.

    Columns: election_id, party_id, votes, pct (official, on ``pct_base``), pct_base, seats
    (0 for a list that won none), source_id, ``votes_kind`` ("count" or "share"),
    ``vote_share`` and ``seat_share`` (percent of the party votes and of the tier's seats),
    ``ruling`` (the Otan lineage). An election with a list tier but no curated results yet
    gives an empty frame (its sources: the ``elections`` rows); any other id raises
    :class:`~kazparl.errors.UnknownIdError` listing the list elections.

    >>> list_results("majilis-2007")["seats"].tolist()
    [98, 0, 0, 0, 0, 0, 0]
    """
    params.known("election", election_id, list_tier_elections())
    rows = data.results(election_id, "list").copy()
    if election_id not in list_elections():
        rows = rows.iloc[0:0]
    counts = rows["votes"].notna().all()
    rows["votes_kind"] = "count" if counts else "share"
    weight = rows["votes"] if counts else rows["pct"]
    rows["vote_share"] = (100 * weight / weight.sum()).astype("Float64")
    seats = rows["seats"].fillna(0)
    rows["seats"] = seats.astype("Int64")
    rows["seat_share"] = (100 * seats / seats.sum()).astype("Float64")
    rows["ruling"] = rows["party_id"].isin(RULING_PARTY)
    columns = ["election_id", "party_id", "votes", "pct", "pct_base", "seats", "source_id"]
    out = rows[[*columns, "votes_kind", "vote_share", "seat_share", "ruling"]]
    if out.empty:  # no results yet: the election's rules are all there is
        return sources.attach(out.reset_index(drop=True), _election_rows(election_id))
    return sources.attach(out.reset_index(drop=True))


def _election_rows(election_id: str) -> pd.DataFrame:
    """The ``elections`` rows of one election, the preferred ones first (then file order)."""
    rows = data.load("elections")
    rows = rows[rows["election_id"] == election_id]
    order = (~rows["preferred"].fillna(False)).astype(int)
    return rows.assign(_order=order).sort_values(["_order", "round"], kind="stable")


def _figure(rows: pd.DataFrame, column: str, *, largest: bool = False) -> tuple[Any, pd.DataFrame]:
    """The value of ``column`` (the first stated, or the largest) and the row it comes from."""
    stated = rows[rows[column].notna()]
    if stated.empty:
        return None, stated
    if largest:
        stated = stated[stated[column] == stated[column].max()]
    return stated[column].iat[0], stated.head(1)


def allocation_input(election_id: str) -> dict:
    """What a seat allocation of an election's list tier starts from.

    Returns ``votes`` (a Series of ints, counts or pseudo-votes from shares), ``votes_kind``,
    ``seats`` (the list tier's size), ``threshold`` (legal, as a fraction), ``base`` (voters who
    took part, or None) and ``threshold_base`` ("participants" or "party votes ..."), and
    ``sources``: the list rows, and the ``elections`` rows that give the size, the threshold,
    the declared base and the number of participants used.

    >>> inp = allocation_input("majilis-2021")
    >>> inp["seats"], inp["threshold"], inp["base"]
    (98, 0.07, 7539280)
    """
    rows = list_results(election_id)
    if rows.empty:  # no results yet
        votes = pd.Series(dtype="int64", name="votes")
    elif (rows["votes_kind"] == "count").all():
        votes = rows.set_index("party_id")["votes"].astype(int)
    else:  # exact decimal shares as integers: 80.99% -> 8099
        votes = rows.set_index("party_id")["pct"].map(lambda p: int(Fraction(str(p)) * 100))
    mine = _election_rows(election_id)
    seats, seat_row = _figure(mine, "seats_list", largest=True)
    threshold, threshold_row = _figure(mine, "threshold_pct")
    declared_rows = mine[mine["threshold_base"].notna()]
    declared = set(declared_rows["threshold_base"])
    chosen = data.election(election_id)
    participants = chosen["participants"] if chosen is not None else pd.NA
    counts = not rows.empty and rows["votes_kind"].iat[0] == "count"
    used = [rows, seat_row, threshold_row, declared_rows]
    if "participants" in declared and counts and pd.notna(participants):
        base, base_label = int(participants), "participants"
        used.append(chosen["source_id"])
    elif "participants" in declared:
        base, base_label = None, "party votes (participants not in the preferred row)"
    else:
        base, base_label = None, "party votes (no source read states the base)"
    return {
        "election_id": election_id,
        "votes": votes,
        "votes_kind": rows["votes_kind"].iat[0] if not rows.empty else None,
        "seats": int(seats),
        "threshold": float(Fraction(str(threshold)) / 100) if threshold is not None else 0.0,
        "base": base,
        "threshold_base": base_label,
        "sources": sources.of(*used),
    }


def _base_share(inp: dict) -> pd.Series:
    """Each list's votes as a percent of the threshold's base."""
    base = inp["base"] if inp["base"] is not None else int(inp["votes"].sum())
    return (100 * inp["votes"] / base).astype(float)


def _lineage_rows(parties: pd.DataFrame, lineage: dict[str, str], ids: Any) -> pd.DataFrame:
    """The ``parties`` rows whose successor links take the parties ``ids`` to their lineage."""
    link = parties.set_index("party_id")["successor_id"]
    used: list[str] = []
    for party in dict.fromkeys(ids):
        current = party
        while current != lineage.get(party, party) and current in link.index:
            used.append(current)
            current = link[current]
    return parties[parties["party_id"].isin(used)]


def summary() -> pd.DataFrame:
    """One row per list election: the ruling party's shares, ENP, disproportionality, waste.

    Columns: election_id, year, seats (the list tier's), threshold (legal, a fraction),
    parties (lists on the ballot), parties_winning (lists that won list seats), qualified
    (lists over the legal threshold on its base, :func:`allocation_input`), ruling_party
    (the name the Otan lineage ran under), ruling_vote_share, ruling_seat_share, ruling_pct
    (its official share, on ``pct_base``), enp_votes, enp_seats (Laakso-Taagepera),
    gallagher, loosemore_hanby (points), wasted_votes (share of party votes cast for lists
    that won no seat), volatility (Pedersen, in points, against the previous list election,
    with parties mapped through renamings and mergers completed by the later election),
    against_all (ballots "against all", where an ``elections`` row gives them), votes_kind.
    """
    out = []
    used: list[Any] = []
    parties = data.load("parties")
    dates = data.load("elections").groupby("election_id")["date"].min()
    previous: pd.Series | None = None
    for election_id in list_elections():
        rows = list_results(election_id)
        inp = allocation_input(election_id)
        against_all, against_row = _figure(_election_rows(election_id), "against_all")
        used += [inp, against_row]
        vote, seat = rows["vote_share"].astype(float), rows["seat_share"].astype(float)
        shares = pd.Series(vote.to_numpy(), index=rows["party_id"])
        if previous is None:
            volatility = float("nan")
        else:  # parties as they stood at this election: renamings and completed mergers
            lineage = electoral.party_lineage(parties, until=dates[election_id])
            volatility = electoral.pedersen(previous, shares, lineage)
            used.append(_lineage_rows(parties, lineage, [*previous.index, *shares.index]))
        previous = shares
        ruling = rows[rows["ruling"]]
        legal = electoral.allocate_seats(
            inp["votes"], inp["seats"], threshold=inp["threshold"], base=inp["base"]
        )
        out.append(
            {
                "election_id": election_id,
                "year": _year(election_id),
                "seats": int(rows["seats"].sum()),
                "threshold": inp["threshold"],
                "parties": len(rows),
                "parties_winning": int((rows["seats"] > 0).sum()),
                "qualified": len(legal.attrs["qualified"]),
                "ruling_party": ruling["party_id"].iat[0] if len(ruling) else pd.NA,
                "ruling_vote_share": float(vote[rows["ruling"]].sum()),
                "ruling_seat_share": float(seat[rows["ruling"]].sum()),
                "ruling_pct": float(ruling["pct"].sum()) if ruling["pct"].notna().all() else None,
                "enp_votes": electoral.enp(vote),
                "enp_seats": electoral.enp(seat),
                "gallagher": electoral.gallagher(vote, seat),
                "loosemore_hanby": electoral.loosemore_hanby(vote, seat),
                "wasted_votes": float(vote[rows["seats"] == 0].sum()),
                "volatility": volatility,
                "against_all": against_all,
                "votes_kind": rows["votes_kind"].iat[0],
            }
        )
    frame = pd.DataFrame(out)
    frame["against_all"] = frame["against_all"].astype("Int64")
    frame["ruling_pct"] = frame["ruling_pct"].astype("Float64")
    return sources.attach(frame, *used)


def party_series(party_id: str | None = None) -> pd.DataFrame:
    """One party's list results over the elections, through its renamings.

    ``party_id`` is any of the party's names (None: the ruling party, Otan / Nur Otan /
    Amanat). Renamings are followed both ways (``successor_kind`` "renamed" in the
    ``parties`` table); mergers are not: a party that absorbed others is not their sum. One
    row per list election the party ran in: election_id, year, party_id (the name it ran
    under), vote_share, seat_share, seats. Raises
    :class:`~kazparl.errors.UnknownIdError` for an unknown party.

    >>> party_series("ppk")[["year", "party_id"]].values.tolist()[-2:]
    [[2021, 'ppk'], [2023, 'ppk']]
    """
    parties = data.load("parties")
    party_id = RULING_PARTY[-1] if party_id is None else party_id
    params.known("party_id", party_id, parties["party_id"].tolist())
    renamed = parties[parties["successor_kind"] == "renamed"]
    names = {party_id}
    links = list(renamed[["party_id", "successor_id"]].itertuples(index=False))
    grown = True
    while grown:
        before = len(names)
        for old, new in links:
            if old in names or new in names:
                names |= {old, new}
        grown = len(names) > before
    rows, used = [], [parties[parties["party_id"].isin(names) & parties["successor_id"].notna()]]
    for election_id in list_elections():
        result = list_results(election_id)
        mine = result[result["party_id"].isin(names)]
        if mine.empty:
            continue
        used.append(mine)
        rows.append(
            mine[["election_id", "party_id", "vote_share", "seat_share", "seats"]].assign(
                year=_year(election_id)
            )
        )
    columns = ["election_id", "year", "party_id", "vote_share", "seat_share", "seats"]
    out = pd.concat(rows, ignore_index=True)[columns] if rows else pd.DataFrame(columns=columns)
    return sources.attach(out, *used)


def counterfactuals(
    thresholds: tuple[float, ...] = (0.03, 0.05, 0.07),
    methods: tuple[str, ...] = ("largest_remainder", "dhondt"),
    elections: list[str] | None = None,
) -> pd.DataFrame:
    """Seats of every list election under other thresholds and methods.

    Tidy: election_id, threshold, method, party_id, seats, official_seats, base_share (the
    list's votes as a percent of the threshold's base), legal_threshold, threshold_base
    (:func:`allocation_input`). The base of the
    threshold and the tier size are the election's own (:func:`allocation_input`); the
    runner-up rule is not applied (it is a rule about one party passing, which these
    scenarios are meant to test).
    """
    parts, used = [], []
    for election_id in elections or list_elections():
        inp = allocation_input(election_id)
        used.append(inp)
        official = list_results(election_id).set_index("party_id")["seats"]
        share = _base_share(inp)
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
                part["base_share"] = part["party_id"].map(share)
                part["legal_threshold"] = inp["threshold"]
                part["threshold_base"] = inp["threshold_base"]
                parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["seats"] = out["seats"].astype("Int64")
    return sources.attach(out, *used)


def _scenario_column(method: str, threshold: float) -> str:
    return f"{METHOD_NAMES.get(method, method)} {threshold:.0%}"


def counterfactual_table(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`counterfactuals` as a reader's table: one row per election and party.

    Columns: election_id, party_id, one column of seats per method and threshold (named
    ``"largest remainder 3%"``, ``"D'Hondt 7%"`` ...), official_seats. Only the parties that
    win a seat under some rule, or officially, are kept.

    >>> table = counterfactual_table(counterfactuals(elections=["majilis-2007"]))
    >>> table.columns.tolist()[2:4], table["party_id"].tolist()
    (['largest remainder 3%', 'largest remainder 5%'], ['nur-otan', 'nsdp', 'ak-zhol'])
    """
    keys = ["election_id", "party_id"]
    wide = frame.pivot_table(
        index=keys, columns=["method", "threshold"], values="seats", aggfunc="first", sort=False
    )
    wide.columns = [_scenario_column(m, t) for m, t in wide.columns]
    official = frame.groupby(keys, sort=False)["official_seats"].first()
    wide["official_seats"] = official
    won = (wide.fillna(0) > 0).any(axis=1)
    order = frame[keys].drop_duplicates()
    out = order.merge(wide[won].reset_index(), on=keys, how="inner")
    for column in out.columns[2:]:
        out[column] = out[column].astype("Int64")
    return sources.attach(out.reset_index(drop=True), frame)


def parties_winning(frame: pd.DataFrame) -> pd.DataFrame:
    """How many lists win seats under each rule of :func:`counterfactuals`.

    One row per election, method and threshold: election_id, year, method, threshold,
    parties_winning, official_parties (the lists that won seats officially).

    >>> wins = parties_winning(counterfactuals(elections=["majilis-2007"]))
    >>> wins[["method", "threshold", "parties_winning"]].values.tolist()[:3]
    [['largest_remainder', 0.03, 3], ['largest_remainder', 0.05, 1], ['largest_remainder', 0.07, 1]]
    """
    keys = ["election_id", "method", "threshold"]
    won = frame.assign(won=frame["seats"].fillna(0) > 0)
    out = won.groupby(keys, sort=False, as_index=False)["won"].sum()
    out = out.rename(columns={"won": "parties_winning"})
    official = (
        frame[frame["official_seats"].fillna(0) > 0]
        .drop_duplicates(["election_id", "party_id"])
        .groupby("election_id")
        .size()
    )
    out["official_parties"] = out["election_id"].map(official).fillna(0).astype(int)
    out.insert(1, "year", out["election_id"].map(_year))
    out["parties_winning"] = out["parties_winning"].astype(int)
    return sources.attach(out, frame)


def runner_up_check() -> pd.DataFrame:
    """Was the runner-up rule ever needed?

    One row per list election whose system (:func:`kazparl.systems.system_of`) has the rule:
    election_id, year, qualified (lists over the legal threshold on its base), needed (only
    one qualified, so the runner-up would be admitted) and runner_up (that list, or NA).
    """
    rows, used = [], []
    for election_id in list_elections():
        rules = systems.system_of(election_id)
        if rules is None or not rules.get("runner_up_rule"):
            continue
        inp = allocation_input(election_id)
        used += [inp, rules]
        result = electoral.allocate_seats(
            inp["votes"],
            inp["seats"],
            threshold=inp["threshold"],
            base=inp["base"],
            runner_up_rule=True,
            runner_up_coefficient=rules.get(
                "runner_up_coefficient", electoral.RUNNER_UP_COEFFICIENT
            ),
        )
        runner_up = result.attrs["runner_up"]
        qualified = [p for p in result.attrs["qualified"] if p != runner_up]
        rows.append(
            {
                "election_id": election_id,
                "year": _year(election_id),
                "qualified": len(qualified),
                "needed": runner_up is not None,
                "runner_up": runner_up if runner_up is not None else pd.NA,
            }
        )
    columns = ["election_id", "year", "qualified", "needed", "runner_up"]
    return sources.attach(pd.DataFrame(rows, columns=columns), *used)


def mixed_elections() -> list[str]:
    """List elections that also had single-mandate districts (two tiers), in date order."""
    results = data.load("results")
    smd = set(results.loc[results["tier"] == "single-mandate", "election_id"])
    return [e for e in list_elections() if e in smd]


def tiers(election_id: str | None = None) -> pd.DataFrame:
    """Seats by party in each tier (list, single-mandate, total) of an election, kept apart.

    Columns: election_id, party_id, list, single-mandate, total (the last round's figure;
    NA where no source gives it, which is not zero), most seats first. Only the parties (and
    independents) that won a seat in some tier are kept. ``None``: every election of
    :func:`mixed_elections`, one after the other.
    """
    if election_id is None:
        parts = [tiers(e) for e in mixed_elections()]
        return sources.attach(pd.concat(parts, ignore_index=True), *parts)
    columns, used = [], []
    for tier in ("list", "single-mandate", "total"):
        part = data.results(election_id, tier)
        used.append(part)
        part = part.groupby("party_id", observed=True)["seats"].max()  # last round's total
        columns.append(part.rename(tier))
    out = pd.concat(columns, axis=1).astype("Int64")
    out = out[(out.fillna(0) > 0).any(axis=1)]  # parties that won a seat in some tier
    out = out.sort_values("total", ascending=False, na_position="last")
    out = out.rename_axis("party_id").reset_index()
    out.insert(0, "election_id", election_id)
    return sources.attach(out, *used)


def tier_check(election_id: str) -> dict:
    """The size of each tier and how many of its seats the results place with a party.

    Returns ``seats`` (tier -> size from the ``elections`` table: "list", "single-mandate",
    "total"), ``known`` (tier -> seats the results give by party), ``parties`` (tier -> the
    parties with a figure), ``disputed`` (rows of other sources that give a party's total
    another number: party_id, preferred, other, source_id) and ``sources``.

    >>> check = tier_check("majilis-1999")
    >>> check["seats"]
    {'list': 10, 'single-mandate': 67, 'total': 77}
    """
    table = tiers(election_id)
    rows = _election_rows(election_id)
    seats, used = {}, [table]
    for tier, column in (
        ("list", "seats_list"),
        ("single-mandate", "seats_single_mandate"),
        ("total", "seats_total"),
    ):
        value, row = _figure(rows, column, largest=column == "seats_list")
        seats[tier] = None if value is None else int(value)
        used.append(row)
    known = {tier: int(table[tier].fillna(0).sum()) for tier in seats}
    parties = {tier: table.loc[table[tier].notna(), "party_id"].tolist() for tier in seats}
    every = data.results(election_id, "total", preferred=False)
    preferred = table.set_index("party_id")["total"]
    last = every[every["round"] == every["round"].max()]
    disputed = []
    for row in last[~last["preferred"].fillna(False)].itertuples(index=False):
        mine = preferred.get(row.party_id, pd.NA)
        if pd.notna(row.seats) and pd.notna(mine) and row.seats != mine:
            disputed.append(
                {
                    "party_id": row.party_id,
                    "preferred": int(mine),
                    "other": int(row.seats),
                    "source_id": row.source_id,
                }
            )
    return {
        "election_id": election_id,
        "seats": seats,
        "known": known,
        "parties": parties,
        "disputed": pd.DataFrame(disputed, columns=["party_id", "preferred", "other", "source_id"]),
        "sources": sources.of(*used),
    }


def tier_checks() -> list[dict]:
    """:func:`tier_check` of every election of :func:`mixed_elections`."""
    return [tier_check(e) for e in mixed_elections()]


def paper_elections() -> list[str]:
    """List elections for which the paper gives list figures (shares)."""
    results = data.load("results")
    paper = results[
        (results["source_id"] == PAPER_SOURCE)
        & (results["tier"] == "list")
        & results["pct"].notna()
    ]
    have = set(paper["election_id"])
    return [e for e in list_elections() if e in have]


def paper_comparison(election_id: str) -> pd.DataFrame:
    """The paper's list figures beside the preferred (final) and preliminary ones, flagged:
    the audit's verdicts (:func:`kazparl.audit.audit`) on the paper's claims of list shares,
    one comparison of the paper with the data for the whole suite.

    One row per party the paper gives a share for (its most precise claim), most votes
    first: ``claim_id``, ``final_pct`` (the audit's independent, preferred value),
    ``preliminary_pct`` (a preliminary row's pct if any, and its ``preliminary_source``),
    ``paper_pct`` (Bowyer 2008), ``paper_minus_final`` and a ``paper_flag``: "matches",
    "rounding", "paper uses the preliminary figure", "paper's figure is another party's",
    "differs", "only the paper" or "contradicts itself"; for "another party's", ``same_as``
    names the party whose figure it is and ``same_as_source`` the source giving it. Empty
    (with these columns) for an election the paper gives no list figures for.
    """
    from kazparl import audit

    params.known("election", election_id, list_tier_elections())
    audited = audit.audit()
    audited = audited[(audited["table"] == "results") & (audited["field"] == "pct")].copy()
    keys = audited["key"].map(audit.parse_key)
    mine = (keys.map(lambda k: k.get("election_id")) == election_id) & (
        keys.map(lambda k: k.get("tier")) == "list"
    )
    claims = audited[mine].assign(party_id=keys[mine].map(lambda k: k.get("party_id")))
    claims["_decimals"] = claims["value"].map(audit.consistency.decimals)
    claims = claims.sort_values("_decimals", ascending=False, kind="stable")
    claims = claims.drop_duplicates("party_id")
    rows = data.results(election_id, "list", preferred=False)
    prelim_rows = rows[(rows["status"] == "preliminary") & (rows["source_id"] != PAPER_SOURCE)]
    prelim = prelim_rows.groupby("party_id")["pct"].first()
    prelim_source = prelim_rows.groupby("party_id")["source_id"].first()
    used: list[Any] = [PAPER_SOURCE, *claims["independent_source"].dropna().astype(str)]
    used.append(prelim_rows[prelim_rows["party_id"].isin(claims["party_id"])])

    def flag(row: pd.Series) -> tuple[str, Any, Any]:
        verdict = str(row["verdict"])
        if verdict in ("matches", "only the paper", "contradicts itself"):
            return verdict, pd.NA, pd.NA
        if row["explanation"] == audit.REASONS[0]:
            return "paper uses the preliminary figure", pd.NA, pd.NA
        if verdict == "rounding":
            return "rounding", pd.NA, pd.NA
        other = audit.same_as(row)
        if other is not None:
            used.append(other[1])
            return "paper's figure is another party's", other[0], other[1]
        return "differs", pd.NA, pd.NA

    flags = [flag(row) for _, row in claims.iterrows()]
    out = pd.DataFrame(
        {
            "party_id": claims["party_id"].to_numpy(),
            "claim_id": claims["claim_id"].to_numpy(),
            "final_pct": pd.to_numeric(claims["independent"]).to_numpy(dtype=float),
            "preliminary_pct": claims["party_id"].map(prelim).to_numpy(dtype=float),
            "preliminary_source": claims["party_id"].map(prelim_source).to_numpy(),
            "paper_pct": claims["value"].to_numpy(dtype=float),
        }
    )
    out["paper_minus_final"] = out["paper_pct"] - out["final_pct"]
    out["paper_flag"] = [f[0] for f in flags]
    out["same_as"] = pd.array([f[1] for f in flags], dtype="string")
    out["same_as_source"] = pd.array([f[2] for f in flags], dtype="string")
    order = {p: i for i, p in enumerate(list_results(election_id)["party_id"])}
    out = out.sort_values("party_id", key=lambda s: s.map(order), ignore_index=True)
    return sources.attach(out, *used)


def bloc_arithmetic(election_id: str, size: int = 2) -> dict:
    """Would the largest lists that won no seat have cleared the legal threshold together?

    Returns ``parties`` (the ``size`` largest seatless lists, most votes first), ``shares``
    (their votes as percent of the threshold's base, :func:`allocation_input`),
    ``combined``, ``threshold`` (legal, percent), ``preliminary`` (their preliminary official
    shares, where the data have one for each, else None) and ``sources``. With fewer than two
    seatless lists ``parties`` has what there is and ``combined`` is None.
    """
    rows = list_results(election_id)
    inp = allocation_input(election_id)
    share = _base_share(inp) if len(inp["votes"]) else pd.Series(dtype=float)
    seatless = rows[rows["seats"] == 0].head(size)
    parties = seatless["party_id"].tolist()
    shares = [float(share[p]) for p in parties]
    every = data.results(election_id, "list", preferred=False)
    prelim_rows = every[
        (every["status"] == "preliminary")
        & (every["source_id"] != PAPER_SOURCE)
        & every["party_id"].isin(parties)
        & every["pct"].notna()
    ].drop_duplicates("party_id")
    prelim = prelim_rows.set_index("party_id")["pct"]
    complete = len(parties) >= 2 and all(p in prelim.index for p in parties)
    return {
        "election_id": election_id,
        "parties": parties,
        "shares": shares,
        "combined": sum(shares) if len(parties) >= 2 else None,
        "threshold": float(Fraction(repr(inp["threshold"])) * 100),
        "threshold_base": inp["threshold_base"],
        "preliminary": [float(prelim[p]) for p in parties] if complete else None,
        "no_results": rows.empty,
        "sources": sources.of(seatless, inp, prelim_rows if complete else None),
    }


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
    seat, ``attrs["rule"]`` describes the rule applied, and ``attrs`` also holds its parts:
    ``election_id``, ``method``, ``seats``, ``threshold``, ``legal_threshold``,
    ``legal_seats``, ``threshold_base``, ``votes_kind``.
    """
    inp = allocation_input(election_id)
    thr = inp["threshold"] if threshold is None else threshold
    size = inp["seats"] if seats is None else seats
    rows = list_results(election_id).set_index("party_id")
    if rows.empty:  # no results yet: nothing to allocate
        out = pd.DataFrame(columns=["party_id", "vote_share", "official_seats", "seats"])
        out.attrs.update(
            {
                "ties": [],
                "rule": "no results in the data",
                "election_id": election_id,
                "method": method,
                "seats": size,
                "threshold": thr,
                "legal_threshold": inp["threshold"],
                "legal_seats": inp["seats"],
                "threshold_base": inp["threshold_base"],
                "votes_kind": None,
            }
        )
        return sources.attach(out, inp)
    result = electoral.allocate_seats(
        inp["votes"], size, method=method, threshold=thr, base=inp["base"]
    )
    out = pd.DataFrame(
        {
            "vote_share": rows["vote_share"],
            "official_seats": rows["seats"],
            "seats": result.astype("Int64"),
        }
    )
    out = out.rename_axis("party_id").reset_index()
    out.attrs["ties"] = list(result.attrs.get("ties", []))
    out.attrs["rule"] = (
        f"{method}, {size} seats, threshold {thr:.0%} of {inp['threshold_base']}"
        f" ({'votes' if inp['votes_kind'] == 'count' else 'shares as votes'})"
    )
    out.attrs.update(
        {
            "election_id": election_id,
            "method": method,
            "seats": size,
            "threshold": thr,
            "legal_threshold": inp["threshold"],
            "legal_seats": inp["seats"],
            "threshold_base": inp["threshold_base"],
            "votes_kind": inp["votes_kind"],
        }
    )
    return sources.attach(out, inp)


def reproduction() -> pd.DataFrame:
    """Does each election's own rule give its official list seats?

    One row per list election: election_id, year, votes_kind, reproduced (every list's seats
    equal the official ones), ties (ties that decided a seat).
    """
    rows, used = [], []
    for election_id in list_elections():
        mine = scenario(election_id)
        used.append(mine)
        same = mine["seats"].fillna(0).tolist() == mine["official_seats"].fillna(0).tolist()
        rows.append(
            {
                "election_id": election_id,
                "year": _year(election_id),
                "votes_kind": mine.attrs["votes_kind"],
                "reproduced": same,
                "ties": len(mine.attrs["ties"]),
            }
        )
    return sources.attach(pd.DataFrame(rows), *used)


def party_names() -> dict[str, str]:
    """party_id -> the short name used in tables and figures (``parties.name_short``)."""
    return data.load("parties").set_index("party_id")["name_short"].to_dict()
