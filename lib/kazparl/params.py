"""Checks for notebook parameters: a bad value fails at the top with the valid choices listed.

Every notebook's cell after ``parameters`` calls these, so that ``year = 2008`` (no election)
fails at once with what would have worked, rather than as a KeyError twenty cells later::

    >>> from kazparl import params
    >>> params.choice("method", "dhondt", ["largest_remainder", "dhondt"])
    'dhondt'
    >>> params.choice("method", "hare", ["largest_remainder", "dhondt"])
    Traceback (most recent call last):
    ...
    kazparl.errors.ParameterError: method = 'hare' is not valid; choose one of: ...

:func:`choice` is for options (methods, modes); :func:`known` and :func:`choices` are for ids
of the data package (elections, chambers, regions) and raise
:class:`~kazparl.errors.UnknownIdError`, the one error type for an unknown id.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from kazparl.errors import ParameterError, UnknownIdError

__all__ = ["ParameterError", "UnknownIdError", "choice", "choices", "in_range", "known"]

T = TypeVar("T")


def choice(name: str, value: T, valid: Iterable[T]) -> T:
    """Return ``value`` if it is one of ``valid``; else raise listing the valid values."""
    options = list(valid)
    if value not in options:
        listed = ", ".join(str(o) for o in options) or "(none available)"
        raise ParameterError(f"{name} = {value!r} is not valid; choose one of: {listed}")
    return value


def known(name: str, value: T, valid: Iterable[T]) -> T:
    """Return ``value`` if it is one of the ids in ``valid``; else raise
    :class:`~kazparl.errors.UnknownIdError` listing them (an election, a chamber, a table...).

    >>> known("table", "votes", ["elections", "sources"])
    Traceback (most recent call last):
    ...
    kazparl.errors.UnknownIdError: table = 'votes' is not valid; choose one of: elections, sources
    """
    options = list(valid)
    if value not in options:
        raise UnknownIdError(name, value, options)
    return value


def choices(name: str, values: Iterable[T], valid: Iterable[T]) -> list[T]:
    """Return ``values`` as a list if each is one of the ids in ``valid``; else raise
    :class:`~kazparl.errors.UnknownIdError` naming the bad ones and listing the valid ones."""
    options = list(valid)
    if isinstance(values, str):
        raise ParameterError(f"{name} must be a list, got the string {values!r}")
    chosen = list(values)
    bad = [v for v in chosen if v not in options]
    if bad:
        listed = ", ".join(str(o) for o in options) or "(none available)"
        error = UnknownIdError(name, bad, options)
        error.args = (
            f"{name} contains {', '.join(repr(b) for b in bad)}, not valid; choose from: {listed}",
        )
        raise error
    return chosen


def in_range(
    name: str,
    value: float,
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` if it lies in the interval; else raise stating the interval.

    ``low_open``/``high_open`` exclude the bounds: ``in_range("confidence", c, 0, 1,
    low_open=True, high_open=True)`` accepts 0 < c < 1.
    """
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        lo = "-inf" if low is None else low
        hi = "inf" if high is None else high
        raise ParameterError(
            f"{name} = {value!r} is outside the valid range {left}{lo}, {hi}{right}"
        )
    return value
