"""Small multiples by country: one panel per country, a line per measure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from kazparl import fields
from kazparl.plotting import ACCENTS, source_caption

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["country_panels"]


def country_panels(
    data: pd.DataFrame,
    *,
    y: Sequence[str],
    x: str = "year",
    col: str = "country",
    names: dict[str, str] | None = None,
    title: str,
    ylim: tuple[float, float] | None = None,
    note: str | None = None,
) -> Figure:
    """One panel per ``col`` value (in the order of ``data``), sharing the axes; each column of
    ``y`` a line with markers, in the same accent colour in every panel; a panel with no value
    of a measure says so. ``names`` labels the panels (e.g. country codes -> names)."""
    import matplotlib.pyplot as plt

    panels = list(dict.fromkeys(data[col]))
    ncols = min(3, len(panels))
    nrows = -(-len(panels) // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(4.2 * ncols, 3.1 * nrows + 1.4), sharex=True, sharey=True,
        squeeze=False, layout="constrained",
    )  # fmt: skip
    for ax, panel in zip(axes.flat, panels, strict=False):
        part = data[data[col] == panel].sort_values(x)
        shown = 0
        for i, measure in enumerate(y):
            values = part[[x, measure]].dropna()
            if values.empty:
                continue
            ax.plot(values[x], values[measure].astype(float), marker="o", markersize=4,
                    color=ACCENTS[i % len(ACCENTS)], label=fields.title(measure))  # fmt: skip
            shown += 1
        ax.set_title((names or {}).get(panel, panel), fontsize=11)
        if not shown:
            ax.text(0.5, 0.5, "no data", transform=ax.transAxes, ha="center", color="#777777")
        if ylim:
            ax.set_ylim(*ylim)
    for ax in list(axes.flat)[len(panels) :]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel(fields.title(x))
    handles, labels = axes.flat[0].get_legend_handles_labels()
    for ax in axes.flat:
        h, lab = ax.get_legend_handles_labels()
        if len(h) > len(handles):
            handles, labels = h, lab
    fig.legend(handles, labels, loc="outside upper right", ncol=len(y), fontsize=9,
               frameon=False)  # fmt: skip
    fig.suptitle(title, fontweight="bold", x=0.01, ha="left")
    source_caption(fig, data, note=note)
    return fig
