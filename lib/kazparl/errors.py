"""The suite's two exception types for bad input, shared by every module.

- :class:`ParameterError`: a value a function or notebook cannot use (a threshold of 1.5, a
  method that does not exist); the message states what is valid.
- :class:`UnknownIdError`: an id the data package does not have (a table, an election, a
  party, a region, a source, a chamber, a survey theme, a claim topic). It is a
  :class:`ParameterError` and a :class:`KeyError`, so either ``except`` catches it, and its
  message lists the ids that exist::

      >>> raise UnknownIdError("election", "majilis-2008", ["majilis-2007"])
      Traceback (most recent call last):
      ...
      kazparl.errors.UnknownIdError: election = 'majilis-2008' is not valid; choose one of: ...

Data files that break their schema raise :class:`kazparl.data.DataError` instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["ParameterError", "UnknownIdError"]


class ParameterError(ValueError):
    """A parameter has a value the notebook (or function) cannot use."""


class UnknownIdError(ParameterError, KeyError):
    """An id that the data package does not have; the message lists the valid ones."""

    def __init__(self, what: str, value: Any, valid: Iterable[Any] = (), *, where: str = ""):
        self.what, self.value, self.valid = what, value, list(valid)
        if where:  # too many ids to list: say where they are
            super().__init__(f"{what} = {value!r} is not in {where}")
            return
        listed = ", ".join(str(v) for v in self.valid) or "(none available)"
        super().__init__(f"{what} = {value!r} is not valid; choose one of: {listed}")

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])
