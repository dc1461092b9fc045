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

import ast
from collections.abc import Iterable
from typing import Any, TypeVar

from kazparl.errors import ParameterError, UnknownIdError

__all__ = [
    "ParameterError",
    "UnknownIdError",
    "check_namespace",
    "choice",
    "choices",
    "in_range",
    "known",
]

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


# --------------------------------------------------------------------------- names and types

#: The first line papermill writes in the cell it injects after ``parameters``.
INJECTED_HEADER = "# Parameters"


def _annotation_text(annotation: Any) -> str:
    """A runtime annotation as the ``parameters`` cell spells it: ``str``, ``list[str]``.

    >>> _annotation_text(int), _annotation_text(list[str]), _annotation_text(str | None)
    ('int', 'list[str]', 'str | None')
    """
    if isinstance(annotation, type) and not getattr(annotation, "__args__", None):
        return annotation.__name__
    return str(annotation).replace("typing.", "")


def _injected_names(history: Iterable[str]) -> list[str]:
    """The names assigned in the cells papermill injected (found in IPython's ``In``)."""
    names: list[str] = []
    for source in history:
        if not source.lstrip().startswith(INJECTED_HEADER):
            continue
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Assign):
                names += [t.id for t in node.targets if isinstance(t, ast.Name)]
    return names


def check_namespace(namespace: dict[str, Any], notebook: str) -> None:
    """Check the parameters of a running notebook, as ``kazparl run`` checks them before.

    Call it first in the check cell: ``params.check_namespace(globals(), "x.ipynb")``. It
    reads the types the ``parameters`` cell declares (its annotations, ``__annotations__``)
    and the names papermill injected (the cell starting ``# Parameters`` in ``In``), and
    raises :class:`ParameterError` with the message of
    :func:`kazparl.reports.parameters.parameter_problem` for a value of the wrong type (a
    fractional count, a list given as text) or a name the notebook does not declare. Run
    without injected parameters (JupyterLab, nbval) it checks the declared values only.

    >>> space = {"__annotations__": {"seats": int}, "seats": 3.5}
    >>> check_namespace(space, "x.ipynb")
    Traceback (most recent call last):
    ...
    kazparl.errors.ParameterError: x.ipynb: parameter 'seats' = 3.5 is a float, expected int; ...
    """
    from kazparl.reports.parameters import parameter_problem

    types = {n: _annotation_text(a) for n, a in namespace.get("__annotations__", {}).items()}
    values = {n: namespace[n] for n in types if n in namespace}
    for name in _injected_names(namespace.get("In", [])):
        if name not in types:
            values[name] = namespace.get(name)
    problem = parameter_problem(notebook, types, values)
    if problem:
        raise ParameterError(problem)
