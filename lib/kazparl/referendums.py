"""Referendums side by side, and how their regional turnout compares with elections'.

Every national referendum in the package (1995-2026) from the preferred ``elections`` and
``results`` rows: registered voters, participants, turnout, the yes and no votes with the base
their shares are of (shares of valid votes in 1995, of participants from 2022: the sources
differ, and the table says which). Nothing is recomputed onto a common base.

>>> ids()[0], ids()[-1]
('referendum-1995-apr', 'referendum-2026')
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kazparl import data, params, sources, turnout

__all__ = ["ids", "regional_likeness", "table", "with_regions"]


def ids() -> list[str]:
    """The referendums in the package, in date order."""
    return [e for e in data.election_ids() if e.startswith("referendum-")]


def with_regions() -> list[str]:
    """The referendums with regional turnout in the package, in date order."""
    return [e for e in turnout.available() if e.startswith("referendum-")]


def table() -> pd.DataFrame:
    """One row per referendum: election_id, date, registered, participants, turnout_pct,
    yes_votes, yes_pct, no_votes, no_pct, yes_base and no_base (what each share is of, as
    the source states it; empty where it does not), status, and the sources of the
    ``elections`` and ``results`` rows used."""
    results = data.load("results")
    results = results[(results["tier"] == "referendum") & results["preferred"].fillna(False)]
    rows, used = [], []
    for election_id in ids():
        row = data.election(election_id)
        answers = results[results["election_id"] == election_id].set_index("candidate")

        def value(answer: str, column: str, answers: pd.DataFrame = answers) -> Any:
            if answer not in answers.index or pd.isna(answers.loc[answer, column]):
                return pd.NA
            return answers.loc[answer, column]

        rows.append(
            {
                "election_id": election_id,
                "date": row["date"],
                "registered": row["registered"],
                "participants": row["participants"],
                "turnout_pct": row["turnout_pct"],
                "yes_votes": value("yes", "votes"),
                "yes_pct": value("yes", "pct"),
                "no_votes": value("no", "votes"),
                "no_pct": value("no", "pct"),
                "yes_base": value("yes", "pct_base"),
                "no_base": value("no", "pct_base"),
                "status": row["status"],
                "source_id": "; ".join(
                    dict.fromkeys([str(row["source_id"]), *answers["source_id"].astype(str)])
                ),
            }
        )
        used += [row["source_id"], answers]
    out = pd.DataFrame(rows)
    for column in ("registered", "participants", "yes_votes", "no_votes"):
        out[column] = out[column].astype("Int64")
    for column in ("turnout_pct", "yes_pct", "no_pct"):
        out[column] = out[column].astype("Float64")
    return sources.attach(out, *used)


def regional_likeness(referendum_id: str) -> pd.DataFrame:
    """Does the referendum's regional turnout follow the elections'? Spearman's rho of its
    regional turnout with that of every other vote with regional figures
    (:func:`kazparl.turnout.rank_correlation`, regions matched by id; a region missing from
    either is dropped; a vote with fewer than three regions in common is left out):
    election_id, rho, n, preliminary. An unknown referendum, or one
    without regional figures, raises :class:`~kazparl.errors.UnknownIdError` with the choices.
    """
    params.known("referendum (with regional turnout)", referendum_id, with_regions())
    rows, used = [], []
    for other in turnout.available():
        if other == referendum_id:
            continue
        try:
            result = turnout.rank_correlation(referendum_id, other)
        except ValueError:  # fewer than three regions in common
            continue
        rows.append(
            {
                "election_id": other,
                "rho": result["rho"],
                "n": result["n"],
                "preliminary": result["preliminary"],
            }
        )
        used.append(result)
    return sources.attach(pd.DataFrame(rows), *used)
