"""The findings of ``notebooks/paper_claims.ipynb``, from :mod:`kazparl.audit` results.

>>> from kazparl import audit
>>> print(differences(audit.differences(audit.audit(), "gender"), "gender"))
No claim on gender differs from the data or from the paper itself.
"""

from __future__ import annotations

import pandas as pd

from kazparl import audit, prose, sources
from kazparl.prose import Markdown

__all__ = ["against_itself", "coverage", "differences", "internal", "verdicts"]

_HEADINGS = {
    audit.REASONS[0]: "Election-night figures given as results",
    audit.REASONS[1]: "A figure that belongs to another party",
    audit.REASONS[2]: "The paper against itself",
    audit.REASONS[3]: "Figures that other sources give differently",
}


_PHRASES = {
    "matches": "match",
    "rounding": "differ only by rounding",
    "differs": "differ",
    "only the paper": "are only in the paper",
    "contradicts itself": "contradict another claim of the paper",
}


def _topic_words(topic: str) -> str:
    return "" if topic == "all" else f" on {topic.replace('_', ' ')}"


def verdicts(audited: pd.DataFrame, topic: str = "all") -> Markdown:
    """How many claims (of the topic) got each verdict."""
    rows = audited if topic == "all" else audited[audited["topic"].astype(str) == topic]
    counts = rows["verdict"].value_counts().reindex(list(audit.VERDICTS), fill_value=0)
    parts = [f"{prose.count(n)} {_PHRASES[verdict]}" for verdict, n in counts.items() if n]
    checked = int(len(rows) - counts["only the paper"])
    return Markdown(
        f"Of the paper's **{prose.count(len(rows))} quantitative claims{_topic_words(topic)}**, "
        f"{prose.listing(parts)}. {prose.count(checked)} could be set beside an independent "
        "source."
    )


def _value(x: float, unit: str) -> str:
    text = prose.count(int(x)) if float(x).is_integer() and abs(x) >= 10_000 else prose.as_stated(x)
    return f"{text}%" if unit == "percent" else text


def differences(diffs: pd.DataFrame, topic: str = "all") -> Markdown:
    """The claims that differ, grouped by why, each with both figures and the source's kind.

    ``diffs`` is :func:`kazparl.audit.differences` for the same ``topic``.
    """
    if diffs.empty:
        return Markdown(
            f"No claim{_topic_words(topic)} differs from the data or from the paper itself."
        )
    lines = []
    for reason, group in diffs.groupby("reason", observed=True, sort=True):
        lines.append(f"**{_HEADINGS[reason]}** ({prose.count(len(group))}):")
        lines.append("")
        for _, row in group.iterrows():
            where = f"lines {row['line_start']}–{row['line_end']}"
            if row["line_start"] == row["line_end"]:
                where = f"line {row['line_start']}"
            text = f"- {row['claim_id']} ({where}): “{prose.escape(row['quote'])}” — the paper "
            text += f"{_value(row['value'], row['unit'])}"
            if pd.notna(row["independent"]):
                status = f", {row['status']}" if pd.notna(row["status"]) else ""
                text += (
                    f", independently {_value(row['independent'], row['unit'])} "
                    f"({sources.in_prose(row['independent_source'])}{status})"
                )
            lines.append(text + ".")
        lines.append("")
    return Markdown("\n".join(lines).strip())


def internal(checks: pd.DataFrame, topic: str = "all") -> Markdown:
    """What the paper's own figures say about each other: sums that do not add up, facts
    given twice. ``checks`` is :func:`kazparl.audit.internal_checks` for the same ``topic``."""
    if checks.empty:
        return Markdown(f"No internal check involves a claim{_topic_words(topic)}.")
    lines = []
    for _, row in checks.iterrows():
        if pd.notna(row["parts"]):
            figures = (
                f"parts {prose.as_stated(row['parts'])}, whole {prose.as_stated(row['whole'])}"
            )
        else:
            figures = ""
        reading = row["reading"] if not figures else f"{figures}: {row['reading']}"
        lines.append(f"- {prose.escape(row['check'])} — {reading} (claims {row['claims']}).")
    return Markdown("\n".join(lines))


def against_itself(found: pd.DataFrame, topic: str = "all") -> Markdown:
    """How many places the rules of :mod:`kazparl.consistency` find where the paper
    contradicts itself, by rule (``found`` is :func:`kazparl.audit.self_contradictions`)."""
    if found.empty:
        return Markdown(f"No rule finds the paper contradicting itself{_topic_words(topic)}.")
    counts = found["rule"].value_counts()
    parts = [f"{prose.count(n)} by “{rule}”" for rule, n in counts.items()]
    n = len(found)
    return prose.paragraph(
        f"The rules find **{prose.count(n)} place{'' if n == 1 else 's'}** where the paper "
        f"contradicts itself{_topic_words(topic)}: {prose.listing(parts)}.",
        "Each claim involved gets the verdict “contradicts itself”; the table gives both "
        "sides with their lines.",
    )


def coverage(cover: pd.DataFrame) -> Markdown:
    """How every number of the paper's text is accounted for (``cover`` is
    :func:`kazparl.audit.coverage`)."""
    rows = cover.set_index("written")
    total = int(rows["numbers"].sum())
    uncovered = int(rows["uncovered"].sum())
    left = (
        "none is left over"
        if uncovered == 0
        else f"**{prose.count(uncovered)} are neither** (the coverage test fails)"
    )
    return prose.paragraph(
        f"The paper's text holds {prose.count(total)} numbers: "
        f"{prose.count(rows.loc['digits', 'numbers'])} written in digits and "
        f"{prose.count(rows.loc['words', 'numbers'])} in words.",
        f"{prose.count(int(rows['in_claims'].sum()))} stand in the quote of a claim and "
        f"{prose.count(int(rows['non_claims'].sum()))} are listed as non-claims (years, dates, "
        f"footnotes, pages, idioms such as “one of the”); {left}.",
    )
