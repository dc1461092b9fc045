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
from pathlib import Path

import pandas as pd

from kazparl import consistency, data, params, paths, sources
from kazparl.consistency import half_unit, parse_key

__all__ = [
    "REASONS",
    "VERDICTS",
    "all_tokens",
    "audit",
    "claims",
    "coverage",
    "differences",
    "event_years",
    "half_unit",
    "internal_checks",
    "inventory",
    "lookup",
    "number_tokens",
    "of_topic",
    "parse_key",
    "same_as",
    "self_contradictions",
    "stale_nonclaims",
    "summary",
    "topics",
    "uncovered_numbers",
    "verdict_counts",
    "word_tokens",
    "write_inventory",
]

VERDICTS = ("matches", "rounding", "differs", "only the paper", "contradicts itself")
#: Why a claim differs, in the order :func:`differences` tests them.
REASONS = (
    "the paper's figure is the preliminary one",
    "the paper's figure is another party's",
    "the paper contradicts itself",
    "other sources give another figure",
)
PAPER = "bowyer-2008"
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

#: Fractions and approximate counts that text2num does not parse, with their values: the
#: only number words written out here (the cardinals and ordinals are text2num's).
FRACTION_WORDS = {"half": 0.5, "halves": 0.5, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25}
APPROXIMATE_WORDS = {"dozen": 12, "dozens": 12, "handful": None, "scores": None}
_FRACTION = re.compile(
    r"\b(?:(?P<count>one|two|three)[- ])?(?P<word>" + "|".join(FRACTION_WORDS) + r")\b", re.I
)
_APPROXIMATE = re.compile(r"\b(?:a )?(?P<word>" + "|".join(APPROXIMATE_WORDS) + r")\b", re.I)
_SPLIT = re.compile(r"\S+|\s+")
_DIGITS_IN = re.compile(r"^\W*(?P<n>\d+)(?P<ord>st|nd|rd|th)?\b")


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
    against_itself = consistency.involved(self_contradictions())
    table["self_conflict"] = table["claim_id"].isin(against_itself)

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


def same_as(row: pd.Series) -> tuple[str, str] | None:
    """Is the paper's value another party's figure in the same election and tier (as the
    paper itself or any other source gives it)? (party_id, source_id) of the first such
    figure, preferred rows first, or None. Shares only: equal small counts of seats (12 and
    12) are a coincidence, not a mix-up."""
    key = parse_key(row["key"])
    if row["table"] != "results" or row["field"] != "pct" or not key.get("party_id"):
        return None
    rows = data.results(key["election_id"], key.get("tier", "list"), preferred=False)
    rows = rows.sort_values("preferred", ascending=False, kind="stable")
    others = rows[rows["party_id"].astype("string") != key["party_id"]]
    same = others[pd.to_numeric(others[row["field"]], errors="coerce") == row["value"]]
    if same.empty:
        return None
    return str(same["party_id"].iat[0]), str(same["source_id"].iat[0])


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
        if same_as(row) is not None:
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


def _spelled(line: str) -> list[tuple[str, float, str]]:
    """The numbers ``line`` spells out as words: (words, value, kind), in order. Cardinals and
    ordinals are found by text2num's ``alpha2digit`` (every one, even "one"), fractions and
    approximate counts by :data:`FRACTION_WORDS` and :data:`APPROXIMATE_WORDS`."""
    import difflib

    from text_to_num import alpha2digit

    found: list[tuple[int, str, float, str]] = []
    fractions = [m.span() for m in _FRACTION.finditer(line)]
    # "five-year", "one-party": a hyphen becomes a space (same length, same positions), so a
    # number word joined to a noun is found; fractions ("two-thirds") are left to their rule
    spaced = re.sub(r"(?<=[A-Za-z])-(?=[A-Za-z])", " ", line)
    for start, end in fractions:
        spaced = spaced[:start] + line[start:end] + spaced[end:]
    converted = alpha2digit(spaced, "en", threshold=0)
    if converted != spaced:
        a, b = _SPLIT.findall(spaced), _SPLIT.findall(converted)
        matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
        position = 0
        starts = []
        for piece in a:
            starts.append(position)
            position += len(piece)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            end = starts[i2 - 1] + len(a[i2 - 1]) if i2 > i1 else starts[i1]
            words = line[starts[i1] : end].strip() if i1 < len(starts) else ""
            digits = _DIGITS_IN.match("".join(b[j1:j2]).strip())
            if not words or digits is None or not re.search(r"[A-Za-z]", words):
                continue
            if any(a <= starts[i1] < b for a, b in fractions):  # "one quarter": a fraction
                continue
            kind = "ordinal" if digits.group("ord") else "cardinal"
            words = re.sub(r"^\W+|[^\w-]+$", "", words)
            found.append((starts[i1] if i1 < len(starts) else 0, words, float(digits["n"]), kind))
    for match in _FRACTION.finditer(line):
        count = {"one": 1, "two": 2, "three": 3}.get((match["count"] or "one").lower(), 1)
        value = count * FRACTION_WORDS[match["word"].lower()]
        found.append((match.start(), match.group(), value, "fraction"))
    for match in _APPROXIMATE.finditer(line):
        value = APPROXIMATE_WORDS[match["word"].lower()]
        found.append((match.start(), match.group(), float("nan") if value is None else value,
                      "approximate"))  # fmt: skip
    return [(words, value, kind) for _, words, value, kind in sorted(found, key=lambda f: f[0])]


def word_tokens(lines: list[str]) -> pd.DataFrame:
    """Every number a text writes in words: line (1-based), token (the words, as written),
    occurrence (of that token on the line, 1, 2, ...), value and kind (cardinal, ordinal,
    fraction, approximate).

    >>> found = word_tokens(["fourteen oblasts and two cities", "the fourth convocation",
    ...                      "nearly two-thirds, a dozen parties"])
    >>> found["token"].tolist(), found["line"].tolist()
    (['fourteen', 'two', 'fourth', 'two-thirds', 'a dozen'], [1, 1, 2, 3, 3])
    >>> found["kind"].tolist()
    ['cardinal', 'cardinal', 'ordinal', 'fraction', 'approximate']
    >>> found["value"].round(3).tolist()
    [14.0, 2.0, 4.0, 0.667, 12.0]
    """
    rows = []
    for number, line in enumerate(lines, start=1):
        seen: dict[str, int] = {}
        for words, value, kind in _spelled(line):
            key = words.lower()
            seen[key] = seen.get(key, 0) + 1
            rows.append(
                {"line": number, "token": words, "occurrence": seen[key], "value": value,
                 "kind": kind}
            )  # fmt: skip
    return pd.DataFrame(rows, columns=["line", "token", "occurrence", "value", "kind"])


def all_tokens(lines: list[str]) -> pd.DataFrame:
    """Every number of a text, in digits (:func:`number_tokens`) and in words
    (:func:`word_tokens`): line, token, occurrence, written ("digits" or "words")."""
    digits = number_tokens(lines).assign(written="digits")
    words = word_tokens(lines)[["line", "token", "occurrence"]].assign(written="words")
    return pd.concat([digits, words], ignore_index=True)


def _key(line: int, token: str, occurrence: int) -> tuple[int, str, int]:
    return int(line), str(token).lower(), int(occurrence)


def uncovered_numbers(lines: list[str]) -> pd.DataFrame:
    """Numbers of the text, in digits or in words, that are neither in a claim's quote (on
    the claim's lines) nor listed as non-claims: line, token, occurrence, written."""
    return _uncovered(all_tokens(lines))


def _uncovered(tokens: pd.DataFrame) -> pd.DataFrame:
    found = _covered(tokens)
    return found[~found["covered"]].drop(columns=["by", "covered"]).reset_index(drop=True)


def _covered(tokens: pd.DataFrame) -> pd.DataFrame:
    """``tokens`` with ``by`` ("claim", "non-claim" or "") and ``covered``."""
    quoted = set()
    for _, claim in claims().iterrows():
        words = {t.lower() for t in _NUMBER.findall(claim["quote"])}
        words |= {t.lower() for t in word_tokens([claim["quote"]])["token"]}
        for line in range(int(claim["line_start"]), int(claim["line_end"]) + 1):
            quoted |= {(line, token) for token in words}
    marked = data.load("paper_nonclaims")
    listed = {
        _key(*row)
        for row in zip(marked["line"], marked["token"], marked["occurrence"], strict=True)
    }
    by = [
        "claim"
        if (int(r.line), str(r.token).lower()) in quoted
        else "non-claim"
        if _key(r.line, r.token, r.occurrence) in listed
        else ""
        for r in tokens.itertuples()
    ]
    return tokens.assign(by=by, covered=[b != "" for b in by])


#: The numbers of the paper's text (line, token, occurrence, written), made from the text by
#: :func:`write_inventory` so the audit's coverage can be shown where the text is absent.
INVENTORY = ("raw", "paper", "numbers.csv")


def inventory() -> pd.DataFrame:
    """The numbers of the paper's text, digits and words (``data/raw/paper/numbers.csv``)."""
    path = paths.data_dir().joinpath(*INVENTORY)
    frame = pd.read_csv(path, dtype={"token": "string"}, keep_default_na=False)
    return sources.attach(frame, [PAPER])


def write_inventory(lines: list[str]) -> Path:
    """Write :data:`INVENTORY` from the paper's text (``python -m kazparl paper-numbers``)."""
    path = paths.data_dir().joinpath(*INVENTORY)
    path.parent.mkdir(parents=True, exist_ok=True)
    all_tokens(lines).to_csv(path, index=False, lineterminator="\n")
    return path


def coverage(tokens: pd.DataFrame | None = None) -> pd.DataFrame:
    """How the paper's numbers are accounted for, in digits and in words: written, numbers,
    in_claims (in a claim's quote), non_claims (listed in ``paper_nonclaims``), uncovered.
    ``tokens``: :func:`inventory` by default (or :func:`all_tokens` of a text)."""
    found = _covered(inventory() if tokens is None else tokens)
    rows = []
    for written in ("digits", "words"):
        part = found[found["written"] == written]
        rows.append(
            {
                "written": written,
                "numbers": len(part),
                "in_claims": int((part["by"] == "claim").sum()),
                "non_claims": int((part["by"] == "non-claim").sum()),
                "uncovered": int((~part["covered"]).sum()),
            }
        )
    return sources.attach(pd.DataFrame(rows), [PAPER])


def stale_nonclaims(lines: list[str]) -> pd.DataFrame:
    """Rows of ``paper_nonclaims`` that name no number of the text (a token at that line and
    occurrence, in digits or words): a typo, or a text that changed."""
    tokens = {
        _key(*r)
        for r in zip(*(all_tokens(lines)[c] for c in ("line", "token", "occurrence")), strict=True)
    }
    marked = data.load("paper_nonclaims")
    keep = [
        _key(*r) not in tokens
        for r in zip(marked["line"], marked["token"], marked["occurrence"], strict=True)
    ]
    return marked[keep].reset_index(drop=True)


def event_years() -> dict[str, int]:
    """Each election's year, from the ``elections`` table (the dates rule (b) checks)."""
    rows = data.load("elections")
    return {str(e): int(d.year) for e, d in zip(rows["election_id"], rows["date"], strict=True)}


def self_contradictions(topic: str = "all") -> pd.DataFrame:
    """Where the paper contradicts itself, found by the rules of :mod:`kazparl.consistency`
    (same fact with two values, a total against its parts, a date against its event, parts
    against the whole): rule, claims, lines_a, quote_a, lines_b, quote_b, explanation; with a
    ``topic``, the findings that involve a claim of that topic."""
    found = claims()
    out = consistency.find(found, event_years())
    if topic != "all":
        wanted = set(_of_topic(found, topic)["claim_id"])
        out = out[
            [bool(consistency.involved(row.to_frame().T) & wanted) for _, row in out.iterrows()]
        ]
    return sources.attach(out.reset_index(drop=True), [PAPER])


def internal_checks(topic: str = "all") -> pd.DataFrame:
    """The paper against itself, as sums: do its parts add up to its wholes
    (:func:`kazparl.consistency.sum_checks`)? One row per check: check, parts, whole,
    difference, reading, claims; with a ``topic``, the checks that involve a claim of it."""
    found = claims()
    checks = consistency.sum_checks(found)
    columns = ["check", "parts", "whole", "difference", "reading", "claims"]
    out = pd.DataFrame([{c: check[c] for c in columns} for check in checks], columns=columns)
    if topic != "all":
        wanted = set(_of_topic(found, topic)["claim_id"])
        out = out[[bool(set(c.split(", ")) & wanted) for c in out["claims"]]]
    return sources.attach(out.reset_index(drop=True), [PAPER])
