"""Every report of the plan says only what is true for its own parameters.

The plan's non-default entries are built once (into a temporary folder) and read:

- a cell whose output depends on a parameter the entry changes (directly, or through a
  variable computed from it: a small data-flow reading of the cells with ``ast``) must not
  show the default report's sentence: the default's findings never appear in another report;
- no report shows ``NaN`` or ``<NA>``; a section that does not apply says so in one line;
- the cases a reader would check first: the Senate of 2007 and the Majilis of 2023 have no
  age bands, the Majilis of 2012 and 2016 state ages with how many are known, 2023 has no
  figures in the paper, a topic's report explains only that topic.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from kazparl import reports

pytestmark = pytest.mark.slow

PLAN = reports.load_plan()
OTHERS = [e for e in PLAN if e.parameters]
MISSING = re.compile(r"\bNaN\b|<NA>|\bnan\b")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    outcomes = reports.build(
        only=[e.key for e in OTHERS], reports_dir=out, jobs=2, log=lambda *_: None
    )
    failed = [f"{o.entry.key}: {o.error}" for o in outcomes if o.status != "built"]
    assert not failed, failed
    return out


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text_of(cell: dict, mime: str = "text/markdown") -> str:
    return "".join("".join(out.get("data", {}).get(mime, "")) for out in cell.get("outputs", []))


def depends_on(sources: list[str], changed: set[str]) -> list[bool]:
    """For each code cell (in order), whether it reads a changed parameter or a name computed
    from one: statement by statement, a name assigned from tainted names is tainted, and a
    name assigned again from untainted ones is clean again."""
    tainted = set(changed)
    out = []
    for source in sources:
        hit = False
        for statement in ast.parse(source).body:
            names = [n for n in ast.walk(statement) if isinstance(n, ast.Name)]
            loads = {n.id for n in names if isinstance(n.ctx, ast.Load)}
            stores = {n.id for n in names if isinstance(n.ctx, ast.Store)}
            if loads & tainted:
                hit = True
                tainted |= stores
            else:
                tainted -= stores
        out.append(hit)
    return out


def code_cells(path: Path) -> list[dict]:
    return [
        c
        for c in cells(path)
        if c["cell_type"] == "code"
        and "parameters" not in c["metadata"].get("tags", [])
        and "injected-parameters" not in c["metadata"].get("tags", [])
    ]


def test_the_data_flow_reading_follows_variables() -> None:
    flags = depends_on(["p = f(chamber)", "x = g()", "h(p)", "print(x)"], {"chamber"})
    assert flags == [True, False, True, False]
    # a name assigned again from clean values is clean again
    assert depends_on(["cols = [chamber]", "cols = ['a']\nshow(t, cols)"], {"chamber"}) == [
        True,
        False,
    ]


@pytest.mark.parametrize("entry", OTHERS, ids=lambda e: e.key)
def test_no_report_repeats_the_defaults_findings(built: Path, entry) -> None:
    default = code_cells(entry.source)
    mine = code_cells(built / entry.notebook / f"{entry.name}.ipynb")
    assert ["".join(c["source"]) for c in default] == ["".join(c["source"]) for c in mine]
    defaults = reports.declared_parameters(entry.source)
    changed = {k for k, v in entry.parameters.items() if v != defaults[k].default}
    flags = depends_on(["".join(c["source"]) for c in mine], changed)
    repeated = [
        "".join(c["source"])
        for c, d, flag in zip(mine, default, flags, strict=True)
        if flag and text_of(c) and text_of(c) == text_of(d)
    ]
    assert not repeated, f"{entry.key} repeats the default report's sentences in: {repeated}"


@pytest.mark.parametrize("entry", PLAN, ids=lambda e: e.key)
def test_no_report_shows_a_missing_value_as_nan(built: Path, entry) -> None:
    path = (
        built / entry.notebook / f"{entry.name}.ipynb"
        if entry.parameters
        else entry.source  # the default report is the stored notebook
    )
    shown = [
        text_of(c, mime)
        for c in cells(path)
        if c["cell_type"] == "code"
        for mime in ("text/markdown", "text/html")
    ]
    found = [m.group() for text in shown for m in MISSING.finditer(text)]
    assert not found, f"{entry.key} shows {found[:5]}"


def report_text(built: Path, key: str) -> str:
    notebook, name = key.split("/")
    return "\n".join(text_of(c) for c in cells(built / notebook / f"{name}.ipynb"))


@pytest.mark.parametrize("key", ["deputy_profiles/senate-4", "deputy_profiles/majilis-8"])
def test_a_chamber_without_age_bands_says_so_and_states_no_band_figure(built: Path, key) -> None:
    text = report_text(built, key)
    assert "The age-band profile does not apply here" in text
    # the chosen chamber's own band figures; the comparison across convocations names 2007
    assert "The median interpolated from the bands is about" not in text
    assert "were under 40" not in text


@pytest.mark.parametrize("convocation", [5, 6])
def test_a_rostered_convocation_states_ages_with_their_coverage(built: Path, convocation) -> None:
    from kazparl import data

    people = data.load("people").set_index("person_id")
    mandates = data.load("mandates")
    chosen = mandates[(mandates["chamber"] == "majilis") & (mandates["convocation"] == convocation)]
    known = int(people.loc[chosen["person_id"], "birth_date"].notna().sum())
    text = report_text(built, f"deputy_profiles/majilis-{convocation}").replace("\n", " ")
    assert f"**{known} have a known birth date**" in text
    assert f"The other **{107 - known} deputies** have no birth date" in text
    assert "The age profile from birth dates does not apply" not in text


def test_the_2023_report_says_the_paper_has_no_figures_for_it(built: Path) -> None:
    text = report_text(built, "vote_shares/majilis-2023")
    assert "2023" in text
    assert "paper" in text and "no list figures" in text.replace("\n", " ")


def test_a_topics_report_explains_only_that_topics_claims(built: Path) -> None:
    from kazparl import audit

    claims = audit.claims().set_index("claim_id")["topic"].astype(str)
    text = report_text(built, "paper_claims/election-results")
    named = set(re.findall(r"\b(c\d{3}) \(line", text))
    assert named, "no claim explained"
    assert {claims[c] for c in named} == {"election_results"}
