"""The report runner when builds collide or die, and when its folder or manifest is broken.

Each test here failed before the fix it guards (issue 19, part 1): two builds deleted each
other's temporaries and overwrote each other's manifest; a ``kill -9`` left workers building;
a corrupt manifest crashed every build; a read-only folder gave a traceback.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kazparl import paths, reports
from kazparl.reports import execute, lock
from kazparl.reports.plan import read_manifest, reconcile_manifest, write_manifest

PLAN = """
[[report]]
notebook = "data_overview"
name = "default"
"""


def _plan(tmp_path: Path) -> Path:
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN)
    return plan


def _hold(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    handle = open(folder / lock.LOCK_FILE, "a+")  # noqa: SIM115
    fcntl.flock(handle, fcntl.LOCK_EX)
    handle.seek(0)
    handle.truncate()
    handle.write("4242\n")
    handle.flush()
    return handle


# --------------------------------------------------------------------------- the lock


def test_a_second_build_refuses_with_no_wait(tmp_path):
    out = tmp_path / "reports"
    handle = _hold(out)
    try:
        with pytest.raises(lock.BuildLocked, match=r"another build \(process 4242\) is running"):
            reports.build(plan=_plan(tmp_path), reports_dir=out, wait=False, log=lambda *_: None)
    finally:
        handle.close()


def test_the_command_line_refuses_with_a_message_and_exit_2(tmp_path):
    out = tmp_path / "reports"
    handle = _hold(out)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "kazparl", "build", "--no-wait", "--reports-dir", str(out),
             "--plan", str(_plan(tmp_path))],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    finally:
        handle.close()
    assert done.returncode == 2
    assert "another build (process 4242) is running" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_second_build_waits_with_a_message_then_runs(tmp_path):
    said: list[str] = []
    holder_in, release = threading.Event(), threading.Event()

    def first() -> None:
        with lock.build_lock(tmp_path, log=said.append):
            holder_in.set()
            release.wait(10)

    thread = threading.Thread(target=first)
    thread.start()
    holder_in.wait(10)
    threading.Timer(0.6, release.set).start()
    started = time.perf_counter()
    with lock.build_lock(tmp_path, log=said.append, poll=0.05):
        waited = time.perf_counter() - started
    thread.join(10)
    assert waited >= 0.5
    assert said[0].startswith("[wait ] another build (process ")
    assert said[-1] == "[wait ] the other build has ended; starting"


def test_only_the_temporaries_of_dead_processes_are_removed(tmp_path):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    try:
        live = tmp_path / f".default.tmp{sleeper.pid}.ipynb"
        gone = tmp_path / f".default.tmp{dead}.ipynb"
        live.write_text("{}")
        gone.write_text("{}")
        execute.remove_stale_temporaries(tmp_path)
        assert live.exists()
        assert not gone.exists()
    finally:
        sleeper.kill()


def test_a_reader_never_sees_half_a_manifest(tmp_path):
    big = {"entries": {f"e/{i}": {"status": "ok", "error": "x" * 200} for i in range(300)}}
    stop, bad = threading.Event(), []

    def read() -> None:
        while not stop.is_set():
            try:
                text = (tmp_path / "manifest.json").read_text()
            except FileNotFoundError:
                continue
            try:
                json.loads(text)
            except json.JSONDecodeError:
                bad.append(len(text))

    reader = threading.Thread(target=read)
    reader.start()
    for _ in range(100):
        write_manifest(tmp_path, big)
    stop.set()
    reader.join()
    assert bad == []


# --------------------------------------------------------------------------- the manifest


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x89PNG\r\n\x1a\n\xff\xfe", "not UTF-8"),
        (b"[1, 2, 3]", "top level is a JSON list"),
        (b'{"entries": {"a/default": "ok"}}', "entry 'a/default' is not an object"),
        (b"manifest? what manifest", "not JSON (line 1, column 1"),
    ],
)
def test_a_corrupt_manifest_is_moved_aside_with_a_warning(tmp_path, content, problem):
    (tmp_path / "manifest.json").write_bytes(content)
    said: list[str] = []
    assert read_manifest(tmp_path, log=said.append) == {}
    assert len(said) == 1 and problem in said[0] and "moved aside" in said[0]
    aside = list(tmp_path.glob("manifest.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == content
    assert not (tmp_path / "manifest.json").exists()


def test_an_ok_entry_whose_files_are_gone_is_marked_missing(tmp_path):
    entry = reports.load_plan(_plan(tmp_path))[0]
    records = {entry.key: {"status": "ok", "error": "", "last_good": {"hash": "x"}}}
    reconcile_manifest(records, [entry], tmp_path)
    assert records[entry.key]["status"] == "missing"


# --------------------------------------------------------------------------- the folder


def test_a_folder_that_cannot_be_written_is_refused_before_any_kernel(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    done = subprocess.run(
        [sys.executable, "-m", "kazparl", "build", "--reports-dir", str(blocker / "reports"),
         "--plan", str(_plan(tmp_path))],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "cannot be written (Not a directory); nothing was built" in done.stderr
    assert "Traceback" not in done.stderr and "[start]" not in done.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permissions")
def test_a_read_only_folder_is_refused(tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    out.chmod(0o555)
    try:
        with pytest.raises(lock.NotWritable, match="Permission denied"):
            reports.build(plan=_plan(tmp_path), reports_dir=out, log=lambda *_: None)
    finally:
        out.chmod(0o755)


# --------------------------------------------------------------------------- kill -9


@pytest.mark.slow
def test_kill_9_of_the_build_leaves_no_worker_or_kernel(tmp_path):
    psutil = pytest.importorskip("psutil")
    build = subprocess.Popen(
        [sys.executable, "-m", "kazparl", "build", "--force", "--jobs", "1",
         "--reports-dir", str(tmp_path / "reports"), "--plan", str(_plan(tmp_path))],
        cwd=paths.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    main = psutil.Process(build.pid)
    seen: set = set()

    def is_kernel(p) -> bool:  # a fresh kernel, or one forked by the template
        try:
            command = " ".join(p.cmdline())
            forked = "kazparl.reports.forkserver" in command and p.ppid() != build.pid
            return "ipykernel" in command or forked
        except psutil.Error:
            return False

    deadline = time.time() + 60
    while time.time() < deadline:  # wait for the worker and its kernel
        family = main.children(recursive=True)
        seen |= set(family)
        if any(is_kernel(p) for p in family):
            break
        time.sleep(0.2)
    assert any(is_kernel(p) for p in seen), "no kernel started"
    os.kill(build.pid, signal.SIGKILL)
    build.wait(10)
    _gone, alive = psutil.wait_procs(list(seen), timeout=15)
    assert alive == [], [(p.pid, p.cmdline()) for p in alive]
    assert not list((tmp_path / "reports").glob("data_overview/default.html"))


# --------------------------------------------------------------------------- what it says

TWO = """
[[report]]
notebook = "data_overview"
name = "default"

[[report]]
notebook = "data_overview"
name = "sources"
parameters = { table = "sources" }

[[report]]
notebook = "data_overview"
name = "parties"
parameters = { table = "parties" }
"""


def _build_command(tmp_path: Path, *extra: str) -> list[str]:
    plan = tmp_path / "two.toml"
    plan.write_text(TWO)
    return [sys.executable, "-m", "kazparl", "build", "--plan", str(plan),
            "--reports-dir", str(tmp_path / "reports"), *extra]  # fmt: skip


@pytest.mark.slow
def test_a_build_says_start_when_an_entry_starts_and_nothing_else(tmp_path):
    done = subprocess.run(
        _build_command(tmp_path, "--jobs", "1"), capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    steps = [(line[:7], line[8:].split()[0]) for line in done.stdout.splitlines()
             if line.startswith(("[start]", "[done ]"))]  # fmt: skip
    keys = ["data_overview/default", "data_overview/sources", "data_overview/parties"]
    assert sorted(steps) == sorted([(s, k) for k in keys for s in ("[start]", "[done ]")])
    running, most = set(), 0
    for step, key in steps:
        running = running | {key} if step == "[start]" else running - {key}
        most = max(most, len(running))
    # one worker: an entry starts when the previous one ends (the two lines may cross by
    # milliseconds), never all at once as they are queued
    assert most <= 2
    assert done.stderr == ""  # no kernel log ("[IPKernelApp] ERROR | KeyboardInterrupt ...")


@pytest.mark.slow
def test_ctrl_c_gives_a_short_summary_and_no_tracebacks(tmp_path):
    build = subprocess.Popen(
        _build_command(tmp_path, "--jobs", "2", "--force"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    deadline, line = time.monotonic() + 60, ""
    while "[start]" not in line and time.monotonic() < deadline:
        line = build.stdout.readline()
    time.sleep(1.5)  # kernels are running
    os.killpg(build.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
    out, err = build.communicate(timeout=60)
    assert build.returncode == 130
    assert "Traceback" not in out + err
    assert "not run" in out and "interrupted" in err
    assert len((line + out + err).splitlines()) <= 14
