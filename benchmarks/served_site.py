"""What the browser benchmarks share: a built site served on 127.0.0.1, headless Chromium.

    with chromium_on(site) as (browser, base_url): ...

The site is served from this machine only (nothing else is fetched), with Debian's Chromium
as the tests use it (../shared/TOOLCHAIN.md).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

LESSON_SIX = "lessons/06_training_loop/"


def size(path: Path) -> int:
    """Bytes of a file, or of every file under a folder."""
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_):
        pass


@contextmanager
def chromium_on(site: Path) -> Iterator[tuple[Browser, str]]:
    """Serve ``site`` on a free port of 127.0.0.1; yield Chromium and the site's address."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                yield browser, f"http://127.0.0.1:{server.server_port}/"
            finally:
                browser.close()
    finally:
        server.shutdown()


def lesson_six_started(browser: Browser, base_url: str) -> Page:
    """Lesson 6's page with its in-page Python started (a one-image training starts it);
    prints how long the start took."""
    page = browser.new_page()
    page.goto(base_url + LESSON_SIX, wait_until="load")
    start = time.perf_counter()
    page.evaluate("mnistCourse.train({epochs: 1, images: 32})")
    print(f"start-up (Pyodide, NumPy, wheel, data): {time.perf_counter() - start:.1f} s")
    return page


def print_load() -> None:
    """The load average: the machine's other work inflates wall-clock times."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average (1, 5, 15 min): {load} on {os.cpu_count()} cores")
