"""What readers see: one colour per party, captions that name each source and its kind, tables
with names, the source's precision and a dash for missing, labels from the field metadata."""

from __future__ import annotations

import pandas as pd
import pytest

from kazparl import data, fields, plotting, prose, sources, tables
from kazparl.errors import UnknownIdError


def lineage_root(party_id: str, parties: pd.DataFrame) -> str:
    """Follow renamings only (a renamed party is the same party; a merger is not)."""
    table = parties.set_index("party_id")
    while pd.notna(table.at[party_id, "successor_id"]) and (
        table.at[party_id, "successor_kind"] == "renamed"
    ):
        party_id = table.at[party_id, "successor_id"]
    return party_id


def kazakh(parties):
    """Kazakhstan's parties (the neighbours' are compared by their ruling party's lines, not
    drawn party by party, so they need no colour of their own)."""
    return parties[parties["country"].fillna("KZ") == "KZ"]


def test_every_party_in_the_data_has_a_colour() -> None:
    parties = kazakh(data.load("parties"))["party_id"]
    assert sorted(set(parties) - set(plotting.PARTY_COLOURS)) == []
    with pytest.raises(UnknownIdError, match="party_id"):
        plotting.party_colour("a-party-that-never-was")


def test_parties_of_one_election_never_share_a_colour() -> None:
    parties = kazakh(data.load("parties"))
    results = data.load("results")
    results = results[results["party_id"].isin(parties["party_id"])]
    for election_id, rows in results.groupby("election_id"):
        roots = {lineage_root(p, parties) for p in rows["party_id"]}
        colours = {plotting.party_colour(p) for p in roots}
        assert len(colours) == len(roots), f"{election_id}: two parties share a colour"


def test_a_renamed_party_keeps_its_colour() -> None:
    assert plotting.party_colour("otan") == plotting.party_colour("amanat")
    assert plotting.party_colour("cppk") == plotting.party_colour("ppk")


def test_every_kind_of_source_has_a_reader_label() -> None:
    field = next(f for f in data.describe_fields("sources") if f["name"] == "kind")
    assert set(field["constraints"]["enum"]) == set(sources.kind_labels())


def test_a_caption_says_when_a_figure_rests_on_an_encyclopedia_copy() -> None:
    # it.wiki7.org: an Italian copy of the English Wikipedia page on the 1999 election
    line = sources.line(["itwiki7-1999-legislative"])
    assert line == "Source: it.wiki7.org (n.d., encyclopedia copy)."
    assert sources.line(["bowyer-2008"]) == "Source: Bowyer (2008, the 2008 paper)."


def test_a_caption_names_a_publisher_once_with_all_its_years() -> None:
    line = sources.line(["ipu-press-298-2008-03-04", "ipu-press-2013-03-05"])
    assert line == "Sources: Inter-Parliamentary Union (2008, 2013, international organisation)."


def test_an_unknown_source_is_refused() -> None:
    with pytest.raises(UnknownIdError, match="not in the sources table"):
        sources.line(["no-such-source"])


def test_sources_survive_aggregation_and_filtering_drops_them() -> None:
    rows = data.results("majilis-2007")
    total = sources.attach(pd.DataFrame({"votes": [rows["votes"].sum()]}), rows)
    assert sources.of(total) == tuple(dict.fromkeys(rows["source_id"]))
    assert sources.of(total.round(0)) == sources.of(total)  # pandas keeps attrs
    both = sources.attach(pd.DataFrame({"source_id": ["a", "b"]}))
    assert sources.of(sources.attach(both[both["source_id"] == "a"])) == ("a",)


def test_a_readers_table_uses_names_the_sources_precision_and_a_dash() -> None:
    # data/results.csv line 108, the preferred 2007 row: Nur Otan 5247720 votes, 88.4%, 98 seats
    # (francowiki-2007-carr-ipu gives one decimal; another row's 88.41 is not preferred)
    rows = data.results("majilis-2007").head(1)
    shown = tables.readable(rows, columns=["party_id", "votes", "pct", "seats"], table="results")
    assert shown.columns.tolist() == ["party", "votes", "share as stated (%)", "seats"]
    assert shown.iloc[0].tolist() == ["Nur Otan", "5,247,720", "88.4", "98"]
    missing = tables.readable(pd.DataFrame({"seats": pd.array([None], dtype="Int64")}))
    assert missing.iloc[0, 0] == "—"


def test_a_sourced_figure_keeps_its_decimals_and_a_derived_one_is_rounded() -> None:
    frame = pd.DataFrame({"turnout_pct": [22.5, 60.61], "vote_share": [88.4123, 4.5]})
    shown = tables.readable(frame, table="regional_turnout")
    assert shown["turnout (%)"].tolist() == ["22.5", "60.61"]
    assert shown["share of party-list votes (%)"].tolist() == ["88.4", "4.5"]


def test_data_strings_are_inert_in_a_readers_table() -> None:
    frame = sources.attach(pd.DataFrame({"title": ["<script>alert(1)</script>"]}), ["bowyer-2008"])
    page = tables.show(frame).to_html()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Source: Bowyer (2008, the 2008 paper)." in page


def test_every_field_and_derived_column_has_a_title() -> None:
    package = data.package()
    for res in package["resources"]:
        for field in res["schema"]["fields"]:
            assert field.get("title"), f"{res['name']}.{field['name']} has no title"
    for field in package["kazparl:derived_fields"]:
        assert field.get("title") and "description" in field, field["name"]


def test_labels_come_from_the_field_metadata() -> None:
    assert fields.label("turnout_pct", "regional_turnout") == "turnout (percent)"
    assert fields.label("count", "age_bands") == "members (deputies)"
    assert fields.label("an_undescribed_column") == "an undescribed column"


def test_numbers_read_the_same_everywhere() -> None:
    assert prose.pct(53.94) == "53.9%"
    assert prose.points(-24.56) == "−24.6 points"
    assert prose.as_stated(4.62) == "4.62" and prose.as_stated(98.0) == "98"
    assert prose.pct(float("nan")) == "—"
    assert prose.escape("*Ak Zhol*") == "\\*Ak Zhol\\*"


def test_a_survey_answer_that_names_a_party_has_the_partys_colour() -> None:
    # party identification, 2012: "Nur Otan", "Ak Zhol" ... (survey_results.party_id)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from kazparl import surveys

    figures = surveys.theme_figures("party_identification")
    fig = plotting.trend_panels(data=figures)
    drawn = {
        line.get_label(): line.get_color()
        for ax in fig.axes
        for line in ax.get_lines()
        if not line.get_label().startswith("_")
    }
    plt.close(fig)
    assert drawn["Nur Otan"] == plotting.party_colour("nur-otan")
    assert drawn["Ak Zhol"] == plotting.party_colour("ak-zhol")
    others = {c for label, c in drawn.items() if label in ("undecided", "unable to name a party")}
    assert not others & {plotting.party_colour(p) for p in figures["party_id"].dropna()}
