"""Time every lesson, run top to bottom in full mode as the site build runs it.

    python benchmarks/lesson_times.py [--quick] [--cold] [LESSON ...]

Runs the lessons one at a time (as the site build does), each in a fresh
kernel through ``build_lessons.execute``, and prints one row per lesson: wall seconds, CPU
seconds (this process and the lesson's kernel, which is its child), and the load average
when it started (a loaded machine inflates wall time; CPU time much less). With ``--cold``
the shared Keras run of lessons 6 and 7 is trained again, as on a learner's first run;
otherwise whatever is in the course's cache is used. A benchmark, not a test: it asserts
nothing, and its numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from mnist_course.site import build_lessons

LESSONS = Path(__file__).resolve().parent.parent / "lessons"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="lesson numbers (default: all)")
    parser.add_argument("--quick", action="store_true", help="quick mode (MNIST_COURSE_QUICK)")
    parser.add_argument("--cold", action="store_true", help="start from an empty cache")
    args = parser.parse_args()
    paths = sorted(LESSONS.glob("[0-9][0-9]_*.py"))
    if args.lessons:
        paths = [path for path in paths if str(int(path.name[:2])) in args.lessons]
    if args.cold:
        os.environ["MNIST_COURSE_CACHE_DIR"] = tempfile.mkdtemp(prefix="mnist-course-cache-")
    mode = "quick" if args.quick else "full"
    print(f"{platform.machine()}, {os.cpu_count()} CPUs, {mode} mode, one lesson at a time")
    print(f"{'lesson':<24}{'wall s':>9}{'CPU s':>9}{'load at start':>15}")
    total_wall = total_cpu = 0.0
    for path in paths:
        load = os.getloadavg()[0]
        start, cpu_start = time.perf_counter(), cpu_seconds()
        build_lessons.execute(path, quick=args.quick)
        wall, cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
        total_wall, total_cpu = total_wall + wall, total_cpu + cpu
        print(f"{path.stem:<24}{wall:>9.1f}{cpu:>9.1f}{load:>15.2f}", flush=True)
    print(f"{'all':<24}{total_wall:>9.1f}{total_cpu:>9.1f}")


def cpu_seconds() -> float:
    """User and system CPU seconds of this process and its finished children (the kernels)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


if __name__ == "__main__":
    main()
