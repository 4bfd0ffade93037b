"""Time lesson 6's in-page training of a built site in headless Chromium; print the numbers.

    python benchmarks/browser_training.py SITE_DIR [--epochs 10] [--images 10000]

Serves SITE_DIR on 127.0.0.1, opens lesson 6 and trains the network with the reference
functions (mnistCourse.train): prints Python's start-up, each epoch's seconds as the page
measured them, and the bytes the feature adds to the site. A benchmark, not a test: it
asserts nothing, and its numbers depend on the machine's load.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ADDED = ["assets/inpage"]  # the subset, its script, the panel and its worker


def size(path: Path) -> int:
    files = path.rglob("*") if path.is_dir() else [path]
    return sum(file.stat().st_size for file in files if file.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--images", type=int, default=10_000)
    args = parser.parse_args()
    print(f"bytes added by in-page training: {sum(size(args.site / p) for p in ADDED):,}")

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
        start = time.perf_counter()
        options = {"epochs": args.epochs, "images": args.images}
        result = page.evaluate("(options) => mnistCourse.train(options)", options)
        wall = time.perf_counter() - start
        seconds = [row["seconds"] for row in result["history"]]
        print(f"{args.epochs} epochs of {args.images:,} images: {wall:.1f} s wall")
        print("seconds per epoch (in the worker):", ", ".join(f"{s:.2f}" for s in seconds))
        print(f"test accuracy: {result['test_accuracy']:.4f}")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
