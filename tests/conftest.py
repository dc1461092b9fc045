"""Shared fixtures: a private copy of the data package to break on purpose."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from hypothesis import settings
from jupyter_client.manager import KernelManager

from kazparl import paths

# Property tests explore the same examples on every run (derandomized): a red CI then means a
# change in the code, never a new random draw. Run with HYPOTHESIS_PROFILE=explore to search.
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.register_profile("explore", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Kernels the tests start themselves (nbval, nbclient, papermill) talk over local sockets
# with unique names, as the report runner's do. Over TCP, two test processes starting
# kernels at once can pick the same free port between choosing and binding it; a client then
# waits for a reply that went to the other kernel, and the run hangs until the cell timeout.
_kernel_manager_init = KernelManager.__init__


def _ipc_kernel_manager_init(self: KernelManager, *args: object, **kwargs: object) -> None:
    _kernel_manager_init(self, *args, **kwargs)
    self.transport = "ipc"
    self.ip = os.path.join(tempfile.gettempdir(), f"kazparl-test-kernel-{uuid.uuid4().hex}")


KernelManager.__init__ = _ipc_kernel_manager_init  # type: ignore[method-assign]


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of data/ that the suite (and any kernel started from here) reads instead."""
    folder = tmp_path / "data"
    shutil.copytree(paths.ROOT / "data", folder)
    monkeypatch.setenv("KAZPARL_DATA", str(folder))
    return folder


def edit_csv(path: Path, line: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in line ``line`` (1-based) of a CSV file; fail if absent."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line - 1], f"{old!r} not in line {line} of {path.name}: {lines[line - 1]!r}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")
