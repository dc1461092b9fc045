"""The suite's audit of its own text: no number derived from data/ is typed into Markdown.

A sentence that states a figure from the data must be written by a library function and
shown as a cell output (nbval then compares it). Markdown cells of ``notebooks/`` and
``book/*.ipynb`` keep the explanation, method and caveats; the only numbers they may hold are
those of the kinds allowed below, each with its reason. Everything inside a quotation (the
paper's or a law's own words, checked by the paper audit where they are the paper's), inside
inline code, a formula or a link target is not prose of ours and is skipped.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kazparl import paths, reports

NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])")

#: Spans that are not our prose: a number inside them is never ours to check.
SKIPPED = [
    ("code", r"`[^`]*`", "inline code: a parameter value, a formula, a file name"),
    (
        "quotation",
        r"\"[^\"]*\"|“[^”]*”",
        "the words of a source, not ours (the paper audit checks the paper's)",
    ),
    ("link target", r"\]\([^)]*\)", "a URL"),
    ("formula", r"\$[^$]*\$", "a formula"),
]

#: The numbers our own prose may state, by kind, each with its reason. A number of any other
#: kind is a data-derived figure typed by hand, and fails the test.
ALLOWED = [
    (
        "year",
        r"(?<![\d.])(?:1[89]\d\d|20\d\d)(?:\s?[–-]\s?(?:1[89]\d\d|20\d\d|\d\d))?s?(?![\d%])",
        "a year or a range of years names a period; it is not a measurement",
    ),
    ("short year", r"'\d\d\b", "an abbreviated year ('07)"),
    (
        "date",
        r"\b\d{1,2}(?:\s?[–-]\s?\d{1,2})? (?:January|February|March|April|May|June|July|"
        r"August|September|October|November|December)\b",
        "the day of a date (15 March 2026)",
    ),
    (
        "date",
        r"\b(?:January|February|March|April|May|June|July|August|September|October|"
        r"November|December) \d{1,2}\b",
        "the day of a date (August 18)",
    ),
    ("line reference", r"\blines? \d+(?:\s?[–-]\s?\d+)?", "line numbers of the shared paper text"),
    (
        "page or section",
        r"\b(?:p\.|pp\.|page|section|s\.|Article|Articles|footnote|chapter)\s?"
        r"\d+(?:[.(]\d+\)?)*(?:\s?(?:[–-]|and)\s?\d+(?:[.(]\d+\)?)*)?",
        "a page, section, footnote or article of a source or a law",
    ),
    ("ordinal", r"\b\d+(?:st|nd|rd|th)\b", "an ordinal naming a convocation or a rank"),
    ("time", r"\b\d{1,2}:\d\d\b", "a reporting time on election night"),
    ("list item", r"(?m)^\s*\d+\.\s", "the number of an item in a numbered list"),
    ("heading", r"(?m)^#+ \d+", "a heading number"),
    (
        "thresholds",
        r"\b(?:3|5|7)(?:\s?%| per ?cent)(?: (?:and|or) (?:3|5|7)\s?%)*",
        "legal thresholds (7% from 2007, 5% from 2023 and for the Kurultai) and the 3% the CPPK "
        "asked for: constants of the law and of the paper's question, not results",
    ),
    ("quota", r"\b30\s?% (?:party-list |list )?quota", "the 30% list quota of the election law"),
    (
        "method constants",
        r"\b95\s?%|\b0\.7\b|\b1\.4826\b|\b3\.5\b|[½]",
        "constants of the methods: 95% confidence, the 0.7 runner-up coefficient, the MAD scale, "
        "the robust-z cut-off",
    ),
    (
        "ipu brackets",
        r"\bunder (?:30|40|45)\b|\b(?:30|40|45) or under\b|\b(?:30, 40|40) and 45\b",
        "the IPU's age brackets, fixed by its reporting",
    ),
    (
        "band edges",
        r"\b\d\d\s?[–-]\s?\d\d(?= band|,| and)|\b\d\d and (?:over|older)",
        "the age bands as the sources define them",
    ),
    (
        "assumed sample sizes",
        r"\b300, 1,000 and 2,000\b",
        "the assumed sample sizes the notebook tries (method choices, not data)",
    ),
]

AUDITED = [
    *reports.list_notebooks(paths.NOTEBOOKS_DIR),
    *reports.list_notebooks(paths.ROOT / "book"),
]


def markdown_cells(notebook: Path) -> list[tuple[int, str]]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [(i, "".join(c["source"])) for i, c in enumerate(cells) if c["cell_type"] == "markdown"]


def _spans(text: str, patterns) -> list[tuple[int, int]]:
    return [m.span() for _, pattern, _ in patterns for m in re.finditer(pattern, text)]


def hand_typed_numbers(text: str) -> list[str]:
    """The numbers of ``text`` that are of no allowed kind, each with a little context."""
    skipped = _spans(text, SKIPPED)
    allowed = _spans(text, ALLOWED)
    found = []
    for match in NUMBER.finditer(text):
        start, end = match.span()
        if any(a <= start and end <= b for a, b in skipped + allowed):
            continue
        context = text[max(0, start - 30) : end + 30].replace("\n", " ")
        found.append(f"{match.group()!r} in '…{context}…'")
    return found


@pytest.mark.parametrize("notebook", AUDITED, ids=lambda p: str(p.relative_to(paths.ROOT)))
def test_no_hand_typed_figure_in_markdown(notebook: Path) -> None:
    problems = [
        f"cell {i}: {number}"
        for i, text in markdown_cells(notebook)
        for number in hand_typed_numbers(text)
    ]
    assert not problems, (
        "numbers typed into Markdown (write them with a kazparl.findings function, or add the "
        "kind to ALLOWED with its reason):\n  " + "\n  ".join(problems)
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "the median computed from the bands is about 53.1, not the paper's",
        "In 2007, 4 of 107 deputies (3.7%) were under 40",
        "the fall of 'was a democracy' (p ≈ 0.13) would not",
        "about 51 points in 2012, 60 in 2016, 43 in 2021 and 2022",
        "fell from 88% (2007) to 56% in 2023",
        "Nur Otan won all 98 list seats",
    ],
)
def test_the_audit_catches_figures_typed_by_hand(sentence: str) -> None:
    assert hand_typed_numbers(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "the 7% threshold of 2007 and the 5% of 2023 (lines 293–295)",
        'the paper says "four deputies ... younger than 40, another 36"',
        "the CEC's figures reported at 22:00 on 15 March 2026",
        "a 95% interval; `assumed_n = 1000`",
        "the 4th convocation, under 40 and 40 or under",
    ],
)
def test_the_audit_allows_the_kinds_it_lists(sentence: str) -> None:
    assert hand_typed_numbers(sentence) == []
