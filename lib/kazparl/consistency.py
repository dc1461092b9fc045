"""The paper against itself: rules that find where its own figures cannot all be true.

Each rule reads the claims (``data/paper_claims.csv``, :func:`kazparl.audit.claims`) and
returns its findings, one row each: ``rule`` (its name in :data:`RULES`), ``claims`` (the
claim ids of both sides, ``"c137, c540 | c312"``), ``lines_a`` / ``quote_a`` (one side: the
parts, or the first value), ``lines_b`` / ``quote_b`` (the other: the whole, or the other
value) and ``explanation``. A claim in any finding gets the verdict "contradicts itself".

- **same fact, two values**: two claims keyed to the same fact (table, key, field) whose
  values differ by more than rounding (:func:`kazparl.audit.half_unit`).
- **a total against its parts**: a party's total seats in an election, claimed in one place,
  against its list and single-mandate seats claimed elsewhere (both tiers needed).
- **a date against its event**: a claim whose ``event`` column names the election its
  passage is about, dated to another year than that election's (the ``elections`` table's
  date): "the 2006 presidential elections" of December 2005.
- **parts against the whole**: parts meant to make up a whole (age bands, a chamber's
  elected, appointed and Assembly of People seats) that do not add up to the size the paper
  gives, or parts that exceed their whole (seats by party against a tier's size).

>>> claims = pd.DataFrame({
...     "claim_id": ["c1", "c2", "c3"], "line_start": [10, 50, 51], "line_end": [10, 50, 51],
...     "quote": ["two seats in 1999", "2 list seats", "one single-mandate seat"],
...     "value": [2.0, 2.0, 1.0], "table": ["results"] * 3,
...     "key": ["election_id=majilis-1999;tier=total;party_id=cpk",
...             "election_id=majilis-1999;tier=list;party_id=cpk",
...             "election_id=majilis-1999;tier=single-mandate;party_id=cpk"],
...     "field": ["seats"] * 3})
>>> total_against_parts(claims)[["rule", "claims", "explanation"]].values.tolist()
[['a total against its parts', 'c2, c3 | c1', 'list 2 + single-mandate 1 = 3, but the total is 2']]
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

__all__ = [
    "COLUMNS",
    "RULES",
    "date_against_event",
    "decimals",
    "find",
    "half_unit",
    "involved",
    "parse_key",
    "parts_against_whole",
    "same_fact",
    "sum_check",
    "sum_checks",
    "total_against_parts",
]

RULES = (
    "same fact, two values",
    "a total against its parts",
    "a date against its event",
    "parts against the whole",
)
COLUMNS = ["rule", "claims", "lines_a", "quote_a", "lines_b", "quote_b", "explanation"]

#: The size of each tier in the ``elections`` table.
TIER_FIELD = {
    "list": "seats_list",
    "single-mandate": "seats_single_mandate",
    "total": "seats_total",
}


def decimals(x: float) -> int:
    """Decimal places of a figure as written (17.75 -> 2, 17.7 -> 1, 98 -> 0)."""
    text = repr(float(x))
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def half_unit(a: float, b: float) -> float:
    """Half a unit of the last digit of the coarser of two figures (17.75 vs 17.7: 0.05)."""
    return 0.5 * 10 ** -min(decimals(a), decimals(b)) + 1e-9


def parse_key(key: str) -> dict[str, str]:
    """``"election_id=majilis-2007;party_id=nsdp"`` -> ``{"election_id": ..., "party_id": ...}``."""
    if not isinstance(key, str) or not key.strip():
        return {}
    pairs = [part.split("=", 1) for part in key.split(";") if part.strip()]
    return {k.strip(): v.strip() for k, v in pairs}


def _lines(rows: pd.DataFrame) -> str:
    spans = [
        str(a) if a == b else f"{a}\u2013{b}"
        for a, b in zip(rows["line_start"], rows["line_end"], strict=True)
    ]
    return "; ".join(spans)


def _finding(rule: str, a: pd.DataFrame, b: pd.DataFrame, explanation: str) -> dict:
    return {
        "rule": rule,
        "claims": f"{', '.join(a['claim_id'])} | {', '.join(b['claim_id'])}",
        "lines_a": _lines(a),
        "quote_a": " + ".join(a["quote"]),
        "lines_b": _lines(b),
        "quote_b": " + ".join(b["quote"]),
        "explanation": explanation,
    }


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def _keyed(claims: pd.DataFrame, table: str, field: str) -> pd.DataFrame:
    """The claims keyed to ``table`` / ``field``, with their key's columns as columns."""
    rows = claims[(claims["table"] == table) & (claims["field"] == field)].copy()
    keys = rows["key"].map(parse_key)
    for column in sorted({c for k in keys for c in k}):
        rows[column] = keys.map(lambda k, c=column: k.get(c))
    return rows


def _g(x: float) -> str:
    return f"{x:g}"


def same_fact(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims of the same fact (table, key, field) with values further apart than rounding."""
    rows = []
    keyed = claims.dropna(subset=["table", "field"])
    for (table, key, field), group in keyed.groupby(["table", "key", "field"], dropna=False):
        low, high = group["value"].min(), group["value"].max()
        if high - low > half_unit(low, high):  # "just over 3%" and 3.09% agree
            first = group[group["value"] == group["value"].iloc[0]]
            other = group[group["value"] != group["value"].iloc[0]]
            values = " and ".join(_g(v) for v in dict.fromkeys(group["value"]))
            explanation = f"{table} {key} {field}: the paper gives {values}"
            rows.append(_finding(RULES[0], first, other, explanation))
    return _frame(rows)


def total_against_parts(claims: pd.DataFrame) -> pd.DataFrame:
    """A party's total seats against its list and single-mandate seats, claimed apart."""
    seats = _keyed(claims, "results", "seats")
    if seats.empty or "tier" not in seats:
        return _frame([])
    rows = []
    for _, group in seats.groupby(["election_id", "party_id"]):
        by_tier = {tier: part for tier, part in group.groupby("tier")}
        if not {"total", "list", "single-mandate"} <= set(by_tier):
            continue
        parts = pd.concat([by_tier["list"].head(1), by_tier["single-mandate"].head(1)])
        added = parts["value"].sum()
        for _, total in by_tier["total"].iterrows():
            if total["value"] != added:
                explanation = (
                    f"list {_g(parts['value'].iat[0])} + single-mandate "
                    f"{_g(parts['value'].iat[1])} = {_g(added)}, but the total is "
                    f"{_g(total['value'])}"
                )
                rows.append(_finding(RULES[1], parts, total.to_frame().T, explanation))
    return _frame(rows)


def date_against_event(claims: pd.DataFrame, event_years: Mapping[str, int]) -> pd.DataFrame:
    """Claims dated to another year than the election their passage is about (``event``
    column; ``event_years`` maps an election id to its year, from the ``elections`` table)."""
    if "event" not in claims:
        return _frame([])
    rows = []
    dated = claims.dropna(subset=["event", "year"])
    for _, claim in dated.iterrows():
        year = event_years.get(str(claim["event"]))
        if year is not None and int(claim["year"]) != int(year):
            one = claim.to_frame().T
            rows.append(
                {
                    "rule": RULES[2],
                    "claims": f"{claim['claim_id']} | {claim['event']}",
                    "lines_a": _lines(one),
                    "quote_a": claim["quote"],
                    "lines_b": "elections table",
                    "quote_b": f"{claim['event']}: held in {year}",
                    "explanation": f"dated {int(claim['year'])}, in a passage about "
                    f"{claim['event']}, held in {year}",
                }
            )
    return _frame(rows)


def sum_check(
    name: str, parts: pd.DataFrame, whole: pd.DataFrame, *, complete: bool = False
) -> dict:
    """Do ``parts`` add up to ``whole``? ``complete``: the parts are meant to cover the whole
    (age bands, seat types); else they may name only some of it, and only an excess
    contradicts. Returns check, parts, whole, difference, reading, claims, contradicts."""
    total, size = parts["value"].sum(), whole["value"].iloc[0]
    contradicts = (complete and total != size) or total > size
    if total == size:
        reading = "adds up"
    elif complete:
        reading = "does not add up: the paper contradicts itself"
    elif total > size:
        reading = "the parts exceed the whole: the paper contradicts itself"
    else:
        reading = "the parts fall short (the paper may name only some of them)"
    return {
        "check": name,
        "parts": float(total),
        "whole": float(size),
        "difference": float(total - size),
        "reading": reading,
        "claims": ", ".join([*parts["claim_id"], *whole["claim_id"]]),
        "contradicts": bool(contradicts),
        "_parts": parts,
        "_whole": whole,
    }


def sum_checks(claims: pd.DataFrame) -> list[dict]:
    """Every sum the paper's claims allow: age bands and seat types against a chamber's
    members, seats by party against a tier's size (:func:`sum_check`)."""
    checks = []
    members = _keyed(claims, "composition", "members")
    bands = _keyed(claims, "age_bands", "count")
    if len(bands):
        for (chamber, convocation), part in bands.groupby(["chamber", "convocation"]):
            whole = members[
                (members["chamber"] == chamber) & (members["convocation"] == convocation)
            ]
            if len(whole):
                name = f"age bands add up to the {chamber} of convocation {convocation}"
                checks.append(sum_check(name, part, whole, complete=True))
    fields = ("elected", "appointed", "assembly_of_people")
    pieces = pd.concat([_keyed(claims, "composition", f) for f in fields], ignore_index=True)
    if len(pieces):
        for (chamber, convocation), part in pieces.groupby(["chamber", "convocation"]):
            whole = members[
                (members["chamber"] == chamber) & (members["convocation"] == convocation)
            ]
            part = part.drop_duplicates("field")
            if len(whole) and len(part) > 1:
                name = f"{' + '.join(part['field'])} = members of the {chamber} ({convocation})"
                checks.append(sum_check(name, part, whole, complete=True))
    seats = _keyed(claims, "results", "seats")
    if len(seats) and "tier" in seats:
        for (election, tier), part in seats.groupby(["election_id", "tier"]):
            part = part.drop_duplicates("party_id")
            size = _keyed(claims, "elections", TIER_FIELD.get(tier, "seats_total"))
            whole = size[size["election_id"] == election] if len(size) else size
            if len(whole) and len(part) > 1:
                name = f"{tier} seats by party = {tier} seats of {election}"
                checks.append(sum_check(name, part, whole))
    return checks


def parts_against_whole(claims: pd.DataFrame) -> pd.DataFrame:
    """The sums of :func:`sum_checks` that contradict: complete parts that do not add up,
    or parts that exceed their whole."""
    rows = []
    for check in sum_checks(claims):
        if check["contradicts"]:
            explanation = (
                f"{check['check']}: the parts add up to {_g(check['parts'])}, the whole is "
                f"{_g(check['whole'])}"
            )
            rows.append(_finding(RULES[3], check["_parts"], check["_whole"], explanation))
    return _frame(rows)


def find(claims: pd.DataFrame, event_years: Mapping[str, int]) -> pd.DataFrame:
    """Every finding of the four rules, in the order of :data:`RULES`."""
    parts = [
        same_fact(claims),
        total_against_parts(claims),
        date_against_event(claims, event_years),
        parts_against_whole(claims),
    ]
    return pd.concat(parts, ignore_index=True)[COLUMNS]


def involved(findings: pd.DataFrame) -> set[str]:
    """The claim ids in any finding."""
    ids: set[str] = set()
    for text in findings["claims"]:
        ids |= {c.strip() for c in str(text).replace("|", ",").split(",") if c.strip()}
    return ids
