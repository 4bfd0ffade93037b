"""Time ``write_results``: drawing and saving every figure of the site, light and dark.

    python -m benchmarks.figure_times [--repeats N]     # from the repository's root

Draws from the made-up results of ``tests/test_figures.py`` (two hand-made runs, no
training; imported as ``tests.test_figures``, which running as a module from the root
allows without editing ``sys.path``): the cost of drawing does not depend on how long
the networks trained. Prints the median and the spread of ``repeats`` calls in wall-clock
and in CPU seconds of this process, and the load average: other work on the machine
inflates the wall-clock times much more than the CPU times. A benchmark, not a test: it
asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from mnist_course.site.build_figures import write_results
from tests.test_figures import made_up_results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="calls to time (default 5)")
    args = parser.parse_args()
    results = made_up_results()
    seconds, cpu_seconds = [], []
    with tempfile.TemporaryDirectory() as folder:
        write_results(results, Path(folder))  # warm up: imports, font cache
        for _ in range(args.repeats):
            start, cpu_start = time.perf_counter(), time.process_time()
            metrics = write_results(results, Path(folder))
            seconds.append(time.perf_counter() - start)
            cpu_seconds.append(time.process_time() - cpu_start)
        pngs = sorted(path.name for path in Path(folder).glob("*.png"))
    load = os.getloadavg()[0]
    print(f"write_results: {len(pngs)} PNG files ({len(metrics['figures'])} listed)")
    for label, values in (("wall-clock", seconds), ("CPU", cpu_seconds)):
        print(
            f"{label}: median {statistics.median(values):.2f} s, min {min(values):.2f} s, "
            f"max {max(values):.2f} s over {args.repeats} calls"
        )
    print(f"load average {load:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
