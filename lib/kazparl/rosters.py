"""Deputies person by person: the rosters of ``data/raw/everypolitician/`` made into the
``people``, ``mandates`` and ``person_links`` tables, linked to Wikidata by reviewed rules.

The raw files are copies of EveryPolitician's Kazakhstan files at stated commits
(``data/raw/everypolitician/MANIFEST.json``, with their SHA-256: a file that does not match
is refused). :func:`build` reads them and returns the three tables; ``python -m kazparl
rosters`` writes them to ``data/`` (and the tests check that the committed tables are what
the code makes of the raw files, so neither can change alone).

**Who is who.** A deputy's identity across the two convocations is the parlam.kz person id
(the number in the photo URL, ``.../PersonImage/1374``), present in both rosters.

**Linking to Wikidata** (birth date, gender, names in Russian and Kazakh), in this order;
the first rule that gives exactly one candidate links, and the table records which:

1. ``everypolitician reconciliation``: EveryPolitician's own, reviewed match of its person id
   to a Wikidata id (``sources/reconciliation/wikidata.csv``);
2. ``exact Russian name`` / ``exact Kazakh name``: the roster's Cyrillic name (parlam.kz,
   ``sources/morph/official-6.csv``) and Wikidata's have the same three words (surname, given
   name, patronymic), in any order. Both rules are tried together: where the Russian name
   finds one Wikidata item and the Kazakh name another (Wikidata holds some deputies twice),
   the person is ambiguous, not linked to either;
3. ``transliterated name, patronymic agrees``: surname and given name agree letter for letter
   after transliteration (:func:`skeleton`) and the patronymics share their stem (Russian
   "-ovich" and Kazakh "-uly" forms of one father's name agree). Where either side has no
   patronymic, surname and given name alone are not taken as certain: the person stays
   unlinked, the candidate listed.

A deputy with no candidate stays unlinked; one with several stays unlinked as ``ambiguous``,
its candidates listed. Nothing is guessed: a near match (:mod:`rapidfuzz`) is only listed
for review in ``candidates``.

>>> skeleton("ABILDAYEV") == skeleton("Әбілдаев")
True
>>> patronymic_stem("Rahatovich") == patronymic_stem("Рахатұлы")
True
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from kazparl import paths
from kazparl.errors import ParameterError

__all__ = [
    "PRESS",
    "RAW",
    "SOURCES",
    "build",
    "link",
    "parlam_id",
    "patronymic_stem",
    "press_roster",
    "read_raw",
    "skeleton",
    "wikidata_people",
    "write",
]

RAW = paths.ROOT / "data" / "raw" / "everypolitician"

#: Deputies known from press and encyclopedia rosters, entered by hand, one row per mandate,
#: each with its source and the quote it was read from (``data/raw/rosters/README.md``).
PRESS = paths.ROOT / "data" / "raw" / "rosters" / "press.csv"

PRESS_COLUMNS = [
    "person_id", "name", "name_ru", "name_kk", "gender", "chamber", "convocation", "seat_type",
    "party_id", "group", "district", "region_id", "start_date", "end_date", "source_id",
    "source_locator", "note",
]  # fmt: skip

#: The columns of the ``mandates`` table, in order.
MANDATE_COLUMNS = [
    "person_id", "chamber", "convocation", "seat_type", "party_id", "group", "district",
    "region_id", "start_date", "end_date", "source_id", "source_locator", "note",
]  # fmt: skip

#: The source id of each raw file in ``data/sources.csv``.
SOURCES = {
    "term-5.csv": "everypolitician-kz-term-5",
    "term-6.csv": "everypolitician-kz-term-6",
    "sources/morph/official-6.csv": "everypolitician-kz-official-6",
    "sources/morph/wikidata.csv": "everypolitician-kz-wikidata",
    "sources/reconciliation/wikidata.csv": "everypolitician-kz-reconciliation",
}

#: EveryPolitician's party groups of the 5th convocation, as party ids of ``parties``.
GROUPS = {"Nur Otan": "nur-otan", "Ak Zhol": "ak-zhol", "Communist People's Party": "cppk"}

#: Where a convocation comes from: its roster and its election.
CONVOCATIONS = {5: ("term-5.csv", "majilis-2012"), 6: ("term-6.csv", "majilis-2016")}


# --------------------------------------------------------------------------- raw files


def read_raw(name: str, folder: Path = RAW) -> list[dict[str, str]]:
    """The rows of one raw file, after checking it against ``MANIFEST.json`` (SHA-256).

    Raises :class:`~kazparl.errors.ParameterError` naming the file and both digests when the
    file is not the copy the manifest describes.
    """
    manifest = json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))
    entry = next((m for m in manifest if m["file"] == name), None)
    if entry is None:
        raise ParameterError(f"{folder / name}: not in {folder / 'MANIFEST.json'}")
    data = (folder / name).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != entry["sha256"]:
        raise ParameterError(
            f"{folder / name}: SHA-256 {digest} is not the {entry['sha256']} of the copy at "
            f"commit {entry['commit']} (MANIFEST.json); restore the file or update the manifest"
        )
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def parlam_id(image_url: str) -> int | None:
    """The parlam.kz person id in a photo URL.

    >>> parlam_id("http://www.parlam.kz/en/mazhilis/People/PersonImage/1374?size=big")
    1374
    """
    found = re.search(r"PersonImage/(\d+)", image_url or "")
    return int(found.group(1)) if found else None


# --------------------------------------------------------------------------- names


_FOLD = [("x", "ks"), ("shch", "sh"), ("kh", "h"), ("yu", "u"), ("ya", "a"), ("ye", "e")]
_FOLD += [("yo", "e"), ("y", "i"), ("j", "i"), ("q", "k"), ("ts", "c"), ("gh", "g")]
_FOLD += [("w", "u"), ("ie", "e")]


def skeleton(word: str, *, collapse: bool = True) -> str:
    """A name reduced to the letters every romanization agrees on: ASCII (``anyascii``, which
    reads Russian and Kazakh Cyrillic), lower case, letters only, ``kh``/``h``, ``y``/``i``,
    ``ye``/``e``, ``x``/``ks``, ``yo``/``e`` (ё written е), ``ie``/``e`` (Анатольевич as
    Anatolievich or Anatol'evich)... folded together and doubled letters single.

    >>> skeleton("Akhmetbekov"), skeleton("AHMETBEKOV"), skeleton("Ахметбеков")
    ('ahmetbekov', 'ahmetbekov', 'ahmetbekov')
    """
    from anyascii import anyascii

    text = re.sub(r"[^a-z]", "", anyascii(str(word)).lower())
    for old, new in _FOLD:
        text = text.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", text) if collapse else text


_PATRONYMIC = re.compile(r"(ovich|evich|ovna|evna|ich|uli|ulu|kizi|kyzy|ul|uly)$")


def patronymic_stem(word: str) -> str:
    """The father's name inside a patronymic, for comparing Russian and Kazakh forms. The
    ending is taken off before doubled letters are made single, so that the father's last
    letter is kept where the ending begins with it (Серік-қызы).

    >>> patronymic_stem("Serikovna"), patronymic_stem("Серікқызы"), patronymic_stem("Серікұлы")
    ('serik', 'serik', 'serik')
    """
    return re.sub(r"(.)\1+", r"\1", _PATRONYMIC.sub("", skeleton(word, collapse=False)))


def _words(name: str) -> list[str]:
    """The words of a name: 'ABDIROV Nurlan Mazhitovich', 'Абдиров, Нурлан Мажитович', or the
    run-together 'АХМЕТОВСапарКайратович' of parlam.kz (surname in capitals)."""
    name = str(name or "").replace(",", " ").strip()
    upper = "А-ЯЁӘҒҚҢӨҰҮҺІA-Z"
    words = []
    for word in name.split():
        # run-together words: 'АХМЕТОВСапар', 'ДьяченкоСергей', 'ZagipaYahyanovna'
        head = re.match(rf"([{upper}]{{2,}})(?=[{upper}][^{upper}])", word)
        if head:
            words.append(head.group(1))
            word = word[len(head.group(1)) :]
        words += re.findall(rf"[{upper}]+[^{upper}]*|[^{upper}]+", word)
    return [w for w in words if w]


def _cyrillic_key(name: str) -> frozenset[str]:
    return frozenset(w.lower().replace("ё", "е") for w in _words(name))


def _parts(name: str) -> tuple[str, str, str] | None:
    """(surname, given name, patronymic) of a roster name 'SURNAME Given Patronymic'."""
    words = _words(name)
    if len(words) < 2:
        return None
    return words[0], words[1], words[2] if len(words) > 2 else ""


# --------------------------------------------------------------------------- Wikidata


def wikidata_people(folder: Path = RAW) -> pd.DataFrame:
    """People of EveryPolitician's Wikidata extract: wikidata_id, names (en, ru, kk), gender,
    birth_date with birth_precision (day, month, year). Rows that are not people (list
    articles: no gender, no birth date, a title beginning 'Список' / a '...тізімі') are left out.
    """
    rows = []
    for row in read_raw("sources/morph/wikidata.csv", folder):
        title = row.get("name", "")
        if not row["gender"] and not row["birth_date"] and re.search(r"Список|тізімі", title):
            continue
        birth = row["birth_date"]
        precision = {10: "day", 7: "month", 4: "year"}.get(len(birth))
        rows.append(
            {
                "wikidata_id": row["id"],
                "name_en": row.get("name__en") or None,
                "name_ru": row.get("name__ru") or row.get("wikipedia__ru") or None,
                "name_kk": row.get("name__kk") or row.get("name__kk_cyrl") or None,
                "gender": row["gender"] or None,
                "birth_date": birth or None,
                "birth_precision": precision,
            }
        )
    return pd.DataFrame(rows)


def _romanized_parts(person: pd.Series) -> list[tuple[str, str, str]]:
    """Candidate (surname, given, patronymic) readings of a Wikidata person's names."""
    out = []
    for column in ("name_ru", "name_kk"):
        name = person[column]
        if not isinstance(name, str):
            continue
        if "," in name:
            surname, rest = name.split(",", 1)
            words = rest.split()
            out.append((surname.strip(), words[0] if words else "", " ".join(words[1:2])))
        else:
            words = name.split()
            if len(words) == 3:  # Kazakh order: given, patronymic, surname
                out.append((words[2], words[0], words[1]))
                out.append((words[0], words[1], words[2]))
            elif len(words) == 2:
                out.append((words[1], words[0], ""))
    return out


# --------------------------------------------------------------------------- linking


def link(roster: pd.DataFrame, people: pd.DataFrame, reconciled: dict[str, str]) -> pd.DataFrame:
    """Link each roster person to at most one Wikidata person (see the module docstring).

    ``roster``: one row per person with person_id, name (as the roster writes it), ep_id
    (EveryPolitician id, may be empty), name_ru, name_kk (Cyrillic, may be empty).
    ``people``: :func:`wikidata_people`. ``reconciled``: EveryPolitician id -> Wikidata id.
    Returns person_id, wikidata_id (empty when unlinked), method, status ("linked",
    "unlinked", "ambiguous") and candidates (Wikidata ids considered, ';'-separated).

    >>> import pandas as pd
    >>> wd = pd.DataFrame({"wikidata_id": ["Q1", "Q2"], "name_ru": [
    ...     "Иванов, Пётр Сергеевич", "Иванов, Пётр Сергеевич"], "name_kk": [None, None]})
    >>> r = pd.DataFrame({"person_id": ["p"], "name": ["IVANOV Petr Sergeevich"],
    ...                   "ep_id": [""], "name_ru": [""], "name_kk": [""]})
    >>> link(r, wd, {})[["status", "candidates"]].values.tolist()   # two namesakes: unlinked
    [['ambiguous', 'Q1;Q2']]
    """
    ru = {
        qid: _cyrillic_key(n)
        for qid, n in zip(people["wikidata_id"], people["name_ru"], strict=True)
        if isinstance(n, str)
    }
    kk = {
        qid: _cyrillic_key(n)
        for qid, n in zip(people["wikidata_id"], people["name_kk"], strict=True)
        if isinstance(n, str)
    }
    readings = {row["wikidata_id"]: _romanized_parts(row) for _, row in people.iterrows()}
    out = []
    for _, person in roster.iterrows():
        found: list[str] = []
        method = ""
        if person["ep_id"] and person["ep_id"] in reconciled:
            found, method = [reconciled[person["ep_id"]]], "everypolitician reconciliation"
        if not found:
            # both exact rules together: two Wikidata items for one name (a duplicate item,
            # or two namesakes) leave the person ambiguous, whichever rule found which
            for column, index, label in (
                ("name_ru", ru, "exact Russian name"),
                ("name_kk", kk, "exact Kazakh name"),
            ):
                if isinstance(person[column], str) and person[column]:
                    key = _cyrillic_key(person[column])
                    hits = [q for q, k in index.items() if k == key and q not in found]
                    if hits and not found:
                        method = label
                    found += hits
        if not found:
            parts = _parts(_roster_name(person))
            if parts:
                surname, given, patronymic = (
                    skeleton(parts[0]),
                    skeleton(parts[1]),
                    patronymic_stem(parts[2]),
                )
                for qid, options in readings.items():
                    for s, g, p in options:
                        if (
                            skeleton(s) == surname
                            and skeleton(g) == given
                            and patronymic
                            and p
                            and patronymic_stem(p) == patronymic
                        ):
                            found.append(qid)
                            break
                method = "transliterated name, patronymic agrees" if found else ""
        found = list(dict.fromkeys(found))
        status = "linked" if len(found) == 1 else "ambiguous" if found else "unlinked"
        out.append(
            {
                "person_id": person["person_id"],
                "wikidata_id": found[0] if status == "linked" else None,
                "method": method if status == "linked" else None,
                "status": status,
                "candidates": ";".join(found) or _near(person, readings),
            }
        )
    return pd.DataFrame(out)


def _roster_name(person: pd.Series) -> str:
    """The name to match: ``match_name`` ('SURNAME Given', from a press roster's person id,
    whose printed names put the given name first) where there is one, else ``name``."""
    match = person.get("match_name")
    return match if isinstance(match, str) and match else person["name"]


def _near(person: pd.Series, readings: dict[str, list[tuple[str, str, str]]]) -> str | None:
    """Wikidata persons whose surname is close to the roster's (listed for review only)."""
    from rapidfuzz import fuzz

    parts = _parts(_roster_name(person))
    if not parts:
        return None
    target = skeleton(parts[0])
    near = {
        qid
        for qid, options in readings.items()
        for s, _, _ in options
        if fuzz.ratio(skeleton(s), target) >= 90
    }
    return ";".join(sorted(near)) or None


# --------------------------------------------------------------------------- the tables


def press_roster(path: Path = PRESS) -> pd.DataFrame:
    """The hand-entered roster rows of ``path`` (columns :data:`PRESS_COLUMNS`), or an empty
    frame when there is no such file. A wrong header or a row without a person, chamber,
    convocation or source is refused, naming the file and line."""
    if not path.exists():
        return pd.DataFrame(columns=PRESS_COLUMNS)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != PRESS_COLUMNS:
            raise ParameterError(
                f"{path}:1: the header must be {','.join(PRESS_COLUMNS)}; "
                f"it is {','.join(reader.fieldnames or [])}"
            )
        rows = list(reader)
    for line, row in enumerate(rows, start=2):
        for column in ("person_id", "name", "chamber", "convocation", "source_id"):
            if not row[column].strip():
                col = PRESS_COLUMNS.index(column) + 1
                raise ParameterError(f"{path}:{line}:{col}: {column} is required")
    return pd.DataFrame(rows, columns=PRESS_COLUMNS).replace("", None)


def _roster(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The deputies of both convocations (one row per person) and their mandates."""
    cyrillic = {
        parlam_id(r["image"]): (r["name__ru"], r["name__kk"])
        for r in read_raw("sources/morph/official-6.csv", folder)
    }
    people: dict[int, dict[str, Any]] = {}
    mandates = []
    for convocation, (file, _) in CONVOCATIONS.items():
        for row in read_raw(file, folder):
            pid = parlam_id(row["image"])
            if pid is None:
                raise ParameterError(f"{folder / file}: no parlam.kz id in {row['image']!r}")
            ru, kk = cyrillic.get(pid, ("", ""))
            person = people.setdefault(
                pid,
                {
                    "person_id": f"parlam-{pid}",
                    "name": row["name"],
                    "ep_id": "",
                    "name_ru": ru,
                    "name_kk": kk,
                    "roster_gender": "",
                    "source_id": SOURCES[file],
                },
            )
            if convocation == 6:
                person["ep_id"] = row["id"]
                person["roster_gender"] = row.get("gender", "")
            group = row["group"] if row["group"] not in ("", "unknown") else None
            party = GROUPS.get(group or "")
            mandates.append(
                {
                    "person_id": person["person_id"],
                    "chamber": "majilis",
                    "convocation": convocation,
                    "seat_type": "party-list" if party else None,
                    "party_id": party,
                    "group": group,
                    "district": None,
                    "region_id": None,
                    "start_date": None,
                    "end_date": None,
                    "source_id": SOURCES[file],
                    "source_locator": f"row of parlam.kz id {pid}",
                    "note": (
                        "seat type derived: in 2012 every elected seat was a party-list seat "
                        "(elections.csv: 98 list seats, 9 chosen by the Assembly of People)"
                        if party
                        else None
                    ),
                }
            )
    return pd.DataFrame(people.values()), pd.DataFrame(mandates)


def _id_name(person_id: str) -> str:
    """'SURNAME Given' of a press roster id: ``kz-bapi-ermurat`` -> ``BAPI Ermurat``."""
    surname, _, given = person_id.removeprefix("kz-").partition("-")
    return f"{surname.upper()} {given.replace('-', ' ').title()}"


def _press_people(press: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The people (first row of each person) and mandates of a :func:`press_roster`."""
    first = press.drop_duplicates("person_id")
    people = pd.DataFrame(
        {
            "person_id": first["person_id"],
            "name": first["name"],
            "match_name": first["person_id"].map(_id_name),
            "ep_id": "",
            "name_ru": first["name_ru"].fillna(""),
            "name_kk": first["name_kk"].fillna(""),
            "roster_gender": first["gender"].fillna(""),
            "roster_gender_source": first["source_id"].where(first["gender"].notna()),
            "source_id": first["source_id"],
        }
    )
    mandates = press[MANDATE_COLUMNS].copy()
    mandates["convocation"] = mandates["convocation"].astype(int)
    return people, mandates


def _sorted(people: pd.DataFrame) -> pd.DataFrame:
    """parlam.kz ids by number, then the press roster's ids by name."""
    number = pd.to_numeric(people["person_id"].str.extract(r"^parlam-(\d+)$")[0])
    order = pd.DataFrame({"n": number, "id": people["person_id"]}).sort_values(["n", "id"])
    return people.loc[order.index]


def build(folder: Path = RAW, press: Path = PRESS) -> dict[str, pd.DataFrame]:
    """The ``people``, ``mandates`` and ``person_links`` tables made from the raw files."""
    roster, mandates = _roster(folder)
    roster["roster_gender_source"] = roster["roster_gender"].map(
        lambda g: SOURCES["term-6.csv"] if g else None
    )
    extra_people, extra_mandates = _press_people(press_roster(press))
    roster = pd.concat([roster, extra_people], ignore_index=True)
    mandates = pd.concat([mandates[MANDATE_COLUMNS], extra_mandates], ignore_index=True)
    wikidata = wikidata_people(folder)
    reconciled = {
        r["uuid"]: r["id"] for r in read_raw("sources/reconciliation/wikidata.csv", folder)
    }
    links = link(roster, wikidata, reconciled)
    links["source_id"] = [
        SOURCES["sources/reconciliation/wikidata.csv"]
        if m == "everypolitician reconciliation"
        else SOURCES["sources/morph/wikidata.csv"]
        for m in links["method"]
    ]
    merged = roster.merge(links[["person_id", "wikidata_id"]], on="person_id", how="left")
    merged = merged.merge(wikidata, on="wikidata_id", how="left", suffixes=("", "_wd"))
    wd_source = SOURCES["sources/morph/wikidata.csv"]
    has_wd = merged["wikidata_id"].notna()
    gender = merged["gender"].where(has_wd & merged["gender"].notna(), merged["roster_gender"])
    people = pd.DataFrame(
        {
            "person_id": merged["person_id"],
            "name": merged["name"],
            "name_ru": merged["name_ru"].where(merged["name_ru"] != "", merged["name_ru_wd"]),
            "name_kk": merged["name_kk"].where(merged["name_kk"] != "", merged["name_kk_wd"]),
            "name_en": merged["name_en"],
            "gender": gender.replace("", None),
            "birth_date": merged["birth_date"],
            "birth_precision": merged["birth_precision"],
            "wikidata_id": merged["wikidata_id"],
            "source_id": merged["source_id"],
            "details_source_id": [wd_source if w else None for w in has_wd],
        }
    )
    people["gender_source_id"] = [
        wd_source if (w and isinstance(g, str) and g) else (r if isinstance(r, str) else None)
        for w, g, r in zip(has_wd, merged["gender"], merged["roster_gender_source"], strict=True)
    ]
    people = _sorted(people)
    links = links.set_index("person_id").loc[people["person_id"]].reset_index()
    mandates = mandates.sort_values(["chamber", "convocation", "person_id"], kind="stable")
    # surrounding spaces in the scraped names are not part of them (the loader refuses them)
    for column in ("name", "name_ru", "name_kk", "name_en"):
        people[column] = people[column].map(lambda v: v.strip() if isinstance(v, str) else v)
    return {
        "people": people.reset_index(drop=True),
        "mandates": mandates.reset_index(drop=True),
        "person_links": links,
    }


README_MARKERS = ("<!-- coverage:start -->", "<!-- coverage:end -->")


def write(folder: Path | None = None) -> list[Path]:
    """Write the tables of :func:`build` to ``data/`` (``python -m kazparl rosters``), then
    the coverage table of ``data/README.md`` (:func:`kazparl.members.coverage_markdown`)."""
    from kazparl import members

    folder = folder or paths.data_dir()
    written = []
    for name, frame in build().items():
        path = folder / f"{name}.csv"
        frame.to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    readme = folder / "README.md"
    if readme.exists():
        start, end = README_MARKERS
        text = readme.read_text(encoding="utf-8")
        if start in text and end in text:
            before, rest = text.split(start, 1)
            after = rest.split(end, 1)[1]
            table = members.coverage_markdown()
            readme.write_text(f"{before}{start}\n{table}{end}{after}", encoding="utf-8")
            written.append(readme)
    return written
