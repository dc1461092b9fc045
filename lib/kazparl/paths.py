"""Where things live, and content fingerprints of them (standard library only, so it is fast).

The project root is found from this file (``lib/kazparl/paths.py``), never from the current
directory, so notebooks run the same from JupyterLab, papermill, nbval or a copy of the tree.
``KAZPARL_DATA`` points the suite at another data folder (the tests use it on a modified copy).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIB_DIR = ROOT / "lib" / "kazparl"
NOTEBOOKS_DIR = ROOT / "notebooks"
REPORTS_DIR = ROOT / "reports"


def notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The notebooks of ``folder``, sorted; hidden files (``.name.tmp123.ipynb``) excluded."""
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))


def data_dir() -> Path:
    """The data package folder: ``$KAZPARL_DATA`` if set, else ``<root>/data``."""
    env = os.environ.get("KAZPARL_DATA")
    return Path(env).resolve() if env else ROOT / "data"


def fingerprint(paths: Iterable[Path], *, root: Path | None = None) -> str:
    """SHA-256 over the names and bytes of ``paths`` (sorted), as 64 hex digits.

    Names are taken relative to ``root`` when given, so a copy of the tree elsewhere has
    the same fingerprint.
    """
    digest = hashlib.sha256()
    for path in sorted(Path(p) for p in paths):
        name = path.relative_to(root) if root else path.name
        digest.update(str(name).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def data_files(folder: Path | None = None) -> list[Path]:
    """The files that make up the data package: ``datapackage.json`` and its CSV tables."""
    folder = folder or data_dir()
    return sorted([folder / "datapackage.json", *folder.glob("*.csv")])


def data_version(folder: Path | None = None) -> str:
    """The data package's declared version and a short content hash, e.g. ``0.1.0+3f2a9c1d``.

    Any change to any table, even one figure, changes the hash.
    """
    folder = folder or data_dir()
    declared = json.loads((folder / "datapackage.json").read_text()).get("version", "0")
    return f"{declared}+{fingerprint(data_files(folder), root=folder)[:8]}"


def library_files() -> list[Path]:
    """The library's source files, subpackages included (what a report depends on besides
    data and notebook): every ``*.py`` under ``lib/kazparl``, sorted, none in ``__pycache__``."""
    return sorted(
        p for p in LIB_DIR.rglob("*.py") if "__pycache__" not in p.relative_to(LIB_DIR).parts
    )


SEED_NAME = "parliament-and-political-parties-in-kazakhstan-2008.txt"


def seed_text() -> Path | None:
    """The shared text of the 2008 paper, whose line numbers the data cite (``source_locator``).

    It is not part of the repository (it is the paper's text, not ours): ``$KAZPARL_SEED`` or
    ``../shared/seed/`` beside the checkout. None when neither exists.
    """
    env = os.environ.get("KAZPARL_SEED")
    candidates = [Path(env)] if env else []
    candidates.append(ROOT.parent / "shared" / "seed" / SEED_NAME)
    return next((p for p in candidates if p.is_file()), None)
