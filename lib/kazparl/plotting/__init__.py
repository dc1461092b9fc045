"""Figures for the notebooks, in the seaborn manner: ``data=`` and column names in, a Figure out.

Every figure function here

- takes a tidy frame as ``data=`` and the names of its columns;
- colours each party with its one colour (:data:`PARTY_COLOURS`; a party keeps its colour
  through renamings, and in every notebook and the book);
- takes axis labels and units from the field metadata of ``datapackage.json``
  (:mod:`kazparl.fields`);
- writes the source caption under the figure by itself, from the sources that travel with
  ``data`` (:mod:`kazparl.sources`): a notebook never names a source.

The functions are grouped by subject: :mod:`~kazparl.plotting.elections` (vote and seat
shares, the party-system panel, a party's series, seats under other thresholds),
:mod:`~kazparl.plotting.regions` (ranked regions, regions over elections),
:mod:`~kazparl.plotting.surveys` (answers with intervals, trend panels),
:mod:`~kazparl.plotting.deputies` (age bands, women against the world) and
:mod:`~kazparl.plotting.counts` (stacked counts by category)::

    >>> from kazparl import plotting
    >>> plotting.party_colour("nur-otan") == plotting.party_colour("amanat")   # one lineage
    True
"""

from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kazparl import fields, sources

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "PARTY_COLOURS",
    "against_world",
    "answer_bars",
    "axis_labels",
    "band_bars",
    "comet",
    "country_panels",
    "integer_peaks",
    "party_colour",
    "party_palette",
    "party_series",
    "party_system_panel",
    "polls_against_count",
    "ranked",
    "region_lines",
    "seat_bars",
    "set_theme",
    "shares",
    "source_caption",
    "spread_strips",
    "stacked_counts",
    "threshold_counts",
    "trend_panels",
]

#: One colour per party, the same in every figure. A renamed party keeps its colour (Otan,
#: Nur Otan, Amanat; CPPK and the People's Party; Birlik and Adal; Naghyz Ak Zhol and Azat);
#: parties that ran in the same election never share one (tested).
PARTY_COLOURS: dict[str, str] = {
    "otan": "#1f5fa8",
    "nur-otan": "#1f5fa8",
    "amanat": "#1f5fa8",
    "asar": "#5dade2",
    "civic-party": "#8e6c8a",
    "agrarian-party": "#6b8e23",
    "aist-bloc": "#a3b18a",
    "rukhaniyat": "#17becf",
    "patriots": "#8c564b",
    "adilet": "#bcbd22",
    "birlik": "#b07aa1",
    "adal": "#b07aa1",
    "ak-zhol": "#e0a800",
    "naghyz-ak-zhol": "#d4a373",
    "azat": "#d4a373",
    "nsdp": "#e67e22",
    "alga": "#ff9da7",
    "cpk": "#8e1b10",
    "cpk-dck-bloc": "#a93226",
    "cppk": "#c0392b",
    "ppk": "#c0392b",
    "auyl": "#2e8b57",
    "respublica": "#7d3c98",
    "baitak": "#16a085",
    "dck": "#d98880",
    "rnpk": "#5f6a6a",
    "azamat": "#76b7b2",
    "united-democratic-party": "#9c755f",
    "snek": "#4c72b0",
    "peoples-congress": "#edc948",
    "socialist-party": "#e15759",
    "federation-of-trade-unions": "#86bcb6",
    "lad": "#f1ce63",
    "azat-movement": "#b6992d",
    "nevada-semipalatinsk": "#499894",
    "democratic-party": "#79706e",
    "republican-labour-party": "#d37295",
    "alash": "#a0cbe8",
    "renaissance-party": "#fabfd2",
    "independents": "#7f7f7f",
    "peasants-union": "#8cd17d",
    "human-rights-committee": "#d4a6c8",
    "youth-union": "#9d7660",
    "peoples-cooperative-party": "#ffbe7d",
}
#: Colours for what is not a party: highlighted regions, answers, series.
ACCENTS = ("#c0392b", "#1f5fa8", "#2e8b57", "#e0a800", "#7d3c98", "#16a085", "#e67e22")
MUTED = "#bbbbbb"
LIGHT = "#9bb7d4"


def party_colour(party_id: str) -> str:
    """The colour of a party, the same in every figure.

    Raises :class:`~kazparl.errors.UnknownIdError` for a party without one, so a new party
    in the data cannot silently borrow another's colour (the tests check every party has one).
    """
    from kazparl.errors import UnknownIdError

    if party_id not in PARTY_COLOURS:
        raise UnknownIdError("party_id (in plotting.PARTY_COLOURS)", party_id, PARTY_COLOURS)
    return PARTY_COLOURS[party_id]


def party_palette(party_ids: Any) -> dict[str, str]:
    """``{party_id: colour}`` for the given parties (for seaborn's ``palette=``)."""
    return {p: party_colour(p) for p in dict.fromkeys(party_ids)}


def set_theme() -> None:
    """Apply the suite's seaborn theme (white grid, readable sizes, fixed figure size and DPI)."""
    import matplotlib as mpl
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook")
    mpl.rcParams.update(
        {
            "figure.figsize": (8.0, 4.5),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.titlesize": 12,
            "figure.constrained_layout.use": True,
        }
    )


def source_caption(fig: Figure, *data: Any, note: str | None = None) -> str:
    """Write the source line of ``data`` (:func:`kazparl.sources.line`) under ``fig``.

    Returns the text written, left-aligned in small grey type, wrapped to the figure's width.
    """
    text = sources.line(*data, note=note)
    width = max(60, int(fig.get_figwidth() * 17))  # about 17 characters of 8 pt per inch
    fig.supxlabel(textwrap.fill(text, width=width), x=0.0, ha="left", fontsize=8, color="#555555")
    return text


@contextlib.contextmanager
def seeded_jitter(seed: int = 0) -> Iterator[None]:
    """Within the block, numpy's global generator is seeded (and restored after): seaborn's
    strip plots jitter with it, so the same data give the same picture on every run."""
    import numpy as np

    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def axis_labels(
    ax: Axes, *, x: str | None = None, y: str | None = None, table: str | None = None
) -> None:
    """Label the axes with the columns' titles and units from ``datapackage.json``."""
    if x is not None:
        ax.set_xlabel(fields.label(x, table))
    if y is not None:
        ax.set_ylabel(fields.label(y, table))


_FIGURES = {
    "shares": "elections",
    "party_system_panel": "elections",
    "party_series": "elections",
    "threshold_counts": "elections",
    "country_panels": "countries",
    "seat_bars": "elections",
    "ranked": "regions",
    "region_lines": "regions",
    "answer_bars": "surveys",
    "trend_panels": "surveys",
    "polls_against_count": "surveys",
    "band_bars": "deputies",
    "against_world": "deputies",
    "stacked_counts": "counts",
    "age_strips": "members",
    "bands_beside": "members",
    "comet": "stations",
    "integer_peaks": "stations",
    "spread_strips": "stations",
}


def __getattr__(name: str) -> Any:
    """The figure functions, imported from their subject module on first use."""
    import importlib

    if name in _FIGURES:
        return getattr(importlib.import_module(f"{__name__}.{_FIGURES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
