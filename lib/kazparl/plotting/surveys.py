"""Figures of survey shares: answers with their intervals, and faceted trends of a theme.

Both take the frames of :mod:`kazparl.surveys` (with the ``ci_low``, ``ci_high`` and
``n_status`` columns of :func:`kazparl.surveys.with_intervals`) and say on the figure, from the
data's ``n_status``, whether an interval rests on a stated or an **assumed** sample size, or
whether there is none because n is unknown. An answer keeps its colour within a figure
(:func:`answer_palette`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from kazparl import fields, prose
from kazparl.plotting import ACCENTS, axis_labels, party_colour, source_caption

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["answer_bars", "answer_palette", "interval_note", "polls_against_count", "trend_panels"]

#: How far apart (in RGB, 0-1 per channel) an extra colour must be from every colour already
#: in the palette; only when a figure has more answers than :data:`~kazparl.plotting.ACCENTS`.
_MIN_DISTANCE = 0.25


def _colours() -> list[str]:
    """ACCENTS, then the colours of seaborn's ``tab10`` that are far from all of them."""
    import matplotlib.colors as mc
    import seaborn as sns

    chosen = list(ACCENTS)
    for colour in sns.color_palette("tab10").as_hex():
        rgb = mc.to_rgb(colour)
        far = all(
            sum((a - b) ** 2 for a, b in zip(rgb, mc.to_rgb(c), strict=True)) ** 0.5
            >= _MIN_DISTANCE
            for c in chosen
        )
        if far:
            chosen.append(colour)
    return chosen


def answer_palette(
    levels: Sequence[Any],
    groups: Sequence[Sequence[Any]] | None = None,
    parties: dict[Any, str] | None = None,
) -> dict[Any, str]:
    """``{answer: colour}``: each answer its colour, in order of ``levels``.

    An answer that names a party (``parties``: answer -> ``party_id``) has that party's colour
    (:func:`kazparl.plotting.party_colour`), the same as in every other figure. The other
    answers take the colours in turn (ACCENTS first), skipping the parties' colours. With
    ``groups`` (the answers of each panel) an answer takes the first colour no other answer of
    any of its panels has, so answers shown together never share a colour and an answer keeps
    one colour in every panel.

    >>> answer_palette(["no", "yes"]) == {"no": ACCENTS[0], "yes": ACCENTS[1]}
    True
    >>> p = answer_palette(["a", "b", "c"], groups=[["a", "b"], ["a", "c"]])
    >>> p["b"] == p["c"] != p["a"]
    True
    """
    parties = {k: v for k, v in (parties or {}).items() if isinstance(v, str) and v}
    palette: dict[Any, str] = {a: party_colour(p) for a, p in parties.items() if a in levels}
    colours = [c for c in _colours() if c not in set(palette.values())]
    levels = [level for level in dict.fromkeys(levels) if level not in palette]
    if groups is None:
        palette.update({level: colours[i % len(colours)] for i, level in enumerate(levels)})
        return palette
    groups = [set(g) for g in groups]
    for level in levels:
        taken = {palette[o] for g in groups if level in g for o in g if o in palette}
        free = [c for c in colours if c not in taken]
        palette[level] = free[0] if free else colours[len(palette) % len(colours)]
    return palette


def _parties(data: pd.DataFrame, hue: str) -> dict[Any, str]:
    """``{answer: party_id}`` for the answers of ``data`` that name a party (``party_id``)."""
    if "party_id" not in data.columns:
        return {}
    named = data[data["party_id"].notna()]
    return dict(zip(named[hue], named["party_id"].astype(str), strict=True))


def interval_note(data: pd.DataFrame, *, status: str = "n_status", markers: bool = False) -> str:
    """What the intervals of ``data`` rest on, from its ``n_status`` (and ``attrs["interval"]``).

    ``"n unknown: no sampling interval"``, ``"95% intervals for an ASSUMED n = 1,000 (design
    effect 1)"``, ``"95% intervals for the stated n"``, joined by ``;``. With ``markers`` the
    parts say which markers they describe (filled, hollow), for :func:`trend_panels`.

    >>> frame = pd.DataFrame({"n_status": ["unknown", "unknown"]})
    >>> interval_note(frame)
    'n unknown: no sampling interval'
    """
    present = set(data[status].astype("string").dropna())
    settings = data.attrs.get("interval", {})
    level = settings.get("confidence")
    level_text = f"{prose.as_stated(round(100 * level, 6))}% " if level else ""
    deff = settings.get("design_effect")
    deff_text = f" (design effect {prose.as_stated(deff)})" if deff is not None else ""
    parts = []
    if "stated" in present:
        parts.append(
            f"{'filled markers: ' if markers else ''}{level_text}intervals for the stated n"
        )
    if "assumed" in present:
        sizes = data.loc[data[status] == "assumed", "n_used"].dropna().unique()
        shown = prose.listing([prose.count(n) for n in sorted(sizes)], "or")
        parts.append(
            f"{'filled markers: ' if markers else ''}{level_text}intervals for an ASSUMED n = "
            f"{shown}{deff_text}"
        )
    if "unknown" in present:
        parts.append(f"{'hollow markers: ' if markers else ''}n unknown, no sampling interval")
    if not markers and parts == ["n unknown, no sampling interval"]:
        return "n unknown: no sampling interval"
    return "; ".join(parts)


def _levels(values: pd.Series, order: Sequence[Any] | None) -> list[Any]:
    return list(order) if order is not None else list(dict.fromkeys(values.dropna()))


def answer_bars(
    data: pd.DataFrame,
    *,
    x: str,
    y: str = "pct",
    hue: str = "response",
    order: Sequence[Any] | None = None,
    hue_order: Sequence[Any] | None = None,
    low: str = "ci_low",
    high: str = "ci_high",
    status: str = "n_status",
    title: str | None = None,
) -> Figure:
    """Grouped bars of ``y`` by ``x`` and ``hue``, each with its interval where there is one.

    ``order`` and ``hue_order`` default to the order of first appearance in ``data``. Each
    bar and its error bar are placed from the row's own (``x``, ``hue``) values, so an error
    bar always sits on its own bar, whatever the order of the rows or of the levels. A note
    in the corner, from ``n_status``, says whether the intervals rest on a stated or an
    assumed n, or that n is unknown. The title defaults to ``data.attrs["title"]``.
    """
    import matplotlib.pyplot as plt

    xs, hues = _levels(data[x], order), _levels(data[hue], hue_order)
    palette = answer_palette(hues, parties=_parties(data, hue))
    width = 0.8 / len(hues)
    fig, ax = plt.subplots(figsize=(7, 4))
    labelled: set[Any] = set()
    top = 0.0
    for _, row in data.iterrows():
        if row[x] not in xs or row[hue] not in hues or pd.isna(row[y]):
            continue
        position = xs.index(row[x]) + (hues.index(row[hue]) - (len(hues) - 1) / 2) * width
        value = float(row[y])
        ax.bar(
            position,
            value,
            width=width * 0.95,
            color=palette[row[hue]],
            label=None if row[hue] in labelled else str(row[hue]),
        )
        labelled.add(row[hue])
        top = max(top, value)
        if pd.notna(row[low]) and pd.notna(row[high]):
            ax.errorbar(
                position,
                value,
                yerr=[[value - float(row[low])], [float(row[high]) - value]],
                fmt="none",
                ecolor="black",
                capsize=4,
            )
            top = max(top, float(row[high]))
    ax.set_xticks(range(len(xs)), [str(v) for v in xs])
    ax.set_xlim(-0.6, len(xs) - 0.4)
    ax.set_ylim(0, top * 1.3 if top else 1)
    handles, labels = ax.get_legend_handles_labels()
    by_label = dict(zip(labels, handles, strict=True))
    ax.legend(
        [by_label[str(h)] for h in hues if str(h) in by_label],
        [str(h) for h in hues if str(h) in by_label],
        title=fields.title(hue),
        loc="upper left",
    )
    ax.text(
        0.99,
        0.97,
        interval_note(data, status=status),
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=9,
        color="#555555",
    )
    ax.set_title(title or data.attrs.get("title", ""))
    axis_labels(ax, x=x, y=y, table="survey_results")
    source_caption(fig, data)
    return fig


def trend_panels(
    data: pd.DataFrame,
    *,
    panel: str = "panel",
    x: str = "year",
    y: str = "pct",
    hue: str = "response",
    low: str = "ci_low",
    high: str = "ci_high",
    status: str = "n_status",
    title: str | None = None,
    cols: int = 2,
) -> Figure:
    """One panel per value of ``panel`` (in order of first appearance): ``y`` over ``x`` by ``hue``.

    Points of one ``hue`` within a panel are joined by a line (a panel is one question of one
    organisation, so a line never joins different instruments); a point with an interval is
    filled and has its error bar, a point without one (n unknown) is hollow. An answer has the
    same colour in every panel (:func:`answer_palette`). Rows without ``x`` cannot be placed
    and are left out, which the caption says. The title defaults to the theme of ``data``.
    """
    import matplotlib.pyplot as plt

    placed = data[data[x].notna() & data[y].notna()]
    left_out = len(data) - len(placed)
    names = list(dict.fromkeys(placed[panel]))
    groups = [list(dict.fromkeys(placed.loc[placed[panel] == p, hue])) for p in names]
    palette = answer_palette(list(dict.fromkeys(placed[hue])), groups, _parties(placed, hue))
    ncols = max(1, min(cols, len(names)))
    nrows = max(1, -(-len(names) // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(11, 3.4 * nrows), squeeze=False)
    for i, (ax, name) in enumerate(zip(axes.flat, names, strict=False)):
        part = placed[placed[panel] == name]
        for answer, line in part.groupby(hue, sort=False):
            line = line.sort_values(x)
            colour = palette[answer]
            xs = line[x].astype(float)
            ys = line[y].astype(float)
            label = textwrap.fill(str(answer), 28)
            ax.plot(xs, ys, color=colour, label=label, linewidth=1.5)
            known = (line[low].notna() & line[high].notna()).to_numpy()
            ax.scatter(xs[~known], ys[~known], s=36, facecolors="white", edgecolors=colour)
            if known.any():
                sub = line[known]
                value = sub[y].astype(float)
                ax.errorbar(
                    sub[x].astype(float),
                    value,
                    yerr=[value - sub[low].astype(float), sub[high].astype(float) - value],
                    fmt="o",
                    color=colour,
                    capsize=3,
                )
        ax.set_title(textwrap.fill(str(name), 60), fontsize=9, loc="left")
        years = sorted(part[x].astype(float).unique())
        ax.set_xticks(years, [str(int(v)) for v in years])
        ax.set_xlim(min(years) - 1, max(years) + 1)
        ax.set_ylim(0, 100)
        axis_labels(ax, x=x, y=y if i % ncols == 0 else None, table="survey_results")
        ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    for ax in list(axes.flat)[len(names) :]:
        ax.set_visible(False)
    if not names:
        axes.flat[0].text(0.5, 0.5, "no figure with a share and a year", ha="center")
        axes.flat[0].set_axis_off()
    if title is None:
        themes = list(dict.fromkeys(data["theme"].astype(str))) if "theme" in data else []
        title = "Survey figures" + (
            f": {prose.listing(t.replace('_', ' ') for t in themes)}" if themes else ""
        )
    note = interval_note(placed, status=status, markers=True)
    width = int(fig.get_figwidth() * 11)  # about 11 characters of 12 pt per inch
    lines = [textwrap.fill(title, width)]
    if note:
        lines.append(textwrap.fill(note[0].upper() + note[1:] + ".", width))
    fig.suptitle("\n".join(lines), fontweight="bold", x=0.01, ha="left")
    missing = (
        f"{prose.count(left_out)} {'figure' if left_out == 1 else 'figures'} without a "
        f"{fields.title(x)} left out."
        if left_out
        else None
    )
    source_caption(fig, data, note=missing)
    return fig


def polls_against_count(
    data: pd.DataFrame,
    *,
    y: str = "response",
    x: str = "pct",
    official: str = "official_pct",
    poll: str = "survey_id",
    kind: str = "poll",
) -> Figure:
    """One panel per election: each answer's official share (a black bar) and every poll's
    share of it (a dot per poll: hollow for a pre-election poll, filled for an exit poll),
    with the poll's interval where its n gives one.

    ``data`` is :func:`kazparl.surveys.polls_against_count`; answers are ordered by their
    official share, polls keep one colour within a panel. The caption names the sources.
    """
    import matplotlib.pyplot as plt

    from kazparl import party_system
    from kazparl.tables import election_name

    names = party_system.party_names()
    data = data.assign(
        _label=[
            names.get(p, r) if isinstance(p, str) else r
            for p, r in zip(data["party_id"], data[y], strict=True)
        ]
    )
    y = "_label"
    elections = list(dict.fromkeys(data["election_id"]))
    heights = [max(2, data.loc[data["election_id"] == e, y].nunique()) for e in elections]
    fig, axes = plt.subplots(
        len(elections),
        1,
        figsize=(11, 0.42 * sum(heights) + 1.1 * len(elections) + 1),
        squeeze=False,
        gridspec_kw={"height_ratios": heights},
    )
    for ax, election in zip(axes.flat, elections, strict=False):
        part = data[data["election_id"] == election]
        answers = part.drop_duplicates(y).sort_values(official, ascending=True)[[y, official]]
        position = {a: i for i, a in enumerate(answers[y])}
        ax.scatter(
            answers[official].astype(float),
            range(len(answers)),
            marker="|",
            s=260,
            linewidths=2.5,
            color="#222222",
            zorder=4,
            label="official count",
        )
        surveys_ = list(dict.fromkeys(part[poll]))
        palette = {s: _colours()[i % len(_colours())] for i, s in enumerate(surveys_)}
        step = 0.6 / max(1, len(surveys_))
        for j, survey in enumerate(surveys_):
            rows = part[part[poll] == survey]
            offset = -0.3 + step * (j + 0.5)
            ys = [position[a] + offset for a in rows[y]]
            exit_poll = rows[kind].iloc[0] == "exit"
            colour = palette[survey]
            ax.scatter(
                rows[x].astype(float),
                ys,
                s=28,
                color=colour if exit_poll else "white",
                edgecolor=colour,
                zorder=3,
                label=textwrap.shorten(
                    rows["organisation"].iloc[0].split(" (")[0].split(", ")[0], 38
                )
                + f" ({rows[kind].iloc[0]})",
            )
            known = rows["ci_low"].notna().to_numpy()
            if known.any():
                ax.errorbar(
                    rows[x].astype(float)[known],
                    [v for v, k in zip(ys, known, strict=True) if k],
                    xerr=[
                        (rows[x] - rows["ci_low"]).astype(float)[known],
                        (rows["ci_high"] - rows[x]).astype(float)[known],
                    ],
                    fmt="none",
                    ecolor=colour,
                    capsize=2,
                    linewidth=1,
                )
        ax.set_yticks(range(len(answers)), [textwrap.shorten(str(a), 28) for a in answers[y]])
        ax.set_title(election_name(election), fontsize=10)
        ax.set_xlabel(fields.label(x, "survey_results"))
        ax.set_xlim(0, 100)
        ax.set_ylim(-0.6, len(answers) - 0.4)
        ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    fig.suptitle(
        "Polls against the official count (hollow: pre-election; filled: exit poll)",
        fontweight="bold",
        x=0.01,
        ha="left",
    )
    source_caption(fig, data, note="Intervals only where a poll states n; sampling error only.")
    return fig
