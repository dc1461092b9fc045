"""The findings of ``notebooks/deputy_profiles.ipynb``, from :mod:`kazparl.deputies` results.

>>> from kazparl import deputies
>>> profile = deputies.chamber_profile("senate", 4)
>>> print(age_bands(profile))
*The age-band profile does not apply here: the data have no age bands for the Senate of the 4th
convocation (2007).*
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kazparl import deputies, prose, sources
from kazparl.prose import Markdown

__all__ = [
    "age_bands",
    "age_statistics",
    "beside_the_paper",
    "brackets",
    "chambers",
    "composition",
    "individual_ages",
    "quotas",
    "rosters",
    "turnover",
    "women",
    "women_in_roster",
    "young_members",
]


def _capital(text: str) -> str:
    return text[0].upper() + text[1:]


def _reported_by(source_id: str) -> str:
    """ "the paper's" for the 2008 paper, else "the reported" (a source's own figure)."""
    kind = sources.describe(source_id)["kind"].iat[0]
    return "the paper's" if kind == "paper" else "the reported"


def composition(profile: dict[str, Any]) -> Markdown:
    """Who sat in the chosen chamber: members, how they got their seats, women, reported ages."""
    name = _capital(profile["name"])
    members = profile["members"]
    if members is None:
        return Markdown(f"The data do not give the number of members of {profile['name']}.")
    how = []
    for key, words in (
        ("elected", "elected"),
        ("appointed", "appointed by the President"),
        ("assembly_of_people", "chosen by the Assembly of People"),
    ):
        if profile[key]:
            how.append(f"{prose.count(profile[key])} {words}")
    sentence = f"{name} had **{prose.count(members)} members**"
    sentence += (
        f" ({prose.listing(how)})." if how else "; how they got their seats is not in the data."
    )
    if profile["women"] is None:
        women = "No source in the data gives the chamber's number of women."
    else:
        women = (
            f"Women held **{prose.count(profile['women'])} of the {prose.count(members)} seats "
            f"({prose.pct(100 * profile['women'] / members)})**."
        )
    ages = [
        f"a {what} age of {prose.as_stated(profile[key])}"
        for key, what in (("age_median", "median"), ("age_mean", "mean"))
        if profile[key] is not None
    ]
    age = (
        f"The source reports {prose.listing(ages)}."
        if ages
        else "The data give no median or mean age for this chamber."
    )
    return prose.paragraph(sentence, women, age)


def age_bands(profile: dict[str, Any]) -> Markdown:
    """Do the bands add up to the chamber, and what median do they imply (with the formula)?"""
    if profile["bands"] is None:
        return prose.not_applicable(
            "The age-band profile", f"the data have no age bands for {profile['name']}"
        )
    check = profile["band_check"]
    total = prose.count(check["band_total"])
    if check["ok"] is None:
        adds = f"The bands add up to {total}; the size of the chamber is not in the data."
    elif check["ok"]:
        adds = (
            f"The bands add up to exactly {total}, the size of the chamber: the profile is "
            "complete."
        )
    else:
        more = "more" if check["difference"] > 0 else "fewer"
        adds = (
            f"The bands add up to {total}, {abs(check['difference'])} {more} than the "
            f"{check['members']} members: the profile is not complete."
        )
    grouped = profile["age_median_grouped"]
    if grouped is None:
        return prose.paragraph(
            adds, f"No median can be interpolated: {profile['age_median_grouped_reason']}."
        )
    terms = deputies.grouped_quantile_terms(profile["bands"], 0.5)
    reported = profile["age_median"]
    median = f"The median interpolated from the bands is about **{prose.number(grouped)}**"
    if reported is not None and round(grouped) != reported:
        median += f", not {_reported_by(profile['source_id'])} {prose.as_stated(reported)}"
    median += "."
    formula = (
        "The grouped-median formula L + (N/2 − F)/f × w = "
        f"{prose.as_stated(terms['lower'])} + ({prose.as_stated(terms['target'])} − "
        f"{prose.as_stated(terms['below'])})/{prose.as_stated(terms['count'])} × "
        f"{prose.as_stated(terms['width'])} assumes the {prose.count(terms['count'])} members "
        f"of the {terms['band']} band are spread evenly over it"
    )
    if reported is not None and round(grouped) != reported:
        edge = "lower" if reported < grouped else "upper"
        formula += (
            f"; {_reported_by(profile['source_id'])} {prose.as_stated(reported)} presumably "
            f"comes from individual ages, with the members of that band bunched near its {edge} "
            "edge. Both can be true; the bands alone cannot settle which single ages lie "
            "behind them."
        )
    else:
        formula += "."
    return prose.paragraph(adds, median, formula)


def young_members(profile: dict[str, Any], world: pd.DataFrame, age: int = 40) -> Markdown:
    """The share of members under ``age`` against the IPU's world figures for that bracket.

    ``world`` is :func:`kazparl.deputies.world_series` for ``"mps_age_share"`` and the bracket.
    """
    what = f"The share of members under {age}"
    if profile["bands"] is None:
        return prose.not_applicable(
            what,
            f"it needs age bands, and the data have none for {profile['name']} (where a "
            "roster exists, the section on deputies one by one counts it from birth dates)",
        )
    rows = profile["age_brackets"].set_index("bracket")
    row = rows.loc[f"under {age}"]
    if pd.isna(row["share"]):
        return Markdown(f"The bands cannot say exactly how many were under {age}: {row['reason']}.")
    year = profile["elected_year"]
    first = (
        f"In {year}, **{prose.count(row['count'])} of the {prose.count(row['total'])} members "
        f"({prose.pct(row['pct'])})** of {profile['name']} were under {age}."
    )
    if world.empty:
        return prose.paragraph(first, "The data hold no world figure for this bracket.")
    series = world.sort_values("year")
    start = series.iloc[0]
    later = [
        f"{prose.pct(v)} in {y}"
        for v, y in zip(series["value"].iloc[1:], series["year"].iloc[1:], strict=True)
    ]
    rising = series["value"].is_monotonic_increasing
    trend = f", {'rising to' if rising else 'then'} {prose.listing(later)}" if later else ""
    world_text = (
        f"The IPU's first world figure for this bracket is for {start['year']}: "
        f"**{prose.pct(start['value'])} of the world's MPs under {age}** (both chambers){trend}."
    )
    gap = int(start["year"]) - int(year)
    if gap > 0:
        when = (
            f"There is no world figure of the same date; the comparison is with the earliest "
            f"one, {gap} years later."
        )
    else:
        when = ""
    ratio = 100 * float(row["pct"]) / float(start["value"])
    size = (
        f"The chamber's share of young members was about {prose.number(ratio, 0)}% of the "
        f"world's in {start['year']}."
    )
    return prose.paragraph(first, world_text, when, size)


def women(data: pd.DataFrame, world: pd.DataFrame, chamber: str, convocation: int) -> Markdown:
    """The chosen chamber's women against the world average, then every convocation known.

    ``data`` is :func:`kazparl.deputies.women_by_convocation`, ``world``
    :func:`kazparl.deputies.world_series`.
    """
    lines = []
    chosen = data[(data["chamber"] == chamber) & (data["convocation"] == convocation)]
    name = deputies.chamber_name(chamber, convocation)
    if chosen.empty:
        lines.append(f"No source in the data gives the count of women for {name}.")
    for _, row in data.iterrows():
        label = deputies.chamber_name(row["chamber"], row["convocation"], row["elected_year"])
        share = (
            f"{prose.count(row['women'])} women of {prose.count(row['members'])} "
            f"({prose.pct(row['women_pct'])})"
            if pd.notna(row["members"])
            else f"{prose.count(row['women'])} women (the chamber's size is not in the data)"
        )
        ref = deputies.world_at(world, int(row["elected_year"]))
        against = ""
        if ref is not None and pd.notna(row["women_pct"]):
            diff = float(row["women_pct"]) - float(ref["value"])
            side = "above" if diff > 0 else "below"
            against = (
                f"; the world average was {prose.pct(ref['value'])} in {ref['year']}, "
                f"{prose.number(abs(diff))} points {side} it"
            )
        mark = "**" if row["chamber"] == chamber and row["convocation"] == convocation else ""
        lines.append(f"- {mark}{_capital(label)}: {share}{against}{mark}")
    return Markdown("\n".join(lines))


def age_statistics(stats: pd.DataFrame) -> Markdown:
    """Which chambers have a reported median or mean age, and who reports it."""
    if stats.empty:
        return Markdown("No chamber has a reported median or mean age in the data.")
    items = []
    for _, row in stats.iterrows():
        label = deputies.chamber_name(row["chamber"], row["convocation"], row["elected_year"])
        values = [
            f"{what} {prose.as_stated(row[key])}"
            for key, what in (("age_median", "median"), ("age_mean", "mean"))
            if pd.notna(row[key])
        ]
        items.append(f"{label}: {prose.listing(values)} ({sources.in_prose(row['source_id'])})")
    return Markdown("Reported ages exist in the data only for " + prose.listing(items) + ".")


def quotas(rows: pd.DataFrame) -> Markdown:
    """What the list quotas require, in the words the source quotes from the law.

    ``rows`` is :func:`kazparl.deputies.list_quotas`.
    """
    if rows.empty:
        return Markdown("The data hold no list quota for this chamber.")
    items = []
    for _, row in rows.iterrows():
        when = (
            f"From {row['amended']:%-d %B %Y}"
            if pd.notna(row["amended"])
            else "Later (date not stated)"
        )
        items.append(
            f"- {when}, {prose.escape(row['law'])}: at least **{prose.as_stated(row['pct'])}%** "
            f"of {prose.escape(row['applies_to'])} must be {prose.escape(row['counts'])} "
            f"({sources.in_prose(row['source_id'])})."
        )
    return Markdown(
        "\n".join(items)
        + "\n\nNone of these is a quota for women alone: women count together with the other "
        "groups named."
    )


def chambers(rows: pd.DataFrame) -> Markdown:
    """Which chambers ended and which replaced them, from :func:`kazparl.deputies.chambers`."""
    ended = rows[rows["to_date"].notna()]
    new = rows[rows["to_date"].isna() & rows["seats"].notna()]
    sentences = []
    if len(ended):
        days = prose.listing(dict.fromkeys(f"{d:%-d %B %Y}" for d in ended["to_date"]))
        names = prose.listing(f"the {str(n).split(' (')[0]}" for n in ended["name_en"])
        sentences.append(
            f"{names[0].upper()}{names[1:]} ended their powers on {days} "
            f"({sources.in_prose(ended)})."
        )
    for _, row in new.iterrows():
        held = int(row["convocations"])
        convocations = (
            f"the data hold {prose.count(held)} of its convocations"
            if held
            else "the data hold none of its convocations yet"
        )
        name, _, what = str(row["name_en"]).partition(" (")
        sentences.append(
            f"The {name}, {prose.escape(what.rstrip(')'))}, has {prose.count(row['seats'])} "
            f"deputies elected for {prose.count(row['term_years'])} years by "
            f"{prose.escape(row['elected_by'])}; {convocations}."
        )
    return prose.paragraph(*sentences)


# --------------------------------------------------------------------------- deputies one by one


def _rostered_names(coverage: pd.DataFrame) -> str:
    return prose.listing(
        f"{deputies.chamber_name(r['chamber'], r['convocation'])} ({prose.count(r['listed'])}"
        + (f" of {prose.count(r['members'])}" if pd.notna(r["members"]) else "")
        + " deputies)"
        for _, r in coverage.iterrows()
    )


def rosters(coverage: pd.DataFrame, chamber: str, convocation: int) -> Markdown:
    """Which convocations have deputies listed one by one, and what the chosen one has.

    ``coverage`` is :func:`kazparl.members.coverage`.
    """
    first = f"The data list deputies one by one for {_rostered_names(coverage)}."
    chosen = coverage[(coverage["chamber"] == chamber) & (coverage["convocation"] == convocation)]
    name = deputies.chamber_name(chamber, convocation)
    if chosen.empty:
        return prose.paragraph(
            first,
            f"There is no roster of {name}: what this notebook says of it rests on the counts "
            "above.",
        )
    row = chosen.iloc[0]
    parts = [
        f"{prose.count(row['party_known'])} with a party",
        f"{prose.count(row['gender_known'])} with a gender",
        f"{prose.count(row['birth_known'])} with a birth date",
    ]
    whole = (
        "the whole chamber"
        if pd.notna(row["members"]) and row["listed"] == row["members"]
        else f"{prose.count(row['listed'])} of its {prose.count(row['members'])} deputies"
        if pd.notna(row["members"])
        else f"{prose.count(row['listed'])} deputies (the chamber's size is not in the data)"
    )
    return prose.paragraph(first, f"The roster of {name} lists {whole}: {prose.listing(parts)}.")


def individual_ages(profile: dict[str, Any]) -> Markdown:
    """Median and mean age from birth dates, with how many are known and what the rest could do.

    ``profile`` is :func:`kazparl.members.ages`.
    """
    name = profile["name"]
    if not profile["listed"]:
        return prose.not_applicable(
            "The age profile from birth dates", f"the data have no roster of {name}"
        )
    if not profile["known"]:
        return Markdown(
            f"The roster of {name} lists {prose.count(profile['listed'])} deputies, none with "
            "a birth date: no age can be computed from it."
        )
    r = profile["roster"]
    known, members, missing = profile["known"], profile["members"], profile["missing"]
    exact = int((r["birth_precision"] == "day").sum())
    rough = known - exact
    precision = (
        "all to the day"
        if not rough
        else f"{prose.count(exact)} to the day, {prose.count(rough)} to the year only"
    )
    day = profile["election"]["date"]
    first = (
        f"Of the {prose.count(members)} deputies of {name}, **{prose.count(known)} have a "
        f"known birth date** ({precision})."
    )
    mean = f"mean {prose.number(profile['mean'])}"
    if rough:
        mean += (
            f" (between {prose.number(profile['mean_low'])} and "
            f"{prose.number(profile['mean_high'])}, as the unknown birthdays fall)"
        )
    second = (
        f"On polling day, {day:%-d %B %Y}, their **median age was "
        f"{prose.number(profile['median'])}** and their {mean}; the youngest was "
        f"{prose.count(profile['youngest'])}, the oldest {prose.count(profile['oldest'])}."
    )
    if not missing:
        third = "Every deputy's age is known: these are the chamber's own figures."
    elif profile["median_low"] is None:
        third = (
            f"The other **{prose.count(missing)} deputies** have no birth date in the data. "
            "They are more than half of the chamber, so the known ages cannot bound its "
            "median: depending on their ages, it could be any age at all. The figures "
            f"describe the {prose.count(known)} deputies with a known age, not the chamber."
        )
    else:
        third = (
            f"The other {prose.count(missing)} deputies have no birth date in the data; "
            "whatever their ages, the chamber's median lies between "
            f"{prose.number(profile['median_low'])} and {prose.number(profile['median_high'])}."
        )
    caution = (
        "The deputies whose birth date is known need not be typical: the dates come from "
        "Wikidata, where a deputy with a long career is likelier to have an entry."
    )
    return prose.paragraph(first, second, third, caution)


def brackets(profile: dict[str, Any]) -> Markdown:
    """The IPU's age brackets counted from the known ages, with what is uncertain or unknown."""
    if profile["brackets"] is None:
        return prose.not_applicable(
            "Counting the IPU's brackets from birth dates",
            f"no deputy of {profile['name']} has a known birth date in the data",
        )
    items = []
    for _, row in profile["brackets"].iterrows():
        value = (
            prose.count(row["low"])
            if row["low"] == row["high"]
            else f"{prose.count(row['low'])} to {prose.count(row['high'])} (only the birth "
            f"year of {prose.count(row['uncertain'])} is known, which leaves the count open)"
        )
        items.append(f"{row['bracket']}: {value}")
    known, missing = profile["known"], profile["missing"]
    tail = (
        f" The {prose.count(missing)} deputies without a birth date are in none of these "
        "counts: the chamber's own could be higher by up to that many."
        if missing
        else ""
    )
    return Markdown(
        f"Of the {prose.count(known)} deputies with a known age, counted exactly: "
        f"{'; '.join(items)}.{tail}"
    )


def beside_the_paper(beside: pd.DataFrame | None, medians: pd.DataFrame) -> Markdown:
    """The paper's 2007 bands and median beside the same measures from individual ages.

    ``beside`` is :func:`kazparl.members.bands_beside`, ``medians``
    :func:`kazparl.members.medians`.
    """
    if beside is None or not (beside["basis"] == "individual ages").any():
        return prose.not_applicable(
            "Setting individual ages beside the bands", "no convocation has a known age"
        )
    oldest_band = beside["band"].iloc[-1]
    sentences = []
    for basis, part in beside.groupby("basis", sort=False):
        top = part[part["band"] == oldest_band]
        shares = prose.listing(
            (
                prose.pct(r["pct_low"], 0)
                if round(r["pct_low"]) == round(r["pct_high"])
                else f"{prose.pct(r['pct_low'], 0)}–{prose.pct(r['pct_high'], 0)}"
            )
            + f" in {r['year']} ({prose.escape(r['label'].split(': ', 1)[1])})"
            for _, r in top.iterrows()
        )
        what = "In the bands" if basis == "bands" else "Among the deputies with a known age"
        sentences.append(f"{what}, the share aged {oldest_band} was {shares}.")
    banded = medians[medians["reported"].notna() | medians["grouped"].notna()]
    individual = medians[medians["known_median"].notna()]
    for _, r in banded.iterrows():
        parts = []
        if pd.notna(r["reported"]):
            parts.append(f"a reported median of {prose.as_stated(r['reported'])}")
        if pd.notna(r["grouped"]):
            parts.append(f"{prose.number(r['grouped'])} interpolated from the bands")
        sentences.append(f"For {r['year']} the data give {prose.listing(parts)}.")
    if len(individual):
        listed = prose.listing(
            f"{prose.number(r['known_median'])} in {r['year']} (of {prose.count(r['known'])})"
            for _, r in individual.iterrows()
        )
        sentences.append(f"The median of the known ages is {listed}.")
    if len(banded) and len(individual):
        base = banded.iloc[-1]
        reference = base["reported"] if pd.notna(base["reported"]) else base["grouped"]
        later = individual["known_median"]
        if (later > reference).all():
            direction = "older, not younger"
        elif (later < reference).all():
            direction = "younger"
        else:
            direction = "neither clearly younger nor older"
        sentences.append(
            f"Taken at face value, the chamber after {base['year']} looks {direction}; but "
            "the known ages are a part of each chamber, and not a random one, so this is a "
            "question the rosters raise rather than settle."
        )
    return prose.paragraph(*sentences)


def women_in_roster(
    profile: dict[str, Any], by_group: pd.DataFrame, by_seat: pd.DataFrame
) -> Markdown:
    """Women by party group and by how the seat was won, from the roster's genders.

    ``by_group`` and ``by_seat`` are :func:`kazparl.members.women_by` of the roster on
    ``group`` and ``seat_type``.
    """
    name = profile["name"]
    if not profile["listed"]:
        return prose.not_applicable("Women by party", f"the data have no roster of {name}")
    r = profile["roster"]
    known = int(r["gender"].notna().sum())
    if not known:
        return Markdown(f"The roster of {name} gives no deputy's gender.")
    women = int((r["gender"] == "female").sum())
    first = (
        f"The roster of {name} gives the gender of {prose.count(known)} of its "
        f"{prose.count(len(r))} deputies; **{prose.count(women)} of them are women**."
    )

    def split(table: pd.DataFrame, column: str) -> str:
        return prose.listing(
            f"{prose.escape(row[column])}: {prose.count(row['women'])} of "
            f"{prose.count(row['women'] + row['men'])}"
            + (f" ({prose.pct(row['women_pct'])})" if pd.notna(row["women_pct"]) else "")
            for _, row in table.iterrows()
        )

    sentences = [first]
    if (by_group["group"] != "not stated").any():
        sentences.append(
            f"By party group (women of those whose gender is known): {split(by_group, 'group')}."
        )
    else:
        sentences.append("The roster gives no deputy's party group.")
    if (by_seat["seat_type"] != "not stated").any():
        sentences.append(f"By how the seat was won: {split(by_seat, 'seat_type')}.")
    derived = r["note"].fillna("").str.startswith("seat type derived")
    if derived.any():
        sentences.append(
            f"The seat type of {prose.count(int(derived.sum()))} deputies is derived, not "
            "sourced: every elected seat of that election was a party-list seat, so a deputy "
            "with a party group is counted as elected on a list (each row's note says so)."
        )
    return prose.paragraph(*sentences)


def turnover(turnovers: list[dict[str, Any]], chamber: str) -> Markdown:
    """Who returned from one convocation to the next, where both rosters are complete.

    ``turnovers`` is :func:`kazparl.members.turnovers`.
    """
    if not turnovers:
        return prose.not_applicable(
            "Turnover",
            f"no two consecutive convocations of {deputies.chamber_name(chamber)} have "
            "complete rosters with one kind of person id",
        )
    sentences = []
    for t in turnovers:
        later = deputies.chamber_name(chamber, t["later"])
        sentences.append(
            f"**{prose.count(t['returned'])} of the {prose.count(t['listed_later'])} deputies** "
            f"of {later} ({prose.pct(t['returned_pct'])}) had sat in the "
            f"{prose.ordinal(t['earlier'])} convocation; {prose.count(t['new'])} were new."
        )
    sentences.append(
        "Both rosters list the whole chamber and carry the same parlam.kz person id, so "
        "these counts are exact; a deputy who sat earlier but not in the convocation just "
        "before counts as new."
    )
    return prose.paragraph(*sentences)
