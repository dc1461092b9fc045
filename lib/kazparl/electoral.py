"""Seat allocation and party-system indices, with exact arithmetic.

Seat allocation (:func:`allocate_seats`) follows Kazakhstan's rule for the Majilis party-list
tier (election law, Article 97): a threshold measured on the voters who took part, a Hare quota
over the qualifying parties, largest remainders, ties to the earlier registered list, and, in
2009-2022, the runner-up rule with its 0.7 correction. The divisor methods of D'Hondt and
Sainte-Laguë are there for comparison. All arithmetic is done with :class:`fractions.Fraction`,
so a tie is a real tie and not float noise; every tie that decided a seat is reported in
``result.attrs["ties"]``.

Indices of the party system: :func:`enp` (Laakso and Taagepera 1979), :func:`golosov`
(Golosov 2010), :func:`gallagher` (Gallagher 1991), :func:`loosemore_hanby` (Loosemore and
Hanby 1971) and :func:`pedersen` (Pedersen 1979), with :func:`party_lineage` to follow renamed
and merged parties. They take counts or shares (normalised here to proportions); the distance
indices are returned in percentage points (0-100).

The data package's elections are put through these rules by :mod:`kazparl.party_system`.

>>> allocate_seats({"A": 610, "B": 290, "C": 100}, 5).tolist()  # Q = 200: 3.05, 1.45, 0.5
[3, 1, 1]
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

import pandas as pd

__all__ = [
    "BASES",
    "METHODS",
    "METHOD_NAMES",
    "RUNNER_UP_COEFFICIENT",
    "Counts",
    "NationalMinimum",
    "RegionalMinimum",
    "Rule",
    "RunnerUp",
    "SeatCap",
    "allocate",
    "allocate_seats",
    "enp",
    "gallagher",
    "golosov",
    "loosemore_hanby",
    "party_lineage",
    "pedersen",
]

#: Correction index applied to the runner-up's quotient (Article 97(3), 2009-2022 text).
RUNNER_UP_COEFFICIENT = Fraction(7, 10)

_DIVISORS: dict[str, Callable[[int], int]] = {
    "dhondt": lambda k: k + 1,  # 1, 2, 3, ...
    "sainte_lague": lambda k: 2 * k + 1,  # 1, 3, 5, ... (same ranking as 0.5, 1.5, ...)
}
METHODS = ("largest_remainder", *_DIVISORS)

#: How the methods are named in tables and sentences.
METHOD_NAMES = {
    "largest_remainder": "largest remainder",
    "dhondt": "D'Hondt",
    "sainte_lague": "Sainte-Laguë",
}


# --------------------------------------------------------------------------- seat allocation


def allocate_seats(
    votes: pd.Series | Mapping[Any, int],
    seats: int,
    *,
    method: str = "largest_remainder",
    threshold: float | Fraction = 0.0,
    base: int | None = None,
    runner_up_rule: bool = False,
    runner_up_coefficient: float | Fraction = RUNNER_UP_COEFFICIENT,
    order: Sequence[Any] | None = None,
    qualified: Iterable[Any] | None = None,
) -> pd.Series:
    """Allocate ``seats`` among parties by their ``votes``, exactly.

    **Threshold.** A party qualifies if ``votes / base >= threshold`` (compared as fractions; a
    float threshold is read from its decimal text, so ``0.07`` is exactly 7/100). ``base``
    defaults to the sum of ``votes``; for Kazakhstan it is the number of voters who took part,
    invalid and against-all ballots included ("seven and more percents of votes from the total
    number of the voters who have taken part in voting", Article 97(1)). A party with no votes
    never qualifies.

    **Methods.**

    - ``"largest_remainder"`` (Hare-Niemeyer, Article 97): quota ``Q = sum of the qualifying
      votes / seats``; each party gets ``floor(v / Q)`` seats and the seats left go one each to
      the largest remainders ``v / Q - floor(v / Q)``.
    - ``"dhondt"``: the ``seats`` largest quotients ``v / d`` with ``d = 1, 2, 3, ...``
      (Jefferson).
    - ``"sainte_lague"``: the same with ``d = 1, 3, 5, ...`` (Webster).

    **Runner-up rule** (Majilis 2009-2022, largest remainder only). If exactly one party passes
    the threshold, "the party list of the party, which has received the next largest number of
    votes ... shall be admitted"; "the sum of votes cast for two political parties shall be
    divided to the number of distributed deputy mandates" to give the quota ``Q`` (Article
    97(2)); the runner-up's votes "shall divided by the first election quota and multiplied by
    a correction index of 0.7" (Article 97(3)); ``runner_up_coefficient`` is that index
    (``electoral_rules`` holds it per system). So here ``Q = (v_1 + v_2) / seats``, the
    quotients are ``v_1 / Q`` and ``0.7 v_2 / Q``, each party gets the integer part and the seats
    left go by largest remainder of these quotients. Because of the 0.7 more seats can be left
    than there are admitted parties; the remainder order is then repeated (an assumption: the
    translated text read here breaks off before the clause on remaining seats, and IPU's
    "the party getting the second highest number of votes receives at least two seats" is not
    in that text and is not applied). ``attrs["runner_up"]`` names the admitted party.

    **Qualified** parties may be given instead (``qualified``: the parties that passed rules
    decided elsewhere, :func:`allocate`); ``threshold`` and ``base`` are then not used.

    **Ties** go to the party registered earlier: ``order`` lists the parties in registration
    order (default: the order of ``votes``). Each tie that decided a seat is reported in
    ``attrs["ties"]`` as a dict with ``stage``, the tied ``value``, the tied ``parties`` and the
    ``winners``.

    Returns the seats (int) indexed by party, in the order of ``votes``; ``attrs`` also holds
    ``method``, ``quota`` (largest remainder) and ``qualified``.

    >>> s = allocate_seats({"A": 5, "B": 5}, 1)  # a real tie, won by A (listed first)
    >>> s.tolist(), s.attrs["ties"][0]["winners"]
    ([1, 0], ['A'])
    """
    v = _votes(votes)
    if isinstance(seats, bool) or not isinstance(seats, numbers.Integral) or seats < 1:
        raise ValueError(f"seats must be an integer >= 1, got {seats!r}")
    seats = int(seats)
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; the methods are: {', '.join(METHODS)}")
    if runner_up_rule and method != "largest_remainder":
        raise ValueError("runner_up_rule applies to method='largest_remainder' only")
    thr = _fraction(threshold, "threshold")
    coefficient = _fraction(runner_up_coefficient, "runner_up_coefficient")
    if not 0 < coefficient <= 1:
        raise ValueError(f"runner_up_coefficient must be in (0, 1], got {runner_up_coefficient!r}")
    if not 0 <= thr < 1:
        raise ValueError(f"threshold must be a fraction in [0, 1), got {threshold!r}")
    total = sum(v.values())
    if base is None:
        base = total
    elif isinstance(base, bool) or not isinstance(base, numbers.Integral):
        raise ValueError(f"base must be an integer count of voters, got {base!r}")
    if base < total:
        raise ValueError(f"base ({base}) is smaller than the sum of the votes ({total})")
    rank = _ranks(list(v), order)
    ties: list[dict[str, Any]] = []

    if qualified is None:
        qualified = [p for p, n in v.items() if n > 0 and Fraction(n, base) >= thr]
    else:
        given = set(qualified)
        qualified = [p for p in v if p in given and v[p] > 0]
    runner_up = None
    if runner_up_rule and len(qualified) == 1:
        rest = [p for p, n in v.items() if n > 0 and p not in qualified]
        if rest:
            best = max(v[p] for p in rest)
            tied = sorted((p for p in rest if v[p] == best), key=rank.__getitem__)
            runner_up = tied[0]
            if len(tied) > 1:
                ties.append(_tie("runner-up", Fraction(best), tied, [runner_up]))
            qualified = [p for p in v if p in (qualified[0], runner_up)]
    if not qualified:
        raise ValueError(
            f"no party qualifies: none has votes / base >= {thr} (base = {base}, "
            f"largest vote = {max(v.values())})"
        )

    quota = None
    if method == "largest_remainder":
        quota = Fraction(sum(v[p] for p in qualified), seats)
        quotients = {p: Fraction(v[p]) / quota for p in qualified}
        if runner_up is not None:
            quotients[runner_up] *= coefficient
        won = _largest_remainder(quotients, seats, rank, ties)
    else:
        won = _highest_averages({p: v[p] for p in qualified}, seats, _DIVISORS[method], rank, ties)

    out = pd.Series([won.get(p, 0) for p in v], index=_index(votes, v), dtype="int64", name="seats")
    out.attrs = {
        "method": method,
        "quota": quota,
        "qualified": qualified,
        "runner_up": runner_up,
        "ties": ties,
    }
    return out


# --------------------------------------------------------------------------- composable rules

#: What a minimum share is measured on: the votes for parties, the valid votes, the voters who
#: took part (invalid ballots included) or the electoral register.
BASES = ("party_votes", "valid", "participants", "registered")


@dataclass(frozen=True)
class Counts:
    """The counts a rule may be measured on: ``valid``, ``participants``, ``registered``
    (national), and ``regions``: region -> {"votes": {party: votes}, and any of "valid",
    "participants", "registered"} for a regional minimum."""

    valid: int | None = None
    participants: int | None = None
    registered: int | None = None
    regions: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


def _base(counts: Mapping[str, Any] | Counts, name: str, party_votes: int, where: str) -> int:
    if name not in BASES:
        raise ValueError(f"unknown base {name!r}; the bases are: {', '.join(BASES)}")
    if name == "party_votes":
        return party_votes
    value = counts.get(name) if isinstance(counts, Mapping) else getattr(counts, name)
    if value is None:
        raise ValueError(f"a minimum on {name} needs the count of {name} {where}")
    return int(value)


@dataclass(frozen=True)
class NationalMinimum:
    """A list qualifies with at least ``share`` (a fraction: 0.07) of ``base`` nationally
    (Kazakhstan: 7% of the voters who took part; Kyrgyzstan 2007: 5% of the register)."""

    share: Fraction | float
    base: str = "party_votes"

    def failing(self, votes: Mapping[Any, int], counts: Counts) -> set[Any]:
        share = _fraction(self.share, "share")
        base = _base(counts, self.base, sum(votes.values()), "nationally")
        return {p for p, n in votes.items() if Fraction(n, base) < share}


@dataclass(frozen=True)
class RegionalMinimum:
    """A list qualifies only with at least ``share`` of ``base`` in EVERY region of
    ``counts.regions`` (Kyrgyzstan 2007: 0.5% of the register in each of seven oblasts and two
    cities). Without per-region counts it cannot be applied: a ValueError says so."""

    share: Fraction | float
    base: str = "registered"

    def failing(self, votes: Mapping[Any, int], counts: Counts) -> set[Any]:
        if not counts.regions:
            raise ValueError("a regional minimum needs each region's votes (Counts.regions)")
        share = _fraction(self.share, "share")
        out: set[Any] = set()
        for region, held in counts.regions.items():
            local = held.get("votes", {})
            base = _base(held, self.base, sum(local.values()), f"in region {region!r}")
            out |= {p for p in votes if Fraction(local.get(p, 0), base) < share}
        return out


@dataclass(frozen=True)
class SeatCap:
    """No list may win more than ``seats`` seats (Kyrgyzstan 2010: 65 of 120); the seats
    over the cap go to the other qualified lists by the same method."""

    seats: int


@dataclass(frozen=True)
class RunnerUp:
    """If only one list qualifies, the next largest is admitted too, its quotient multiplied
    by ``coefficient`` (Kazakhstan 2009-2022, :func:`allocate_seats`)."""

    coefficient: Fraction | float = RUNNER_UP_COEFFICIENT


Rule = NationalMinimum | RegionalMinimum | SeatCap | RunnerUp


def allocate(
    votes: pd.Series | Mapping[Any, int],
    seats: int,
    rules: Sequence[Rule] = (),
    *,
    method: str = "largest_remainder",
    counts: Counts | None = None,
    qualified: Iterable[Any] | None = None,
    order: Sequence[Any] | None = None,
) -> pd.Series:
    """Allocate ``seats`` under a country's rules, put together from the same few pieces.

    Every :class:`NationalMinimum` and :class:`RegionalMinimum` must be passed (on its base, from
    ``counts``); a :class:`RunnerUp` admits the runner-up when only one list passes; the
    qualified lists share the seats by ``method`` (:func:`allocate_seats`); a :class:`SeatCap`
    then caps the largest and shares its excess among the others, until no list is over.
    ``qualified`` states who passed where a source says so but the counts a rule needs are not
    in the data (the regional votes of Kyrgyzstan 2007); the rules' minimums are then not
    tested. ``attrs``: those of :func:`allocate_seats`, and ``failed`` (party -> the rules it
    failed) and ``capped``.

    Kazakhstan 2021 (7% of the voters who took part) and Kyrgyzstan-style rules, by hand:

    >>> votes = {"A": 6000, "B": 1500, "C": 900, "D": 600}
    >>> allocate(votes, 10, [NationalMinimum(0.07, "participants")],
    ...          counts=Counts(participants=10000)).tolist()  # D: 6% of 10,000
    [7, 2, 1, 0]
    >>> allocate({"A": 7000, "B": 2000, "C": 1000}, 10, [SeatCap(6)]).tolist()  # A's 7th -> B
    [6, 3, 1]
    """
    v = _votes(votes)
    counts = counts or Counts()
    failed: dict[Any, list[str]] = {}
    if qualified is None:
        passing = {p for p, n in v.items() if n > 0}
        for rule in rules:
            if isinstance(rule, NationalMinimum | RegionalMinimum):
                for party in rule.failing(v, counts) & set(v):
                    failed.setdefault(party, []).append(repr(rule))
                passing -= rule.failing(v, counts)
    else:
        passing = set(qualified)
    runner = next((r for r in rules if isinstance(r, RunnerUp)), None)
    cap = next((r.seats for r in rules if isinstance(r, SeatCap)), None)
    kwargs: dict[str, Any] = {"method": method, "order": order}
    if runner is not None:
        kwargs.update(runner_up_rule=True, runner_up_coefficient=runner.coefficient)
    result = allocate_seats(votes, seats, qualified=[p for p in v if p in passing], **kwargs)
    capped: list[Any] = []
    while cap is not None and (result > cap).any():
        capped += [p for p in result.index[result > cap] if p not in capped]
        rest = [p for p in v if p in passing and p not in capped]
        left = seats - cap * len(capped)
        again = allocate_seats(votes, left, qualified=rest, **kwargs) if rest and left > 0 else None
        attrs = result.attrs
        result = pd.Series(
            [cap if p in capped else (int(again[p]) if again is not None else 0) for p in v],
            index=result.index,
            dtype="int64",
            name="seats",
        )
        result.attrs = attrs
    result.attrs.update({"failed": failed, "capped": capped, "rules": list(rules)})
    return result


def _largest_remainder(
    quotients: dict[Any, Fraction], seats: int, rank: dict[Any, int], ties: list[dict[str, Any]]
) -> dict[Any, int]:
    won = {p: math.floor(q) for p, q in quotients.items()}
    left = seats - sum(won.values())
    by_remainder = sorted(quotients, key=lambda p: (-(quotients[p] - won[p]), rank[p]))
    rounds, left = divmod(left, len(by_remainder))
    for p in by_remainder:  # only under the runner-up rule can a full round be left over
        won[p] += rounds
    if 0 < left < len(by_remainder):
        remainders = [quotients[p] - math.floor(quotients[p]) for p in by_remainder]
        _report_cut(remainders, by_remainder, left, "remainder", ties)
    for p in by_remainder[:left]:
        won[p] += 1
    return won


def _highest_averages(
    votes: dict[Any, int],
    seats: int,
    divisor: Callable[[int], int],
    rank: dict[Any, int],
    ties: list[dict[str, Any]],
) -> dict[Any, int]:
    # A party's k-th quotient (k < seats) can only win if it beats all later ones, so the
    # seats largest of these cover every allocation.
    entries = [(Fraction(n, divisor(k)), p) for p, n in votes.items() for k in range(seats)]
    entries.sort(key=lambda e: (-e[0], rank[e[1]]))
    if len(entries) > seats:
        _report_cut([e[0] for e in entries], [e[1] for e in entries], seats, "quotient", ties)
    won = dict.fromkeys(votes, 0)
    for _, p in entries[:seats]:
        won[p] += 1
    return won


def _report_cut(
    values: list[Fraction], parties: list[Any], cut: int, stage: str, ties: list[dict[str, Any]]
) -> None:
    """Record a tie if equal values straddle the cut between winners and losers."""
    last = values[cut - 1]
    if values[cut] != last:
        return
    tied = [p for p, x in zip(parties, values, strict=True) if x == last]
    winners = [p for p, x in zip(parties[:cut], values[:cut], strict=True) if x == last]
    ties.append(_tie(stage, last, tied, winners))


def _tie(stage: str, value: Fraction, tied: list[Any], winners: list[Any]) -> dict[str, Any]:
    return {"stage": stage, "value": value, "parties": tied, "winners": winners}


def _votes(votes: pd.Series | Mapping[Any, int]) -> dict[Any, int]:
    if isinstance(votes, pd.Series):
        if votes.index.has_duplicates:
            dup = votes.index[votes.index.duplicated()].unique().tolist()
            raise ValueError(f"votes has duplicate parties: {dup}")
        if votes.isna().any():
            raise ValueError(f"votes are missing for {votes.index[votes.isna()].tolist()}")
        if pd.api.types.is_float_dtype(votes.dtype):
            raise ValueError("votes must be integer counts, got float values")
        items = list(votes.items())
    elif isinstance(votes, Mapping):
        items = list(votes.items())
    else:
        raise ValueError(f"votes must be a pandas Series or a mapping, got {type(votes).__name__}")
    if not items:
        raise ValueError("votes is empty")
    for party, n in items:
        if isinstance(n, bool) or not isinstance(n, numbers.Integral):
            raise ValueError(f"votes must be integer counts; {party!r} has {n!r}")
        if n < 0:
            raise ValueError(f"votes must be non-negative; {party!r} has {n}")
    return {party: int(n) for party, n in items}


def _index(votes: pd.Series | Mapping[Any, int], v: dict[Any, int]) -> pd.Index:
    return votes.index.copy() if isinstance(votes, pd.Series) else pd.Index(list(v))


def _ranks(parties: list[Any], order: Sequence[Any] | None) -> dict[Any, int]:
    if order is None:
        return {p: i for i, p in enumerate(parties)}
    rank = {p: i for i, p in reversed(list(enumerate(order)))}
    missing = [p for p in parties if p not in rank]
    if missing:
        raise ValueError(f"order lacks the parties {missing}")
    return {p: rank[p] for p in parties}


def _fraction(x: float | Fraction, name: str) -> Fraction:
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise ValueError(f"{name} must be a number, got {x!r}")
    if isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(f"{name} must be finite, got {x!r}")
        return Fraction(repr(x))  # 0.07 -> 7/100, not the binary approximation
    return Fraction(x)


# --------------------------------------------------------------------------- indices


def enp(shares: Iterable[float] | Mapping[Any, float] | pd.Series) -> float:
    """Effective number of parties (Laakso and Taagepera 1979): ``1 / sum p_i^2``.

    ``shares`` (counts, proportions or percentages) are normalised to sum to 1 first. Laakso,
    M. and Taagepera, R. (1979) "'Effective' number of parties", *Comparative Political
    Studies* 12(1): 3-27.

    >>> round(enp([0.5, 0.3, 0.2]), 4)  # 1 / (0.25 + 0.09 + 0.04) = 1 / 0.38
    2.6316
    """
    p = _proportions(shares)
    return 1.0 / sum(x * x for x in p)


def golosov(shares: Iterable[float] | Mapping[Any, float] | pd.Series) -> float:
    """Golosov's effective number of parties: ``sum_i p_i / (p_i + p_1^2 - p_i^2)``.

    ``p_1`` is the largest share; shares are normalised to sum to 1. Golosov, G. V. (2010)
    "The effective number of parties: a new approach", *Party Politics* 16(2): 171-192.

    >>> round(golosov([0.5, 0.3, 0.2]), 4)  # 1 + 0.3/0.46 + 0.2/0.41
    2.14
    """
    p = _proportions(shares)
    top = max(p)
    return sum(x / (x + top * top - x * x) for x in p if x > 0)


def gallagher(vote_shares: Any, seat_shares: Any) -> float:
    """Gallagher's least-squares index (LSq), in percentage points.

    ``LSq = sqrt(1/2 * sum_i (v_i - s_i)^2)`` with ``v_i`` and ``s_i`` in percent. Votes and
    seats (counts or shares) are each normalised to 100, so pass every party, seatless ones
    included; Series or mappings are aligned by party (a missing party counts 0), sequences by
    position. Gallagher, M. (1991) "Proportionality, disproportionality and electoral systems",
    *Electoral Studies* 10(1): 33-51.

    >>> round(gallagher([60, 30, 10], [70, 30, 0]), 4)  # sqrt((100 + 0 + 100) / 2) = 10
    10.0
    """
    v, s = _aligned(vote_shares, seat_shares)
    return math.sqrt(sum((a - b) ** 2 for a, b in zip(v, s, strict=True)) / 2) * 100


def loosemore_hanby(vote_shares: Any, seat_shares: Any) -> float:
    """Loosemore-Hanby index ``D = 1/2 * sum_i |v_i - s_i|``, in percentage points.

    Inputs as for :func:`gallagher`. Loosemore, J. and Hanby, V. J. (1971) "The theoretical
    limits of maximum distortion", *British Journal of Political Science* 1(4): 467-477.

    >>> round(loosemore_hanby([60, 30, 10], [70, 30, 0]), 4)  # (10 + 0 + 10) / 2
    10.0
    """
    v, s = _aligned(vote_shares, seat_shares)
    return sum(abs(a - b) for a, b in zip(v, s, strict=True)) / 2 * 100


def pedersen(
    previous: Mapping[str, float] | pd.Series,
    current: Mapping[str, float] | pd.Series,
    lineage: Mapping[str, str] | None = None,
) -> float:
    """Pedersen's electoral volatility ``V = 1/2 * sum_i |p_i,t - p_i,t-1|``, in points.

    Each election's shares (counts or shares, keyed by party) are normalised to sum to 1.
    Before comparing, every party is mapped through ``lineage`` (party -> successor; parties not
    in it stand for themselves) and shares mapped to the same successor are **summed**:

    - a *renamed* party (``cppk`` -> ``ppk``, ``nur-otan`` -> ``amanat``) counts as one party;
    - *merged* or *absorbed* parties count as their successor, so a merger between the two
      elections is not counted as volatility (the parties' combined share is compared);
    - a *new* party (no predecessor in ``previous``) counts with share 0 before, and a party
      that disappears without successor with share 0 after: both add to volatility.

    Build ``lineage`` with :func:`party_lineage` and ``until`` = the later election's date:
    final successors would also fuse parties that were still rivals at both elections.
    Pedersen, M. N. (1979) "The dynamics of European party systems: changing patterns of
    electoral volatility", *European Journal of Political Research* 7(1): 1-26.

    >>> round(pedersen({"cppk": 60, "x": 40}, {"ppk": 50, "x": 50}, {"cppk": "ppk"}), 6)
    10.0
    """
    lineage = lineage or {}
    before, after = (_by_successor(x, lineage) for x in (previous, current))
    parties = list(dict.fromkeys([*before, *after]))
    return sum(abs(after.get(p, 0.0) - before.get(p, 0.0)) for p in parties) / 2 * 100


def party_lineage(parties_df: pd.DataFrame, *, until: date | str | None = None) -> dict[str, str]:
    """Map each ``party_id`` to its final successor, following ``successor_id`` chains.

    ``otan -> nur-otan -> amanat`` maps ``otan`` to ``amanat``; a party without successor maps
    to itself. With ``until`` (a date), a link is followed only if the party's ``dissolved``
    date is on or before it (compared at the precision of ``dissolved``: "2020-11" counts as
    dissolved by 2020-11-30); links with no ``dissolved`` date are always followed. Raises
    ValueError on a cycle.

    >>> df = pd.DataFrame({"party_id": ["otan", "nur-otan", "amanat"],
    ...                    "successor_id": ["nur-otan", "amanat", None]})
    >>> party_lineage(df)["otan"]
    'amanat'
    """
    cut = None if until is None else pd.Timestamp(until).date().isoformat()
    has_dates = "dissolved" in parties_df.columns
    link: dict[str, str] = {}
    for row in parties_df.itertuples(index=False):
        succ = row.successor_id
        if succ is None or pd.isna(succ):
            continue
        gone = row.dissolved if has_dates else None
        dated = cut is not None and gone is not None and not pd.isna(gone)
        if dated and str(gone) > cut[: len(str(gone))]:
            continue
        link[str(row.party_id)] = str(succ)
    out = {}
    for party in parties_df["party_id"]:
        seen, p = [str(party)], str(party)
        while p in link:
            p = link[p]
            if p in seen:
                raise ValueError(f"successor_id cycle: {' -> '.join([*seen, p])}")
            seen.append(p)
        out[str(party)] = p
    return out


def _proportions(x: Any) -> list[float]:
    values = list(x.values()) if isinstance(x, Mapping) else list(x)
    values = [float(a) for a in values]
    if any(not math.isfinite(a) or a < 0 for a in values):
        raise ValueError(f"shares must be finite and non-negative, got {values}")
    total = sum(values)
    if total <= 0:
        raise ValueError("shares must have a positive sum")
    return [a / total for a in values]


def _aligned(a: Any, b: Any) -> tuple[list[float], list[float]]:
    if isinstance(a, Mapping | pd.Series) and isinstance(b, Mapping | pd.Series):
        a, b = dict(a), dict(b)
        keys = list(dict.fromkeys([*a, *b]))
        a, b = [a.get(k, 0) for k in keys], [b.get(k, 0) for k in keys]
    else:
        a, b = list(a), list(b)
        if len(a) != len(b):
            raise ValueError(f"vote and seat shares differ in length: {len(a)} vs {len(b)}")
    return _proportions(a), _proportions(b)


def _by_successor(x: Mapping[str, float] | pd.Series, lineage: Mapping[str, str]) -> dict:
    keys = list(x.keys())
    shares = _proportions([x[k] for k in keys])
    out: dict[str, float] = {}
    for k, s in zip(keys, shares, strict=True):
        succ = lineage.get(k, k)
        out[succ] = out.get(succ, 0.0) + s
    return out
