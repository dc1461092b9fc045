"""Figures of elections: vote and seat shares, the party-system panel, a party's series over
elections, and the parties that win seats under other thresholds.

Each party is drawn in its one colour (:func:`kazparl.plotting.party_colour`): its share of
the seats solid, its share of the votes in a lighter tint of the same colour, so a bar or a
line is read by its party and the two shares by their shade.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from kazparl import fields, party_system, tables
from kazparl.plotting import axis_labels, party_colour, source_caption

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["party_series", "party_system_panel", "seat_bars", "shares", "threshold_counts", "tint"]

#: How much of a party's colour is mixed with white for its share of the votes.
VOTE_TINT = 0.45
#: The colour of what is not a party (indices of the whole party system): party colours stay
#: for parties.
NEUTRAL = "#444444"


def tint(colour: str, amount: float = VOTE_TINT) -> tuple[float, float, float]:
    """``colour`` mixed with white: ``amount`` of the colour is kept (1: the colour itself).

    >>> tint("#000000", 0.25)
    (0.75, 0.75, 0.75)
    """
    from matplotlib.colors import to_rgb

    return tuple(round(1 - amount * (1 - c), 6) for c in to_rgb(colour))  # type: ignore[return-value]


def _split_titles(*columns: str) -> tuple[str, list[str]]:
    """The common start of the columns' titles and what is left of each, at a word boundary.

    >>> _split_titles("enp_votes", "enp_seats")
    ('effective number of parties', ['votes', 'seats'])
    """
    titles = [fields.title(c) for c in columns]
    common = titles[0]
    for other in titles[1:]:
        while not other.startswith(common):
            common = common[:-1]
    cut = max(common.rfind(" "), common.rfind(","))
    common = titles[0][: cut + 1] if cut >= 0 and len(titles) > 1 else ""
    rest = [t[len(common) :].strip(" ,") for t in titles]
    return common.strip(" ,"), rest


def _legend_patches(votes: str, seats: str) -> list[Any]:
    from matplotlib.patches import Patch

    grey = "#555555"
    return [
        Patch(facecolor=tint(grey), edgecolor=grey, label=f"{fields.title(votes)} (light)"),
        Patch(facecolor=grey, edgecolor=grey, label=f"{fields.title(seats)} (solid)"),
    ]


def shares(
    data: pd.DataFrame,
    *,
    party: str = "party_id",
    votes: str = "vote_share",
    seats: str = "seat_share",
    allocation: dict | None = None,
    title: str | None = None,
) -> Figure | None:
    """Each party's share of the votes and of the seats, as pairs of horizontal bars.

    No figure (None) when ``data`` is empty: an election whose results are not in the data
    yet gets its one sentence from :func:`kazparl.findings.vote_shares.election_result`.

    ``data``: one row per party (e.g. :func:`kazparl.party_system.list_results`), in the
    order to draw from the top. Seats are solid in the party's colour, votes a lighter tint
    of it; the value is written at the end of each bar. ``allocation``
    (:func:`kazparl.party_system.allocation_input` of the election) draws the legal threshold
    as a dashed line, and the caption says on what base it is measured.
    """
    import matplotlib.pyplot as plt

    if data.empty:
        return None
    names = party_system.party_names()
    n = len(data)
    fig, ax = plt.subplots(figsize=(8, 0.55 * n + 1.9))
    height = 0.4
    top = max(float(data[votes].max()), float(data[seats].max()))
    for i, row in enumerate(data.itertuples(index=False)):
        colour = party_colour(getattr(row, party))
        y = n - 1 - i
        pairs = ((votes, y + height / 2, tint(colour)), (seats, y - height / 2, colour))
        for column, position, shade in pairs:
            value = float(getattr(row, column))
            ax.barh(position, value, height=height, color=shade, edgecolor=colour, linewidth=0.8)
            ax.annotate(
                f"{value:.{fields.decimals(column) or 1}f}",
                (value, position),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.4, "alpha": 0.8},
            )
    ax.set_yticks(range(n), [names.get(p, p) for p in data[party]][::-1])
    ax.set_xlim(0, top * 1.12 + 1)
    ax.set_ylim(-0.7, n - 0.3)
    handles = _legend_patches(votes, seats)
    threshold = None if allocation is None else allocation["threshold"]
    if threshold is not None:
        line = ax.axvline(100 * threshold, color="#333333", linestyle="--", linewidth=1)
        line.set_label(f"legal threshold ({threshold:.0%})")
        handles.append(line)
    ax.legend(handles=handles, loc="lower right", fontsize=9)
    ax.set_xlabel(fields.unit(votes))
    election = data["election_id"].iat[0] if "election_id" in data.columns else None
    ax.set_title(
        title
        or (f"{tables.election_name(election)}: " if election else "")
        + "votes and list seats by party"
    )
    note = "Each party in its colour: seats solid, votes a lighter tint."
    if allocation is not None and allocation["threshold_base"] == "participants":
        note += (
            " The threshold is measured on the voters who took part, the bars on the votes "
            "cast for parties."
        )
    source_caption(fig, data, allocation, note=note)
    return fig


def _party_lines(ax: Axes, data: pd.DataFrame, x: str, votes: str, seats: str, colour: str) -> None:
    """A party's share of the votes (light, dashed) and of the seats (solid) over ``x``."""
    _, (vote_label, seat_label) = _split_titles(votes, seats)
    ax.plot(data[x], data[votes], marker="o", linestyle="--", color=tint(colour, 0.6))
    ax.lines[-1].set_label(f"{vote_label} (light)")
    ax.plot(data[x], data[seats], marker="o", color=colour, label=f"{seat_label} (solid)")
    top = float(max(data[votes].max(), data[seats].max()))
    ax.set_ylim(0, 105 if top > 60 else top * 1.3 + 1)
    ax.set_ylabel(fields.unit(votes))
    ax.legend(loc="best", fontsize=9)


def _year_ticks(ax: Axes, years: Sequence[int], *, label: bool = True) -> None:
    ax.set_xticks(list(years), [f"'{int(y) % 100:02d}" for y in years])
    if label:
        axis_labels(ax, x="year")


def _lineage_name(ids: Any) -> str:
    names = party_system.party_names()
    return " / ".join(dict.fromkeys(names.get(p, p) for p in ids))


def party_series(
    data: pd.DataFrame,
    *,
    x: str = "year",
    party: str = "party_id",
    votes: str = "vote_share",
    seats: str = "seat_share",
    title: str | None = None,
) -> Figure:
    """One party's share of the list votes and of the list seats over the elections.

    ``data``: one row per election (:func:`kazparl.party_system.party_series`), with the name
    the party ran under in ``party``; drawn in that party's colour.
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.2))
    colour = party_colour(data[party].iat[-1])
    _party_lines(ax, data, x, votes, seats, colour)
    _year_ticks(ax, data[x])
    ax.set_title(title or f"{_lineage_name(data[party])}: share of list votes and of list seats")
    source_caption(fig, data, note="Party-list tier only.")
    return fig


def _shares_note(data: pd.DataFrame) -> str:
    if "votes_kind" not in data.columns:
        return "Party-list tier only."
    shares_only = data.loc[data["votes_kind"] == "share", "year"].astype(int).tolist()
    if not shares_only:
        return "Party-list tier only."
    years = ", ".join(str(y) for y in shares_only)
    return f"Party-list tier only; {years} from the official shares (no vote counts)."


def party_system_panel(data: pd.DataFrame, *, x: str = "year") -> Figure:
    """Four panels over the list elections: the ruling party's shares of votes and seats, the
    effective number of parties, the Gallagher index and the votes for lists that won nothing.

    ``data``: :func:`kazparl.party_system.summary` (one row per election).
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(10, 7.2), sharex=True)
    ruling = data["ruling_party"].dropna()
    _party_lines(
        axes[0, 0], data, x, "ruling_vote_share", "ruling_seat_share", party_colour(ruling.iat[-1])
    )
    axes[0, 0].set_title(f"The ruling party ({_lineage_name(ruling)})")
    common, (by_votes, by_seats) = _split_titles("enp_votes", "enp_seats")
    for column, label, style in (("enp_votes", by_votes, "--"), ("enp_seats", by_seats, "-")):
        shade = tint(NEUTRAL, 0.6) if style == "--" else NEUTRAL
        axes[0, 1].plot(
            data[x], data[column], marker="o", linestyle=style, color=shade, label=label
        )
    axes[0, 1].set(title=common.capitalize(), ylabel=fields.unit("enp_votes"), ylim=(0, None))
    axes[0, 1].legend(fontsize=9)
    for ax, column in ((axes[1, 0], "gallagher"), (axes[1, 1], "wasted_votes")):
        ax.plot(data[x], data[column], marker="o", color=NEUTRAL)
        title = fields.title(column)
        ax.set(title=title[0].upper() + title[1:], ylabel=fields.unit(column), ylim=(0, None))
    for row in (0, 1):
        for ax in axes[row]:
            _year_ticks(ax, data[x], label=row == 1)
    source_caption(fig, data, note=_shares_note(data))
    return fig


def threshold_counts(
    data: pd.DataFrame,
    *,
    x: str = "year",
    y: str = "parties_winning",
    hue: str = "threshold",
    col: str = "method",
    official: str | None = "official_parties",
) -> Figure:
    """How many lists would win seats under each threshold, one panel per method.

    ``data``: :func:`kazparl.party_system.parties_winning`. Bars per ``x`` and ``hue`` (a
    sequential palette: thresholds are not parties); a black tick marks the number that won
    seats officially (``official``).
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    methods = list(dict.fromkeys(data[col]))
    fig, axes = plt.subplots(1, len(methods), figsize=(5.5 * len(methods), 4.2), sharey=True)
    axes = [axes] if len(methods) == 1 else list(axes)
    shown = data.assign(_hue=[f"{t:.0%}" for t in data[hue]], _x=data[x].astype(int).astype(str))
    levels = list(dict.fromkeys(shown.sort_values(hue)["_hue"]))
    top = int(data[y].max())
    for ax, method in zip(axes, methods, strict=True):
        part = shown[shown[col] == method]
        sns.barplot(
            part, x="_x", y=y, hue="_hue", hue_order=levels, palette="Blues", ax=ax, legend=True
        )
        if official is not None:
            marks = part.drop_duplicates("_x")
            order = list(dict.fromkeys(part["_x"]))
            positions = [order.index(v) for v in marks["_x"]]
            ax.hlines(
                marks[official],
                [p - 0.42 for p in positions],
                [p + 0.42 for p in positions],
                color="black",
                linewidth=2,
                label="official result",
            )
        ax.set_title(party_system.METHOD_NAMES.get(method, method))
        ax.set_xlabel(fields.title(x))
        ax.set_ylabel(fields.title(y))
        ax.set_ylim(0, top + 2.5)
        ax.legend(title=fields.title(hue), loc="upper left", ncol=4, fontsize=8, title_fontsize=8)
    fig.suptitle(
        "Lists that would win seats at each threshold", fontweight="bold", x=0.01, ha="left"
    )
    source_caption(fig, data, note="Seats recomputed with kazparl.electoral.")
    return fig


def seat_bars(
    data: pd.DataFrame,
    *,
    y: str = "scenario",
    party: str = "party_id",
    x: str = "seat_share",
    seats: str = "seats",
    title: str = "The same votes, different rules: seats by party",
    note: str | None = None,
) -> Figure:
    """One horizontal bar per ``y`` (a scenario of :func:`kazparl.systems.compare`), split
    into the parties' shares of its seats (``x``, percent) in their colours, in the order of
    ``y`` from the top; each segment wide enough is labelled with its seats. Parties are
    stacked in the order of their first appearance (largest first in the actual outcome)."""
    import matplotlib.pyplot as plt

    names = party_system.party_names()
    shown = data[data[seats].fillna(0) > 0]
    rows = list(dict.fromkeys(data[y]))
    order = list(dict.fromkeys(shown.sort_values(x, ascending=False, kind="stable")[party]))
    fig, ax = plt.subplots(figsize=(9, 0.55 * len(rows) + 2.4))
    labelled: set[str] = set()
    for i, scenario in enumerate(rows):
        part = shown[shown[y] == scenario].set_index(party)
        left, position = 0.0, len(rows) - 1 - i
        for p in (p for p in order if p in part.index):
            width = float(part.loc[p, x])
            colour = "#cccccc" if p == "independents" else party_colour(p)
            label = None if p in labelled else names.get(p, p)
            labelled.add(p)
            ax.barh(position, width, left=left, color=colour, edgecolor="white", height=0.7,
                    label=label)  # fmt: skip
            if width >= 4:
                ax.text(left + width / 2, position, str(int(part.loc[p, seats])), ha="center",
                        va="center", fontsize=8, color="white")  # fmt: skip
            left += width
    ax.set_yticks(range(len(rows)), rows[::-1])
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of the seats filled (percent)")
    ax.axvline(50, color="#333333", linestyle=":", linewidth=1)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=4, fontsize=8, frameon=False)
    ax.set_title(title)
    source_caption(
        fig, data, note=note or "Numbers in the bars are seats; the dotted line is half the seats."
    )
    return fig
