"""Execute one notebook with papermill, written only complete: the one papermill call.

:func:`execute_notebook` is used by the report runner (each entry, in a worker process) and by
``refresh`` (stored notebooks in place). It starts a ``kazparl`` kernel on local (ipc) sockets
with a per-cell timeout, writes a temporary sibling of the output (``.name.tmp<pid>.ipynb``),
drops papermill's volatile metadata, optionally exports HTML, and renames into place. A failure
or an interrupt leaves the output as it was and no temporary file behind.

papermill and nbconvert are imported inside the functions, never at module import.
"""

from __future__ import annotations

import html
import os
import re
import sys
from pathlib import Path
from typing import Any

__all__ = [
    "CELL_TIMEOUT",
    "KERNEL",
    "execute_notebook",
    "failed_path",
    "strip_volatile",
    "temporary",
    "write_atomic",
]

KERNEL = "kazparl"
CELL_TIMEOUT = 600  # seconds per cell: a hung kernel becomes an error, not a stalled build
# Keys papermill writes that change on every run; dropped from notebooks kept in git.
_VOLATILE_CELL_KEYS = ("papermill", "execution")
# What temporary() names look like, for sweeping up after a killed process.
TEMPORARY_GLOB = ".*.tmp*"


# --------------------------------------------------------------------------- temporary files


def temporary(path: Path) -> Path:
    """A hidden sibling of ``path`` to write first and rename (``.name.tmp<pid>.ext``)."""
    return path.with_name(f".{path.stem}.tmp{os.getpid()}{path.suffix}")


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary sibling, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary(path)
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def writer_pid(path: Path) -> int | None:
    """The process id in a temporary's name (``.name.tmp<pid>.ext``), or None.

    >>> writer_pid(Path(".default.tmp6826.ipynb")), writer_pid(Path("default.ipynb"))
    (6826, None)
    """
    match = re.search(r"\.tmp(\d+)(?:\.[^.]*)?$", path.name)
    return int(match.group(1)) if match and path.name.startswith(".") else None


def remove_stale_temporaries(folder: Path) -> None:
    """Delete the temporary files under ``folder`` whose writer is gone (a killed process).

    A temporary of a process that still runs (another build, ``kazparl run``) is left alone.
    """
    from kazparl.reports.lock import pid_alive

    if folder.exists():
        for tmp in folder.rglob(TEMPORARY_GLOB):
            pid = writer_pid(tmp)
            if pid is None or pid == os.getpid() or not pid_alive(pid):
                tmp.unlink(missing_ok=True)


def failed_path(output: Path) -> Path:
    """Where a failed run of ``output`` is kept for inspection: ``<name>.failed.ipynb``."""
    return output.with_name(f"{output.stem}.failed.ipynb")


# --------------------------------------------------------------------------- the run


def execute_notebook(
    source: Path,
    output: Path,
    parameters: dict[str, Any] | None = None,
    *,
    html_data_version: str | None = None,
    keep_failed: bool = False,
    title: str | None = None,
) -> Any:
    """Run ``source`` with ``parameters`` into ``output``; return the executed notebook.

    papermill writes a temporary sibling of ``output`` (cwd: the notebook's folder, kernel
    :data:`KERNEL`, :data:`CELL_TIMEOUT` per cell, saved once at the end), volatile metadata is
    stripped, and the temporary is renamed over ``output``. With ``html_data_version`` the HTML
    export (:func:`_export_html`) goes to ``output.with_suffix(".html")`` the same way; both
    are renamed only once both are complete.

    Errors and interrupts propagate; ``output`` is then unchanged and no temporary file is
    left. With ``keep_failed`` the executed notebook of a failed run is kept as
    :func:`failed_path` (and removed by a later successful run).
    """
    _skip_slow_optional_imports()
    import nbformat
    import papermill as pm

    parameters = parameters or {}
    output.parent.mkdir(parents=True, exist_ok=True)
    html_path = output.with_suffix(".html")
    tmp_nb, tmp_html = temporary(output), temporary(html_path)
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
        if html_data_version is not None:
            page = _export_html(nb, output, parameters, html_data_version, title)
            tmp_html.write_text(page, encoding="utf-8")
        os.replace(tmp_nb, output)
        if html_data_version is not None:
            os.replace(tmp_html, html_path)
        if keep_failed:
            failed_path(output).unlink(missing_ok=True)
        return nb
    except Exception:
        if keep_failed and tmp_nb.exists():
            os.replace(tmp_nb, failed_path(output))  # for inspection, never over the good one
        raise
    finally:  # also on KeyboardInterrupt (Ctrl-C, or SIGTERM turned into it)
        tmp_nb.unlink(missing_ok=True)
        tmp_html.unlink(missing_ok=True)


def describe_error(exc: BaseException) -> str:
    """One line for a failed run: the notebook's exception and cell, else the exception."""
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        cell = getattr(exc, "exec_count", None)
        return f"{ename}: {evalue}" + (f" (cell [{cell}])" if cell else "")
    return f"{type(exc).__name__}: {exc}"


def one_line_reason(error: str, reports_dir: Path | None = None) -> str:
    """An error for readers: its first line, temporary file names as the report's own, and
    paths inside ``reports_dir`` relative to it.

    >>> one_line_reason("FileNotFoundError: /r/x/.default.tmp6826.ipynb\\nmore", Path("/r"))
    'FileNotFoundError: x/default.ipynb'
    """
    text = error.strip().splitlines()[0] if error.strip() else ""
    text = re.sub(r"\.([\w-]+)\.tmp\d+(\.\w+)", r"\1\2", text)
    if reports_dir is not None:
        text = text.replace(str(reports_dir.resolve()) + os.sep, "")
        text = text.replace(str(reports_dir) + os.sep, "")
    return text[:300] + (" …" if len(text) > 300 else "")


def strip_volatile(nb: Any) -> Any:
    """Drop papermill's timestamps and durations, which change on every run, and give the
    cell papermill injects a fixed id (papermill draws a random one), so that two runs of
    the same notebook with the same parameters are byte-identical."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        for key in _VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
    return nb


def preload() -> None:
    """Import papermill and nbconvert now (in a worker process, before its first notebook)."""
    _skip_slow_optional_imports()
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401


# --------------------------------------------------------------------------- helpers


def _export_html(
    nb: Any, ipynb: Path, parameters: dict[str, Any], data_version: str, title: str | None = None
) -> str:
    """The executed notebook as HTML for readers: code hidden, a banner linking the notebook.

    ``title`` (the plan's report title) is the browser title and the page's heading, in
    place of the notebook's own first heading; default: that heading.
    """
    import copy

    from nbconvert import HTMLExporter

    nb = copy.deepcopy(nb)
    heading = _retitle(nb, title)

    exporter = HTMLExporter(
        template_name="lab",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": heading}})
    params = ", ".join(f"{k} = {v!r}" for k, v in sorted(parameters.items())) or "defaults"
    banner = (
        '<nav style="font:14px sans-serif;padding:8px 16px;background:#f3f5f8;'
        'border-bottom:1px solid #d0d7de">'
        '<a href="../index.html">All reports</a> · '
        f'<a href="{html.escape(ipynb.name)}">Executed notebook (with code)</a> · '
        f"parameters: {html.escape(params)} · data package {html.escape(data_version)}</nav>"
    )
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + banner, body, count=1)


def _retitle(nb: Any, title: str | None) -> str:
    """Put ``title`` in place of the notebook's first ``# heading``; return the heading."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.split("\n")
        for i, line in enumerate(lines):
            if line.startswith("# "):
                if title:
                    lines[i] = "# " + title
                    cell.source = "\n".join(lines)
                return title or line[2:].strip()
    return title or "kazparl report"


def _kernel_manager_class() -> type:
    """A kernel manager using local (ipc) sockets in the temp folder: no network ports, and
    none of ipykernel's warnings about unencrypted TCP in the build log."""
    import subprocess
    import tempfile
    import uuid

    from jupyter_client.manager import AsyncKernelManager

    class LocalKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.transport = "ipc"
            self.ip = os.path.join(tempfile.gettempdir(), f"kazparl-kernel-{uuid.uuid4().hex}")

        async def _async_pre_start_kernel(self, **kwargs: Any) -> Any:
            # With a template running (kazparl.reports.forkserver), the kernel is a fork of
            # it, not a new interpreter.
            from kazparl.reports import forkserver

            if os.environ.get(forkserver.ENV) and self.provisioner is None:
                self.kernel_id = self.kernel_id or str(uuid.uuid4())
                self.provisioner = forkserver.provisioner_class()(
                    kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
                )
            return await super()._async_pre_start_kernel(**kwargs)

        async def start_kernel(self, **kwargs: Any) -> None:
            # The kernel's own log ("KeyboardInterrupt caught in kernel" at shutdown, the
            # tracebacks of a Ctrl-C) is noise in a build log: a cell's error is in the
            # executed notebook and in the build's summary, not on the kernel's stderr.
            kwargs.setdefault("stdout", subprocess.DEVNULL)
            kwargs.setdefault("stderr", subprocess.DEVNULL)
            await super().start_kernel(**kwargs)

    return LocalKernelManager


def _skip_slow_optional_imports() -> None:
    """Do not import ``rfc3987_syntax`` in runner processes.

    jupyterlab installs ``jsonschema[format-nongpl]``, whose optional ``rfc3987_syntax``
    compiles a grammar at import: 1.8 s of the 2.6 s that ``import papermill`` takes here
    (``python -X importtime``). jsonschema imports it only to check the ``iri`` formats, which
    the notebook schema (nbformat) never uses; marking it absent makes jsonschema skip them.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
