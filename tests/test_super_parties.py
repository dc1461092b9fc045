"""kazparl.super_parties: the six countries' chambers compared, checked against the sources'
own figures (quoted in the rows' notes) and hand-made rows."""

from __future__ import annotations

import pytest

from kazparl import errors, super_parties


@pytest.fixture(scope="module")
def summary():
    return super_parties.summary().set_index("election_id")


def test_russia_2007(summary):
    # TASS quoting the CEC's final results: United Russia 315 of the 450 seats (70.0%); its
    # 64.30% of all ballots is 65.0% of the votes for lists (the suite's base for every index).
    row = summary.loc["ru-duma-2007"]
    assert row["ruling_party"] == "ru-united-russia" and row["ruling_basis"] == "president's party"
    assert row["ruling_chamber_share"] == pytest.approx(70.0)
    assert row["ruling_vote_share"] == pytest.approx(65.0, abs=0.05)
    assert row["absorbed"] == 2  # Unity and Fatherland-All Russia, merged in 2001


def test_kyrgyzstan_2007_and_turkmenistan_2008(summary):
    # Ak Jol 71 of 90 (IFES via Runiversalis); Turkmenistan: all 125 for the Democratic Party
    assert summary.loc["kg-jogorku-kenesh-2007", "ruling_chamber_share"] == pytest.approx(7100 / 90)
    assert summary.loc["kg-jogorku-kenesh-2007", "parties_in_parliament"] == 3
    assert summary.loc["tm-mejlis-2008", "ruling_chamber_share"] == 100
    assert summary["ruling_vote_share"].isna()["tm-mejlis-2008"]  # districts only: no list votes


def test_kazakhstan_2007_counts_the_whole_majilis(summary):
    # 98 list seats of the 107 (9 for the Assembly of People): 91.6% of the chamber
    assert summary.loc["majilis-2007", "ruling_chamber_share"] == pytest.approx(9800 / 107)


def test_an_annulled_election_is_left_out_unless_asked():
    assert "kg-jogorku-kenesh-2020" not in set(super_parties.summary("KG")["election_id"])
    every = super_parties.summary("KG", include_annulled=True).set_index("election_id")
    assert bool(every.loc["kg-jogorku-kenesh-2020", "annulled"])


def test_the_definition_is_a_parameter():
    row = {"ruling_chamber_share": 70.0, "absorbed": 0}
    assert not super_parties.is_super_party(row)  # absorbed nobody
    assert super_parties.is_super_party(row, must_absorb=False)
    assert not super_parties.is_super_party(row, seat_share=75, must_absorb=False)
    assert not super_parties.is_super_party({"ruling_chamber_share": None, "absorbed": 3})


def test_at_the_papers_time_the_data_agree_with_its_typology():
    # 1999-2008, the default definition (two-thirds of the seats and an absorbed party): a
    # super-party in Russia, Kazakhstan and Kyrgyzstan, none in Uzbekistan, Turkmenistan or
    # Tajikistan (whose PDPT "has not absorbed other parties"), as the paper says
    typology = super_parties.typology(super_parties.summary(period=(1999, 2008)))
    verdicts = dict(zip(typology["country"], typology["super_party_data"], strict=True))
    assert verdicts == {"KZ": "yes", "RU": "yes", "KG": "yes", "UZ": "no", "TM": "no", "TJ": "no"}
    assert typology["agrees"].all()


def test_the_verdicts_move_with_the_definition():
    moved = super_parties.sensitivity(super_parties.summary(period=(1999, 2008)))
    tj = moved[moved["country"] == "TJ"].set_index(["super_share", "must_absorb"])
    # Tajikistan 2005: the PDPT's 52 of 63 seats (82.5%) make it one without the absorption test
    assert tj.loc[(50.0, False), "super_party_data"] == "yes"
    assert tj.loc[(50.0, True), "super_party_data"] == "no"
    wide = super_parties.sensitivity_table(moved)
    assert list(wide.columns)[:3] == ["country", "≥ 50.0%, absorbed", "≥ 50.0%"]


def test_an_unknown_country_lists_the_six():
    with pytest.raises(errors.UnknownIdError, match="KZ"):
        super_parties.summary("AF")


@pytest.mark.slow
@pytest.mark.parametrize("country", ["KZ", "RU", "UZ", "TJ", "TM"])
def test_the_notebook_runs_for_every_country(country, tmp_path):
    # "all" is the default report and KG a plan entry (tests/test_report_content.py builds it)
    from tests.test_no_results import _markdown, _run

    text = _markdown(_run("super_parties", {"country": country}, tmp_path / "x.ipynb"))
    assert f"lower-house elections of {super_parties.COUNTRIES[country]} from" in text
    assert "nan" not in text.lower().split() and "<NA>" not in text


def test_an_unknown_country_fails_at_the_top(tmp_path):
    import papermill as pm

    from tests.test_no_results import _run

    with pytest.raises(pm.PapermillExecutionError, match="KZ, RU, KG, UZ, TJ, TM"):
        _run("super_parties", {"country": "KAZ"}, tmp_path / "bad.ipynb")
