"""kazparl.reports without kernels: the one papermill call, refresh's hidden files and clean-up
after an interrupt, and the library files that report hashes cover.

papermill is replaced here (the whole ``execute_notebook`` of :mod:`kazparl.reports.execute`,
or only the ``papermill`` module it imports), so these tests take well under a second.
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import signal
import subprocess
import sys
import time
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kazparl import paths, reports
from kazparl.reports import execute, runner

NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": ["1 + 1"],
        }
    ],
    "metadata": {
        "kernelspec": {"name": "kazparl", "display_name": "kazparl", "language": "python"}
    },
    "nbformat": 4,
    "nbformat_minor": 4,
}


def silent(*_: Any) -> None:
    """A ``log`` that prints nothing."""


def write_notebook(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(NOTEBOOK, indent=1) + "\n", encoding="utf-8")
    return path


@dataclass
class Call:
    source: Path
    output: Path
    parameters: dict[str, Any] | None
    options: dict[str, Any]


@dataclass
class FakeExecute:
    """Stands in for ``execute.execute_notebook``: records each call, writes the outputs."""

    calls: list[Call] = field(default_factory=list)

    def __call__(
        self, source: Path, output: Path, parameters: dict[str, Any] | None = None, **options: Any
    ) -> None:
        self.calls.append(Call(Path(source), Path(output), parameters, options))
        if Path(output) != Path(source):
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_bytes(Path(source).read_bytes())
        if options.get("html_data_version") is not None:
            output.with_suffix(".html").write_text("<html><body></body></html>")


class InlinePool:
    """A ProcessPoolExecutor that runs each job at once in this process (no workers)."""

    def __init__(
        self, max_workers: int | None = None, initializer: Any = None, **kwargs: Any
    ) -> None:
        pass  # the real initializer ignores Ctrl-C and imports papermill: not here

    def submit(self, fn: Callable[..., Any], *args: Any) -> cf.Future:
        future: cf.Future = cf.Future()
        try:
            future.set_result(fn(*args))
        except Exception as exc:
            future.set_exception(exc)
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


def fake_papermill(monkeypatch: pytest.MonkeyPatch, then: Callable[[Path], Any]) -> None:
    """Replace the ``papermill`` module: its execute_notebook starts writing the output (as
    papermill does), then calls ``then`` with the input path (to fail, interrupt or return)."""
    module = types.ModuleType("papermill")

    def execute_notebook(input_path: str, output_path: str, **kwargs: Any) -> Any:
        Path(output_path).write_text("{ half a notebook")
        return then(Path(input_path))

    module.execute_notebook = execute_notebook  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "papermill", module)
    monkeypatch.setattr(execute, "_kernel_manager_class", lambda: object)


# --------------------------------------------------------------------------- hidden files


def test_refresh_skips_hidden_notebooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "book"
    write_notebook(folder / "explorer.ipynb")
    write_notebook(folder / ".explorer.tmp2790.ipynb")  # a temporary left by a killed run
    fake = FakeExecute()
    monkeypatch.setattr(execute, "execute_notebook", fake)
    assert reports.refresh_notebooks(log=silent, folders=[folder]) == 0
    assert [c.source.name for c in fake.calls] == ["explorer.ipynb"]
    assert [p.name for p in reports.list_notebooks(folder)] == ["explorer.ipynb"]


# --------------------------------------------------------------------------- interrupts, failures


def assert_untouched(folder: Path, notebook: Path, before: bytes) -> None:
    assert notebook.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == [notebook.name], "temporary file left"


def test_an_interrupted_refresh_leaves_no_temporary_and_the_notebook_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = write_notebook(tmp_path / "nb" / "explorer.ipynb")
    before = notebook.read_bytes()

    def interrupt(_: Path) -> None:
        raise KeyboardInterrupt

    fake_papermill(monkeypatch, interrupt)
    with pytest.raises(KeyboardInterrupt):
        reports.refresh_notebooks(log=silent, folders=[notebook.parent])
    assert_untouched(notebook.parent, notebook, before)


def test_sigterm_during_refresh_is_an_interrupt_that_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = write_notebook(tmp_path / "nb" / "explorer.ipynb")
    before = notebook.read_bytes()
    stray: list[int] = []

    def terminate(_: Path) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # refresh's handler raises KeyboardInterrupt here
            time.sleep(0.01)

    fake_papermill(monkeypatch, terminate)
    # Should refresh not handle SIGTERM, this catches it (instead of killing pytest).
    previous = signal.signal(signal.SIGTERM, lambda *_: stray.append(1))
    try:
        with pytest.raises(KeyboardInterrupt):
            reports.refresh_notebooks(log=silent, folders=[notebook.parent])
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert not stray
    assert_untouched(notebook.parent, notebook, before)


def test_a_failed_refresh_leaves_no_temporary_and_the_notebook_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = write_notebook(tmp_path / "nb" / "explorer.ipynb")
    before = notebook.read_bytes()

    def fail(_: Path) -> None:
        raise RuntimeError("kernel died")

    fake_papermill(monkeypatch, fail)
    lines: list[str] = []
    assert reports.refresh_notebooks(log=lines.append, folders=[notebook.parent]) == 1
    assert "RuntimeError: kernel died" in lines[-1]
    assert_untouched(notebook.parent, notebook, before)


def test_a_refresh_replaces_the_notebook_without_volatile_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nbformat

    notebook = write_notebook(tmp_path / "nb" / "explorer.ipynb")

    def executed(source: Path) -> Any:
        nb = nbformat.read(str(source), as_version=4)
        nb.metadata["papermill"] = {"duration": 1.0}
        nb.cells[0].metadata["execution"] = {"iopub.status.idle": "now"}
        return nb

    fake_papermill(monkeypatch, executed)
    assert reports.refresh_notebooks(log=silent, folders=[notebook.parent]) == 0
    stored = json.loads(notebook.read_text())
    assert "papermill" not in stored["metadata"]
    assert "execution" not in stored["cells"][0]["metadata"]
    assert sorted(p.name for p in notebook.parent.iterdir()) == [notebook.name]


# --------------------------------------------------------------------------- one papermill call


def test_build_run_and_refresh_share_one_execute_function(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeExecute()
    monkeypatch.setattr(execute, "execute_notebook", fake)
    monkeypatch.setattr(runner.cf, "ProcessPoolExecutor", InlinePool)
    plan = tmp_path / "plan.toml"
    plan.write_text('[[report]]\nnotebook = "data_overview"\nname = "default"\n')
    out = tmp_path / "out"

    outcomes = reports.build(plan=plan, reports_dir=out, log=silent)
    assert [o.status for o in outcomes] == ["built"]
    reports.run_notebook("data_overview", {"show_rows": 3}, tmp_path / "adhoc.ipynb", log=silent)
    stored = write_notebook(tmp_path / "nb" / "explorer.ipynb")
    assert reports.refresh_notebooks(log=silent, folders=[stored.parent]) == 0

    built, adhoc, refreshed = fake.calls
    source = paths.NOTEBOOKS_DIR / "data_overview.ipynb"
    assert (built.source, built.output) == (source, out / "data_overview" / "default.ipynb")
    assert built.options["keep_failed"] is True and built.options["html_data_version"]
    assert (adhoc.source, adhoc.output, adhoc.parameters) == (
        source,
        (tmp_path / "adhoc.ipynb").resolve(),
        {"show_rows": 3},
    )
    assert (refreshed.source, refreshed.output, refreshed.options) == (stored, stored, {})


def test_papermill_is_called_in_one_place_only() -> None:
    package = paths.LIB_DIR / "reports"
    calls = {
        p.name: p.read_text().count("pm.execute_notebook(") for p in sorted(package.glob("*.py"))
    }
    assert {name: n for name, n in calls.items() if n} == {"execute.py": 1}


def test_importing_the_runner_loads_no_papermill() -> None:
    code = (
        "import sys, kazparl.reports; "
        "print(sorted(m for m in ('papermill', 'nbconvert', 'nbformat', 'jupyter_client') "
        "if m in sys.modules))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert proc.stdout.strip() == "[]"


# --------------------------------------------------------------------------- library hash


def test_library_files_include_subpackages() -> None:
    files = paths.library_files()
    assert paths.LIB_DIR / "reports" / "runner.py" in files
    assert paths.LIB_DIR / "paths.py" in files
    assert files == sorted(files)
    assert all(p.suffix == ".py" and "__pycache__" not in p.parts for p in files)


def test_the_longest_entries_start_first_so_no_core_idles_at_the_end() -> None:
    from kazparl.reports.plan import Entry

    todo = [(Entry("a", "x"), "1"), (Entry("b", "y"), "2"), (Entry("c", "z"), "3")]
    records = {"b/y": {"last_good": {"duration": 12.9}}, "c/z": {"last_good": {"duration": 3.1}}}
    ordered = runner.longest_first(todo, records)
    assert [e.key for e, _ in ordered][:2] == ["b/y", "c/z"]
