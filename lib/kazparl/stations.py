"""Polling-station results of Russia's Duma elections, 2007–2021, read and reconciled.

The four files in ``data/raw/stations/`` are the zipped CSVs of the repository
``dkobak/elections`` (scraped by Sergey Shpilkin from the Russian election commission's site,
izbirkom.ru), kept byte for byte as they come. ``datapackage.json`` describes each under
``kazparl:raw_files``: its origin (repository, path, commit), size, SHA-256 and the totals the
repository's README reconciles it with (stations, registered voters, and for 2007 the eleven
stations without ballots that the README leaves out to match the commission's figure).

:func:`read` refuses a file that is not the described copy or does not reconcile, with a
:class:`~kazparl.data.DataError` that names the file and the rule broken. It returns one row
per polling station with one naming of the protocol lines across the four elections
(:data:`LINES`), the ruling party's votes, and two derived columns with their formulas:

- ``turnout_pct`` = 100 × (ballots issued early + on the day + outside the station) / registered,
  the commission's turnout;
- ``ruling_pct`` = 100 × United Russia's votes / (valid + invalid ballots), the commission's
  base for a party's share (the ballots found in the boxes).

>>> frame = read("ru-duma-2021")
>>> len(frame), int(frame["registered"].sum())
(96325, 109204662)
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kazparl import data, paths
from kazparl.data import DataError, Problem
from kazparl.errors import UnknownIdError

#: The protocol lines, named once: canonical name -> words that identify the column header
#: in every year's file (the commission's wording changes slightly between elections).
LINES: dict[str, tuple[str, ...]] = {
    "registered": ("Число избирателей, внесенных в спис",),
    "ballots_received": ("бюллетеней, полученных участков",),
    "issued_early": ("проголосовавшим досрочно",),
    "issued_on_site": ("бюллетеней, выданных", "в помещени"),
    "issued_off_site": ("бюллетеней, выданных", "вне помещени"),
    "cancelled": ("Число погашенных избирательных бюллетеней",),
    "in_portable_boxes": ("переносных ящиках",),
    "in_stationary_boxes": ("стационарных ящиках",),
    "invalid": ("Число недействительных",),
    "valid": ("Число действительных",),
    "lost": ("Число утраченных избирательных бюллетеней",),
    "unaccounted": ("бюллетеней, не учтенных",),
    "absentee_received": ("открепительных удостоверений, полученных",),
    "absentee_issued_station": ("открепительных удостоверений, выданных", "участк"),
    "absentee_voted": ("проголосовавших по открепительным",),
    "absentee_cancelled": ("погашенных неиспользованных открепительных",),
    "absentee_issued_territorial": ("территориальной избирательной комиссией",),
    "absentee_lost": ("утраченных открепительных",),
    "absentee_unaccounted": ("не учтенных открепительных",),
}
#: The geography columns: the file's name -> ours.
PLACES = {"region": "region", "oik": "district", "tik": "territory", "uik": "station"}
ISSUED = ["issued_early", "issued_on_site", "issued_off_site"]
#: The ruling party's column is the one whose header contains this name; its party id.
RULING = "ЕДИНАЯ РОССИЯ"
RULING_PARTY = "ru-united-russia"
#: How the files mark remote electronic voting (2021), as the territorial commission's name.
ELECTRONIC_LABEL = "Дистанционное электронное голосование"
#: In a file whose entry says it holds electronic voting (2021), stations above this many
#: registered voters are treated as electronic too (Moscow's online vote is counted in fifteen
#: such "stations"); the cut Kobak's 2021 notebook uses to tell them from physical stations.
ELECTRONIC_MIN_REGISTERED = 10_000


def manifest(folder: Path | None = None) -> list[dict[str, Any]]:
    """The ``kazparl:raw_files`` entries of the data package (origin, checksum, totals)."""
    return list(data.package(folder).get("kazparl:raw_files", []))


def elections(folder: Path | None = None) -> list[str]:
    """The election ids with a station file, in date order."""
    return [entry["election_id"] for entry in manifest(folder)]


def _entry(election_id: str, folder: Path | None) -> dict[str, Any]:
    for entry in manifest(folder):
        if entry["election_id"] == election_id:
            return entry
    raise UnknownIdError("election", election_id, elections(folder))


def _canonical(header: str) -> str | None:
    matches = [name for name, words in LINES.items() if all(w in header for w in words)]
    return matches[0] if len(matches) == 1 else None


def _rename(columns: list[str], where: str) -> dict[str, str]:
    names: dict[str, str] = {}
    problems = []
    for position, header in enumerate(columns, start=1):
        if header in PLACES:
            names[header] = PLACES[header]
        elif header in ("level", "url"):
            continue
        elif re.match(r"^\d+\.", header):
            names[header] = header  # a party: kept as the file writes it
        elif (name := _canonical(header)) is not None:
            if name in names.values():
                problems.append(Problem(where, 1, header, None, f"a second column for {name}"))
            names[header] = name
        else:
            rule = f"column {position} is not a protocol line kazparl.stations knows"
            problems.append(Problem(where, 1, header, None, rule))
    if problems:
        raise DataError(problems)
    return names


def _checked_bytes(entry: dict[str, Any], folder: Path) -> bytes:
    path = folder / entry["path"]
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(str(path), None, None, None, "file not found")]) from None
    digest = hashlib.sha256(raw).hexdigest()
    if digest != entry["sha256"]:
        rule = (
            f"SHA-256 {digest} is not the {entry['sha256']} of the copy of {entry['repo']} "
            f"{entry['origin_path']} at commit {entry['commit'][:12]} (datapackage.json "
            "kazparl:raw_files); restore the file from its origin"
        )
        raise DataError([Problem(str(path), None, None, None, rule)])
    return raw


def reconcile(frame: pd.DataFrame, entry: dict[str, Any], where: str) -> None:
    """Refuse a station table whose totals differ from those its source reconciles it with.

    The rules: the number of stations and the sum of registered voters are the README's; once
    the stations without ballots in the boxes are left out (11 in 2007), registered voters sum
    to the commission's figure the README quotes; and at every station the parties' votes add
    up to the valid ballots (the protocol's own identity). Raises
    :class:`~kazparl.data.DataError` listing every rule broken.
    """
    target = entry["reconcile"]
    said = f"({target['source_id']}, {target['locator']})"
    problems = []
    if len(frame) != target["stations"]:
        rule = f"{len(frame):,} stations, not the {target['stations']:,} {said}"
        problems.append(Problem(where, None, None, None, rule))
    registered = int(frame["registered"].sum())
    if registered != target["registered"]:
        rule = f"{registered:,} registered voters, not the {target['registered']:,} {said}"
        problems.append(Problem(where, None, "registered", None, rule))
    empty = frame["ballots_cast"] == 0
    official = int(frame.loc[~empty, "registered"].sum())
    if "stations_without_ballots" in target and (
        int(empty.sum()) != target["stations_without_ballots"]
        or official != target["registered_official"]
    ):
        rule = (
            f"{int(empty.sum())} stations without ballots and {official:,} registered at the "
            f"others, not {target['stations_without_ballots']} and "
            f"{target['registered_official']:,} {said}"
        )
        problems.append(Problem(where, None, "registered", None, rule))
    parties = [c for c in frame.columns if re.match(r"^\d+\.", c)]
    broken = np.flatnonzero(frame[parties].sum(axis=1).to_numpy() != frame["valid"].to_numpy())
    for row in broken[:5]:
        rule = "the parties' votes do not add up to the valid ballots"
        problems.append(Problem(where, int(row) + 2, "valid", str(frame["valid"].iloc[row]), rule))
    if problems:
        raise DataError(problems)


@lru_cache(maxsize=4)
def _read(election_id: str, folder: str, _stamp: tuple[Any, ...]) -> pd.DataFrame:
    entry = _entry(election_id, Path(folder))
    raw = _checked_bytes(entry, Path(folder))
    where = f"{Path(folder) / entry['path']}:{entry['member']}"
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        table = pd.read_csv(archive.open(entry["member"]), dtype={"uik": str})
    table = table.rename(columns=_rename(list(table.columns), where))
    table = table.drop(columns=[c for c in ("level", "url") if c in table.columns])
    table["issued"] = table[ISSUED].sum(axis=1)
    table["ballots_cast"] = table["valid"] + table["invalid"]
    reconcile(table, entry, where)
    ruling = [c for c in table.columns if RULING in c]
    if len(ruling) != 1:
        raise DataError([Problem(where, 1, None, None, f"{len(ruling)} columns name {RULING}")])
    table["ruling"] = table[ruling[0]]
    with np.errstate(divide="ignore", invalid="ignore"):
        table["turnout_pct"] = 100 * table["issued"] / table["registered"]
        table["ruling_pct"] = 100 * table["ruling"] / table["ballots_cast"]
    territory = table["territory"].fillna("")
    table["electronic"] = entry.get("electronic_voting", False) & (
        (territory == ELECTRONIC_LABEL) | (table["registered"] > ELECTRONIC_MIN_REGISTERED)
    )
    table.insert(0, "election_id", election_id)
    table.attrs["sources"] = (entry["source_id"], entry["reconcile"]["source_id"])
    return table


def read(election_id: str, *, region: str = "all", folder: Path | None = None) -> pd.DataFrame:
    """One row per polling station of ``election_id``, checked (see the module docstring).

    Columns: ``election_id``, ``region``, ``district`` (where the file has it), ``territory``,
    ``station``, the protocol lines of :data:`LINES` the file has, one column per party (as the
    file names it), ``issued``, ``ballots_cast``, ``ruling``, ``turnout_pct``, ``ruling_pct``
    and ``electronic``. ``attrs["sources"]`` holds the source ids. ``region`` (as the file
    writes it) keeps one region's stations; ``"all"`` keeps them all. A copy is returned, so
    the caller may change it.
    """
    folder = folder or paths.data_dir()
    entry = _entry(election_id, folder)
    try:
        stat = (folder / entry["path"]).stat()
        stamp: tuple[Any, ...] = (entry["sha256"], stat.st_mtime_ns, stat.st_size)
    except FileNotFoundError:
        stamp = (entry["sha256"],)
    frame = _read(election_id, str(folder), stamp)
    return (frame if region == "all" else frame[frame["region"] == region]).copy()


def regions(election_id: str, *, folder: Path | None = None) -> list[str]:
    """The regions of an election's file, as it writes them, sorted."""
    return sorted(read(election_id, folder=folder)["region"].unique())


# --------------------------------------------------------------------------- against the count


def _rows(table: str, **where: Any) -> pd.DataFrame:
    frame = data.load(table)
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    rows = frame[mask]
    return rows.sort_values("preferred", ascending=False, kind="stable")


def _preferred(table: str, **where: Any) -> pd.Series | None:
    rows = _rows(table, **where)
    rows = rows[rows["preferred"].fillna(False).astype(bool)]
    return rows.iloc[0] if len(rows) else None


def _figure(table: str, column: str, **where: Any) -> tuple[Any, Any, bool]:
    """(value, source id, preferred?) of ``column``: the preferred row's value, else the
    first other row that gives one (a figure the preferred source leaves out)."""
    rows = _rows(table, **where)
    given = rows[rows[column].notna()]
    if given.empty:
        return None, None, False
    row = given.iloc[0]
    return row[column], row["source_id"], bool(row["preferred"])


def _without_empty(frame: pd.DataFrame, entry: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The registered voters of the stations with ballots, where the README compares those."""
    target = entry["reconcile"]
    if "registered_official" not in target:
        return []
    kept = int(frame.loc[frame["ballots_cast"] > 0, "registered"].sum())
    measure = "registered voters at the stations with ballots"
    return [(measure, kept, (target["registered_official"], target["source_id"], True))]


def reconciliation(election_id: str, *, folder: Path | None = None) -> pd.DataFrame:
    """The station files' national sums beside the figures the suite's sources give.

    One row per measure: ``measure``, ``files`` (summed from the stations), ``official``,
    ``difference`` = files − official, ``source_id`` and ``preferred`` (False when the
    preferred row of ``elections`` or ``results`` leaves the figure out and another source's
    row gives it). Stations come from the README. A figure no source gives is missing.
    Percentages are computed on the commission's bases (:func:`read`); the sources round them
    to two decimals or fewer.
    """
    from kazparl import forensics

    frame = read(election_id, folder=folder)
    sums = forensics.totals(frame)
    entry = _entry(election_id, folder)
    election = {"election_id": election_id}
    ruling = {"election_id": election_id, "tier": "list", "party_id": RULING_PARTY}
    rows = [
        ("polling stations", sums["stations"],
         (entry["reconcile"]["stations"], entry["reconcile"]["source_id"], True)),
        ("registered voters", sums["registered"], _figure("elections", "registered", **election)),
        *_without_empty(frame, entry),
        ("turnout (%)", sums["turnout_pct"], _figure("elections", "turnout_pct", **election)),
        ("United Russia's votes", sums["ruling"], _figure("results", "votes", **ruling)),
        ("United Russia's share (%)", sums["ruling_pct"], _figure("results", "pct", **ruling)),
    ]  # fmt: skip
    out = pd.DataFrame(
        [(m, files, *official) for m, files, official in rows],
        columns=["measure", "files", "official", "source_id", "preferred"],
    )
    out["official"] = pd.to_numeric(out["official"], errors="coerce")
    out["difference"] = out["files"].astype(float) - out["official"]
    out = out[["measure", "files", "official", "difference", "source_id", "preferred"]]
    out.attrs["sources"] = (*frame.attrs["sources"], *out["source_id"].dropna().unique())
    return out


def election_date(election_id: str) -> pd.Timestamp:
    """The date of an election (its preferred row in ``elections``)."""
    row = _preferred("elections", election_id=election_id)
    if row is None:
        raise UnknownIdError(
            "election", election_id, data.load("elections")["election_id"].unique()
        )
    return pd.Timestamp(row["date"])


def published(election_id: str, *, folder: Path | None = None) -> dict[str, Any]:
    """The figures the authors of the files published from them (``published`` of the
    election's ``kazparl:raw_files`` entry): value, replications, source id, locator, quote."""
    return dict(_entry(election_id, folder).get("published", {}))
