"""A bad notebook parameter fails at the top of the notebook, naming the valid choices.

Each case runs the notebook with papermill (a real kernel) and checks that it stops in the
cell right after the parameters with kazparl's ParameterError (UnknownIdError for an unknown id)
and a helpful message.
"""

from __future__ import annotations

import pytest

from kazparl import paths

pytestmark = pytest.mark.slow

CASES = [
    ("data_overview", {"table": "votes"}, "choose one of: sources, regions, parties"),
    ("vote_shares", {"election": "majilis-2008"}, "choose one of: majilis-1999, majilis-2004"),
    ("vote_shares", {"election": "president-2019"}, "majilis-2023"),
    ("vote_shares", {"threshold": 1.5}, "threshold = 1.5 is outside the valid range [0, 1)"),
    ("vote_shares", {"method": "hare"}, "choose one of: largest_remainder, dhondt, sainte_lague"),
    ("vote_shares", {"seats": 0}, "seats = 0 is outside the valid range [1, inf]"),
    ("survey_trends", {"theme": "trust"}, "choose one of: democracy, independents_vs_party"),
    ("survey_trends", {"confidence": 1.5}, "confidence = 1.5 is outside the valid range (0, 1)"),
    ("survey_trends", {"assumed_n": 0}, "assumed_n = 0 is outside the valid range (0, inf]"),
    ("survey_trends", {"design_effect": 0.5}, "design_effect = 0.5 is outside the valid range"),
    ("deputy_profiles", {"chamber": "assembly"}, "choose one of: majilis, senate, supreme-kenges"),
    # the Senate has no row for its 7th convocation (2021-2023): a convocation the data lack
    (
        "deputy_profiles",
        {"chamber": "senate", "convocation": 7},
        "choose one of: 1, 2, 3, 4, 5, 6, 8",
    ),
    ("paper_claims", {"topic": "sport"}, "choose one of: all, age, candidates"),
    ("paper_claims", {"tolerance": -1.0}, "tolerance = -1.0 is outside the valid range [0, inf]"),
    ("regional_turnout", {"election": "majilis-2004"}, "choose one of: majilis-2007, majilis-2012"),
    ("regional_turnout", {"highlight": ["almaty-city", "narnia"]}, "contains 'narnia', not valid"),
    # Shymkent became a region in 2018: it has no figure in 2012
    ("regional_turnout", {"election": "majilis-2012", "highlight": ["shymkent"]}, "'shymkent'"),
]

#: Cases whose bad value is an unknown id, by notebook and parameter: they raise
#: UnknownIdError (a ParameterError and a KeyError); the other cases raise ParameterError.
UNKNOWN_IDS = {
    ("data_overview", "table"),
    ("deputy_profiles", "chamber"),
    ("deputy_profiles", "convocation"),
    ("paper_claims", "topic"),
    ("vote_shares", "election"),
    ("survey_trends", "theme"),
    ("regional_turnout", "election"),
    ("regional_turnout", "highlight"),
}


@pytest.mark.parametrize(("notebook", "parameters", "message"), CASES)
def test_bad_parameter_fails_at_the_top(tmp_path, notebook, parameters, message) -> None:
    import papermill as pm

    source = paths.NOTEBOOKS_DIR / f"{notebook}.ipynb"
    with pytest.raises(pm.PapermillExecutionError) as info:
        pm.execute_notebook(
            str(source),
            str(tmp_path / "out.ipynb"),
            parameters=parameters,
            kernel_name="kazparl",
            progress_bar=False,
            execution_timeout=300,
            cwd=str(paths.NOTEBOOKS_DIR),
        )
    error = info.value
    unknown_id = any((notebook, name) in UNKNOWN_IDS for name in parameters)
    assert error.ename == ("UnknownIdError" if unknown_id else "ParameterError")
    assert message in error.evalue
    # the validation cell is the first after the parameters (and papermill's injected cell)
    assert error.exec_count == 3
