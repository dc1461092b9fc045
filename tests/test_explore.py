"""``make explore`` serves the explorer as a web app (issue 19, part 3): in a browser the
controls are drawn and answer, and no code or notebook interface is shown."""

from __future__ import annotations

import os
import signal
import subprocess

import pytest

from kazparl import paths
from tests import browser

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(browser.chromium() is None, reason="needs Chromium"),
]


def _serve_and_render() -> str:
    port = browser.free_port()
    server = subprocess.Popen(
        ["make", "-s", "explore", f"PORT={port}"],
        cwd=paths.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/"
        browser.wait_for_http(url, 90)
        page = browser.rendered(
            url,
            "document.querySelectorAll('select').length >= 2 && document.querySelector('table')",
            timeout=45,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    return page


def test_make_explore_serves_the_explorer_with_its_controls():
    # a kernel that hangs on creating a widget (see tests/test_book.py) is tried again
    for _ in range(3):
        page = _serve_and_render()
        if "<select" in page:
            break
    assert page.count("<select") >= 2  # the election and method controls, the convocation pick
    assert 'value="majilis-2007" selected' in page or ">majilis-2007</option>" in page
    assert "<table" in page  # the seats the controls' first values give
    assert "widgets.interactive(" not in page and "import ipywidgets" not in page  # no code
