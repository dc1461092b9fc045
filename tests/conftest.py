"""Shared fixtures: a private copy of the data package to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kazparl import paths


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of data/ that the suite (and any kernel started from here) reads instead."""
    folder = tmp_path / "data"
    shutil.copytree(paths.ROOT / "data", folder)
    monkeypatch.setenv("KAZPARL_DATA", str(folder))
    return folder


def edit_csv(path: Path, line: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in line ``line`` (1-based) of a CSV file; fail if absent."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line - 1], f"{old!r} not in line {line} of {path.name}: {lines[line - 1]!r}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")
