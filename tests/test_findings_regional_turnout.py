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
from tests.test_turnout import without_2019_turnout


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


def test_reporting_says_every_regional_figure_is_preliminary(data_copy) -> None:
    # every row of regional_turnout.csv has status preliminary; it covers 10 elections:
    # majilis-2007, -2012, -2016, -2021, -2023, president-2019, -2022 and, since issue 13,
    # referendum-2022, -2024, -2026. The preferred national rows of all 10 give a final
    # turnout (elections.csv lines 22, 29, 33, 99, 38, 70, 60, 43, 77, 85); president-2019's
    # is RBC's 77.5 (line 99) since issue 13, no longer ElectionGuide's counts without turnout
    text = findings.reporting(turnout.persistence())
    assert isinstance(text, Markdown)
    assert text.startswith("**Every regional figure here is preliminary**")
    assert "any of the 10 elections with regional figures" in text
    assert "The national figures are final for every election." in text
    assert "gives no turnout" not in text
    # with the preferred 2019 row's turnout blanked (a copy of the data), the sentence says so
    without_2019_turnout(data_copy)
    text = findings.reporting(turnout.persistence())
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


def test_chosen_election_without_national_figure_or_highlight(data_copy) -> None:
    # since issue 13 the preferred 2019 row (RBC, elections.csv line 99) gives 77.5, final
    text = chosen("president-2019", [])
    assert "Nationally, turnout was **77.5%** (final figure; source: RBC" in text
    # its turnout blanked in a copy of the data: en-wiki's 77.54 (line 100) does not stand in
    without_2019_turnout(data_copy)
    text = chosen("president-2019", [])
    assert "77.54" not in text and "77.5%" not in text
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
    # 28.72 - 72.1 = -43.38 (2022); 25.82 - 60.03 = -34.21 (2023); and the referendums
    # (regional_turnout.csv): 33.3 (line 254) - 72.83 (line 241) = -39.53 (June 2022);
    # 25.39 (line 320) - 68.71 (line 305) = -43.32 (2024); 33.43 (line 343) - 71.46
    # (line 325) = -38.03 (2026)
    text = findings.almaty_gaps(turnout.persistence())
    for part in (
        "−67.5 points in Majilis 2007",
        "−51.2 points in Majilis 2012",
        "−60.0 points in Majilis 2016",
        "−36.8 points in Presidential 2019",
        "−43.2 points in Majilis 2021",
        "−39.5 points in Referendum 2022",
        "−43.4 points in Presidential 2022",
        "−34.2 points in Majilis 2023",
        "−43.3 points in Referendum 2024",
        "−38.0 points in Referendum 2026",
    ):
        assert part in text
    assert "The gap never closed" in text
    # the largest is still 67.5 (2007) and the smallest still 34.21 (2023): the referendums'
    # 39.53, 43.32 and 38.03 lie between them
    assert "largest in Majilis 2007 (67.5 points) and smallest in Majilis 2023 (34.2 points)" in (
        text
    )
    # the latest election is now the 2026 referendum: 67.5 - 38.03 = 29.47
    assert "In Referendum 2026, the latest, it was 29.5 points smaller than in Majilis 2007" in (
        text
    )


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
    # Since issue 13 the lowest pair is Majilis 2023 to Referendum 2024: the same 20 regions
    # (regional_turnout.csv lines 138-157 and 302-321), no ties; ranked highest first, the
    # squared rank differences sum to 788 (e.g. Turkestan 16th -> 2nd: 196; Zhambyl 3rd ->
    # 17th: 196; North Kazakhstan 2nd -> 14th: 144; Aktobe 12th -> 3rd: 81; Shymkent 18th ->
    # 9th: 81), so rho = 1 - 6 * 788 / (20 * 399) = 0.4075. The old lowest, Presidential 2022
    # to Majilis 2023, has a sum of 604: rho = 1 - 6 * 604 / 7980 = 0.5459. The other new
    # pairs: Majilis 2021 to Referendum 2022 0.71, Referendum 2022 to Presidential 2022 0.76
    # (17 matched: Abai, Zhetysu, Ulytau dropped), Referendum 2024 to Referendum 2026 0.70:
    # none above Majilis 2012 to Majilis 2016 (0.94)
    assert (low["previous"], low["election_id"]) == ("majilis-2023", "referendum-2024")
    assert low["rho_previous"] == pytest.approx(1 - 6 * 788 / (20 * 399))
    assert "**0.41** (Majilis 2023 to Referendum 2024)" in text
    assert "(Majilis 2012 to Majilis 2016)" in text  # the same 16 regions, nearly in order
    assert "positive in every pair" in text


def test_city_effect_sentence() -> None:
    text = findings.city_effect(turnout.city_effect(turnout.panel()))
    assert "points below** the average oblast" in text
    assert "it lies entirely below zero" in text
    # 163 region-elections: the preferred rows of regional_turnout.csv, majilis-2012 16,
    # majilis-2016 16, president-2019 17, majilis-2021 17, referendum-2022 17, president-2022
    # 20, majilis-2023 20, referendum-2024 20, referendum-2026 20 (= 163) in 9 elections; 21
    # regions (the 16 of 2012, Shymkent and Turkestan from 2019, Abai, Zhetysu and Ulytau from
    # president-2022; the referendums add none); three cities
    assert "163 region-elections from 21 regions in 9 elections" in text
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
    # 16 in Majilis 2012 and 2016, 20 in every election from Presidential 2022 on
    assert "With 16–20 regions per election" in text
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


def test_ranked_without_a_national_figure(figures, data_copy) -> None:
    # president-2019: the preferred row (RBC, elections.csv line 99) gives 77.5 since issue 13;
    # blanked in a copy of the data, the legend says the preferred source gives none
    without_2019_turnout(data_copy)
    fig = figures.ranked(
        data=turnout.regional_frame("president-2019"), national=turnout.national("president-2019")
    )
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "national turnout: not given by the preferred source" in legend
    assert not any("77.54" in t for t in legend)
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
    # the caption is wrapped: since issue 13 it is longer (three referendums), and a line
    # break now falls inside "Majilis 2023"
    caption = fig._supxlabel.get_text().replace("\n", " ")
    assert "Majilis 2023 as of 22:10" in caption and "Kazinform" in caption
    # regional_turnout.csv: the preferred 2026 rows are at 20:00 (lines 322-331), 20:30
    # (340-345) and 18:00 (357-359, 361); those of 2024 all at 20:00 (302-321)
    assert "Referendum 2024 as of 20:00" in caption
    assert "Referendum 2026 as of 18:00, 20:00 or 20:30" in caption


def test_too_many_highlights_are_refused(figures) -> None:
    from kazparl.errors import ParameterError
    from kazparl.plotting.regions import highlight_colours

    with pytest.raises(ParameterError, match="at most 7 regions"):
        highlight_colours([f"r{i}" for i in range(8)])


def test_figures_reported_earlier_than_most_are_flagged():
    # regional_turnout.csv: for the 2026 referendum Mangystau, Pavlodar, North Kazakhstan and
    # Ulytau have only an 18:00 figure (lines 357-359, 361), the other oblasts 20:00; in 2023
    # every region is at 22:10, so nothing is said
    from kazparl.findings.regional_turnout import _earlier_figures

    text = _earlier_figures(turnout.regional_frame("referendum-2026"))
    for region in ("Mangystau", "North Kazakhstan", "Pavlodar", "Ulytau"):
        assert f"{region} Region (18:00)" in text
    assert "earlier than most regions (20:00)" in text
    assert _earlier_figures(turnout.regional_frame("majilis-2023")) == ""
    # the 2026 lowest oblast, North Kazakhstan, is one of them: its 68.58% (line 359) is said
    # to be an 18:00 figure where Shymkent's is compared with it
    text = findings.standings(turnout.standings(turnout.panel()))
    assert "North Kazakhstan Region (68.58%, a figure of 18:00, earlier than most)" in text
