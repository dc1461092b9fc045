"""The findings and figures of notebooks/regional_turnout.ipynb, against the data.

Expected figures are read from data/regional_turnout.csv and data/elections.csv (quoted in the
comments), not from the code's own output; each plan entry (reports/plan.toml) gets its own
check that its sentences are about its election.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kazparl import turnout
from kazparl.findings import regional_turnout as findings
from kazparl.prose import Markdown
from tests.conftest import edit_csv


def chosen(election: str, highlight: list[str]) -> Markdown:
    """The chosen-election finding exactly as the notebook builds it."""
    frame = turnout.regional_frame(election)
    return findings.chosen_election(
        frame,
        turnout.national(election),
        turnout.highlighted(frame, highlight),
        turnout.city_gap(frame),
        turnout.regional_outliers(frame),
    )


# --------------------------------------------------------------------------- reporting


def test_reporting_says_every_regional_figure_is_preliminary() -> None:
    # every row of regional_turnout.csv has status preliminary; the preferred national row of
    # president-2019 (ElectionGuide) has counts but no turnout_pct
    text = findings.reporting(turnout.persistence())
    assert isinstance(text, Markdown)
    assert text.startswith("**Every regional figure here is preliminary**")
    assert "7 elections" in text
    assert "For Presidential 2019 the preferred national row gives no turnout" in text


def test_reporting_follows_the_status_column() -> None:
    table = pd.DataFrame(
        {
            "election_id": ["majilis-2021", "majilis-2023"],
            "status": ["final", "preliminary"],
            "national_status": ["final", "preliminary"],
            "national_turnout": [63.25, 54.19],
        }
    )
    text = findings.reporting(table)
    assert "Every regional figure" not in text
    assert "final (at least in part) for Majilis 2021" in text
    assert "preliminary for Majilis 2023" in text


# --------------------------------------------------------------------------- the paper's pair


def test_paper_pair_2007() -> None:
    # regional_turnout.csv: almaty-city 22.5, almaty-region 90 (bowyer-2008, lines 1416-1420);
    # 22.5 - 90 = -67.5. elections.csv: election night 64.56 (urbc, bowyer), final 68.4
    # (franco.wiki mirror of Carr/IPU: an encyclopedia copy)
    pair = turnout.regional_frame("majilis-2007")
    text = findings.paper_pair(
        pair,
        turnout.gap(pair, "almaty-city", "almaty-region"),
        turnout.national("majilis-2007"),
        turnout.election_night("majilis-2007"),
    )
    assert "Almaty city had a turnout of **22.5%** and Almaty Region **90%**" in text
    assert "Almaty city was **67.5 points below** Almaty Region" in text
    assert "election-night figure was **64.56%**" in text
    assert "Bowyer, the 2008 paper" in text
    assert "**68.4%** (final; source: franco.wiki, encyclopedia copy)" in text


# --------------------------------------------------------------------------- the chosen election


def test_chosen_election_default() -> None:
    # 2023 (Kazinform, 22:10): highest Kyzylorda 67.21, lowest Almaty city 25.82; cities
    # (42.91 + 25.82 + 45.46) / 3 = 38.06 vs oblasts 59.53: -21.5 points; Almaty city minus
    # Almaty region 25.82 - 60.03 = -34.21; national 54.21 (final, Sputnik/UrduPoint)
    text = chosen("majilis-2023", ["almaty-city", "almaty-region"])
    assert "In Majilis 2023 the data give turnout for 20 regions (preliminary, as of 22:10)" in text
    assert "highest in **Kyzylorda Region (67.21%)**" in text
    assert "lowest in **Almaty city (25.82%)**" in text
    assert "averaged 38.1%, the 17 oblasts 59.5%: the cities were **21.5 points below**" in text
    assert "Almaty city 25.82% (20th of 20) and Almaty Region 60.03% (6th of 20)" in text
    assert "Almaty city was **34.2 points below** Almaty Region" in text
    assert "Almaty city (z = −4.43) stands out" in text
    assert "Nationally, turnout was **54.21%** (final figure" in text


def test_chosen_election_plan_entry_majilis_2012() -> None:
    # 2012: Almaty region 92.6 (highest), Almaty city 41.38 (lowest), 16 regions, two cities;
    # 41.38 - 92.6 = -51.22; national 75.4 (Reuters, final)
    text = chosen("majilis-2012", ["almaty-city", "almaty-region"])
    assert "In Majilis 2012" in text and "as of 20:00 or an unstated time" in text
    assert "highest in **Almaty Region (92.6%)**" in text
    assert "The 2 cities of republican status (Almaty and Astana)" in text
    assert "Almaty city was **51.2 points below** Almaty Region" in text
    assert "**75.4%**" in text
    for other in ("2023", "Kyzylorda", "Shymkent", "54.21", "22:10"):
        assert other not in text, other


def test_chosen_election_plan_entry_president_2022() -> None:
    # 2022 (Informburo, 22:00): Zhetysu 81.42 highest; Almaty city 28.72, Astana 48.6,
    # Turkestan 80.37; national 69.44 (final, Kazinform)
    text = chosen("president-2022", ["almaty-city", "astana", "turkestan"])
    assert "In Presidential 2022" in text and "as of 22:00" in text
    assert "highest in **Zhetysu Region (81.42%)**" in text
    assert "Astana city 48.6% (19th of 20)" in text  # Astana is a city: read from `kind`
    assert "Turkestan Region 80.37% (3rd of 20)" in text
    assert "from Turkestan Region down to Almaty city" in text
    assert "**69.44%**" in text
    for other in ("2023", "Kyzylorda", "54.21", "22:10"):
        assert other not in text, other


def test_chosen_election_without_national_figure_or_highlight() -> None:
    text = chosen("president-2019", [])
    assert "gives no turnout, and no other row stands in for it" in text
    assert "No region is highlighted" in text


def test_chosen_election_with_two_regions() -> None:
    text = chosen("majilis-2007", ["almaty-city"])
    assert "The only city of republican status here (Almaty) reported 22.5%" in text
    assert "cannot be computed here: only 2 regions" in text
    assert "Almaty city 22.5% (2nd of 2)." in text


def test_chosen_election_sentence_follows_the_data(data_copy) -> None:
    # The 2023 Almaty-city figure changed from 25.82 to 27.82 in a copy of the data: the
    # sentence changes with it (and nbval would then fail on the stored notebook).
    path = data_copy / "regional_turnout.csv"
    line = next(
        i
        for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if text.startswith("majilis-2023,almaty-city,25.82,")
    )
    edit_csv(path, line, ",25.82,", ",27.82,")
    text = chosen("majilis-2023", ["almaty-city", "almaty-region"])
    assert "lowest in **Almaty city (27.82%)**" in text
    assert "Almaty city was **32.2 points below** Almaty Region" in text  # 27.82 - 60.03


# --------------------------------------------------------------------------- spread


def test_spread_default_and_weighting() -> None:
    # 2023: range 67.21 - 25.82 = 41.39; ratio 67.21 / 25.82 = 2.60; SD 9.59 (methods notes)
    text = findings.spread(turnout.chosen_spread("majilis-2023"))
    assert "It ran from 25.82% to 67.21%, a range of **41.4 points**" in text
    assert "the highest 2.60 times the lowest" in text
    assert "(divisor n − 1) is 9.6 points" in text
    assert "Each region counts once (unweighted)." in text
    weighted = findings.spread(turnout.chosen_spread("majilis-2016", weighted=True))
    assert "`weighted = True` was asked for, but registered voters are known for 1 of 16" in (
        weighted
    )


def test_spread_does_not_apply_to_two_regions() -> None:
    text = findings.spread(turnout.chosen_spread("majilis-2007"))
    assert text == (
        "*The spread across regions does not apply here: Majilis 2007 has figures for only 2 "
        "regions, a gap rather than a distribution.*"
    )


# --------------------------------------------------------------------------- persistence


def test_almaty_gaps_over_time() -> None:
    # Almaty city minus Almaty region: 22.5 - 90 = -67.5 (2007); 41.38 - 92.6 = -51.22 (2012);
    # 34.1 - 94.06 = -59.96 (2016); 52.2 - 89 = -36.8 (2019); 30.3 - 73.5 = -43.2 (2021);
    # 28.72 - 72.1 = -43.38 (2022); 25.82 - 60.03 = -34.21 (2023)
    text = findings.almaty_gaps(turnout.persistence())
    for part in (
        "−67.5 points in Majilis 2007",
        "−51.2 points in Majilis 2012",
        "−60.0 points in Majilis 2016",
        "−36.8 points in Presidential 2019",
        "−43.2 points in Majilis 2021",
        "−43.4 points in Presidential 2022",
        "−34.2 points in Majilis 2023",
    ):
        assert part in text
    assert "The gap never closed" in text
    assert "largest in Majilis 2007 (67.5 points) and smallest in Majilis 2023 (34.2 points)" in (
        text
    )
    assert "33.3 points smaller than in Majilis 2007" in text  # 67.5 - 34.21 = 33.29


def test_almaty_gaps_words_follow_the_signs() -> None:
    table = pd.DataFrame({"election_id": ["majilis-2012", "majilis-2016"], "almaty_gap": [-5, 3]})
    text = findings.almaty_gaps(table)
    assert "never closed" not in text
    assert "below the region's in 1 of the 2 elections" in text
    assert "2.0 points smaller than in Majilis 2012" in text


def test_standings_from_the_panel() -> None:
    text = findings.standings(turnout.standings(turnout.panel()))
    assert "**Almaty city had the lowest turnout of all regions in every election**" in text
    # Astana 74.65 > Pavlodar 72.85 (2016); Shymkent 56.5 > Mangystau 55.0 (2021)
    assert "in Majilis 2016 Astana was above the lowest oblast, Pavlodar Region (72.85%)" in text
    assert "in Majilis 2021 Shymkent was above the lowest oblast, Mangystau Region (55%)" in text
    assert "Every city of republican status was below every oblast in Majilis 2012" in text
    assert "The highest turnout was always in an oblast" in text
    assert "North Kazakhstan Region in Majilis 2021" in text


def test_standings_words_follow_the_data() -> None:
    frame = pd.DataFrame(
        {
            "election_id": ["majilis-2012"] * 3 + ["majilis-2016"] * 3,
            "region_id": ["astana", "akmola", "aktobe"] * 2,
            "name_en": ["Astana", "Akmola Region", "Aktobe Region"] * 2,
            "kind": ["city", "oblast", "oblast"] * 2,
            "turnout_pct": [90.0, 50.0, 60.0, 40.0, 70.0, 80.0],
        }
    )
    text = findings.standings(turnout.standings(frame))
    assert "in every election" not in text
    assert "The lowest turnout: Akmola Region in Majilis 2012; Astana city in Majilis 2016" in text
    assert "not always in an oblast" in text


def test_rank_stability_range() -> None:
    table = turnout.rank_stability()
    text = findings.rank_stability(table)
    pairs = table.dropna(subset=["rho_previous"])
    low = pairs.loc[pairs["rho_previous"].idxmin()]
    assert (low["previous"], low["election_id"]) == ("president-2022", "majilis-2023")
    assert "(Presidential 2022 to Majilis 2023)" in text
    assert "(Majilis 2012 to Majilis 2016)" in text  # the same 16 regions, nearly in order
    assert "positive in every pair" in text


def test_city_effect_sentence() -> None:
    text = findings.city_effect(turnout.city_effect(turnout.panel()))
    assert "points below** the average oblast" in text
    assert "it lies entirely below zero" in text
    # 106 region-elections (16 + 16 + 17 + 17 + 20 + 20), 21 regions, three cities
    assert "106 region-elections from 21 regions in 6 elections" in text
    assert (
        "only 3 cities (Almaty, Astana and Shymkent; Shymkent only from Presidential 2019 on)"
        in (text)
    )


def test_city_effect_interval_across_zero() -> None:
    effect = {
        "estimate": 1.0,
        "ci_low": -2.0,
        "ci_high": 4.0,
        "nobs": 10,
        "n_regions": 5,
        "n_elections": 2,
        "elections": ["majilis-2021", "majilis-2023"],
        "cities": ["astana"],
        "city_names": {"astana": "Astana"},
        "city_elections": {"astana": ["majilis-2021", "majilis-2023"]},
        "rsquared": 0.5,
    }
    text = findings.city_effect(effect)
    assert "**1.0 points above** the average oblast" in text
    assert "it includes zero" in text
    assert "only 1 city (Astana)" in text and "this city" in text


def test_forensics_scope() -> None:
    text = findings.forensics(turnout.forensics_scope(turnout.panel()))
    assert "**no results by party and region**" in text
    assert "With 16–20 regions per election" in text  # 16 in 2012 and 2016, 20 in 2022-2023
    other = findings.forensics({"regional_results": True, "n_min": 20, "n_max": 20})
    assert "has results by region" in other and "With 20 regions" in other


# --------------------------------------------------------------------------- figures


@pytest.fixture
def figures():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from kazparl import plotting

    plotting.set_theme()
    yield plotting
    plt.close("all")


def test_ranked_hatches_cities_by_kind_and_colours_each_highlight(figures) -> None:
    frame = turnout.regional_frame("president-2022")
    fig = figures.ranked(
        data=frame,
        value="turnout_pct",
        label="name_en",
        highlight=["almaty-city", "astana", "turkestan"],
        national=turnout.national("president-2022"),
    )
    ax = fig.axes[0]
    bars = {t.get_text(): b for t, b in zip(ax.get_yticklabels(), ax.patches, strict=False)}
    assert {n for n, b in bars.items() if b.get_hatch()} == {"Almaty", "Astana", "Shymkent"}
    colours = {bars[n].get_facecolor() for n in ("Almaty", "Astana", "Turkestan Region")}
    assert len(colours) == 3  # three distinct accents
    title = ax.get_title(loc="left").replace("\n", " ")
    assert "Presidential 2022" in title and "preliminary, as of 22:00" in title
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "national turnout 69.44% (final)" in legend
    assert "Astana city" in legend
    caption = fig._supxlabel.get_text()
    assert "Informburo.kz" in caption and "Kazinform" in caption


def test_ranked_without_a_national_figure(figures) -> None:
    fig = figures.ranked(
        data=turnout.regional_frame("president-2019"), national=turnout.national("president-2019")
    )
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "national turnout: not given by the preferred source" in legend
    assert "reporting time not stated" in fig.axes[0].get_title(loc="left").replace("\n", " ")


def test_region_lines_draw_astana_as_a_city(figures) -> None:
    # the old cell coloured a highlighted region as a city only if its id contained "city",
    # so Astana was drawn as an oblast; the kind column decides now
    stacked = turnout.panel()
    fig = figures.region_lines(data=stacked, highlight=["almaty-city", "astana", "turkestan"])
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert lines["Astana city"].get_linestyle() == "--"
    assert lines["Almaty city"].get_linestyle() == "--"
    assert lines["Turkestan Region"].get_linestyle() == "-"
    assert lines["Astana city"].get_color() != lines["Almaty city"].get_color()
    assert next(t.get_text() for t in ax.get_xticklabels()) == "Majilis 2012"
    assert "preliminary" in ax.get_title(loc="left")
    caption = fig._supxlabel.get_text()
    assert "Majilis 2023 as of 22:10" in caption and "Kazinform" in caption


def test_too_many_highlights_are_refused(figures) -> None:
    from kazparl.errors import ParameterError
    from kazparl.plotting.regions import highlight_colours

    with pytest.raises(ParameterError, match="at most 7 regions"):
        highlight_colours([f"r{i}" for i in range(8)])
