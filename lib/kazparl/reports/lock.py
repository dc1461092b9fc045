"""One build at a time per reports folder, and the checks a build makes before it starts.

- :func:`build_lock`: an exclusive ``flock`` on ``<reports>/.build.lock``. The kernel releases
  it when its holder exits, however it exits (``kill -9`` included), so a lock is never stale.
  A second build waits, saying who holds the lock, or with ``wait=False`` refuses at once
  (:class:`BuildLocked`).
- :func:`check_writable`: a folder that cannot be written is refused before any kernel starts.
- :func:`pid_alive`: whether a temporary file's writer (its ``.tmp<pid>`` name) still runs, so
  a build removes only the temporaries of processes that are gone.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from kazparl.reports.parameters import PlanError

LOCK_FILE = ".build.lock"


class BuildLocked(PlanError):
    """Another build holds the reports folder."""


class NotWritable(PlanError):
    """The reports folder (or one of its report folders) cannot be written."""


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists (signal 0 probes without sending anything).

    >>> pid_alive(os.getpid())
    True
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def check_writable(folder: Path, subfolders: Sequence[str] = ()) -> None:
    """Raise :class:`NotWritable` unless files can be created in ``folder`` and ``subfolders``.

    The check writes and removes a probe file, so it holds for read-only mounts, permissions
    and a path through a regular file alike.
    """
    for target in [folder, *(folder / s for s in subfolders)]:
        probe = target / f".write-probe.tmp{os.getpid()}"
        try:
            target.mkdir(parents=True, exist_ok=True)
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            reason = os.strerror(exc.errno) if exc.errno else str(exc)
            raise NotWritable(
                f"{target} cannot be written ({reason}); nothing was built. Make it writable, "
                "or build elsewhere with --reports-dir"
            ) from None


@contextlib.contextmanager
def build_lock(
    folder: Path, *, wait: bool = True, log: Callable[[str], object] = print, poll: float = 0.5
) -> Iterator[None]:
    """Hold the build lock of ``folder`` for the block (see the module docstring)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_FILE
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole block
    try:
        said = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                holder = _holder(path)
                if not wait:
                    raise BuildLocked(
                        f"another build ({holder}) is running in {folder}; try again when it "
                        "ends, or leave out --no-wait to wait for it"
                    ) from None
                if not said:
                    log(f"[wait ] another build ({holder}) is running in {folder}; waiting")
                    said = True
                time.sleep(poll)
        if said:
            log("[wait ] the other build has ended; starting")
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="utf-8").strip()
    except OSError:
        pid = ""
    return f"process {pid}" if pid else "another process"
