"""Figures of who sits in parliament: members by age band, women against the world."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from kazparl import fields, sources
from kazparl.plotting import ACCENTS, axis_labels, source_caption

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["against_world", "band_bars"]


def band_bars(
    data: pd.DataFrame, *, x: str = "band", y: str = "count", title: str | None = None
) -> Figure:
    """Members by age band: one bar per band (in ``data``'s order), its count written above.

    ``data``: one row per band with the label column ``x`` (e.g. from
    :func:`kazparl.deputies.band_table`) and the count ``y``.
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    counts = data[y].astype(int)
    ax.bar(data[x].astype(str), counts, color=ACCENTS[1])
    for i, n in enumerate(counts):
        ax.annotate(str(n), (i, n), xytext=(0, 3), textcoords="offset points", ha="center")
    ax.set_ylim(0, counts.max() * 1.15)
    ax.set_title(title or data.attrs.get("title", "Members by age band"))
    axis_labels(ax, x=x, y=y, table="age_bands")
    source_caption(fig, data)
    return fig


def against_world(
    data: pd.DataFrame,
    world: pd.DataFrame,
    *,
    x: str = "elected_year",
    y: str = "women_pct",
    hue: str = "chamber",
    quotas: pd.DataFrame | None = None,
    title: str = "Women in Kazakhstan's parliament and in the world's parliaments",
) -> Figure:
    """Women's share of each chamber by convocation, against the world average over time.

    ``data``: one row per chamber and convocation (``x``, ``y``, ``hue``), e.g.
    :func:`kazparl.deputies.women_by_convocation`; ``world``: the world series with ``year``
    and ``value`` (:func:`kazparl.deputies.world_series`); ``quotas``: rows of the ``quotas``
    table to draw as a line from the year they were amended (rows without a date are left
    out of the figure: it cannot place them).
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 4.8))
    for i, (name, part) in enumerate(data.groupby(hue, sort=True)):
        ax.plot(
            part[x],
            part[y],
            marker="o",
            linewidth=2,
            color=ACCENTS[(i + 1) % len(ACCENTS)],
            label=f"{str(name).capitalize()} (share of members)",
        )
    ax.plot(
        world["year"],
        world["value"],
        linestyle="--",
        color="#555555",
        marker=".",
        label="world average, IPU (both chambers)",
    )
    right = max(int(data[x].max()), int(world["year"].max())) + 1
    left = min(int(data[x].min()), int(world["year"].min())) - 2
    drawn = []
    if quotas is not None:
        for _, quota in quotas[quotas["amended"].notna()].iterrows():
            start = int(quota["amended"].year)
            ax.hlines(quota["pct"], start, right, color=ACCENTS[0], linestyle=":", linewidth=2)
            ax.annotate(
                f"{quota['pct']:g}% list quota from {start}\n({quota['counts']})",
                (start, quota["pct"]),
                xytext=(-4, 2),
                textcoords="offset points",
                ha="right",
                va="bottom",
                fontsize=8,
                color=ACCENTS[0],
            )
            drawn.append(quota)
    ax.set_xlim(left, right)
    top = max(float(data[y].max()), float(world["value"].max()), *[q["pct"] for q in drawn], 0)
    ax.set_ylim(0, top * 1.3)
    ax.set_title(title)
    ax.set_xlabel("year (election of the convocation; date of the IPU figure)")
    ax.set_ylabel(fields.label(y))
    ax.legend(loc="upper left")
    used = sources.of(data, world, pd.DataFrame(drawn) if drawn else None)
    source_caption(fig, used, note="Convocations without a known count of women are left out.")
    return fig
