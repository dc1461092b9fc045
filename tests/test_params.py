"""kazparl.params: a bad notebook parameter is refused with the valid choices listed."""

from __future__ import annotations

import pytest

from kazparl.params import ParameterError, choice, choices, in_range


def test_choice_accepts_a_valid_value() -> None:
    assert choice("election", "majilis-2007", ["majilis-2004", "majilis-2007"]) == "majilis-2007"


def test_choice_lists_the_valid_values() -> None:
    with pytest.raises(ParameterError) as info:
        choice("election", "majilis-2008", ["majilis-2004", "majilis-2007"])
    assert str(info.value) == (
        "election = 'majilis-2008' is not valid; choose one of: majilis-2004, majilis-2007"
    )


def test_choices_names_every_bad_value() -> None:
    with pytest.raises(ParameterError, match="'atlantis', 'narnia'"):
        choices("highlight", ["almaty-city", "atlantis", "narnia"], ["almaty-city", "astana"])


@pytest.mark.parametrize(
    ("value", "ok"), [(0.0, False), (0.5, True), (0.999, True), (1.0, False), (-0.1, False)]
)
def test_in_range_open_interval(value: float, ok: bool) -> None:
    if ok:
        assert in_range("confidence", value, 0, 1, low_open=True, high_open=True) == value
    else:
        with pytest.raises(ParameterError, match=r"valid range \(0, 1\)"):
            in_range("confidence", value, 0, 1, low_open=True, high_open=True)


def test_in_range_closed_and_half_bounded() -> None:
    assert in_range("threshold", 0.0, 0, 1, high_open=True) == 0.0
    with pytest.raises(ParameterError, match=r"\[1, inf\]"):
        in_range("seats", 0, 1)
