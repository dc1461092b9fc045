"""The one door into ``data/``: load a table typed and validated against ``datapackage.json``.

Every table is a CSV described in the Frictionless Data Package ``data/datapackage.json`` (field
types, constraints, primary and foreign keys). :func:`load` reads a table, checks every cell,
key and reference, and returns a typed DataFrame (nullable integers and floats, booleans,
categoricals for enumerations, dates). A broken file raises :class:`DataError` whose message
names the file, the line, the column, the value and the rule broken, for every problem found::

    >>> from kazparl import data
    >>> data.load("sources").columns[:3].tolist()
    ['source_id', 'title', 'author']

Two rules go beyond Table Schema, declared per resource in ``datapackage.json``:

- ``kazparl:preferred_key``: where sources conflict, the table keeps one row per source and
  exactly one row per key has ``preferred = true`` (the one the analyses use);
- ``kazparl:years_from``: the field from which the years a table covers are read.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from kazparl import paths
from kazparl.errors import UnknownIdError

__all__ = [
    "ELECTION_TABLES",
    "DataError",
    "Problem",
    "citations",
    "conflicts",
    "describe",
    "describe_fields",
    "election",
    "election_ids",
    "has_conflicts",
    "load",
    "package",
    "source_mix",
    "source_mix_by_election",
    "summary",
    "table_names",
    "tables",
    "years",
]

MAX_PROBLEMS_SHOWN = 25
_TRUE, _FALSE = {"true"}, {"false"}
_YEAR = re.compile(r"(1[89]\d\d|20\d\d)")


@dataclass(frozen=True)
class Problem:
    """One broken rule: where (file, line, column), what (value) and which rule."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line is not None else "")
        if self.line is not None:
            where += f" (row {self.line - 1})"
        if self.column is not None:
            where += f", column {self.column!r}"
        if self.value is not None:
            where += f", value {self.value!r}"
        return f"{where}: {self.rule}"


class DataError(ValueError):
    """A data file breaks its schema. ``problems`` lists every broken rule found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n  ".join(str(p) for p in problems[:MAX_PROBLEMS_SHOWN])
        more = len(problems) - MAX_PROBLEMS_SHOWN
        tail = f"\n  ... and {more} more" if more > 0 else ""
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"{len(problems)} data {noun}:\n  {shown}{tail}")


# --------------------------------------------------------------------------- the package


def package(folder: Path | None = None) -> dict[str, Any]:
    """The parsed ``datapackage.json`` (a dict) of ``folder`` (default: the project's data)."""
    folder = folder or paths.data_dir()
    return _package(str(folder), _mtime(folder / "datapackage.json"))


@lru_cache(maxsize=8)
def _package(folder: str, _mtime: int) -> dict[str, Any]:
    path = Path(folder) / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([Problem(str(path), None, None, None, "file not found")]) from None
    except json.JSONDecodeError as exc:
        problem = Problem(str(path), exc.lineno, None, None, f"invalid JSON: {exc.msg}")
        raise DataError([problem]) from None


def table_names(folder: Path | None = None) -> list[str]:
    """Names of the tables in the package, in the package's order."""
    return [r["name"] for r in package(folder)["resources"]]


def _resource(name: str, folder: Path | None = None) -> dict[str, Any]:
    for res in package(folder)["resources"]:
        if res["name"] == name:
            return res
    raise UnknownIdError("table", name, table_names(folder))


def tables(folder: Path | None = None) -> pd.DataFrame:
    """One row per table: name, title, description, file and primary key."""
    rows = [
        {
            "table": r["name"],
            "title": r.get("title", ""),
            "description": r.get("description", ""),
            "file": r["path"],
            "primary_key": ", ".join(_as_list(r["schema"].get("primaryKey"))),
        }
        for r in package(folder)["resources"]
    ]
    return pd.DataFrame(rows)


def describe_fields(name: str, folder: Path | None = None) -> list[dict[str, Any]]:
    """The field descriptors of table ``name`` as ``datapackage.json`` declares them."""
    return list(_resource(name, folder)["schema"]["fields"])


def describe(name: str, folder: Path | None = None) -> pd.DataFrame:
    """The fields of table ``name``: type, unit, whether required, allowed values, description."""
    fields = _resource(name, folder)["schema"]["fields"]
    rows = []
    for f in fields:
        cons = f.get("constraints", {})
        rows.append(
            {
                "field": f["name"],
                "type": f.get("type", "string"),
                "unit": f.get("unit", ""),
                "required": bool(cons.get("required", False)),
                "allowed": " / ".join(cons["enum"]) if "enum" in cons else "",
                "description": f.get("description", ""),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- loading


def load(name: str, folder: Path | None = None) -> pd.DataFrame:
    """Table ``name`` as a typed DataFrame, validated against the data package.

    Raises :class:`DataError` naming file, line, column, value and rule for every problem,
    and :class:`~kazparl.errors.UnknownIdError` (listing the tables) for an unknown name.
    Results are cached per file modification time; each call returns a fresh copy.

    >>> load("elections").dtypes["turnout_pct"]
    Float64Dtype()
    """
    folder = folder or paths.data_dir()
    res = _resource(name, folder)
    path = folder / res["path"]
    return _load(str(folder), name, _mtime(path), _mtime(folder / "datapackage.json")).copy()


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return -1


@lru_cache(maxsize=64)
def _load(folder_str: str, name: str, _mtime: int, _pkg_mtime: int) -> pd.DataFrame:
    folder = Path(folder_str)
    res = _resource(name, folder)
    schema = res["schema"]
    path = folder / res["path"]
    label = _label(path)
    header, records = _read_csv(path, label)

    problems: list[Problem] = []
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    missing = [n for n in names if n not in header]
    extra = [h for h in header if h not in names]
    for n in missing:
        problems.append(Problem(label, 1, n, None, "column missing from the header"))
    for h in extra:
        problems.append(Problem(label, 1, h, None, "column not declared in datapackage.json"))
    if problems:
        raise DataError(problems)

    columns: dict[str, pd.Series] = {}
    lines = [line for line, _ in records]
    for field in fields:
        raw = [row[field["name"]] for _, row in records]
        columns[field["name"]] = _typed_column(field, raw, lines, label, problems)
    frame = pd.DataFrame(columns, index=pd.RangeIndex(len(records)))
    # (line numbers are passed along, not kept in frame.attrs: pandas deep-copies attrs on
    # every operation, which made loading 10x slower)
    pk = _as_list(schema.get("primaryKey"))
    problems += _check_unique(frame, pk, label, "primary key", lines)
    for field in fields:
        if field.get("constraints", {}).get("unique"):
            problems += _check_unique(frame, [field["name"]], label, "unique", lines)
    problems += _check_foreign_keys(frame, schema, name, folder, label, lines)
    problems += _check_preferred(frame, res, label, lines)
    problems += _check_rule_values(frame, res, label, lines)
    if name == "results" and not problems:
        problems += _check_seats_within_tier(frame, folder, label, lines)
    if problems:
        raise DataError(problems)
    return frame


def _label(path: Path) -> str:
    try:
        return str(path.relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def _decoded(path: Path, label: str) -> str:
    """The file's text; a byte that is not UTF-8 is reported with its line and byte offset."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(label, None, None, None, "file not found")]) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        rule = (
            f"not UTF-8: byte 0x{raw[exc.start]:02x} at byte offset {exc.start} (character "
            f"{column} of the line) is an {exc.reason}; save the file as UTF-8"
        )
        raise DataError([Problem(label, line, None, None, rule)]) from None


def _read_csv(path: Path, label: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    text = _decoded(path, label)
    start = 1
    try:
        with io.StringIO(text, newline="") as fh:
            reader = csv.reader(fh, strict=True)
            header = next(reader, None)
            if header is None:
                raise DataError([Problem(label, 1, None, None, "empty file: no header row")])
            records = []
            start = reader.line_num + 1
            for row in reader:
                line = start
                start = reader.line_num + 1
                if not row:  # a blank line
                    continue
                if len(row) != len(header):
                    raise DataError(
                        [
                            Problem(
                                label,
                                line,
                                None,
                                None,
                                f"has {len(row)} cells but the header has {len(header)}",
                            )
                        ]
                    )
                records.append((line, dict(zip(header, row, strict=True))))
    except csv.Error as exc:
        rule = f"malformed CSV: {exc}"
        if "unexpected end of data" in str(exc):
            rule += " (a quoted cell that starts in this row is never closed)"
        raise DataError([Problem(label, start, None, None, rule)]) from None
    return header, records


def _typed_column(
    field: dict[str, Any], raw: list[str], lines: list[int], label: str, out: list[Problem]
) -> pd.Series:
    name, kind = field["name"], field.get("type", "string")
    cons = field.get("constraints", {})
    values: list[Any] = []
    for text, line in zip(raw, lines, strict=True):
        if text.strip() == "":
            if cons.get("required"):
                out.append(Problem(label, line, name, text, "required: a value is missing"))
            values.append(None)
            continue
        try:
            value = _parse(kind, text, field)
        except ValueError as exc:
            out.append(Problem(label, line, name, text, f"not a valid {kind}: {exc}"))
            values.append(None)
            continue
        rule = _constraint_broken(value, text, cons)
        if rule:
            out.append(Problem(label, line, name, text, rule))
            value = None  # refused; the DataError raised after all checks reports it
        values.append(value)
    return _to_series(kind, values, cons)


def _parse(kind: str, text: str, field: dict[str, Any]) -> Any:
    if text != text.strip():
        raise ValueError("leading or trailing spaces")
    if kind == "string":
        return text
    if kind in ("integer", "year"):
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError("expected a whole number, digits only (no separators)")
        return int(text)
    if kind == "number":
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise ValueError("expected a number with '.' as decimal point and no separators")
        return float(text)
    if kind == "boolean":
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError("expected true or false")
    if kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError("expected an ISO date YYYY-MM-DD")
        return pd.Timestamp(text)  # raises ValueError for 2007-02-30
    raise ValueError(f"unsupported field type {kind!r} in datapackage.json")


def _constraint_broken(value: Any, text: str, cons: dict[str, Any]) -> str | None:
    if "enum" in cons and text not in cons["enum"]:
        return f"must be one of: {', '.join(cons['enum'])} (constraint enum)"
    if "pattern" in cons and not re.fullmatch(cons["pattern"], text):
        return f"must match the pattern {cons['pattern']} (constraint pattern)"
    if "minimum" in cons and value < cons["minimum"]:
        return f"must be at least {cons['minimum']} (constraint minimum)"
    if "maximum" in cons and value > cons["maximum"]:
        return f"must be at most {cons['maximum']} (constraint maximum)"
    if "minLength" in cons and len(text) < cons["minLength"]:
        return f"must have at least {cons['minLength']} characters (constraint minLength)"
    return None


def _to_series(kind: str, values: list[Any], cons: dict[str, Any]) -> pd.Series:
    if kind == "string" and "enum" in cons:
        return pd.Series(pd.Categorical(values, categories=cons["enum"]))
    dtype = {
        "string": "string",
        "integer": "Int64",
        "year": "Int64",
        "number": "Float64",
        "boolean": "boolean",
    }.get(kind)
    if kind == "date":
        return pd.Series(pd.to_datetime(pd.Series(values, dtype="object")), dtype="datetime64[s]")
    return pd.Series(values, dtype=dtype)


def _as_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _key_text(frame: pd.DataFrame, fields: list[str], i: int) -> str:
    return ", ".join(f"{f}={frame[f].iat[i]!s}" for f in fields)


def _check_unique(
    frame: pd.DataFrame, fields: list[str], label: str, rule: str, lines: list[int]
) -> list[Problem]:
    if not fields or frame.empty:
        return []
    keyed = frame[fields].astype("string").fillna("<missing>")
    dup = keyed.duplicated(keep="first")
    problems = []
    for i in dup[dup].index:
        first = keyed.index[(keyed == keyed.loc[i]).all(axis=1)][0]
        problems.append(
            Problem(
                label,
                lines[i],
                ", ".join(fields),
                _key_text(frame, fields, i),
                f"duplicate {rule}: the same as line {lines[first]}",
            )
        )
    return problems


def _check_foreign_keys(
    frame: pd.DataFrame,
    schema: dict[str, Any],
    name: str,
    folder: Path,
    label: str,
    lines: list[int],
) -> list[Problem]:
    problems = []
    for fk in schema.get("foreignKeys", []):
        fields = _as_list(fk["fields"])
        ref = fk["reference"]
        ref_name = ref.get("resource") or name
        ref_fields = _as_list(ref["fields"])
        if ref_name == name:
            target = frame
        else:
            ref_res = _resource(ref_name, folder)
            target = _load(
                str(folder),
                ref_name,
                _mtime(folder / ref_res["path"]),
                _mtime(folder / "datapackage.json"),
            )
        known = set(target[ref_fields].astype("string").itertuples(index=False, name=None))
        keys = frame[fields].astype("string")
        for i, key in enumerate(keys.itertuples(index=False, name=None)):
            if any(pd.isna(k) for k in key):
                continue  # a missing value is not a reference
            if key not in known:
                problems.append(
                    Problem(
                        label,
                        lines[i],
                        ", ".join(fields),
                        ", ".join(key),
                        f"not found in {ref_name}.{', '.join(ref_fields)} (foreign key)",
                    )
                )
    return problems


def _groups(frame: pd.DataFrame, key: list[str]) -> dict[tuple[str, ...], list[int]]:
    """Row positions of each distinct key (missing values as ''), in order of appearance."""
    columns = [frame[k].astype("string").fillna("").tolist() for k in key]
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, values in enumerate(zip(*columns, strict=True)):
        groups.setdefault(values, []).append(i)
    return groups


def _check_preferred(
    frame: pd.DataFrame, res: dict[str, Any], label: str, lines: list[int]
) -> list[Problem]:
    key = _as_list(res.get("kazparl:preferred_key"))
    if not key or frame.empty:
        return []
    flags = frame["preferred"].fillna(False).tolist()
    problems = []
    for rows in _groups(frame, key).values():
        chosen = [i for i in rows if flags[i]]
        if len(chosen) != 1:
            i = rows[0] if not chosen else chosen[1]
            rule = (
                "no row of this key is preferred (exactly one must be)"
                if not chosen
                else f"{len(chosen)} rows of this key are preferred (exactly one must be)"
            )
            problems.append(Problem(label, lines[i], "preferred", _key_text(frame, key, i), rule))
    return problems


def _check_rule_values(
    frame: pd.DataFrame, res: dict[str, Any], label: str, lines: list[int]
) -> list[Problem]:
    """Each ``value`` has the format its ``rule`` declares (``kazparl:rule_values``)."""
    formats = res.get("kazparl:rule_values")
    if not formats or frame.empty:
        return []
    problems = []
    for i, (rule, value) in enumerate(zip(frame["rule"], frame["value"], strict=True)):
        pattern = formats.get(rule)
        if pattern is None or pd.isna(value):
            continue
        if not re.fullmatch(pattern, str(value)):
            problems.append(
                Problem(
                    label,
                    lines[i],
                    "value",
                    str(value),
                    f"a {rule} value must match {pattern!r} (kazparl:rule_values)",
                )
            )
    return problems


_TIER_SIZE = {
    "list": "seats_list",
    "single-mandate": "seats_single_mandate",
    "total": "seats_total",
}


def _check_seats_within_tier(
    frame: pd.DataFrame, folder: Path, label: str, lines: list[int]
) -> list[Problem]:
    """No party wins more seats in a tier than the tier has (the largest size any source gives)."""
    res = _resource("elections", folder)
    elections = _load(
        str(folder), "elections", _mtime(folder / res["path"]), _mtime(folder / "datapackage.json")
    )
    problems = []
    for tier, column in _TIER_SIZE.items():
        size = elections.groupby("election_id")[column].max()
        rows = frame.index[(frame["tier"] == tier) & frame["seats"].notna()]
        for i in rows:
            limit = size.get(frame.at[i, "election_id"], pd.NA)
            if pd.notna(limit) and frame.at[i, "seats"] > limit:
                problems.append(
                    Problem(
                        label,
                        lines[i],
                        "seats",
                        str(frame.at[i, "seats"]),
                        f"more seats than the {tier} tier of {frame.at[i, 'election_id']} has "
                        f"({limit}, elections.{column})",
                    )
                )
    return problems


# --------------------------------------------------------------------------- summaries


def years(name: str, frame: pd.DataFrame | None = None, folder: Path | None = None) -> pd.Series:
    """The year of each row of table ``name``, read from its ``kazparl:years_from`` field.

    A date gives its year; an id such as ``majilis-2007`` gives the year it contains.
    """
    res = _resource(name, folder)
    frame = load(name, folder) if frame is None else frame
    field = res.get("kazparl:years_from")
    if not field:
        return pd.Series(pd.NA, index=frame.index, dtype="Int64")
    col = frame[field]
    if pd.api.types.is_datetime64_any_dtype(col):
        return col.dt.year.astype("Int64")
    if pd.api.types.is_integer_dtype(col):
        return col.astype("Int64")
    found = col.astype("string").str.extract(_YEAR, expand=False)
    return pd.to_numeric(found).astype("Int64")


def conflicts(name: str, folder: Path | None = None) -> pd.DataFrame:
    """Keys of table ``name`` that have more than one row (sources that differ or agree).

    One row per key: the key fields, ``rows``, the ``sources`` cited and the
    ``preferred_source``. Empty for tables without a ``kazparl:preferred_key``.
    """
    res = _resource(name, folder)
    key = _as_list(res.get("kazparl:preferred_key"))
    frame = load(name, folder)
    columns = [*key, "rows", "sources", "preferred_source"]
    if not key or frame.empty:
        return pd.DataFrame(columns=columns)
    flags = frame["preferred"].fillna(False).tolist()
    sources = frame["source_id"].tolist()
    out = []
    for _, rows in sorted(_groups(frame, key).items()):
        if len(rows) < 2:
            continue
        preferred = [sources[i] for i in rows if flags[i]]
        out.append(
            {
                **{k: frame[k].iat[rows[0]] for k in key},
                "rows": len(rows),
                "sources": ", ".join(sources[i] for i in rows),
                "preferred_source": preferred[0] if preferred else pd.NA,
            }
        )
    result = pd.DataFrame(out, columns=columns)
    result["rows"] = result["rows"].astype("Int64")
    return result


def summary(folder: Path | None = None) -> pd.DataFrame:
    """One row per table: rows, years covered, sources cited, keys reported by several rows."""
    rows = []
    for name in table_names(folder):
        frame = load(name, folder)
        yrs = years(name, frame, folder).dropna()
        cited = frame["source_id"].nunique() if name != "sources" else pd.NA
        rows.append(
            {
                "table": name,
                "rows": len(frame),
                "first_year": yrs.min() if len(yrs) else pd.NA,
                "last_year": yrs.max() if len(yrs) else pd.NA,
                "sources_cited": cited,
                "keys_with_several_rows": len(conflicts(name, folder)),
            }
        )
    out = pd.DataFrame(rows)
    for col in ("rows", "first_year", "last_year", "sources_cited", "keys_with_several_rows"):
        out[col] = out[col].astype("Int64")
    return out


def source_mix(folder: Path | None = None, *, preferred: bool = False) -> pd.DataFrame:
    """Rows of each table by the kind of source they cite (election commission, press, ...).

    Tidy: one row per (table, kind) with ``rows``; tables without ``source_id`` are left out.
    With ``preferred``, only the rows the analyses use (``preferred`` true, in tables that
    have the column) are counted.
    """
    kinds = load("sources", folder).set_index("source_id")["kind"]
    parts = []
    for name in table_names(folder):
        frame = load(name, folder)
        if name == "sources" or "source_id" not in frame or frame.empty:
            continue
        if preferred and "preferred" in frame:
            frame = frame[frame["preferred"].fillna(False)]
        kind = frame["source_id"].map(kinds).astype("string")
        counts = kind.value_counts().rename_axis("kind").rename("rows").reset_index()
        counts.insert(0, "table", name)
        parts.append(counts)
    if not parts:
        return pd.DataFrame({"table": [], "kind": [], "rows": []})
    out = pd.concat(parts, ignore_index=True)
    order = list(kinds.cat.categories)
    out["kind"] = pd.Categorical(out["kind"], categories=order)
    return out.sort_values(["table", "kind"], ignore_index=True)


#: The tables whose rows are about one election (and carry ``election_id``).
ELECTION_TABLES = ("elections", "results", "regional_turnout")


def source_mix_by_election(folder: Path | None = None) -> pd.DataFrame:
    """The rows the analyses use (preferred) of each election, by table and kind of source.

    Tidy: one row per (election_id, table, kind) with ``rows``, elections in date order and
    kinds in the order of ``sources.kind`` (most authoritative first): how primary the
    record of each election is.
    """
    kinds = load("sources", folder).set_index("source_id")["kind"]
    parts = []
    for name in ELECTION_TABLES:
        frame = load(name, folder)
        frame = frame[frame["preferred"].fillna(False)]
        counts = (
            frame.assign(kind=frame["source_id"].map(kinds).astype("string"))
            .groupby(["election_id", "kind"])
            .size()
            .rename("rows")
            .reset_index()
        )
        counts.insert(1, "table", name)
        parts.append(counts)
    out = pd.concat(parts, ignore_index=True)
    order = election_ids(folder=folder)
    out["election_id"] = pd.Categorical(out["election_id"], categories=order, ordered=True)
    out["kind"] = pd.Categorical(out["kind"], categories=list(kinds.cat.categories))
    return out.sort_values(["election_id", "table", "kind"], ignore_index=True)


def has_conflicts(name: str, folder: Path | None = None) -> bool:
    """Can sources conflict in table ``name``: does it keep one row per source for a key?"""
    return bool(_as_list(_resource(name, folder).get("kazparl:preferred_key")))


def citations(folder: Path | None = None) -> pd.DataFrame:
    """Each source with the number of rows citing it in every table, most cited first."""
    sources = load("sources", folder)
    counts: dict[str, int] = {}
    for name in table_names(folder):
        frame = load(name, folder)
        if name != "sources" and "source_id" in frame:
            for sid, n in frame["source_id"].value_counts().items():
                counts[sid] = counts.get(sid, 0) + int(n)
    sources["rows_citing"] = sources["source_id"].map(counts).fillna(0).astype("Int64")
    cols = ["source_id", "kind", "publisher", "date", "rows_citing", "title"]
    return sources[cols].sort_values(
        ["rows_citing", "source_id"], ascending=[False, True], ignore_index=True
    )


# --------------------------------------------------------------------------- common questions


def election_ids(body: str | None = None, folder: Path | None = None) -> list[str]:
    """The elections in the package (optionally of one body), in date order."""
    elections = load("elections", folder).sort_values(["date", "election_id"])
    if body is not None:
        elections = elections[elections["body"] == body]
    return list(dict.fromkeys(elections["election_id"]))


def _known_election(election_id: str, folder: Path | None) -> None:
    valid = election_ids(folder=folder)
    if election_id not in valid:
        raise UnknownIdError("election", election_id, valid)


def election(election_id: str, round: int = 1, folder: Path | None = None) -> pd.Series | None:
    """The preferred ``elections`` row of one election and round (None if there is none).

    Only that row: where it lacks a figure (turnout, participants), no other row stands in.
    """
    _known_election(election_id, folder)
    rows = load("elections", folder)
    chosen = rows[
        (rows["election_id"] == election_id)
        & (rows["round"] == round)
        & rows["preferred"].fillna(False)
    ]
    return chosen.iloc[0] if len(chosen) else None


def results(
    election_id: str,
    tier: str = "list",
    *,
    preferred: bool = True,
    folder: Path | None = None,
) -> pd.DataFrame:
    """Results of one election in one tier (by default only the preferred rows), most votes first.

    >>> results("majilis-2016")[["party_id", "pct", "seats"]].head(1)  # doctest: +SKIP
    """
    _known_election(election_id, folder)
    frame = load("results", folder)
    frame = frame[(frame["election_id"] == election_id) & (frame["tier"] == tier)]
    if preferred:
        frame = frame[frame["preferred"].fillna(False)]
    order = ["round", "votes", "pct", "seats"]
    return frame.sort_values(order, ascending=[True, False, False, False], ignore_index=True)


def regional_turnout(
    election_id: str, *, preferred: bool = True, folder: Path | None = None
) -> pd.DataFrame:
    """Regional turnout of one election (by default the preferred row per region), highest first."""
    _known_election(election_id, folder)
    frame = load("regional_turnout", folder)
    frame = frame[frame["election_id"] == election_id]
    if preferred:
        frame = frame[frame["preferred"].fillna(False)]
    return frame.sort_values(
        ["turnout_pct", "region_id"], ascending=[False, True], ignore_index=True
    )
