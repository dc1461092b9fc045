"""The Duma station files: they load, reconcile with the official totals, and a tampered copy
is refused; the integer-percentage test finds what it should and reproduces the authors'.

Expected values are typed from the sources, not from the code: the station counts and
registered voters from the README of dkobak/elections (``dkobak-elections-readme``), the
official United Russia figures from the preferred rows of ``results`` (ITAR-TASS 2007, UNIAN
2011, Agentstvo Moskva 2016, ElectionGuide 2021), the excess of integer stations from the
printed output of the authors' notebook (``dkobak-elections-duma2021-notebook``, cell 10).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kazparl import forensics, paths, stations
from kazparl.data import DataError
from kazparl.errors import ParameterError, UnknownIdError

#: README: "96,193 polling stations, 109,148,196 registered voters" etc.
README = {
    "ru-duma-2007": (96_193, 109_148_196),
    "ru-duma-2011": (95_225, 109_229_337),
    "ru-duma-2016": (96_871, 110_061_200),
    "ru-duma-2021": (96_325, 109_204_662),
}
#: The official United Russia list share (percent, as the sources round it).
OFFICIAL_SHARE = {"ru-duma-2007": 64.30, "ru-duma-2016": 54.20, "ru-duma-2021": 49.82}
#: The official votes where a source gives them (ITAR-TASS 2007, Wikipedia 2016, ElectionGuide).
OFFICIAL_VOTES = {
    "ru-duma-2007": 44_714_241,
    "ru-duma-2016": 28_527_828,
    "ru-duma-2021": 28_064_200,
}
#: The authors' printed excess of integer stations (turnout or result), 1000 replications.
PUBLISHED_EXCESS = {
    "ru-duma-2007": 722.725,
    "ru-duma-2011": 1003.477,
    "ru-duma-2016": 1502.391,
    "ru-duma-2021": 1309.768,
}


@pytest.mark.parametrize("election", sorted(README))
def test_each_file_reconciles_with_the_readme_and_the_official_count(election):
    frame = stations.read(election)
    assert (len(frame), int(frame["registered"].sum())) == README[election]
    share = 100 * frame["ruling"].sum() / frame["ballots_cast"].sum()
    if election in OFFICIAL_SHARE:
        assert round(share, 2) == OFFICIAL_SHARE[election]
        assert int(frame["ruling"].sum()) == OFFICIAL_VOTES[election]
    else:  # 2011: the files give 49.31%, the CEC's final 49.32% (a known, shown difference)
        assert round(share, 2) == 49.31


def test_2007_matches_the_commission_once_the_stations_without_ballots_are_left_out():
    # README: "After excluding 11 stations with zero ballots, the sums agree with [izbirkom]
    # (109,145,517 registered voters)"
    frame = stations.read("ru-duma-2007")
    empty = frame["ballots_cast"] == 0
    assert int(empty.sum()) == 11
    assert int(frame.loc[~empty, "registered"].sum()) == 109_145_517


def test_the_2021_turnout_is_the_commissions():
    # RIA (Pamfilova): turnout 51.72%; the files: ballots issued / registered
    frame = stations.read("ru-duma-2021")
    assert round(100 * frame["issued"].sum() / frame["registered"].sum(), 2) == 51.72


def test_the_protocol_lines_have_one_name_in_every_year():
    lines = [set(stations.read(e).columns) for e in stations.elections()]
    common = set.intersection(*lines)
    for name in ["registered", "issued_early", "issued_on_site", "issued_off_site", "valid",
                 "invalid", "ballots_received", "cancelled", "region", "station"]:  # fmt: skip
        assert name in common


def test_the_2021_electronic_stations_are_the_online_vote():
    frame = stations.read("ru-duma-2021")
    online = frame[frame["electronic"]]
    labelled = online["territory"] == stations.ELECTRONIC_LABEL
    assert labelled.sum() == 18
    moscow = online[~labelled]
    assert set(moscow["region"]) == {"город Москва"}
    assert sorted(moscow["station"]) == [f"УИК №{n}" for n in range(5001, 5016)]
    assert not stations.read("ru-duma-2016")["electronic"].any()


def test_an_unknown_election_lists_the_four():
    with pytest.raises(UnknownIdError, match="ru-duma-2007, ru-duma-2011"):
        stations.read("ru-duma-2003")


# --------------------------------------------------------------------------- tampering


def _copy(tmp_path: Path, election: str) -> tuple[Path, dict]:
    folder = tmp_path / "data"
    (folder / "raw" / "stations").mkdir(parents=True)
    shutil.copy(paths.data_dir() / "datapackage.json", folder / "datapackage.json")
    entry = next(e for e in stations.manifest() if e["election_id"] == election)
    shutil.copy(paths.data_dir() / entry["path"], folder / entry["path"])
    return folder, entry


def _rewrite(folder: Path, entry: dict, change) -> None:
    """Change the CSV inside the zip with ``change(frame)`` and record the new checksum, as a
    careless update would: the checksum passes, the reconciliation must not."""
    path = folder / entry["path"]
    with zipfile.ZipFile(path) as archive:
        frame = pd.read_csv(archive.open(entry["member"]), dtype={"uik": str})
    changed = change(frame)
    frame = frame if changed is None else changed
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(entry["member"], frame.to_csv(index=False))
    path.write_bytes(buffer.getvalue())
    package = json.loads((folder / "datapackage.json").read_text())
    for e in package["kazparl:raw_files"]:
        if e["election_id"] == entry["election_id"]:
            e["sha256"] = hashlib.sha256(buffer.getvalue()).hexdigest()
    (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False))


def test_a_changed_byte_is_refused_by_the_checksum(tmp_path):
    folder, entry = _copy(tmp_path, "ru-duma-2011")
    path = folder / entry["path"]
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(DataError, match=r"ru-duma-2011\.csv\.zip: SHA-256 .* restore the file"):
        stations.read("ru-duma-2011", folder=folder)


def test_a_changed_electorate_is_refused_by_the_reconciliation(tmp_path):
    folder, entry = _copy(tmp_path, "ru-duma-2011")
    column = next(c for c in pd.read_csv(folder / entry["path"], nrows=0) if "внесенных" in c)
    _rewrite(folder, entry, lambda f: f.__setitem__(column, f[column].where(f.index != 0, 5000)))
    with pytest.raises(DataError, match=r"registered voters, not the 109,229,337"):
        stations.read("ru-duma-2011", folder=folder)


def test_a_changed_vote_is_refused_by_the_protocol_identity(tmp_path):
    folder, entry = _copy(tmp_path, "ru-duma-2011")
    header = pd.read_csv(folder / entry["path"], nrows=0).columns
    party = next(c for c in header if "ЕДИНАЯ РОССИЯ" in c)
    _rewrite(folder, entry, lambda f: f.__setitem__(party, f[party] + (f.index == 41)))
    with pytest.raises(DataError, match=r"csv:43 \(row 42\), column 'valid'.*add up"):
        stations.read("ru-duma-2011", folder=folder)


def test_a_dropped_station_is_refused(tmp_path):
    folder, entry = _copy(tmp_path, "ru-duma-2011")

    _rewrite(folder, entry, lambda f: f.iloc[:-1])
    with pytest.raises(DataError, match=r"95,224 stations, not the 95,225"):
        stations.read("ru-duma-2011", folder=folder)


def test_an_unknown_column_is_named(tmp_path):
    folder, entry = _copy(tmp_path, "ru-duma-2011")
    _rewrite(folder, entry, lambda f: f.insert(4, "Число чего-то нового", 0))
    with pytest.raises(DataError, match=r"column 'Число чего-то нового': column 5 is not"):
        stations.read("ru-duma-2011", folder=folder)


# --------------------------------------------------------------------------- the test itself


def _honest(n: int = 20_000, seed: int = 1) -> pd.DataFrame:
    """Stations whose counts are binomial draws: no one wrote a number down."""
    rng = np.random.default_rng(seed)
    registered = rng.integers(300, 3000, n)
    issued = rng.binomial(registered, rng.uniform(0.3, 0.9, n))
    ruling = rng.binomial(issued, rng.uniform(0.2, 0.8, n))
    return pd.DataFrame(
        {"registered": registered, "issued": issued, "ballots_cast": issued, "ruling": ruling}
    )


def test_honest_counts_show_no_excess():
    test = forensics.integer_test(_honest(), replications=200).set_index("measure")
    assert abs(test.loc["either", "z"]) < 3
    assert test.loc["either", "p_value"] > 0.01


def test_written_down_results_are_found():
    frame = _honest()
    # 300 stations report a ruling-party result of exactly a whole percent
    target = frame.index[:300]
    cast = frame.loc[target, "ballots_cast"] // 5 * 5
    frame.loc[target, ["ballots_cast", "issued"]] = np.column_stack([cast, cast])
    frame.loc[target, "ruling"] = cast // 5 * 3  # exactly 60%
    test = forensics.integer_test(frame, replications=200).set_index("measure")
    assert test.loc["ruling", "z"] > 5
    assert test.loc["ruling", "p_value"] == 1 / 201
    # about 90% of the planted 300 would not have been integer by chance
    assert 200 < test.loc["ruling", "excess"] < 330


def test_replications_must_be_positive():
    with pytest.raises(ParameterError, match="replications = 0"):
        forensics.integer_test(_honest(100), replications=0)


@pytest.mark.slow
@pytest.mark.parametrize("election", sorted(PUBLISHED_EXCESS))
def test_the_published_excess_is_reproduced_within_monte_carlo_error(election):
    reps = 500
    test = forensics.integer_test(stations.read(election), replications=reps, seed=7)
    either = test.set_index("measure").loc["either"]
    error = either["sd"] * (1 / reps + 1 / 1000) ** 0.5
    assert abs(either["excess"] - PUBLISHED_EXCESS[election]) < 3 * error
    assert stations.published(election)["excess_integer_stations"] == PUBLISHED_EXCESS[election]


def test_regions_add_up_to_the_nation():
    frame = stations.read("ru-duma-2016")
    regions = forensics.by_region(frame)
    assert len(regions) == frame["region"].nunique()
    assert regions["ruling"].sum() == frame["ruling"].sum()
    assert regions["ruling_pct"].is_monotonic_decreasing


def test_each_duma_election_is_set_beside_the_nearest_majilis():
    pairs = {e: forensics.kazakhstan_pair(e) for e in stations.elections()}
    assert pairs == {
        "ru-duma-2007": "majilis-2012",  # the 2007 figures cover two regions only
        "ru-duma-2011": "majilis-2012",
        "ru-duma-2016": "majilis-2016",
        "ru-duma-2021": "majilis-2021",
    }


def test_every_manifest_source_is_in_the_sources_table():
    from kazparl import data

    known = set(data.load("sources")["source_id"])
    for entry in stations.manifest():
        assert entry["source_id"] in known
        assert entry["reconcile"]["source_id"] in known
        assert entry["published"]["source_id"] in known
        on_disk = (paths.data_dir() / entry["path"]).read_bytes()
        assert len(on_disk) == entry["bytes"]
