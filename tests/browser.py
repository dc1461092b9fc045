"""Headless Chromium for the tests: a page as a browser renders it, after its scripts ran.

``--dump-dom`` returns the page at its load event, before a Voilà page has connected to its
kernel and drawn its widgets; this drives Chromium over its DevTools protocol instead and
waits until a JavaScript condition holds.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request


def chromium() -> str | None:
    """The Chromium executable on this machine, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def rendered(url: str, until: str, timeout: float = 90) -> str:
    """The HTML of ``url`` once the JavaScript expression ``until`` is true."""
    import websockets

    port = free_port()
    profile = tempfile.mkdtemp(prefix="kazparl-chromium-")
    browser = subprocess.Popen(
        [chromium() or "chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
         f"--remote-debugging-port={port}", f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_http(f"http://127.0.0.1:{port}/json/version", 30)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as answer:
            page = next(t for t in json.load(answer) if t["type"] == "page")

        async def drive() -> str:
            async with websockets.connect(page["webSocketDebuggerUrl"], max_size=None) as ws:
                ids = iter(range(1, 10**6))

                async def call(method: str, **params: object) -> dict:
                    n = next(ids)
                    await ws.send(json.dumps({"id": n, "method": method, "params": params}))
                    while True:
                        message = json.loads(await ws.recv())
                        if message.get("id") == n:
                            return message.get("result", {})

                await call("Page.navigate", url=url)
                deadline = time.monotonic() + timeout
                while time.monotonic() < deadline:
                    done = await call("Runtime.evaluate", expression=f"Boolean({until})")
                    if done.get("result", {}).get("value"):
                        break
                    await asyncio.sleep(0.5)
                html = await call(
                    "Runtime.evaluate", expression="document.documentElement.outerHTML"
                )
                return str(html.get("result", {}).get("value", ""))

        return asyncio.run(drive())
    finally:
        browser.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            browser.wait(10)
        shutil.rmtree(profile, ignore_errors=True)
