"""Time lesson 6's in-page training of a built site in headless Chromium; print the numbers.

    python benchmarks/browser_training.py SITE_DIR [--epochs 10] [--images 10000]

Serves SITE_DIR on 127.0.0.1, opens lesson 6 and trains the network with the reference
functions (mnistCourse.train): prints Python's start-up, each epoch's seconds as the page
measured them, and the bytes the feature adds to the site. A benchmark, not a test: it
asserts nothing, and its numbers depend on the machine's load.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from served_site import chromium_on, lesson_six_started, print_load, size

ADDED = ["assets/inpage"]  # the subset, its script, the panel and its worker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--images", type=int, default=10_000)
    args = parser.parse_args()
    print(f"bytes added by in-page training: {sum(size(args.site / p) for p in ADDED):,}")
    with chromium_on(args.site) as (browser, base_url):
        page = lesson_six_started(browser, base_url)
        start = time.perf_counter()
        options = {"epochs": args.epochs, "images": args.images}
        result = page.evaluate("(options) => mnistCourse.train(options)", options)
        wall = time.perf_counter() - start
        seconds = [row["seconds"] for row in result["history"]]
        print(f"{args.epochs} epochs of {args.images:,} images: {wall:.1f} s wall")
        print("seconds per epoch (in the worker):", ", ".join(f"{s:.2f}" for s in seconds))
        print(f"test accuracy: {result['test_accuracy']:.4f}")
    print_load()


if __name__ == "__main__":
    main()
