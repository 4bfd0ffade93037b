"""Time the in-page exercise checks of a built site in headless Chromium; print them.

    python benchmarks/browser_checks.py SITE_DIR [--repeat 3]

Serves SITE_DIR on 127.0.0.1, opens lesson 3 in a fresh browser each time, and measures:
starting Python (Pyodide, NumPy and the course's wheels, in the worker), the first check,
and ten later checks. Also prints the bytes the in-page Python adds to the site. A
benchmark, not a test: it asserts nothing, and its numbers depend on the machine's load.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from served_site import chromium_on, print_load, size

ADDED = ["assets/exercises", "generated/exercises-data.js", "assets/theme/accessibility.js"]
RELU = "def relu(z):\n    return np.maximum(z, 0)\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    added = sum(size(args.site / part) for part in ADDED)
    print(f"bytes added by the in-page Python: {added:,} of {size(args.site):,}")

    with chromium_on(args.site) as (browser, base_url):
        url = base_url + "lessons/03_forward_pass/"
        for attempt in range(1, args.repeat + 1):
            page = browser.new_page()
            page.goto(url, wait_until="load")
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
    print_load()


if __name__ == "__main__":
    main()
