"""The rules that find where the paper contradicts itself, each on a hand-made example, and
the paper's own cases they must find."""

from __future__ import annotations

import pandas as pd

from kazparl import audit, consistency


def claims(*rows: tuple) -> pd.DataFrame:
    """Hand-made claims: (id, line, quote, value, table, key, field[, year, event])."""
    out = []
    for row in rows:
        claim_id, line, quote, value, table, key, field, *rest = row
        year, event = [*rest, None, None][:2]
        out.append(
            {
                "claim_id": claim_id, "line_start": line, "line_end": line, "quote": quote,
                "value": float(value), "table": table, "key": key, "field": field,
                "year": year, "event": event,
            }
        )  # fmt: skip
    return pd.DataFrame(out)


def test_same_fact_two_values_beyond_rounding():
    found = consistency.same_fact(
        claims(
            ("c1", 10, "founded in 2006", 2006, "parties", "party_id=x", "founded"),
            ("c2", 90, "founded in 2005", 2005, "parties", "party_id=x", "founded"),
            ("c3", 20, "just over 3%", 3, "results", "party_id=y", "pct"),
            ("c4", 30, "3.09%", 3.09, "results", "party_id=y", "pct"),  # rounding: agrees
        )
    )
    assert found["claims"].tolist() == ["c1 | c2"]
    assert found["lines_a"].tolist() == ["10"] and found["lines_b"].tolist() == ["90"]


def test_a_total_against_its_parts_needs_both_tiers():
    key = "election_id=majilis-1999;tier={};party_id=cpk"
    both = claims(
        ("c1", 678, "two seats in both the 1995 and 1999 elections", 2, "results",
         key.format("total"), "seats"),
        ("c2", 1343, "the Communist Party (17.75%, 2 seats)", 2, "results", key.format("list"),
         "seats"),
        ("c3", 1346, "one each by the Communists", 1, "results", key.format("single-mandate"),
         "seats"),
    )  # fmt: skip
    found = consistency.total_against_parts(both)
    assert found["claims"].tolist() == ["c2, c3 | c1"]
    assert found["explanation"].iat[0] == "list 2 + single-mandate 1 = 3, but the total is 2"
    assert consistency.total_against_parts(both.iloc[:2]).empty  # one tier only: no finding
    agreeing = both.assign(value=[3.0, 2.0, 1.0])
    assert consistency.total_against_parts(agreeing).empty


def test_a_date_against_its_event():
    found = consistency.date_against_event(
        claims(
            ("c1", 964, "In November 1995, For a Just Kazakhstan member", 1995, None, None, None,
             1995, "president-2005"),
            ("c2", 960, "In May", 2005, None, None, None, 2005, "president-2005"),
            ("c3", 944, "the 2006 presidential elections", 2006, None, None, None, 2006,
             "president-2005"),
            ("c4", 970, "undated", 1, None, None, None, None, "president-2005"),
        ),
        {"president-2005": 2005},
    )  # fmt: skip
    assert found["claims"].tolist() == ["c1 | president-2005", "c3 | president-2005"]
    assert found["quote_b"].iat[0] == "president-2005: held in 2005"
    assert (
        "dated 1995, in a passage about president-2005, held in 2005" in found["explanation"].iat[0]
    )


def test_parts_against_the_whole():
    found = consistency.parts_against_whole(
        claims(
            ("c1", 1217, "177 seats", 177, "composition", "chamber=k;convocation=13", "members"),
            ("c2", 1218, "forty of them", 40, "composition", "chamber=k;convocation=13",
             "appointed"),
            ("c3", 1219, "135 contested", 135, "composition", "chamber=k;convocation=13",
             "elected"),
            ("c4", 50, "107-member", 107, "composition", "chamber=m;convocation=4", "members"),
            ("c5", 51, "9 from the Assembly", 9, "composition", "chamber=m;convocation=4",
             "assembly_of_people"),
            ("c6", 52, "98 elected", 98, "composition", "chamber=m;convocation=4", "elected"),
        )
    )  # fmt: skip
    assert found["claims"].tolist() == ["c3, c2 | c1"]  # the parts, then the whole
    assert "add up to 175, the whole is 177" in found["explanation"].iat[0]


def test_the_papers_own_cases_are_found():
    found = audit.self_contradictions()
    rules = dict(zip(found["claims"], found["rule"], strict=True))
    # 1994: 135 contested + 40 appointed = 175 of the "177 seats" (lines 1217-1219)
    assert any(r == "parts against the whole" and "c104" in c for c, r in rules.items())
    # the 2004 threshold given as 5% and as 7%
    assert any(r == "same fact, two values" and "c081" in c for c, r in rules.items())
    # the Communists' "two seats in both the 1995 and 1999 elections" (line 678) against
    # their 2 list seats and "one each by the Communists" in the districts (lines 1343-1346)
    assert rules.get("c137, c537 | c338") == "a total against its parts"
    # "the 2006 presidential elections" and "In November 1995", both about December 2005
    assert rules.get("c751 | president-2005") == rules.get("c752 | president-2005")
    assert rules["c751 | president-2005"] == "a date against its event"
    audited = audit.audit().set_index("claim_id")
    for claim in ("c104", "c338", "c751", "c752"):
        assert audited.loc[claim, "verdict"] == "contradicts itself", claim
