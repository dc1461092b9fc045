"""The findings of ``notebooks/survey_trends.ipynb``, from :mod:`kazparl.surveys` results.

>>> from kazparl import surveys
>>> print(paper_sample_sizes(surveys.paper_figures()))  # doctest: +ELLIPSIS
The paper cites ... figures from ... surveys; for none of them does the paper or any source read
give the sample size, so none has a sampling interval of its own (one can be drawn only for an
assumed n).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kazparl import prose
from kazparl.prose import Markdown

__all__ = ["intervals", "paper_sample_sizes", "polls", "sensitivity", "theme_overview"]


def _level(confidence: float) -> str:
    """``95%`` for 0.95, ``99.5%`` for 0.995."""
    return f"{prose.as_stated(round(100 * float(confidence), 6))}%"


def _quoted(text: Any) -> str:
    return f"“{prose.escape(text)}”"


def _n(n: Any) -> str:
    return prose.count(n) if float(n).is_integer() else prose.number(n)


def _surveys(k: int) -> str:
    return f"{prose.count(k)} {'survey' if k == 1 else 'surveys'}"


def _figures(k: int) -> str:
    return f"{prose.count(k)} {'figure' if k == 1 else 'figures'}"


def _question(text: Any) -> str:
    """A question without the paper's paraphrase in parentheses."""
    return str(text).split(" (paper:")[0]


def _span(first: Any, last: Any) -> str:
    if pd.isna(first):
        return "years not stated"
    return f"all in {first}" if first == last else f"{first}–{last}"


def paper_sample_sizes(paper: pd.DataFrame) -> Markdown:
    """How many of the surveys the paper cites have a stated n (``paper``:
    :func:`kazparl.surveys.paper_figures`)."""
    if paper.empty:
        return Markdown("The data hold no survey figure cited by the paper.")
    by_survey = paper.groupby("survey_id", sort=False)["n"].first()
    stated = by_survey.dropna()
    first = f"The paper cites {_figures(len(paper))} from {_surveys(len(by_survey))}; "
    if stated.empty:
        return Markdown(
            first + "for none of them does the paper or any source read give the sample size, "
            "so none has a sampling interval of its own (one can be drawn only for an assumed "
            "n)."
        )
    named = prose.listing(
        f"{prose.escape(sid)} (n = {prose.count(n)})" for sid, n in stated.items()
    )
    return Markdown(
        first + f"the sample size is stated for {prose.count(len(stated))} of them: {named}."
    )


def intervals(waves: pd.DataFrame) -> Markdown:
    """What the shares of ``waves`` (:func:`kazparl.surveys.democracy_waves`) carry: an
    interval for a stated or an assumed n, or none."""
    status = waves["n_status"].astype("string")
    settings = waves.attrs.get("interval", {})
    level = _level(settings.get("confidence", 0.95))
    deff = prose.as_stated(settings.get("design_effect", 1.0))
    parts = []
    unknown = waves.loc[status == "unknown", "wave"].unique().tolist()
    if unknown:
        parts.append(
            f"The sample size of {prose.listing(unknown)} is unknown, so "
            f"{'its' if len(unknown) == 1 else 'their'} shares carry no interval; set "
            "`assumed_n` to see one for an assumed n."
        )
    assumed = waves[status == "assumed"]
    if not assumed.empty:
        sizes = prose.listing(_n(n) for n in sorted(assumed["n_used"].dropna().unique()))
        parts.append(
            f"The intervals ({level}, design effect {deff}) of "
            f"{prose.listing(assumed['wave'].unique().tolist())} are for an **assumed** n of "
            f"{sizes} (the `assumed_n` parameter): no source gives the sample size."
        )
    stated = waves[status == "stated"]
    if not stated.empty:
        parts.append(
            f"The intervals ({level}, design effect {deff}) of "
            f"{prose.listing(stated['wave'].unique().tolist())} use the stated sample size."
        )
    return prose.paragraph(*parts)


def _change_words(row: pd.Series, shares: bool = True) -> str:
    diff = float(row["difference"])
    what = "rise" if diff > 0 else "fall" if diff < 0 else "unchanged share"
    text = f"the {what} of {_quoted(row['response'])}"
    if shares:
        text += f" from {prose.as_stated(row['pct_from'])}% to {prose.as_stated(row['pct_to'])}%"
    return text


def _lead_words(row: pd.Series, size: bool = True) -> str:
    if not size:
        return f"the {row['year_to']} lead"
    return (
        f"the {row['year_to']} lead of {_quoted(row['response'])} over "
        f"{_quoted(row['versus'])} ({prose.points(row['difference'])})"
    )


def _words(row: pd.Series) -> str:
    """A comparison named briefly (its figures are in the opening sentence)."""
    return _change_words(row, False) if row["kind"] == "change" else _lead_words(row, False)


def _signed(x: float) -> str:
    text = prose.number(x)
    return f"+{text}" if float(x) > 0 else text


def _detail(row: pd.Series) -> str:
    if row["kind"] == "change":
        return f"p = {prose.number(row['p_value'], 3)}"
    return (
        f"an interval from {_signed(row['diff_ci_low'])} to {_signed(row['diff_ci_high'])} points"
    )


def _sizes(group: list[tuple[Any, bool]]) -> str:
    items = [f"{_n(n)}{' (`assumed_n`)' if chosen else ''}" for n, chosen in group]
    return prose.listing(items)


def sensitivity(table: pd.DataFrame, waves: pd.DataFrame | None = None) -> Markdown:
    """Which comparisons of :func:`kazparl.surveys.sensitivity` stand out, for each assumed n.

    Sample sizes with the same verdicts are named together; the ``assumed_n`` parameter is
    marked. ``waves`` (:func:`kazparl.surveys.democracy_waves`) tells whether the surveys'
    own n is known, for the closing sentence.
    """
    if table.empty:
        return prose.not_applicable("The sensitivity to n", "there are no two waves to compare")
    level = _level(table["confidence"].iloc[0])
    first_n = table["assumed_n"].iloc[0]
    base = table[table["assumed_n"] == first_n]
    changes = base[base["kind"] == "change"]
    leads = base[base["kind"] == "lead"]
    year_from, year_to = changes["year_from"].iloc[0], changes["year_to"].iloc[0]
    moves = [_change_words(r) for _, r in changes.iterrows()]
    opening = f"Between {year_from} and {year_to} the data show {prose.listing(moves)}"
    if not leads.empty:
        opening += f", and {_lead_words(leads.iloc[0])}"
    opening += "."

    groups: list[tuple[tuple[bool, ...], list[tuple[Any, bool]]]] = []
    for n, part in table.groupby("assumed_n", sort=True):
        verdict = tuple(bool(v) for v in part["stands_out"])
        entry = (n, bool(part["from_parameter"].iloc[0]))
        if groups and groups[-1][0] == verdict:
            groups[-1][1].append(entry)
        else:
            groups.append((verdict, [entry]))
    sentences = []
    for verdict, group in groups:
        part = table[table["assumed_n"] == group[0][0]]
        out = [r for (_, r), v in zip(part.iterrows(), verdict, strict=True) if v]
        not_out = [r for (_, r), v in zip(part.iterrows(), verdict, strict=True) if not v]
        per = f"with an assumed n of {_sizes(group)} in each wave"
        if not not_out:
            which = "both comparisons" if len(out) == 2 else "every comparison"
            sentences.append(f"{per.capitalize()}, {which} would stand out at the {level} level.")
        elif not out:
            held = prose.listing(f"{_words(r)} ({_detail(r)})" for r in not_out)
            sentences.append(
                f"{per.capitalize()}, none would stand out at the {level} level: {held} would "
                "not be distinguishable from sampling noise."
            )
        else:
            stand = prose.listing(_words(r) for r in out)
            held = prose.listing(f"{_words(r)} ({_detail(r)})" for r in not_out)
            sentences.append(
                f"{per.capitalize()}, only {stand} would stand out at the {level} level: {held} "
                f"would not be distinguishable from sampling noise."
            )
    closing = ""
    if waves is not None:
        stated = waves.groupby("survey_id", sort=False)["n"].first().dropna()
        if stated.empty:
            closing = (
                "Neither the paper nor any source read says how large these samples were, so "
                "the conclusion is conditional on n."
            )
        else:
            closing = (
                "The sources state n for "
                + prose.listing(f"{prose.escape(s)} ({prose.count(n)})" for s, n in stated.items())
                + "; the assumed sizes only show how the verdict would move."
            )
    return prose.paragraph(opening, *sentences, closing)


def theme_overview(theme: str, figures: pd.DataFrame, panels: pd.DataFrame) -> Markdown:
    """What the chosen theme's figures are: how many, from when, with which n, in how many
    panels, and which panels hold more than one wave of the same question.

    ``figures`` is :func:`kazparl.surveys.theme_figures`, ``panels``
    :func:`kazparl.surveys.panels` of it.
    """
    name = f"the theme **{prose.escape(theme.replace('_', ' '))}**"
    if figures.empty:
        return Markdown(f"The data hold no survey figure with a share on {name}.")
    years = figures["year"].dropna()
    span = ""
    if len(years):
        low, high = int(years.min()), int(years.max())
        span = f" ({low})" if low == high else f" ({low}–{high})"
    n_surveys = figures["survey_id"].nunique()
    first = (
        f"On {name} the data hold {_figures(len(figures))} with a share, from "
        f"{_surveys(n_surveys)}{span}, in {prose.count(len(panels))} "
        f"{'panel' if len(panels) == 1 else 'panels'} (one per organisation and question wording, "
        "and per subgroup)."
    )
    status = figures["n_status"].astype("string").value_counts()
    words = {
        "stated": "stated by the source",
        "assumed": "assumed (the `assumed_n` parameter)",
        "unknown": "unknown (shown without an interval)",
    }
    present = [s for s in words if status.get(s, 0)]
    if len(present) == 1:
        second = f"The sample size is {words[present[0]]} for every one of them."
    else:
        counts = [f"{words[s]} for {prose.count(status[s])}" for s in present]
        second = f"The sample size is {prose.listing(counts)}."
    undated = int(figures["year"].isna().sum())
    dated = f"{_figures(undated)} without a year cannot be placed in time." if undated else ""
    wordless = figures.attrs.get("without_share", 0)
    words_only = (
        f"{prose.count(wordless)} more {'row gives' if wordless == 1 else 'rows give'} a finding "
        "in words only, without a share, and "
        f"{'is' if wordless == 1 else 'are'} not shown."
        if wordless
        else ""
    )
    repeated = panels[panels["surveys"] > 1]
    if repeated.empty:
        trend = (
            "No panel holds more than one survey: there is no trend within one instrument "
            "here, and differences between panels mix opinion with the instrument."
        )
    else:
        items = [
            f"{prose.escape(r['organisation'])}, {_quoted(_question(r['question']))} "
            f"({prose.count(r['surveys'])} surveys, {_span(r['first_year'], r['last_year'])})"
            for _, r in repeated.iterrows()
        ]
        single = len(panels) - len(repeated)
        rest = (
            f"; the other {prose.count(single)} {'panel holds' if single == 1 else 'panels hold'}"
            " one survey each"
            if single
            else ""
        )
        these = "this panel follows" if len(items) == 1 else "these panels follow"
        trend = f"Only {these} one question over time: {prose.listing(items)}{rest}."
        if single == 0:
            trend = f"Every panel follows one question over time: {prose.listing(items)}."
    return prose.paragraph(first, second, dated, words_only, trend)


def _organisation(name: Any) -> str:
    """The organisation's name without the commissioning detail after a comma or bracket."""
    text = str(name)
    for mark in (" (", ", "):
        text = text.split(mark)[0]
    return prose.escape(text)


def polls(table: pd.DataFrame) -> Markdown:
    """Pre-election and exit polls against the official count, election by election.

    ``table`` is :func:`kazparl.surveys.polls_against_count`. For each election and kind of
    poll: how many polls, how far their shares were from the official ones (the largest gap,
    poll minus count, with the poll and the answer), and, where a poll's n gives an interval,
    how many official shares it contains.
    """
    if table.empty:
        return Markdown("The data hold no national pre-election or exit poll of an election.")
    from kazparl.tables import election_name

    lines = []
    for election_id, part in table.groupby("election_id", sort=False):
        clauses = []
        for kind, polls_ in part.groupby("poll", sort=False):
            n_polls = polls_["survey_id"].nunique()
            worst = polls_.loc[polls_["difference"].abs().idxmax()]
            orgs = prose.listing(dict.fromkeys(_organisation(o) for o in polls_["organisation"]))
            gap = prose.points(abs(float(worst["difference"])))
            shares = (
                f"{prose.as_stated(worst['pct'])}% against "
                f"{prose.as_stated(worst['official_pct'])}%"
            )
            clause = (
                f"{prose.count(n_polls)} {kind} poll{'s' if n_polls > 1 else ''} ({orgs}): "
                f"at most {gap} from the count, {prose.escape(worst['response'])} in the "
                f"{_organisation(worst['organisation'])} poll ({shares})"
            )
            judged = polls_[polls_["inside"].notna()]
            if len(judged):
                inside = int(judged["inside"].sum())
                clause += (
                    f"; where the poll states n, the official share lies within its interval "
                    f"for {prose.count(inside)} of {prose.count(len(judged))} answers"
                )
            clauses.append(clause)
        lines.append(f"- **{election_name(election_id)}**: " + "; ".join(clauses) + ".")
    return Markdown(
        "\n".join(lines)
        + "\n\nA poll's share is of its respondents (those who named a party or candidate, or "
        "all respondents, as the source reports it), the official one of the ballots on the "
        "base the commission uses (valid ballots or all who took part): the bases differ, so a "
        "gap of a point or two is not by itself an error of the poll, and an interval covers "
        "sampling error only."
    )
