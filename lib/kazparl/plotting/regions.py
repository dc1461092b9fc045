"""Figures of regional turnout: the regions of one election ranked, and regions over elections.

Both take the regional frames of :mod:`kazparl.turnout` (a ``kind`` column tells the cities of
republican status from the oblasts), give each highlighted region the same accent colour in
both figures (its position in ``highlight``), say in the title how the figures were reported
(status and reporting time, from the ``status`` and ``as_of`` columns) and write the source
caption from the sources the data carry.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from kazparl import fields, turnout
from kazparl.plotting import ACCENTS, LIGHT, MUTED, source_caption
from kazparl.tables import election_name

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["highlight_colours", "ranked", "region_lines"]

CITY = "city"


def _legend_name(name: object, is_city: bool) -> str:
    """``Almaty city`` for a city of republican status, the name as it is for an oblast."""
    text = str(name)
    return f"{text} city" if is_city and not text.lower().endswith("city") else text


def highlight_colours(highlight: Sequence[str]) -> dict[str, str]:
    """``{region_id: colour}``: the accent colours, in the order of ``highlight``.

    >>> highlight_colours(["almaty-city", "astana"])
    {'almaty-city': '#c0392b', 'astana': '#1f5fa8'}
    """
    ids = list(dict.fromkeys(highlight))
    if len(ids) > len(ACCENTS):
        from kazparl.errors import ParameterError

        raise ParameterError(f"at most {len(ACCENTS)} regions can be highlighted, got {len(ids)}")
    return dict(zip(ids, ACCENTS, strict=False))


def _national_text(national: Mapping[str, Any]) -> str:
    status = national.get("status") or "status not stated"
    return f"national turnout {float(national['turnout_pct']):g}% ({status})"


def ranked(
    data: pd.DataFrame,
    *,
    value: str = "turnout_pct",
    label: str = "name_en",
    key: str = "region_id",
    kind: str = "kind",
    highlight: Sequence[str] = (),
    national: Mapping[str, Any] | None = None,
    title: str | None = None,
) -> Figure:
    """The regions of one election as horizontal bars, highest at the top.

    ``data``: one row per region (e.g. :func:`kazparl.turnout.regional_frame`), with the
    ``value`` to rank, a ``label`` to name each bar, the ``key`` that ``highlight`` refers to
    and the ``kind`` column (``"city"`` bars are hatched: cities of republican status).
    Highlighted regions get distinct accent colours; the others are light. ``national``
    (:func:`kazparl.turnout.national`) adds a dashed line with its value and status, and its
    source to the caption; a missing national value is said in the legend. The title names
    the election and how its figures were reported (:func:`kazparl.turnout.reported`).
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    colours = highlight_colours(highlight)
    frame = data.assign(_v=data[value].astype(float)).sort_values("_v", kind="stable")
    fig, ax = plt.subplots(figsize=(10, 0.32 * len(frame) + 2.4))
    bars = ax.barh(
        frame[label].astype(str),
        frame["_v"],
        color=[colours.get(k, LIGHT) for k in frame[key]],
        edgecolor="white",
    )
    for bar, region_kind in zip(bars, frame[kind], strict=True):
        if region_kind == CITY:
            bar.set_hatch("//")
    handles: list[Any] = []
    for k in colours:
        rows = frame[frame[key] == k]
        if len(rows):
            name = _legend_name(rows[label].iloc[0], rows[kind].iloc[0] == CITY)
            handles.append(Patch(facecolor=colours[k], label=name))
    handles.append(
        Patch(facecolor=LIGHT, hatch="//", edgecolor="white", label="city of republican status")
    )
    if national is not None and national.get("turnout_pct") is not None:
        ax.axvline(float(national["turnout_pct"]), color="black", linestyle="--", linewidth=1)
        handles.append(
            Line2D([], [], color="black", linestyle="--", label=_national_text(national))
        )
    elif national is not None:
        missing = "national turnout: not given by the preferred source"
        handles.append(Line2D([], [], color="none", label=missing))
    elections = list(dict.fromkeys(frame["election_id"])) if "election_id" in frame else []
    name = ", ".join(election_name(e) for e in elections)
    text = title or f"{name}: turnout by region ({turnout.reported(frame)})"
    ax.set_title(textwrap.fill(text, width=70))
    ax.set_xlabel(fields.label(value, "regional_turnout"))
    ax.set_ylabel("")
    ax.set_xlim(0, 100)
    ax.margins(y=0.01)
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(1.01, 0.0), fontsize=8)
    source_caption(fig, data, national)
    return fig


def region_lines(
    data: pd.DataFrame,
    *,
    x: str = "election_id",
    y: str = "turnout",
    key: str = "region_id",
    label: str = "name_en",
    kind: str = "kind",
    highlight: Sequence[str] = (),
    title: str | None = None,
) -> Figure:
    """Each region's turnout across elections: one line per region, the highlighted in colour.

    ``data``: region-election rows (e.g. :func:`kazparl.turnout.panel`) in date order, with the
    election ``x``, the value ``y``, the region ``key`` and ``label``, and ``kind``: the lines
    of cities of republican status are dashed with square markers, those of oblasts solid
    with round ones (read from ``kind``, never from the id). Highlighted regions get the same
    accent colours as in :func:`ranked`; the others are grey. A highlighted region without a
    figure in some elections (a region created later) is drawn where it has figures.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    colours = highlight_colours(highlight)
    order = list(dict.fromkeys(data[x]))
    position = {e: i for i, e in enumerate(order)}
    fig, ax = plt.subplots(figsize=(9.5, 5.2))
    handles: list[Any] = []
    for region, line in data.groupby(key, sort=True):
        line = line.sort_values(x, key=lambda s: s.map(position))
        is_city = (line[kind] == CITY).any()
        marked = region in colours
        (drawn,) = ax.plot(
            line[x].map(position),
            line[y].astype(float),
            marker="s" if is_city else "o",
            markersize=5 if marked else 3,
            linestyle="--" if is_city else "-",
            color=colours.get(region, MUTED),
            linewidth=2.2 if marked else 0.8,
            zorder=3 if marked else 1,
        )
        if marked:
            drawn.set_label(_legend_name(line[label].iloc[0], is_city))
            handles.append((list(colours).index(region), drawn))
    legend = [h for _, h in sorted(handles, key=lambda t: t[0])]
    legend += [
        Line2D(
            [], [], color=MUTED, marker="o", markersize=3, linewidth=0.8, label="every other oblast"
        ),
        Line2D(
            [],
            [],
            color=MUTED,
            marker="s",
            markersize=3,
            linewidth=0.8,
            linestyle="--",
            label="every other city of republican status",
        ),
    ]
    ax.set_xticks(range(len(order)), [election_name(e) for e in order], rotation=20, ha="right")
    ax.set_ylim(0, 100)
    ax.set_xlabel("")
    ax.set_ylabel(fields.label(y))
    statuses = " and ".join(sorted(set(data["status"].dropna().astype(str))))
    ax.set_title(title or f"Turnout by region, election by election ({statuses} figures)")
    ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    times = "; ".join(
        f"{election_name(e)} {turnout.reporting_time(data[data[x] == e])}" for e in order
    )
    source_caption(fig, data, note=f"Regional figures reported on election night: {times}.")
    return fig
