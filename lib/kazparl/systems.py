"""Electoral systems as data: the rules of ``electoral_rules``, and seats allocated under them.

Each system is a chamber as elected from one election on (``majilis-2023``, ``kurultai-2026``),
described rule by rule, each rule with its source (the preferred row of ``electoral_rules``).
:func:`system` reads one; :func:`allocate` puts an election's list votes through it with
:func:`kazparl.electoral.allocate_seats`, so that every rule is written once, in the data.

A rule no source states is not filled in. Where an allocation needs one (the Kurultai's
method; the 2023 remainder rule), :func:`allocate` takes it as an argument and says in
``attrs["assumed"]`` what it assumed and why.

>>> s = system("majilis-2012")
>>> s["seats_list"], s["threshold_pct"], s["runner_up_rule"]
(98, 7.0, True)
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kazparl import data, electoral, params, sources

__all__ = [
    "CHAMBER_NAMES",
    "FILLED_BY",
    "INTEGER_RULES",
    "allocate",
    "compare",
    "compare_summary",
    "country_of",
    "filled",
    "ids",
    "indirect_seats",
    "label",
    "parliaments",
    "rules",
    "system",
    "system_of",
    "table",
    "under_methods",
    "votes_of",
]

#: Rules whose value is a count.
INTEGER_RULES = (
    "seats_total", "seats_list", "seats_single_mandate", "seats_assembly_of_people",
    "seats_appointed", "seats_regional_councils", "seats_state_list", "seats_other",
    "list_districts", "term_years",
)  # fmt: skip
_NUMBER_RULES = ("threshold_pct", "runner_up_coefficient", "list_quota_pct")
_YES_NO = ("runner_up_rule",)


def rules() -> pd.DataFrame:
    """The preferred rows of ``electoral_rules``, one per system and rule."""
    rows = data.load("electoral_rules")
    return sources.attach(rows[rows["preferred"].fillna(False)].reset_index(drop=True))


def _typed(rule: str, value: str) -> Any:
    if rule in INTEGER_RULES:
        return int(value)
    if rule in _NUMBER_RULES:
        return float(value)
    if rule in _YES_NO:
        return value == "yes"
    return value


#: The neighbours' systems are named "<country>-<chamber>-<year>" (ru-duma-2007).
_NEIGHBOURS = ("ru-", "kg-", "uz-", "tj-", "tm-")


def country_of(system_id: str) -> str:
    """``kg-jogorku-kenesh-2007`` -> ``"KG"``; Kazakhstan's systems have no prefix -> ``"KZ"``."""
    prefix = system_id[:3]
    return prefix[:2].upper() if prefix in _NEIGHBOURS else "KZ"


def ids(chamber: str | None = None, country: str = "KZ") -> list[str]:
    """The systems of ``country`` in the package, oldest first (by the year in their id)."""
    found = rules()
    if chamber is not None:
        found = found[found["chamber"].astype("string") == chamber]
    found = found[[country_of(s) == country for s in found["system_id"]]]
    return sorted(dict.fromkeys(found["system_id"]), key=lambda s: (int(s[-4:]), s))


def system(system_id: str) -> dict[str, Any]:
    """One system: ``system_id``, ``chamber``, ``election_id``, ``year``, ``status`` (the
    least settled of its rules' statuses: proposed < adopted < in-force), every rule it has
    a source for (typed: counts as int, percentages as float, yes/no as bool), ``stated``
    (the rules with a source) and ``sources``. An unknown id raises
    :class:`~kazparl.errors.UnknownIdError` listing the systems."""
    params.known("system", system_id, ids(country=country_of(system_id)))
    found = rules()
    found = found[found["system_id"] == system_id]
    first = found.iloc[0]
    order = ["proposed", "adopted", "in-force"]
    status = min(found["status"].astype(str), key=order.index)
    out: dict[str, Any] = {
        "system_id": system_id,
        "chamber": str(first["chamber"]),
        "election_id": None if pd.isna(first["election_id"]) else str(first["election_id"]),
        "year": int(system_id[-4:]),
        "status": status,
    }
    for rule, value in zip(found["rule"], found["value"], strict=True):
        out[str(rule)] = _typed(str(rule), str(value))
    out["stated"] = tuple(found["rule"].astype(str))
    out["proposed"] = tuple(found.loc[found["status"] == "proposed", "rule"].astype(str))
    out["sources"] = sources.of(*found["source_id"])
    return out


def system_of(election_id: str) -> dict[str, Any] | None:
    """The system an election was (or is to be) held under; None if the table has none."""
    found = rules()
    match = found.loc[found["election_id"] == election_id, "system_id"]
    return system(str(match.iat[0])) if len(match) else None


def table() -> pd.DataFrame:
    """Every system, one row each, oldest first: chamber, year, status, the seat counts by
    how they are filled, list_districts, threshold_pct, threshold_base, quota, method,
    runner_up_rule, single_mandate_rule, list_quota_pct, term_years (empty where no source
    states the rule) and the sources of its rows."""
    columns = [
        "system_id", "chamber", "election_id", "year", "status", "seats_total", "seats_list",
        "seats_single_mandate", "seats_state_list", "seats_assembly_of_people",
        "seats_appointed", "seats_regional_councils", "seats_other", "list_districts",
        "threshold_pct", "threshold_base", "quota", "method", "runner_up_rule",
        "single_mandate_rule", "list_quota_pct", "term_years",
    ]  # fmt: skip
    rows = []
    for system_id in ids():
        s = system(system_id)
        row = {c: s.get(c) for c in columns}
        row["source_id"] = "; ".join(s["sources"])
        rows.append(row)
    out = pd.DataFrame(rows, columns=[*columns, "source_id"])
    for column in INTEGER_RULES:
        if column in out:
            out[column] = out[column].astype("Int64")
    for column in ("threshold_pct", "list_quota_pct"):
        out[column] = out[column].astype("Float64")
    return sources.attach(out)


def indirect_seats() -> pd.DataFrame:
    """How each chamber was filled, system by system: ``direct`` (party-list and
    single-mandate seats, and the 1994 state list, which voters elected from the President's
    nominees), ``assembly_of_people``, ``appointed``, ``regional_councils``, ``other`` (1990:
    seats filled by public associations), and ``not_direct`` (their sum, where every part of
    the chamber is accounted for: the parts add up to ``seats_total``; else empty). In the
    2023 Senate the Assembly of People *proposes* five of the ten senators the President
    appoints, so they are counted once, under appointed."""
    t = table()
    out = t[["system_id", "chamber", "year", "status", "seats_total"]].copy()
    direct = t[["seats_list", "seats_single_mandate", "seats_state_list"]]
    out["direct"] = direct.sum(axis=1, min_count=1).astype("Int64")
    senate = t["chamber"] == "senate"
    out["assembly_of_people"] = t["seats_assembly_of_people"].where(~senate).astype("Int64")
    out["appointed"] = t["seats_appointed"]
    out["regional_councils"] = t["seats_regional_councils"]
    out["other"] = t["seats_other"]
    parts = out[["direct", "assembly_of_people", "appointed", "regional_councils", "other"]]
    known = parts.fillna(0).sum(axis=1)
    complete = known == out["seats_total"]
    not_direct = parts.drop(columns="direct").fillna(0).sum(axis=1)
    out["not_direct"] = not_direct.where(complete).astype("Int64")
    out["source_id"] = t["source_id"]
    return sources.attach(out)


def allocate(
    election_id: str,
    system_id: str,
    *,
    method: str | None = None,
    threshold: float | None = None,
    reasons: dict[str, str] | None = None,
) -> pd.DataFrame:
    """The list votes of ``election_id`` allocated under the rules of ``system_id``.

    The system gives the seats (``seats_list``), the threshold and its base, the method
    (``method``, or ``largest_remainder`` when only the Hare ``quota`` is stated, which
    implies it), and the runner-up rule with its coefficient. A rule the system does not
    state must be passed (``method``, or ``threshold`` as a fraction), with ``reasons``
    (rule -> why) for the assumption; it is recorded in ``attrs["assumed"]``. A
    ``threshold`` passed for a system that states one is a variant (the paper's 5%),
    recorded the same way. A threshold base no source states is taken as the voters who
    took part where the election's counts allow (the rule
    of 2009-2022), recorded the same way.

    Columns: party_id, votes, vote_share, seats, seat_share; ``attrs``: ``system_id``,
    ``election_id``, ``seats``, ``threshold``, ``method``, ``runner_up``, ``assumed`` (rule
    -> why), ``ties``, ``sources``.
    """
    from fractions import Fraction

    from kazparl import party_system

    s = system(system_id)
    inp = party_system.allocation_input(election_id)
    assumed: dict[str, str] = {}
    if "seats_list" not in s:
        raise ValueError(f"{system_id} has no party-list seats to allocate")
    if "method" in s:
        chosen = s["method"]
    elif s.get("quota") == "hare":
        chosen = "largest_remainder"
    else:
        if method is None:
            raise ValueError(
                f"no source states how {system_id} allocates its seats: pass method= "
                f"({', '.join(electoral.METHODS)}) and reasons="
            )
        chosen = method
        assumed["method"] = (reasons or {}).get("method", "not stated by any source")
    if method is not None and method != chosen and "method" not in assumed:
        raise ValueError(f"{system_id} states its method ({chosen}); method= cannot change it")
    if threshold is not None:
        thr = Fraction(str(threshold))
        assumed["threshold"] = (reasons or {}).get(
            "threshold", "a variant" if "threshold_pct" in s else "not stated by any source"
        )
    elif "threshold_pct" in s:
        thr = Fraction(str(s["threshold_pct"])) / 100
    else:
        raise ValueError(f"no source states {system_id}'s threshold: pass threshold= and reasons=")
    base = None
    if s.get("threshold_base", "participants") == "participants":
        base, why, used = _participants(election_id, inp)
        if "threshold_base" not in s:
            stated = "not stated; taken as the voters who took part (the rule of 2009-2022)"
            why = f"{stated}; {why}" if why else stated
        if why:
            assumed["threshold_base"] = why
    runner_up = bool(s.get("runner_up_rule", False)) and chosen == "largest_remainder"
    coefficient = Fraction(str(s.get("runner_up_coefficient", electoral.RUNNER_UP_COEFFICIENT)))
    votes = inp["votes"]
    if votes.empty:
        out = pd.DataFrame(columns=["party_id", "votes", "vote_share", "seats", "seat_share"])
        result_attrs: dict[str, Any] = {"ties": [], "runner_up": None}
    else:
        rules: list[electoral.Rule] = [
            electoral.NationalMinimum(thr, "participants" if base is not None else "party_votes")
        ]
        if runner_up:
            rules.append(electoral.RunnerUp(coefficient))
        result = electoral.allocate(
            votes,
            s["seats_list"],
            rules,
            method=chosen,
            counts=electoral.Counts(participants=base),
        )
        total = int(votes.sum())
        out = pd.DataFrame(
            {
                "party_id": votes.index,
                "votes": votes.to_numpy(),
                "vote_share": (100 * votes / total).to_numpy(dtype=float),
                "seats": result.to_numpy(),
            }
        )
        out["seat_share"] = 100 * out["seats"] / s["seats_list"]
        result_attrs = dict(result.attrs)
    out.attrs.update(
        {
            "system_id": system_id,
            "election_id": election_id,
            "seats": s["seats_list"],
            "threshold": float(thr),
            "method": chosen,
            "runner_up": result_attrs.get("runner_up"),
            "assumed": assumed,
            "ties": result_attrs.get("ties", []),
        }
    )
    return sources.attach(out, inp, s, used)


def _participants(election_id: str, inp: dict) -> tuple[int | None, str, list[Any]]:
    """The voters who took part in ``election_id``, as a threshold's base: the preferred row's
    count; else, where a row gives the ballots against all, the party votes plus those (a
    lower bound: a list under the threshold on it is under it on the full count); else None
    (the party votes). Returns the base, what was done (empty if the count was stated) and
    the rows used."""
    from kazparl import party_system

    if inp["votes_kind"] != "count":
        return None, "the results are shares, so the base is the party votes", []
    chosen = data.election(election_id)
    if chosen is not None and pd.notna(chosen["participants"]):
        return int(chosen["participants"]), "", [chosen["source_id"]]
    against, row = party_system._figure(party_system._election_rows(election_id), "against_all")
    party_votes = int(inp["votes"].sum())
    if against is not None:
        return (
            party_votes + int(against),
            "counted as the party votes plus the ballots against all, a lower bound (the "
            "preferred row gives no count of those who took part)",
            [row],
        )
    return None, "no count of voters who took part; the base is the party votes", []


# --------------------------------------------------------------------------- the legislature

#: How a chamber's seats were filled, as the columns of :func:`table` and in a sentence.
FILLED_BY = {
    "seats_list": "party lists",
    "seats_single_mandate": "single-mandate districts",
    "seats_state_list": "the state list",
    "seats_assembly_of_people": "the Assembly of People",
    "seats_regional_councils": "regional councils",
    "seats_appointed": "appointed by the President",
    "seats_other": "public associations",
}

#: Chambers, as named in tables and sentences.
CHAMBER_NAMES = {
    "supreme-soviet": "Supreme Soviet",
    "supreme-kenges": "Supreme Kenges",
    "majilis": "Majilis",
    "senate": "Senate",
    "kurultai": "Kurultai",
}


def label(system_id: str) -> str:
    """``majilis-2012`` -> ``"Majilis 2012"``."""
    chamber, _, year = system_id.rpartition("-")
    return f"{CHAMBER_NAMES.get(chamber, chamber)} {year}"


def filled() -> pd.DataFrame:
    """The seats of every system by how they were filled, tidy: system_id, system (its
    label), chamber, year, filled_by (:data:`FILLED_BY`), seats, source_id. In the 2023 Senate
    the Assembly of People proposes five of the ten senators the President appoints: they
    are counted once, as appointed."""
    t = table()
    rows = []
    for _, row in t.iterrows():
        for column, how in FILLED_BY.items():
            if column == "seats_assembly_of_people" and row["chamber"] == "senate":
                continue
            if pd.notna(row[column]) and row[column] > 0:
                rows.append(
                    {
                        "system_id": row["system_id"],
                        "system": label(row["system_id"]),
                        "chamber": row["chamber"],
                        "year": row["year"],
                        "filled_by": how,
                        "seats": int(row[column]),
                        "source_id": row["source_id"],
                    }
                )
    out = pd.DataFrame(rows)
    out["filled_by"] = pd.Categorical(out["filled_by"], categories=list(FILLED_BY.values()))
    return sources.attach(out)


def parliaments() -> pd.DataFrame:
    """The whole legislature as each lower-house election left it: one row per system of
    the Supreme Soviet, Supreme Kenges, Majilis or Kurultai, with the Senate system in force
    then (the latest from the same year or before): system_id, year, senate_id (empty before
    1995 and for the Kurultai), members (both chambers), direct (party-list, single-mandate
    and state-list seats), not_direct (the rest: the Assembly of People's deputies, the
    appointed, those chosen by regional councils or public associations) and
    not_direct_share (percent). Empty where a chamber's parts do not add up to its size."""
    parts = indirect_seats()
    lower = parts[parts["chamber"] != "senate"]
    senates = parts[parts["chamber"] == "senate"]
    rows = []
    for _, row in lower.iterrows():
        senate = None
        if row["chamber"] == "majilis":
            earlier = senates[senates["year"] <= row["year"]]
            senate = earlier.iloc[-1] if len(earlier) else None
        members = row["seats_total"] + (senate["seats_total"] if senate is not None else 0)
        not_direct = row["not_direct"] + (senate["not_direct"] if senate is not None else 0)
        rows.append(
            {
                "system_id": row["system_id"],
                "year": row["year"],
                "senate_id": senate["system_id"] if senate is not None else pd.NA,
                "members": members,
                "direct": members - not_direct if pd.notna(not_direct) else pd.NA,
                "not_direct": not_direct,
                "source_id": "; ".join(
                    sources.of(
                        row["source_id"], *([senate["source_id"]] if senate is not None else [])
                    )
                ),
            }
        )
    out = pd.DataFrame(rows)
    for column in ("members", "direct", "not_direct"):
        out[column] = out[column].astype("Int64")
    out["not_direct_share"] = (100 * out["not_direct"] / out["members"]).astype("Float64")
    return sources.attach(out)


# --------------------------------------------------------------------------- the same votes


def _scenario_rows(frame: pd.DataFrame, scenario: str, seats: int) -> pd.DataFrame:
    out = frame[["party_id", "vote_share", "seats"]].copy()
    out.insert(0, "scenario", scenario)
    out["seat_share"] = 100 * out["seats"] / seats
    out["chamber_seats"] = seats
    return out


#: The rules that decide a list allocation: systems that agree on all of them are one rule set.
ALLOCATION_RULES = (
    "seats_list", "threshold_pct", "threshold_base", "quota", "method", "runner_up_rule",
    "runner_up_coefficient",
)  # fmt: skip


def _rule_sets(own: dict[str, Any]) -> list[tuple[str, str]]:
    """The election's own system and every list system from 2012 on, those with the same
    allocation rules (:data:`ALLOCATION_RULES`) merged: (name, first system_id), e.g.
    ("Majilis 2012-2021", "majilis-2012")."""
    later = [s for s in ids() if int(s[-4:]) >= 2012 and "seats_list" in system(s)]
    groups: dict[tuple, list[str]] = {}
    for system_id in dict.fromkeys([own["system_id"], *later]):
        s = system(system_id)
        key = (s["chamber"], *(s.get(rule) for rule in ALLOCATION_RULES))
        groups.setdefault(key, []).append(system_id)
    out = []
    for members in groups.values():
        years = sorted(m[-4:] for m in members)
        name = label(members[0])[: -len(years[0])] + years[0]
        if len(years) > 1:
            name += f"\u2013{years[-1]}"
        out.append((name, members[0]))
    return out


def compare(election_id: str, *, method: str = "largest_remainder") -> pd.DataFrame:
    """The list votes of ``election_id`` under each system with party lists since 2012, and
    the paper's two thresholds, beside what actually happened. Tidy: scenario, party_id,
    vote_share (of the party-list votes), seats, seat_share (of ``chamber_seats``),
    chamber_seats.

    Scenarios, in order: ``actual`` (the official seats: list and district seats together
    where the election had districts, as the results' ``total`` tier gives them; the
    Assembly of People's deputies of 2007-2021 are left out), then the election's own rules
    and every other system's (:func:`allocate`), then the paper's proposals (the election's
    own rules with a 5% and with a 3% threshold). ``method`` is what a system stating no
    method is assumed to use (the Kurultai's; before 2012, ``largest_remainder`` reproduces
    every official allocation); ``attrs["assumed"]`` maps scenario -> {rule: why}."""
    from kazparl import party_system

    own = system_of(election_id)
    if own is None:
        raise ValueError(f"{election_id} has no system in electoral_rules")
    results = party_system.list_results(election_id)
    if results.empty:
        raise ValueError(f"{election_id} has no list results in the data")
    share = dict(zip(results["party_id"], results["vote_share"], strict=True))
    parts, assumed, used = [], {}, [results]
    total_tier = data.results(election_id, "total")
    if len(total_tier):
        actual = total_tier.groupby("party_id", observed=True)["seats"].max().reset_index()
        actual["vote_share"] = actual["party_id"].map(share).fillna(0.0)
        seats = own["seats_list"] + own.get("seats_single_mandate", 0)
        used.append(total_tier)
    else:
        actual, seats = results, own["seats_list"]
    parts.append(_scenario_rows(actual, "actual", seats))
    runs = [(f"{name} rules", system_id, None) for name, system_id in _rule_sets(own)]
    runs += [
        (f"{label(own['system_id'])} rules at {pct}% ({who})", own["system_id"], pct / 100)
        for pct, who in ((5, "the paper's proposal"), (3, "the CPPK's"))
        if pct != own.get("threshold_pct")
    ]
    for scenario, system_id, threshold in runs:
        rules_of = system(system_id)
        needs_method = "method" not in rules_of and rules_of.get("quota") != "hare"
        result = allocate(
            election_id,
            system_id,
            method=method if needs_method else None,
            threshold=threshold,
            reasons={
                "method": "no source states the method; "
                f"{electoral.METHOD_NAMES.get(method, method)} assumed",
                "threshold": "a proposal of 2007-2008 (the paper, the CPPK)",
            },
        )
        parts.append(_scenario_rows(result, scenario, result.attrs["seats"]))
        assumed[scenario] = result.attrs["assumed"]
        used.append(result)
    out = pd.concat(parts, ignore_index=True)
    out["seats"] = out["seats"].astype("Int64")
    out.attrs.update({"assumed": assumed, "election_id": election_id})
    return sources.attach(out, *used)


def compare_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per scenario of :func:`compare`: scenario, chamber_seats, seats_placed (the
    seats the results give a party; the actual outcome may miss a district), ruling_seats and
    ruling_seat_share (the Otan lineage), parties_winning, gallagher (points, list vote
    shares against seat shares) and enp_seats (Laakso-Taagepera)."""
    from kazparl import party_system

    rows = []
    for scenario, part in frame.groupby("scenario", sort=False):
        won = part[part["seats"].fillna(0) > 0]
        ruling = part[part["party_id"].isin(party_system.RULING_PARTY)]["seats"].sum()
        size = int(part["chamber_seats"].iat[0])
        rows.append(
            {
                "scenario": scenario,
                "chamber_seats": size,
                "seats_placed": int(part["seats"].sum()),
                "ruling_seats": int(ruling),
                "ruling_seat_share": 100 * ruling / size,
                "parties_winning": int((won["party_id"] != "independents").sum()),
                "gallagher": electoral.gallagher(
                    dict(zip(part["party_id"], part["vote_share"], strict=True)),
                    dict(zip(part["party_id"], part["seat_share"].fillna(0), strict=True)),
                ),
                "enp_seats": electoral.enp(part["seat_share"].fillna(0)),
            }
        )
    return sources.attach(pd.DataFrame(rows), frame)


def under_methods(election_id: str, system_id: str) -> pd.DataFrame:
    """The list votes of ``election_id`` under ``system_id`` with each allocation method of
    :data:`kazparl.electoral.METHODS`, for a system whose method no source states (the
    Kurultai's): scenario (the method), party_id, vote_share, seats, seat_share,
    chamber_seats. A system that states its method raises ValueError."""
    s = system(system_id)
    if "method" in s or s.get("quota") == "hare":
        raise ValueError(f"{system_id} states its method; there is no alternative to show")
    parts, used = [], []
    for method in electoral.METHODS:
        result = allocate(
            election_id, system_id, method=method, reasons={"method": "shown as an alternative"}
        )
        parts.append(_scenario_rows(result, method, result.attrs["seats"]))
        used.append(result)
    out = pd.concat(parts, ignore_index=True)
    out.attrs["election_id"] = election_id
    return sources.attach(out, *used)


def votes_of(election_id: str) -> str:
    """The election whose list votes :func:`compare` puts through the rules for the chosen
    ``election_id``: itself if its results are in the data, else the latest list election
    that has them (the Kurultai before its results are curated)."""
    from kazparl import party_system

    have = party_system.list_elections()
    return election_id if election_id in have else have[-1]
