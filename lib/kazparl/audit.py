"""The paper's numbers, audited: each quantitative claim of Bowyer (2008) against the data.

``data/paper_claims.csv`` lists every quantitative claim in the paper's text (line range,
exact quote, topic, value, unit, year) and, where the data package holds the same fact, the
table, key and field to look it up. :func:`audit` puts each claim beside the *preferred*
independent value (never the paper's own row) and gives a verdict::

    >>> from kazparl import audit
    >>> audit.audit().groupby("verdict").size()  # doctest: +SKIP

Verdicts, in the order they are tested:

- ``contradicts itself``: another claim in the paper gives the same fact a different value;
- ``only the paper``: the fact is not in the data package, or only the paper reports it;
- ``matches``: equal to the independent value;
- ``rounding``: the two differ by no more than half a unit of the coarser figure's last digit
  (17.75 against 17.7), plus ``tolerance``;
- ``differs``: anything else. :func:`audit` also says whether the paper's value equals a
  preliminary figure or another party's figure, the usual explanations.
"""

from __future__ import annotations

import re

import pandas as pd

from kazparl import data, params, sources

__all__ = [
    "REASONS",
    "VERDICTS",
    "audit",
    "claims",
    "differences",
    "half_unit",
    "internal_checks",
    "lookup",
    "number_tokens",
    "of_topic",
    "parse_key",
    "summary",
    "topics",
    "uncovered_numbers",
    "verdict_counts",
]

VERDICTS = ("matches", "rounding", "differs", "only the paper", "contradicts itself")
#: Why a claim differs, in the order :func:`differences` tests them.
REASONS = (
    "the paper's figure is the preliminary one",
    "the paper's figure is another party's",
    "the paper gives the fact two values",
    "other sources give another figure",
)
PAPER = "bowyer-2008"
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def decimals(x: float) -> int:
    """Decimal places of a figure as written (17.75 -> 2, 17.7 -> 1, 98 -> 0)."""
    text = repr(float(x))
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def half_unit(a: float, b: float) -> float:
    """Half a unit of the last digit of the coarser of two figures (17.75 vs 17.7: 0.05)."""
    return 0.5 * 10 ** -min(decimals(a), decimals(b)) + 1e-9


def claims() -> pd.DataFrame:
    """The paper's quantitative claims (``paper_claims`` table)."""
    return sources.attach(data.load("paper_claims"))


def topics() -> list[str]:
    """The topics of the claims, sorted (the choices of the notebook's ``topic``).

    >>> "election_results" in topics()
    True
    """
    return sorted(set(claims()["topic"].astype(str)))


def _of_topic(frame: pd.DataFrame, topic: str) -> pd.DataFrame:
    params.known("topic", topic, ["all", *topics()])
    return frame if topic == "all" else frame[frame["topic"].astype(str) == topic]


def parse_key(key: str) -> dict[str, str]:
    """``"election_id=majilis-2007;party_id=nsdp"`` -> ``{"election_id": ..., "party_id": ...}``."""
    if not isinstance(key, str) or not key.strip():
        return {}
    pairs = [part.split("=", 1) for part in key.split(";") if part.strip()]
    return {k.strip(): v.strip() for k, v in pairs}


def lookup(table: str, key: str, field: str) -> pd.DataFrame:
    """The rows of ``table`` matching ``key`` (all sources), with the looked-up ``value``."""
    frame = data.load(table)
    mask = pd.Series(True, index=frame.index)
    for column, value in parse_key(key).items():
        if value == "":  # an empty value in a key means "missing" (an open age band)
            mask &= frame[column].isna()
        else:
            mask &= frame[column].astype("string") == value
    rows = frame[mask].copy()
    rows["value"] = pd.to_numeric(rows[field], errors="coerce") if len(rows) else []
    return rows


def _independent(row: pd.Series) -> dict:
    """The preferred non-paper value of a claim's fact, with its source and status."""
    empty = {"independent": pd.NA, "independent_source": pd.NA, "status": pd.NA, "explanation": ""}
    if pd.isna(row["table"]) or pd.isna(row["field"]):
        return empty
    rows = lookup(row["table"], row["key"], row["field"])
    others = rows[(rows["source_id"] != PAPER) & rows["value"].notna()]
    if others.empty:
        return empty
    preferred = others[others["preferred"].fillna(False)] if "preferred" in others else others
    chosen = preferred.iloc[0] if len(preferred) else others.iloc[0]
    explanation = ""
    if "status" in others and chosen["value"] != row["value"]:
        prelim = others[(others["status"] == "preliminary") & (others["value"] == row["value"])]
        if len(prelim):
            explanation = "the paper's figure is the preliminary one"
    return {
        "independent": float(chosen["value"]),
        "independent_source": chosen["source_id"],
        "status": chosen.get("status", pd.NA),
        "explanation": explanation,
    }


def audit(tolerance: float = 0.0) -> pd.DataFrame:
    """Every claim with the independent (preferred) value, the difference and a verdict.

    ``tolerance`` widens "rounding" by that many units of the claim (0: rounding only).
    """
    table = claims().copy()
    found = pd.DataFrame([_independent(row) for _, row in table.iterrows()], index=table.index)
    table = table.join(found)
    table["difference"] = (table["value"] - table["independent"]).astype("Float64")
    table["self_conflict"] = False
    for _, group in table.dropna(subset=["table", "field"]).groupby(
        ["table", "key", "field"], dropna=False
    ):
        low, high = group["value"].min(), group["value"].max()
        if high - low > half_unit(low, high):  # "just over 3%" and 3.09% agree
            table.loc[group.index, "self_conflict"] = True

    def verdict(row: pd.Series) -> str:
        if row["self_conflict"]:
            return "contradicts itself"
        if pd.isna(row["independent"]):
            return "only the paper"
        if row["value"] == row["independent"]:
            return "matches"
        if (
            abs(row["value"] - row["independent"])
            <= half_unit(row["value"], row["independent"]) + tolerance
        ):
            return "rounding"
        return "differs"

    table["verdict"] = pd.Categorical(table.apply(verdict, axis=1), categories=VERDICTS)
    return sources.attach(table, table["independent_source"])


def summary(audited: pd.DataFrame) -> pd.DataFrame:
    """Verdicts per topic: a count table (topics x verdicts) with a total column."""
    out = pd.crosstab(audited["topic"], audited["verdict"], dropna=False)
    out = out.reindex(columns=list(VERDICTS), fill_value=0)
    out["total"] = out.sum(axis=1)
    return sources.attach(out, audited)


def verdict_counts(audited: pd.DataFrame) -> pd.DataFrame:
    """Tidy counts for a figure: one row per topic and verdict, with ``claims``."""
    out = (
        audited.groupby(["topic", "verdict"], observed=False).size().rename("claims").reset_index()
    )
    out["topic"] = out["topic"].astype(str)
    return sources.attach(out, audited)


def of_topic(audited: pd.DataFrame, topic: str = "all") -> pd.DataFrame:
    """The audited claims of one ``topic`` ("all": every claim), with their sources."""
    rows = _of_topic(audited, topic)
    return sources.attach(rows.copy(), [PAPER], rows["independent_source"])


def _another_party(row: pd.Series) -> bool:
    """Is the paper's value another party's figure in the same election and tier (as the
    paper itself or any other source gives it)?"""
    key = parse_key(row["key"])
    # shares only: equal small counts of seats (12 and 12) are a coincidence, not a mix-up
    if row["table"] != "results" or row["field"] != "pct" or not key.get("party_id"):
        return False
    rows = data.results(key["election_id"], key.get("tier", "list"), preferred=False)
    others = rows[rows["party_id"].astype("string") != key["party_id"]]
    values = pd.to_numeric(others[row["field"]], errors="coerce")
    return bool((values == row["value"]).any())


def differences(audited: pd.DataFrame, topic: str = "all") -> pd.DataFrame:
    """The claims that differ or contradict the paper, with the ``reason`` (:data:`REASONS`).

    ``audited`` is :func:`audit`; ``topic`` keeps one topic ("all": every topic; an unknown
    topic raises :class:`~kazparl.errors.UnknownIdError`). Columns: claim_id, line_start,
    line_end, topic, quote, value, unit, independent, independent_source, status, verdict,
    reason, note; in claim order. Sources: the paper and the independent sources used.
    """
    rows = _of_topic(audited, topic)
    rows = rows[rows["verdict"].isin(["differs", "contradicts itself"])].copy()

    def reason(row: pd.Series) -> str:
        if row["verdict"] == "contradicts itself":
            return REASONS[2]
        if row["explanation"] == REASONS[0]:
            return REASONS[0]
        if _another_party(row):
            return REASONS[1]
        return REASONS[3]

    rows["reason"] = pd.Categorical(
        [reason(r) for _, r in rows.iterrows()], categories=list(REASONS)
    )
    cols = [
        "claim_id",
        "line_start",
        "line_end",
        "topic",
        "quote",
        "value",
        "unit",
        "independent",
        "independent_source",
        "status",
        "verdict",
        "reason",
        "note",
    ]
    out = rows[cols].reset_index(drop=True)
    return sources.attach(out, [PAPER], out["independent_source"])


def number_tokens(lines: list[str]) -> pd.DataFrame:
    """Every number in a text: line (1-based), token, and its occurrence on that line."""
    rows = []
    for number, line in enumerate(lines, start=1):
        seen: dict[str, int] = {}
        for match in _NUMBER.finditer(line):
            token = match.group()
            seen[token] = seen.get(token, 0) + 1
            rows.append({"line": number, "token": token, "occurrence": seen[token]})
    return pd.DataFrame(rows, columns=["line", "token", "occurrence"])


def uncovered_numbers(lines: list[str]) -> pd.DataFrame:
    """Numbers of the text that are neither in a claim's quote nor listed as non-claims."""
    tokens = number_tokens(lines)
    found = claims()
    covered = set()
    for _, claim in found.iterrows():
        quote_tokens = set(_NUMBER.findall(claim["quote"]))
        for line in range(int(claim["line_start"]), int(claim["line_end"]) + 1):
            for token in quote_tokens:
                covered.add((line, token))
    marked = data.load("paper_nonclaims")
    marked_keys = set(
        zip(marked["line"], marked["token"].astype(str), marked["occurrence"], strict=True)
    )
    keep = [
        (row.line, row.token) not in covered
        and (row.line, row.token, row.occurrence) not in marked_keys
        for row in tokens.itertuples()
    ]
    return tokens[keep].reset_index(drop=True)


_TIER_FIELD = {
    "list": "seats_list",
    "single-mandate": "seats_single_mandate",
    "total": "seats_total",
}


def _claimed(found: pd.DataFrame, table: str, field: str) -> pd.DataFrame:
    rows = found[(found["table"] == table) & (found["field"] == field)].copy()
    keys = rows["key"].map(parse_key)
    for column in sorted({c for k in keys for c in k}):
        rows[column] = keys.map(lambda k, c=column: k.get(c))
    return rows


def _sum_check(
    name: str, parts: pd.DataFrame, whole: pd.DataFrame, *, complete: bool = False
) -> dict:
    """``complete``: the parts are meant to cover the whole (age bands, seat types)."""
    total, size = parts["value"].sum(), whole["value"].iloc[0]
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
    }


def internal_checks(topic: str = "all") -> pd.DataFrame:
    """The paper against itself: do its parts add up to its wholes, and does it give any fact
    two different values? One row per check, with the claims involved; with a ``topic``, the
    checks that involve a claim of that topic."""
    found = claims()
    rows = []
    members = _claimed(found, "composition", "members")
    bands = _claimed(found, "age_bands", "count")
    for (chamber, convocation), part in bands.groupby(["chamber", "convocation"]):
        whole = members[(members["chamber"] == chamber) & (members["convocation"] == convocation)]
        if len(whole):
            name = f"age bands add up to the {chamber} of convocation {convocation}"
            rows.append(_sum_check(name, part, whole, complete=True))
    pieces = [
        _claimed(found, "composition", f) for f in ("elected", "appointed", "assembly_of_people")
    ]
    pieces = pd.concat(pieces, ignore_index=True)
    for (chamber, convocation), part in pieces.groupby(["chamber", "convocation"]):
        whole = members[(members["chamber"] == chamber) & (members["convocation"] == convocation)]
        part = part.drop_duplicates("field")
        if len(whole) and len(part) > 1:
            name = f"{' + '.join(part['field'])} = members of the {chamber} ({convocation})"
            rows.append(_sum_check(name, part, whole, complete=True))
    seats = _claimed(found, "results", "seats")
    for (election, tier), part in seats.groupby(["election_id", "tier"]):
        part = part.drop_duplicates("party_id")
        size = _claimed(found, "elections", _TIER_FIELD.get(tier, "seats_total"))
        whole = size[size["election_id"] == election]
        if len(whole) and len(part) > 1:
            rows.append(
                _sum_check(f"{tier} seats by party = {tier} seats of {election}", part, whole)
            )
    audited = audit()
    for (table, key, field), group in audited[audited["self_conflict"]].groupby(
        ["table", "key", "field"], dropna=False
    ):
        values = " vs ".join(f"{v:g}" for v in group["value"])
        rows.append(
            {
                "check": f"the same fact twice: {table} {key} {field}",
                "parts": pd.NA,
                "whole": pd.NA,
                "difference": pd.NA,
                "reading": f"two values: {values}",
                "claims": ", ".join(group["claim_id"]),
            }
        )
    out = pd.DataFrame(rows)
    if topic != "all":
        wanted = set(_of_topic(found, topic)["claim_id"])
        out = out[[bool(set(c.split(", ")) & wanted) for c in out["claims"]]]
    return sources.attach(out.reset_index(drop=True), [PAPER])
