"""The report runner end to end: incremental, atomic, honest about failures, safe to interrupt.

One module-scoped build on a copy of the data; each test then changes one thing. Kernels run
here, so these tests take seconds each.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kazparl import paths, reports

pytestmark = pytest.mark.slow

PLAN = """
[[report]]
notebook = "data_overview"
name = "default"

[[report]]
notebook = "data_overview"
name = "flip"
parameters = {{ table = "{table}" }}
"""
SCRIPT_TITLE = "<script>alert('kazparl')</script>"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("site")
    data = root / "data"
    shutil.copytree(paths.ROOT / "data", data)
    # A hostile string in the most cited source's title must show as text in every report.
    sources = data / "sources.csv"
    text = sources.read_text()
    old = "Parliament and Political Parties in Kazakhstan (Silk Road Paper)"
    assert old in text
    sources.write_text(text.replace(old, SCRIPT_TITLE, 1))
    plan = root / "plan.toml"
    plan.write_text(PLAN.format(table="sources"))
    out = root / "reports"
    saved = os.environ.get("KAZPARL_DATA")
    os.environ["KAZPARL_DATA"] = str(data)
    outcomes = reports.build(plan=plan, reports_dir=out, jobs=2, log=lambda *_: None)
    yield {"root": root, "plan": plan, "out": out, "first": outcomes}
    if saved is None:
        os.environ.pop("KAZPARL_DATA", None)
    else:
        os.environ["KAZPARL_DATA"] = saved


def test_cold_build_writes_notebooks_html_and_index(site) -> None:
    assert [o.status for o in site["first"]] == ["built", "built"]
    out = site["out"]
    for name in ("default", "flip"):
        assert (out / "data_overview" / f"{name}.ipynb").exists()
        page = (out / "data_overview" / f"{name}.html").read_text()
        assert 'href="' + name + '.ipynb"' in page  # link to the executed notebook
        assert "from kazparl import" not in page  # code hidden for readers
    index = (out / "index.html").read_text()
    assert 'href="data_overview/flip.html"' in index and index.count('class="ok"') == 2
    assert paths.data_version(Path(os.environ["KAZPARL_DATA"])) in index


def test_data_strings_are_escaped_in_reports(site) -> None:
    page = (site["out"] / "data_overview" / "default.html").read_text()
    assert "&lt;script&gt;alert(&#x27;kazparl&#x27;)&lt;/script&gt;" in page or (
        "&lt;script&gt;alert('kazparl')&lt;/script&gt;" in page
    )
    assert SCRIPT_TITLE not in page


def test_unchanged_entries_are_skipped(site) -> None:
    started = time.perf_counter()
    outcomes = reports.build(plan=site["plan"], reports_dir=site["out"], log=lambda *_: None)
    assert [o.status for o in outcomes] == ["skipped", "skipped"]
    assert time.perf_counter() - started < 1.0


def test_a_failing_entry_keeps_its_last_good_report_and_the_others_build(site) -> None:
    out, plan = site["out"], site["plan"]
    good = (out / "data_overview" / "flip.html").read_bytes()
    plan.write_text(PLAN.format(table="no_such_table"))
    outcomes = reports.build(plan=plan, reports_dir=out, log=lambda *_: None)
    assert [o.status for o in outcomes] == ["skipped", "failed"]
    assert reports.main_exit_code(outcomes) == 1
    # an unknown table is an unknown id: UnknownIdError, the ParameterError of ids
    assert "UnknownIdError" in outcomes[1].error and "choose one of: sources" in outcomes[1].error
    assert (out / "data_overview" / "flip.html").read_bytes() == good
    assert (out / "data_overview" / "flip.failed.ipynb").exists()
    index = (out / "index.html").read_text()
    assert 'class="failed"' in index and "showing the last good report" in index
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["entries"]["data_overview/flip"]["status"] == "failed"


def test_the_command_exits_non_zero_with_a_summary(site) -> None:
    env = dict(os.environ)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kazparl",
            "build",
            "--plan",
            str(site["plan"]),
            "--reports-dir",
            str(site["out"]),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 1
    assert "data_overview/flip" in proc.stdout and "failed" in proc.stdout
    assert "1 skipped, 1 failed" in proc.stdout.replace("0 built, ", "")


def test_an_interrupted_build_leaves_earlier_reports_intact(site) -> None:
    out, plan = site["out"], site["plan"]
    plan.write_text(PLAN.format(table="sources"))
    before = {p: p.read_bytes() for p in (out / "data_overview").glob("*.html")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kazparl",
            "build",
            "--force",
            "--plan",
            str(plan),
            "--reports-dir",
            str(out),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    deadline = time.monotonic() + 60
    line = ""
    while "[start]" not in line and time.monotonic() < deadline:
        line = proc.stdout.readline()
    time.sleep(2.0)  # kernels are running now
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "interrupted" in err
    assert {p: p.read_bytes() for p in (out / "data_overview").glob("*.html")} == before
    assert not list(out.rglob(".*.tmp*")), "temporary files left behind"
    assert (out / "index.html").exists()


def test_a_small_plan_builds_end_to_end_on_the_real_data(tmp_path) -> None:
    """The runner end to end on the real data, on a small plan. Every entry of the real plan
    runs in the tests elsewhere, once each: the defaults are the stored notebooks (nbval),
    the other entries are built and read by tests/test_report_content.py."""
    plan = tmp_path / "plan.toml"
    plan.write_text(
        '[[report]]\nnotebook = "data_overview"\nname = "default"\n\n'
        '[[report]]\nnotebook = "vote_shares"\nname = "majilis-2023"\n'
        'parameters = { election = "majilis-2023" }\n'
    )
    saved = os.environ.pop("KAZPARL_DATA", None)
    try:
        outcomes = reports.build(
            plan=plan, reports_dir=tmp_path / "reports", jobs=2, log=lambda *_: None
        )
    finally:
        if saved is not None:
            os.environ["KAZPARL_DATA"] = saved
    failed = {o.entry.key: o.error for o in outcomes if o.status != "built"}
    assert not failed
