"""The findings of ``notebooks/data_overview.ipynb``, from :mod:`kazparl.data` summaries.

>>> from kazparl import data
>>> print(conflicts("sources", data.conflicts("sources")))
*The list of conflicting figures does not apply here: the sources table keeps one row per
source, not one row per source of a fact.*
"""

from __future__ import annotations

import pandas as pd

from kazparl import data, prose
from kazparl.prose import Markdown

__all__ = ["conflicts", "package", "primary_record", "source_mix"]

#: Tables of facts about elections, parties and chambers (the paper's own claims and the
#: list of its non-claims are an inventory of the paper, not facts from sources).
FACT_TABLES = (
    "elections",
    "results",
    "regional_turnout",
    "composition",
    "age_bands",
    "surveys",
    "survey_results",
    "parties",
    "regions",
    "benchmarks",
    "quotas",
)


def package(summary: pd.DataFrame) -> Markdown:
    """The size of the package: tables, rows, sources, keys with several rows."""
    rows = int(summary["rows"].sum())
    listed = int(summary.loc[summary["table"] == "sources", "rows"].sum())
    several = int(summary["keys_with_several_rows"].sum())
    first = summary["first_year"].dropna().min()
    last = summary["last_year"].dropna().max()
    return prose.paragraph(
        f"The package holds **{prose.count(len(summary))} tables** with "
        f"**{prose.count(rows)} rows**, from {first} to {last}.",
        f"The sources table lists {prose.count(listed)} sources;",
        f"{prose.count(several)} keys (an election, a party in an election, a region in an "
        "election, ...) have more than one row, one per source or per reporting time.",
    )


def conflicts(table: str, frame: pd.DataFrame) -> Markdown:
    """How many keys of ``table`` have several rows; ``frame`` is :func:`kazparl.data.conflicts`."""
    if not data.has_conflicts(table):
        return prose.not_applicable(
            "The list of conflicting figures",
            f"the {table} table keeps one row per {table[:-1] if table.endswith('s') else table}"
            ", not one row per source of a fact",
        )
    if frame.empty:
        return Markdown(f"No key of the {table} table has more than one row.")
    shown = min(len(frame), 10)
    return Markdown(
        f"**{prose.count(len(frame))} keys** of the {table} table have more than one row; "
        f"the first {prose.count(shown)}, with the sources behind them and the one the analyses "
        "use:"
    )


#: The kinds of source (``sources.kind``) as the object of "cite".
_CITE = {
    "election-commission": "the election commission",
    "official": "official sources",
    "observer-mission": "observer missions",
    "international": "international organisations",
    "dataset": "election datasets",
    "survey": "survey organisations",
    "research": "research papers",
    "party": "a party's own site",
    "press": "the press",
    "encyclopedia": "encyclopedia copies",
    "paper": "the 2008 paper",
}


def _share(n: int, total: int) -> str:
    share = 100 * n / total if total else 0.0
    if n == 0:
        return "0%"
    return "under 1%" if share < 0.5 else prose.pct(share, 0)


def source_mix(mix: pd.DataFrame, preferred: pd.DataFrame) -> Markdown:
    """What kinds of source stand behind the tables of facts, all rows and the preferred ones.

    ``mix`` and ``preferred`` are :func:`kazparl.data.source_mix` without and with
    ``preferred=True``.
    """

    def shares(frame: pd.DataFrame) -> tuple[int, str]:
        facts = frame[frame["table"].isin(FACT_TABLES)]
        by_kind = facts.groupby("kind", observed=True)["rows"].sum().sort_values(ascending=False)
        total = int(by_kind.sum())
        parts = [
            f"{_share(n, total)}{' cite' if i == 0 else ''} {_CITE.get(str(k), str(k))}"
            for i, (k, n) in enumerate(by_kind[by_kind > 0].items())
        ]
        return total, prose.listing(parts)

    every, every_text = shares(mix)
    used, used_text = shares(preferred)
    return prose.paragraph(
        f"Of the **{prose.count(every)} rows** of the tables of facts, {every_text}.",
        f"Of the {prose.count(used)} rows the analyses use (the preferred ones), {used_text}.",
    )


#: The kinds of source that are the record itself rather than a report of it.
PRIMARY = ("election-commission", "observer-mission")


def primary_record(mix: pd.DataFrame) -> Markdown:
    """How much of each election's record (the preferred rows) rests on the election
    commission or an observer mission. ``mix`` is :func:`kazparl.data.source_mix_by_election`.
    """
    sentences = []
    for table, what in (("elections", "national figures"), ("results", "results rows")):
        rows = mix[mix["table"] == table]
        total = int(rows["rows"].sum())
        primary = int(rows.loc[rows["kind"].isin(PRIMARY), "rows"].sum())
        elections = rows.groupby("election_id", observed=True)["rows"].sum()
        with_primary = rows[rows["kind"].isin(PRIMARY)].groupby("election_id", observed=True)
        by_kind = rows.groupby("kind", observed=True)["rows"].sum().sort_values(ascending=False)
        largest = [
            f"{_share(n, total)} {_CITE.get(str(k), str(k))}" for k, n in by_kind.head(3).items()
        ]
        sentences.append(
            f"Of the {prose.count(total)} preferred {what} of {prose.count(len(elections))} "
            f"elections, **{prose.count(primary)} ({_share(primary, total)})** come from the "
            "election commission or an observer mission"
            + (f", for {prose.count(with_primary.ngroups)} of the elections" if primary else "")
            + f"; the largest groups cite {prose.listing(largest)}."
        )
    return prose.paragraph(*sentences)
