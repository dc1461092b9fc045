"""Notebook cells are calls: short, with no figure drawn by hand, no colour and no source typed.

The notebooks tell the story and call the library; what a cell would compute or draw belongs in
``kazparl`` with a test. These checks read the stored notebooks of ``notebooks/`` (the teaching
notebooks of ``book/`` show library calls to students and follow the same rules).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kazparl import data, paths

NOTEBOOKS = [*paths.notebooks(), *paths.notebooks(paths.ROOT / "book")]
MAX_LINES = 15
HAND_DRAWN = re.compile(r"\bimport matplotlib|\bplt\.|\bsns\.|\bax\.|\.plot\(|\.barh\(")
COLOUR = re.compile(r"[\"']#[0-9a-fA-F]{6}[\"']")


def code_cells(notebook: Path) -> list[tuple[int, str]]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [(i, "".join(c["source"])) for i, c in enumerate(cells) if c["cell_type"] == "code"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_no_code_cell_is_over_fifteen_lines(notebook: Path) -> None:
    long = [
        (i, len([line for line in source.splitlines() if line.strip()]))
        for i, source in code_cells(notebook)
    ]
    assert [c for c in long if c[1] > MAX_LINES] == []


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_no_figure_is_drawn_by_hand_and_no_colour_is_typed(notebook: Path) -> None:
    found = [
        (i, match.group())
        for i, source in code_cells(notebook)
        for pattern in (HAND_DRAWN, COLOUR)
        for match in pattern.finditer(source)
    ]
    assert found == [], "draw figures with kazparl.plotting"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_no_cell_names_a_source(notebook: Path) -> None:
    ids = set(data.load("sources")["source_id"])
    found = [
        (i, s)
        for i, source in code_cells(notebook)
        for s in re.findall(r"[\"']([a-z0-9][a-z0-9.-]+)[\"']", source)
        if s in ids
    ]
    assert found == [], "sources travel with the data: captions come from kazparl.sources"
