"""The findings of ``notebooks/electoral_system.ipynb``, from :mod:`kazparl.systems` and
:mod:`kazparl.referendums` results.

>>> from kazparl import systems
>>> print(chamber_sizes(systems.table()))  # doctest: +ELLIPSIS
From 1990 to 2026 the legislature was elected under 15 systems...
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kazparl import data, party_system, prose, sources, systems, tables
from kazparl.prose import Markdown

__all__ = [
    "assumptions",
    "chamber_sizes",
    "kurultai_result",
    "methods_matter",
    "not_direct",
    "referendum_pattern",
    "referendums_side_by_side",
    "rules_of",
    "same_votes",
    "votes_used",
]

_METHOD = party_system.METHOD_NAMES


def _name(party_id: str) -> str:
    return prose.escape(party_system.party_names().get(party_id, party_id))


def _election(election_id: str) -> str:
    body, _, year = tables.election_name(election_id).rpartition(" ")
    return f"the {body} election of {year}"


def _vote(election_id: str) -> str:
    """``referendum-2026`` -> "the 2026 referendum"; ``majilis-2023`` -> "the Majilis election
    of 2023"."""
    if election_id.startswith("referendum-"):
        return f"the referendum of {data.election(election_id)['date']:%-d %B %Y}"
    return _election(election_id)


#: Rules as named in sentences.
_RULE_WORDS = {
    "threshold_pct": "the threshold",
    "threshold_base": "the threshold's base",
    "list_quota_pct": "the list quota",
    "list_quota_who": "whom the quota covers",
    "seats_total": "the number of seats",
    "term_years": "the term",
}


# --------------------------------------------------------------------------- the timeline


def chamber_sizes(table: pd.DataFrame) -> Markdown:
    """The sizes of the chambers, system by system (``table`` is :func:`systems.table`)."""
    lower = table[table["chamber"] != "senate"]
    senate = table[table["chamber"] == "senate"]
    sizes = [
        f"{systems.label(r.system_id)}: {prose.count(r.seats_total)}"
        for r in lower.itertuples(index=False)
    ]
    senates = [f"{prose.count(r.seats_total)} ({r.year})" for r in senate.itertuples(index=False)]
    last = lower.iloc[-1]
    proposed = systems.system(last["system_id"])["proposed"]
    tail = ""
    if proposed:
        tail = (
            f" Of the {systems.label(last['system_id'])} rules, "
            f"{prose.listing(_RULE_WORDS.get(r, r.replace('_', ' ')) for r in proposed)} "
            f"{'was' if len(proposed) == 1 else 'were'} still a proposal in the sources read."
        )
    return prose.paragraph(
        f"From {int(table['year'].min())} to {int(table['year'].max())} the legislature was "
        f"elected under {prose.count(len(table))} systems. Single and lower chambers: "
        f"{'; '.join(sizes)}. The Senate had {prose.listing(senates)} seats.",
        tail,
    )


def rules_of(system: dict[str, Any]) -> Markdown:
    """The rules of one system, as sentences (``system`` is :func:`systems.system`)."""
    parts = []
    name = systems.label(system["system_id"])
    for column, how in systems.FILLED_BY.items():
        if column in system and not (
            column == "seats_assembly_of_people" and system["chamber"] == "senate"
        ):
            parts.append(f"{prose.count(system[column])} by {how}")
    rules = []
    if "threshold_pct" in system:
        base = system.get("threshold_base")
        on = " of the voters who took part" if base == "participants" else ""
        rules.append(f"a threshold of {prose.as_stated(system['threshold_pct'])}%{on}")
    if "method" in system:
        rules.append(f"seats by {_METHOD.get(system['method'], system['method'])}")
    elif system.get("quota") == "hare":
        rules.append("seats by Hare quota (largest remainder)")
    elif "seats_list" in system:
        rules.append("no allocation method in any source read")
    if system.get("runner_up_rule"):
        rules.append(
            "the runner-up list admitted if only one passes, its votes multiplied by "
            f"{prose.as_stated(system['runner_up_coefficient'])}"
        )
    if "list_districts" in system and system["list_districts"] == 1:
        rules.append("party lists in one nationwide district")
    status = {"proposed": " (in part still proposed)", "adopted": " (adopted, not yet applied)"}
    return prose.paragraph(
        f"**{name}**{status.get(system['status'], '')}: {prose.count(system['seats_total'])} "
        f"seats{', ' if parts else ''}{prose.listing(parts)}"
        + (f"; {'; '.join(rules)}" if rules else "")
        + f" ({sources.in_prose(system)})."
    )


# --------------------------------------------------------------------------- the same votes


def votes_used(election_id: str, used: str) -> Markdown:
    """Whose votes the comparison uses: the chosen election's, or (for an election without
    results) the latest with results."""
    if used == election_id:
        return Markdown(f"The votes are those of {_election(election_id)}'s party lists.")
    name = _election(election_id)
    return Markdown(
        f"{name[0].upper()}{name[1:]} has no results in the data yet, so the votes "
        f"are those of the latest list election with results, {_election(used)}."
    )


def _seats(n: int) -> str:
    return f"{prose.count(n)} seat{'' if n == 1 else 's'}"


def _standing_in(election_id: str | None, used: str) -> str:
    """The clause that says the votes are another election's, where they are."""
    if election_id is None or election_id == used:
        return ""
    return f"The votes of {_election(used)} stand in for {_election(election_id)}'s."


def _ruling(frame: pd.DataFrame) -> str:
    ids = [p for p in frame["party_id"] if p in party_system.RULING_PARTY]
    return ids[0] if ids else party_system.RULING_PARTY[-1]


def same_votes(
    frame: pd.DataFrame, summary: pd.DataFrame, election_id: str | None = None
) -> Markdown:
    """What each rule set does to the ruling party and the others (``frame`` is
    :func:`systems.compare`, ``summary`` :func:`systems.compare_summary`; ``election_id``
    the chosen election, if its votes are not the ones used)."""
    ruling = _name(_ruling(frame))
    sentences = [_standing_in(election_id, frame.attrs.get("election_id", election_id))]
    for row in summary.itertuples(index=False):
        head = "As held" if row.scenario == "actual" else f"Under the {row.scenario}"
        verb = "won" if row.scenario == "actual" else "would have won"
        placed = ""
        if row.seats_placed < row.chamber_seats:
            missing = row.chamber_seats - row.seats_placed
            placed = f"; {prose.count(missing)} not placed with a party in the results read"
        share = prose.pct(row.ruling_seat_share)
        n = row.parties_winning
        sentences.append(
            f"{head}, {ruling} {verb} {prose.count(row.ruling_seats)} of the "
            f"{prose.count(row.chamber_seats)} seats ({share}{placed}); "
            f"{prose.count(n)} {'party' if n == 1 else 'parties'} with seats, Gallagher index "
            f"{prose.number(row.gallagher)}, effective number of parties by seats "
            f"{prose.number(row.enp_seats, 2)}."
        )
    return prose.paragraph(*sentences)


def assumptions(frame: pd.DataFrame) -> Markdown:
    """Every rule a scenario of :func:`systems.compare` had to assume, and why
    (``attrs["assumed"]``), as a list."""
    assumed: dict[str, dict[str, str]] = frame.attrs["assumed"]
    lines = [
        f"- **{prose.escape(scenario)}**, {rule.replace('_', ' ')}: {prose.escape(why)}"
        for scenario, rules in assumed.items()
        for rule, why in rules.items()
    ]
    if not lines:
        return Markdown("Every rule applied here is stated by a source.")
    head = f"What the scenarios with the votes of {_election(frame.attrs['election_id'])} assume"
    return Markdown(f"{head} where no source states a rule:\n\n" + "\n".join(lines))


def methods_matter(frame: pd.DataFrame, method: str, election_id: str | None = None) -> Markdown:
    """How much the Kurultai's unknown method could change (``frame`` is
    :func:`systems.under_methods`; ``method`` the one assumed above)."""
    wide = frame.pivot_table(index="party_id", columns="scenario", values="seats", sort=False)
    spread = (wide.max(axis=1) - wide.min(axis=1)).astype(int)
    ruling = _ruling(frame)
    by_method = [
        f"{prose.count(int(wide.loc[ruling, m]))} by {_METHOD.get(m, m)}" for m in wide.columns
    ]
    assumed = f"The comparison above assumes {_METHOD.get(method, method)}."
    start = _standing_in(election_id, frame.attrs.get("election_id", election_id))
    if spread.max() == 0:
        return prose.paragraph(
            start, "The three methods give every party the same seats here.", assumed
        )
    return prose.paragraph(
        start,
        f"The method decides up to {_seats(int(spread.max()))} of one party: "
        f"{_name(ruling)} would have {prose.listing(by_method)}.",
        assumed,
    )


# --------------------------------------------------------------------------- the legislature


def not_direct(parliaments: pd.DataFrame) -> Markdown:
    """How many members of each legislature voters did not elect directly (``parliaments``
    is :func:`systems.parliaments`)."""
    runs: list[tuple[tuple[int, int], list[int]]] = []
    for row in parliaments.itertuples(index=False):
        key = (int(row.not_direct), int(row.members))
        if runs and runs[-1][0] == key:
            runs[-1][1].append(int(row.year))
        else:
            runs.append((key, [int(row.year)]))
    parts = []
    for (n, members), years in runs:
        votes = "vote" if len(years) == 1 else "votes"
        parts.append(
            f"{prose.count(n)} of {prose.count(members)} ({prose.pct(100 * n / members)}) "
            f"after the {votes} of {prose.listing(str(y) for y in years)}"
        )
    return prose.paragraph(
        f"Members not directly elected: {'; '.join(parts)}.",
        "They were the Assembly of People's deputies in the Majilis, the senators chosen by "
        "regional councils or appointed, and in 1990 the deputies of public associations.",
    )


def kurultai_result(summary: pd.DataFrame | None, pending: pd.DataFrame) -> Markdown:
    """The Kurultai election against the last Majilis, or the line saying its results are
    not in the data (``summary``: :func:`kazparl.party_system.summary`; ``pending``:
    :func:`kazparl.party_system.pending_elections`)."""
    kurultai = [e for e in pending["election_id"] if str(e).startswith("kurultai-")]
    if kurultai or summary is None:
        return prose.not_applicable(
            "The Kurultai's own result",
            "no source read gives the votes or seats of its lists; the sources read give its "
            f"rules only ({sources.in_prose(pending)})",
        )
    rows = summary[summary["election_id"].str.startswith(("kurultai-", "majilis-"))]
    last, before = rows.iloc[-1], rows.iloc[-2]
    return prose.paragraph(
        f"In {_election(last['election_id'])}, {_name(last['ruling_party'])} won "
        f"{prose.pct(last['ruling_seat_share'])} of the list seats with "
        f"{prose.pct(last['ruling_vote_share'])} of the list votes; "
        f"{prose.count(last['parties_winning'])} lists won seats (effective number by seats "
        f"{prose.number(last['enp_seats'], 2)}). In {_election(before['election_id'])}: "
        f"{prose.pct(before['ruling_seat_share'])} with {prose.pct(before['ruling_vote_share'])}, "
        f"{prose.count(before['parties_winning'])} lists.",
    )


# --------------------------------------------------------------------------- referendums


def referendums_side_by_side(table: pd.DataFrame) -> Markdown:
    """Turnout and yes shares of every referendum (``table`` is :func:`referendums.table`)."""
    low = table.loc[table["turnout_pct"].idxmin()]
    high = table.loc[table["turnout_pct"].idxmax()]
    yes = table.dropna(subset=["yes_pct"])
    lowest_yes = yes.loc[yes["yes_pct"].idxmin()]
    return prose.paragraph(
        f"Turnout in the {prose.count(len(table))} referendums ranged from "
        f"{prose.pct(low['turnout_pct'], 2)} ({_vote(low['election_id'])}) to "
        f"{prose.pct(high['turnout_pct'], 2)} ({_vote(high['election_id'])}).",
        (
            "The yes share was over half in every one"
            if (yes["yes_pct"] > 50).all()
            else "The yes share was not over half in every one"
        )
        + f"; the lowest was {prose.pct(lowest_yes['yes_pct'], 2)} "
        f"({_vote(lowest_yes['election_id'])}).",
        _bases(table),
    )


_BASE_WORDS = {"valid": "valid votes", "participants": "the voters who took part"}


def _bases(table: pd.DataFrame) -> str:
    """What the shares are of, referendum by referendum (the yes share's base, else the no
    share's)."""
    base = table["yes_base"].fillna(table["no_base"])
    groups: dict[str, list[str]] = {}
    for b, date in zip(base, table["date"], strict=True):
        key = _BASE_WORDS.get(b, b) if pd.notna(b) else "a base the source does not state"
        groups.setdefault(key, []).append(f"{date:%Y}")
    if len(groups) == 1:
        return f"Every share is of {next(iter(groups))}."
    parts = [f"of {k} ({prose.listing(dict.fromkeys(v))})" for k, v in groups.items()]
    return f"The shares are not all of the same base: {'; '.join(parts)}."


def referendum_pattern(referendum_id: str, likeness: pd.DataFrame) -> Markdown:
    """Which votes' regional turnout the referendum's follows most and least
    (``likeness`` is :func:`referendums.regional_likeness`)."""
    if likeness.empty:
        return prose.not_applicable(
            "The regional comparison",
            f"no other vote shares three regions with {_vote(referendum_id)}",
        )
    ranked = likeness.sort_values("rho", ascending=False)
    top, bottom = ranked.iloc[0], ranked.iloc[-1]
    preliminary = bool(likeness["preliminary"].any())
    return prose.paragraph(
        f"Ranked by regional turnout, {_vote(referendum_id)} is most like "
        f"{_vote(top['election_id'])} (Spearman's rho {prose.number(top['rho'], 2)}, "
        f"{prose.count(top['n'])} regions) and least like {_vote(bottom['election_id'])} "
        f"(rho {prose.number(bottom['rho'], 2)}, {prose.count(bottom['n'])} regions).",
        "Some regional figures are preliminary (election-night) counts." if preliminary else "",
    )
