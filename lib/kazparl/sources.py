"""Sources travel with results: one convention, and one helper for captions and table notes.

**The convention.** Every figure the library returns keeps the ids of the sources of every row
it was built from, through aggregation:

- a table whose rows each come from one source keeps a ``source_id`` column;
- every DataFrame a library function returns also carries ``frame.attrs["sources"]``, a tuple
  of source ids in order of first use (:func:`attach`), so an aggregate (one row per election
  built from many rows) still knows where its numbers come from;
- a dict result carries a ``"sources"`` key holding the same kind of tuple.

:func:`of` collects the ids from any mix of these (frames, series, dicts, ids), and
:func:`line` turns them into the text of a caption or a table note, naming each source by a
short label and its kind, so a reader sees when a figure rests on an encyclopedia copy::

    >>> line(["bowyer-2008"])
    'Source: Bowyer (2008, the 2008 paper).'
    >>> import pandas as pd
    >>> f = attach(pd.DataFrame({"x": [1]}), ["ipu-parline-2007"])
    >>> of(f.round(2))     # pandas keeps attrs through most operations; the library re-attaches
    ('ipu-parline-2007',)

Notebooks never name a source id nor assemble a source list: figure functions in
:mod:`kazparl.plotting` and tables in :mod:`kazparl.tables` call :func:`line` on their data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from kazparl import data
from kazparl.errors import UnknownIdError

__all__ = ["MAX_NAMED", "attach", "describe", "in_prose", "kind_labels", "label", "line", "of"]

_SPLIT = re.compile(r"\s*[;|,]\s*")  # ids never contain these


def _ids_in(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [s for s in _SPLIT.split(value.strip()) if s]
    if isinstance(value, pd.DataFrame):
        found = list(value.attrs.get("sources", ()))
        for column in ("source_id", "sources"):
            if column in value.columns:
                for cell in value[column].dropna():
                    found += _ids_in(cell)
        return found
    if isinstance(value, pd.Series):  # a column of ids (its inherited attrs are not used)
        return [s for cell in value.dropna() for s in _ids_in(str(cell))]
    if isinstance(value, Mapping):
        found = _ids_in(value.get("sources"))
        return found + _ids_in(value.get("source_id"))
    if isinstance(value, Iterable):
        return [s for item in value for s in _ids_in(item)]
    return []


def of(*results: Any) -> tuple[str, ...]:
    """The source ids behind ``results`` (frames, series, dicts, ids), unique, in first-use order.

    A frame gives its ``attrs["sources"]`` and its ``source_id`` column; a dict its
    ``"sources"`` and ``"source_id"``; a string may hold several ids separated by ``;``.

    >>> of({"sources": ("a", "b")}, "b; c")
    ('a', 'b', 'c')
    """
    ids: list[str] = []
    for result in results:
        ids += _ids_in(result)
    return tuple(dict.fromkeys(ids))


def attach(frame: pd.DataFrame, *results: Any) -> pd.DataFrame:
    """Set ``frame.attrs["sources"]`` to the sources of its own ``source_id`` column and of
    ``results`` (what it was built from); returns ``frame`` (changed in place).

    Sources ``frame`` inherited through pandas (a filtered frame keeps its parent's
    ``attrs``) are replaced, not kept: pass what the result was actually built from, so a
    caption never names a source whose rows were filtered out.

    >>> import pandas as pd
    >>> whole = attach(pd.DataFrame({"source_id": ["a", "b"]}))
    >>> part = whole[whole["source_id"] == "a"]
    >>> of(part), of(attach(part))
    (('a', 'b'), ('a',))
    """
    own = frame[[c for c in ("source_id", "sources") if c in frame.columns]]
    frame.attrs["sources"] = of(pd.DataFrame(own), *results)
    return frame


def kind_labels() -> dict[str, str]:
    """Reader labels of the kinds of source (``sources.kind``), from ``datapackage.json``.

    >>> kind_labels()["encyclopedia"]
    'encyclopedia copy'
    """
    for field in data.describe_fields("sources"):
        if field["name"] == "kind":
            return dict(field.get("kazparl:labels", {}))
    return {}


def _table() -> pd.DataFrame:
    return data.load("sources").set_index("source_id")


def _who(row: pd.Series) -> str:
    """The paper by its authors' surnames; anything else by who published it."""
    if row["kind"] in ("paper", "research") and isinstance(row["author"], str):
        names = [part.strip() for part in re.split(r";|,| and ", row["author"]) if part.strip()]
        surnames = [n.split()[-1] for n in names if n]
        if len(surnames) > 2:
            return f"{surnames[0]} et al."
        return " and ".join(surnames)
    for column in ("publisher", "author"):
        if isinstance(row[column], str) and row[column]:
            return row[column]
    return str(row.name)


def label(source_id: str) -> str:
    """A short label of one source: who published it and when, e.g. ``IPU (2007)``.

    Raises :class:`~kazparl.errors.UnknownIdError` for an id not in the sources table.
    """
    return _label(_known(source_id, _table()))


def _known(source_id: str, table: pd.DataFrame) -> pd.Series:
    if source_id not in table.index:
        raise UnknownIdError("source_id", source_id, where="the sources table (data/sources.csv)")
    return table.loc[source_id]


def _label(row: pd.Series) -> str:
    return f"{_who(row)} ({_year(row)})"


def _year(row: pd.Series) -> str:
    return str(row["date"])[:4] if isinstance(row["date"], str) and row["date"] else "n.d."


def describe(*results: Any) -> pd.DataFrame:
    """One row per source behind ``results``: source_id, who, year, kind, kind_label, title, url."""
    table = _table()
    labels = kind_labels()
    rows = []
    for sid in of(*results):
        row = _known(sid, table)
        rows.append(
            {
                "source_id": sid,
                "who": _who(row),
                "year": _year(row),
                "kind": str(row["kind"]),
                "kind_label": labels.get(str(row["kind"]), str(row["kind"])),
                "title": row["title"],
                "url": row["url"],
            }
        )
    return pd.DataFrame(
        rows, columns=["source_id", "who", "year", "kind", "kind_label", "title", "url"]
    )


#: Beyond this many publishers a source line counts the sources by kind instead of naming them.
MAX_NAMED = 40


def line(*results: Any, note: str | None = None) -> str:
    """``"Sources: <who> (<years>, <kind>); ..."`` for everything behind ``results``.

    Sources with the same publisher and kind are named once with all their years
    (``IPU (2007, 2016, international organisation)``); an undated source says ``n.d.``.
    More than :data:`MAX_NAMED` publishers are counted by kind of source instead (a
    comparison of six countries cites hundreds). ``note`` is appended as a sentence. With no
    sources at all the line says so, rather than
    pretending: ``"Source: computed by kazparl from the data package."``

    >>> line(["ipu-press-298-2008-03-04", "ipu-press-2013-03-05", "itwiki7-1999-legislative"])
    'Sources: Inter-Parliamentary Union (2008, 2013, international organisation);
    it.wiki7.org (n.d., encyclopedia copy).'
    """
    found = describe(*results)
    if found.empty:
        text = "Source: computed by kazparl from the data package."
    else:
        parts = []
        for (who, kind), group in found.groupby(["who", "kind_label"], sort=False):
            years = ", ".join(dict.fromkeys(group["year"]))
            parts.append(f"{who} ({years}, {kind})")
        noun = "Source" if len(found) == 1 else "Sources"
        if len(parts) > MAX_NAMED:  # too many to read under a figure: counted by kind
            kinds = found["kind_label"].value_counts()
            counted = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
            text = (
                f"Sources: {len(found)} sources ({counted}); each row's source is in its "
                "table's source_id and in data/sources.csv."
            )
        else:
            text = f"{noun}: " + "; ".join(parts) + "."
    return f"{text} {note.strip()}" if note else text


def in_prose(*results: Any, years: bool = False) -> str:
    """The sources behind ``results`` for a parenthesis in a sentence (Markdown-escaped):
    ``"Bowyer, the 2008 paper"``, or with ``years`` ``"Bowyer (2008, the 2008 paper)"``;
    several are joined by ``"; "``.

    >>> in_prose(["bowyer-2008", "itwiki7-1999-legislative"])
    'Bowyer, the 2008 paper; it.wiki7.org, encyclopedia copy'
    >>> in_prose("bowyer-2008", years=True)
    'Bowyer (2008, the 2008 paper)'
    """
    from kazparl.prose import escape

    found = describe(*results)
    parts = [
        f"{escape(r.who)} ({r.year}, {r.kind_label})"
        if years
        else f"{escape(r.who)}, {r.kind_label}"
        for r in found.itertuples()
    ]
    return "; ".join(dict.fromkeys(parts))
