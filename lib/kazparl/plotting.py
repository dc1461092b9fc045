"""One look for every figure: the theme, stable party colours and the source caption.

Every figure in the suite says where its numbers come from::

    >>> import matplotlib.pyplot as plt
    >>> from kazparl import plotting
    >>> plotting.set_theme()
    >>> fig, ax = plt.subplots()
    >>> plotting.source_caption(fig, ["bowyer-2008"])   # "Source: Bowyer (2008), ..."
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["PARTY_COLOURS", "party_colour", "set_theme", "source_caption", "source_line"]

# The ruling party keeps one colour through its renamings (Otan, Nur Otan, Amanat).
PARTY_COLOURS: dict[str, str] = {
    "otan": "#1f5fa8",
    "nur-otan": "#1f5fa8",
    "amanat": "#1f5fa8",
    "ak-zhol": "#e0a800",
    "cppk": "#c0392b",
    "ppk": "#c0392b",
    "cpk": "#8e1b10",
    "nsdp": "#e67e22",
    "auyl": "#2e8b57",
    "respublica": "#7d3c98",
    "baitak": "#16a085",
    "asar": "#5dade2",
    "aist-bloc": "#a3b18a",
    "independents": "#7f7f7f",
}
_FALLBACK = ["#4c72b0", "#dd8452", "#55a868", "#8172b3", "#937860", "#da8bc3", "#8c8c8c"]


def party_colour(party_id: str) -> str:
    """The colour of a party, the same in every figure (unknown parties: a stable fallback)."""
    if party_id in PARTY_COLOURS:
        return PARTY_COLOURS[party_id]
    index = int(hashlib.sha256(party_id.encode()).hexdigest(), 16) % len(_FALLBACK)
    return _FALLBACK[index]


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
            "figure.constrained_layout.use": True,
        }
    )


def source_line(source_ids: Iterable[str], note: str | None = None) -> str:
    """``"Source: <publisher/author> (<year>); ..."`` for the given source ids, from data/."""
    from kazparl import data

    sources = data.load("sources").set_index("source_id")
    parts = []
    for sid in dict.fromkeys(source_ids):  # unique, in order
        if sid not in sources.index:
            raise KeyError(f"unknown source_id {sid!r}")
        row = sources.loc[sid]
        # the paper by its author; everything else by who published it (Reuters, IPU, a wiki)
        first, second = (
            ("author", "publisher") if row["kind"] == "paper" else ("publisher", "author")
        )
        who = row[first] if isinstance(row[first], str) else row[second]
        year = str(row["date"])[:4] if isinstance(row["date"], str) else "n.d."
        parts.append(f"{who} ({year})")
    text = ("Source: " + "; ".join(parts) + ". " if parts else "Source: ") + "kazparl data package."
    return f"{text} {note}" if note else text


def source_caption(fig: Figure, source_ids: Iterable[str], note: str | None = None) -> None:
    """Write :func:`source_line` under the figure, left-aligned, in small grey type."""
    import textwrap

    text = textwrap.fill(source_line(source_ids, note), width=130)
    fig.supxlabel(text, x=0.0, ha="left", fontsize=8, color="#555555")
