"""Sentences that state figures from the data, written by code so the tests check them.

A notebook's Markdown cells explain: the question, the method, the caveats. A sentence that
states a figure derived from ``data/`` is written by a small library function (a *finding*,
in :mod:`kazparl.findings`) that returns :class:`Markdown`; the notebook cell displays it, so
the sentence is a cell output that nbval compares like a table. A changed figure in ``data/``
then changes the sentence and fails ``make test`` until the notebook is re-executed.

The helpers here format numbers the same way everywhere and keep data strings inert:

    >>> pct(53.94), pct(4.5, 2), points(-24.6), count(1234567)
    ('53.9%', '4.50%', '−24.6 points', '1,234,567')
    >>> of(4, 107)
    '4 of 107 (3.7%)'
    >>> listing(["Amanat", "Auyl", "Respublica"])
    'Amanat, Auyl and Respublica'
    >>> Markdown("**bold**")._repr_markdown_()
    '**bold**'
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable
from typing import Any

__all__ = [
    "Markdown",
    "as_stated",
    "count",
    "escape",
    "listing",
    "not_applicable",
    "number",
    "of",
    "ordinal",
    "paragraph",
    "pct",
    "points",
]

MINUS = "\u2212"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~])")


class Markdown(str):
    """A string that Jupyter displays as Markdown (and prints as itself)."""

    def _repr_markdown_(self) -> str:
        return str(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


def escape(text: Any) -> str:
    """A data string made inert in Markdown and HTML (``<script>`` shows as text).

    >>> escape("<b>Ak *Zhol*</b>")
    '&lt;b&gt;Ak \\\\*Zhol\\\\*&lt;/b&gt;'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


def _signed(text: str) -> str:
    return MINUS + text[1:] if text.startswith("-") else text


def number(x: float, decimals: int = 1) -> str:
    """``x`` with ``decimals`` places, a thousands separator and a true minus sign."""
    if _nan(x):
        return "—"
    return _signed(f"{float(x):,.{decimals}f}")


def count(n: int) -> str:
    """A whole count with thousands separators: ``1,234,567``."""
    return _signed(f"{int(n):,}")


def pct(x: float, decimals: int = 1) -> str:
    """A percentage: ``53.9%``."""
    return "—" if _nan(x) else number(x, decimals) + "%"


def points(x: float, decimals: int = 1) -> str:
    """A difference of percentages: ``−24.6 points``."""
    return "—" if _nan(x) else number(x, decimals) + " points"


def as_stated(x: float) -> str:
    """A sourced figure with the decimals it has in the source (``4.62``, ``22.5``, ``98``)."""
    text = repr(float(x))
    if text.endswith(".0"):
        text = text[:-2]
    return _signed(text)


def of(part: int, whole: int, decimals: int = 1) -> str:
    """``"4 of 107 (3.7%)"``: a count of a whole, with its share."""
    return f"{count(part)} of {count(whole)} ({pct(100 * part / whole, decimals)})"


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``22nd``.

    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def listing(items: Iterable[str], conjunction: str = "and") -> str:
    """``"a, b and c"``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def paragraph(*sentences: str) -> Markdown:
    """Sentences joined into one Markdown paragraph (empty ones are left out)."""
    return Markdown(" ".join(s.strip() for s in sentences if s and s.strip()))


def not_applicable(what: str, why: str) -> Markdown:
    """The one line a section says when it does not apply to the chosen parameters."""
    return Markdown(f"*{what} does not apply here: {why}.*")


def _nan(x: Any) -> bool:
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return True
