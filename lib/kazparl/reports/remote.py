"""Run the plan's entries on a Dask cluster: ``kazparl build --executor dask://HOST:PORT``.

Each entry travels as its notebook's JSON and parameters; a worker executes it in a private
temporary folder with its own installed kazparl (library and data) through the one
:func:`kazparl.reports.execute.execute_notebook`, and sends back the executed notebook and
its HTML page as text. The client writes both atomically into the reports folder, so the
workers need no shared filesystem, and the manifest, index and lock stay on the client.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["SCHEME", "address_of", "run_remote"]

SCHEME = "dask://"


def address_of(executor: str) -> str:
    """``dask://HOST:PORT`` -> ``tcp://HOST:PORT`` (the scheduler's address).

    >>> address_of("dask://10.0.0.5:8786")
    'tcp://10.0.0.5:8786'
    """
    if not executor.startswith(SCHEME) or ":" not in executor[len(SCHEME) :]:
        from kazparl.reports.parameters import PlanError

        raise PlanError(f"--executor {executor!r}: give dask://HOST:PORT")
    return "tcp://" + executor[len(SCHEME) :]


def run_remote(
    notebook_json: str,
    name: str,
    parameters: dict[str, Any],
    data_version: str,
    title: str | None,
) -> dict[str, Any]:
    """On a worker: execute one notebook given as JSON; return its outputs as text.

    The result: ``status`` (ok or failed), ``duration``, ``error``, ``ipynb`` and ``html``
    (the texts, or the failed run's notebook as ``failed_ipynb``), and ``worker`` (host name).
    """
    import socket

    from kazparl.reports import execute

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kazparl-remote-") as tmp:
        source = Path(tmp) / f"{name}.ipynb"
        source.write_text(notebook_json, encoding="utf-8")
        output = Path(tmp) / "out" / f"{name}.ipynb"
        result: dict[str, Any] = {"worker": socket.gethostname()}
        try:
            execute.execute_notebook(
                source,
                output,
                parameters,
                html_data_version=data_version,
                keep_failed=True,
                title=title,
            )
        except Exception as exc:
            failed = execute.failed_path(output)
            result.update(
                status="failed",
                error=execute.describe_error(exc),
                failed_ipynb=failed.read_text(encoding="utf-8") if failed.exists() else "",
            )
        else:
            result.update(
                status="ok",
                error="",
                ipynb=output.read_text(encoding="utf-8"),
                html=output.with_suffix(".html").read_text(encoding="utf-8"),
            )
    result["duration"] = time.perf_counter() - started
    return result
