"""kazparl: Kazakhstan's parliament and political parties, 1994 to the latest election.

The package is thin and imports nothing heavy at start-up; its modules load on first use::

    >>> import kazparl
    >>> elections = kazparl.data.load("elections")   # pandas is imported here, not before

Modules: ``data`` (the one door into data/), ``audit`` (the paper's claims against the
data), ``electoral`` (seat rules and party-system indices), ``party_system`` (those applied to
the elections in the data), ``surveys``, ``deputies``, ``turnout`` (the statistics of their
notebooks), ``params`` (notebook parameter checks), ``plotting`` (theme and source captions),
``reports`` (the report runner), ``paths``.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"
__all__ = [
    "audit",
    "data",
    "deputies",
    "electoral",
    "params",
    "party_system",
    "paths",
    "plotting",
    "reports",
    "surveys",
    "turnout",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'kazparl' has no attribute {name!r}")
