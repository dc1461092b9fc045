"""Counts by category as stacked horizontal bars: rows of tables by kind of source, claims by
topic and verdict."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from kazparl import fields
from kazparl.plotting import source_caption

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["CATEGORY_COLOURS", "stacked_counts"]

#: Colours of the categories these figures stack: the verdicts of the paper audit and the
#: kinds of source, most authoritative darkest; how a chamber's seats were filled (blues:
#: the voters; oranges and red: not the voters). One colour per category, in every figure.
CATEGORY_COLOURS: dict[str, str] = {
    "matches": "#2e8b57",
    "rounding": "#9bd39b",
    "differs": "#c0392b",
    "only the paper": "#bbbbbb",
    "contradicts itself": "#7d3c98",
    "election-commission": "#08306b",
    "official": "#2171b5",
    "observer-mission": "#4292c6",
    "international": "#6baed6",
    "dataset": "#9ecae1",
    "survey": "#41ab5d",
    "research": "#a1d99b",
    "party": "#fdae6b",
    "press": "#e6550d",
    "encyclopedia": "#a50f15",
    "paper": "#756bb1",
    "party lists": "#2171b5",
    "single-mandate districts": "#6baed6",
    "the state list": "#c6dbef",
    "the Assembly of People": "#e6550d",
    "regional councils": "#fdae6b",
    "appointed by the President": "#a50f15",
    "public associations": "#bbbbbb",
}


def stacked_counts(
    data: pd.DataFrame,
    *,
    y: str,
    hue: str,
    x: str = "rows",
    title: str,
    xlabel: str | None = None,
    note: str | None = None,
    labels: dict[str, str] | None = None,
    by_total: bool = True,
) -> Figure:
    """One horizontal bar per ``y`` value, stacked by ``hue``, of the counts in ``x``.

    ``data`` is tidy (one row per ``y`` and ``hue``); bars are sorted by their totals (or,
    with ``by_total=False``, kept in the order of ``y``, top to bottom), the
    stack follows the order of ``hue``'s categories (or of first appearance), and each
    category has its colour from :data:`CATEGORY_COLOURS`. ``labels`` renames categories in
    the legend (e.g. the reader labels of the kinds of source).
    """
    import matplotlib.pyplot as plt

    order = (
        list(data[hue].cat.categories)
        if isinstance(data[hue].dtype, pd.CategoricalDtype)
        else list(dict.fromkeys(data[hue]))
    )
    wide = data.pivot_table(index=y, columns=hue, values=x, aggfunc="sum", observed=False)
    wide = wide.reindex(columns=[c for c in order if c in wide.columns]).fillna(0)
    wide = wide.loc[:, wide.sum() > 0]
    # barh draws the first row at the bottom: keep the order of y top to bottom
    if by_total:
        wide = wide.loc[wide.sum(axis=1).sort_values().index]
    else:  # the order of y as given (pivot_table sorts it)
        wide = wide.reindex([r for r in dict.fromkeys(data[y]) if r in wide.index]).iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 0.38 * len(wide) + 2.2))
    left = pd.Series(0.0, index=wide.index)
    for category in wide.columns:
        ax.barh(
            wide.index.astype(str),
            wide[category],
            left=left,
            color=CATEGORY_COLOURS.get(str(category), "#999999"),
            label=(labels or {}).get(str(category), str(category)),
            height=0.75,
        )
        left += wide[category]
    ax.set_title(title)
    ax.set_xlabel(xlabel or fields.label(x))
    ax.set_ylabel(fields.title(y))
    ax.legend(title=fields.title(hue), loc="lower right", fontsize=8, title_fontsize=9)
    source_caption(fig, data, note=note)
    return fig
