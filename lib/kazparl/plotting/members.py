"""Figures of deputies one by one: ages at the election day, and the bands beside them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from kazparl.plotting import ACCENTS, MUTED, seeded_jitter, source_caption

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["age_strips", "bands_beside"]

_PRECISION_NOTE = (
    "Each dot is a deputy whose birth date is known, at his or her age on polling day; "
    "open circles: born in a known year only, drawn between the two possible ages. Box: "
    "median and quartiles of the known ages. Deputies without a birth date are not drawn "
    "and not estimated."
)


def age_strips(
    data: pd.DataFrame,
    *,
    x: str = "age",
    y: str = "label",
    precision: str = "birth_precision",
    title: str = "Age of deputies on polling day, where the birth date is known",
) -> Figure:
    """The ages of a chamber's deputies, one row per convocation: every known age as a dot
    over a box of the median and quartiles (seaborn ``boxplot`` and ``stripplot``).

    ``data``: one row per deputy with the age ``x``, the row label ``y`` (which should say
    how many ages are known, as :func:`kazparl.members.age_table`'s ``label`` does) and the
    birth date's ``precision`` (``day``: filled dot; else open circle).
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    order = list(dict.fromkeys(data[y]))
    fig, ax = plt.subplots(figsize=(9, 1.6 + 1.1 * len(order)))
    sns.boxplot(
        data=data, x=x, y=y, order=order, ax=ax, color="#e8eef6", width=0.55, fliersize=0,
        linewidth=1, medianprops={"color": ACCENTS[1], "linewidth": 2.5},
    )  # fmt: skip
    exact = data[data[precision] == "day"]
    rough = data[data[precision] != "day"]
    with seeded_jitter():
        sns.stripplot(
            data=exact, x=x, y=y, order=order, ax=ax, color=ACCENTS[1], size=5, jitter=0.18,
            label="born on a known day",
        )  # fmt: skip
        if not rough.empty:
            sns.stripplot(
                data=rough, x=x, y=y, order=order, ax=ax, color="white", edgecolor=ACCENTS[1],
                linewidth=1.2, size=5, jitter=0.18, label="born in a known year only",
            )  # fmt: skip
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    ax.legend(unique.values(), unique.keys(), loc="lower right", fontsize=8, frameon=True)
    ax.set_xlabel("age on polling day (completed years)")
    ax.set_ylabel("")
    ax.set_title(title)
    source_caption(fig, data, note=_PRECISION_NOTE)
    return fig


def bands_beside(
    data: pd.DataFrame,
    *,
    x: str = "band",
    hue: str = "label",
    low: str = "pct_low",
    high: str = "pct_high",
    title: str = "Deputies by age band: banded counts and individual ages",
) -> Figure:
    """Shares of deputies per age band, one bar per convocation (``hue``) within each band:
    the bar reaches ``low``; a thin line continues to ``high`` where a birth date known only
    to the year leaves a deputy on either side of a band's edge. The share is written above.

    ``data``: :func:`kazparl.members.bands_beside` (its ``label`` says what each bar rests on).
    """
    import matplotlib.pyplot as plt
    import numpy as np

    bands = list(dict.fromkeys(data[x]))
    groups = list(dict.fromkeys(data[hue]))
    fig, ax = plt.subplots(figsize=(9, 4.6))
    width = 0.8 / len(groups)
    colours = [MUTED, *ACCENTS[1:]]
    for i, group in enumerate(groups):
        part = data[data[hue] == group].set_index(x).reindex(bands)
        where = np.arange(len(bands)) - 0.4 + width * (i + 0.5)
        ax.bar(where, part[low], width=width * 0.92, color=colours[i % len(colours)], label=group)
        extra = part[high] > part[low]
        ax.vlines(where[extra], part[low][extra], part[high][extra], color="#333333", linewidth=2)
        for w, lo_, hi_ in zip(where, part[low], part[high], strict=True):
            text = f"{lo_:.0f}" if round(lo_) == round(hi_) else f"{lo_:.0f}–{hi_:.0f}"
            ax.annotate(text, (w, hi_), xytext=(0, 2), textcoords="offset points",
                        ha="center", fontsize=8)  # fmt: skip
    ax.set_xticks(range(len(bands)), bands)
    ax.set_ylim(0, float(data[high].max()) * 1.2)
    ax.set_ylabel("% of the deputies the bar rests on")
    ax.set_xlabel("age band (completed years)")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8)
    note = (
        "Banded counts are shares of the whole chamber; individual ages are shares of the "
        "deputies whose birth date is known, which need not be typical of the rest."
    )
    source_caption(fig, data, note=note)
    return fig
