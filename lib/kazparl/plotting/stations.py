"""Polling-station figures: the turnout–result "comet", integer-percentage peaks, and the
spread of regional figures side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kazparl import fields
from kazparl.plotting import seeded_jitter, source_caption

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["comet", "integer_peaks", "spread_strips"]

STATION_COLOUR = "#2b5d8a"


def comet(
    data: pd.DataFrame,
    *,
    x: str = "turnout_pct",
    y: str = "ruling_pct",
    title: str,
    bins: int = 200,
    note: str | None = None,
) -> Figure:
    """The joint distribution of two station percentages with their marginal histograms.

    ``data``: one row per station (e.g. :func:`kazparl.forensics.jittered`). The centre is a
    2-D histogram of ``bins`` × ``bins`` cells over 0–100 % with a logarithmic colour scale
    (a few stations in a cell stay visible beside thousands); above and to the right, the
    histograms of ``x`` and ``y`` in 0.5-point bins.
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import LogNorm

    fig = plt.figure(figsize=(8, 7.6))
    grid = fig.add_gridspec(
        2, 2, width_ratios=(4, 1), height_ratios=(1, 4), hspace=0.05, wspace=0.05
    )
    ax = fig.add_subplot(grid[1, 0])
    top = fig.add_subplot(grid[0, 0], sharex=ax)
    side = fig.add_subplot(grid[1, 1], sharey=ax)
    edges = np.linspace(0, 100, bins + 1)
    *_, image = ax.hist2d(
        data[x], data[y], bins=[edges, edges], cmap="viridis", norm=LogNorm(), cmin=1
    )
    coarse = np.arange(0, 100.5, 0.5)
    top.hist(data[x], bins=coarse, color=STATION_COLOUR)
    side.hist(data[y], bins=coarse, color=STATION_COLOUR, orientation="horizontal")
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel(fields.label(x))
    ax.set_ylabel(fields.label(y))
    top.set_ylabel("stations")
    side.set_xlabel("stations")
    top.tick_params(labelbottom=False)
    side.tick_params(labelleft=False)
    colour_bar = fig.colorbar(image, ax=side, fraction=0.5, pad=0.15)
    colour_bar.set_label("stations per cell")
    top.set_title(title)
    source_caption(fig, data, note=note)
    return fig


def integer_peaks(
    data: pd.DataFrame,
    *,
    columns: tuple[str, ...] = ("turnout_pct", "ruling_pct"),
    bin_width: float = 0.1,
    title: str,
    note: str | None = None,
) -> Figure:
    """Histograms of station percentages in fine bins, one panel per column.

    Bins are ``bin_width`` points wide and centred on multiples of it, so each whole percent
    has its own bin; faint lines mark every fifth percent, where the peaks of
    Kobak et al. stand out.
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(
        len(columns), 1, figsize=(10, 2.6 * len(columns) + 1.2), sharex=True, layout="constrained"
    )
    axes = np.atleast_1d(axes)
    edges = np.arange(-bin_width / 2, 100 + bin_width, bin_width)
    for ax, column in zip(axes, columns, strict=True):
        counts, _ = np.histogram(data[column], bins=edges)
        centres = edges[:-1] + bin_width / 2
        ax.plot(centres, counts, color=STATION_COLOUR, linewidth=0.8)
        for five in range(0, 101, 5):
            ax.axvline(five, color="#cccccc", linewidth=0.6, zorder=0)
        ax.set_ylabel(f"stations per\n{bin_width:g}-point bin")
        ax.set_xlabel(fields.label(column))
        ax.set_xlim(0, 100)
        ax.set_xticks(range(0, 101, 5))
        ax.xaxis.set_tick_params(labelbottom=True)
    axes[0].set_title(title)
    source_caption(fig, data, note=note)
    return fig


def spread_strips(
    data: pd.DataFrame,
    *,
    x: str = "value",
    y: str = "series",
    title: str,
    xlabel: str | None = None,
    note: str | None = None,
) -> Figure:
    """One row per series of regional figures: a box (quartiles) and a dot per region.

    ``data`` is tidy, one row per region and series (e.g. Russia's regional turnout, its
    ruling party's regional share, Kazakhstan's regional turnout); rows keep the order of
    first appearance of ``y``.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    order = list(dict.fromkeys(data[y]))
    fig, ax = plt.subplots(figsize=(9, 0.9 * len(order) + 2.2), layout="constrained")
    sns.boxplot(data=data, x=x, y=y, order=order, color="#dddddd", width=0.5, fliersize=0, ax=ax)
    with seeded_jitter():
        sns.stripplot(
            data=data, x=x, y=y, order=order, color=STATION_COLOUR, size=3.5, alpha=0.7, ax=ax
        )
    ax.set_xlim(0, 100)
    ax.set_xlabel(xlabel or fields.label(x))
    ax.set_ylabel("")
    ax.set_title(title)
    source_caption(fig, data, note=note)
    return fig
