"""The report runner: execute the report plan with papermill, export HTML, write the index.

The plan (``reports/plan.toml``) lists entries, each a notebook and a named parameter set::

    [[report]]
    notebook = "data_overview"      # notebooks/data_overview.ipynb
    name = "default"                # -> reports/data_overview/default.{ipynb,html}
    parameters = {}                 # overrides of the notebook's `parameters` cell

:func:`build` runs the entries in parallel processes (one kernel each) and is

- *checked*: parameter names and types are checked against each notebook's ``parameters`` cell
  before any kernel starts;
- *incremental*: an entry whose notebook, parameters, data package and library are unchanged
  since its last good build (content hashes in ``reports/manifest.json``) is skipped;
- *atomic*: outputs are written to temporary files and renamed, so a failed or interrupted
  entry leaves its last good report in place; the failure is recorded in the index;
- *honest*: it prints each entry's start and end, a summary table, and returns non-zero
  when any entry failed.

Only the standard library is imported here at start-up: a no-op build never loads papermill.
"""

from __future__ import annotations

import ast
import concurrent.futures as cf
import html
import json
import os
import re
import signal
import sys
import time
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kazparl import paths

__all__ = [
    "Entry",
    "Parameter",
    "PlanError",
    "build",
    "check_parameters",
    "declared_parameters",
    "load_plan",
    "run_notebook",
]

KERNEL = "kazparl"
CELL_TIMEOUT = 600  # seconds per cell: a hung kernel becomes an error, not a stalled build
PLAN_FILE = "plan.toml"
MANIFEST_FILE = "manifest.json"
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
# Keys papermill writes that change on every run; dropped from notebooks kept in git.
_VOLATILE_CELL_KEYS = ("papermill", "execution")


class PlanError(ValueError):
    """The plan or a parameter set is wrong; the message says where and what is accepted."""


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Parameter:
    """A parameter of a notebook's ``parameters`` cell: ``name: type = default  # help``."""

    name: str
    type: str | None
    default: Any
    help: str = ""


def _cells(notebook: Path) -> list[dict[str, Any]]:
    try:
        return json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except FileNotFoundError:
        raise PlanError(f"notebook not found: {notebook}") from None


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def declared_parameters(notebook: Path) -> dict[str, Parameter]:
    """The parameters a notebook declares in its cell tagged ``parameters``.

    Read with :mod:`ast` (no kernel, no papermill import); agrees with
    ``papermill.inspect_notebook`` on names and defaults.
    """
    for cell in _cells(notebook):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get(
            "tags", []
        ):
            return _parse_parameters(_source(cell), notebook)
    raise PlanError(f"{notebook.name}: no cell tagged 'parameters'")


def _parse_parameters(source: str, notebook: Path) -> dict[str, Parameter]:
    lines = source.splitlines()
    out: dict[str, Parameter] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            name, kind, value = node.target.id, ast.unparse(node.annotation), node.value
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name, kind, value = node.targets[0].id, None, node.value
        else:
            continue
        try:
            default = ast.literal_eval(value) if value is not None else None
        except ValueError as exc:
            raise PlanError(
                f"{notebook.name}: default of parameter {name!r} must be a literal"
            ) from exc
        line = lines[node.lineno - 1]
        comment = line.split("#", 1)[1].strip() if "#" in line else ""
        out[name] = Parameter(name, kind, default, comment)
    return out


def _type_ok(value: Any, annotation: str | None) -> bool:
    if annotation is None:
        return True
    simple = {
        "str": lambda v: isinstance(v, str),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
        "None": lambda v: v is None,
    }
    optional = re.fullmatch(r"Optional\[(.+)\]", annotation.strip())
    if optional:  # Optional[X] is X | None (papermill reads this spelling, not the | one)
        annotation = f"{optional.group(1)} | None"
    for alt in (a.strip() for a in annotation.split("|")):
        inner = re.fullmatch(r"list\[(\w+)\]", alt)
        if inner and isinstance(value, list) and inner.group(1) in simple:
            if all(simple[inner.group(1)](v) for v in value):
                return True
        elif alt in simple and simple[alt](value):
            return True
        elif alt not in simple and not inner:
            return True  # an annotation we do not model: the notebook checks it
    return False


def check_parameters(notebook: Path, parameters: dict[str, Any]) -> dict[str, Parameter]:
    """Check names and types of ``parameters`` against what ``notebook`` declares.

    Raises :class:`PlanError` naming the notebook, the parameter and the accepted ones.
    Values (a year with no election) are checked by the notebook itself.
    """
    declared = declared_parameters(notebook)
    accepted = ", ".join(f"{p.name}: {p.type or 'any'}" for p in declared.values()) or "none"
    for name, value in parameters.items():
        if name not in declared:
            raise PlanError(
                f"{notebook.name}: unknown parameter {name!r}; accepted parameters: {accepted}"
            )
        if not _type_ok(value, declared[name].type):
            raise PlanError(
                f"{notebook.name}: parameter {name!r} = {value!r} is a {type(value).__name__}, "
                f"expected {declared[name].type}; accepted parameters: {accepted}"
            )
    return declared


def coerce(raw: str, annotation: str | None) -> Any:
    """A command-line string as a value of the declared type (``"007"`` stays a string)."""
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        value = raw
    if annotation and not _type_ok(value, annotation) and _type_ok(raw, annotation):
        return raw
    return value


# --------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class Entry:
    """One report: a notebook run with one named parameter set."""

    notebook: str
    name: str
    parameters: dict[str, Any] = field(default_factory=dict)
    title: str = ""

    @property
    def key(self) -> str:
        return f"{self.notebook}/{self.name}"

    @property
    def source(self) -> Path:
        return paths.NOTEBOOKS_DIR / f"{self.notebook}.ipynb"


def notebook_title(notebook: Path) -> str:
    """The first Markdown heading of a notebook (its title), else its file name."""
    for cell in _cells(notebook):
        if cell.get("cell_type") == "markdown":
            for line in _source(cell).splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return notebook.stem


def load_plan(path: Path | None = None) -> list[Entry]:
    """Read and check the report plan: notebooks exist, names are unique, parameters fit."""
    path = path or paths.REPORTS_DIR / PLAN_FILE
    try:
        plan = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PlanError(f"report plan not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise PlanError(f"{path.name}: not valid TOML: {exc}") from None
    available = sorted(p.stem for p in paths.NOTEBOOKS_DIR.glob("*.ipynb"))
    entries: list[Entry] = []
    for i, item in enumerate(plan.get("report", []), start=1):
        unknown = set(item) - {"notebook", "name", "parameters", "title"}
        if unknown:
            raise PlanError(f"{path.name}, report {i}: unknown keys {sorted(unknown)}")
        nb, name = item.get("notebook", ""), item.get("name", "default")
        if nb not in available:
            raise PlanError(
                f"{path.name}, report {i}: no notebook {nb!r} in notebooks/; "
                f"available: {', '.join(available)}"
            )
        if not _NAME.fullmatch(name):
            raise PlanError(f"{path.name}, report {i}: name {name!r} must match {_NAME.pattern}")
        entry = Entry(nb, name, dict(item.get("parameters", {})), item.get("title", ""))
        if any(e.key == entry.key for e in entries):
            raise PlanError(f"{path.name}: {entry.key} is listed twice")
        check_parameters(entry.source, entry.parameters)
        if not entry.title:
            base = notebook_title(entry.source)
            entry = Entry(
                nb, name, entry.parameters, base if name == "default" else f"{base} ({name})"
            )
        entries.append(entry)
    if not entries:
        raise PlanError(f"{path.name}: no [[report]] entries")
    return entries


# --------------------------------------------------------------------------- hashing, manifest


def entry_hash(entry: Entry, data_fp: str, lib_fp: str) -> str:
    """What a report depends on: its notebook, its parameters, the data and the library."""
    import hashlib

    digest = hashlib.sha256()
    digest.update(entry.source.read_bytes())
    digest.update(json.dumps(entry.parameters, sort_keys=True).encode())
    digest.update(data_fp.encode())
    digest.update(lib_fp.encode())
    return digest.hexdigest()


def _read_manifest(reports_dir: Path) -> dict[str, Any]:
    try:
        return json.loads((reports_dir / MANIFEST_FILE).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def _temporary(path: Path) -> Path:
    """A hidden sibling of ``path`` to write first and rename (``.name.tmp<pid>.ext``)."""
    return path.with_name(f".{path.stem}.tmp{os.getpid()}{path.suffix}")


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary(path)
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _outputs(entry: Entry, reports_dir: Path) -> tuple[Path, Path]:
    folder = reports_dir / entry.notebook
    return folder / f"{entry.name}.ipynb", folder / f"{entry.name}.html"


# --------------------------------------------------------------------------- executing one entry


def strip_volatile(nb: Any) -> Any:
    """Drop papermill's timestamps and durations, which change on every run."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        for key in _VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
    return nb


def _export_html(nb: Any, ipynb: Path, parameters: dict[str, Any], data_version: str) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    params = ", ".join(f"{k} = {v!r}" for k, v in sorted(parameters.items())) or "defaults"
    banner = (
        '<nav style="font:14px sans-serif;padding:8px 16px;background:#f3f5f8;'
        'border-bottom:1px solid #d0d7de">'
        '<a href="../index.html">All reports</a> · '
        f'<a href="{html.escape(ipynb.name)}">Executed notebook (with code)</a> · '
        f"parameters: {html.escape(params)} · data package {html.escape(data_version)}</nav>"
    )
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + banner, body, count=1)


def _kernel_manager_class() -> type:
    """A kernel manager using local (ipc) sockets in the temp folder: no network ports, and
    none of ipykernel's warnings about unencrypted TCP in the build log."""
    import tempfile
    import uuid

    from jupyter_client.manager import AsyncKernelManager

    class LocalKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.transport = "ipc"
            self.ip = os.path.join(tempfile.gettempdir(), f"kazparl-kernel-{uuid.uuid4().hex}")

    return LocalKernelManager


def _execute(
    source: Path, ipynb: Path, parameters: dict[str, Any], data_version: str
) -> dict[str, Any]:
    """Run ``source`` into ``ipynb`` and ``ipynb.html`` in this (worker) process.

    Outputs appear only complete (temporary file, then rename). Never raises for a notebook
    error: a failed run is kept as ``<name>.failed.ipynb`` beside the last good report.
    """
    _skip_slow_optional_imports()
    import nbformat
    import papermill as pm

    started = time.perf_counter()
    html_path = ipynb.with_suffix(".html")
    ipynb.parent.mkdir(parents=True, exist_ok=True)
    tmp_nb = _temporary(ipynb)
    tmp_html = _temporary(html_path)
    failed = ipynb.with_name(f"{ipynb.stem}.failed.ipynb")
    try:
        nb = pm.execute_notebook(
            str(source),
            str(tmp_nb),
            parameters=parameters,
            kernel_name=KERNEL,
            progress_bar=False,
            cwd=str(source.parent),
            kernel_manager_class=_kernel_manager_class(),
            request_save_on_cell_execute=False,  # write once at the end, not after every cell
            execution_timeout=CELL_TIMEOUT,
        )
        nb = strip_volatile(nb)
        nbformat.write(nb, str(tmp_nb))
        tmp_html.write_text(_export_html(nb, ipynb, parameters, data_version), encoding="utf-8")
        os.replace(tmp_nb, ipynb)
        os.replace(tmp_html, html_path)
        failed.unlink(missing_ok=True)
        return {"status": "ok", "duration": time.perf_counter() - started}
    except Exception as exc:  # a failing notebook must not stop the other entries
        if tmp_nb.exists():
            os.replace(tmp_nb, failed)  # kept for inspection, never over the good report
        tmp_html.unlink(missing_ok=True)
        return {
            "status": "failed",
            "duration": time.perf_counter() - started,
            "error": _describe_error(exc),
        }


def _describe_error(exc: Exception) -> str:
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        cell = getattr(exc, "exec_count", None)
        return f"{ename}: {evalue}" + (f" (cell [{cell}])" if cell else "")
    return f"{type(exc).__name__}: {exc}"


def _worker_init() -> None:
    """Prepare a worker process: ignore Ctrl-C (the main process handles it) and import
    papermill and nbconvert once, before the first entry."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _skip_slow_optional_imports()
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401


def _skip_slow_optional_imports() -> None:
    """Do not import ``rfc3987_syntax`` in runner processes.

    jupyterlab installs ``jsonschema[format-nongpl]``, whose optional ``rfc3987_syntax``
    compiles a grammar at import: 1.8 s of the 2.6 s that ``import papermill`` takes here
    (``python -X importtime``). jsonschema imports it only to check the ``iri`` formats, which
    the notebook schema (nbformat) never uses; marking it absent makes jsonschema skip them.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the build


@dataclass
class Outcome:
    entry: Entry
    status: str  # built | skipped | failed | not run
    duration: float = 0.0
    error: str = ""


def build(
    *,
    only: list[str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    plan: Path | None = None,
    reports_dir: Path | None = None,
    log=print,
) -> list[Outcome]:
    """Build the reports of the plan; see the module docstring. Returns one outcome per entry."""
    reports_dir = reports_dir or paths.REPORTS_DIR
    entries = load_plan(plan)
    if only:
        wanted = [e for e in entries if e.key in only or e.notebook in only]
        if not wanted:
            keys = ", ".join(e.key for e in entries)
            raise PlanError(f"--only {' '.join(only)} matches no entry; entries: {keys}")
        entries = wanted
    _remove_stale_temporaries(reports_dir)
    data_dir = paths.data_dir()
    data_fp = paths.fingerprint(paths.data_files(data_dir), root=data_dir)
    data_version = paths.data_version(data_dir)
    lib_fp = paths.fingerprint(paths.library_files(), root=paths.ROOT)
    manifest = _read_manifest(reports_dir)
    records = manifest.setdefault("entries", {})

    outcomes: dict[str, Outcome] = {}
    todo: list[tuple[Entry, str]] = []
    for entry in entries:
        digest = entry_hash(entry, data_fp, lib_fp)
        rec = records.get(entry.key, {})
        good = rec.get("last_good", {})
        if (
            not force
            and good.get("hash") == digest
            and all(p.exists() for p in _outputs(entry, reports_dir))
        ):
            outcomes[entry.key] = Outcome(entry, "skipped")
            rec["status"], rec["error"] = "ok", ""
        else:
            todo.append((entry, digest))

    if todo:
        try:
            _run(todo, jobs, reports_dir, data_version, records, outcomes, manifest, log)
        except KeyboardInterrupt:
            write_index(reports_dir, plan)
            raise
    manifest["plan"] = [e.key for e in load_plan(plan)]
    _write_atomic(reports_dir / MANIFEST_FILE, json.dumps(manifest, indent=2, sort_keys=True))
    write_index(reports_dir, plan)
    ordered = [outcomes.get(e.key, Outcome(e, "not run")) for e in entries]
    log(summary_table(ordered))
    return ordered


def _run(todo, jobs, reports_dir, data_version, records, outcomes, manifest, log) -> None:
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    previous = signal.getsignal(signal.SIGTERM)

    def _terminate(signum, frame):  # `kill` behaves like Ctrl-C: stop, keep what is good
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _terminate)
    pool = cf.ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init)
    try:
        futures = {}
        for entry, digest in todo:
            log(f"[start] {entry.key}")
            ipynb, _ = _outputs(entry, reports_dir)
            fut = pool.submit(_execute, entry.source, ipynb, entry.parameters, data_version)
            futures[fut] = (entry, digest)
        for fut in cf.as_completed(futures):
            entry, digest = futures[fut]
            try:
                result = fut.result()
            except Exception as exc:  # the worker itself died
                result = {"status": "failed", "duration": 0.0, "error": _describe_error(exc)}
            _record(records, entry, digest, result, data_version)
            status = "built" if result["status"] == "ok" else "failed"
            outcomes[entry.key] = Outcome(
                entry, status, result["duration"], result.get("error", "")
            )
            mark = "done " if status == "built" else "FAIL "
            extra = f"  {result['error']}" if status == "failed" else ""
            log(f"[{mark}] {entry.key}  {result['duration']:.1f} s{extra}")
            # Save progress after every entry, so an interrupted build loses nothing finished.
            _write_atomic(
                reports_dir / MANIFEST_FILE, json.dumps(manifest, indent=2, sort_keys=True)
            )
    except KeyboardInterrupt:
        log("[stop ] interrupted: finished reports are kept, unfinished ones left as they were")
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        _remove_stale_temporaries(reports_dir)
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)
    pool.shutdown(wait=True)


def _record(records, entry: Entry, digest: str, result: dict[str, Any], data_version: str) -> None:
    rec = records.setdefault(entry.key, {})
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    rec["status"] = result["status"]
    rec["error"] = result.get("error", "")
    rec["attempted_at"] = now
    if result["status"] == "ok":
        rec["last_good"] = {
            "hash": digest,
            "built_at": now,
            "duration": round(result["duration"], 2),
            "data_version": data_version,
            "parameters": entry.parameters,
        }


def _remove_stale_temporaries(reports_dir: Path) -> None:
    if reports_dir.exists():
        for tmp in reports_dir.rglob(".*.tmp*"):
            tmp.unlink(missing_ok=True)


def summary_table(outcomes: list[Outcome]) -> str:
    """A plain-text table: entry, status, seconds, error."""
    width = max([len(o.entry.key) for o in outcomes] + [5])
    lines = [f"{'report':<{width}}  {'status':<8}  {'seconds':>7}  error", "-" * (width + 30)]
    for o in outcomes:
        secs = f"{o.duration:7.1f}" if o.status in ("built", "failed") else f"{'-':>7}"
        lines.append(f"{o.entry.key:<{width}}  {o.status:<8}  {secs}  {o.error}")
    counts = {s: sum(o.status == s for o in outcomes) for s in ("built", "skipped", "failed")}
    lines.append(", ".join(f"{n} {s}" for s, n in counts.items()))
    return "\n".join(lines)


# --------------------------------------------------------------------------- the index


def write_index(reports_dir: Path | None = None, plan: Path | None = None) -> Path:
    """Write ``reports/index.html``: every entry with title, parameters, status and build facts."""
    reports_dir = reports_dir or paths.REPORTS_DIR
    records = _read_manifest(reports_dir).get("entries", {})
    esc = html.escape
    rows = []
    for entry in load_plan(plan):
        rec = records.get(entry.key, {})
        good = rec.get("last_good")
        page = _outputs(entry, reports_dir)[1]
        status = rec.get("status", "not built")
        if good and page.exists():
            rel = f"{entry.notebook}/{entry.name}"
            link = (
                f'<a href="{esc(rel)}.html">{esc(entry.title)}</a>'
                f' <small>(<a href="{esc(rel)}.ipynb">notebook</a>)</small>'
            )
        else:
            link = esc(entry.title)
        params = json.dumps(entry.parameters, sort_keys=True, ensure_ascii=False)
        note = esc(rec.get("error", ""))
        if status == "failed" and good:
            note += " — showing the last good report"
        rows.append(
            "<tr>"
            f"<td>{link}</td><td><code>{esc(entry.notebook)}</code></td>"
            f"<td>{esc(entry.name)}</td><td><code>{esc(params)}</code></td>"
            f'<td class="{esc(status)}">{esc(status)}</td>'
            f"<td>{esc(good['built_at']) if good else '—'}</td>"
            f"<td>{(str(good['duration']) + ' s') if good else '—'}</td>"
            f"<td>{esc(good['data_version']) if good else '—'}</td>"
            f"<td>{note}</td></tr>"
        )
    page_html = _INDEX_TEMPLATE.format(rows="\n".join(rows))
    path = reports_dir / "index.html"
    _write_atomic(path, page_html)
    return path


_INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>kazparl reports</title>
<style>
body {{ font: 15px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 1200px;
       padding: 0 1em; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 6px 8px; text-align: left;
         vertical-align: top; }}
th {{ background: #f3f5f8; }}
td.ok {{ color: #1a7f37; }} td.failed {{ color: #cf222e; font-weight: bold; }}
code {{ font-size: 90%; }}
</style></head>
<body>
<h1>kazparl reports</h1>
<p>Each report is a notebook executed with one parameter set (<code>reports/plan.toml</code>).
Built times are UTC; the data package version is its declared version and a hash of its files.
Regenerate with <code>make reports</code>.</p>
<table>
<thead><tr><th>Report</th><th>Notebook</th><th>Parameter set</th><th>Parameters</th>
<th>Status</th><th>Last good build</th><th>Duration</th><th>Data package</th><th>Error</th>
</tr></thead>
<tbody>
{rows}
</tbody></table>
</body></html>
"""


# --------------------------------------------------------------------------- single runs


def run_notebook(
    notebook: str, parameters: dict[str, Any], output: Path | None = None, log=print
) -> Path:
    """Execute one notebook with ``parameters`` (checked first) to ``output`` (+ ``.html``).

    The default output is ``reports/adhoc/<notebook>.ipynb``; the plan and index are untouched.
    """
    source = paths.NOTEBOOKS_DIR / f"{notebook}.ipynb"
    if not source.exists():
        available = sorted(p.stem for p in paths.NOTEBOOKS_DIR.glob("*.ipynb"))
        raise PlanError(f"no notebook {notebook!r}; available: {', '.join(available)}")
    check_parameters(source, parameters)
    output = (output or paths.REPORTS_DIR / "adhoc" / f"{notebook}.ipynb").resolve()
    log(f"[start] {notebook} {parameters or '(defaults)'}")
    result = _execute(source, output, parameters, paths.data_version())
    if result["status"] != "ok":
        raise PlanError(f"{notebook} failed: {result['error']}")
    log(f"[done ] {output} and {output.with_suffix('.html').name}  {result['duration']:.1f} s")
    return output


def refresh_notebooks(names: list[str] | None = None, log=print) -> int:
    """Re-execute ``notebooks/*.ipynb`` and the teaching notebooks ``book/*.ipynb`` in place with
    their defaults (``make notebooks``)."""
    _skip_slow_optional_imports()
    import nbformat
    import papermill as pm

    failures = 0
    teaching = sorted((paths.ROOT / "book").glob("*.ipynb"))
    for path in [*sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")), *teaching]:
        if names and path.stem not in names:
            continue
        started = time.perf_counter()
        log(f"[start] {path.name}")
        tmp = _temporary(path)
        try:
            nb = pm.execute_notebook(
                str(path),
                str(tmp),
                kernel_name=KERNEL,
                progress_bar=False,
                cwd=str(path.parent),
                kernel_manager_class=_kernel_manager_class(),
                execution_timeout=CELL_TIMEOUT,
            )
        except Exception as exc:
            failures += 1
            tmp.unlink(missing_ok=True)
            log(f"[FAIL ] {path.name}: {_describe_error(exc)} (stored notebook left unchanged)")
            continue
        nbformat.write(strip_volatile(nb), str(tmp))
        os.replace(tmp, path)
        log(f"[done ] {path.name}  {time.perf_counter() - started:.1f} s")
    return failures


def main_exit_code(outcomes: list[Outcome]) -> int:
    return 1 if any(o.status == "failed" for o in outcomes) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use: python -m kazparl build")
