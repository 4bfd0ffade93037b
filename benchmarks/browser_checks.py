"""Time the in-page exercise checks of a built site in headless Chromium; print them.

    python benchmarks/browser_checks.py SITE_DIR [--repeat 3]

Serves SITE_DIR on 127.0.0.1, opens lesson 3 in a fresh browser each time, and measures:
starting Python (Pyodide, NumPy and the course's wheels, in the worker), the first check,
and ten later checks. Also prints the bytes the in-page Python adds to the site. A
benchmark, not a test: it asserts nothing, and its numbers depend on the machine's load.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import statistics
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ADDED = ["assets/exercises", "generated/exercises-data.js", "assets/theme/accessibility.js"]
RELU = "def relu(z):\n    return np.maximum(z, 0)\n"


def size(path: Path) -> int:
    files = path.rglob("*") if path.is_dir() else [path]
    return sum(file.stat().st_size for file in files if file.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    added = sum(size(args.site / part) for part in ADDED)
    print(f"bytes added by the in-page Python: {added:,} of {size(args.site):,}")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *_):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(args.site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/lessons/03_forward_pass/"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        for attempt in range(1, args.repeat + 1):
            page = browser.new_page()
            page.goto(url, wait_until="networkidle")
            start = time.perf_counter()
            page.evaluate("mnistCourse.hint('relu', 1)")  # starts Python, checks nothing
            started = time.perf_counter() - start
            start = time.perf_counter()
            page.evaluate("c => mnistCourse.check('relu', c)", RELU)
            first = time.perf_counter() - start
            later = []
            for _ in range(10):
                start = time.perf_counter()
                page.evaluate("c => mnistCourse.check('relu', c)", RELU)
                later.append(time.perf_counter() - start)
            print(
                f"run {attempt}: Python started in {started:.1f} s; first check {first:.2f} s "
                f"(so {started + first:.1f} s from the click); later checks median "
                f"{statistics.median(later):.3f} s, max {max(later):.3f} s"
            )
            page.close()
        browser.close()
    server.shutdown()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average: {load} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
