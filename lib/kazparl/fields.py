"""What a column means: its title, unit and precision, from ``datapackage.json``.

Every field of the data package has a ``title``, a ``description`` and, for quantities, a
``unit``; columns the library derives (``vote_share``, ``enp_votes``, ``women_pct`` ...) are
described the same way in the package's ``kazparl:derived_fields``, with the decimals to show
(``kazparl:decimals``). Figures and tables take their axis labels, headers and rounding from
here, so a label is written once::

    >>> label("turnout_pct")
    'turnout (percent)'
    >>> label("vote_share")
    'share of party-list votes (percent)'
    >>> decimals("vote_share"), decimals("pct")     # pct: as the source states it
    (1, None)
"""

from __future__ import annotations

from typing import Any

from kazparl import data

__all__ = ["decimals", "field", "label", "title", "unit"]


def _index() -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], dict[str, Any]]]:
    package = data.package()  # cached by the data layer
    by_name: dict[str, dict[str, Any]] = {}
    by_table: dict[tuple[str, str], dict[str, Any]] = {}
    for item in package.get("kazparl:derived_fields", []):
        by_name[item["name"]] = item
    for res in package["resources"]:
        for item in res["schema"]["fields"]:
            by_table[(res["name"], item["name"])] = item
            by_name.setdefault(item["name"], item)
    return by_name, by_table


def field(name: str, table: str | None = None) -> dict[str, Any]:
    """The descriptor of column ``name`` (of ``table`` if given; else a derived field, else the
    first table that has it). An undescribed column gets its name as title and no unit."""
    by_name, by_table = _index()
    if table is not None and (table, name) in by_table:
        return by_table[(table, name)]
    return by_name.get(name, {"name": name, "title": name.replace("_", " ")})


def title(name: str, table: str | None = None) -> str:
    """The column's title, e.g. ``"turnout"``."""
    return str(field(name, table).get("title", name))


def unit(name: str, table: str | None = None) -> str:
    """The column's unit (``"percent"``, ``"seats"``), or ``""``."""
    return str(field(name, table).get("unit", ""))


def label(name: str, table: str | None = None) -> str:
    """An axis label: ``"<title> (<unit>)"``, or the title alone for a column without a unit."""
    u, t = unit(name, table), title(name, table)
    return f"{t} ({u})" if u and u != t else t


def decimals(name: str, table: str | None = None) -> int | None:
    """Decimals to show for a derived column; None for a sourced one (show it as stated)."""
    value = field(name, table).get("kazparl:decimals")
    return None if value is None else int(value)
