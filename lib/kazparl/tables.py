"""Tables for readers: names instead of ids, the source's precision, "—" for missing, a source note.

Library functions return tidy frames keyed by ids (``party_id``, ``region_id``); code keeps
using those. :func:`show` turns such a frame into what a report prints:

- party and region ids become their names (``parties.name_short``, ``regions.name_en``) and
  election ids read ``Majilis 2007``;
- headers are the columns' titles from ``datapackage.json`` (:mod:`kazparl.fields`);
- a sourced figure keeps the decimals its source gives (22.5 stays 22.5, 60.61 stays 60.61);
  a derived one is rounded to the decimals its field declares;
- a missing value is a dash, never ``NaN`` or ``<NA>``;
- the note under the table names its sources (:func:`kazparl.sources.line`).

>>> import pandas as pd
>>> frame = pd.DataFrame({"party_id": ["nur-otan"], "vote_share": [88.412], "seats": [pd.NA]})
>>> readable(frame).to_dict("records")
[{'party': 'Nur Otan', 'share of party-list votes (%)': '88.4', 'seats': '—'}]
"""

from __future__ import annotations

import hashlib
import html
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

from kazparl import data, fields, prose, sources

__all__ = ["ReaderTable", "election_name", "readable", "show"]

DASH = "—"
_NAME_COLUMNS = {
    "party_id": ("party", "parties", "party_id", "name_short"),
    "ruling_party": ("ruling party", "parties", "party_id", "name_short"),
    "region_id": ("region", "regions", "region_id", "name_en"),
}
_BODIES = {"majilis": "Majilis", "president": "Presidential", "senate": "Senate"}
#: The neighbours' chambers, for ids like ``ru-duma-2007``.
_NEIGHBOURS = {
    "ru": ("Russia", "Duma"),
    "kg": ("Kyrgyzstan", "Jogorku Kenesh"),
    "uz": ("Uzbekistan", "Legislative Chamber"),
    "tj": ("Tajikistan", "Assembly of Representatives"),
    "tm": ("Turkmenistan", "Mejlis"),
}


def election_name(election_id: str) -> str:
    """``majilis-2007`` -> ``Majilis 2007``; ``referendum-1995-08`` -> ``Referendum 1995-08``.

    >>> election_name("president-2019"), election_name("kg-jogorku-kenesh-2007")
    ('Presidential 2019', 'Kyrgyzstan, Jogorku Kenesh 2007')
    """
    prefix, _, tail = str(election_id).partition("-")
    if prefix in _NEIGHBOURS:
        country, chamber = _NEIGHBOURS[prefix]
        return f"{country}, {chamber} {tail.rpartition('-')[2]}"
    body, _, rest = str(election_id).partition("-")
    return f"{_BODIES.get(body, body.capitalize())} {rest}".strip()


def _names(column: str) -> dict[str, str]:
    _, table, key, name = _NAME_COLUMNS[column]
    return data.load(table).set_index(key)[name].astype(str).to_dict()


def _header(column: str, table: str | None) -> str:
    title = fields.title(column, table)
    unit = fields.unit(column, table)
    return f"{title} (%)" if unit.startswith("percent") else title


def _format(value: Any, places: int | None) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return DASH
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int):
        return prose.count(value) if abs(value) >= 10_000 else str(value)
    if isinstance(value, float):
        if places is None:
            return prose.as_stated(value)
        return prose.number(value, places) if places else prose.count(round(value))
    return str(value)


def _is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def readable(
    frame: pd.DataFrame,
    *,
    table: str | None = None,
    columns: Sequence[str] | None = None,
    decimals: dict[str, int] | None = None,
) -> pd.DataFrame:
    """``frame`` as strings for reading: names for ids, titles for headers, formatted values.

    ``table`` names the data-package table the columns come from (for their titles);
    ``columns`` picks and orders them (default: all but ``source_id``, ``source_locator`` and
    ``note``); ``decimals`` overrides the decimals of some columns. The index is dropped.
    """
    decimals = decimals or {}
    out = frame.reset_index(drop=True).copy()
    chosen = _chosen(out, columns)
    shown: dict[str, list[str]] = {}
    for column in chosen:
        values = out[column]
        if column in _NAME_COLUMNS:
            names = _names(column)
            header = _NAME_COLUMNS[column][0]
            shown[header] = [DASH if _is_missing(v) else names.get(v, v) for v in values]
            continue
        if column == "election_id":
            shown[_header(column, table)] = [
                DASH if _is_missing(v) else election_name(v) for v in values
            ]
            continue
        places = decimals.get(column, fields.decimals(column, table))
        if places is None and pd.api.types.is_float_dtype(values.dtype):
            places = None if _sourced(column, table) else 2
        shown[_header(column, table)] = [
            _format(None if _is_missing(v) else _plain(v), places) for v in values
        ]
    return pd.DataFrame(shown)


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") and not isinstance(value, pd.Timestamp) else value


def _sourced(column: str, table: str | None) -> bool:
    """A column of the data package (shown as stated) rather than one the code derived."""
    described = fields.field(column, table)
    return "kazparl:decimals" not in described and "type" in described


def show(
    frame: pd.DataFrame,
    *,
    table: str | None = None,
    columns: Sequence[str] | None = None,
    decimals: dict[str, int] | None = None,
    note: str | None = None,
    sources_of: Any = None,
) -> ReaderTable | None:
    """A reader's table (a pandas ``Styler``): :func:`readable` plus a source note beneath.

    None (nothing shown) for an empty ``frame``: the finding beside it says why there is
    nothing to show.

    The note names the sources of ``frame`` (its ``attrs["sources"]`` and ``source_id``
    column), or of ``sources_of`` when given. Long text wraps, so the table fits a page.
    """
    if frame.empty:
        return None
    text = readable(frame, table=table, columns=columns, decimals=decimals)
    line = sources.line(frame if sources_of is None else sources_of, note=note)
    digest = hashlib.sha1((text.to_csv() + line).encode()).hexdigest()[:8]
    numeric = [
        position
        for position, column in enumerate(_chosen(frame, columns))
        if pd.api.types.is_numeric_dtype(frame[column].dtype)
        and not pd.api.types.is_bool_dtype(frame[column].dtype)
    ]
    styler = ReaderTable(
        text, uuid=f"kazparl-{digest}", plain=f"{text.to_string(index=False)}\n{line}"
    )
    styler = styler.hide(axis="index").format(escape="html")
    styler.set_caption(html.escape(line))
    cells = "padding: 0.2em 0.6em; vertical-align: top; max-width: 28em; white-space: normal;"
    styles = [
        {"selector": "", "props": "font-size: 0.9em; border-collapse: collapse;"},
        {
            "selector": "caption",
            "props": "caption-side: bottom; text-align: left; font-size: 0.85em; color: #555;",
        },
        {"selector": "td, th", "props": cells + " text-align: left;"},
        {"selector": "th", "props": "border-bottom: 1px solid #999;"},
    ]
    for position in numeric:
        styles.append({"selector": f".col{position}", "props": "text-align: right;"})
    styler.set_table_styles(styles)
    return styler


class ReaderTable(Styler):
    """A reader's table: HTML through pandas' ``Styler``, and as plain text the table and its
    source note (not ``<Styler at 0x...>``), so text views and notebook diffs show the figures."""

    def __init__(self, data: pd.DataFrame, *, plain: str = "", **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.plain = plain

    def _copy(self, deepcopy: bool = False) -> ReaderTable:  # pandas copies before rendering
        new = super()._copy(deepcopy=deepcopy)
        new.plain = self.plain
        return new

    def __repr__(self) -> str:
        return self.plain

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(self.plain)


def _chosen(frame: pd.DataFrame, columns: Sequence[str] | None) -> list[str]:
    if columns is not None:
        return list(columns)
    hidden = ("source_id", "source_locator", "note", "preferred")
    return [c for c in frame.columns if c not in hidden]
