"""The findings of ``notebooks/vote_shares.ipynb``, from :mod:`kazparl.party_system` results.

>>> from kazparl import party_system
>>> print(beside_paper(party_system.paper_comparison("majilis-2023"), "majilis-2023",
...                    party_system.paper_elections()))
*The comparison with the paper does not apply here: the paper gives no list figures for the
Majilis election of 2023; it gives them for the Majilis elections of 1999, 2004 and 2007.*
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import pandas as pd

from kazparl import party_system, prose, sources, tables
from kazparl.prose import Markdown

__all__ = [
    "beside_paper",
    "bloc",
    "counterfactual_changes",
    "election_result",
    "paper_thresholds",
    "party_system_story",
    "scenario",
    "shares_only",
    "tier_sizes",
]


def _name(party_id: str) -> str:
    return prose.escape(party_system.party_names().get(party_id, party_id))


def _election(election_id: str) -> str:
    """``majilis-2007`` -> "the Majilis election of 2007"."""
    body, _, year = tables.election_name(election_id).rpartition(" ")
    return f"the {body} election of {year}"


def _lists(n: int, noun: str = "list") -> str:
    return f"{prose.count(n)} {noun}{'' if n == 1 else 's'}"


def _threshold(fraction: float) -> str:
    """A threshold as a percentage with the decimals it needs: 0.07 -> 7%, 0.045 -> 4.5%."""
    value = Fraction(repr(float(fraction))) * 100
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _years(election_ids: Sequence[str]) -> str:
    return prose.listing([str(e)[-4:] for e in election_ids])


def _base_words(threshold_base: str, *, why: bool = True) -> str:
    """The threshold's base, as words: "the voters who took part" or "the votes cast for
    parties (no source read states the base)" (without the reason if ``why`` is false)."""
    if threshold_base == "participants":
        return "the voters who took part"
    _, _, reason = threshold_base.partition("(")
    return "the votes cast for parties" + (f" ({reason}" if reason and why else "")


_SMALL = {2: "two", 3: "three", 4: "four", 5: "five"}


# --------------------------------------------------------------------------- the election


def election_result(results: pd.DataFrame, allocation: dict) -> Markdown:
    """Who stood in the chosen election's list tier and who won its seats.

    ``results`` is :func:`kazparl.party_system.list_results`, ``allocation``
    :func:`kazparl.party_system.allocation_input` of the same election. For an election whose
    results are not in the data yet, the one sentence says so and gives its rules.
    """
    if results.empty:
        return no_results(allocation)
    election = _election(results["election_id"].iat[0])
    seats = int(results["seats"].sum())
    first = (
        f"In {election}, **{_lists(len(results))}** stood for the {prose.count(seats)} list "
        f"seats, with a legal threshold of {_threshold(allocation['threshold'])}."
    )
    winners = results[results["seats"] > 0]
    described = [
        f"{_name(r.party_id)} ({prose.pct(r.vote_share)}"
        + (" of the votes cast for parties, " if i == 0 else ", ")
        + f"{prose.pct(r.seat_share)}{' of the seats' if i == 0 else ''})"
        for i, r in enumerate(winners.itertuples(index=False))
    ]
    won = f"**{_lists(len(winners))} won seats**: {prose.listing(described)}."
    losers = results[results["seats"] == 0]
    if losers.empty:
        rest = "Every list won seats."
    else:
        others = "The other list" if len(losers) == 1 else f"The other {_lists(len(losers))}"
        rest = f"{others}, with {prose.pct(losers['vote_share'].sum())} of the votes, won none."
    return prose.paragraph(first, won, rest)


def no_results(allocation: dict) -> Markdown:
    """The one sentence for a list election whose results are not in the data yet."""
    election_id = allocation.get("election_id", "")
    return Markdown(
        f"**The results of {_election(election_id)} are not in the data yet**: its "
        f"{prose.count(allocation['seats'])} list seats and legal threshold of "
        f"{_threshold(allocation['threshold'])} are known ({sources.in_prose(allocation)}), "
        "but no source read gives the votes or seats of its lists, so this report shows no "
        "figure for it. Once they are curated, every section below fills in."
    )


def pending(elections: pd.DataFrame) -> Markdown:
    """The list elections in the data whose results are not curated yet, left out of every
    series (``elections`` is :func:`kazparl.party_system.pending_elections`); empty when none."""
    if elections.empty:
        return Markdown("")
    items = [
        f"{_election(r.election_id)} ({r.date:%-d %B %Y}; {prose.count(r.seats_list)} list seats)"
        for r in elections.itertuples(index=False)
    ]
    return Markdown(
        f"The data also hold {prose.listing(items)}, whose results are not in the data yet: "
        "the series above stop before it."
    )


def beside_paper(comparison: pd.DataFrame, election_id: str, covered: Sequence[str]) -> Markdown:
    """The paper's list figures for the chosen election against the final ones, by reason.

    ``comparison`` is :func:`kazparl.party_system.paper_comparison`, ``covered``
    :func:`kazparl.party_system.paper_elections`.
    """
    if comparison.empty:
        return prose.not_applicable(
            "The comparison with the paper",
            f"the paper gives no list figures for {_election(election_id)}; it gives them for "
            f"the Majilis elections of {_years(covered)}",
        )

    def figures(rows: pd.DataFrame, column: str) -> str:
        return prose.listing(
            [
                f"{_name(r.party_id)} {prose.as_stated(getattr(r, column))}%"
                for r in rows.itertuples()
            ]
        )

    sentences = [
        f"The paper gives {_lists(len(comparison), 'list figure')} for {_election(election_id)}."
    ]
    by_flag = {flag: part for flag, part in comparison.groupby("paper_flag", sort=False)}
    if "matches" in by_flag:
        part = by_flag["matches"]
        sentences.append(f"{_capital(_lists(len(part), 'figure'))} match the final ones exactly.")
    if "rounding" in by_flag:
        part = by_flag["rounding"]
        sentences.append(
            f"{_capital(_lists(len(part), 'figure'))} differ from the final ones only by "
            f"rounding: the paper's {figures(part, 'paper_pct')} against "
            f"{figures(part, 'final_pct')}."
        )
    if "paper uses the preliminary figure" in by_flag:
        part = by_flag["paper uses the preliminary figure"]
        where = prose.listing(
            [sources.in_prose(s, years=True) for s in dict.fromkeys(part["preliminary_source"])]
        )
        sentences.append(
            f"The paper's {figures(part, 'paper_pct')} are the preliminary figures, as "
            f"published by {where}; the final ones are {figures(part, 'final_pct')}."
        )
    if "paper's figure is another party's" in by_flag:
        for r in by_flag["paper's figure is another party's"].itertuples():
            whose = (
                "the paper's own figure"
                if r.same_as_source == party_system.PAPER_SOURCE
                else f"the figure of {sources.in_prose(r.same_as_source, years=True)}"
            )
            sentences.append(
                f"Its {prose.as_stated(r.paper_pct)}% for {_name(r.party_id)} is {whose} for "
                f"{_name(r.same_as)}; {_name(r.party_id)} received "
                f"{prose.as_stated(r.final_pct)}% in the final count."
            )
    if "differs" in by_flag:
        part = by_flag["differs"]
        sentences.append(
            f"The paper's {figures(part, 'paper_pct')} differ from the final "
            f"{figures(part, 'final_pct')} for no reason found in the data."
        )
    if "only the paper" in by_flag:
        part = by_flag["only the paper"]
        sentences.append(f"Only the paper gives a figure for {figures(part, 'paper_pct')}.")
    return prose.paragraph(*sentences)


def _capital(text: str) -> str:
    return text[0].upper() + text[1:]


# --------------------------------------------------------------------------- over elections


def _runs(values: Sequence[Any], years: Sequence[int]) -> list[tuple[Any, list[int]]]:
    """Consecutive runs of equal values, with their years."""
    runs: list[tuple[Any, list[int]]] = []
    for value, year in zip(values, years, strict=True):
        if runs and runs[-1][0] == value:
            runs[-1][1].append(year)
        else:
            runs.append((value, [year]))
    return runs


def party_system_story(summary: pd.DataFrame, runner_up: pd.DataFrame) -> Markdown:
    """What the party-system panel shows, election by election, in sentences.

    ``summary`` is :func:`kazparl.party_system.summary`, ``runner_up``
    :func:`kazparl.party_system.runner_up_check`.
    """
    years = summary["year"].astype(int).tolist()
    sizes = [
        f"{prose.count(size)}{' seats' if i == 0 else ''} in {prose.listing([str(y) for y in run])}"
        for i, (size, run) in enumerate(_runs(summary["seats"].tolist(), years))
    ]
    out = [f"The list tier had {'; '.join(sizes)}."]
    sweep = summary[summary["parties_winning"] == 1]
    if sweep.empty:
        out.append("In no list election did a single list win every list seat.")
    for row in sweep.itertuples(index=False):
        who = f", {_name(row.ruling_party)}," if row.ruling_seat_share == 100 else ""
        passed = "only it passed" if row.qualified == 1 else f"{_lists(row.qualified)} passed"
        one_in = f" (about 1 vote in {round(100 / row.wasted_votes)})" if row.wasted_votes else ""
        peak = row.gallagher == summary["gallagher"].max()
        gallagher = "peaked at" if peak else "was"
        out.append(
            f"In {row.year} a single list{who} won every list seat: of the "
            f"{_lists(row.parties)} on the ballot {passed} the {_threshold(row.threshold)} "
            f"threshold, and {prose.pct(row.wasted_votes)} of the votes cast for parties"
            f"{one_in} went to lists that won nothing. The seat-based effective number of "
            f"parties was {prose.number(row.enp_seats, 2)}, and the Gallagher index {gallagher} "
            f"{prose.number(row.gallagher)} points."
        )
    if len(sweep):
        later = summary[summary["year"] > sweep["year"].max()]
        if len(later):
            fewest = int(later["parties_winning"].min())
            out.append(
                f"In every list election after {int(sweep['year'].max())} at least "
                f"{_lists(fewest)} won seats."
            )
    out.append(_runner_up(runner_up))
    out.append(_ruling_trend(summary))
    last = summary.iloc[-1]
    out.append(
        f"In {int(last['year'])} the threshold was {_threshold(last['threshold'])} and "
        f"{_lists(int(last['parties_winning']))} won seats."
    )
    return prose.paragraph(*out)


def _runner_up(runner_up: pd.DataFrame) -> str:
    first, last = party_system.RUNNER_UP_YEARS[0], party_system.RUNNER_UP_YEARS[-1]
    rule = (
        f"The runner-up rule of the law of {first}–{last} (a second list admitted when only "
        "one passes the threshold)"
    )
    if runner_up.empty:
        return f"{rule} applied to none of these elections."
    needed = runner_up[runner_up["needed"]]
    if needed.empty:
        return (
            f"{rule} was never needed: in {_years(runner_up['election_id'])} at least "
            f"{_lists(int(runner_up['qualified'].min()))} passed the threshold."
        )
    cases = [f"in {r.year}, admitting {_name(r.runner_up)}" for r in needed.itertuples(index=False)]
    return f"{rule} was needed {prose.listing(cases)}."


def _ruling_trend(summary: pd.DataFrame) -> str:
    peak = summary.loc[summary["ruling_vote_share"].idxmax()]
    last = summary.iloc[-1]
    if peak["year"] == last["year"]:
        return (
            f"The ruling party's share of the votes cast for parties was highest in the last "
            f"list election, {int(last['year'])}: {prose.pct(last['ruling_vote_share'])}."
        )
    verb = "fell" if last["ruling_vote_share"] < peak["ruling_vote_share"] else "rose"
    sentence = (
        f"The ruling party's share of the votes cast for parties {verb} from its peak of "
        f"{prose.pct(peak['ruling_vote_share'])} ({int(peak['year'])}) to "
        f"{prose.pct(last['ruling_vote_share'])} in {int(last['year'])}"
    )
    official = last["ruling_pct"]
    if pd.notna(official) and round(float(official), 1) != round(last["ruling_vote_share"], 1):
        larger = float(official) < last["ruling_vote_share"]
        sentence += (
            f"; its official figure, {prose.as_stated(official)}%, is of a "
            f"{'larger' if larger else 'smaller'} base"
        )
        if pd.notna(last["against_all"]) and larger:
            sentence += (
                f': that year\'s ballots also offered "against all", which drew '
                f"{prose.count(last['against_all'])} votes"
            )
    return sentence + "."


# --------------------------------------------------------------------------- counterfactuals


def _outcome(part: pd.DataFrame) -> dict[str, int]:
    return {p: int(s) for p, s in zip(part["party_id"], part["seats"].fillna(0), strict=True)}


def _changes(part: pd.DataFrame) -> tuple[list[str], list[str], dict[str, int]]:
    """Lists entering and leaving against the official result, and every seat change."""
    official = {
        p: int(s) for p, s in zip(part["party_id"], part["official_seats"].fillna(0), strict=True)
    }
    seats = _outcome(part)
    enter = [p for p in seats if seats[p] > 0 and official[p] == 0]
    leave = [p for p in seats if seats[p] == 0 and official[p] > 0]
    delta = {p: seats[p] - official[p] for p in seats if seats[p] != official[p]}
    return enter, leave, delta


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else f"{prose.MINUS}{abs(n)}"


def _effects(enter: list[str], leave: list[str], delta: dict[str, int]) -> str:
    """ "NSDP 5 and Ak Zhol 3 seats; Nur Otan −8" for one method."""
    parts = []
    if enter:
        parts.append(
            prose.listing([f"{_name(p)} {delta[p]}" for p in enter])
            + (" seat" if len(enter) == 1 and delta[enter[0]] == 1 else " seats")
        )
    others = [f"{_name(p)} {_signed(d)}" for p, d in delta.items() if p not in enter + leave]
    if others:
        parts.append(", ".join(others))
    return "; ".join(parts)


def _with_shares(parties: list[str], share: dict[str, float]) -> str:
    return prose.listing([f"{_name(p)} ({prose.pct(share[p])})" for p in parties])


def _method_clause(
    method: str, changes: tuple[list[str], list[str], dict[str, int]], share: dict
) -> str:
    enter, leave, delta = changes
    what = []
    if enter:
        what.append(f"{_with_shares(enter, share)} would enter")
    if leave:
        what.append(f"{_with_shares(leave, share)} would win nothing")
    if not what:
        return ""
    return f"{' and '.join(what)} ({_effects(enter, leave, delta)})"


def _threshold_clause(methods: dict[str, pd.DataFrame], share: dict) -> str:
    """What one threshold does under each method, against the official result ("" for no
    list entering or leaving under any method)."""
    names = party_system.METHOD_NAMES
    found = {m: _changes(part) for m, part in methods.items()}
    sets = {(tuple(e), tuple(lv)) for e, lv, _ in found.values()}
    if sets == {((), ())}:
        return ""
    if len(sets) == 1:
        enter, leave, _ = next(iter(found.values()))
        what = []
        if enter:
            what.append(f"{_with_shares(enter, share)} would enter")
        if leave:
            what.append(f"{_with_shares(leave, share)} would win nothing")
        detail = "; ".join(f"{names.get(m, m)}: {_effects(*found[m])}" for m in methods)
        every = "both methods" if len(methods) == 2 else "every method"
        return f"{' and '.join(what)} under {every} ({detail})"
    clauses = []
    for m, changes in found.items():
        clause = _method_clause(m, changes, share)
        clauses.append(
            f"under {names.get(m, m)} "
            + (clause if clause else "the same lists win seats as officially")
        )
    return "; ".join(clauses)


def counterfactual_changes(frame: pd.DataFrame) -> Markdown:
    """One bullet per election: who would enter or leave at each threshold and method.

    Changes are against the official result; each list is given with its share of the
    threshold's base, which explains whether it passes. ``frame`` is
    :func:`kazparl.party_system.counterfactuals`.
    """
    lines = []
    for election_id, part in frame.groupby("election_id", sort=False):
        legal = float(part["legal_threshold"].iat[0])
        share = part.drop_duplicates("party_id").set_index("party_id")["base_share"].to_dict()
        clauses: dict[str, list[str]] = {}
        for threshold, rows in part.groupby("threshold", sort=True):
            methods = {m: r for m, r in rows.groupby("method", sort=False)}
            clauses.setdefault(_threshold_clause(methods, share), []).append(
                _threshold(float(threshold))
            )
        every = len(part["threshold"].unique())
        said = []
        for clause, at in clauses.items():
            where = "at every threshold" if len(at) == every else f"at {prose.listing(at)}"
            said.append(
                f"{where}, {clause}"
                if clause
                else f"{where} the same lists win seats as officially"
            )
        lists = part.drop_duplicates("party_id")
        winners = lists[lists["official_seats"].fillna(0) > 0]
        seatless = lists[lists["official_seats"].fillna(0) == 0]
        base = _base_words(str(part["threshold_base"].iat[0]), why=False)
        head = (
            f"**{tables.election_name(election_id)}** (legal threshold {_threshold(legal)}; "
            f"shares of {base})"
        )
        if list(clauses) == [""]:
            text = (
                f"{head}: the same {_lists(len(winners))} win seats at every threshold and "
                "under every method"
            )
        else:
            text = f"{head}: " + "; ".join(said)
        best = seatless.sort_values("base_share", ascending=False).head(1)
        if len(best) and _name(best["party_id"].iat[0]) not in text:
            best = best.iloc[0]
            text += (
                f". The largest list without seats, {_name(best['party_id'])}, had "
                f"{prose.pct(best['base_share'])}"
            )
        lines.append(f"- {text}.")
    return Markdown("\n".join(lines))


def paper_thresholds(frame: pd.DataFrame, covered: Sequence[str]) -> Markdown:
    """What the paper's "5% or less" and the CPPK's 3% would have done in the paper's election.

    The paper's election is the last list election it gives figures for (``covered``:
    :func:`kazparl.party_system.paper_elections`); Kazakhstan's own method is used.
    """
    if not covered:
        return prose.not_applicable("The paper's thresholds", "the paper gives no list figures")
    election_id = covered[-1]
    part = frame[(frame["election_id"] == election_id) & (frame["method"] == "largest_remainder")]
    counts = {
        float(t): int((rows["seats"].fillna(0) > 0).sum()) for t, rows in part.groupby("threshold")
    }
    if 0.05 not in counts or 0.03 not in counts:
        return prose.not_applicable(
            "The paper's thresholds", "the counterfactuals do not include 3% and 5%"
        )
    official = int((part.drop_duplicates("party_id")["official_seats"].fillna(0) > 0).sum())
    at5, at3 = counts[0.05], counts[0.03]
    first = (
        f"In {_election(election_id)}, a 5% threshold (the upper end of the paper's \"5% or "
        f"less\") would have given seats to {_lists(at5)} and the CPPK's 3% to {_lists(at3)}, "
        f"against {prose.count(official)} officially."
    )
    if at5 == official and at3 != official:
        second = "The paper's recommendation would have mattered only at its lower end."
    elif at5 != official:
        second = "Even the upper end of the paper's recommendation would have changed the result."
    else:
        second = "Neither would have changed which lists won seats."
    return prose.paragraph(first, second)


# --------------------------------------------------------------------------- the scenario


def scenario(mine: pd.DataFrame) -> Markdown:
    """The chosen rule and what it does against the official seats.

    ``mine`` is :func:`kazparl.party_system.scenario` (its ``attrs`` describe the rule).
    """
    a = mine.attrs
    if mine.empty:
        return prose.not_applicable(
            "Your scenario", f"the results of {_election(a['election_id'])} are not in the data yet"
        )
    method = party_system.METHOD_NAMES.get(a["method"], a["method"])
    votes = "vote counts" if a["votes_kind"] == "count" else "the official shares used as votes"
    own = (
        a["method"] == "largest_remainder"
        and a["threshold"] == a["legal_threshold"]
        and a["seats"] == a["legal_seats"]
    )
    rule = (
        f"{_capital(_election(a['election_id']))}, re-allocated by {method}: "
        f"{prose.count(a['seats'])} seats, a threshold of {_threshold(a['threshold'])} of "
        f"{_base_words(a['threshold_base'])}, on {votes}"
        + (" (the election's own rule)." if own else ".")
    )
    official = mine["official_seats"].fillna(0).astype(int)
    seats = mine["seats"].fillna(0).astype(int)
    changed = mine[official != seats]
    if changed.empty:
        result = "The result is the official one, list for list."
    else:
        moves = [
            f"{_name(r.party_id)} {int(r.official_seats or 0)} → {int(r.seats or 0)}"
            for r in changed.fillna(0).itertuples(index=False)
        ]
        result = f"Against the official seats: {prose.listing(moves)}."
        if a["seats"] != a["legal_seats"]:
            result += f" (The real tier had {prose.count(a['legal_seats'])} seats.)"
    if a["ties"]:
        ties = [
            f"a tie at the {t['stage']} stage between "
            f"{prose.listing([_name(p) for p in t['parties']])}, "
            f"won by {prose.listing([_name(p) for p in t['winners']])}"
            for t in a["ties"]
        ]
        tie = f"Ties decided seats: {'; '.join(ties)}."
    else:
        tie = "No tie decided a seat."
    return prose.paragraph(rule, result, tie)


# --------------------------------------------------------------------------- tiers, caveats


def tier_sizes(checks: Sequence[dict]) -> Markdown:
    """Each mixed election's tiers: their sizes and how many seats the results place.

    ``checks`` are :func:`kazparl.party_system.tier_check` results, one per election.
    """
    if not checks:
        return Markdown("No list election in the data also had single-mandate districts.")
    lines = []
    for check in checks:
        size, known = check["seats"], check["known"]
        name = tables.election_name(check["election_id"])
        if None in size.values():
            lines.append(f"- **{name}**: the data do not give the size of every tier.")
            continue
        parts = [
            f"**{name}**: {prose.count(size['total'])} seats, "
            f"{prose.count(size['single-mandate'])} in single-mandate districts and "
            f"{prose.count(size['list'])} by party list."
        ]
        placed = []
        for tier, words in (("list", "list"), ("single-mandate", "single-mandate"), ("total", "")):
            of = f"{prose.count(known[tier])} of {prose.count(size[tier])}"
            label = f"{words} seats" if words else "seats in all"
            if known[tier] < size[tier] and tier == "single-mandate":
                who = prose.listing([_name(p) for p in check["parties"][tier]])
                placed.append(f"{of} {label} (only for {who})")
            else:
                placed.append(f"{of} {label}")
        parts.append(f"The data give the winner's party for {prose.listing(placed)}.")
        disputed = check["disputed"]
        if known["total"] != size["total"] and len(disputed):
            items = [
                f"{_name(r.party_id)} ({prose.count(r.preferred)} here, {prose.count(r.other)} in "
                f"{sources.in_prose(r.source_id, years=True)})"
                for r in disputed.itertuples(index=False)
            ]
            parts.append(f"Sources differ on the seats of {prose.listing(items)}.")
        lines.append("- " + " ".join(parts))
    return Markdown("\n".join(lines))


def bloc(arithmetic: dict) -> Markdown:
    """Would the largest lists without seats of the chosen election have passed together?

    ``arithmetic`` is :func:`kazparl.party_system.bloc_arithmetic`.
    """
    election = _election(arithmetic["election_id"])
    parties = arithmetic["parties"]
    if arithmetic.get("no_results"):
        return prose.not_applicable(
            "The bloc arithmetic", f"the results of {election} are not in the data yet"
        )
    if not parties:
        return Markdown(f"In {election} every list won seats: there was no bloc to form.")
    if len(parties) == 1:
        return Markdown(
            f"In {election} only one list won no seat ({_name(parties[0])}, "
            f"{prose.pct(arithmetic['shares'][0])}): there was no bloc of seatless lists to form."
        )
    combined, threshold = arithmetic["combined"], arithmetic["threshold"]
    side = "above" if combined >= threshold else "below"
    shares = " + ".join(prose.pct(s) for s in arithmetic["shares"])
    text = (
        f"In {election} the {_SMALL.get(len(parties), prose.count(len(parties)))} largest lists "
        f"that won no seat, {prose.listing([_name(p) for p in parties])}, had {shares} = "
        f"{prose.pct(combined)} of {_base_words(arithmetic['threshold_base'], why=False)}: "
        f"{side} the {_threshold(threshold / 100)} threshold."
    )
    if arithmetic["preliminary"]:
        prelim = arithmetic["preliminary"]
        total = sum(Fraction(repr(p)) for p in prelim)
        text += (
            " On the preliminary official figures: "
            + " + ".join(f"{prose.as_stated(p)}%" for p in prelim)
            + f" = {prose.as_stated(float(total))}%."
        )
    return Markdown(text)


def shares_only(reproduced: pd.DataFrame) -> Markdown:
    """Which allocations use the official shares as votes, and whether they still reproduce
    the official seats. ``reproduced`` is :func:`kazparl.party_system.reproduction`."""
    shares = reproduced[reproduced["votes_kind"] == "share"]
    if shares.empty:
        return Markdown("Every allocation here uses vote counts.")
    ok = bool(shares["reproduced"].all())
    return Markdown(
        f"The allocation of {prose.listing([str(y) for y in shares['year']])} uses the official "
        "final percentages as votes, because the preferred source gives no counts; the official "
        + ("seats are still reproduced." if ok else "seats are not all reproduced.")
    )
