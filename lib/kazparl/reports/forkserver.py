"""Kernels forked from a warm template: the build's start-up work done once, not per report.

A report's kernel spends most of its start importing the stack (pandas, matplotlib, seaborn,
statsmodels, IPython, kazparl). The template is one process per build that imports exactly
that (:data:`WARM_IMPORTS`) and runs nothing else; each kernel is a ``fork()`` of it that then
starts an ordinary ``IPKernelApp`` on its connection file. So every report still begins from a
clean state — no notebook code ever ran in the template, and a fork is a copy, so what one
report does to pandas options, matplotlib rcParams, a module global or a kazparl cache is in
its own process only — but none of them pays for the imports.

Pieces:

- :func:`serve` (``python -m kazparl.reports.forkserver SOCKET``): the template. It imports,
  says ``ready``, and forks one kernel per request on a Unix socket. It dies with the build
  (Linux ``PR_SET_PDEATHSIG``), and each kernel dies with it.
- :class:`Template`: the build's handle on it (start, address, stop).
- :class:`ForkProvisioner`: a ``jupyter_client`` provisioner that asks the template for a
  kernel instead of running ``python -m ipykernel_launcher``; the runner's kernel manager uses
  it when ``$KAZPARL_FORKSERVER`` names a template's socket.

``kazparl build --fresh-kernels`` starts every kernel as a new interpreter instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

#: What the template imports (and nothing else is run).
WARM_IMPORTS = (
    "IPython",
    "ipykernel.kernelapp",
    "matplotlib_inline.backend_inline",
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "seaborn",
    "scipy.stats",
    "statsmodels.api",
    "kazparl",
    "kazparl.data",
    "kazparl.plotting",
    "kazparl.tables",
    "kazparl.prose",
)
ENV = "KAZPARL_FORKSERVER"
#: The backend ipykernel sets before any notebook code (kernelapp); matplotlib reads it at
#: import, so the template sets it before importing matplotlib, as a fresh kernel would.
INLINE = "module://matplotlib_inline.backend_inline"


def parent_death_signal(signum: int) -> None:
    """Ask Linux to send ``signum`` to this process when its parent exits, however it exits
    (``kill -9`` included: ``prctl(PR_SET_PDEATHSIG)``); a no-op elsewhere."""
    if sys.platform.startswith("linux"):
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signum, 0, 0, 0)  # PR_SET_PDEATHSIG


# --------------------------------------------------------------------------- the template


def serve(address: str) -> None:
    """Import the stack, then fork a kernel for each request on the Unix socket ``address``."""
    import importlib

    parent_death_signal(signal.SIGTERM)
    os.environ.setdefault("MPLBACKEND", INLINE)
    for name in WARM_IMPORTS:
        importlib.import_module(name)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped by the system
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(address)
    server.listen(16)
    print("ready", flush=True)
    while True:
        conn, _ = server.accept()
        with conn:
            request = json.loads(_receive(conn))
            pid = os.fork()
            if pid == 0:  # the kernel
                server.close()
                conn.close()
                _kernel(request)
            conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")


def _receive(conn: socket.socket) -> str:
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return data.decode()


def _kernel(request: dict[str, Any]) -> None:
    """In the forked child: become an ordinary kernel on the request's connection file."""
    try:
        os.setsid()  # its own process group, as jupyter_client gives a launched kernel
        parent_death_signal(signal.SIGKILL)  # dies with the template
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ.setdefault("MPLBACKEND", INLINE)
        os.chdir(request["cwd"])
        sys.argv = [sys.executable, "-f", request["connection_file"]]
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize(["-f", request["connection_file"]])
        # matplotlib_inline hooks itself into the shell when it is imported; it was imported
        # in the template, before there was a shell, so hook it now (as a fresh kernel does
        # when the first figure loads the backend).
        from matplotlib_inline import backend_inline

        backend_inline._enable_matplotlib_integration()
        app.start()
    finally:
        os._exit(0)


def request_kernel(address: str, connection_file: str, cwd: str, env: dict[str, str]) -> int:
    """Ask the template at ``address`` for a kernel; return its process id."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(address)
        payload = {"connection_file": connection_file, "cwd": cwd, "env": env}
        conn.sendall(json.dumps(payload).encode() + b"\n")
        return int(json.loads(_receive(conn))["pid"])


class Template:
    """The build's template process: ``with Template() as t:`` sets ``$KAZPARL_FORKSERVER``
    for the workers started inside the block, and stops the template at its end."""

    def __init__(self) -> None:
        self.address = os.path.join(tempfile.gettempdir(), f"kazparl-fork-{uuid.uuid4().hex}")
        self.process: subprocess.Popen[str] | None = None

    def __enter__(self) -> Template:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kazparl.reports.forkserver", self.address],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError("the kernel template did not start")
        os.environ[ENV] = self.address
        return self

    def __exit__(self, *exc: object) -> None:
        os.environ.pop(ENV, None)
        if self.process is not None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(5)
        with contextlib.suppress(OSError):
            os.unlink(self.address)


# --------------------------------------------------------------------------- the provisioner


class ForkedProcess:
    """What ``jupyter_client`` expects of a kernel's ``Popen``, for a process that is not our
    child (the template forked it): poll, wait and signals by pid."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        from kazparl.reports.lock import pid_alive

        if self.returncode is None and not pid_alive(self.pid):
            self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.02)
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)

    def terminate(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)


#: The kernels this process asked for, so that a dying worker can take them down.
FORKED: set[int] = set()


def provisioner_class() -> type:
    """:class:`ForkProvisioner`, defined on first use (jupyter_client is imported late)."""
    from jupyter_client.provisioning import LocalProvisioner

    class ForkProvisioner(LocalProvisioner):  # type: ignore[misc]
        async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
            connection_file = cmd[cmd.index("-f") + 1]
            env = {k: str(v) for k, v in (kwargs.get("env") or os.environ).items()}
            cwd = str(kwargs.get("cwd") or Path.cwd())
            pid = request_kernel(os.environ[ENV], connection_file, cwd, env)
            FORKED.add(pid)
            self.process = ForkedProcess(pid)
            self.pid = self.pgid = pid
            self.cwd = cwd
            return self.connection_info

        async def cleanup(self, restart: bool = False) -> None:
            if self.pid is not None:
                FORKED.discard(self.pid)
            await super().cleanup(restart)

    return ForkProvisioner


if __name__ == "__main__":
    serve(sys.argv[1])
