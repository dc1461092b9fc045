"""Tests of kazparl.findings.vote_shares: each sentence states what the data say, for the
default election and for the other plan entries, and follows the data when they change.

The figures expected here are worked out by hand from data/results.csv and data/elections.csv
(the rows are named in each test).
"""

from __future__ import annotations

from kazparl import party_system
from kazparl.findings import vote_shares as findings
from tests.conftest import edit_csv


def _result(election_id: str) -> str:
    return findings.election_result(
        party_system.list_results(election_id), party_system.allocation_input(election_id)
    )


def test_election_result_2007():
    text = _result("majilis-2007")
    # results.csv lines 108-114: seven lists; Nur Otan 5,247,720 of 5,935,625 = 88.4%, 98 seats
    assert "**7 lists** stood for the 98 list seats" in text
    assert "legal threshold of 7%" in text
    assert "**1 list won seats**: Nur Otan (88.4% of the votes cast for parties, 100.0%" in text
    assert "The other 6 lists, with 11.6% of the votes, won none." in text


def test_election_result_2023():
    text = _result("majilis-2023")
    # lines 170-176: six of seven lists won seats under 5%; Baitak 146,431 of 6,118,150 = 2.4%
    assert "**6 lists won seats**" in text and "legal threshold of 5%" in text
    assert "The other list, with 2.4% of the votes, won none." in text
    assert "2007" not in text


def test_beside_paper_2007_gives_each_reason():
    comparison = party_system.paper_comparison("majilis-2007")
    text = findings.beside_paper(comparison, "majilis-2007", party_system.paper_elections())
    assert "The paper gives 5 list figures" in text
    assert "NSDP 4.62% and Patriots 0.75% are the preliminary figures" in text
    assert "Embassy of Kazakhstan (US) news page (2007, official)" in text
    assert "the final ones are NSDP 4.5% and Patriots 0.8%" in text
    assert "Its 1.51% for Rukhaniyat is the paper's own figure for Auyl" in text
    assert "Rukhaniyat received 0.4% in the final count" in text


def test_beside_paper_does_not_apply_to_2023():
    comparison = party_system.paper_comparison("majilis-2023")
    text = findings.beside_paper(comparison, "majilis-2023", party_system.paper_elections())
    assert text.startswith("*The comparison with the paper does not apply here")
    assert "no list figures for the Majilis election of 2023" in text
    assert "1999, 2004 and 2007" in text
    assert "4.62" not in text


def test_party_system_story():
    text = findings.party_system_story(party_system.summary(), party_system.runner_up_check())
    assert (
        "The list tier had 10 seats in 1999 and 2004; 98 in 2007, 2012, 2016 and 2021; 69" in text
    )
    assert "In 2007 a single list, Nur Otan, won every list seat" in text
    assert "of the 7 lists on the ballot only it passed the 7% threshold" in text
    # 687,905 of 5,935,625 party votes (11.6%) went to the six lists without seats: 1 in 9
    assert "11.6% of the votes cast for parties (about 1 vote in 9)" in text
    assert "was never needed" in text
    # 88.4% in 2007; Amanat 3,431,510 of 6,118,150 = 56.1% in 2023 (official 53.9%)
    assert "fell from its peak of 88.4% (2007) to 56.1% in 2023" in text
    assert "53.9%, is of a larger base" in text and "248,291" in text
    assert "In 2023 the threshold was 5% and 6 lists won seats." in text


def test_counterfactual_changes_one_bullet_per_election():
    text = findings.counterfactual_changes(party_system.counterfactuals())
    bullets = text.splitlines()
    assert len(bullets) == len(party_system.list_elections())
    (b2007,) = [b for b in bullets if "Majilis 2007" in b]
    # NSDP 269,310 and Ak Zhol 183,346 of 5,935,625: 4.5% and 3.1%
    assert "at 3%, NSDP (4.5%) and Ak Zhol (3.1%) would enter under both methods" in b2007
    assert "largest remainder: NSDP 5 and Ak Zhol 3 seats; Nur Otan −8" in b2007
    assert "at 5% and 7% the same lists win seats as officially" in b2007
    (b2012,) = [b for b in bullets if "Majilis 2012" in b]
    assert "the same 3 lists win seats at every threshold" in b2012
    (b2021,) = [b for b in bullets if "Majilis 2021" in b]
    # shares of the 7,539,280 voters who took part: Auyl 383,023 = 5.1%, Adal 258,618 = 3.4%
    assert "shares of the voters who took part" in b2021
    assert "Auyl (5.1%) and Adal (3.4%) would enter" in b2021
    (b2023,) = [b for b in bullets if "Majilis 2023" in b]
    # NSDP 331,058 of 6,118,150 = 5.4%: out at 7%; Baitak 2.4% never in
    assert "at 7%, NSDP (5.4%) would win nothing under both methods" in b2023
    assert "Baitak, had 2.4%" in b2023


def test_paper_thresholds():
    text = findings.paper_thresholds(party_system.counterfactuals(), party_system.paper_elections())
    assert "In the Majilis election of 2007, a 5% threshold" in text
    assert "seats to 1 list and the CPPK's 3% to 3 lists, against 1 officially" in text
    assert "only at its lower end" in text


def test_scenario_default_and_other_rules():
    own = findings.scenario(party_system.scenario("majilis-2007"))
    assert "(the election's own rule)" in own and "The result is the official one" in own
    at3 = findings.scenario(party_system.scenario("majilis-2007", threshold=0.03))
    assert "a threshold of 3% of the votes cast for parties" in at3
    assert "Nur Otan 98 → 90, NSDP 0 → 5 and Ak Zhol 0 → 3" in at3
    assert "own rule" not in at3
    dhondt = findings.scenario(party_system.scenario("majilis-2021", method="dhondt"))
    # 2021 under D'Hondt: Nur Otan 77 instead of 76, the People's Party 9 instead of 10
    assert "re-allocated by D'Hondt" in dhondt and "of the voters who took part" in dhondt
    assert "Nur Otan 76 → 77" in dhondt and "People's Party 10 → 9" in dhondt


def test_tier_sizes():
    text = findings.tier_sizes(party_system.tier_checks())
    assert "**Majilis 1999**: 77 seats, 67 in single-mandate districts and 10 by party list" in text
    assert "45 of 67 single-mandate seats" in text  # 2004: first-round wins only
    assert "22 of 29 single-mandate seats (only for Amanat)" in text
    assert "97 of 98 seats in all" in text
    assert "NSDP (4 here, 5 in IFES ElectionGuide (2023, election dataset))" in text
    assert findings.tier_sizes([]).startswith("No list election")


def test_bloc_2007_and_not_applicable_2023():
    text = findings.bloc(party_system.bloc_arithmetic("majilis-2007"))
    # (269,310 + 183,346) / 5,935,625 = 7.63%; election night 4.62 + 3.27 = 7.89
    assert "NSDP and Ak Zhol, had 4.5% + 3.1% = 7.6%" in text
    assert "above the 7% threshold" in text
    assert "4.62% + 3.27% = 7.89%" in text
    alone = findings.bloc(party_system.bloc_arithmetic("majilis-2023"))
    assert "only one list won no seat (Baitak, 2.4%)" in alone
    low = findings.bloc(party_system.bloc_arithmetic("majilis-2016"))
    assert "below the 7% threshold" in low  # Auyl 2.0% + NSDP 1.2%


def test_shares_only():
    assert findings.shares_only(party_system.reproduction()) == (
        "The allocation of 2012 uses the official final percentages as votes, because the "
        "preferred source gives no counts; the official seats are still reproduced."
    )


# --------------------------------------------------------------------------- the data decide


def test_a_changed_figure_changes_the_sentence(data_copy):
    # elections.csv line 45 (Kazpravda): 248,291 ballots against all in 2023
    edit_csv(data_copy / "elections.csv", 45, "248291", "250000")
    # results.csv line 119 (embassy): the NSDP's preliminary 4.62%
    edit_csv(data_copy / "results.csv", 119, ",4.62,", ",4.71,")
    story = findings.party_system_story(party_system.summary(), party_system.runner_up_check())
    assert "250,000 votes" in story and "248,291" not in story
    bloc = findings.bloc(party_system.bloc_arithmetic("majilis-2007"))
    assert "4.71% + 3.27% = 7.98%" in bloc
