"""Run the plan: :func:`build` (parallel, incremental, atomic), one-off runs and ``refresh``.

Every notebook execution goes through :func:`kazparl.reports.execute.execute_notebook`; this
module decides what to run, in which processes, and records the outcome in the manifest.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kazparl import paths
from kazparl.reports import execute, forkserver, lock
from kazparl.reports.index import write_index
from kazparl.reports.parameters import PlanError, check_parameters
from kazparl.reports.plan import (
    Entry,
    entry_hash,
    list_notebooks,
    load_plan,
    outputs,
    read_manifest,
    reconcile_manifest,
    write_manifest,
)

__all__ = [
    "Outcome",
    "build",
    "main_exit_code",
    "refresh_notebooks",
    "run_notebook",
    "summary_table",
]

Log = Callable[[str], object]


@dataclass
class Outcome:
    """What became of one entry in a build."""

    entry: Entry
    status: str  # built | skipped | failed | not run
    duration: float = 0.0
    error: str = ""


# --------------------------------------------------------------------------- the build


def build(
    *,
    only: list[str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    plan: Path | None = None,
    reports_dir: Path | None = None,
    log: Log = print,
    wait: bool = True,
    fresh_kernels: bool = False,
    executor: str | None = None,
) -> list[Outcome]:
    """Build the reports of the plan; see :mod:`kazparl.reports`. One outcome per entry.

    Before any kernel starts: the plan and its parameters are checked, the folder is checked
    to be writable (:class:`~kazparl.reports.lock.NotWritable`), and the folder's build lock
    is taken: a second build waits for the first, or with ``wait=False`` refuses
    (:class:`~kazparl.reports.lock.BuildLocked`).
    """
    reports_dir = reports_dir or paths.REPORTS_DIR
    entries = load_plan(plan)
    if only:
        wanted = [e for e in entries if e.key in only or e.notebook in only]
        if not wanted:
            keys = ", ".join(e.key for e in entries)
            raise PlanError(f"--only {' '.join(only)} matches no entry; entries: {keys}")
        entries = wanted
    lock.check_writable(reports_dir)
    with lock.build_lock(reports_dir, wait=wait, log=log):
        return _build_locked(
            entries, force, jobs, plan, reports_dir, log, fresh_kernels, executor
        )


def _build_locked(
    entries: list[Entry],
    force: bool,
    jobs: int | None,
    plan: Path | None,
    reports_dir: Path,
    log: Log,
    fresh_kernels: bool = False,
    executor: str | None = None,
) -> list[Outcome]:
    execute.remove_stale_temporaries(reports_dir)
    data_dir = paths.data_dir()
    data_fp = paths.fingerprint(paths.data_files(data_dir), root=data_dir)
    data_version = paths.data_version(data_dir)
    lib_fp = paths.fingerprint(paths.library_files(), root=paths.ROOT)
    manifest = read_manifest(reports_dir, log=log)
    records = manifest.setdefault("entries", {})
    reconcile_manifest(records, entries, reports_dir)

    outcomes: dict[str, Outcome] = {}
    todo: list[tuple[Entry, str]] = []
    for entry in entries:
        digest = entry_hash(entry, data_fp, lib_fp)
        rec = records.get(entry.key, {})
        good = rec.get("last_good", {})
        if (
            not force
            and good.get("hash") == digest
            and all(p.exists() for p in outputs(entry, reports_dir))
        ):
            outcomes[entry.key] = Outcome(entry, "skipped")
            rec["status"], rec["error"] = "ok", ""
        else:
            todo.append((entry, digest))

    lock.check_writable(reports_dir, sorted({entry.notebook for entry, _ in todo}))
    todo = longest_first(todo, records)
    if todo:
        try:
            state = _Build(reports_dir, data_version, records, outcomes, manifest, log)
            if executor:
                _run_dask(executor, todo, state)
            else:
                # the template forks (POSIX) and dies with the build (Linux prctl)
                forked = not fresh_kernels and sys.platform.startswith("linux")
                with forkserver.Template() if forked else contextlib.nullcontext():
                    _run(todo, jobs, state)
        except KeyboardInterrupt:
            write_manifest(reports_dir, manifest)
            write_index(reports_dir, plan)
            log(summary_table([outcomes.get(e.key, Outcome(e, "not run")) for e in entries]))
            raise
    remember_durations(outcomes.values())
    manifest["plan"] = [e.key for e in load_plan(plan)]
    write_manifest(reports_dir, manifest)
    write_index(reports_dir, plan)
    ordered = [outcomes.get(e.key, Outcome(e, "not run")) for e in entries]
    log(summary_table(ordered))
    return ordered


#: How long each entry took when it last ran on this machine, in any reports folder: a
#: scheduling hint only (the longest entries start first, so no core idles at the end).
DURATIONS = paths.ROOT / "build" / "entry-durations.json"


def _durations() -> dict[str, float]:
    try:
        known = json.loads(DURATIONS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def longest_first(
    todo: list[tuple[Entry, str]], records: dict[str, Any]
) -> list[tuple[Entry, str]]:
    """``todo`` with the entries known to take longest first (the folder's manifest, else the
    machine's last runs); unknown ones keep their plan order after the known ones' peers.
    Longest-processing-time-first keeps every core busy to the end of a build."""
    known = _durations()

    def seconds(item: tuple[Entry, str]) -> float:
        good = records.get(item[0].key, {}).get("last_good", {})
        return float(good.get("duration") or known.get(item[0].key) or 0.0)

    return sorted(todo, key=seconds, reverse=True)  # stable: ties keep the plan order


def remember_durations(outcomes: Iterable[Outcome]) -> None:
    """Update the machine's scheduling hint with this build's entry durations."""
    known = _durations()
    known.update({o.entry.key: round(o.duration, 2) for o in outcomes if o.status == "built"})
    with contextlib.suppress(OSError):
        execute.write_atomic(DURATIONS, json.dumps(known, indent=1, sort_keys=True))


@dataclass
class _Build:
    """What a build records as its entries finish: the folder, the manifest and its records,
    the outcomes so far, and where it says so."""

    reports_dir: Path
    data_version: str
    records: dict[str, Any]
    outcomes: dict[str, Outcome]
    manifest: dict[str, Any]
    log: Log

    def finish(self, entry: Entry, digest: str, result: dict[str, Any]) -> None:
        """Record one entry's result, say so, and save the manifest (after every entry, so
        an interrupted build loses nothing finished)."""
        _record(self.records, entry, digest, result, self.data_version)
        status = "built" if result["status"] == "ok" else "failed"
        error = result.get("error", "")
        self.outcomes[entry.key] = Outcome(entry, status, result["duration"], error)
        mark = "done " if status == "built" else "FAIL "
        reason = execute.one_line_reason(error, self.reports_dir)
        extra = f"  {reason}" if status == "failed" else ""
        where = f"  on {result['worker']}" if result.get("worker") else ""
        self.log(f"[{mark}] {entry.key}  {result['duration']:.1f} s{where}{extra}")
        write_manifest(self.reports_dir, self.manifest)


def _died(exc: BaseException) -> dict[str, Any]:
    """The result of an entry whose worker itself died."""
    return {"status": "failed", "duration": 0.0, "error": execute.describe_error(exc)}


def _run(todo: list[tuple[Entry, str]], jobs: int | None, state: _Build) -> None:
    """Run ``todo`` in worker processes, recording each result as it arrives."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    state.log = log = _serialised(state.log)  # two threads print: never interleaved
    reports_dir = state.reports_dir
    starts: Any = multiprocessing.get_context("fork").SimpleQueue()
    announcer = threading.Thread(target=_announce, args=(starts, log), daemon=True)
    announcer.start()
    with _sigterm_as_interrupt():
        pool = cf.ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_worker_init,
            initargs=(starts, os.getpid()),
        )
        try:
            futures = {}
            for entry, digest in todo:
                ipynb, _ = outputs(entry, reports_dir)
                fut = pool.submit(
                    _execute,
                    entry.source,
                    ipynb,
                    entry.parameters,
                    state.data_version,
                    entry.key,
                    entry.title,
                )
                futures[fut] = (entry, digest)
            for fut in cf.as_completed(futures):
                entry, digest = futures[fut]
                try:
                    result = fut.result()
                except Exception as exc:
                    result = _died(exc)
                state.finish(entry, digest, result)
        except KeyboardInterrupt:
            log("[stop ] interrupted: finished reports are kept, unfinished ones left as they were")
            workers = list(getattr(pool, "_processes", {}).values())
            for proc in workers:
                proc.terminate()
            for proc in workers:  # gone, so their temporaries count as stale
                proc.join(5)
            pool.shutdown(wait=False, cancel_futures=True)
            execute.remove_stale_temporaries(reports_dir)
            raise
        finally:
            starts.put(None)
            announcer.join(5)
    pool.shutdown(wait=True)


def _run_dask(executor: str, todo: list[tuple[Entry, str]], state: _Build) -> None:
    """Run ``todo`` on the Dask cluster at ``executor`` (``dask://HOST:PORT``); the workers
    return texts, written here atomically (:mod:`kazparl.reports.remote`)."""
    from distributed import Client, as_completed

    from kazparl.reports import remote

    address = remote.address_of(executor)
    log, reports_dir = state.log, state.reports_dir
    try:
        client = Client(address, timeout=30)
    except OSError as exc:
        raise PlanError(f"--executor {executor}: no Dask scheduler answers ({exc})") from None
    with client:
        futures = {}
        for entry, digest in todo:
            log(f"[sent ] {entry.key} to {address}")
            future = client.submit(
                remote.run_remote,
                entry.source.read_text(encoding="utf-8"),
                entry.name,
                entry.parameters,
                state.data_version,
                entry.title,
                key=f"kazparl-{entry.key}-{digest[:12]}",
                pure=False,
            )
            futures[future] = (entry, digest)
        for future in as_completed(futures):
            entry, digest = futures[future]
            try:
                result = future.result()
            except Exception as exc:
                result = _died(exc)
            ipynb, html_page = outputs(entry, reports_dir)
            if result["status"] == "ok":
                # both complete before either is renamed into place, as in a local build
                ipynb.parent.mkdir(parents=True, exist_ok=True)
                execute.write_atomic(html_page, result["html"])
                execute.write_atomic(ipynb, result["ipynb"])
                execute.failed_path(ipynb).unlink(missing_ok=True)
            elif result.get("failed_ipynb"):
                execute.write_atomic(execute.failed_path(ipynb), result["failed_ipynb"])
            state.finish(entry, digest, result)


def _serialised(log: Log) -> Log:
    """``log`` behind a lock, so lines from two threads never run into each other."""
    lock_ = threading.Lock()

    def say(text: str) -> object:
        with lock_:
            return log(text)

    return say


def _announce(starts: Any, log: Log) -> None:
    """Print ``[start]`` for each entry when a worker really starts it (not when queued)."""
    while (key := starts.get()) is not None:
        log(f"[start] {key}")


#: In a worker: where to say that an entry starts, and psutil (set by :func:`_worker_init`).
_STARTS: Any = None
_PSUTIL: Any = None


def _execute(
    source: Path,
    ipynb: Path,
    parameters: dict[str, Any],
    data_version: str,
    key: str = "",
    title: str | None = None,
) -> dict[str, Any]:
    """Run one entry into ``ipynb`` and its ``.html`` (in a worker process, or in this one).

    Never raises for a notebook error: the result says ``ok`` or ``failed`` (with the error),
    and a failed run is kept as ``<name>.failed.ipynb`` beside the last good report.
    """
    if _STARTS is not None and key:
        _STARTS.put(key)
    started = time.perf_counter()
    try:
        execute.execute_notebook(
            source,
            ipynb,
            parameters,
            html_data_version=data_version,
            keep_failed=True,
            title=title,
        )
    except Exception as exc:  # a failing notebook must not stop the other entries
        return {
            "status": "failed",
            "duration": time.perf_counter() - started,
            "error": execute.describe_error(exc),
        }
    return {"status": "ok", "duration": time.perf_counter() - started}


def _worker_init(starts: Any = None, parent: int | None = None) -> None:
    """Prepare a worker process: ignore Ctrl-C (the main process handles it), die with the
    main process, and import papermill and nbconvert once, before the first entry.

    Dying with the parent: on Linux the kernel sends the worker SIGTERM when the main process
    ends, however it ends (``kill -9`` included, ``prctl(PR_SET_PDEATHSIG)``); on SIGTERM the
    worker kills its own children (the notebook's kernel) and exits, so nothing keeps
    building reports the manifest would not know about. What the handler needs is imported
    here: an import inside a signal handler can wait forever on the import lock that the
    interrupted code holds.
    """
    global _STARTS, _PSUTIL
    import psutil

    _STARTS, _PSUTIL = starts, psutil
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _die_with_children)
    forkserver.parent_death_signal(signal.SIGTERM)
    if parent is not None and os.getppid() != parent:  # it died before the line above
        _die_with_children(signal.SIGTERM, None)
    execute.preload()


def _die_with_children(signum: int, frame: Any) -> None:
    """Kill this process's children (kernels) and exit at once (no import here)."""
    psutil = _PSUTIL
    for child in psutil.Process().children(recursive=True) if psutil else ():
        with contextlib.suppress(psutil.Error):
            child.kill()
    for pid in list(forkserver.FORKED):  # kernels forked for us by the template
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    os._exit(128 + signum)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Within the block, ``kill`` behaves like Ctrl-C: stop, keep what is good, clean up."""

    def _terminate(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _record(
    records: dict[str, Any], entry: Entry, digest: str, result: dict[str, Any], data_version: str
) -> None:
    """Enter one result in the manifest's records (``last_good`` only when it succeeded)."""
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


def summary_table(outcomes: list[Outcome]) -> str:
    """A plain-text table: entry, status, seconds, error."""
    width = max([len(o.entry.key) for o in outcomes] + [5])
    lines = [f"{'report':<{width}}  {'status':<8}  {'seconds':>7}  error", "-" * (width + 30)]
    for o in outcomes:
        secs = f"{o.duration:7.1f}" if o.status in ("built", "failed") else f"{'-':>7}"
        reason = execute.one_line_reason(o.error)
        lines.append(f"{o.entry.key:<{width}}  {o.status:<8}  {secs}  {reason}")
    counts = {s: sum(o.status == s for o in outcomes) for s in ("built", "skipped", "failed")}
    lines.append(", ".join(f"{n} {s}" for s, n in counts.items()))
    return "\n".join(lines)


def main_exit_code(outcomes: list[Outcome]) -> int:
    """The command's exit status: 1 when any entry failed, else 0."""
    return 1 if any(o.status == "failed" for o in outcomes) else 0


# --------------------------------------------------------------------------- single runs


def run_notebook(
    notebook: str, parameters: dict[str, Any], output: Path | None = None, log: Log = print
) -> Path:
    """Execute one notebook with ``parameters`` (checked first) to ``output`` (+ ``.html``).

    The default output is ``reports/adhoc/<notebook>.ipynb``; the plan and index are untouched.
    """
    available = [p.stem for p in list_notebooks(paths.NOTEBOOKS_DIR)]
    if notebook not in available:
        raise PlanError(f"no notebook {notebook!r}; available: {', '.join(available)}")
    source = paths.NOTEBOOKS_DIR / f"{notebook}.ipynb"
    check_parameters(source, parameters)
    output = (output or paths.REPORTS_DIR / "adhoc" / f"{notebook}.ipynb").resolve()
    log(f"[start] {notebook} {parameters or '(defaults)'}")
    result = _execute(source, output, parameters, paths.data_version())
    if result["status"] != "ok":
        raise PlanError(f"{notebook} failed: {result['error']}")
    log(f"[done ] {output} and {output.with_suffix('.html').name}  {result['duration']:.1f} s")
    return output


def refresh_notebooks(
    names: list[str] | None = None,
    log: Log = print,
    folders: Sequence[Path] | None = None,
) -> int:
    """Re-execute stored notebooks in place with their defaults (``make notebooks``).

    ``folders`` defaults to ``notebooks/`` and the teaching notebooks in ``book/``; hidden
    files (temporaries) are skipped. A failed or interrupted (Ctrl-C, ``kill``) notebook stays
    as it was. Returns the number of failures; an interrupt is re-raised.
    """
    folders = folders if folders is not None else (paths.NOTEBOOKS_DIR, paths.ROOT / "book")
    failures = 0
    with _sigterm_as_interrupt():
        for path in [nb for folder in folders for nb in list_notebooks(folder)]:
            if names and path.stem not in names:
                continue
            started = time.perf_counter()
            log(f"[start] {path.name}")
            try:
                execute.execute_notebook(path, path)
            except KeyboardInterrupt:
                log(f"[stop ] {path.name}: interrupted (stored notebook left unchanged)")
                raise
            except Exception as exc:
                failures += 1
                log(
                    f"[FAIL ] {path.name}: {execute.describe_error(exc)} "
                    "(stored notebook left unchanged)"
                )
                continue
            log(f"[done ] {path.name}  {time.perf_counter() - started:.1f} s")
    return failures
