"""Prepare the teaching site (``make book``): copy the chapters, write the generated pages.

The site is built by Jupyter Book 1 from ``book/`` (its own environment, ``.venv-book``).
Before each build this module copies the executed notebooks of ``notebooks/`` to
``book/chapters/`` and writes ``book/generated/data.md`` (every table and field of
``data/datapackage.json``, with the sources) and ``book/generated/cite.md`` (from
``CITATION.cff``), so that the site always shows the current data and notebooks.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from kazparl import paths

BOOK_DIR = paths.ROOT / "book"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def data_page(package: dict, sources_rows: int) -> str:
    """Markdown describing the data package: tables, fields (type, unit, description)."""
    lines = [
        "# The data package",
        "",
        package.get("description", ""),
        "",
        f"Version {package.get('version', '?')}. {len(package['resources'])} tables; "
        f"{sources_rows} sources in the `sources` table. The files are in `data/` of the "
        "repository, described by `data/datapackage.json` (a Frictionless Data Package).",
        "",
    ]
    for res in package["resources"]:
        lines += [f"## `{res['name']}`: {res.get('title', '')}", "", res.get("description", ""), ""]
        lines += ["| field | type | unit | description |", "|---|---|---|---|"]
        for field in res["schema"]["fields"]:
            row = [
                f"`{field['name']}`",
                field.get("type", "string"),
                field.get("unit", ""),
                field.get("description", ""),
            ]
            lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
        lines.append("")
    return "\n".join(lines)


def cite_page(citation: dict) -> str:
    """Markdown "how to cite" page from the parsed ``CITATION.cff``."""
    authors = ", ".join(
        a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}"
        for a in citation.get("authors", [])
    )
    lines = [
        "# How to cite",
        "",
        citation.get("message", ""),
        "",
        "```text",
        f"{authors} ({str(citation.get('date-released', ''))[:4]}). {citation.get('title')}. "
        f"Version {citation.get('version')}.",
        "```",
        "",
        "Cite the original sources of the figures you use too: every row of the data package "
        "names its source in `source_id`, listed with title, publisher, date and URL in the "
        "`sources` table (see [the data page](data)).",
        "",
    ]
    for ref in citation.get("references", []):
        who = ", ".join(
            f"{a.get('given-names', '')} {a.get('family-names', '')}".strip()
            for a in ref.get("authors", [])
        )
        lines += [
            "The paper the suite starts from:",
            "",
            "```text",
            f"{who} ({ref.get('year')}). {ref.get('title')}. "
            f"{ref.get('collection-title', '')}, {ref.get('publisher', {}).get('name', '')}.",
            "```",
            "",
        ]
    return "\n".join(lines)


def prepare(book_dir: Path = BOOK_DIR) -> list[Path]:
    """Copy the chapters and write the generated pages; returns the files written."""
    import yaml

    written = []
    chapters = book_dir / "chapters"
    shutil.rmtree(chapters, ignore_errors=True)
    chapters.mkdir(parents=True)
    for notebook in paths.notebooks():
        written.append(Path(shutil.copy(notebook, chapters / notebook.name)))
    generated = book_dir / "generated"
    generated.mkdir(exist_ok=True)
    package = json.loads((paths.data_dir() / "datapackage.json").read_text())
    sources = (paths.data_dir() / "sources.csv").read_text().count("\n") - 1
    (generated / "data.md").write_text(data_page(package, sources), encoding="utf-8")
    citation = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text())
    (generated / "cite.md").write_text(cite_page(citation), encoding="utf-8")
    written += [generated / "data.md", generated / "cite.md"]
    return written
