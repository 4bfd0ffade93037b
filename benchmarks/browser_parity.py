"""Time lesson 6's in-page parity ladder of a built site in headless Chromium; print the numbers.

    python benchmarks/browser_parity.py SITE_DIR [--repeat 2]

Serves SITE_DIR on 127.0.0.1, opens lesson 6 and runs the ladder (mnistCourse.parity) on
the reference functions in float32 and float64: prints Python's start-up, each ladder's
seconds, the bytes Keras's recorded side adds to the site, and the load average (the
machine's other work inflates wall-clock times). A benchmark, not a test: it asserts nothing,
and its numbers depend on the machine's load.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

INPAGE = "assets/inpage"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    folder = args.site / INPAGE
    about = json.loads((folder / "keras-ladder.json").read_text(encoding="utf-8"))
    recorded = {entry["file"]: entry["bytes"] for entry in about["files"].values()}
    recorded["keras-ladder.json"] = (folder / "keras-ladder.json").stat().st_size
    for name, size in recorded.items():
        print(f"{name}: {size:,} bytes")
    print(f"Keras's recorded side adds {sum(recorded.values()):,} bytes to the site")
    everything = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    print(f"{INPAGE}/ in all (digits, recordings, panel, worker): {everything:,} bytes")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *_):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(args.site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/lessons/06_training_loop/"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.goto(url, wait_until="networkidle")
        start = time.perf_counter()
        page.evaluate("mnistCourse.train({epochs: 1, images: 32})")  # starts Python
        print(f"start-up (Pyodide, NumPy, wheel, data): {time.perf_counter() - start:.1f} s")
        for dtype in ("float32", "float64"):
            for run in range(1, args.repeat + 1):
                start = time.perf_counter()
                result = page.evaluate("(o) => mnistCourse.parity(o)", {"dtype": dtype})
                wall = time.perf_counter() - start
                first = " (with loading its recording)" if run == 1 else ""
                verdict = "passed" if result["passed"] else "FAILED"
                print(f"ladder, {dtype}, run {run}: {wall:.1f} s wall{first}; {verdict}")
        browser.close()
    server.shutdown()
    print("load average (1, 5, 15 min): " + ", ".join(f"{v:.1f}" for v in os.getloadavg()))


if __name__ == "__main__":
    main()
