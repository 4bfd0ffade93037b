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
import json
import time
from pathlib import Path

from served_site import chromium_on, lesson_six_started, print_load, size

INPAGE = "assets/inpage"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    folder = args.site / INPAGE
    about = json.loads((folder / "keras-ladder.json").read_text(encoding="utf-8"))
    recorded = {entry["file"]: entry["bytes"] for entry in about["files"].values()}
    recorded["keras-ladder.json"] = size(folder / "keras-ladder.json")
    for name, bytes_ in recorded.items():
        print(f"{name}: {bytes_:,} bytes")
    print(f"Keras's recorded side adds {sum(recorded.values()):,} bytes to the site")
    print(f"{INPAGE}/ in all (digits, recordings, panel, worker): {size(folder):,} bytes")
    with chromium_on(args.site) as (browser, base_url):
        page = lesson_six_started(browser, base_url)
        for dtype in ("float32", "float64"):
            for run in range(1, args.repeat + 1):
                start = time.perf_counter()
                result = page.evaluate("(o) => mnistCourse.parity(o)", {"dtype": dtype})
                wall = time.perf_counter() - start
                first = " (with loading its recording)" if run == 1 else ""
                verdict = "passed" if result["passed"] else "FAILED"
                print(f"ladder, {dtype}, run {run}: {wall:.1f} s wall{first}; {verdict}")
    print_load()


if __name__ == "__main__":
    main()
