"""The teaching site: it was built (make test builds it first), its internal links resolve, and
headless Chromium loads the landing page and a chapter with its figures."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from kazparl import paths

SITE = paths.ROOT / "book" / "_build" / "html"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def site() -> Path:
    if not (SITE / "index.html").exists():
        message = "the site is not built: run `make book` (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return SITE


def pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if "_static" not in p.parts]


def test_every_chapter_and_page_is_on_the_site(site: Path) -> None:
    chapters = {p.stem for p in (site / "chapters").glob("*.html")}
    assert chapters == {p.stem for p in paths.notebooks()}
    for page in ("intro", "glossary", "exercises", "solutions", "explorer"):
        assert (site / f"{page}.html").exists(), page
    assert (site / "generated" / "data.html").exists()
    assert (site / "generated" / "cite.html").exists()


def test_no_broken_internal_link(site: Path) -> None:
    broken = []
    for page in pages(site):
        for target in re.findall(r'(?:href|src)="([^"]+)"', page.read_text(errors="replace")):
            url = urlparse(target)
            if url.scheme or target.startswith(("#", "mailto:", "data:", "//")):
                continue
            path = unquote(url.path)
            if path and not (page.parent / path).resolve().exists():
                broken.append(f"{page.relative_to(site)} -> {target}")
    assert not broken, "\n".join(broken[:20])


def dump_dom(page: Path, tmp_path: Path) -> str:
    if CHROMIUM is None:
        message = "chromium is not installed (apt-get install chromium; .ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    proc = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_chromium_loads_the_landing_page(site: Path, tmp_path: Path) -> None:
    dom = dump_dom(site / "intro.html", tmp_path)
    assert "in numbers you can check" in dom
    assert 'href="chapters/vote_shares.html"' in dom


def test_chromium_loads_a_chapter_with_its_figures(site: Path, tmp_path: Path) -> None:
    dom = dump_dom(site / "chapters" / "vote_shares.html", tmp_path)
    assert "Vote shares and seats" in dom
    figures = re.findall(r'<img[^>]+src="(?:data:image/png|\.\./_images/)', dom)
    assert len(figures) >= 3


#: A cell that creates an ipywidgets ``interactive`` sometimes never gets its reply under
#: ipykernel 7 (about one run in ten here; the kernel sits idle): a known upstream problem
#: (jupyter/nbclient#312, microsoft/vscode-jupyter#17228). The explorer runs in seconds, so
#: a run that takes longer than this is that hang, and is tried again in a new kernel.
WIDGET_HANG_SECONDS = 45


@pytest.mark.slow
def test_the_explorer_runs_top_to_bottom(tmp_path: Path) -> None:
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    for attempt in range(3):
        try:
            pm.execute_notebook(
                str(paths.ROOT / "book" / "explorer.ipynb"),
                str(tmp_path / f"explorer-{attempt}.ipynb"),
                kernel_name="kazparl",
                progress_bar=False,
                execution_timeout=WIDGET_HANG_SECONDS,
                cwd=str(paths.ROOT / "book"),
            )
            return
        except (CellTimeoutError, PapermillExecutionError) as exc:
            if "timed out" not in str(exc).lower() and not isinstance(exc, CellTimeoutError):
                raise  # a real error in the explorer fails at once
    pytest.fail("the explorer hung in three kernels in a row")


def test_the_explorer_page_shows_a_still_picture_and_how_to_open_it_live(site: Path) -> None:
    page = (site / "explorer.html").read_text(encoding="utf-8")
    assert "make explore" in re.sub(r"<[^>]+>", "", page)  # how to open it live
    # without a kernel the widgets cannot draw; the first values' tables are there instead
    assert page.count("<table") >= 2
