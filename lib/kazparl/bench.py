"""``make bench``: how fast the report runner is on this machine, against what is possible.

Measures, in wall-clock seconds:

- ``import kazparl`` in a fresh interpreter (target: under 0.5 s);
- the cold full build of the plan into an empty folder (no manifest);
- the no-op build right after it, as a user runs it: ``python -m kazparl build`` (target < 1 s);
- the parallel peer, what a user would script without kazparl: papermill's Python API over a
  process pool of one worker per core, each entry then exported with nbconvert (goal: the
  cold build at most 0.6x of it);
- the same plan run one entry after another with the plain ``papermill`` CLI plus
  ``jupyter nbconvert --to html --no-input``;
- the floor: for each entry, start a kernel and run the imports the notebook needs (its own
  import statements plus pandas, matplotlib and seaborn, which the library loads on first use),
  summed and divided over the cores. No build can beat it without reusing kernels.
  Target: the cold build within 1.3x the floor.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kazparl import paths, reports

LAZY_IMPORTS = "import pandas, matplotlib.pyplot, seaborn"


def _timed(cmd: list[str], **kwargs) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - started


def notebook_imports(notebook: Path) -> str:
    """The import statements of a notebook's code cells, one per line."""
    lines = []
    for cell in json.loads(notebook.read_text())["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        for node in ast.parse(source).body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                lines.append(ast.unparse(node))
    return "\n".join(lines)


def floor_seconds(entries: list[reports.Entry]) -> tuple[float, list[float]]:
    """Kernel start plus imports for each entry, summed and divided over the cores."""
    from jupyter_client import KernelManager

    each = []
    for entry in entries:
        code = notebook_imports(entry.source) + "\n" + LAZY_IMPORTS
        started = time.perf_counter()
        # the same local-socket transport as the runner's kernels
        km = KernelManager(kernel_name=reports.KERNEL, transport="ipc")
        km.ip = os.path.join(tempfile.gettempdir(), f"kazparl-bench-{os.getpid()}")
        km.start_kernel(cwd=str(paths.NOTEBOOKS_DIR))
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
            kc.execute_interactive(code, timeout=120)
            each.append(time.perf_counter() - started)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    cores = min(os.cpu_count() or 1, len(entries))
    return sum(each) / cores, each


def station_rows(election_id: str = "ru-duma-2021") -> list[tuple[str, float, str]]:
    """Time and peak memory of the station-forensics steps for one election, in process.

    Steps: read and reconcile the file (cache cleared, so from the zip), the integer test
    with the notebook's default replications, and the two figures. Memory is the peak of
    Python and numpy allocations (``tracemalloc``) during the step.
    """
    import tracemalloc

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from kazparl import forensics, plotting, stations

    stations.read(election_id)  # import pandas and read the package once
    stations._read.cache_clear()
    steps = {
        "read + reconcile": lambda: stations.read(election_id),
        "integer test (200 replications)": lambda: forensics.integer_test(
            stations.read(election_id), replications=200
        ),
        "comet + peaks figures": lambda: (
            plotting.comet(forensics.jittered(stations.read(election_id)), title="bench"),
            plotting.integer_peaks(forensics.jittered(stations.read(election_id)), title="bench"),
        ),
    }
    rows = []
    for label, step in steps.items():
        tracemalloc.start()
        started = time.perf_counter()
        step()
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        rows.append((f"{election_id}: {label}", seconds, f"peak {peak:,.0f} MiB"))
        plt.close("all")
    return rows


def _print(results: list[tuple[str, float, str]]) -> None:
    print(f"{'measure':<48} {'value':>8}  target / note")
    for label, value, target in results:
        ratio = label.endswith(("/ floor", "/ parallel peer"))
        unit = "x" if ratio else ("%" if label.endswith("share") else "s")
        print(f"{label:<48} {value:>7.2f}{unit}  {target}")


def stations_main() -> int:
    """``python -m kazparl bench --stations``: the station steps alone."""
    _print(station_rows())
    return 0


def _share(manifest: Path, notebook: str) -> float:
    """Percent of the build's summed entry durations spent on ``notebook``'s entries."""
    entries = json.loads(manifest.read_text())["entries"]
    durations = {k: (v.get("last_good") or {}).get("duration", 0.0) for k, v in entries.items()}
    total = sum(durations.values())
    part = sum(d for k, d in durations.items() if k.split("/")[0] == notebook)
    return 100 * part / total if total else float("nan")


def _peer_one(source: str, target: str, parameters: dict, kernel: str, cwd: str) -> None:
    """One entry the way a user would script it: papermill's Python API, then nbconvert."""
    import papermill as pm
    from nbconvert import HTMLExporter

    nb = pm.execute_notebook(
        source, target, parameters=parameters, kernel_name=kernel, cwd=cwd, progress_bar=False
    )
    body, _ = HTMLExporter(exclude_input=True).from_notebook_node(nb)
    Path(target).with_suffix(".html").write_text(body, encoding="utf-8")


def parallel_peer_seconds(entries: list[reports.Entry], folder: Path) -> float:
    """The plan through papermill's API over a process pool of one worker per core, each
    entry then exported with nbconvert: what kazparl's build must beat."""
    import concurrent.futures as cf

    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with cf.ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        jobs = [
            pool.submit(
                _peer_one,
                str(e.source),
                str(folder / f"{e.notebook}-{e.name}.ipynb"),
                e.parameters,
                reports.KERNEL,
                str(paths.NOTEBOOKS_DIR),
            )
            for e in entries
        ]
        for job in jobs:
            job.result()
    return time.perf_counter() - started


def main() -> int:
    python = sys.executable
    entries = reports.load_plan()
    env = dict(os.environ)
    results: list[tuple[str, float, str]] = []

    t_import = min(_timed([python, "-c", "import kazparl"]) for _ in range(3))
    t_python = min(_timed([python, "-c", "pass"]) for _ in range(3))
    results.append(("import kazparl (fresh interpreter)", t_import, "< 0.5 s"))
    results.append(("  of which: bare interpreter start", t_python, ""))

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "reports"
        build = [python, "-m", "kazparl", "build", "--reports-dir", str(out)]
        print("cold build ...", flush=True)
        t_cold = _timed(build, env=env)
        station_share = _share(out / "manifest.json", "station_forensics")
        print("no-op build ...", flush=True)
        t_noop = min(_timed(build, env=env) for _ in range(3))

        print("parallel peer: papermill API over a process pool + nbconvert ...", flush=True)
        t_peer = parallel_peer_seconds(entries, Path(tmp) / "peer")

        print("sequential papermill CLI + nbconvert ...", flush=True)
        bin_dir = Path(python).parent
        seq_dir = Path(tmp) / "sequential"
        seq_dir.mkdir()
        started = time.perf_counter()
        for entry in entries:
            target = seq_dir / f"{entry.notebook}-{entry.name}.ipynb"
            args = [str(bin_dir / "papermill"), str(entry.source), str(target)]
            args += ["-k", reports.KERNEL, "--cwd", str(paths.NOTEBOOKS_DIR), "--no-progress-bar"]
            for name, value in entry.parameters.items():
                args += ["-y", json.dumps({name: value})]
            subprocess.run(args, check=True, capture_output=True, env=env)
            subprocess.run(
                [str(bin_dir / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(target)],
                check=True,
                capture_output=True,
            )
        t_seq = time.perf_counter() - started

    print("floor (kernel start + imports per entry) ...", flush=True)
    t_floor, each = floor_seconds(entries)

    results += [
        (f"cold full build ({len(entries)} entries, {os.cpu_count()} cores)", t_cold, ""),
        ("no-op build (python -m kazparl build)", t_noop, "< 1 s"),
        ("parallel peer (papermill API pool + nbconvert)", t_peer, ""),
        ("sequential papermill CLI + nbconvert", t_seq, ""),
        ("cold build / parallel peer", t_cold / t_peer, "<= 0.6"),
        ("floor: kernel start + imports / cores", t_floor, ""),
        ("cold build / floor", t_cold / t_floor, "<= 1.3"),
        ("station_forensics entries' build share", station_share, "kernel time, must not dominate"),
    ]
    print("station files ...", flush=True)
    results += station_rows()
    print()
    _print(results)
    print(f"(floor per entry: {', '.join(f'{s:.2f}' for s in each)} s)")
    return 0
