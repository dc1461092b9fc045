"""The report plan (``reports/plan.toml``), its entries' content hashes, and the manifest.

The manifest (``reports/manifest.json``) records, per entry, the last attempt's status and the
hash and facts of the last good build; the runner skips an entry whose hash is unchanged.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kazparl import paths
from kazparl.reports.execute import write_atomic
from kazparl.reports.parameters import PlanError, _cells, _source, check_parameters

__all__ = [
    "MANIFEST_FILE",
    "PLAN_FILE",
    "Entry",
    "PlanError",
    "entry_hash",
    "filled_parameters",
    "list_notebooks",
    "load_plan",
    "notebook_summary",
    "notebook_title",
    "outputs",
    "read_manifest",
    "reconcile_manifest",
    "write_manifest",
]

PLAN_FILE = "plan.toml"
MANIFEST_FILE = "manifest.json"
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


@dataclass(frozen=True)
class Entry:
    """One report: a notebook run with one named parameter set."""

    notebook: str
    name: str
    parameters: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    description: str = ""
    group: str = ""

    @property
    def key(self) -> str:
        return f"{self.notebook}/{self.name}"

    @property
    def source(self) -> Path:
        return paths.NOTEBOOKS_DIR / f"{self.notebook}.ipynb"


def list_notebooks(folder: Path) -> list[Path]:
    """The notebooks of ``folder`` without hidden files (:func:`kazparl.paths.notebooks`)."""
    return paths.notebooks(folder)


def notebook_title(notebook: Path) -> str:
    """The first Markdown heading of a notebook (its title), else its file name."""
    for cell in _cells(notebook):
        if cell.get("cell_type") == "markdown":
            for line in _source(cell).splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return notebook.stem


def notebook_summary(notebook: Path, limit: int = 220) -> str:
    """The first sentence of a notebook's first paragraph after its title, for the index.

    Markdown emphasis and links are reduced to their text; a sentence over ``limit``
    characters is cut at a word with an ellipsis.
    """
    for cell in _cells(notebook):
        if cell.get("cell_type") != "markdown":
            continue
        text = " ".join(
            line.strip() for line in _source(cell).splitlines() if not line.startswith("#")
        ).strip()
        if not text:
            continue
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](link) -> text
        text = re.sub(r"[*_`]", "", text)
        first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text, maxsplit=1)[0]
        if len(first) > limit:
            first = first[:limit].rsplit(" ", 1)[0] + " …"
        return first
    return ""


def filled_parameters(entry: Entry) -> dict[str, Any]:
    """The entry's parameters with the notebook's defaults filled in, in declared order."""
    from kazparl.reports.parameters import declared_parameters

    declared = declared_parameters(entry.source)
    return {name: entry.parameters.get(name, p.default) for name, p in declared.items()}


def expansion_choices(spec: str) -> list[Any]:
    """The values of ``"module:function"`` (a function of the library returning a parameter's
    valid choices, e.g. ``kazparl.turnout:available``), cached per data package version in
    ``build/plan-choices.json`` so that a no-op build does not load the data to learn them."""
    module, _, function = spec.partition(":")
    if not module.startswith("kazparl.") or not function:
        raise PlanError(f"choices = {spec!r}: give 'kazparl.<module>:<function>'")
    cache_path = paths.ROOT / "build" / "plan-choices.json"
    version = paths.fingerprint(paths.data_files(), root=paths.data_dir())
    try:
        cache = json.loads(cache_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cache = {}
    if not isinstance(cache, dict) or cache.get("data") != version:
        cache = {"data": version}
    if spec not in cache:
        import importlib

        try:
            values = getattr(importlib.import_module(module), function)()
        except (ImportError, AttributeError) as exc:
            raise PlanError(f"choices = {spec!r}: {exc}") from None
        cache[spec] = list(values)
        with contextlib.suppress(OSError):
            write_atomic(cache_path, json.dumps(cache, indent=1, ensure_ascii=False))
    return list(cache[spec])


def _expanded(item: dict[str, Any], where: str) -> list[dict[str, Any]]:
    """One plan item per valid choice of the parameter its ``expand`` names; the notebook's
    default value is left out (that report is the ``default`` entry)."""
    spec = item.get("expand")
    if spec is None:
        return [item]
    if not isinstance(spec, dict) or set(spec) != {"parameter", "choices"}:
        raise PlanError(f"{where}: expand = {{ parameter = ..., choices = ... }}, got {spec!r}")
    from kazparl.reports.parameters import declared_parameters

    source = paths.NOTEBOOKS_DIR / f"{item.get('notebook', '')}.ipynb"
    declared = declared_parameters(source) if source.exists() else {}
    parameter = spec["parameter"]
    if parameter not in declared:
        accepted = ", ".join(declared) or "none"
        raise PlanError(f"{where}: expand names {parameter!r}; accepted parameters: {accepted}")
    template = item.get("name", "{value}")
    items = []
    for value in expansion_choices(spec["choices"]):
        if value == declared[parameter].default:
            continue
        one = {k: v for k, v in item.items() if k != "expand"}
        one["name"] = template.replace("{value}", str(value))
        one["parameters"] = {**item.get("parameters", {}), parameter: value}
        title = item.get("title") or notebook_title(source)
        one["title"] = f"{title}: {str(value).replace('-', ' ').capitalize()}"
        one["group"] = item.get("group") or title
        items.append(one)
    return items


def load_plan(path: Path | None = None) -> list[Entry]:
    """Read and check the report plan: notebooks exist, names are unique, parameters fit.

    An item with ``expand = { parameter = "election", choices = "kazparl.turnout:available" }``
    becomes one entry per valid choice (its ``name`` a template with ``{value}``), so a
    scheduled build covers a new election without editing the plan; the index groups them.
    """
    path = path or paths.REPORTS_DIR / PLAN_FILE
    try:
        plan = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PlanError(f"report plan not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise PlanError(f"{path.name}: not valid TOML: {exc}") from None
    available = [p.stem for p in list_notebooks(paths.NOTEBOOKS_DIR)]
    descriptions = plan.get("descriptions", {})
    entries: list[Entry] = []
    keys = {"notebook", "name", "parameters", "title", "description", "expand", "group"}
    for i, raw in enumerate(plan.get("report", []), start=1):
        where = f"{path.name}, report {i}"
        unknown = set(raw) - keys
        if unknown:
            raise PlanError(f"{where}: unknown keys {sorted(unknown)}")
        if raw.get("notebook", "") not in available:
            raise PlanError(
                f"{where}: no notebook {raw.get('notebook', '')!r} in notebooks/; "
                f"available: {', '.join(available)}"
            )
        for item in _expanded(raw, where):
            entries.append(_entry(item, where, descriptions, entries))
    if not entries:
        raise PlanError(f"{path.name}: no [[report]] entries")
    return entries


def _entry(
    item: dict[str, Any], where: str, descriptions: dict[str, str], entries: list[Entry]
) -> Entry:
    nb, name = item["notebook"], item.get("name", "default")
    if not _NAME.fullmatch(name):
        raise PlanError(f"{where}: name {name!r} must match {_NAME.pattern}")
    parameters = dict(item.get("parameters", {}))
    if any(e.key == f"{nb}/{name}" for e in entries):
        raise PlanError(f"{where}: {nb}/{name} is listed twice")
    source = paths.NOTEBOOKS_DIR / f"{nb}.ipynb"
    check_parameters(source, parameters)
    title = item.get("title", "")
    if not title:
        base = notebook_title(source)
        title = base if name == "default" else f"{base} ({name})"
    description = item.get("description", descriptions.get(nb, "")) or notebook_summary(source)
    return Entry(nb, name, parameters, title, description, item.get("group", ""))


def outputs(entry: Entry, reports_dir: Path) -> tuple[Path, Path]:
    """An entry's executed notebook and HTML page: ``<notebook>/<name>.{ipynb,html}``."""
    folder = reports_dir / entry.notebook
    return folder / f"{entry.name}.ipynb", folder / f"{entry.name}.html"


# --------------------------------------------------------------------------- hashing, manifest


def entry_hash(entry: Entry, data_fp: str, lib_fp: str) -> str:
    """What a report depends on: its notebook, its parameters, the data and the library."""
    digest = hashlib.sha256()
    digest.update(entry.source.read_bytes())
    digest.update(json.dumps(entry.parameters, sort_keys=True).encode())
    digest.update(data_fp.encode())
    digest.update(lib_fp.encode())
    return digest.hexdigest()


def _well_formed(manifest: Any) -> str:
    """Why ``manifest`` is not the shape a build writes, or "" when it is."""
    if not isinstance(manifest, dict):
        return f"the top level is a JSON {type(manifest).__name__}, not an object"
    entries = manifest.get("entries", {})
    if not isinstance(entries, dict):
        return "'entries' is not an object"
    for key, rec in entries.items():
        if not isinstance(rec, dict) or not isinstance(rec.get("last_good", {}), dict):
            return f"entry {key!r} is not an object with a 'last_good' object"
    if not isinstance(manifest.get("plan", []), list):
        return "'plan' is not a list"
    return ""


def read_manifest(reports_dir: Path, log: Callable[[str], object] = print) -> dict[str, Any]:
    """The manifest of ``reports_dir``; empty when missing.

    A manifest that is not UTF-8 JSON of the shape a build writes is moved aside to
    ``manifest.json.corrupt-<time>`` with a warning, and the build carries on without it (every
    entry is rebuilt; nothing else is lost).
    """
    path = reports_dir / MANIFEST_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    try:
        manifest = json.loads(raw.decode("utf-8"))
        problem = _well_formed(manifest)
    except UnicodeDecodeError as exc:
        problem = f"not UTF-8 (byte {exc.start})"
    except json.JSONDecodeError as exc:
        problem = f"not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
    if not problem:
        return manifest
    stamp = time.strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{MANIFEST_FILE}.corrupt-{stamp}")
    try:
        os.replace(path, aside)
        where = f"moved aside to {aside.name}"
    except OSError as exc:
        where = f"left in place ({exc.strerror})"
    log(f"[warn ] {path}: {problem}; {where}; every entry will be rebuilt")
    return {}


def reconcile_manifest(records: dict[str, Any], entries: list[Entry], reports_dir: Path) -> None:
    """Mark the entries the manifest calls ``ok`` whose files are not on disk as ``missing``
    (deleted by hand, or a manifest from elsewhere); the build then rebuilds them."""
    for entry in entries:
        rec = records.get(entry.key)
        if rec and rec.get("status") == "ok" and not all(
            p.exists() for p in outputs(entry, reports_dir)
        ):
            rec["status"], rec["error"] = "missing", "its files are not on disk"


def write_manifest(reports_dir: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest of ``reports_dir`` atomically."""
    write_atomic(reports_dir / MANIFEST_FILE, json.dumps(manifest, indent=2, sort_keys=True))
