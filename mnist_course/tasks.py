"""The README's two commands, the same on every OS: ``mnist-course course`` and
``mnist-course test``.

``course`` is the site build (``mnist-course site``) under the name a learner meets
first. ``test`` lints with ruff, then runs pytest in a fresh interpreter with
``-X warn_default_encoding`` so that a text file opened without ``encoding=`` (which
means the ANSI code page on Windows) fails the suite on every OS, not only on Windows,
and on two worker processes (pytest-xdist) where the machine has two cores or more.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

# pytest's exit status when it collected no test: for this command a failure, because a
# test run that ran nothing has proved nothing.
PYTEST_NO_TESTS = 5

# Worker processes for pytest: two, measured on a 2-core machine (docs/contributing.md);
# more would each hold TensorFlow and a Chromium, for little gain on a laptop.
MAX_WORKERS = 2

LINT_STEPS = (
    ("ruff check", ["-m", "ruff", "check", "."]),
    ("ruff format --check", ["-m", "ruff", "format", "--check", "."]),
)


def run_tests(args: argparse.Namespace) -> int:
    """Lint, then the test suite; extra arguments go to pytest (``-m "not slow"``, ``-k``)."""
    if not Path("pyproject.toml").is_file() or not Path("tests").is_dir():
        raise FileNotFoundError("run this from the course's root folder (pyproject.toml, tests/)")
    if not args.no_lint:
        for name, command in LINT_STEPS:
            print(f"== {name}", flush=True)
            status = subprocess.call([sys.executable, *command])
            if status != 0:
                print(f"error: {name} failed (exit {status}); `ruff format .` fixes formatting")
                return status
    print("== pytest", flush=True)
    workers = args.workers if args.workers is not None else min(MAX_WORKERS, os.cpu_count() or 1)
    chosen = any(arg.startswith(("-n", "--numprocesses", "no:xdist")) for arg in args.pytest_args)
    parallel = [] if chosen or workers < 2 else ["-n", str(workers)]
    # The variable, not only the -X flag: xdist's workers inherit it with the environment.
    environment = {**os.environ, "PYTHONWARNDEFAULTENCODING": "1"}
    status = subprocess.call(
        [
            sys.executable,
            "-X",
            "warn_default_encoding",
            "-m",
            "pytest",
            *parallel,
            *args.pytest_args,
        ],
        env=environment,
    )
    if status == PYTEST_NO_TESTS:
        print("error: pytest collected no test: check the -k / -m expression")
    return status


def add_test_command(commands: argparse._SubParsersAction) -> None:
    test = commands.add_parser(
        "test",
        help="lint with ruff, then run the test suite (extra arguments go to pytest)",
        description="Lint with ruff, then run pytest; arguments after the options go to "
        'pytest, for example: mnist-course test -m "not slow".',
    )
    test.add_argument("--no-lint", action="store_true", help="skip ruff, run only pytest")
    test.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help=f"pytest worker processes (default: {MAX_WORKERS}, or 1 on a 1-core machine; "
        "1 runs every test in one process)",
    )
    test.set_defaults(handler=run_tests)
